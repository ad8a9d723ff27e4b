//! The page's one client of the engine workers, used by every lab.
//!
//! - A lab sends a request with [`EngineClient::send`]; its worker starts on the first one (or when the
//!   lab opens, [`EngineClient::prepare`]). Request ids are unique across the page, and each answer goes
//!   to the lab whose request it answers ([`TakesAnswers`]).
//! - Each worker is supervised. If its wasm cannot start, it throws or panics, or it stops
//!   answering, its labs say so in words within seconds ([`EngineLine`]) and a fresh worker takes
//!   over; each lab is then asked to send what the new one needs to carry on
//!   ([`LabControl::restarted`]), as when a GPU device is lost. A worker that keeps failing is
//!   left stopped, with a button to try again.

mod routes;
mod status;
mod supervision;
pub mod worker;

pub use routes::{LabControl, TakesAnswers};
pub use status::{EngineLine, EngineStatus, Notice};

use leptos::prelude::{GetUntracked, GetValue, LocalStorage, Set, StoredValue};
use leptos::task::spawn_local;
pub use protocol::Slot;
use protocol::{Backend, Command, FromWorker, LabKind, RequestId, ToWorker};
use routes::{Routed, Routes};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use supervision::{RestartLog, Watch};
use worker::{Incoming, WorkerHandle};

