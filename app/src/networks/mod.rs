//! The ReLU lab and the Network playground (the rest of fast.ai lesson 3, and HOML chapter 10).
//! They share one engine worker, started when either is first opened; its events go to the lab
//! that asked, by id.

pub mod playground;
pub mod relu;

use crate::backend::Backend;
use crate::engine_client::{EngineClient, WorkerStatus, send_via};
use leptos::prelude::*;
use playground::Playground;
use protocol::{Command, Event};
use relu::ReluLab;

/// The worker the two labs share, and what it said about itself.
#[derive(Clone, Copy)]
pub struct Engine {
    client: StoredValue<Option<EngineClient>, LocalStorage>,
    pub worker: WorkerStatus,
    /// One counter for both labs' runs and requests, so an id names one lab's command.
    last_id: StoredValue<u64>,
}

impl Engine {
    pub fn send(self, command: &Command) {
        send_via(self.client, command);
    }

    pub fn next_id(self) -> u64 {
        self.last_id.update_value(|id| *id += 1);
        self.last_id.get_value()
    }
}

/// Where the labs' training runs, and why not where it was asked to, if so.
#[component]
fn EngineLine() -> impl IntoView {
    let engine = expect_context::<Networks>().engine;
    let describe = move || match engine.worker.backend.get() {
        Some(Backend::WebGpu) => "Training runs on WebGPU, in a Web Worker.",
        Some(Backend::Cpu) => "Training runs on the CPU (wasm), in a Web Worker.",
        None => "Starting the engine…",
    };
    view! {
        <p class="hint">{describe}</p>
        <p class="address-notice engine-notice" role="alert">{move || engine.worker.notice.get()}</p>
    }
}

#[derive(Clone, Copy)]
pub struct Networks {
    pub engine: Engine,
    pub relu: ReluLab,
    pub playground: Playground,
    chosen_backend: StoredValue<Option<Backend>>,
    opened: StoredValue<bool>,
}

impl Networks {
    /// `quadratic` is the Quadratic lab's points, one of the ReLU lab's targets.
    pub fn new(quadratic: Signal<engine::Points>) -> Self {
        let engine = Engine {
            client: StoredValue::new_local(None),
            worker: WorkerStatus::new(),
            last_id: StoredValue::new(0),
        };
        Self {
            engine,
            relu: ReluLab::new(engine, quadratic),
            playground: Playground::from_address(engine),
            chosen_backend: StoredValue::new(None),
            opened: StoredValue::new(false),
        }
    }

    /// One of the labs became visible: start the worker, once.
    pub fn open(self) {
        if !self.opened.get_value() {
            self.opened.set_value(true);
            self.start_engine();
        }
    }

    /// Train on `backend` from now on: a running worker is replaced, and both labs carry on.
    pub fn use_backend(self, backend: Backend) {
        if self.chosen_backend.get_value() != Some(backend) {
            self.chosen_backend.set_value(Some(backend));
            self.start_engine();
        }
    }

    fn start_engine(self) {
        self.engine.client.set_value(None);
        let (true, Some(backend)) = (self.opened.get_value(), self.chosen_backend.get_value())
        else {
            return;
        };
        self.engine.worker.backend.set(None);
        match EngineClient::start(move |event| self.receive(event)) {
            Ok(client) => {
                client.send(&Command::UseBackend { backend });
                self.engine.client.set_value(Some(client));
                self.relu.engine_started();
                self.playground.engine_started();
            }
            Err(reason) => self.engine.worker.notice.set(Some(reason)),
        }
    }

    fn receive(self, event: Event) {
        let kept = "These labs moved to the CPU; your settings are kept.";
        let Some(event) = self
            .engine
            .worker
            .observe(event, kept, move || self.use_backend(Backend::Cpu))
        else {
            return;
        };
        match event {
            Event::RelusFitted { run, sum, steps } => self.relu.fitted(run, sum, steps),
            Event::PlaygroundReady {
                run,
                data,
                scores,
                picture,
            } => self.playground.ready(run, data, scores, picture),
            Event::PlaygroundTrained {
                run,
                steps,
                scores,
                picture,
            } => self.playground.trained(run, steps, scores, picture),
            Event::PlaygroundRates { request, curve } => self.playground.rates(request, curve),
            Event::Error { request, message } => {
                self.relu.failed(request, &message);
                self.playground.failed(request, message);
            }
            // Other labs' answers: these labs never ask for them.
            _ => {}
        }
    }
}
