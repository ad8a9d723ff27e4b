use crate::address::set_query;
use crate::backend::{Backend, Choice, Probe, Requested, choose};
use crate::digits::{DigitsLab, DigitsLabView};
use crate::networks::Networks;
use crate::networks::playground::PlaygroundView;
use crate::networks::relu::ReluLabView;
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
    let networks = Networks::new(lab.points.into());
    provide_context(networks);
    let query = crate::address::query();
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
            networks.use_backend(choice.backend);
        }
    });
    Effect::new(move |_| match tab.get() {
        LabTab::Digits => digits.open(),
        LabTab::Relu | LabTab::Playground => networks.open(),
        LabTab::Quadratic => {}
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
                {move || lab.worker.notice.get()}
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
            <div id="relu-panel" role="tabpanel" hidden=move || tab.get() != LabTab::Relu>
                <ReluLabView />
            </div>
            <div id="playground-panel" role="tabpanel" hidden=move || tab.get() != LabTab::Playground>
                <PlaygroundView />
            </div>
        </main>
        <footer class="page-footer">
            <p>"Built with burn, leptos and plotters. The quadratic and ReLU labs follow fast.ai lesson 3, \"How does a neural net really work?\"; the digits lab, fastbook chapter 4; the playground, Hands-On Machine Learning chapter 10 and TensorFlow Playground. MNIST by Yann LeCun, Corinna Cortes and Christopher J.C. Burges, CC BY-SA 3.0."</p>
        </footer>
    }
}

/// Names the backend the engine runs on; its tooltip says why.
#[component]
fn BackendBadge(choice: Memo<Option<Choice>>) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let text = move || match lab.worker.backend.get() {
        Some(Backend::WebGpu) => {
            let adapter = choice.with(|c| c.as_ref().and_then(|c| c.adapter.clone()));
            format!("Backend: WebGPU ({})", adapter.unwrap_or_default())
        }
        Some(Backend::Cpu) => "Backend: CPU (wasm)".into(),
        None => "Backend: starting…".into(),
    };
    let why = move || {
        let reason = lab
            .worker
            .notice
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
        lab.worker.notice.set(None);
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
    Relu,
    Playground,
}

impl LabTab {
    const ALL: [Self; 4] = [Self::Quadratic, Self::Digits, Self::Relu, Self::Playground];

    /// Its value of `?lab=`.
    fn key(self) -> &'static str {
        match self {
            Self::Quadratic => "quadratic",
            Self::Digits => "digits",
            Self::Relu => "relu",
            Self::Playground => "playground",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Quadratic => "Quadratic lab",
            Self::Digits => "Digits lab",
            Self::Relu => "ReLU lab",
            Self::Playground => "Network playground",
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
        let count = LabTab::ALL.len();
        let current = LabTab::ALL
            .iter()
            .position(|&t| t == tab.get())
            .unwrap_or(0);
        let index = match event.key().as_str() {
            "ArrowRight" => (current + 1) % count,
            "ArrowLeft" => (current + count - 1) % count,
            "Home" => 0,
            "End" => count - 1,
            _ => return,
        };
        let next = LabTab::ALL[index];
        select(next);
        // Focus follows the selection, as in any tab list.
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
