//! The lab's inputs: coefficient and learning-rate sliders, buttons, data and loss settings.

use super::state::{
    COEFFICIENT_RANGE, LEARNING_RATE_RANGE, Lab, TYPED_COEFFICIENT_LIMIT, held_coefficient,
};
use crate::format;
use crate::log_slider::LogSlider;
use engine::{Coefficient, LossKind, NoisyQuadratic};
use leptos::prelude::*;

/// A number box that accepts typed values within `[min, max]` when committed (Enter or blur),
/// and says so, keeping the typed text, when a value is refused.
#[component]
fn NumberBox(
    /// Accessible name.
    label: String,
    /// The value to show, already formatted.
    #[prop(into)]
    value: Signal<String>,
    min: f32,
    max: f32,
    on_set: Callback<f32>,
) -> impl IntoView {
    let refusal = RwSignal::new(None::<String>);
    // Small positive bounds (learning rates) need significant digits, not decimals.
    let bound = |v: f32| {
        if v > 0.0 {
            format::significant(v)
        } else {
            format::input(v)
        }
    };
    // While the box has focus it is the learner's: training or a slider must not overwrite what
    // they are selecting or typing.
    let editing = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        let shown = value.get();
        if let Some(input) = input.get()
            && !editing.get()
        {
            input.set_value(&shown);
        }
    });
    // A refused value stays in the box, still being edited, next to the message saying why.
    let commit = move |text: String| match text.trim().parse::<f32>() {
        Ok(v) if v.is_finite() && (min..=max).contains(&v) => {
            refusal.set(None);
            editing.set(false);
            on_set.run(v);
        }
        _ => refusal.set(Some(format!(
            "Enter a number from {} to {}.",
            bound(min),
            bound(max)
        ))),
    };
    view! {
        <span class="number-box">
            <input
                node_ref=input
                type="number"
                step="any"
                aria-label=label
                aria-invalid=move || refusal.get().is_some().to_string()
                on:focus=move |_| editing.set(true)
                on:input=move |_| editing.set(true)
                on:change=move |ev| commit(event_target_value(&ev))
                on:blur=move |_| {
                    if refusal.get_untracked().is_none() {
                        editing.set(false);
                    }
                }
            />
            <span class="refusal" role="alert">
                {move || refusal.get()}
            </span>
        </span>
    }
}

/// Slider and number box for one coefficient, with the loss's gradient along it.
#[component]
pub fn CoefficientControl(which: Coefficient) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let name = which.name();
    let value = move || lab.coefficients.get().get(which);
    let gradient = move || {
        lab.evaluation
            .get()
            .map_or_else(|| "…".into(), |e| format::number(e.gradient.get(which)))
    };
    let (lo, hi) = COEFFICIENT_RANGE;
    let set = Callback::new(move |v: f32| lab.set_coefficient(which, v));
    view! {
        <div class="coefficient">
            <label class="coefficient-name" for=format!("slider-{name}")>
                {name}
            </label>
            <input
                type="range"
                id=format!("slider-{name}")
                aria-label=name
                min=lo.to_string()
                max=hi.to_string()
                step="0.01"
                prop:value=move || value().to_string()
                on:input=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse() {
                        set.run(v);
                    }
                }
            />
            <NumberBox
                label=format!("{name} value")
                value=Signal::derive(move || format::input(value()))
                min=-TYPED_COEFFICIENT_LIMIT
                max=TYPED_COEFFICIENT_LIMIT
                on_set=set
            />
            <output class="gradient" aria-label=format!("gradient {name}")>
                {format!("∂L/∂{name} = ")}
                {gradient}
            </output>
        </div>
    }
}

/// Logarithmic learning-rate slider: equal slider travel multiplies the rate by equal factors.
#[component]
pub fn LearningRateControl() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let (lo, hi) = LEARNING_RATE_RANGE;
    let rate = move || lab.learning_rate.get();
    let set = Callback::new(move |v: f32| lab.set_learning_rate(v));
    view! {
        <div class="coefficient learning-rate">
            <label class="coefficient-name" for="slider-learning-rate">
                "learning rate"
            </label>
            <LogSlider
                label="learning rate"
                id="slider-learning-rate"
                range=LEARNING_RATE_RANGE
                value=Signal::derive(rate)
                on_set=set
            />
            <NumberBox
                label="learning rate value".into()
                value=Signal::derive(move || format::significant(rate()))
                min=lo
                max=hi
                on_set=set
            />
        </div>
    }
}

