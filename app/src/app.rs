use crate::backend::{Backend, Choice, Probe, Requested, choose};
use crate::digits::{DigitsLab, DigitsLabView};
use crate::quadratic::{Lab, QuadraticLab};
use crate::webgpu_probe;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

/// The whole page: a header naming the backend, then the labs.
#[component]
pub fn App() -> impl IntoView {
    let lab = Lab::start();
    provide_context(lab);
    let digits = DigitsLab::new();
    provide_context(digits);
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let tab = RwSignal::new(LabTab::from_query(&query));
    let (requested, address_notice) = Requested::from_query(&query);
    let requested = RwSignal::new(requested);
    let probe = RwSignal::new(None::<Probe>);
    let choice = Memo::new(move |_| probe.with(|p| p.as_ref().map(|p| choose(requested.get(), p))));
    spawn_local(async move { probe.set(Some(webgpu_probe::probe().await)) });
    Effect::new(move |_| {
        if let Some(choice) = choice.get() {
            lab.use_backend(choice.backend);
            digits.use_backend(choice.backend);
        }
    });
    Effect::new(move |_| {
        if tab.get() == LabTab::Digits {
            digits.open();
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
            <LabTabs tab />
            <div id="quadratic-panel" role="tabpanel" hidden=move || tab.get() != LabTab::Quadratic>
                <QuadraticLab />
            </div>
            <div id="digits-panel" role="tabpanel" hidden=move || tab.get() != LabTab::Digits>
                <DigitsLabView />
            </div>
        </main>
        <footer class="page-footer">
            <p>"Built with burn, leptos and plotters. The quadratic lab follows fast.ai lesson 3, \"How does a neural net really work?\"; the digits lab, fastbook chapter 4. MNIST by Yann LeCun, Corinna Cortes and Christopher J.C. Burges, CC BY-SA 3.0."</p>
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

/// The labs, one shown at a time; `?lab=digits` opens the Digits lab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LabTab {
    Quadratic,
    Digits,
}

impl LabTab {
    const ALL: [Self; 2] = [Self::Quadratic, Self::Digits];

    /// Its value of `?lab=`.
    fn key(self) -> &'static str {
        match self {
            Self::Quadratic => "quadratic",
            Self::Digits => "digits",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Quadratic => "Quadratic lab",
            Self::Digits => "Digits lab",
        }
    }

    fn from_query(query: &str) -> Self {
        let wanted = web_sys::UrlSearchParams::new_with_str(query)
            .ok()
            .and_then(|params| params.get("lab"));
        Self::ALL
            .into_iter()
            .find(|tab| wanted.as_deref() == Some(tab.key()))
            .unwrap_or(Self::Quadratic)
    }
}

/// Buttons that switch labs; arrow keys move between them, as tabs do.
#[component]
fn LabTabs(tab: RwSignal<LabTab>) -> impl IntoView {
    let select = move |chosen: LabTab| {
        tab.set(chosen);
        set_query("lab", chosen.key());
    };
    let on_key = move |event: leptos::ev::KeyboardEvent| {
        let next = match (event.key().as_str(), tab.get()) {
            ("ArrowRight" | "ArrowLeft", LabTab::Quadratic) => LabTab::Digits,
            ("ArrowRight" | "ArrowLeft", LabTab::Digits) => LabTab::Quadratic,
            _ => return,
        };
        select(next);
        // Focus follows the selection, as in any tab list.
        let index = LabTab::ALL.iter().position(|&t| t == next).unwrap_or(0);
        let button = event
            .current_target()
            .and_then(|nav| nav.dyn_into::<web_sys::Element>().ok())
            .and_then(|nav| nav.query_selector_all("[role=tab]").ok())
            .and_then(|tabs| tabs.item(index as u32))
            .and_then(|button| button.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(button) = button {
            let _ = button.focus();
        }
    };
    view! {
        <nav class="lab-tabs" role="tablist" aria-label="labs" on:keydown=on_key>
            {LabTab::ALL
                .map(|which| {
                    view! {
                        <button
                            role="tab"
                            aria-selected=move || (tab.get() == which).to_string()
                            tabindex=move || if tab.get() == which { "0" } else { "-1" }
                            on:click=move |_| select(which)
                        >
                            {which.label()}
                        </button>
                    }
                })}
        </nav>
    }
}

/// Puts `?backend=` in the address, so a reload or a shared link keeps the choice.
fn remember_in_address(requested: Requested) {
    set_query("backend", requested.as_query_value());
}

/// Sets one parameter of the address, keeping the others, without a reload.
fn set_query(key: &str, value: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let search = window.location().search().unwrap_or_default();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return;
    };
    params.set(key, value);
    let url = format!("?{}", String::from(params.to_string()));
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
