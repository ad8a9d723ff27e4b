use crate::quadratic::{Lab, QuadraticLab};
use crate::webgpu_probe;
use app::backend::{Choice, Requested, choose};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The whole page: a header naming the backend, then the labs.
#[component]
pub fn App() -> impl IntoView {
    let lab = Lab::start();
    provide_context(lab);
    let backend = move || match lab.backend.get() {
        Some(name) => format!("Backend: {name}"),
        None => "Backend: starting…".into(),
    };
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let (requested, address_notice) = Requested::from_query(&query);
    let choice = RwSignal::new(None::<Choice>);
    spawn_local(async move {
        let probe = webgpu_probe::probe().await;
        choice.set(Some(choose(requested, &probe)));
    });
    let why = move || match choice.get() {
        Some(choice) => format!("{} The engine runs in a Web Worker.", choice.reason),
        None => "Checking what WebGPU this browser offers…".into(),
    };
    view! {
        <header class="page-header">
            <h1>"Descent"</h1>
            <p class="tagline">"See how a neural network learns, by touching it."</p>
            <span
                class="backend-badge"
                role="status"
                aria-label="backend"
                title=why
            >
                {backend}
            </span>
            {address_notice
                .map(|notice| view! { <p class="address-notice" role="status">{notice}</p> })}
        </header>
        <main>
            <QuadraticLab />
        </main>
        <footer class="page-footer">
            <p>"Built with burn, leptos and plotters. The quadratic lab follows fast.ai lesson 3, \"How does a neural net really work?\""</p>
        </footer>
    }
}
