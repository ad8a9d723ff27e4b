//! The engine worker: runs the engine off the page's main thread, answering each request once,
//! one at a time, so training never blocks drawing or input.
//!
//! It is built twice (README, "A light first load"): `engine_cpu`, on burn's CPU backend only,
//! which every page loads; and `engine_webgpu` (the `webgpu` feature), which adds burn's WebGPU
//! runtime, several times the size, and is fetched only when the page trains on WebGPU.

mod clock;
mod digits;
mod download;
mod finder;
mod peer;
mod playground;
mod quadratic;
mod relu;
mod slices;
mod tensors;
mod titanic;

use engine::{Device, EngineError};
use peer::Peer;
use protocol::{Backend, Command, Event, FromWorker, RequestId, ToWorker};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, MessagePort};

/// The global function `worker-loader.js` calls when the GPU device is lost.
const DEVICE_LOST_HOOK: &str = "engineDeviceLost";
/// WebGPU that has not started after this long is given up for the CPU (a browser can leave
/// `requestAdapter` or `requestDevice` unanswered).
#[cfg(feature = "webgpu")]
const WEBGPU_START_LIMIT_MS: i32 = 10_000;

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Posts a message to the page, handing over its bytes rather than copying them.
fn post(message: &FromWorker) {
    let bytes = js_sys::Uint8Array::from(protocol::encode(message).as_slice());
    let transfer = js_sys::Array::of1(&bytes.buffer());
    if let Err(error) = scope().post_message_with_transfer(&bytes, &transfer) {
        web_sys::console::error_2(&"engine worker could not post".into(), &error);
    }
}

/// Starts the worker: called by each engine's `main`.
pub fn run() {
    // A panic leaves the engine in no state to go on: the page is told, and starts a new worker.
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&format!("engine worker: {message}").into());
        post(&FromWorker::Panicked { message });
    }));
    let worker = Rc::new(EngineWorker::default());
    let receiver = worker.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        receiver.clone().receive(event.data());
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    let reporter = worker.clone();
    let on_device_lost = Closure::<dyn Fn(String)>::new(move |message: String| {
        reporter.lost.set(true);
        reporter.queue.borrow_mut().clear();
        post(&FromWorker::DeviceLost { message });
    });
    if let Err(error) =
        js_sys::Reflect::set(&scope(), &DEVICE_LOST_HOOK.into(), on_device_lost.as_ref())
    {
        web_sys::console::error_2(
            &"engine worker could not watch the GPU device".into(),
            &error,
        );
    }
    // The worker lives as long as the page keeps it: its handlers are never dropped.
    on_message.forget();
    on_device_lost.forget();
}

#[derive(Default)]
struct EngineWorker {
    /// Set once by `Start`; until then requests wait in the queue.
    device: RefCell<Option<Device>>,
    queue: RefCell<VecDeque<(RequestId, Command)>>,
    /// Whether a task is draining the queue (or starting the device); requests then wait.
    busy: Cell<bool>,
    /// Set when the GPU device is lost: from then on the page moves to a new worker, and what
    /// fails here is not worth reporting.
    lost: Cell<bool>,
    /// The other engine worker this one trains with, when the page has paired them.
    peer: RefCell<Option<Rc<Peer>>>,
    labs: Handlers,
}

impl EngineWorker {
    fn receive(self: Rc<Self>, data: JsValue) {
        // A port to another engine worker: from now on they train together.
        let data = match data.dyn_into::<MessagePort>() {
            Ok(port) => {
                *self.peer.borrow_mut() = Some(Rc::new(Peer::new(port)));
                return;
            }
            Err(data) => data,
        };
        let message = match data.dyn_into::<js_sys::Uint8Array>() {
            Ok(bytes) => protocol::decode::<ToWorker>(&bytes.to_vec()).map_err(|e| e.to_string()),
            Err(_) => Err("the message is not bytes".into()),
        };
        match message {
            Ok(ToWorker::Start { backend }) => self.start_device(backend),
            Ok(ToWorker::Request { id, command }) => {
                if let Command::Digits(protocol::digits::Command::Load { .. }) = command {
                    self.labs.digits.cancel_load();
                }
                self.queue.borrow_mut().push_back((id, command));
                self.drain_soon();
            }
            Err(message) => post(&FromWorker::Refused { message }),
        }
    }

    /// Starts a drain unless one is running or there is no device yet.
    fn drain_soon(self: Rc<Self>) {
        if self.device.borrow().is_some() && !self.busy.replace(true) {
            wasm_bindgen_futures::spawn_local(self.drain());
        }
    }

