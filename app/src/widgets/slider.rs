use super::NumberBox;
use crate::format;
use leptos::prelude::*;

/// What a slider shows of its value beside it.
#[derive(Clone, Copy, Default)]
pub enum Readout {
    /// Nothing (the value is seen elsewhere, as a pen's width is).
    #[default]
    None,
    /// The value, written as this says.
    Text(fn(f32) -> String),
    /// A number box to type into, accepting values within `bounds` (which may reach past the
    /// slider's range), showing the value as `text` says.
    Typed {
        bounds: (f32, f32),
        text: fn(f32) -> String,
    },
}

/// A range input and its readout. On a logarithmic slider (`log`) equal travel multiplies the
/// value by equal factors, so 0.001 and 1 are as easy to reach as 0.1 and 0.2. With `on_release`
/// the value is set when the slider is let go, for settings that rebuild something.
#[component]
pub fn Slider(
    /// Accessible name.
    #[prop(into)]
    label: String,
    #[prop(optional_no_strip)] id: Option<String>,
    range: (f32, f32),
    /// Keyboard and drag step: in the value's units, or in decades (log10) when `log`.
    #[prop(default = 0.01)]
    step: f32,
    #[prop(optional)] log: bool,
    #[prop(into)] value: Signal<f32>,
    on_set: Callback<f32>,
    #[prop(optional)] readout: Readout,
    #[prop(optional)] on_release: bool,
    /// What it sets, in a sentence: its tooltip and accessible description.
    #[prop(optional)]
    help: &'static str,
) -> impl IntoView {
    let to_position = move |value: f32| if log { value.log10() } else { value };
    let from_position = move |position: f32| if log { 10f32.powf(position) } else { position };
    let set = move |ev: leptos::ev::Event| {
        if let Ok(position) = event_target_value(&ev).parse::<f32>() {
            on_set.run(from_position(position));
        }
    };
    let text = match readout {
        Readout::Text(text) | Readout::Typed { text, .. } => text,
        Readout::None => format::significant,
    };
    let input = view! {
        <input
            type="range"
            id=id
            aria-label=label.clone()
            title=(!help.is_empty()).then_some(help)
            min=to_position(range.0).to_string()
            max=to_position(range.1).to_string()
            step=step.to_string()
            aria-valuetext=move || log.then(|| format::significant(value.get()))
            prop:value=move || to_position(value.get()).to_string()
            on:input=move |ev| {
                if !on_release {
                    set(ev)
                }
            }
            on:change=move |ev| {
                if on_release {
                    set(ev)
                }
            }
        />
    };
    let readout = match readout {
        Readout::None => ().into_any(),
        Readout::Text(text) => view! { <output>{move || text(value.get())}</output> }.into_any(),
        Readout::Typed { bounds, .. } => view! {
            <NumberBox
                label=format!("{label} value")
                value=Signal::derive(move || text(value.get()))
                min=bounds.0
                max=bounds.1
                on_set=on_set
            />
        }
        .into_any(),
    };
    view! { {input} {readout} }
}
