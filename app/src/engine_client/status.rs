//! What a lab shows of its engine worker: where it trains, what happened to it, and a button when
//! it is stopped.

use super::{EngineClient, Slot};
use leptos::prelude::*;
use protocol::Backend;

/// Something the learner should know about a worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// WebGPU was asked for and could not start, so the CPU trains.
    Fallback(String),
    /// The GPU device was lost; the worker moved to the CPU.
    DeviceLost(String),
    /// The worker failed and a fresh one took over.
    Restarted(String),
    /// The second worker, which trained beside the first, stopped; the first trains on alone.
    HelperStopped(String),
}

impl Notice {
    /// The notice in words; `kept` says what the lab carried over.
    pub fn describe(&self, kept: &str) -> String {
        match self {
            Self::Fallback(why) => format!("WebGPU could not start ({why}), so the CPU trains."),
            Self::DeviceLost(why) => format!("The GPU device was lost ({why}). {kept}"),
            Self::Restarted(why) => {
                format!("The engine stopped ({why}) and a new one took over. {kept}")
            }
            Self::HelperStopped(why) => {
                format!("The second worker stopped ({why}), so one worker trains on. {kept}")
            }
        }
    }
}

/// One worker's state, as signals.
#[derive(Clone, Copy)]
pub struct EngineStatus {
    /// The backend it reported; `None` while it starts (or while it is stopped).
    pub backend: RwSignal<Option<Backend>>,
    pub notice: RwSignal<Option<Notice>>,
    /// Why it was left stopped, after failing again and again.
    pub broken: RwSignal<Option<String>>,
    /// Workers that trained most of the last slice: 2 while a second one shares the batches.
    pub workers: RwSignal<usize>,
    /// A second worker is paired with this one, sharing batches or standing by.
    pub helper: RwSignal<bool>,
}

impl EngineStatus {
    pub fn new() -> Self {
        Self {
            backend: RwSignal::new(None),
            notice: RwSignal::new(None),
            broken: RwSignal::new(None),
            workers: RwSignal::new(1),
            helper: RwSignal::new(false),
        }
    }
}

/// Where a lab trains, what happened to its worker, and a way to start it again when it stopped.
/// `worker` is the lab's worker; `kept` says what the lab carries over when it is replaced.
#[component]
pub fn EngineLine(worker: Slot, kept: &'static str) -> impl IntoView {
    let engine = expect_context::<EngineClient>();
    let status = engine.status(worker);
    let backend = move || match (status.broken.get(), status.backend.get()) {
        (Some(_), _) => "The engine is stopped.",
        (None, Some(Backend::WebGpu)) => "Training runs on WebGPU, in a Web Worker.",
        (None, Some(Backend::Cpu)) if status.workers.get() == 2 => {
            "Training runs on the CPU (wasm), in 2 Web Workers: each takes half of every batch."
        }
        (None, Some(Backend::Cpu)) if status.helper.get() => {
            "Training runs on the CPU (wasm), in a Web Worker. A second one stands by: sharing \
             each batch with it measured slower for this model."
        }
        (None, Some(Backend::Cpu)) => "Training runs on the CPU (wasm), in a Web Worker.",
        (None, None) => "Starting the engine…",
    };
    view! {
        <p class="hint engine-backend" role="status">{backend}</p>
        <p class="engine-notice" role="alert">
            {move || status.notice.get().map(|notice| notice.describe(kept))}
        </p>
        {move || {
            status
                .broken
                .get()
                .map(|why| {
                    view! {
                        <p class="engine-broken alarm" role="alert">
                            {format!("The engine could not run: {why}. Your settings are kept. ")}
                            <button on:click=move |_| engine.retry(worker)>"Try again"</button>
                        </p>
                    }
                })
        }}
    }
}
