use leptos::prelude::*;

/// A `<select>` named `label` over `options`, each keyed by `key` and written as `show` says,
/// after an optional visible `caption`.
#[component]
pub fn Choice<T: Copy + PartialEq + Send + Sync + 'static>(
    label: &'static str,
    #[prop(optional)] caption: &'static str,
    options: Vec<T>,
    key: fn(T) -> String,
    show: fn(T) -> String,
    #[prop(into)] value: Signal<T>,
    on_set: Callback<T>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let choices = options.clone();
    view! {
        <label class="inline">
            {caption}
            <select
                aria-label=label
                disabled=disabled
                prop:value=move || key(value.get())
                on:change=move |ev| {
                    let chosen = event_target_value(&ev);
                    if let Some(&item) = choices.iter().find(|&&o| key(o) == chosen) {
                        on_set.run(item);
                    }
                }
            >
                {options
                    .into_iter()
                    .map(|o| view! { <option value=key(o)>{show(o)}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}