/// The page's engine client: `Copy`, so labs keep it as they keep signals. It lives as long as
/// the page.
#[derive(Clone, Copy)]
pub struct EngineClient(StoredValue<&'static Client, LocalStorage>);

pub struct Client {
    routes: Routes,
    /// The backend the page chose; until then, workers wait.
    backend: Cell<Option<Backend>>,
    last_id: Cell<RequestId>,
    slots: [SlotState; 3],
}

struct SlotState {
    slot: Slot,
    status: EngineStatus,
    running: RefCell<Option<Running>>,
    /// Bumped with each new worker: what an older one says is ignored.
    generation: Cell<u64>,
    restarts: RefCell<RestartLog>,
    /// Moved to the CPU after its GPU device was lost, until the learner picks a backend again.
    on_cpu: Cell<bool>,
    /// A second CPU engine worker that computes half of each batch the first trains on, and
    /// the generation of the worker it is paired with.
    helper: RefCell<Option<(u64, WorkerHandle)>>,
}

struct Running {
    handle: WorkerHandle,
    watch: Watch,
    /// The engine build it runs: the CPU one until the page has chosen WebGPU.
    engine: Backend,
    /// The backend it was told to use, once told.
    backend: Option<Backend>,
}

/// How often the page looks for stuck workers (ms).
const WATCH_EVERY_MS: u64 = 1000;

fn now() -> f64 {
    js_sys::Date::now()
}

impl EngineClient {
    pub fn new() -> Self {
        let client: &'static Client = Box::leak(Box::new(Client {
            routes: Routes::default(),
            backend: Cell::new(None),
            last_id: Cell::new(0),
            slots: Slot::ALL.map(|slot| SlotState {
                slot,
                status: EngineStatus::new(),
                running: RefCell::new(None),
                generation: Cell::new(0),
                restarts: RefCell::new(RestartLog::default()),
                on_cpu: Cell::new(false),
                helper: RefCell::new(None),
            }),
        }));
        client.watch_for_stalls();
        Self(StoredValue::new_local(client))
    }

    fn client(self) -> &'static Client {
        self.0.get_value()
    }

    /// Routes the answers of `lab`'s kind to it.
    pub fn connect<L: TakesAnswers>(self, lab: L) {
        let _ = L::Event::route(&self.client().routes).set(Rc::new(lab));
    }

    /// Sends a lab's request to its worker (starting it if need be); its answer, or its failure,
    /// will reach the lab with this id.
    pub fn send(self, command: impl Into<Command>) -> RequestId {
        let client = self.client();
        let command = command.into();
        let id = client.last_id.get() + 1;
        client.last_id.set(id);
        let lab = command.lab();
        let state = client.state(lab.slot());
        if let Some(why) = state.status.broken.get_untracked() {
            // Told after this call returns, as any answer would be.
            spawn_local(async move {
                if let Some(control) = client.routes.control(lab) {
                    control.failed(id, format!("the engine is not running ({why})"));
                }
            });
            return id;
        }
        client.ensure_worker(state);
        if let Some(running) = state.running.borrow_mut().as_mut() {
            running.watch.sent(id, lab, now());
            running.handle.post(&ToWorker::Request { id, command });
        }
        id
    }

    /// Starts `slot`'s worker ahead of its first request (a lab was opened).
    pub fn prepare(self, slot: Slot) {
        let state = self.client().state(slot);
        if state.status.broken.get_untracked().is_none() {
            self.client().ensure_worker(state);
        }
    }

    /// Trains on `backend` from now on: waiting workers start, running ones on another backend
    /// are replaced, and their labs carry on in the new ones.
    pub fn set_backend(self, backend: Backend) {
        let client = self.client();
        if client.backend.replace(Some(backend)) == Some(backend) {
            return;
        }
        for state in &client.slots {
            state.on_cpu.set(false);
            let running = state
                .running
                .borrow()
                .as_ref()
                .map(|r| (r.engine, r.backend));
            match running {
                None => {}
                // Started on the CPU engine before the choice: it serves the CPU, not WebGPU.
                Some((engine, None)) if engine == backend => client.tell_backend(state),
                Some((_, Some(told))) if told == backend => {}
                Some(_) => {
                    state.status.notice.set(None);
                    client.replace_worker(state, None);
                }
            }
        }
    }

    /// A new start for a worker that was left stopped.
    pub fn retry(self, slot: Slot) {
        let state = self.client().state(slot);
        state.restarts.borrow_mut().clear();
        state.status.broken.set(None);
        state.status.notice.set(None);
        self.client().replace_worker(state, None);
    }

    pub fn status(self, slot: Slot) -> EngineStatus {
        self.client().state(slot).status
    }

    /// Gives `slot`'s worker a second CPU engine worker to share its batches with
    /// (data-parallel training, `descent_core::digits::data_parallel`), when it trains on the CPU and
    /// the machine has a second core for it. Does nothing if they are already paired.
    pub fn pair(self, slot: Slot) {
        let client = self.client();
        let state = client.state(slot);
        let generation = state.generation.get();
        let cores = web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency());
        let on_cpu = state.status.backend.get_untracked() == Some(Backend::Cpu);
        let paired = matches!(&*state.helper.borrow(), Some((g, _)) if *g == generation);
        // `?workers=1` keeps one worker, whatever the machine.
        let one = crate::address::query().contains("workers=1");
        if cores < 2.0 || !on_cpu || paired || one {
            return;
        }
        let started = WorkerHandle::start(Backend::Cpu, slot.name(), true, move |incoming| {
            let why = match incoming {
                Incoming::Alive => return,
                Incoming::CouldNotStart(why) => format!("it could not start: {why}"),
                Incoming::Threw(why) => format!("it failed: {why}"),
                Incoming::Message(message) => match *message {
                    Ok(FromWorker::Panicked { message }) => format!("it hit a bug: {message}"),
                    _ => return,
                },
            };
            // Not from inside the helper's own handler, which dropping it removes.
            spawn_local(async move { client.helper_stopped(slot, generation, why) });
        });
        let helper = match started {
            Ok(helper) => helper,
            Err(why) => return state.status.notice.set(Some(Notice::HelperStopped(why))),
        };
        let Ok(channel) = web_sys::MessageChannel::new() else {
            return;
        };
        if let Some(running) = state.running.borrow().as_ref() {
            running.handle.post_port(&channel.port1());
            helper.post_port(&channel.port2());
            *state.helper.borrow_mut() = Some((generation, helper));
            state.status.helper.set(true);
        }
    }

    /// How many workers trained most of the slice `slot`'s worker answered for, and whether the
    /// second stopped answering meanwhile (it is then ended, and the lab says so).
    pub fn trained_with(self, slot: Slot, workers: usize, helper_lost: bool) {
        let state = self.client().state(slot);
        if state.status.workers.get_untracked() != workers {
            state.status.workers.set(workers);
        }
        if helper_lost {
            let generation = state.generation.get();
            self.client()
                .helper_stopped(slot, generation, "it stopped answering".into());
        }
    }
}

