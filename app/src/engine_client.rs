//! The page's end of the engine worker: starts it, sends commands, hands events to a callback.

use app::protocol::{self, Command, Event};
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};

/// The worker's loader script, copied into the page's files by trunk.
const LOADER: &str = "./worker-loader.js";

pub struct EngineClient {
    worker: Worker,
}

impl EngineClient {
    /// Starts the worker; every event it sends, and any failure of the worker itself, reaches
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
        // The handlers live as long as the page.
        on_message.forget();
        on_error.forget();
        Ok(Self { worker })
    }

    pub fn send(&self, command: &Command) {
        if let Err(error) = self.worker.post_message(&protocol::encode(command).into()) {
            web_sys::console::error_2(&"could not send to the engine worker".into(), &error);
        }
    }
}
