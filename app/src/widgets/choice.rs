use leptos::prelude::*;

/// A `<select>` named `label` over `options`, each keyed by `key` and written as `show` says,
/// after an optional visible `caption`. The options may change (a model trained since).
#[component]
pub fn Choice<T, K, S>(
    #[prop(into)] label: String,
    #[prop(optional)] caption: &'static str,
    #[prop(into)] options: Signal<Vec<T>>,
    key: K,
    show: S,
    #[prop(into)] value: Signal<T>,
    on_set: Callback<T>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    K: Fn(&T) -> String + Copy + Send + Sync + 'static,
    S: Fn(&T) -> String + Copy + Send + Sync + 'static,
{
    view! {
        <label class="inline">
            {caption}
            <select
                aria-label=label
                disabled=disabled
                prop:value=move || value.with(key)
                on:change=move |ev| {
                    let chosen = event_target_value(&ev);
                    if let Some(item) = options.with(|o| o.iter().find(|o| key(o) == chosen).cloned()) {
                        on_set.run(item);
                    }
                }
            >
                {move || {
                    options
                        .get()
                        .iter()
                        .map(|o| view! { <option value=key(o)>{show(o)}</option> })
                        .collect_view()
                }}
            </select>
        </label>
    }
}
