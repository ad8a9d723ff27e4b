//! One run loop for Step, Train, Play and Fit in every lab: a state, the slice in flight, and
//! "send the next slice when the last one is answered", so the engine never has more than one
//! slice of a run to do and Stop is simply not sending. Stop lets the slice in flight land, so
//! what a lab shows always matches what the engine did.

use crate::frame::next_animation_frame;
use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::RequestId;

/// Where a run stands. `F` is how the lab's runs finish by themselves (converged, diverged…).
#[derive(Debug, Clone, PartialEq)]
pub enum RunState<F> {
    Idle,
    /// One slice, for Step; back to `Idle` when it lands.
    Stepping,
    /// Slices one after another: Train, Play, Fit.
    Running,
    /// Stop was pressed; the slice in flight still lands.
    Stopping,
    Stopped,
    Finished(F),
    Failed(String),
}

pub struct RunLoop<F: Send + Sync + 'static> {
    pub state: RwSignal<RunState<F>>,
    in_flight: StoredValue<Option<RequestId>>,
    /// Slices landed in this run.
    landed: StoredValue<usize>,
    /// Bumped whenever a run starts or ends: a slice waiting for its frame sees it.
    generation: StoredValue<u64>,
}

impl<F: Send + Sync + 'static> Clone for RunLoop<F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: Send + Sync + 'static> Copy for RunLoop<F> {}

impl<F: Clone + PartialEq + Send + Sync + 'static> RunLoop<F> {
    pub fn new() -> Self {
        Self {
            state: RwSignal::new(RunState::Idle),
            in_flight: StoredValue::new(None),
            landed: StoredValue::new(0),
            generation: StoredValue::new(0),
        }
    }

    /// A run or step is under way, or stopping (tracked): nothing else may start.
    pub fn is_busy(self) -> bool {
        matches!(
            self.state.get(),
            RunState::Stepping | RunState::Running | RunState::Stopping
        )
    }

    /// Slices are being sent one after another (tracked).
    pub fn is_running(self) -> bool {
        self.state.get() == RunState::Running
    }

    /// Slices are being sent one after another (untracked).
    pub fn is_running_untracked(self) -> bool {
        self.state.get_untracked() == RunState::Running
    }

    /// Starts Train, Play or Fit; the lab then sends the first slice.
    pub fn start(self) {
        self.begin(RunState::Running);
    }

    /// Starts a Step: one slice.
    pub fn step(self) {
        self.begin(RunState::Stepping);
    }

    fn begin(self, state: RunState<F>) {
        self.generation.update_value(|g| *g += 1);
        self.in_flight.set_value(None);
        self.landed.set_value(0);
        self.state.set(state);
    }

    /// The lab sent slice `id` of the current run.
    pub fn sent(self, id: RequestId) {
        self.in_flight.set_value(Some(id));
    }

    /// Whether no slice of this run has landed yet (the first starts afresh in the engine).
    pub fn is_first_slice(self) -> bool {
        self.landed.get_value() == 0
    }

    /// Whether `id` is the slice in flight: answers to any other are stale.
    pub fn is_current(self, id: RequestId) -> bool {
        self.in_flight.get_value() == Some(id)
    }

    /// The slice in flight landed, and the lab applied it; `finished` says if the run ended by
    /// itself. Returns whether to send the next slice.
    pub fn landed(self, finished: Option<F>) -> bool {
        self.in_flight.set_value(None);
        self.landed.update_value(|n| *n += 1);
        let next = match (finished, self.state.get_untracked()) {
            (Some(finish), _) => RunState::Finished(finish),
            (None, RunState::Running) => return true,
            (None, RunState::Stopping) => RunState::Stopped,
            (None, _) => RunState::Idle,
        };
        self.end(next);
        false
    }

    /// Stop: the slice in flight lands first, then the run ends as Stopped.
    pub fn stop(self) {
        if self.state.get_untracked() != RunState::Running {
            return;
        }
        match self.in_flight.get_value() {
            Some(_) => self.state.set(RunState::Stopping),
            None => self.end(RunState::Stopped),
        }
    }

    /// Ends any run at once, forgets the slice in flight and how the last run ended (the learner
    /// changed something the run depends on).
    pub fn cancel(self) {
        self.set(RunState::Idle);
    }

    /// Request `id` failed: if it was the slice in flight, the run ends with the message.
    pub fn fail(self, id: RequestId, message: String) -> bool {
        if !self.is_current(id) {
            return false;
        }
        self.in_flight.set_value(None);
        self.end(RunState::Failed(message));
        true
    }

    /// The engine's worker was replaced and the slice in flight went with it. Returns whether
    /// the run goes on (the lab sends a first slice again); a run that was stopping stops.
    pub fn restarted(self) -> bool {
        self.in_flight.set_value(None);
        self.landed.set_value(0);
        match self.state.get_untracked() {
            RunState::Running => true,
            RunState::Stepping => {
                self.end(RunState::Idle);
                false
            }
            RunState::Stopping => {
                self.end(RunState::Stopped);
                false
            }
            _ => false,
        }
    }

    /// Calls `send` at the next animation frame, unless the run has ended by then: the display
    /// paces the run.
    pub fn next_frame(self, send: impl FnOnce() + 'static) {
        let generation = self.generation.get_value();
        spawn_local(async move {
            next_animation_frame().await;
            if self.generation.get_value() == generation
                && self.state.get_untracked() == RunState::Running
            {
                send();
            }
        });
    }

    /// Sets the state, for a lab's own states outside a run (a fresh model is Idle).
    pub fn set(self, state: RunState<F>) {
        self.generation.update_value(|g| *g += 1);
        self.in_flight.set_value(None);
        if self.state.get_untracked() != state {
            self.state.set(state);
        }
    }

    fn end(self, state: RunState<F>) {
        self.generation.update_value(|g| *g += 1);
        self.state.set(state);
    }
}
