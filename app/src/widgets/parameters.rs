//! A model's parameter count ("23,581 parameters"), with the sum it comes from shown on hover or
//! focus ("784·30 + 30 + 30·1 + 1 = 23,581").

use crate::format;
use descent_core::parameters::ParameterCount;
use leptos::prelude::*;

#[component]
pub fn Parameters(#[prop(into)] count: Signal<ParameterCount>) -> impl IntoView {
    let total = move || count.with(|c| format!("{} parameters", format::whole(c.total)));
    let formula = move || count.with(|c| format!("{} = {}", c.formula, format::whole(c.total)));
    view! {
        <span class="parameter-count">
            // Focusable, so the sum shows from the keyboard too; `title` gives it to a screen
            // reader, and the hover tooltip where the pointer rests.
            <output tabindex="0" aria-label="parameters" title=formula>
                {total}
            </output>
            <span class="parameter-formula" aria-hidden="true">
                {formula}
            </span>
        </span>
    }
}