    /// Starts the device once; WebGPU that cannot start falls back to the CPU, and says why.
    fn start_device(self: Rc<Self>, backend: Backend) {
        if self.device.borrow().is_some() || self.busy.replace(true) {
            return post(&FromWorker::Refused {
                message: "the engine's backend is already chosen".into(),
            });
        }
        wasm_bindgen_futures::spawn_local(async move {
            let (device, backend, fallback) = match backend {
                Backend::Cpu => (engine::cpu_device(), Backend::Cpu, None),
                Backend::WebGpu => match webgpu_device().await {
                    Ok(device) => (device, Backend::WebGpu, None),
                    Err(why) => (engine::cpu_device(), Backend::Cpu, Some(why)),
                },
            };
            *self.device.borrow_mut() = Some(device);
            post(&FromWorker::Ready { backend, fallback });
            self.busy.set(false);
            self.drain_soon();
        });
    }

    async fn drain(self: Rc<Self>) {
        loop {
            let next = self.queue.borrow_mut().pop_front();
            let Some((id, command)) = next else { break };
            let answer = match self.handle(id, command).await {
                Ok(event) => FromWorker::Reply { id, event },
                Err(error) => {
                    if self.lost_meanwhile().await {
                        break;
                    }
                    FromWorker::Failed {
                        id,
                        message: error.to_string(),
                    }
                }
            };
            post(&answer);
        }
        self.busy.set(false);
    }

    /// Whether the GPU device has been lost. A lost device fails the work in flight before its
    /// `lost` promise settles (a round trip to the GPU process), so this gives it up to half a
    /// second; only failures pay that wait.
    async fn lost_meanwhile(&self) -> bool {
        for _ in 0..10 {
            if self.lost.get() {
                return true;
            }
            clock::sleep(50).await;
        }
        self.lost.get()
    }

    async fn handle(&self, id: RequestId, command: Command) -> Result<Event, EngineError> {
        let device = self
            .device
            .borrow()
            .clone()
            .ok_or_else(|| EngineError::Unavailable("the engine has not started".into()))?;
        let peer = self.peer.borrow().clone();
        let progress = |event: Event| post(&FromWorker::Progress { id, event });
        let context = Context {
            device: &device,
            peer: peer.as_deref(),
            progress: &progress,
        };
        let event = self.labs.handle(command, &context).await;
        if peer.is_some_and(|peer| peer.is_gone()) {
            self.peer.borrow_mut().take();
        }
        event
    }
}

/// What a lab's handler works with besides its command.
pub struct Context<'a> {
    device: &'a Device,
    /// The other engine worker this one trains with, if the page has paired them.
    peer: Option<&'a Peer>,
    progress: &'a dyn Fn(Event),
}

impl Context<'_> {
    /// Tells the page how the command is going; its answer follows.
    fn progress(&self, event: impl Into<Event>) {
        (self.progress)(event.into())
    }
}

/// One lab's side of the worker: it answers the lab's commands, one at a time.
#[allow(async_fn_in_trait)]
pub trait LabHandler: Default {
    type Command;
    type Event: Into<Event>;
    async fn handle(
        &self,
        command: Self::Command,
        context: &Context<'_>,
    ) -> Result<Self::Event, EngineError>;
}

/// Each lab's handler and the dispatch to it, from the one list of labs (`protocol::with_labs!`).
macro_rules! handlers {
    ($($variant:ident($module:ident, $key:literal, $label:literal, $slot:ident, $page:ident)),* $(,)?) => {
        #[derive(Default)]
        struct Handlers {
            $($module: $module::Handler),*
        }

        impl Handlers {
            async fn handle(&self, command: Command, context: &Context<'_>) -> Result<Event, EngineError> {
                Ok(match command {
                    $(Command::$variant(command) => self.$module.handle(command, context).await?.into()),*
                })
            }
        }
    };
}

protocol::with_labs!(handlers);

/// A WebGPU device, or why there is none.
#[cfg(feature = "webgpu")]
async fn webgpu_device() -> Result<Device, String> {
    match clock::within(WEBGPU_START_LIMIT_MS, engine::webgpu_device()).await {
        Some(Ok(device)) => Ok(device),
        Some(Err(error)) => Err(error.to_string()),
        None => Err(format!(
            "it did not start within {} s",
            WEBGPU_START_LIMIT_MS / 1000
        )),
    }
}

/// The CPU engine has no WebGPU: the page asks the WebGPU engine for it, so this is a fault.
#[cfg(not(feature = "webgpu"))]
async fn webgpu_device() -> Result<Device, String> {
    Err("the CPU engine was started for WebGPU".into())
}
