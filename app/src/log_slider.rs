//! A slider on a logarithmic scale, for learning rates: equal travel multiplies the value by equal
//! factors, so 0.001 and 1 are as easy to reach as 0.1 and 0.2.

use crate::format;
use leptos::prelude::*;

#[component]
pub fn LogSlider(
    /// Accessible name.
    label: &'static str,
    #[prop(optional)] id: Option<&'static str>,
    range: (f32, f32),
    #[prop(into)] value: Signal<f32>,
    on_set: Callback<f32>,
) -> impl IntoView {
    let (lo, hi) = range;
    view! {
        <input
            type="range"
            id=id
            aria-label=label
            min=lo.log10().to_string()
            max=hi.log10().to_string()
            step="0.01"
            aria-valuetext=move || format::significant(value.get())
            prop:value=move || value.get().log10().to_string()
            on:input=move |ev| {
                if let Ok(exponent) = event_target_value(&ev).parse::<f32>() {
                    on_set.run(10f32.powf(exponent));
                }
            }
        />
    }
}
