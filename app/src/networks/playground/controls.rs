//! The playground's settings. Each writes the setup through `PlaygroundLab::change`, which starts a
//! fresh network when the data or the network changed.

use super::PlaygroundLab;
use crate::format;
use crate::schedule_panel::SchedulePanel;
use crate::widgets::{
    Choice, EarlyStoppingControl, OptimizerPicker, SaidLine, SettingBox, SettingSlider,
};
use descent_core::playground::setup::{
    ACTIVATIONS, BATCH_SIZE, LEARNING_RATE, LOSSES, NOISE, PATIENCE_RANGE, REGULARIZATIONS, SEED,
    STOP_AFTER, TRAINING_SHARE, activation_key, dataset_key, deep_preset, feature_key, loss_key,
    overfitting_preset, regularization_key, xor_preset,
};
use descent_core::playground::{
    Activation, DatasetKind, Feature, MAX_LAYERS, OwnData, PlaygroundLoss, Regularization, Setup,
    own_data,
};
use descent_core::schedules::Schedule;
use descent_core::settings::Number;
use leptos::prelude::*;

/// Units per layer the buttons go up to (the address may ask for more).
const UI_MAX_UNITS: usize = 16;
/// Early stopping's patience when it is switched on, in batches.
const DEFAULT_PATIENCE: usize = 100;
const REGULARIZATION_RATES: [f32; 8] = [0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0];

fn dataset_label(kind: DatasetKind) -> &'static str {
    match kind {
        DatasetKind::Circle => "Circle",
        DatasetKind::Xor => "XOR",
        DatasetKind::Gaussians => "Two Gaussians",
        DatasetKind::Spiral => "Spiral",
        DatasetKind::Plane => "Plane (regression)",
        DatasetKind::MultiGaussian => "Multi-Gaussian (regression)",
    }
}

fn activation_label(activation: Activation) -> &'static str {
    match activation {
        Activation::Relu => "ReLU",
        Activation::Tanh => "tanh",
        Activation::Sigmoid => "sigmoid",
        Activation::Linear => "linear",
    }
}

#[component]
pub fn Presets() -> impl IntoView {
    let playground = expect_context::<PlaygroundLab>();
    view! {
        <div class="presets" role="group" aria-label="presets">
            <span>"HOML's lesson: "</span>
            <button on:click=move |_| playground.preset(xor_preset(vec![]))>
                "XOR with a single perceptron"
            </button>
            <button on:click=move |_| playground.preset(xor_preset(vec![8]))>
                "XOR with one hidden layer"
            </button>
            <span class="hint">
                "A single perceptron draws one straight line, and no straight line separates XOR; one hidden layer of 8 units can."
            </span>
        </div>
        <div class="presets" role="group" aria-label="vanishing gradients presets">
            <span>"Vanishing gradients: "</span>
            <button on:click=move |_| playground.preset(deep_preset(Activation::Sigmoid))>
                "Six sigmoid layers on the spiral"
            </button>
            <button on:click=move |_| playground.preset(deep_preset(Activation::Relu))>
                "The same depth with ReLU"
            </button>
            <span class="hint">
                "A sigmoid's slope is at most ¼, and backprop multiplies one slope per layer: in the Gradients chart the first layers' lines sink far below the last's, and those layers barely learn. ReLU's slope is 1 where it is on, so its first layers keep learning."
            </span>
        </div>
        <div class="presets" role="group" aria-label="overfitting preset">
            <span>"Overfitting: "</span>
            <button on:click=move |_| playground.preset(overfitting_preset())>
                "A big network on a few noisy points"
            </button>
            <span class="hint">
                "A tenth of the points to train on, noise 0.6, every input and three layers of 16 units, for 1,000 batches. The training loss falls towards zero as the network learns the noise by heart; the test loss bottoms out early, then climbs. Turn on early stopping and play it again."
            </span>
        </div>
    }
}

