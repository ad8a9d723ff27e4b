//! The page's end of the engine worker: starts it, sends commands, hands events to a callback.
//! Dropping the client ends its worker, and nothing it still had to say arrives afterwards.

use leptos::prelude::{LocalStorage, RwSignal, Set, StoredValue, WithValue};
use protocol::{Backend, Command, Event};
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};

/// The worker's loader script, copied into the page's files by trunk.
const LOADER: &str = "./worker-loader.js";

pub struct EngineClient {
    worker: Worker,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(ErrorEvent)>,
}

impl EngineClient {
    /// Starts a worker; every event it sends, and any failure of the worker itself, reaches
    /// `on_event`.
    pub fn start(on_event: impl Fn(Event) + 'static) -> Result<Self, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Classic);
        let worker = Worker::new_with_options(LOADER, &options)
            .map_err(|e| format!("could not start the engine worker: {e:?}"))?;
        let on_event = std::rc::Rc::new(on_event);
        let deliver = on_event.clone();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |message: MessageEvent| {
            let text = message.data().as_string().unwrap_or_default();
            deliver(
                protocol::decode::<Event>(&text).unwrap_or_else(|error| Event::Error {
                    request: None,
                    message: error.to_string(),
                }),
            );
        });
        let on_error = Closure::<dyn Fn(ErrorEvent)>::new(move |error: ErrorEvent| {
            on_event(Event::Error {
                request: None,
                message: format!("the engine worker failed: {}", error.message()),
            });
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Self {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    pub fn send(&self, command: &Command) {
        if let Err(error) = self.worker.post_message(&protocol::encode(command).into()) {
            web_sys::console::error_2(&"could not send to the engine worker".into(), &error);
        }
    }
}

/// Sends through the client in `slot`, if one is running.
pub fn send_via(slot: StoredValue<Option<EngineClient>, LocalStorage>, command: &Command) {
    slot.with_value(|engine| {
        if let Some(engine) = engine {
            engine.send(command);
        }
    });
}

/// What a lab shows of its engine worker: the backend the worker reported (`None` while it
/// starts), and why that is not the backend asked for, when so.
#[derive(Clone, Copy)]
pub struct WorkerStatus {
    pub backend: RwSignal<Option<Backend>>,
    pub notice: RwSignal<Option<String>>,
}

impl WorkerStatus {
    pub fn new() -> Self {
        Self {
            backend: RwSignal::new(None),
            notice: RwSignal::new(None),
        }
    }

    /// Takes the worker's news about itself (`Ready`, `DeviceLost`) and passes every other event
    /// on. A lost device is said, with `kept` (what the lab carries over), and `to_cpu` moves the
    /// lab to the CPU.
    pub fn observe(
        self,
        event: Event,
        kept: &'static str,
        to_cpu: impl FnOnce() + 'static,
    ) -> Option<Event> {
        match event {
            Event::Ready { backend, fallback } => {
                self.backend.set(Some(backend));
                if let Some(why) = fallback {
                    self.notice.set(Some(format!(
                        "WebGPU could not start ({why}), so the CPU trains."
                    )));
                }
                None
            }
            Event::DeviceLost { message } => {
                self.notice
                    .set(Some(format!("The GPU device was lost ({message}). {kept}")));
                // Not from inside the old worker's own message handler, which the switch drops.
                leptos::task::spawn_local(async move { to_cpu() });
                None
            }
            other => Some(other),
        }
    }
}

impl Drop for EngineClient {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}
