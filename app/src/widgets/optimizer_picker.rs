use super::{Choice, NumberBox};
use crate::format;
use descent_core::optimizers::Optimizer;
use leptos::prelude::*;

/// The optimizer a lab trains with: its kind, then its hyperparameters, and what it does.
#[component]
pub fn OptimizerPicker(
    /// Names the controls, so two labs' pickers are told apart ("Digits optimizer").
    #[prop(into)]
    label: String,
    #[prop(into)] value: Signal<Optimizer>,
    on_set: Callback<Optimizer>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let pick = move |chosen: Optimizer| {
        // The same kind keeps its hyperparameters.
        if chosen.name() != value.get_untracked().name() {
            on_set.run(chosen);
        }
    };
    let box_label = label.clone();
    // One box per hyperparameter of the kind chosen, made again only when the kind changes.
    let kind = Memo::new(move |_| value.get().name());
    let fields = move || {
        let kind = kind.get();
        untrack(|| value.get().hyperparameters())
            .into_iter()
            .enumerate()
            .map(|(index, h)| {
                let (min, max) = h.range;
                let shown = move || {
                    let now = value.get().hyperparameters();
                    now.get(index)
                        .map_or(String::new(), |h| format::input_precise(h.value))
                };
                let set = move |v: f32| {
                    let now = value.get_untracked();
                    if now.name() == kind {
                        on_set.run(now.with_hyperparameter(index, v));
                    }
                };
                view! {
                    <label class="inline">
                        {h.name}
                        <NumberBox
                            label=format!("{box_label} {}", h.name)
                            value=Signal::derive(shown)
                            min=min
                            max=max
                            on_set=Callback::new(set)
                            disabled=disabled
                        />
                    </label>
                }
            })
            .collect_view()
    };
    view! {
        <div class="optimizer-picker inline-group">
            <Choice
                label=label
                caption="Optimizer "
                options=Signal::derive(|| Optimizer::ALL.to_vec())
                key=|o: &Optimizer| o.name().to_lowercase()
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