impl Client {
    fn state(&self, slot: Slot) -> &SlotState {
        &self.slots[Slot::ALL.iter().position(|&s| s == slot).unwrap_or(0)]
    }

    fn backend_for(&self, state: &SlotState) -> Option<Backend> {
        match state.on_cpu.get() {
            true => Some(Backend::Cpu),
            false => self.backend.get(),
        }
    }

    fn ensure_worker(&'static self, state: &SlotState) {
        if state.running.borrow().is_none() {
            self.spawn(state);
        }
    }

    /// A fresh worker for `state`, in place of any old one (which ends at once).
    fn spawn(&'static self, state: &SlotState) {
        state.running.borrow_mut().take();
        state.helper.borrow_mut().take();
        state.status.helper.set(false);
        state.status.workers.set(1);
        let generation = state.generation.get() + 1;
        state.generation.set(generation);
        state.status.backend.set(None);
        let slot = state.slot;
        // Before the page has chosen, the CPU engine starts at once; WebGPU replaces it if chosen.
        let engine = self.backend_for(state).unwrap_or(Backend::Cpu);
        let started = WorkerHandle::start(engine, slot.name(), false, move |incoming| {
            self.incoming(slot, generation, incoming);
        });
        match started {
            Ok(handle) => {
                *state.running.borrow_mut() = Some(Running {
                    handle,
                    watch: Watch::new(now()),
                    engine,
                    backend: None,
                });
                self.tell_backend(state);
            }
            Err(why) => self.stop(state, why),
        }
    }

    /// The helper paired with worker `generation` stopped: it is ended, and the lab told; the
    /// worker notices by itself and trains on alone.
    fn helper_stopped(&self, slot: Slot, generation: u64, why: String) {
        let state = self.state(slot);
        let mut helper = state.helper.borrow_mut();
        if matches!(&*helper, Some((g, _)) if *g == generation) {
            helper.take();
            state.status.helper.set(false);
            state.status.workers.set(1);
            state.status.notice.set(Some(Notice::HelperStopped(why)));
        }
    }

    /// Tells the worker its backend, once the page knows it.
    fn tell_backend(&self, state: &SlotState) {
        let Some(backend) = self.backend_for(state) else {
            return;
        };
        if let Some(running) = state.running.borrow_mut().as_mut()
            && running.backend.is_none()
        {
            running.backend = Some(backend);
            running.watch.told(now());
            running.handle.post(&ToWorker::Start { backend });
        }
    }

    fn incoming(&'static self, slot: Slot, generation: u64, incoming: Incoming) {
        let state = self.state(slot);
        if state.generation.get() != generation {
            return;
        }
        let at = now();
        let why = match incoming {
            Incoming::Alive => {
                self.with_watch(state, |watch| watch.heard(at));
                return;
            }
            Incoming::Message(message) => match *message {
                Ok(message) => return self.message(state, generation, message, at),
                Err(error) => format!("its message was unreadable: {error}"),
            },
            Incoming::CouldNotStart(why) if self.runs_engine(state, Backend::WebGpu) => {
                // The GPU runtime is a large download: if it does not load, the CPU engine
                // carries on (after the current event, as for a lost device).
                spawn_local(async move {
                    if state.generation.get() == generation {
                        state.on_cpu.set(true);
                        let why = format!("its engine could not load: {why}");
                        self.replace_worker(state, Some(Notice::Fallback(why)));
                    }
                });
                return;
            }
            Incoming::CouldNotStart(why) => format!("it could not start: {why}"),
            Incoming::Threw(why) => format!("it failed: {why}"),
        };
        self.failure(slot, generation, why);
    }

