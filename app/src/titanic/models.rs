//! The three models: each with its epochs and learning rate, a Train button, its loss curves,
//! its validation accuracy, and for the linear model its coefficient per column.

use super::cleaning::Table;
use super::state::{Model, TitanicLab};
use crate::format;
use crate::plots::history_chart::{self, BLUE, Curve, GREY};
use crate::widgets::{AsCode, Parameters, PlotCanvas, SettingBox};
use descent_core::titanic::setup::{
    AGE, CLASSES, EPOCHS, FARE, PARENTS_CHILDREN, RATES, SIBLINGS_SPOUSES,
};
use descent_core::titanic::{ModelKind, SEED, TRAIN_SHARE, TrainingReport, split};
use leptos::prelude::*;
use protocol::files::{self, Program};

#[component]
pub fn ModelPanels() -> impl IntoView {
    let lab = expect_context::<TitanicLab>();
    let loaded = move || matches!(lab.data.get(), super::state::Data::Loaded { .. });
    view! {
        <p class="hint">
            {format!(
                "Each model is trained by gradient descent on the whole training split at once, one step per epoch, from seeded weights: {:.0}% of the passengers to train on and the other {:.0}% to validate, split by seed 42. As in the notebook, the loss is the mean absolute error of the predicted chance of survival.",
                TRAIN_SHARE * 100.0,
                (1.0 - TRAIN_SHARE) * 100.0,
            )}
        </p>
        <button on:click=move |_| lab.train_all() disabled=move || !loaded()>
            "Train all three"
        </button>
        <div class="titanic-models">
            {lab
                .models
                .into_iter()
                .map(|model| view! { <ModelPanel model loaded=Signal::derive(loaded) /> })
                .collect_view()}
        </div>
    }
}

#[component]
fn ModelPanel(model: Model, loaded: Signal<bool>) -> impl IntoView {
    let lab = expect_context::<TitanicLab>();
    let name = model.kind.name();
    let busy = move || model.training.get() || !loaded.get();
    let status = move || {
        if model.training.get() {
            return "Training…".to_string();
        }
        model.report.with(|r| match r {
            Some(r) if !r.diverged() => format!(
                "Validation accuracy {} after {} epochs (loss {}).",
                format::percent(r.accuracy),
                r.losses.len() - 1,
                format::number(r.losses.last().map_or(f32::NAN, |l| l.valid)),
            ),
            _ => "Not trained yet.".into(),
        })
    };
    view! {
        <section class="panel titanic-model" data-model=model.kind.key() aria-label=name>
            <h4>{name}</h4>
            <p class="hint">
                {model.kind.shape()} ", " <Parameters count=Signal::derive(move || model.kind.parameters()) />
            </p>
            <SettingBox
                setup=lab.setup
                number=EPOCHS[model.kind.index()]
                name=format!("{name} epochs")
            />
            <SettingBox
                setup=lab.setup
                number=RATES[model.kind.index()]
                name=format!("{name} learning rate")
            />
            <button on:click=move |_| lab.train(model.kind) disabled=busy>
                {format!("Train the {}", name.to_lowercase())}
            </button>
            <p class="train-status" role="status">{status}</p>
            <p class="train-error alarm" role="alert">{move || model.error.get()}</p>
            {move || model.report.get().filter(|r| !r.diverged()).map(|r| view! { <Results report=r /> })}
            <AsCode
                file_name=match model.kind {
                    ModelKind::Linear => "descent_titanic_linear.py",
                    ModelKind::OneHidden => "descent_titanic_neural_net.py",
                    ModelKind::Deep => "descent_titanic_deep_net.py",
                }
                about="This model in PyTorch: train.csv cleaned as above, the same validation passengers, full-batch gradient descent on the mean absolute error at this rate and for these epochs."
                program=Memo::new(move |_| {
                    let settings = lab.setup.with(|s| s.models[model.kind.index()]);
                    let passengers = lab.data.with(|data| match data {
                        super::state::Data::Loaded { cleaning, .. } => cleaning.passengers,
                        _ => 891,
                    });
                    let (_, valid) = split(passengers, SEED);
                    Program::Titanic {
                        kind: model.kind,
                        epochs: settings.epochs,
                        learning_rate: settings.learning_rate,
                        valid,
                    }
                })
                weights=Callback::new(move |()| {
                    model
                        .report
                        .with_untracked(|r| r.as_ref().map(|r| files::Model::Tensors(r.weights.clone())))
                })
            />
        </section>
    }
}