/// How the weights are updated: the optimizer, the run's length and its rate schedule, and
/// early stopping.
#[component]
pub fn OptimizationControls() -> impl IntoView {
    let playground = expect_context::<PlaygroundLab>();
    let setup = playground.setup;
    let stop_after = move || setup.with(|s| s.stop_after);
    let busy = Signal::derive(move || playground.run.is_busy());
    view! {
        <fieldset class="playground-settings optimization">
            <legend>"Optimizer, schedule and early stopping"</legend>
            <OptimizerPicker
                label="playground optimizer"
                value=Signal::derive(move || setup.with(|s| s.optimizer))
                on_set=Callback::new(move |o| playground.change(move |s| s.optimizer = o))
            />
            <span class="inline">
                <SettingBox setup=playground number=STOP_AFTER name="stop after batches" disabled=busy />
                " batches (0: play until paused)"
            </span>
            <Show
                when=move || stop_after() != 0
                fallback=|| view! { <p class="hint">"A schedule needs the run's length: set “stop after” to use one."</p> }
            >
                <SchedulePanel
                    label="playground schedule"
                    plan=Signal::derive(move || setup.with(|s| s.rate_plan()))
                    current=Signal::derive(move || playground.run.is_running().then(|| playground.steps.get()))
                    on_set=Callback::new(move |schedule: Schedule| playground.change(move |s| s.schedule = schedule))
                    disabled=busy
                />
            </Show>
            <EarlyStoppingControl
                label="early stopping"
                watched="test"
                unit="batches"
                restored="the network"
                patience=Signal::derive(move || setup.with(|s| s.patience))
                range=PATIENCE_RANGE
                default=DEFAULT_PATIENCE
                on_set=Callback::new(move |n| playground.change(move |s| s.patience = n))
            />
        </fieldset>
    }
}

#[component]
pub fn DataControls() -> impl IntoView {
    let playground = expect_context::<PlaygroundLab>();
    let setup = playground.setup;
    let data = move || setup.with(|s| s.data);
    view! {
        <fieldset class="playground-settings">
            <legend>"Data"</legend>
            <Choice
                label="dataset"
                caption="dataset"
                options=DatasetKind::ALL.to_vec()
                key=|&k| dataset_key(k).into()
                show=|&k| dataset_label(k).into()
                value=Signal::derive(move || data().kind)
                on_set=Callback::new(move |kind| {
                    playground.drawing.set(false);
                    playground.change(move |s| {
                        s.data.kind = kind;
                        s.own = None;
                    })
                })
            />
            <ShareSlider number=NOISE step=0.05 />
            <ShareSlider number=TRAINING_SHARE step=0.1 />
            <SettingBox setup=playground number=SEED />
            <FeatureChoice />
        </fieldset>
        <OwnDataControls />
    }
}

