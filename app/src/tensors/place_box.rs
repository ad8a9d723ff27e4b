//! A place in a tensor picked by number (an image, a row, a column, a unit): a whole number from
//! 0 to `max`, anything else refused in words.

use crate::widgets::NumberBox;
use leptos::prelude::*;

#[component]
pub fn PlaceBox(label: &'static str, value: RwSignal<usize>, max: usize) -> impl IntoView {
    view! {
        <label>
            {label} " "
            <NumberBox
                label=label
                value=Signal::derive(move || value.get().to_string())
                min=0.0
                max=max as f32
                whole=true
                on_set=Callback::new(move |v: f32| value.set(v as usize))
            />
        </label>
    }
}
