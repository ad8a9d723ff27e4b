//! Steps 3 to 5: one model, its settings, Train/Stop/Reset, and what training shows: the loss of
//! every batch, the book's table of epochs, the first layer's weights and (for ten digits) the
//! confusion matrix.

use super::confusion::ConfusionTable;
use super::model_run::{Finish, ModelRun};
use super::pair_picker::PairPicker;
use super::pictures::{Picture, signed};
use super::rate_finder::RateFinder;
use super::seven_steps::SevenSteps;
use super::state::{DataState, DigitsLab, model_heading_id};
use crate::format;
use crate::plots::history_chart::{self, Curve};
use crate::run_loop::RunState;
use crate::schedule_panel::SchedulePanel;
use crate::widgets::{
    AsCode, Choice, EarlyStoppingControl, OptimizerPicker, Parameters, PlotCanvas, SettingBox,
    SettingSlider, caption,
};
use descent_core::digits::ModelKind;
use descent_core::digits::setup::{
    BATCH_SIZES, EPOCHS, HIDDEN, LEARNING_RATES, PATIENCE_RANGE, SEEDS,
};
use descent_core::digits::state_dict::parameters;
use leptos::prelude::*;
use protocol::files::{Model, Program};

/// Early stopping's patience when it is switched on, in epochs.
const DEFAULT_PATIENCE: usize = 2;

#[component]
pub fn TrainingPanel(
    kind: ModelKind,
    title: Signal<String>,
    intro: Signal<String>,
) -> impl IntoView {
    let lab = expect_context::<DigitsLab>();
    let model = lab.model(kind);
    let id = model_heading_id(kind);
    let ready = move || lab.is_loaded();
    let busy = move || model.run.is_busy();
    let time_epoch = move || {
        if kind == ModelKind::Convolutional {
            lab.time_batch(model);
        }
    };
    view! {
        <section
            class="digits-panel training"
            aria-labelledby=id.clone()
            data-model=id.clone()
            // A learner about to train the convolutional net (pointing at or tabbing into its
            // panel) learns how long an epoch takes here; timing costs the worker two batches.
            on:pointerenter=move |_| time_epoch()
            on:focusin=move |_| time_epoch()
        >
            <h3 id=id.clone()>{move || title.get()}</h3>
            {(kind.outputs() == 1).then(|| view! { <PairPicker /> })}
            <p class="hint">
                {move || intro.get()} " Model: " {move || kind.shape(model.hidden.get())} ". "
                <Parameters count=Signal::derive(move || parameters(kind, model.hidden.get())) />
                "."
            </p>
            <Settings model />
            <Optimization model />
            <RateFinder model />
            {(kind == ModelKind::AllDigits).then(|| view! { <LargeBatchPreset /> })}
            <div class="buttons">
                <button on:click=move |_| lab.train(model) disabled=move || !ready() || busy()>
                    "Train"
                </button>
                <button on:click=move |_| lab.stop(model) disabled=move || !model.run.is_running()>
                    "Stop"
                </button>
                <button on:click=move |_| lab.reset(model) disabled=move || !ready()>
                    "Reset"
                </button>
            </div>
            {(kind == ModelKind::Convolutional).then(|| view! { <EpochTime model /> })}
            <Progress model />
            {(kind != ModelKind::Convolutional).then(|| view! { <SevenSteps model /> })}
            <div class="training-views">
                <LossChart model />
                <Weights model />
            </div>
            <EpochTable model />
            {move || model.confusion().map(|matrix| view! { <ConfusionTable matrix /> })}
            <AsCode
                file_name=match kind {
                    ModelKind::Linear => "descent_digits_linear.py",
                    ModelKind::SimpleNet => "descent_digits_simple_net.py",
                    ModelKind::AllDigits => "descent_digits_all_digits.py",
                    ModelKind::Convolutional => "descent_digits_cnn.py",
                }
                about="This rung in PyTorch: MNIST read from its IDX files (give the folder with --mnist), the same model, loss, optimizer, schedule, batches from a DataLoader, epochs and early stopping. The weights are this rung's model as last exported (after each epoch, and on Stop)."
                program=Memo::new(move |_| {
                    Program::Digits(kind, model.settings.get(), model.pair.get())
                })
                weights=Callback::new(move |()| {
                    lab.own_models.with_untracked(|models| {
                        models
                            .iter()
                            .find(|(k, _)| *k == kind)
                            .map(|(_, net)| Model::Digits((**net).clone()))
                    })
                })
            />
        </section>
    }
}