/// Step, Train, Stop, Reset.
#[component]
pub fn DescentButtons() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let training = move || lab.is_training();
    view! {
        <div class="buttons" role="group" aria-label="gradient descent">
            <button on:click=move |_| lab.step() disabled=training>
                "Step"
            </button>
            <button on:click=move |_| lab.train() disabled=training>
                "Train"
            </button>
            <button on:click=move |_| lab.stop() disabled=move || !training()>
                "Stop"
            </button>
            <button on:click=move |_| lab.reset()>"Reset"</button>
        </div>
    }
}

/// MSE or MAE.
#[component]
pub fn LossSwitch() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let option = move |kind: LossKind, text: &'static str| {
        view! {
            <label class="radio">
                <input
                    type="radio"
                    name="loss-kind"
                    value=kind.label()
                    prop:checked=move || lab.loss_kind.get() == kind
                    on:change=move |_| lab.set_loss_kind(kind)
                />
                {text}
            </label>
        }
    };
    view! {
        <fieldset class="loss-switch">
            <legend>"Loss function"</legend>
            {option(LossKind::Mse, "MSE (mean squared error)")}
            {option(LossKind::Mae, "MAE (mean absolute error)")}
            <p class="hint">
                "MSE squares each gap, so far-off points weigh most; MAE counts every gap as it is."
            </p>
        </fieldset>
    }
}

/// Seed, noise and New data.
#[component]
pub fn DataControls() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let recipe = move || lab.recipe.get();
    let set_recipe = move |change: &dyn Fn(&mut NoisyQuadratic)| {
        let mut recipe = lab.recipe.get_untracked();
        change(&mut recipe);
        lab.set_recipe(recipe);
    };
    let set_seed = Callback::new(move |seed: f32| set_recipe(&|r| r.seed = seed as u64));
    let new_data = move |_| {
        let seed = (js_sys::Math::random() * 1_000_000.0) as u64;
        set_recipe(&|r| r.seed = seed);
    };
    view! {
        <div class="data-controls">
            <span class="inline">
                "seed " <NumberBox
                    label="seed".into()
                    value=Signal::derive(move || recipe().seed.to_string())
                    min=0.0
                    max=999_999.0
                    on_set=set_seed
                />
            </span>
            <button on:click=new_data>"New data"</button>
            <label class="inline" for="slider-noise">
                "noise"
            </label>
            <input
                type="range"
                id="slider-noise"
                aria-label="noise"
                min="0"
                max="3"
                step="0.1"
                prop:value=move || recipe().noise.to_string()
                on:input=move |ev| {
                    if let Ok(noise) = event_target_value(&ev).parse::<f32>() {
                        set_recipe(&|r| r.noise = noise);
                    }
                }
            />
            <span class="noise-value" aria-hidden="true">
                {move || format!("×{:.1}", recipe().noise)}
            </span>
            <p class="hint wide">
                "The seed picks the random draw, so a seed always gives the same points; noise scales the lesson's noise (0 puts every point on the hidden curve)."
            </p>
        </div>
    }
}

/// Which two coefficients the loss surface spans.
#[component]
pub fn SurfaceAxesPicker() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let pairs = [
        (Coefficient::A, Coefficient::B),
        (Coefficient::A, Coefficient::C),
        (Coefficient::B, Coefficient::C),
    ];
    let key = |(x, y): (Coefficient, Coefficient)| format!("{}{}", x.name(), y.name());
    view! {
        <label class="inline">
            "Surface over "
            <select
                aria-label="surface axes"
                prop:value=move || key(lab.surface_axes.get())
                on:change=move |ev| {
                    let chosen = event_target_value(&ev);
                    if let Some(pair) = pairs.into_iter().find(|p| key(*p) == chosen) {
                        lab.surface_axes.set(pair);
                    }
                }
            >
                {pairs
                    .into_iter()
                    .map(|(x, y)| {
                        let held = held_coefficient(x, y).name();
                        view! {
                            <option value=key((x, y))>
                                {format!("{} and {} ({} held)", x.name(), y.name(), held)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