/// Drawing, uploading and downloading the learner's own data.
#[component]
fn OwnDataControls() -> impl IntoView {
    let playground = expect_context::<PlaygroundLab>();
    let own = move || {
        playground
            .setup
            .with(|s| s.own.as_ref().map(|o| (o.len(), o.regression)))
    };
    let drawing = playground.drawing;
    let class_button = move |class: bool, name: &'static str| {
        view! {
            <button
                class="draw-class"
                class:class-one=class
                aria-pressed=move || (playground.draw_class.get() == class).to_string()
                on:click=move |_| playground.draw_class.set(class)
                disabled=move || !drawing.get()
            >
                {name}
            </button>
        }
    };
    let address = move || {
        let (count, _) = own()?;
        Some(if playground.setup.with(Setup::own_data_in_address) {
            format!("Your {count} points are in the page's address: copy it to share them.")
        } else {
            format!(
                "Your {count} points are too many for the address (over {} characters): download them to share them.",
                own_data::ADDRESS_LIMIT
            )
        })
    };
    let download = move |_| {
        if let Some(own) = playground.setup.with_untracked(|s| s.own.clone()) {
            crate::files::download(&own.to_csv(), "descent-playground.csv");
        }
    };
    view! {
        <fieldset class="playground-settings own-data">
            <legend>"Your data"</legend>
            <button
                aria-pressed=move || drawing.get().to_string()
                on:click=move |_| {
                    if drawing.get_untracked() { drawing.set(false) } else { playground.start_drawing() }
                }
            >
                "Draw data"
            </button>
            <span class="inline-group" role="group" aria-label="class to draw">
                {class_button(true, "blue (1)")}
                {class_button(false, "orange (0)")}
            </span>
            <button on:click=move |_| playground.edit_own(|o| *o = OwnData::empty()) disabled=move || !drawing.get()>
                "Clear the points"
            </button>
            <p class="hint">
                {move || match drawing.get() {
                    true => "Click the decision map to add a point of the chosen class (shift-click for the other); drag over points to erase them.",
                    false => "Draw points on the decision map, or upload a CSV of x1, x2, label: a class (0 or 1) or a value to regress.",
                }}
            </p>
            <label class="inline">
                "Upload a CSV "
                <input
                    type="file"
                    accept=".csv,text/csv,text/plain"
                    aria-label="upload a CSV of x1, x2, label"
                    on:change=move |event| {
                        crate::files::read_chosen(event, move |name, text| playground.upload(&name, &text))
                    }
                />
            </label>
            <button on:click=download disabled=move || own().is_none()>"Download CSV"</button>
            <button on:click=move |_| playground.use_generated() disabled=move || own().is_none()>
                "Back to generated data"
            </button>
            <p class="hint own-data-address" role="status">{address}</p>
            <SaidLine said=playground.data_said class="own-data-message" />
            <p class="hint" role="status">
                {move || match own() {
                    Some((count, _)) if count < super::state::MIN_OWN_POINTS => {
                        "Add at least two points: one to train on and one to test on.".to_string()
                    }
                    _ => String::new(),
                }}
            </p>
        </fieldset>
    }
}

/// A share from 0 to 1 as a slider, shown as a percentage. It sets on release, as each change
/// builds a new dataset.
#[component]
fn ShareSlider(number: Number<Setup>, step: f32) -> impl IntoView {
    let playground = expect_context::<PlaygroundLab>();
    view! {
        <label class="inline">
            {number.label}
            <SettingSlider
                setup=playground
                number
                step
                on_release=true
                text=|share| format!("{:.0}%", share * 100.0)
            />
        </label>
    }
}

#[component]
fn FeatureChoice() -> impl IntoView {
    let playground = expect_context::<PlaygroundLab>();
    let chosen = move |f: Feature| playground.setup.with(|s| s.network.features.contains(&f));
    let toggle = move |f: Feature| {
        playground.change(|s| {
            let features = &mut s.network.features;
            if features.contains(&f) {
                // At least one input stays: a network with none has nothing to learn from.
                if features.len() > 1 {
                    features.retain(|&g| g != f);
                }
            } else {
                // Kept in the fixed order, so the diagram and the address are stable.
                features.push(f);
                features.sort_by_key(|g| Feature::ALL.iter().position(|h| h == g));
            }
        })
    };
    view! {
        <fieldset class="features">
            <legend>"Inputs"</legend>
            {Feature::ALL
                .map(|f| {
                    view! {
                        <label class="inline">
                            <input
                                type="checkbox"
                                aria-label=format!("feature {}", feature_key(f))
                                prop:checked=move || chosen(f)
                                on:change=move |_| toggle(f)
                            />
                            {f.label()}
                        </label>
                    }
                })}
        </fieldset>
    }
}