/// Learning rate (log slider), batch size, epochs, hidden units and seed. Hidden units and seed
/// shape a new model, so changing them resets it.
#[component]
fn Settings(model: ModelRun) -> impl IntoView {
    let lab = expect_context::<DigitsLab>();
    let training = move || model.run.is_busy();
    let reshape = move || {
        if !training() {
            lab.reset(model);
        }
    };
    view! {
        <div class="model-settings">
            <label class="rate">
                {caption(&LEARNING_RATES[0])} " (a schedule's peak) "
                <SettingSlider
                    setup=model.setup()
                    number=LEARNING_RATES[model.kind.index()]
                    text=format::significant
                    // Three significant digits, so the rates the book uses can be hit exactly.
                    snap=|rate| format::significant(rate).parse().unwrap_or(rate)
                />
            </label>
            <Choice
                label="batch size"
                caption="Batch size "
                options=BATCH_SIZES.to_vec()
                key=|size| size.to_string()
                show=|size| size.to_string()
                value=model.batch_size
                on_set=Callback::new(move |size| {
                    model.set(|r| r.batch_size = size);
                    if model.kind == ModelKind::Convolutional {
                        lab.time_batch(model);
                    }
                })
            />
            <SettingBox setup=model.setup() number=EPOCHS[model.kind.index()] />
            <Show when=move || model.kind.has_hidden_layer()>
                <SettingBox
                    setup=model.setup()
                    number=HIDDEN[model.kind.index()]
                    disabled=Signal::derive(training)
                    on_change=Callback::new(move |()| reshape())
                />
            </Show>
            <Show when=move || model.kind == ModelKind::Convolutional>
                <label class="inline">
                    <input
                        type="checkbox"
                        prop:checked=model.augment
                        disabled=training
                        on:change=move |event| {
                            model.set(|r| r.augment = event_target_checked(&event));
                            reshape();
                        }
                    />
                    " Distort the training digits (rotate, scale, shear, shift, thicken or thin them afresh each epoch)"
                </label>
            </Show>
            <SettingBox
                setup=model.setup()
                number=SEEDS[model.kind.index()]
                disabled=Signal::derive(training)
                on_change=Callback::new(move |()| reshape())
            />
        </div>
    }
}

/// The optimizer, the rate's schedule over the run, and early stopping.
#[component]
fn Optimization(model: ModelRun) -> impl IntoView {
    let lab = expect_context::<DigitsLab>();
    let name = model.kind.key();
    let busy = Signal::derive(move || model.run.is_busy());
    view! {
        <div class="model-optimization">
            <OptimizerPicker
                label=format!("{name} optimizer")
                value=model.optimizer
                on_set=Callback::new(move |o| model.set(|r| r.optimizer = o))
                disabled=busy
            />
            <SchedulePanel
                label=format!("{name} schedule")
                plan=Signal::derive(move || lab.rate_plan(model))
                current=Signal::derive(move || model.run.is_running().then(|| model.run_batch.get()))
                on_set=Callback::new(move |schedule| model.set(|r| r.schedule = schedule))
                disabled=busy
            />
            <EarlyStoppingControl
                label=format!("{name} early stopping")
                watched="validation"
                unit="epochs"
                restored="the weights"
                patience=model.patience
                range=PATIENCE_RANGE
                default=DEFAULT_PATIENCE
                on_set=Callback::new(move |n| model.set(|r| r.patience = n))
                disabled=busy
            />
        </div>
    }
}

/// HOML's large batches and warm-up, one click.
#[component]
fn LargeBatchPreset() -> impl IntoView {
    let lab = expect_context::<DigitsLab>();
    let model = lab.model(ModelKind::AllDigits);
    view! {
        <div class="presets" role="group" aria-label="large batch preset">
            <button
                on:click=move |_| lab.large_batch_preset()
                disabled=move || !lab.is_loaded() || model.run.is_busy()
            >
                "Preset: a large batch, without and with warm-up"
            </button>
            <span class="hint">
                "Trains this model for an epoch at a batch of 1,024 and a rate of 1, ten times its usual, first at that rate throughout (grey), then from the same start warming up to it (blue). Without warm-up the first big steps, taken while the gradients are still wild, throw the loss back up."
            </span>
        </div>
    }
}

