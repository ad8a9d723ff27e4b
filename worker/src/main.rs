//! The engine worker: runs the engine off the page's main thread, answering protocol commands one
//! at a time, so training never blocks drawing or input.

mod digits;
mod download;
mod networks;

use digits::DigitsLab;
use engine::{Device, EngineError, QuadraticFit};
use networks::NetworksLab;
use protocol::{Backend, Command, Event};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// The global function `worker-loader.js` calls when the GPU device is lost.
const DEVICE_LOST_HOOK: &str = "engineDeviceLost";

fn main() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("engine worker: {info}").into());
    }));
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let worker = Rc::new(EngineWorker {
        scope: scope.clone(),
        device: RefCell::new(None),
        fit: RefCell::new(None),
        digits: DigitsLab::default(),
        networks: NetworksLab::default(),
        queue: RefCell::new(VecDeque::new()),
        busy: Cell::new(false),
        lost: Cell::new(false),
    });
    let receiver = worker.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        receiver.clone().receive(event.data().as_string());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    let reporter = worker.clone();
    let on_device_lost = Closure::<dyn Fn(String)>::new(move |message: String| {
        reporter.lost.set(true);
        reporter.queue.borrow_mut().clear();
        reporter.post(&Event::DeviceLost { message });
    });
    if let Err(error) =
        js_sys::Reflect::set(&scope, &DEVICE_LOST_HOOK.into(), on_device_lost.as_ref())
    {
        web_sys::console::error_2(
            &"engine worker could not watch the GPU device".into(),
            &error,
        );
    }
    // The worker lives as long as the page: its handlers are never dropped.
    on_message.forget();
    on_device_lost.forget();
}

struct EngineWorker {
    scope: DedicatedWorkerGlobalScope,
    /// Set once by `UseBackend`; until then commands wait in the queue.
    device: RefCell<Option<Device>>,
    fit: RefCell<Option<Rc<QuadraticFit>>>,
    digits: DigitsLab,
    networks: NetworksLab,
    queue: RefCell<VecDeque<Command>>,
    /// Whether a task is draining the queue (or starting the device); commands then wait.
    busy: Cell<bool>,
    /// Set when the GPU device is lost: from then on the page moves to a new worker, and what
    /// fails here is not worth reporting.
    lost: Cell<bool>,
}

impl EngineWorker {
    fn post(&self, event: &Event) {
        if let Err(error) = self.scope.post_message(&protocol::encode(event).into()) {
            web_sys::console::error_2(&"engine worker could not post".into(), &error);
        }
    }

