use crate::quadratic::{Lab, QuadraticLab};
use leptos::prelude::*;

/// The whole page: a header naming the backend, then the labs.
#[component]
pub fn App() -> impl IntoView {
    let lab = Lab::start();
    provide_context(lab);
    let backend = move || match lab.backend.get() {
        Some(name) => format!("Backend: {name}"),
        None => "Backend: starting…".into(),
    };
    view! {
        <header class="page-header">
            <h1>"Descent"</h1>
            <p class="tagline">"See how a neural network learns, by touching it."</p>
            <span
                class="backend-badge"
                role="status"
                aria-label="backend"
                title="The engine runs in a Web Worker, on burn's pure-Rust CPU backend compiled to WebAssembly."
            >
                {backend}
            </span>
        </header>
        <main>
            <QuadraticLab />
        </main>
        <footer class="page-footer">
            <p>"Built with burn, leptos and plotters. The quadratic lab follows fast.ai lesson 3, \"How does a neural net really work?\""</p>
        </footer>
    }
}
