//! The Quadratic lab's state and the actions a learner can take on it.
//!
//! Signals hold what the page shows; actions call the engine and write the results back. The
//! engine's calls are async (so WebGPU can slot in later) and their results are applied only if
//! no newer request has been made since, so a slow answer never overwrites a newer one.

use crate::frame::next_animation_frame;
use engine::{
    Coefficient, Coefficients, Descent, Device, EngineError, Evaluation, LossKind, LossSurface,
    NoisyQuadratic, Points, QuadraticFit, StopReason, SurfaceSpec,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

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
    fit: RwSignal<Option<Rc<QuadraticFit>>, LocalStorage>,
    device: StoredValue<Device, LocalStorage>,
    /// Bumped by every request; an answer for an older one is dropped.
    evaluation_request: StoredValue<u64>,
    surface_request: StoredValue<u64>,
    /// Bumped by Train, Stop and every manual change; a training loop whose number is no longer
    /// current stops at its next frame.
    run_id: StoredValue<u64>,
    /// Set by a manual move: the next evaluation starts a new loss history.
    history_restarts: StoredValue<bool>,
}

impl Lab {
    pub fn new(device: Device) -> Self {
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
            fit: RwSignal::new_local(None),
            device: StoredValue::new_local(device),
            evaluation_request: StoredValue::new(0),
            surface_request: StoredValue::new(0),
            run_id: StoredValue::new(0),
            history_restarts: StoredValue::new(true),
        };
        lab.rebuild_fit();
        lab.follow_surface();
        lab
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
        let Some(fit) = self.fit.get_untracked() else {
            return;
        };
        let (start, rate) = (
            self.coefficients.get_untracked(),
            self.learning_rate.get_untracked(),
        );
        spawn_local(async move {
            let outcome = fit.descend(start, rate, 1).await;
            if self.run_id.get_value() == run {
                self.apply_descent(outcome);
            }
        });
    }

    /// Steps continuously, a few per animation frame, until Stop, convergence, divergence or
    /// the step limit.
    pub fn train(self) {
        let run = self.halt(RunStatus::Training);
        spawn_local(async move {
            let mut taken = 0;
            loop {
                next_animation_frame().await;
                // Stop, a manual move or a newer run supersedes this one.
                if self.run_id.get_value() != run {
                    return;
                }
                let Some(fit) = self.fit.get_untracked() else {
                    return;
                };
                let start = self.coefficients.get_untracked();
                let rate = self.learning_rate.get_untracked();
                let steps = STEPS_PER_FRAME.min(STEP_LIMIT - taken);
                let outcome = fit.descend(start, rate, steps).await;
                if self.run_id.get_value() != run {
                    return;
                }
                taken += steps;
                let finished = self.apply_descent(outcome);
                if !finished && taken >= STEP_LIMIT {
                    self.status.set(RunStatus::StepLimit);
                }
                if finished || taken >= STEP_LIMIT {
                    return;
                }
            }
        });
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

    /// Shows a descent's points; returns whether it ended the run (converged, diverged, failed).
    fn apply_descent(self, outcome: Result<Descent, EngineError>) -> bool {
        let descent = match outcome {
            Ok(descent) => descent,
            Err(error) => {
                self.fail(error);
                return true;
            }
        };
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

    fn fail(self, error: EngineError) {
        self.halt(RunStatus::Failed(error.to_string()));
    }

    /// The path starts again from the current point; the loss history restarts when the
    /// evaluation of that point arrives (see `evaluate`), so its chart redraws once, not twice.
    fn restart_path(self) {
        self.path.set(vec![self.coefficients.get_untracked()]);
        self.history_restarts.set_value(true);
    }

    /// A new fit for the current points and loss: the old path and history no longer apply.
    fn rebuild_fit(self) {
        self.halt(RunStatus::Idle);
        let fit = self.device.with_value(|device| {
            QuadraticFit::new(
                &self.points.get_untracked(),
                self.loss_kind.get_untracked(),
                device,
            )
        });
        match fit {
            Ok(fit) => self.fit.set(Some(Rc::new(fit))),
            Err(error) => return self.fail(error),
        }
        self.restart_path();
        self.evaluate();
    }

    /// Asks the engine for the loss and gradient at the current point.
    fn evaluate(self) {
        let Some(fit) = self.fit.get_untracked() else {
            return;
        };
        self.evaluation_request.update_value(|id| *id += 1);
        let request = self.evaluation_request.get_value();
        let at = self.coefficients.get_untracked();
        spawn_local(async move {
            let result = fit.evaluate(at).await;
            if self.evaluation_request.get_value() != request {
                return;
            }
            match result {
                Ok(evaluation) => {
                    self.evaluation.set(Some(evaluation));
                    if self.history_restarts.get_value() {
                        self.history_restarts.set_value(false);
                        self.history.set(vec![evaluation.loss]);
                    }
                }
                Err(error) => self.fail(error),
            }
        });
    }

    /// Recomputes the loss surface whenever the fit, the axes or the held coefficient changes;
    /// moving along the two plotted coefficients only moves the marker.
    fn follow_surface(self) {
        let held_value = Memo::new(move |_| {
            let (x, y) = self.surface_axes.get();
            self.coefficients.get().get(held_coefficient(x, y))
        });
        Effect::new(move |_| {
            let Some(fit) = self.fit.get() else { return };
            let (x, y) = self.surface_axes.get();
            held_value.track();
            let spec = SurfaceSpec {
                x,
                y,
                at: self.coefficients.get_untracked(),
                x_range: COEFFICIENT_RANGE,
                y_range: COEFFICIENT_RANGE,
                resolution: SURFACE_RESOLUTION,
            };
            self.surface_request.update_value(|id| *id += 1);
            let request = self.surface_request.get_value();
            spawn_local(async move {
                let result = fit.surface(spec).await;
                if self.surface_request.get_value() == request {
                    match result {
                        Ok(surface) => self.surface.set(Some(surface)),
                        Err(error) => self.fail(error),
                    }
                }
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