    fn receive(self: Rc<Self>, text: Option<String>) {
        let command = text
            .ok_or_else(|| "the message is not text".to_string())
            .and_then(|text| protocol::decode::<Command>(&text).map_err(|e| e.to_string()));
        let command = match command {
            Ok(command) => command,
            Err(message) => {
                return self.post(&Event::Error {
                    request: None,
                    message,
                });
            }
        };
        if let Command::UseBackend { backend } = command {
            return self.start_device(backend);
        }
        {
            let mut queue = self.queue.borrow_mut();
            // Only the newest evaluation, surface or playground reset matters: drop older ones still waiting, so a
            // fast drag never leaves the engine working through stale points.
            let superseded = |queued: &Command| {
                matches!(
                    (queued, &command),
                    (Command::Evaluate { .. }, Command::Evaluate { .. })
                        | (Command::Surface { .. }, Command::Surface { .. })
                        | (
                            Command::ResetPlayground { .. },
                            Command::ResetPlayground { .. }
                        )
                )
            };
            queue.retain(|queued| !superseded(queued));
            queue.push_back(command);
        }
        self.drain_soon();
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
            return self.post(&Event::Error {
                request: None,
                message: "the engine's backend is already chosen".into(),
            });
        }
        wasm_bindgen_futures::spawn_local(async move {
            let (device, backend, fallback) = match backend {
                Backend::Cpu => (engine::cpu_device(), Backend::Cpu, None),
                Backend::WebGpu => match engine::webgpu_device().await {
                    Ok(device) => (device, Backend::WebGpu, None),
                    Err(error) => (engine::cpu_device(), Backend::Cpu, Some(error.to_string())),
                },
            };
            *self.device.borrow_mut() = Some(device);
            self.post(&Event::Ready { backend, fallback });
            self.busy.set(false);
            self.drain_soon();
        });
    }

    async fn drain(self: Rc<Self>) {
        loop {
            let next = self.queue.borrow_mut().pop_front();
            let Some(command) = next else { break };
            let Some(event) = self.handle(command).await else {
                continue;
            };
            if matches!(event, Event::Error { .. }) && self.lost_meanwhile().await {
                break;
            }
            self.post(&event);
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
            let scope = self.scope.clone();
            let later = js_sys::Promise::new(&mut |resolve, _| {
                let _ = scope.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50);
            });
            let _ = wasm_bindgen_futures::JsFuture::from(later).await;
        }
        self.lost.get()
    }

    async fn handle(&self, command: Command) -> Option<Event> {
        let device = self.device.borrow().clone()?;
        let (request, result) = match command {
            Command::UseBackend { .. } => unreachable!("handled on arrival"),
            Command::SetProblem { points, loss } => match QuadraticFit::new(&points, loss, &device)
            {
                Ok(fit) => {
                    *self.fit.borrow_mut() = Some(Rc::new(fit));
                    return None;
                }
                Err(error) => (None, Err(error)),
            },
            Command::Evaluate { .. } | Command::Descend { .. } | Command::Surface { .. } => {
                let Some(fit) = self.fit.borrow().clone() else {
                    return Some(Event::Error {
                        request: None,
                        message: "no data to fit yet".into(),
                    });
                };
                return Some(quadratic(&fit, command).await);
            }
            Command::LoadDigits { base_url } => {
                let scope: &web_sys::WorkerGlobalScope = &self.scope;
                return Some(self.digits.load(scope, &base_url, |e| self.post(e)).await);
            }
            Command::PixelSimilarity { request } => (
                Some(request),
                self.digits.similarity(request, &device).await,
            ),
            Command::ResetModel { spec } => (None, self.digits.reset(spec, &device).await),
            Command::ExportModel { kind } => (None, self.digits.export(kind).await),
            Command::FindLearningRate {
                request,
                kind,
                batch_size,
            } => (
                Some(request),
                self.digits.find_rate(request, kind, batch_size).await,
            ),
            Command::Train {
                run,
                kind,
                learning_rate,
                batch_size,
                weights,
            } => (
                Some(run),
                self.digits
                    .train(run, kind, learning_rate, batch_size, weights)
                    .await,
            ),
            Command::FitRelus {
                run,
                target,
                start,
                learning_rate,
                steps,
            } => (
                Some(run),
                self.networks
                    .fit_relus(run, &target, &start, learning_rate, steps, &device)
                    .await,
            ),
            Command::ResetPlayground { run, data, network } => (
                Some(run),
                self.networks
                    .reset_playground(run, data, network, &device)
                    .await,
            ),
            Command::TrainPlayground {
                run,
                learning_rate,
                batch_size,
                max_steps,
                picture,
            } => (
                Some(run),
                self.networks
                    .train_playground(run, learning_rate, batch_size, max_steps, picture)
                    .await,
            ),
            Command::FindPlaygroundRate { request } => (
                Some(request),
                self.networks.find_playground_rate(request).await,
            ),
        };
        Some(result.unwrap_or_else(|error| fail(request, error)))
    }
}

/// The Quadratic lab's questions about its fit.
async fn quadratic(fit: &QuadraticFit, command: Command) -> Event {
    match command {
        Command::Evaluate { request, at } => match fit.evaluate(at).await {
            Ok(evaluation) => Event::Evaluated {
                request,
                evaluation,
            },
            Err(error) => fail(Some(request), error),
        },
        Command::Descend {
            run,
            from,
            learning_rate,
            steps,
        } => match fit.descend(from, learning_rate, steps).await {
            Ok(descent) => Event::Progress {
                run,
                visited: descent.visited,
                stop: descent.stop,
            },
            Err(error) => fail(Some(run), error),
        },
        Command::Surface { request, spec } => match fit.surface(spec).await {
            Ok(surface) => Event::Surface { request, surface },
            Err(error) => fail(Some(request), error),
        },
        _ => unreachable!("only the fit's commands are passed here"),
    }
}

fn fail(request: Option<u64>, error: EngineError) -> Event {
    Event::Error {
        request,
        message: error.to_string(),
    }
}
