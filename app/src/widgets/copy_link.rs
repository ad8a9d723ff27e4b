//! A lab's link: the notice naming the address's settings it could not use, and "Copy link" (the
//! page's address with the lab's settings, on the clipboard, to share or keep).

use crate::address;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Puts the lab's settings (`pairs`) in the address at once, then copies the address; where the
/// browser refuses the clipboard, the link is shown to copy by hand.
#[component]
fn CopyLink(pairs: Callback<(), Vec<(&'static str, String)>>) -> impl IntoView {
    let said = RwSignal::new(None::<String>);
    let copy = move |_| {
        address::set_queries(pairs.run(()));
        let Some(window) = web_sys::window() else {
            return;
        };
        let link = window.location().href().unwrap_or_default();
        spawn_local(async move {
            said.set(Some(match crate::files::copy(&link).await {
                true => "Link copied: it opens this lab as it is now.".into(),
                false => format!("Copy this link: {link}"),
            }));
        });
    };
    view! {
        <span class="copy-link">
            <button on:click=copy>"Copy link"</button>
            <output role="status" aria-label="link">{move || said.get()}</output>
        </span>
    }
}

/// The notice (empty, and hidden, when every setting was used) and [`CopyLink`].
#[component]
pub fn LabLink(
    notice: RwSignal<Option<String>>,
    pairs: Callback<(), Vec<(&'static str, String)>>,
) -> impl IntoView {
    view! {
        <p class="address-notice" role="alert">{move || notice.get()}</p>
        <CopyLink pairs />
    }
}
