//! The ReLU lab's state: the units the learner set, the target, and a fit running in the worker
//! in slices, so the hinges are seen moving.

use super::super::Engine;
use engine::Points;
use engine::relu::{Hinge, ReluSum, TargetCurve};
use leptos::prelude::*;
use protocol::Command;

/// Adam steps in one fit, and per command (so the plot follows the fit).
pub const FIT_STEPS: usize = 2000;
const STEPS_PER_SLICE: usize = 100;
pub const FIT_LEARNING_RATE: f32 = 0.02;
/// Samples of the curve targets on [-2, 2].
const CURVE_POINTS: usize = 50;
/// The sliders' range for m, b and the output weight; the fit may go beyond it.
pub const SLIDER_RANGE: (f32, f32) = (-5.0, 5.0);
pub const CONSTANT_RANGE: (f32, f32) = (-10.0, 10.0);
pub const UNIT_COUNTS: [usize; 5] = [1, 2, 4, 8, 16];
/// Units the learner can add by hand: twice the largest fresh start, and still a list to scroll.
pub const MAX_UNITS: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The Quadratic lab's noisy points, as they are there now.
    Quadratic,
    Curve(TargetCurve),
}

impl Target {
    pub const ALL: [Self; 4] = [
        Self::Quadratic,
        Self::Curve(TargetCurve::Sine),
        Self::Curve(TargetCurve::Step),
        Self::Curve(TargetCurve::Wiggly),
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::Quadratic => "quadratic",
            Self::Curve(TargetCurve::Sine) => "sine",
            Self::Curve(TargetCurve::Step) => "step",
            Self::Curve(TargetCurve::Wiggly) => "wiggly",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Quadratic => "The Quadratic lab's points",
            Self::Curve(TargetCurve::Sine) => "A sine",
            Self::Curve(TargetCurve::Step) => "A step",
            Self::Curve(TargetCurve::Wiggly) => "A wiggly function",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum FitStatus {
    Idle,
    Fitting { steps: usize },
    Done { steps: usize },
    Failed(String),
}

#[derive(Clone, Copy)]
pub struct ReluLab {
    engine: Engine,
    pub sum: RwSignal<ReluSum>,
    pub target: RwSignal<Target>,
    quadratic: Signal<Points>,
    pub status: RwSignal<FitStatus>,
    /// The fit in progress; answers for any other are dropped.
    run: StoredValue<u64>,
}

impl ReluLab {
    pub fn new(engine: Engine, quadratic: Signal<Points>) -> Self {
        // The lesson's `double_relu`: two hinges, facing each other, already a rough bowl.
        let start = ReluSum {
            hinges: vec![
                Hinge {
                    m: -2.0,
                    b: -1.0,
                    a: 1.0,
                },
                Hinge {
                    m: 2.0,
                    b: -1.0,
                    a: 1.0,
                },
            ],
            c: 0.0,
        };
        Self {
            engine,
            sum: RwSignal::new(start),
            target: RwSignal::new(Target::Quadratic),
            quadratic,
            status: RwSignal::new(FitStatus::Idle),
            run: StoredValue::new(0),
        }
    }

    /// The target's points (tracked).
    pub fn points(self) -> Points {
        match self.target.get() {
            Target::Quadratic => self.quadratic.get(),
            Target::Curve(curve) => curve.points(CURVE_POINTS),
        }
    }

    pub fn is_fitting(self) -> bool {
        matches!(self.status.get(), FitStatus::Fitting { .. })
    }

    /// Any change by hand ends a fit: the learner's units are what they set.
    pub fn edit(self, change: impl FnOnce(&mut ReluSum)) {
        self.stop();
        self.sum.update(change);
    }

    pub fn set_target(self, target: Target) {
        self.stop();
        self.target.set(target);
    }

    /// Another unit, turning on at x = 0 and rising.
    pub fn add_unit(self) {
        if self.sum.with_untracked(|s| s.hinges.len()) >= MAX_UNITS {
            return;
        }
        self.edit(|sum| {
            sum.hinges.push(Hinge {
                m: 1.0,
                b: 0.0,
                a: 1.0,
            })
        });
    }

    /// `count` units spread over the x range, with small weights: a fresh start for Fit.
    pub fn start_over(self, count: usize) {
        self.edit(|sum| *sum = ReluSum::spread(count, (-2.0, 2.0)));
    }

    pub fn fit(self) {
        if self.sum.with_untracked(|s| s.hinges.is_empty()) {
            return;
        }
        let run = self.engine.next_id();
        self.run.set_value(run);
        self.status.set(FitStatus::Fitting { steps: 0 });
        self.send_slice(run);
    }

    pub fn stop(self) {
        if let FitStatus::Fitting { steps } = self.status.get_untracked() {
            self.status.set(FitStatus::Done { steps });
        }
        self.run.set_value(self.engine.next_id());
    }

    fn send_slice(self, run: u64) {
        self.engine.send(&Command::FitRelus {
            run,
            target: untrack(|| self.points()),
            start: self.sum.get_untracked(),
            learning_rate: FIT_LEARNING_RATE,
            steps: STEPS_PER_SLICE,
        });
    }

    /// A new worker knows nothing of the fit: it starts again from where the units are.
    pub fn engine_started(self) {
        if untrack(|| self.is_fitting()) {
            self.fit();
        }
    }

    // Stop and Fit change the run, so an answer for the current run is one for a running fit.

    pub fn fitted(self, run: u64, sum: ReluSum, steps: usize) {
        if run != self.run.get_value() {
            return;
        }
        self.sum.set(sum);
        if steps >= FIT_STEPS {
            self.status.set(FitStatus::Done { steps });
        } else {
            self.status.set(FitStatus::Fitting { steps });
            self.send_slice(run);
        }
    }

    pub fn failed(self, request: Option<u64>, message: &str) {
        if request == Some(self.run.get_value()) {
            self.status.set(FitStatus::Failed(message.to_string()));
        }
    }
}
