//! The page's address as state: reading its parameters and changing them without a reload, so
//! a reload or a shared link keeps what was chosen.

use descent_core::settings::LabSetup;
use leptos::prelude::{Effect, SetValue, StoredValue, UpdateValue, WithValue, set_timeout};
use std::time::Duration;

/// The address's query (`?a=1&b=2`), or nothing.
pub fn query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Every parameter of the address, in order.
pub fn pairs() -> Vec<(String, String)> {
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&query()) else {
        return Vec::new();
    };
    let entries = js_sys::try_iter(&params.entries()).ok().flatten();
    entries
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let pair: js_sys::Array = entry.ok()?.into();
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

/// A lab's setup as the address describes it, with a notice naming the settings it could not
/// use, if any.
pub fn setup<S: LabSetup>(lab: &str) -> (S, Option<String>) {
    let pairs = pairs();
    let (setup, refused) = S::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let notice = (!refused.is_empty()).then(|| {
        format!(
            "The address had settings the {lab} lab cannot use ({}), so their defaults are used.",
            refused.join(", ")
        )
    });
    (setup, notice)
}

/// Sets one parameter of the address, keeping the others.
pub fn set_query(key: &str, value: &str) {
    set_queries([(key, value.to_string())]);
}

/// Sets these parameters of the address, keeping the others, without a reload.
pub fn set_queries<'a>(values: impl IntoIterator<Item = (&'a str, String)>) {
    edit_queries(|params| {
        for (key, value) in values {
            params.set(key, &value);
        }
    });
}

/// Takes a parameter out of the address, keeping the others, without a reload.
pub fn remove_query(key: &str) {
    edit_queries(|params| params.delete(key));
}

fn edit_queries(edit: impl FnOnce(&web_sys::UrlSearchParams)) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&query()) else {
        return;
    };
    edit(&params);
    let url = format!("?{}", String::from(params.to_string()));
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Keeps the pairs `pairs` gives (a lab's settings) in the address from their first change on:
/// written a quarter second after a change, so a run that changes them every frame writes a few
/// times a second (browsers throttle faster changes of the address). A key of `optional` that the
/// pairs leave out is taken out of the address.
pub fn follow(
    optional: Vec<&'static str>,
    pairs: impl Fn() -> Vec<(&'static str, String)> + 'static,
) {
    let pending = StoredValue::new(None::<Vec<(&'static str, String)>>);
    Effect::new(move |previous: Option<()>| {
        let now = pairs();
        if previous.is_none() {
            return;
        }
        let scheduled = pending.with_value(Option::is_some);
        pending.set_value(Some(now));
        if !scheduled {
            let optional = optional.clone();
            set_timeout(
                move || {
                    if let Some(Some(pairs)) = pending.try_update_value(Option::take) {
                        for key in &optional {
                            if !pairs.iter().any(|(k, _)| k == key) {
                                remove_query(key);
                            }
                        }
                        set_queries(pairs);
                    }
                },
                Duration::from_millis(250),
            );
        }
    });
}
