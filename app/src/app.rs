use crate::backend::{Backend, Choice, Probe, Requested, choose};
use crate::quadratic::{Lab, QuadraticLab};
use crate::webgpu_probe;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The whole page: a header naming the backend, then the labs.
#[component]
pub fn App() -> impl IntoView {
    let lab = Lab::start();
    provide_context(lab);
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let (requested, address_notice) = Requested::from_query(&query);
    let requested = RwSignal::new(requested);
    let probe = RwSignal::new(None::<Probe>);
    let choice = Memo::new(move |_| probe.with(|p| p.as_ref().map(|p| choose(requested.get(), p))));
    spawn_local(async move { probe.set(Some(webgpu_probe::probe().await)) });
    Effect::new(move |_| {
        if let Some(choice) = choice.get() {
            lab.use_backend(choice.backend);
        }
    });
    view! {
        <header class="page-header">
            <h1>"Descent"</h1>
            <p class="tagline">"See how a neural network learns, by touching it."</p>
            <BackendBadge choice />
            <BackendPicker requested />
            {address_notice
                .map(|notice| view! { <p class="address-notice" role="status">{notice}</p> })}
            <p class="backend-notice" role="alert">
                {move || lab.backend_notice.get()}
            </p>
        </header>
        <main>
            <QuadraticLab />
        </main>
        <footer class="page-footer">
            <p>"Built with burn, leptos and plotters. The quadratic lab follows fast.ai lesson 3, \"How does a neural net really work?\""</p>
        </footer>
    }
}

/// Names the backend the engine runs on; its tooltip says why.
#[component]
fn BackendBadge(choice: Memo<Option<Choice>>) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let text = move || match lab.backend.get() {
        Some(Backend::WebGpu) => {
            let adapter = choice.with(|c| c.as_ref().and_then(|c| c.adapter.clone()));
            format!("Backend: WebGPU ({})", adapter.unwrap_or_default())
        }
        Some(Backend::Cpu) => "Backend: CPU (wasm)".into(),
        None => "Backend: starting…".into(),
    };
    let why = move || {
        let reason = lab
            .backend_notice
            .get()
            .or_else(|| choice.get().map(|c| c.reason));
        match reason {
            Some(reason) => format!("{reason} The engine runs in a Web Worker."),
            None => "Checking what WebGPU this browser offers…".into(),
        }
    };
    view! {
        <span class="backend-badge" role="status" aria-label="backend" title=why>
            {text}
        </span>
    }
}

/// Lets the learner force a backend; the choice is kept in the address (`?backend=`).
#[component]
fn BackendPicker(requested: RwSignal<Requested>) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let options = [
        (Requested::Auto, "Automatic"),
        (Requested::WebGpu, "WebGPU"),
        (Requested::Cpu, "CPU"),
    ];
    let on_change = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        let Some((chosen, _)) = options.iter().find(|(r, _)| r.as_query_value() == value) else {
            return;
        };
        lab.backend_notice.set(None);
        requested.set(*chosen);
        remember_in_address(*chosen);
    };
    view! {
        <label class="backend-picker">
            "Train on "
            <select on:change=on_change prop:value=move || requested.get().as_query_value()>
                {options
                    .map(|(request, label)| {
                        view! { <option value=request.as_query_value()>{label}</option> }
                    })}
            </select>
        </label>
    }
}

/// Puts `?backend=` in the address, so a reload or a shared link keeps the choice.
fn remember_in_address(requested: Requested) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let url = format!("?backend={}", requested.as_query_value());
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
