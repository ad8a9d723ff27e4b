//! The Quadratic lab's state and the actions a learner can take on it.
//!
//! Signals hold what the page shows. Actions send commands to the engine worker, and its events
//! write the results back. Each request carries a number, and an answer to anything but the
//! newest request is dropped, so a slow answer never overwrites a newer one.

use crate::backend::Backend;
use crate::engine_client::{EngineClient, WorkerStatus, send_via};
use crate::frame::next_animation_frame;
use engine::{
    Coefficient, Coefficients, Descent, Evaluation, LossKind, LossSurface, NoisyQuadratic, Points,
    StopReason, SurfaceSpec,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::{Command, Event};

/// The lesson's starting point.
pub const START: Coefficients = Coefficients::new(1.5, 1.5, 1.5);
/// The lesson's learning rate.
pub const START_LEARNING_RATE: f32 = 0.01;
/// Slider range of each coefficient; also the loss surface's extent.
pub const COEFFICIENT_RANGE: (f32, f32) = (-5.0, 5.0);
/// Typed coefficients beyond this are refused: they say nothing a learner can see.
pub const TYPED_COEFFICIENT_LIMIT: f32 = 1000.0;
/// Learning-rate range; the slider is logarithmic over it.
pub const LEARNING_RATE_RANGE: (f32, f32) = (1e-4, 10.0);
/// Gradient-descent steps per animation frame while training: fast enough to converge in a few
/// seconds at the lesson's rate, slow enough to watch.
const STEPS_PER_FRAME: usize = 5;
/// Train stops by itself after this many steps.
pub const STEP_LIMIT: usize = 10_000;
/// Grid points per axis of the loss surface.
const SURFACE_RESOLUTION: usize = 80;

/// What the lab is doing, and how the last run ended.
#[derive(Debug, Clone, PartialEq)]
pub enum RunStatus {
    Idle,
    Training,
    Stopped,
    Converged,
    Diverged,
    StepLimit,
    Failed(String),
}

/// Every signal of the lab, and its actions. `Copy`, so closures can capture it freely.
#[derive(Clone, Copy)]
pub struct Lab {
    pub recipe: RwSignal<NoisyQuadratic>,
    pub points: RwSignal<Points>,
    pub loss_kind: RwSignal<LossKind>,
    pub coefficients: RwSignal<Coefficients>,
    pub learning_rate: RwSignal<f32>,
    /// Loss and gradient at `coefficients`; `None` until the engine has answered.
    pub evaluation: RwSignal<Option<Evaluation>>,
    /// Points visited by Step and Train since the last manual move.
    pub path: RwSignal<Vec<Coefficients>>,
    /// Loss at each point of `path`.
    pub history: RwSignal<Vec<f32>>,
    pub status: RwSignal<RunStatus>,
    pub surface_axes: RwSignal<(Coefficient, Coefficient)>,
    pub surface: RwSignal<Option<LossSurface>>,
    /// Which backend the engine runs on, and why not the one chosen (WebGPU failed or was lost).
    pub worker: WorkerStatus,
    engine: StoredValue<Option<EngineClient>, LocalStorage>,
    /// The backend the current worker was told to use, once it has been told.
    requested_backend: StoredValue<Option<Backend>>,
    /// Bumped whenever the points or the loss change; the surface follows it.
    problem: RwSignal<u64>,
    /// Bumped by every request; an answer for an older one is dropped.
    evaluation_request: StoredValue<u64>,
    surface_request: StoredValue<u64>,
    /// Bumped by Step, Train, Stop and every manual change; progress for an older run is dropped
    /// and ends nothing.
    run_id: StoredValue<u64>,
    /// Steps taken by the current Train.
    steps_taken: StoredValue<usize>,
    /// Set by a manual move: the next evaluation starts a new loss history.
    history_restarts: StoredValue<bool>,
}

impl Lab {
    /// Starts the engine worker and asks it for the first fit, which it computes once it is told
    /// its backend ([`Lab::use_backend`]).
    pub fn start() -> Self {
        let recipe = NoisyQuadratic::default();
        let lab = Self {
            recipe: RwSignal::new(recipe),
            points: RwSignal::new(recipe.sample()),
            loss_kind: RwSignal::new(LossKind::default()),
            coefficients: RwSignal::new(START),
            learning_rate: RwSignal::new(START_LEARNING_RATE),
            evaluation: RwSignal::new(None),
            path: RwSignal::new(vec![START]),
            history: RwSignal::new(Vec::new()),
            status: RwSignal::new(RunStatus::Idle),
            surface_axes: RwSignal::new((Coefficient::A, Coefficient::B)),
            surface: RwSignal::new(None),
            worker: WorkerStatus::new(),
            engine: StoredValue::new_local(None),
            requested_backend: StoredValue::new(None),
            problem: RwSignal::new(0),
            evaluation_request: StoredValue::new(0),
            surface_request: StoredValue::new(0),
            run_id: StoredValue::new(0),
            steps_taken: StoredValue::new(0),
            history_restarts: StoredValue::new(true),
        };
        lab.spawn_engine();
        lab.rebuild_fit();
        lab.follow_surface();
        lab
    }

    /// A fresh worker in place of any old one, which ends with everything it had in hand.
    fn spawn_engine(self) {
        self.engine.set_value(None);
        self.worker.backend.set(None);
        match EngineClient::start(move |event| self.receive(event)) {
            Ok(client) => self.engine.set_value(Some(client)),
            Err(reason) => {
                self.halt(RunStatus::Failed(reason));
            }
        }
    }

    /// Trains on `backend` from now on. The first call starts the waiting worker; a later one
    /// moves to a fresh worker and carries everything over: the point, the path, the history
    /// and any training run, which goes on there.
    pub fn use_backend(self, backend: Backend) {
        let told = self.requested_backend.get_value();
        if told == Some(backend) {
            return;
        }
        self.requested_backend.set_value(Some(backend));
        if told.is_none() {
            return self.send(&Command::UseBackend { backend });
        }
        self.spawn_engine();
        self.send(&Command::UseBackend { backend });
        self.send_problem();
        self.problem.update(|p| *p += 1);
        self.evaluate();
        if self.status.get_untracked() == RunStatus::Training {
            // The batch in flight went with the old worker: ask the new one for it.
            self.descend(self.run_id.get_value(), STEPS_PER_FRAME);
        }
    }

    fn send(self, command: &Command) {
        send_via(self.engine, command);
    }

    /// Applies what the engine worker says.
    fn receive(self, event: Event) {
        let kept = "Training moved to the CPU; your parameters and progress are kept.";
        let Some(event) = self
            .worker
            .observe(event, kept, move || self.use_backend(Backend::Cpu))
        else {
            return;
        };
        match event {
            // Answers to older requests are dropped.
            Event::Evaluated {
                request,
                evaluation,
            } if request == self.evaluation_request.get_value() => self.show_evaluation(evaluation),
            Event::Progress { run, visited, stop } if run == self.run_id.get_value() => {
                self.apply_progress(run, Descent { visited, stop })
            }
            Event::Surface { request, surface } if request == self.surface_request.get_value() => {
                self.surface.set(Some(surface))
            }
            Event::Error { message, .. } => {
                self.halt(RunStatus::Failed(message));
            }
            // Other labs' answers: this lab never asks for them.
            _ => {}
        }
    }

    pub fn is_training(&self) -> bool {
        self.status.get() == RunStatus::Training
    }

    /// The learner moved one coefficient (slider, number box).
    pub fn set_coefficient(self, which: Coefficient, value: f32) {
        if !value.is_finite() {
            return;
        }
        let moved = self.coefficients.get_untracked().with(which, value);
        self.move_to(moved);
    }

    /// The learner picked a point (surface click, Reset): a new start for Step and Train.
    pub fn move_to(self, coefficients: Coefficients) {
        self.halt(RunStatus::Idle);
        self.coefficients.set(coefficients);
        self.restart_path();
        self.evaluate();
    }

    pub fn reset(self) {
        self.move_to(START);
    }

    pub fn set_learning_rate(self, rate: f32) {
        let (lo, hi) = LEARNING_RATE_RANGE;
        if rate.is_finite() {
            self.learning_rate.set(rate.clamp(lo, hi));
        }
    }

    pub fn set_loss_kind(self, kind: LossKind) {
        if kind != self.loss_kind.get_untracked() {
            self.loss_kind.set(kind);
            self.rebuild_fit();
        }
    }

    pub fn set_recipe(self, recipe: NoisyQuadratic) {
        if recipe != self.recipe.get_untracked() {
            self.recipe.set(recipe);
            self.points.set(recipe.sample());
            self.rebuild_fit();
        }
    }

    /// One gradient-descent step from the current point.
    pub fn step(self) {
        let run = self.halt(RunStatus::Idle);
        self.descend(run, 1);
    }

    /// Steps continuously, a batch per animation frame with at most one batch in flight, until
    /// Stop, convergence, divergence or the step limit: the display paces training.
    pub fn train(self) {
        let run = self.halt(RunStatus::Training);
        self.steps_taken.set_value(0);
        self.descend_next_frame(run, STEPS_PER_FRAME);
    }

    /// Sends the next batch at the next animation frame, unless the run has ended by then.
    fn descend_next_frame(self, run: u64, steps: usize) {
        spawn_local(async move {
            next_animation_frame().await;
            if self.run_id.get_value() == run {
                self.descend(run, steps);
            }
        });
    }

    fn descend(self, run: u64, steps: usize) {
        self.send(&Command::Descend {
            run,
            from: self.coefficients.get_untracked(),
            learning_rate: self.learning_rate.get_untracked(),
            steps,
        });
    }

    /// Shows a batch of steps and, while training, asks for the next one at the next frame.
    fn apply_progress(self, run: u64, descent: Descent) {
        let steps = descent.visited.len().saturating_sub(1);
        let finished = self.apply_descent(descent);
        if finished || self.status.get_untracked() != RunStatus::Training {
            return;
        }
        self.steps_taken.update_value(|taken| *taken += steps);
        let taken = self.steps_taken.get_value();
        if taken >= STEP_LIMIT {
            self.status.set(RunStatus::StepLimit);
            return;
        }
        self.descend_next_frame(run, STEPS_PER_FRAME.min(STEP_LIMIT - taken));
    }

    pub fn stop(self) {
        if self.status.get_untracked() == RunStatus::Training {
            self.halt(RunStatus::Stopped);
        }
    }

    /// Ends any training run and sets the status; returns the new run number.
    fn halt(self, status: RunStatus) -> u64 {
        self.run_id.update_value(|id| *id += 1);
        self.status.set(status);
        self.run_id.get_value()
    }

    /// Shows a descent's points; returns whether it ended the run (converged or diverged).
    fn apply_descent(self, descent: Descent) -> bool {
        // The first visited point is where the descent started, which is already on the path.
        let new_points = descent.visited.iter().skip(1);
        self.path
            .update(|path| path.extend(new_points.clone().map(|e| e.coefficients)));
        if self.history_restarts.get_value() {
            // The start's own evaluation has not arrived yet: this descent begins the history.
            self.history_restarts.set_value(false);
            self.history
                .set(descent.visited.iter().map(|e| e.loss).collect());
        } else {
            self.history
                .update(|history| history.extend(new_points.map(|e| e.loss)));
        }
        if let Some(last) = descent.visited.last() {
            self.evaluation_request.update_value(|id| *id += 1);
            self.coefficients.set(last.coefficients);
            self.evaluation.set(Some(*last));
        }
        match descent.stop {
            Some(StopReason::Converged) => self.status.set(RunStatus::Converged),
            Some(StopReason::Diverged) => self.status.set(RunStatus::Diverged),
            None => return false,
        }
        true
    }

    /// The path starts again from the current point; the loss history restarts when the
    /// evaluation of that point arrives (see `evaluate`), so its chart redraws once, not twice.
    fn restart_path(self) {
        self.path.set(vec![self.coefficients.get_untracked()]);
        self.history_restarts.set_value(true);
    }

    /// The engine fits the current points under the current loss from now on: the old path and
    /// history no longer apply.
    fn rebuild_fit(self) {
        self.halt(RunStatus::Idle);
        self.send_problem();
        self.problem.update(|p| *p += 1);
        // The old loss belongs to the old points or loss: show none until the new one arrives,
        // rather than an MSE value labelled MAE.
        self.evaluation.set(None);
        self.restart_path();
        self.evaluate();
    }

    fn send_problem(self) {
        self.send(&Command::SetProblem {
            points: self.points.get_untracked(),
            loss: self.loss_kind.get_untracked(),
        });
    }

    /// Asks the engine for the loss and gradient at the current point.
    fn evaluate(self) {
        self.evaluation_request.update_value(|id| *id += 1);
        self.send(&Command::Evaluate {
            request: self.evaluation_request.get_value(),
            at: self.coefficients.get_untracked(),
        });
    }

    fn show_evaluation(self, evaluation: Evaluation) {
        self.evaluation.set(Some(evaluation));
        if self.history_restarts.get_value() {
            self.history_restarts.set_value(false);
            self.history.set(vec![evaluation.loss]);
        }
    }

    /// Recomputes the loss surface whenever the points, the loss, the axes or the held coefficient changes;
    /// moving along the two plotted coefficients only moves the marker.
    fn follow_surface(self) {
        let held_value = Memo::new(move |_| {
            let (x, y) = self.surface_axes.get();
            self.coefficients.get().get(held_coefficient(x, y))
        });
        Effect::new(move |_| {
            self.problem.track();
            let (x, y) = self.surface_axes.get();
            held_value.track();
            self.surface_request.update_value(|id| *id += 1);
            self.send(&Command::Surface {
                request: self.surface_request.get_value(),
                spec: SurfaceSpec {
                    x,
                    y,
                    at: self.coefficients.get_untracked(),
                    x_range: COEFFICIENT_RANGE,
                    y_range: COEFFICIENT_RANGE,
                    resolution: SURFACE_RESOLUTION,
                },
            });
        });
    }
}

/// The coefficient that is neither `x` nor `y`.
pub fn held_coefficient(x: Coefficient, y: Coefficient) -> Coefficient {
    Coefficient::ALL
        .into_iter()
        .find(|c| *c != x && *c != y)
        .expect("three coefficients, two on the axes")
}
