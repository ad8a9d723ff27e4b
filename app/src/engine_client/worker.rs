//! One engine worker as the page holds it: started from the loader script, messages in and out
//! as bytes, and everything it can say (or fail to say) as one [`Incoming`]. Dropping the handle
//! ends the worker, and nothing it still had to say arrives afterwards.

use protocol::{Backend, FromWorker, ProtocolError, ToWorker};
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, Event, MessageEvent, Worker, WorkerOptions, WorkerType};

/// The worker's loader script, copied into the page's files by trunk; `?engine=` names the engine
/// it loads.
const LOADER: &str = "./worker-loader.js";

/// The engine build a worker loads. The CPU engine is a fraction of the WebGPU one's size, so a
/// page that does not train on WebGPU never downloads the GPU runtime.
fn engine_for(backend: Backend) -> &'static str {
    match backend {
        Backend::Cpu => "cpu",
        Backend::WebGpu => "webgpu",
    }
}

/// What arrives from a worker.
pub enum Incoming {
    /// The loader's heartbeat: the worker's thread is free.
    Alive,
    /// The loader could not fetch, compile or start the engine's wasm.
    CouldNotStart(String),
    /// An error the worker did not catch (a wasm trap after a panic, a thrown exception).
    Threw(String),
    Message(Box<Result<FromWorker, ProtocolError>>),
}

pub struct WorkerHandle {
    worker: Worker,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(Event)>,
}

impl WorkerHandle {
    /// Starts a worker running the engine that can train on `backend` for the labs of `slot`; a
    /// `helper` only computes the halves of batches another worker shares with it (its address
    /// says both, so DevTools and the tests can tell the workers apart).
    pub fn start(
        backend: Backend,
        slot: &str,
        helper: bool,
        on_incoming: impl Fn(Incoming) + 'static,
    ) -> Result<Self, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Classic);
        // The loader picks the engine by this name: once the service worker serves the loader,
        // the worker's own address is the cached response's, without this query (measured: the
        // CPU engine then loaded where WebGPU was asked for).
        options.set_name(&format!("engine_{}", engine_for(backend)));
        let role = if helper { "&role=helper" } else { "" };
        let url = format!("{LOADER}?engine={}&slot={slot}{role}", engine_for(backend));
        let worker = Worker::new_with_options(&url, &options)
            .map_err(|e| format!("the browser refused to start a worker ({e:?})"))?;
        let on_incoming = std::rc::Rc::new(on_incoming);
        let deliver = on_incoming.clone();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |message: MessageEvent| {
            deliver(read(message.data()));
        });
        // An `ErrorEvent` for an error thrown in the worker; a plain `Event` when its script
        // could not be loaded at all (reading a message from that threw in the page).
        let on_error = Closure::<dyn Fn(Event)>::new(move |event: Event| {
            // Handled here: the page says so in words, so the browser need not log it again.
            event.prevent_default();
            let message = error_message(&event);
            on_incoming(Incoming::Threw(
                message.unwrap_or_else(|| "the worker failed to load".into()),
            ));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Self {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Posts a message, handing over its bytes rather than copying them.
    pub fn post(&self, message: &ToWorker) {
        let bytes = js_sys::Uint8Array::from(protocol::encode(message).as_slice());
        let transfer = js_sys::Array::of1(&bytes.buffer());
        if let Err(error) = self.worker.post_message_with_transfer(&bytes, &transfer) {
            web_sys::console::error_2(&"could not send to the engine worker".into(), &error);
        }
    }

    /// Hands the worker its end of a channel to another engine worker.
    pub fn post_port(&self, port: &web_sys::MessagePort) {
        if let Err(error) = self
            .worker
            .post_message_with_transfer(port, &js_sys::Array::of1(port))
        {
            web_sys::console::error_2(&"could not pair the engine workers".into(), &error);
        }
    }
}

/// What a worker's `error` event says: an `ErrorEvent`'s message for an error thrown in it;
/// nothing for a plain `Event`, sent when its script could not be loaded at all.
pub fn error_message(event: &Event) -> Option<String> {
    event
        .dyn_ref::<ErrorEvent>()
        .map(ErrorEvent::message)
        .filter(|message| !message.is_empty())
}

/// Protocol messages are bytes; the loader speaks in short strings.
fn read(data: JsValue) -> Incoming {
    if let Some(text) = data.as_string() {
        return match text.strip_prefix("failed: ") {
            Some(why) => Incoming::CouldNotStart(why.to_string()),
            None if text == "alive" => Incoming::Alive,
            None => Incoming::Message(Box::new(Err(ProtocolError::Malformed(format!(
                "unexpected text {text:?}"
            ))))),
        };
    }
    Incoming::Message(Box::new(match data.dyn_into::<js_sys::Uint8Array>() {
        Ok(bytes) => protocol::decode(&bytes.to_vec()),
        Err(_) => Err(ProtocolError::Malformed("the message is not bytes".into())),
    }))
}

impl Drop for WorkerHandle {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}
