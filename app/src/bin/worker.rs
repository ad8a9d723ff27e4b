//! The engine worker: runs the engine off the page's main thread, answering protocol commands one
//! at a time, so training never blocks drawing or input.

use app::protocol::{self, Command, Event};
use engine::{Device, EngineError, QuadraticFit};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("engine worker: {info}").into());
    }));
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let worker = Rc::new(EngineWorker {
        scope: scope.clone(),
        device: engine::cpu_device(),
        fit: RefCell::new(None),
        queue: RefCell::new(VecDeque::new()),
        busy: Cell::new(false),
    });
    let receiver = worker.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        receiver.clone().receive(event.data().as_string());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page: its handler is never dropped.
    on_message.forget();
    worker.post(&Event::Ready {
        backend: "CPU (wasm)".into(),
    });
}

struct EngineWorker {
    scope: DedicatedWorkerGlobalScope,
    device: Device,
    fit: RefCell<Option<Rc<QuadraticFit>>>,
    queue: RefCell<VecDeque<Command>>,
    /// Whether a task is draining the queue; commands then wait their turn.
    busy: Cell<bool>,
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
        {
            let mut queue = self.queue.borrow_mut();
            // Only the newest evaluation or surface matters: drop older ones still waiting, so a
            // fast drag never leaves the engine working through stale points.
            let superseded = |queued: &Command| {
                matches!(
                    (queued, &command),
                    (Command::Evaluate { .. }, Command::Evaluate { .. })
                        | (Command::Surface { .. }, Command::Surface { .. })
                )
            };
            queue.retain(|queued| !superseded(queued));
            queue.push_back(command);
        }
        if !self.busy.replace(true) {
            wasm_bindgen_futures::spawn_local(self.drain());
        }
    }

    async fn drain(self: Rc<Self>) {
        loop {
            let next = self.queue.borrow_mut().pop_front();
            let Some(command) = next else { break };
            if let Some(event) = self.handle(command).await {
                self.post(&event);
            }
        }
        self.busy.set(false);
    }

    async fn handle(&self, command: Command) -> Option<Event> {
        let fail = |request, error: EngineError| Event::Error {
            request,
            message: error.to_string(),
        };
        if let Command::SetProblem { points, loss } = command {
            return match QuadraticFit::new(&points, loss, &self.device) {
                Ok(fit) => {
                    *self.fit.borrow_mut() = Some(Rc::new(fit));
                    None
                }
                Err(error) => Some(fail(None, error)),
            };
        }
        let Some(fit) = self.fit.borrow().clone() else {
            return Some(Event::Error {
                request: None,
                message: "no data to fit yet".into(),
            });
        };
        Some(match command {
            Command::SetProblem { .. } => unreachable!("handled above"),
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
        })
    }
}
