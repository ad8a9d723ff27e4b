use super::{Choice, NumberBox};
use crate::format;
use engine::optimizers::Optimizer;
use leptos::prelude::*;

/// The optimizer a lab trains with: its kind, then its hyperparameters, each explained.
#[component]
pub fn OptimizerPicker(
    /// Names the controls, so two labs' pickers are told apart ("Digits optimizer").
    #[prop(into)]
    label: String,
    #[prop(into)] value: Signal<Optimizer>,
    on_set: Callback<Optimizer>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let key = |o: &Optimizer| o.name().to_lowercase();
    let pick = move |chosen: Optimizer| {
        // The same kind keeps its hyperparameters.
        if chosen.name() != value.get_untracked().name() {
            on_set.run(chosen);
        }
    };
    // A box for one hyperparameter: its name, range, and how it goes into the optimizer.
    let name_of = {
        let label = label.clone();
        move |name: &str| format!("{label} {name}")
    };
    let field = move |name: &'static str,
                      (min, max): (f32, f32),
                      read: fn(Optimizer) -> f32,
                      write: fn(Optimizer, f32) -> Optimizer| {
        view! {
            <label class="inline">
                {name}
                <NumberBox
                    label=name_of(name)
                    value=Signal::derive(move || format::input_precise(read(value.get())))
                    min=min
                    max=max
                    on_set=Callback::new(move |v| on_set.run(write(value.get_untracked(), v)))
                    disabled=disabled
                />
            </label>
        }
    };
    const DECAY: (f32, f32) = (0.0, 0.9999);
    const EPSILON: (f32, f32) = (1e-10, 1.0);
    let fields = move || {
        match value.get() {
        Optimizer::Sgd => ().into_any(),
        Optimizer::Momentum { .. } => field(
            "momentum β",
            DECAY,
            |o| match o {
                Optimizer::Momentum { beta, .. } => beta,
                _ => 0.0,
            },
            |o, v| match o {
                Optimizer::Momentum { nesterov, .. } => Optimizer::Momentum { beta: v, nesterov },
                other => other,
            },
        )
        .into_any(),
        Optimizer::RmsProp { .. } => view! {
            {field(
                "decay α",
                DECAY,
                |o| match o {
                    Optimizer::RmsProp { alpha, .. } => alpha,
                    _ => 0.0,
                },
                |o, v| match o {
                    Optimizer::RmsProp { epsilon, .. } => Optimizer::RmsProp { alpha: v, epsilon },
                    other => other,
                },
            )}
            {field(
                "ε",
                EPSILON,
                |o| match o {
                    Optimizer::RmsProp { epsilon, .. } => epsilon,
                    _ => 0.0,
                },
                |o, v| match o {
                    Optimizer::RmsProp { alpha, .. } => Optimizer::RmsProp { alpha, epsilon: v },
                    other => other,
                },
            )}
        }
        .into_any(),
        Optimizer::Adam { .. } => view! {
            {field(
                "β1",
                DECAY,
                |o| match o {
                    Optimizer::Adam { beta1, .. } => beta1,
                    _ => 0.0,
                },
                |o, v| match o {
                    Optimizer::Adam { beta2, epsilon, .. } => Optimizer::Adam { beta1: v, beta2, epsilon },
                    other => other,
                },
            )}
            {field(
                "β2",
                DECAY,
                |o| match o {
                    Optimizer::Adam { beta2, .. } => beta2,
                    _ => 0.0,
                },
                |o, v| match o {
                    Optimizer::Adam { beta1, epsilon, .. } => Optimizer::Adam { beta1, beta2: v, epsilon },
                    other => other,
                },
            )}
            {field(
                "ε",
                EPSILON,
                |o| match o {
                    Optimizer::Adam { epsilon, .. } => epsilon,
                    _ => 0.0,
                },
                |o, v| match o {
                    Optimizer::Adam { beta1, beta2, .. } => Optimizer::Adam { beta1, beta2, epsilon: v },
                    other => other,
                },
            )}
        }
        .into_any(),
    }
    };
    view! {
        <div class="optimizer-picker inline-group">
            <Choice
                label=label
                caption="Optimizer "
                options=Signal::derive(|| Optimizer::ALL.to_vec())
                key=key
                show=|o: &Optimizer| o.name().to_string()
                value=value
                on_set=Callback::new(pick)
                disabled=disabled
            />
            {fields}
            <p class="hint optimizer-about">{move || about(value.get())}</p>
        </div>
    }
}

/// What the optimizer does, in a sentence or two (HOML chapter 11).
fn about(optimizer: Optimizer) -> &'static str {
    match optimizer {
        Optimizer::Sgd => "Plain SGD: each step moves every weight by −rate × its gradient.",
        Optimizer::Momentum {
            nesterov: false, ..
        } => {
            "Momentum keeps a velocity v ← β·v + gradient and steps by −rate × v: steps along a steady slope add up (to 1/(1−β) times as far), and gradients that flip back and forth cancel out."
        }
        Optimizer::Momentum { nesterov: true, .. } => {
            "Nesterov momentum steps by −rate × (gradient + β·v): it looks ahead along its velocity, so it brakes before it overshoots."
        }
        Optimizer::RmsProp { .. } => {
            "RMSProp divides each weight's step by the root of a running mean of its squared gradients (α says how long it remembers): steep directions take small steps, flat ones large. ε keeps the division safe."
        }
        Optimizer::Adam { .. } => {
            "Adam is momentum (β1) and RMSProp (β2) together, with both averages corrected for starting at zero: every weight gets its own step size. ε keeps the division safe."
        }
    }
}