#[component]
fn Results(report: TrainingReport) -> impl IntoView {
    let train: Vec<(usize, f32)> = report
        .losses
        .iter()
        .enumerate()
        .map(|(i, l)| (i, l.train))
        .collect();
    let valid: Vec<(usize, f32)> = report
        .losses
        .iter()
        .enumerate()
        .map(|(i, l)| (i, l.valid))
        .collect();
    let label = format!("{}: loss at each epoch", report.kind.name());
    let coefficients = report.coefficients.clone().map(|(named, constant)| {
        let rows = named
            .into_iter()
            .chain([("constant".to_string(), constant)])
            .map(|(column, weight)| vec![column, format!("{weight:.3}")])
            .collect();
        view! {
            <p class="hint">
                "The notebook's show_coeffs: each column's weight. A positive weight raises the chance of survival; the inputs all lie in [0, 1], so the weights compare."
            </p>
            <Table label="coefficients" head=vec!["column".into(), "coefficient".into()] rows />
        }
    });
    let last = report.losses.last().copied();
    view! {
        <figure class="plot">
            <PlotCanvas
                width=360
                height=200
                label=label
                snapshot=move || Some((train.clone(), valid.clone()))
                draw=|canvas, (train, valid)| {
                    let curves = [
                        Curve { points: &train, colour: BLUE },
                        Curve { points: &valid, colour: GREY },
                    ];
                    history_chart::draw_curves(canvas, &curves, None, "epoch", "loss")
                }
            />
            <figcaption>
                {format!(
                    "Training loss in blue, validation loss in grey: {} and {} after the last epoch.",
                    format::number(last.map_or(f32::NAN, |l| l.train)),
                    format::number(last.map_or(f32::NAN, |l| l.valid)),
                )}
            </figcaption>
        </figure>
        <p class="titanic-accuracy">
            "Validation accuracy: " <output aria-label=format!("{} accuracy", report.kind.name())>
                {format::percent(report.accuracy)}
            </output>
        </p>
        {coefficients}
    }
}

/// The learner's passenger in, each trained model's answer out.
#[component]
pub fn SurvivalForm() -> impl IntoView {
    let lab = expect_context::<TitanicLab>();
    let passenger = lab.passenger;
    let set = move |change: &dyn Fn(&mut descent_core::titanic::Passenger)| {
        lab.setup.update(|s| change(&mut s.passenger))
    };
    use descent_core::titanic::{Port, Sex};
    let answers = move || {
        let chances = lab.chances.get();
        if chances.is_empty() {
            return view! { <li>"Train a model first: its answer appears here."</li> }.into_any();
        }
        chances
            .into_iter()
            .map(|(kind, chance)| {
                let verdict = if chance > 0.5 { "survived" } else { "did not survive" };
                view! {
                    <li data-model=kind.key()>
                        <strong>{kind.name()}</strong>
                        {format!(": {} chance of surviving, so {verdict}.", format::percent(chance))}
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    let number = move |number| view! { <SettingBox setup=lab.setup number /> };
    view! {
        <form class="titanic-form" aria-label="your passenger" on:submit=|e| e.prevent_default()>
            <label class="inline">
                "Sex "
                <select
                    aria-label="sex"
                    on:change=move |e| {
                        let sex = if event_target_value(&e) == "male" { Sex::Male } else { Sex::Female };
                        set(&|p| p.sex = sex);
                    }
                >
                    <option value="female" selected=move || passenger.with(|p| p.sex == Sex::Female)>"female"</option>
                    <option value="male" selected=move || passenger.with(|p| p.sex == Sex::Male)>"male"</option>
                </select>
            </label>
            <label class="inline">
                "Class "
                <select
                    aria-label="ticket class"
                    on:change=move |e| {
                        let class = event_target_value(&e).parse().unwrap_or(3);
                        set(&|p| p.class = class);
                    }
                >
                    {CLASSES
                        .into_iter()
                        .map(|c| {
                            view! {
                                <option value=c.to_string() selected=move || passenger.with(|p| p.class == c)>
                                    {format!("class {c}")}
                                </option>
                            }
                        })
                        .collect::<Vec<_>>()}
                </select>
            </label>
            {number(AGE)}
            {number(SIBLINGS_SPOUSES)}
            {number(PARENTS_CHILDREN)}
            {number(FARE)}
            <label class="inline">
                "Port "
                <select
                    aria-label="port of embarkation"
                    on:change=move |e| {
                        let letter = event_target_value(&e);
                        let port = Port::ALL.into_iter().find(|p| p.letter() == letter);
                        set(&|p| p.embarked = port);
                    }
                >
                    {Port::ALL
                        .into_iter()
                        .map(|port| {
                            view! {
                                <option
                                    value=port.letter()
                                    selected=move || passenger.with(|p| p.embarked == Some(port))
                                >
                                    {port.name()}
                                </option>
                            }
                        })
                        .collect::<Vec<_>>()}
                </select>
            </label>
        </form>
        <ul class="titanic-answers" aria-label="predictions" aria-live="polite">{answers}</ul>
        <p class="hint">
            "Your details go through the same cleaning as the file's passengers (the same modes and maxima: an age of 80 becomes 1), then each trained model answers."
        </p>
    }
}