/// Where training is: epoch and batch, the latest batch's loss and accuracy, or why it stopped.
#[component]
fn Progress(model: ModelRun) -> impl IntoView {
    let lab = expect_context::<DigitsLab>();
    let fraction = move || {
        let (_, batch, per_epoch) = model.position.get();
        if per_epoch == 0 {
            0.0
        } else {
            batch as f64 / per_epoch as f64
        }
    };
    let text = move || {
        let (epoch, batch, per_epoch) = model.position.get();
        let position = if per_epoch == 0 {
            String::new()
        } else {
            format!("Epoch {} · batch {batch} of {per_epoch}", epoch + 1)
        };
        let batch = model.last_batch.get().map_or(String::new(), |b| {
            format!(
                " · batch loss {} · batch accuracy {}",
                format::significant(b.loss),
                format::accuracy(b.accuracy)
            )
        });
        let state = match (lab.data.get(), model.run.state.get()) {
            (DataState::Ready(_), RunState::Idle) if position.is_empty() => {
                "Ready: press Train.".to_string()
            }
            (DataState::Ready(_), RunState::Idle) => "Ready.".into(),
            (_, RunState::Failed(message)) => format!("Training failed: {message}"),
            (DataState::Ready(_), RunState::Stepping | RunState::Running) => "Training…".into(),
            (DataState::Ready(_), RunState::Stopping) => "Stopping…".into(),
            (DataState::Ready(_), RunState::Stopped) => "Stopped.".into(),
            (DataState::Ready(_), RunState::Finished(Finish::Epochs)) => "Finished.".into(),
            (DataState::Ready(_), RunState::Finished(Finish::EarlyStopped(stopped))) => format!(
                "Early stopping: the validation loss had not improved for {} epochs, so training stopped after epoch {} and went back to the weights of epoch {} (validation loss {}).",
                stopped.at - stopped.best_at,
                stopped.at,
                stopped.best_at,
                format::significant(stopped.best_loss),
            ),
            (DataState::Ready(_), RunState::Finished(Finish::Diverged)) => {
                "The loss blew up: the learning rate is too high. Lower it; Train starts a fresh model.".into()
            }
            _ => "Waiting for the data.".into(),
        };
        format!("{state} {position}{batch}")
    };
    let alarm = move || {
        matches!(
            model.run.state.get(),
            RunState::Finished(Finish::Diverged) | RunState::Failed(_)
        )
    };
    let accuracy = move || {
        model.epoch_rows.with(|rows| {
            rows.last().map(|row| {
                format!(
                    "Validation accuracy after epoch {}: {}",
                    row.epoch,
                    format::accuracy(row.validation.accuracy)
                )
            })
        })
    };
    view! {
        <progress class="epoch-progress" max="1" value=fraction aria-label="epoch progress"></progress>
        <p class="train-status" class:alarm=alarm role="status">{text}</p>
        <p class="valid-accuracy">{accuracy}</p>
    }
}

/// An epoch's training time, scaled for its validation: forward passes over 10,000 test digits
/// cost about a third of a training pass's each, over a sixth as many digits.
const WITH_VALIDATION: f64 = 1.06;

/// How long an epoch takes here, from a batch timed on this backend before training starts.
#[component]
fn EpochTime(model: ModelRun) -> impl IntoView {
    let lab = expect_context::<DigitsLab>();
    let text = move || match model.batch_time.get() {
        Some(time) => format!(
            "On this backend a batch of {} takes {} ms, so an epoch ({} batches, then the 10,000 test digits) takes about {}.",
            time.batch_size,
            (time.seconds * 1000.0).round(),
            time.batches_per_epoch,
            format::duration(time.seconds * time.batches_per_epoch as f64 * WITH_VALIDATION)
        ),
        None if lab.is_loaded() => "Timing a batch on this backend…".into(),
        None => {
            "Once MNIST is loaded, a batch is timed here to say how long an epoch takes.".into()
        }
    };
    view! { <p class="epoch-time" role="note">{text}</p> }
}

