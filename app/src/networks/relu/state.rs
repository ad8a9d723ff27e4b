//! The ReLU lab's state: the units the learner set, the target, and a fit running in the worker
//! in slices, so the hinges are seen moving.

use crate::address;
use crate::engine_client::{EngineClient, LabControl, Slot, TakesAnswers};
use crate::run_loop::RunLoop;
use crate::widgets::SetupStore;
use descent_core::Points;
use descent_core::optimizers::Optimizer;
use descent_core::relu::{FIT_STEPS, Hinge, MAX_UNITS, ReluSetup, ReluSum, Target};
use descent_core::run::RunEnd;
use descent_core::settings::{LabSetup, Number};
use leptos::prelude::*;
use protocol::RequestId;
use protocol::relu::{Command, Event, FitStart};

/// Samples of the curve targets on [-2, 2].
const CURVE_POINTS: usize = 50;
pub const UNIT_COUNTS: [usize; 5] = [1, 2, 4, 8, 16];

#[derive(Clone, Copy)]
pub struct ReluLab {
    engine: EngineClient,
    /// What the learner has set: the units (where a fit moves them too), the target, and the
    /// fit's optimizer and rate. The fields below are its parts, each changing on its own.
    pub setup: RwSignal<ReluSetup>,
    pub sum: Memo<ReluSum>,
    pub target: Memo<Target>,
    quadratic: Signal<Points>,
    /// Fit: the worker's run ends it, after [`FIT_STEPS`] or on a blow-up.
    pub run: RunLoop<RunEnd>,
    /// Steps the last fit has taken.
    pub steps: RwSignal<usize>,
    /// What the next Fit trains with.
    pub optimizer: Memo<Optimizer>,
    pub learning_rate: Memo<f32>,
    /// The settings of the address the lab could not use, named.
    pub address_notice: RwSignal<Option<String>>,
    /// Steps taken before the worker was replaced, counted on from there.
    steps_before: StoredValue<usize>,
}

impl ReluLab {
    /// The lab as its address sets it up.
    pub fn new(engine: EngineClient, quadratic: Signal<Points>) -> Self {
        let (setup, address_notice) = address::setup::<ReluSetup>("ReLU");
        let setup = RwSignal::new(setup);
        let lab = Self {
            engine,
            setup,
            sum: Memo::new(move |_| setup.with(|s| s.sum.clone())),
            target: Memo::new(move |_| setup.with(|s| s.target)),
            quadratic,
            run: RunLoop::new(),
            steps: RwSignal::new(0),
            optimizer: Memo::new(move |_| setup.with(|s| s.optimizer)),
            learning_rate: Memo::new(move |_| setup.with(|s| s.learning_rate)),
            address_notice: RwSignal::new(address_notice),
            steps_before: StoredValue::new(0),
        };
        engine.connect(lab);
        address::follow(Vec::new(), move || setup.with(LabSetup::to_pairs));
        lab
    }

    /// The target's points (tracked).
    pub fn points(self) -> Points {
        match self.target.get() {
            Target::Quadratic => self.quadratic.get(),
            Target::Curve(curve) => curve.points(CURVE_POINTS),
        }
    }

    /// Any change by hand ends a fit where it is: the learner's units are what they set.
    pub fn edit(self, change: impl FnOnce(&mut ReluSum)) {
        self.run.cancel();
        self.setup.update(|s| change(&mut s.sum));
    }

    pub fn set_target(self, target: Target) {
        self.run.cancel();
        self.setup.update(|s| s.target = target);
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
    /// Its tab was chosen: its worker starts ahead of the first Fit.
    pub fn open(self) {
        self.engine.prepare(Slot::Networks);
    }

    pub fn start_over(self, count: usize) {
        self.edit(|sum| *sum = ReluSum::spread(count, (-2.0, 2.0)));
    }

    pub fn fit(self) {
        if self.sum.with_untracked(|s| s.hinges.is_empty()) {
            return;
        }
        self.run.start();
        self.steps.set(0);
        self.steps_before.set_value(0);
        self.send_slice();
    }

    pub fn stop(self) {
        self.run.stop();
    }

    /// Puts the lab in `setup` (a mission's start, an opened file), no fit running.
    pub fn use_setup(self, setup: ReluSetup) {
        self.run.cancel();
        self.setup.set(setup);
    }

    pub fn set_optimizer(self, optimizer: Optimizer) {
        self.setup.update(|s| s.optimizer = optimizer);
    }

    /// The next slice; the first of a run starts the fit from the units as they are, for the
    /// steps left of [`FIT_STEPS`].
    fn send_slice(self) {
        let from = self.run.is_first_slice().then(|| FitStart {
            target: untrack(|| self.points()),
            start: self.sum.get_untracked(),
            optimizer: self.optimizer.get_untracked(),
            learning_rate: self.learning_rate.get_untracked(),
            steps: FIT_STEPS.saturating_sub(self.steps.get_untracked()).max(1),
        });
        let id = self.engine.send(Command::Fit { from });
        self.run.sent(id);
    }
}

impl TakesAnswers for ReluLab {
    type Event = Event;

    fn answer(&self, id: RequestId, event: Event) {
        let Event::Fitted { sum, steps, end } = event;
        if !self.run.is_current(id) {
            return;
        }
        // A blown-up fit's units are not numbers: the learner's stay as they were.
        if end != Some(RunEnd::Diverged) {
            self.setup.update(|s| s.sum = sum);
        }
        self.steps.set(self.steps_before.get_value() + steps);
        if self.run.landed(end) {
            self.send_slice();
        }
    }
}

impl LabControl for ReluLab {
    fn failed(&self, id: RequestId, message: String) {
        self.run.fail(id, message);
    }

    /// A fit goes on in the new worker, from where the units are.
    fn restarted(&self) {
        if self.run.restarted() {
            self.steps_before.set_value(self.steps.get_untracked());
            self.send_slice();
        }
    }
}

/// The lab's numbers set by hand (the constant), as its controls drawn from the table read and
/// set them: a change by hand ends a fit, as [`ReluLab::edit`] does.
impl SetupStore<ReluSetup> for ReluLab {
    fn number(self, number: Number<ReluSetup>) -> f64 {
        self.setup.with(|s| (number.get)(s))
    }

    fn set_number(self, number: Number<ReluSetup>, value: f64) {
        self.run.cancel();
        self.setup.update(|s| (number.set)(s, value));
    }
}
