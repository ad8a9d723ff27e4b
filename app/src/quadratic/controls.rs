//! The lab's inputs: coefficient and learning-rate sliders, buttons, data and loss settings.

use super::state::{COEFFICIENT_RANGE, QuadraticLab, STEEP_DATA_RATE, held_coefficient};
use crate::format;
use crate::widgets::{Choice, SettingBox, SettingSlider, caption};
use descent_core::data_text::readable;
use descent_core::quadratic::{Coefficient, LossKind, NoisyQuadratic, largest_magnitude, setup};
use leptos::prelude::*;

/// Slider and number box for one coefficient, with the loss's gradient along it.
#[component]
pub fn CoefficientControl(which: Coefficient) -> impl IntoView {
    let lab = expect_context::<QuadraticLab>();
    let number = setup::COEFFICIENTS[which.index()];
    let name = which.name();
    let gradient = move || {
        lab.evaluation
            .get()
            .map_or_else(|| "…".into(), |e| format::number(e.gradient.get(which)))
    };
    view! {
        <div class="coefficient">
            <label class="coefficient-name" for=format!("slider-{name}")>
                {number.label}
            </label>
            <SettingSlider
                setup=lab
                number
                id=format!("slider-{name}")
                travel=COEFFICIENT_RANGE
            />
            <output class="gradient" aria-label=format!("gradient {name}")>
                {format!("∂L/∂{name} = ")}
                {gradient}
            </output>
        </div>
    }
}

/// Logarithmic learning-rate slider: equal slider travel multiplies the rate by equal factors.
/// Its range reaches lower for steep data.
#[component]
pub fn LearningRateControl() -> impl IntoView {
    let lab = expect_context::<QuadraticLab>();
    let number = setup::LEARNING_RATE;
    let range = Memo::new(move |_| lab.learning_rate_range());
    view! {
        <div class="coefficient learning-rate">
            <label class="coefficient-name" for="slider-learning-rate">
                {number.label}
            </label>
            <SettingSlider setup=lab number id="slider-learning-rate" range />
        </div>
        <StableRate />
    }
}

const MAE_HAS_NO_STABLE_RATE: &str = "With MAE the steps keep their size right up to the minimum, so no single rate is the largest stable one.";

/// "largest stable rate here ≈ 0.22", and for steep data, why and what to do about it.
#[component]
fn StableRate() -> impl IntoView {
    let lab = expect_context::<QuadraticLab>();
    let line = move || match lab.stable_rate.get() {
        Some(rate) => format!(
            "largest stable rate here ≈ {}: above 2/λmax of the loss's curvature, each step overshoots by more than the last",
            readable(rate)
        ),
        None => MAE_HAS_NO_STABLE_RATE.into(),
    };
    let steep = move || {
        lab.stable_rate
            .get()
            .is_some_and(|rate| rate < STEEP_DATA_RATE)
    };
    view! {
        <p class="stable-rate hint" role="status">{line}</p>
        <Show when=steep>
            <p class="steep-data hint">
                {move || steep_data_cause(lab)}
                " "
                <button on:click=move |_| lab.scale_points()>"Scale the data to ±1"</button>
            </p>
        </Show>
    }
}

/// The largest |x| of the points.
pub fn x_reach(lab: QuadraticLab) -> f32 {
    lab.points.with(|p| largest_magnitude(&p.xs))
}

/// Why the loss is so steep: the points' scale, in numbers.
fn steep_data_cause(lab: QuadraticLab) -> String {
    let reach = x_reach(lab);
    format!(
        "The points' scale is the cause: x reaches {}, so x² reaches {} and the loss is that steep along a. Scaling x and y to ±1 (as the Titanic lab divides each column by its maximum) brings the rate back to everyday values.",
        readable(reach.into()),
        readable(f64::from(reach).powi(2))
    )
}

/// Step, Train, Stop, Reset.
#[component]
pub fn DescentButtons() -> impl IntoView {
    let lab = expect_context::<QuadraticLab>();
    let busy = move || lab.run.is_busy();
    view! {
        <div class="buttons" role="group" aria-label="gradient descent">
            <button on:click=move |_| lab.step() disabled=busy>
                "Step"
            </button>
            <button on:click=move |_| lab.train() disabled=busy>
                "Train"
            </button>
            <button on:click=move |_| lab.stop() disabled=move || !lab.run.is_running()>
                "Stop"
            </button>
            <button on:click=move |_| lab.reset()>"Reset"</button>
        </div>
    }
}

/// The lesson's bug as a checkbox: a training loop that never calls `zero_grad()`.
#[component]
pub fn ZeroGradToggle() -> impl IntoView {
    let lab = expect_context::<QuadraticLab>();
    view! {
        <div class="zero-grad">
            <label class="inline">
                <input
                    type="checkbox"
                    prop:checked=lab.forget_zero_grad
                    on:change=move |event| lab.set_forget_zero_grad(event_target_checked(&event))
                />
                "forget to zero the gradients"
            </label>
            <p class="hint">
                {move || match lab.forget_zero_grad.get() {
                    true => "Now each backward pass adds its gradient to the ones before, as PyTorch does without zero_grad(): steps keep the push of every earlier slope, overshoot the minimum, and the loss climbs back up.",
                    false => "Each step zeroes the gradient first (zero_grad() in PyTorch), so it follows the slope where it stands.",
                }}
            </p>
        </div>
    }
}

/// MSE or MAE.
#[component]
pub fn LossSwitch() -> impl IntoView {
    let lab = expect_context::<QuadraticLab>();
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
    let lab = expect_context::<QuadraticLab>();
    let new_data = move |_| {
        let seed = (js_sys::Math::random() * 1_000_000.0) as u64;
        lab.set_recipe(NoisyQuadratic {
            seed,
            ..lab.recipe.get_untracked()
        });
    };
    view! {
        <div class="data-controls">
            <SettingBox setup=lab number=setup::SEED />
            <button on:click=new_data>"New data"</button>
            <label class="inline" for="slider-noise">
                {caption(&setup::NOISE)}
            </label>
            <SettingSlider
                setup=lab
                number=setup::NOISE
                id="slider-noise"
                step=0.1
                text=|noise| format!("×{noise:.1}")
            />
            <p class="hint wide">
                "The seed picks the random draw, so a seed always gives the same points; noise scales the lesson's noise (0 puts every point on the hidden curve)."
            </p>
        </div>
    }
}

/// Which two coefficients the loss surface spans.
#[component]
pub fn SurfaceAxesPicker() -> impl IntoView {
    let lab = expect_context::<QuadraticLab>();
    view! {
        <Choice
            label="surface axes"
            caption="Surface over "
            options=vec![
                (Coefficient::A, Coefficient::B),
                (Coefficient::A, Coefficient::C),
                (Coefficient::B, Coefficient::C),
            ]
            key=|&(x, y)| format!("{}{}", x.name(), y.name())
            show=|&(x, y)| {
                format!("{} and {} ({} held)", x.name(), y.name(), held_coefficient(x, y).name())
            }
            value=lab.surface_axes
            on_set=Callback::new(move |axes| lab.surface_axes.set(axes))
        />
    }
}
