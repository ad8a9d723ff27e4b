use crate::format;
use leptos::prelude::*;

/// A number box that accepts typed values within `[min, max]` (whole numbers only, with
/// `whole`) when committed (Enter or blur), and says so, keeping the typed text, when a value is
/// refused.
#[component]
pub fn NumberBox(
    /// Accessible name.
    #[prop(into)]
    label: String,
    /// The value to show, already formatted.
    #[prop(into)]
    value: Signal<String>,
    min: f32,
    max: f32,
    on_set: Callback<f32>,
    #[prop(optional)] whole: bool,
    #[prop(optional, into)] disabled: Signal<bool>,
    /// What it sets, in a sentence: its tooltip and accessible description.
    #[prop(optional)]
    help: &'static str,
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
        Ok(v) if v.is_finite() && (min..=max).contains(&v) && (!whole || v.fract() == 0.0) => {
            refusal.set(None);
            editing.set(false);
            on_set.run(v);
        }
        _ => refusal.set(Some(format!(
            "Enter a {} from {} to {}.",
            if whole { "whole number" } else { "number" },
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
                title=(!help.is_empty()).then_some(help)
                disabled=disabled
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
