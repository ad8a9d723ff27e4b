//! Installable and offline: registers the service worker (`app/sw.js`, its precache list written
//! in by `cargo xtask dist`), and offers a new version once one has been downloaded.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState,
};

const SCRIPT: &str = "/sw.js";
/// What the waiting service worker takes as "take over now" (app/sw.js).
const TAKE_OVER: &str = "take-over";

/// The browser's service workers, where it has them (not on plain http other than localhost).
fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    js_sys::Reflect::has(&navigator, &"serviceWorker".into())
        .unwrap_or(false)
        .then(|| navigator.service_worker())
}

/// Registers the service worker; the returned signal holds the registration once a new version
/// of the page is waiting (never on the first visit, which has nothing to replace).
pub fn register() -> ReadSignal<Option<ServiceWorkerRegistration>, LocalStorage> {
    let (waiting, set_waiting) = signal_local(None::<ServiceWorkerRegistration>);
    let Some(container) = container() else {
        return waiting;
    };
    spawn_local(async move {
        // Without one, the page works as before, only not offline.
        let registration = match JsFuture::from(container.register(SCRIPT)).await {
            Ok(registration) => match registration.dyn_into::<ServiceWorkerRegistration>() {
                Ok(registration) => registration,
                // A browser (or a test harness) that blocks service workers.
                Err(_) => return,
            },
            Err(error) => {
                web_sys::console::warn_2(&"no service worker: ".into(), &error);
                return;
            }
        };
        // A worker that installs while another controls the page is a new version; the first one
        // installs with none.
        let is_update = move || container.controller().is_some();
        if is_update() && registration.waiting().is_some() {
            set_waiting.set(Some(registration.clone()));
        }
        // Says so once a new version has installed.
        let watch = {
            let registration = registration.clone();
            move |installing: ServiceWorker| {
                let registration = registration.clone();
                let is_update = is_update.clone();
                let worker = installing.clone();
                let on_state = Closure::<dyn Fn()>::new(move || {
                    if worker.state() == ServiceWorkerState::Installed && is_update() {
                        set_waiting.set(Some(registration.clone()));
                    }
                });
                installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
                on_state.forget();
            }
        };
        // One may already be installing: the check that `register` starts can beat this code.
        if let Some(installing) = registration.installing() {
            watch(installing);
        }
        let watched = registration.clone();
        let on_update = Closure::<dyn Fn()>::new(move || {
            if let Some(installing) = watched.installing() {
                watch(installing);
            }
        });
        registration.set_onupdatefound(Some(on_update.as_ref().unchecked_ref()));
        // The registration lives as long as the page.
        on_update.forget();
    });
    waiting
}

/// Lets the waiting version take over, and reloads the page into it once it has.
fn update(registration: &ServiceWorkerRegistration) {
    let Some(container) = container() else {
        return;
    };
    let reload = Closure::once_into_js(|| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    container.set_oncontrollerchange(Some(reload.unchecked_ref()));
    if let Some(waiting) = registration.waiting() {
        let _ = waiting.post_message(&TAKE_OVER.into());
    }
}

/// "A new version is ready", with the button that loads it.
#[component]
pub fn UpdateBanner(
    waiting: ReadSignal<Option<ServiceWorkerRegistration>, LocalStorage>,
) -> impl IntoView {
    move || {
        waiting.get().map(|registration| {
            view! {
                <p class="update-ready" role="status">
                    "A new version of Descent is ready. "
                    <button on:click=move |_| update(&registration)>"Reload to update"</button>
                </p>
            }
        })
    }
}