    fn message(
        &'static self,
        state: &'static SlotState,
        generation: u64,
        message: FromWorker,
        at: f64,
    ) {
        let slot = state.slot;
        match message {
            FromWorker::Ready { backend, fallback } => {
                self.with_watch(state, |watch| watch.ready(backend, at));
                state.status.backend.set(Some(backend));
                if let Some(why) = fallback
                    && state.status.notice.get_untracked().is_none()
                {
                    state.status.notice.set(Some(Notice::Fallback(why)));
                }
            }
            FromWorker::DeviceLost { message } => {
                // Not from inside the old worker's own handler, which the switch drops.
                spawn_local(async move {
                    if state.generation.get() == generation {
                        state.on_cpu.set(true);
                        self.replace_worker(state, Some(Notice::DeviceLost(message)));
                    }
                });
            }
            FromWorker::Panicked { message } => {
                self.failure(slot, generation, format!("it hit a bug: {message}"));
            }
            FromWorker::Refused { message } => {
                self.failure(
                    slot,
                    generation,
                    format!("it could not read a request: {message}"),
                );
            }
            FromWorker::Progress { id, event } => {
                self.with_watch(state, |watch| watch.progressed(id, at));
                self.routes.deliver(id, event);
            }
            FromWorker::Reply { id, event } => {
                self.with_watch(state, |watch| watch.answered(id, at));
                self.routes.deliver(id, event);
            }
            FromWorker::Failed { id, message } => {
                let lab = self
                    .with_watch(state, |watch| watch.answered(id, at))
                    .flatten();
                if let Some(control) = lab.and_then(|lab| self.routes.control(lab)) {
                    control.failed(id, message);
                }
            }
        }
    }

    fn runs_engine(&self, state: &SlotState, engine: Backend) -> bool {
        state
            .running
            .borrow()
            .as_ref()
            .is_some_and(|running| running.engine == engine)
    }

    fn with_watch<T>(&self, state: &SlotState, f: impl FnOnce(&mut Watch) -> T) -> Option<T> {
        state.running.borrow_mut().as_mut().map(|r| f(&mut r.watch))
    }

    /// The worker of `generation` failed: a fresh one takes over, unless this one keeps failing.
    /// Handled after the current event, never inside the old worker's own handler.
    fn failure(&'static self, slot: Slot, generation: u64, why: String) {
        spawn_local(async move {
            let state = self.state(slot);
            if state.generation.get() != generation {
                return;
            }
            if state.restarts.borrow_mut().allow(now()) {
                self.replace_worker(state, Some(Notice::Restarted(why)));
            } else {
                self.stop(state, why);
            }
        });
    }

    /// A fresh worker in place of the old one; its labs send what it needs to carry on.
    fn replace_worker(&'static self, state: &SlotState, notice: Option<Notice>) {
        if notice.is_some() {
            state.status.notice.set(notice);
        }
        self.spawn(state);
        for lab in state.slot.labs() {
            if let Some(control) = self.routes.control(lab) {
                control.restarted();
            }
        }
    }

    /// Ends the worker and leaves it stopped until the learner asks again; what it owed fails.
    fn stop(&self, state: &SlotState, why: String) {
        let owed: Vec<(RequestId, LabKind)> = state
            .running
            .borrow_mut()
            .take()
            .map(|running| running.watch.pending().collect())
            .unwrap_or_default();
        state.helper.borrow_mut().take();
        state.status.helper.set(false);
        state.generation.set(state.generation.get() + 1);
        state.status.backend.set(None);
        state.status.broken.set(Some(why.clone()));
        for (id, lab) in owed {
            if let Some(control) = self.routes.control(lab) {
                control.failed(id, format!("the engine stopped ({why})"));
            }
        }
    }

    /// Looks at every worker each second. A page that itself stood still (a long task, a
    /// throttled background tab) does not blame its workers for the gap.
    fn watch_for_stalls(&'static self) {
        let last_look = Cell::new(now());
        let look = move || {
            let at = now();
            let gap = at - last_look.replace(at) - WATCH_EVERY_MS as f64;
            for state in &self.slots {
                let verdict = self.with_watch(state, |watch| {
                    if gap > 1000.0 {
                        watch.forgive(gap);
                    }
                    watch.verdict(at)
                });
                if let Some(Some(stall)) = verdict {
                    self.failure(state.slot, state.generation.get(), stall.describe());
                }
            }
        };
        leptos::prelude::set_interval(look, std::time::Duration::from_millis(WATCH_EVERY_MS));
    }
}