#[component]
pub fn NetworkControls() -> impl IntoView {
    let playground = expect_context::<PlaygroundLab>();
    let layers = move || playground.setup.with(|s| s.network.hidden.len());
    let units = move |layer: usize| {
        playground
            .setup
            .with(|s| s.network.hidden.get(layer).copied())
    };
    let resize = move |layer: usize, by: isize| {
        playground.change(|s| {
            if let Some(units) = s.network.hidden.get_mut(layer) {
                // Never below one, nor past the buttons' limit (an address may have set more).
                *units = units
                    .saturating_add_signed(by)
                    .clamp(1, UI_MAX_UNITS.max(*units));
            }
        })
    };
    view! {
        <div class="network-controls">
            <span>{move || format!("{} hidden layer{}", layers(), if layers() == 1 { "" } else { "s" })}</span>
            <button
                aria-label="add a layer"
                disabled=move || { layers() >= MAX_LAYERS }
                on:click=move |_| playground.change(|s| s.network.hidden.push(4))
            >"+"</button>
            <button
                aria-label="remove a layer"
                disabled=move || layers() == 0
                on:click=move |_| playground.change(|s| { s.network.hidden.pop(); })
            >"−"</button>
            <Choice
                label="activation"
                caption="activation"
                options=ACTIVATIONS.to_vec()
                key=|&a| activation_key(a).into()
                show=|&a| activation_label(a).into()
                value=Signal::derive(move || playground.setup.with(|s| s.network.activation))
                on_set=Callback::new(move |a| playground.change(move |s| s.network.activation = a))
            />
            <div class="layer-sizes">
                <For each=move || 0..layers() key=|i| *i let:layer>
                    <span class="layer-size">
                        <button
                            aria-label=format!("fewer units in layer {}", layer + 1)
                            disabled=move || { units(layer).is_none_or(|u| u <= 1) }
                            on:click=move |_| resize(layer, -1)
                        >"−"</button>
                        <output aria-label=format!("units in layer {}", layer + 1)>
                            {move || units(layer).unwrap_or(0)}
                        </output>
                        <button
                            aria-label=format!("more units in layer {}", layer + 1)
                            disabled=move || { units(layer).is_none_or(|u| u >= UI_MAX_UNITS) }
                            on:click=move |_| resize(layer, 1)
                        >"+"</button>
                    </span>
                </For>
            </div>
        </div>
    }
}

#[component]
pub fn TrainingControls() -> impl IntoView {
    let playground = expect_context::<PlaygroundLab>();
    let setup = playground.setup;
    let regression = move || setup.with(|s| s.data.kind.is_regression());
    view! {
        <fieldset class="playground-settings training">
            <legend>"Training"</legend>
            <label class="inline rate">
                {LEARNING_RATE.label}
                <SettingSlider
                    setup=playground
                    number=LEARNING_RATE
                    name="playground learning rate"
                    text=format::significant
                    // Rounded as shown, so the address and the readout agree.
                    snap=|rate| format::significant(rate).parse().unwrap_or(rate)
                />
            </label>
            <label class="inline">
                {BATCH_SIZE.label}
                <SettingSlider
                    setup=playground
                    number=BATCH_SIZE
                    step=1.0
                    snap=f32::round
                    text=|batch| batch.to_string()
                />
            </label>
            <Choice
                label="loss"
                caption="loss"
                options=LOSSES.to_vec()
                key=|&l| loss_key(l).into()
                show=|l| {
                    match l {
                        PlaygroundLoss::CrossEntropy => "cross-entropy",
                        PlaygroundLoss::Mse => "squared error",
                    }
                        .into()
                }
                value=Signal::derive(move || setup.with(|s| s.network.loss))
                on_set=Callback::new(move |l| playground.change(move |s| s.network.loss = l))
                disabled=Signal::derive(regression)
            />
            <Choice
                label="regularisation"
                caption="regularisation"
                options=REGULARIZATIONS.to_vec()
                key=|&r| regularization_key(r).into()
                show=|r| {
                    match r {
                        Regularization::None => "none",
                        Regularization::L1 => "L1",
                        Regularization::L2 => "L2",
                    }
                        .into()
                }
                value=Signal::derive(move || setup.with(|s| s.network.regularization))
                on_set=Callback::new(move |r| playground.change(move |s| s.network.regularization = r))
            />
            <Choice
                label="regularisation rate"
                caption="regularisation rate"
                options=REGULARIZATION_RATES.to_vec()
                key=|r| r.to_string()
                show=|r| r.to_string()
                value=Signal::derive(move || setup.with(|s| s.network.regularization_rate))
                on_set=Callback::new(move |rate| {
                    playground.change(move |s| s.network.regularization_rate = rate)
                })
            />
        </fieldset>
    }
}
