use super::NumberBox;
use leptos::prelude::*;

/// Early stopping's switch and its patience, as one sentence: stop when the watched loss has not
/// improved for N batches or epochs, and go back to where it was lowest.
#[component]
pub fn EarlyStoppingControl(
    /// Names the patience box with its unit ("linear early stopping" → "… patience in epochs").
    #[prop(into)]
    label: String,
    /// The loss watched ("test", "validation") and the unit of patience ("batches", "epochs").
    watched: &'static str,
    unit: &'static str,
    /// What comes back ("the network", "the weights").
    restored: &'static str,
    #[prop(into)] patience: Signal<usize>,
    range: (usize, usize),
    /// The patience that switching it on sets.
    default: usize,
    on_set: Callback<usize>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let toggle = move |event: leptos::ev::Event| {
        on_set.run(if event_target_checked(&event) {
            default
        } else {
            0
        });
    };
    view! {
        <div class="early-stopping">
            <label class="inline">
                <input
                    type="checkbox"
                    prop:checked=move || patience.get() != 0
                    disabled=disabled
                    on:change=toggle
                />
                {format!(" Early stopping: stop when the {watched} loss has not improved for ")}
            </label>
            <NumberBox
                label=format!("{label} patience in {unit}")
                value=Signal::derive(move || patience.get().to_string())
                min=range.0 as f32
                max=range.1 as f32
                whole=true
                disabled=disabled
                on_set=Callback::new(move |n: f32| on_set.run(n as usize))
            />
            {format!(" {unit}, and go back to {restored} where it was lowest.")}
        </div>
    }
}
