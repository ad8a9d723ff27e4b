//! A bug anywhere in the page, a Rust panic or an uncaught exception, is said in the page, not
//! only in the console: a banner at the top, written with plain DOM calls, since after a panic
//! the page's own views may no longer update.

use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, PromiseRejectionEvent};

const BANNER: &str = "page-fault";

pub fn watch_for_bugs() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&message.clone().into());
        show(&message);
    }));
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_error = Closure::<dyn Fn(ErrorEvent)>::new(|event: ErrorEvent| show(&event.message()));
    let on_rejection =
        Closure::<dyn Fn(PromiseRejectionEvent)>::new(|event: PromiseRejectionEvent| {
            let reason = event.reason();
            let text = reason
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .or_else(|| reason.as_string())
                .unwrap_or_else(|| format!("{reason:?}"));
            show(&text);
        });
    let _ = window.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback(
        "unhandledrejection",
        on_rejection.as_ref().unchecked_ref(),
    );
    // They watch for as long as the page lives.
    on_error.forget();
    on_rejection.forget();
}

/// Shows the first fault; later ones (a panic's trap follows the panic) keep it.
fn show(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id(BANNER).is_some() {
        return;
    }
    let (Ok(banner), Some(body)) = (document.create_element("p"), document.body()) else {
        return;
    };
    banner.set_id(BANNER);
    let _ = banner.set_attribute("role", "alert");
    banner.set_text_content(Some(&format!(
        "Something went wrong in the page: {message}. Reload the page to go on; the address keeps your lab and playground settings."
    )));
    let _ = body.prepend_with_node_1(&banner);
}