#[component]
fn LossChart(model: ModelRun) -> impl IntoView {
    let loss_name = match model.kind.outputs() {
        1 => "mnist_loss",
        _ => "cross-entropy",
    };
    view! {
        <figure class="plot">
            <PlotCanvas
                width=440
                height=240
                label=Signal::derive(move || {
                    format!("training loss of {} batches", model.batches.get())
                })
                snapshot=move || {
                    let losses = model.losses.with(|l| l.points().to_vec());
                    let earlier = model.comparison.get().map(|c| c.losses);
                    let mark = model.early_stop().and_then(|stopped| {
                        model.epoch_rows.with(|rows| {
                            rows.iter().find(|r| r.epoch == stopped.best_at).map(|r| r.batch)
                        })
                    });
                    Some((losses, earlier, mark))
                }
                draw=move |canvas, (losses, earlier, mark)| {
                    let mut curves = Vec::new();
                    if let Some(earlier) = &earlier {
                        curves.push(Curve { points: earlier, colour: history_chart::GREY });
                    }
                    curves.push(Curve { points: &losses, colour: history_chart::BLUE });
                    history_chart::draw_curves(canvas, &curves, mark, "batch", loss_name)
                }
            />
            <figcaption>
                "Training loss of every mini-batch (blue)"
                {move || model.comparison.get().map(|c| format!("; grey: the run before, at a {}", c.name))}
                {move || model.early_stop().map(|_| "; green: the epoch early stopping went back to")}
                "."
            </figcaption>
        </figure>
    }
}

/// The first layer's weights, one image per unit (28×28) or filter (5×5).
#[component]
fn Weights(model: ModelRun) -> impl IntoView {
    let count = move || model.weights.with(|w| w.as_ref().map_or(0, |w| w.count));
    let side = match model.kind {
        ModelKind::Convolutional => descent_core::digits::KERNEL,
        _ => descent_core::mnist::SIDE,
    };
    let image = move |unit: usize| {
        Signal::derive(move || {
            model.weights.with(|w| {
                w.as_ref()
                    .filter(|w| unit < w.count && w.side == side)
                    .map(|w| signed(&w.values[unit * side * side..(unit + 1) * side * side]))
            })
        })
    };
    let (name, caption) = match model.kind {
        ModelKind::Convolutional => (
            "filter",
            "First-layer filters as 5×5 images: each is slid over the digit; blue pixels add where there is ink, red subtract.",
        ),
        _ => (
            "unit",
            "First-layer weights as 28×28 images: blue pixels push a unit's output up, red down.",
        ),
    };
    view! {
        <figure class="weights">
            <div class="weight-grid">
                {move || {
                    // The linear model's single image is shown large.
                    let class = if count() == 1 { "picture large" } else { "picture weight" };
                    (0..count())
                        .map(|unit| {
                            view! {
                                <Picture
                                    rgba=image(unit)
                                    side=side as u32
                                    label=format!("weights of {name} {}", unit + 1)
                                    class
                                />
                            }
                        })
                        .collect_view()
                }}
            </div>
            <figcaption>{caption}</figcaption>
        </figure>
    }
}

/// The book's table: one row per epoch.
#[component]
fn EpochTable(model: ModelRun) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="epochs" aria-label="epochs">
                <thead>
                    <tr>
                        <th>"epoch"</th>
                        <th>"rate"</th>
                        <th>"train loss"</th>
                        <th>"train accuracy"</th>
                        <th>"validation loss"</th>
                        <th>"validation accuracy"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        model
                            .epoch_rows
                            .get()
                            .into_iter()
                            .map(|row| {
                                view! {
                                    <tr>
                                        <td>{row.epoch}</td>
                                        <td>{format::number(row.learning_rate)}</td>
                                        <td>{format::significant(row.train_loss)}</td>
                                        <td>{format::accuracy(row.train_accuracy)}</td>
                                        <td>{format::significant(row.validation.loss)}</td>
                                        <td>{format::accuracy(row.validation.accuracy)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}
