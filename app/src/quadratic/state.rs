//! The Quadratic lab's state and the actions a learner can take on it.
//!
//! Signals hold what the page shows. Actions send requests to the engine, and its answers write
//! the results back. Evaluations and surfaces keep only their newest request ([`Latest`]); Step
//! and Train are one [`RunLoop`].

use super::race::RaceState;
use crate::address;
use crate::asked::Asked;
use crate::engine_client::{EngineClient, LabControl, TakesAnswers};
use crate::latest::Latest;
use crate::run_loop::{RunLoop, RunState};
use crate::series::Series;
use crate::widgets::{Path, Said, SetupStore};
use descent_core::Points;
use descent_core::data_text::readable;
use descent_core::pytorch::quadratic::QuadraticRun;
use descent_core::quadratic::{
    Coefficient, Coefficients, Descent, Evaluation, GradientBuffer, LossKind, LossSurface,
    NoisyQuadratic, POINTS_KEY, QuadraticSetup, StopReason, SurfaceSpec, largest_stable_rate,
    scaled_to_unit,
};
use descent_core::settings::{LabSetup, Number};
use leptos::prelude::*;
use protocol::RequestId;
use protocol::quadratic::{Command, DescentStart, Event};

pub use descent_core::quadratic::{COEFFICIENT_RANGE, LEARNING_RATE_RANGE, START};
/// Below this largest stable rate the points' scale, not the rate, is what needs changing: the
/// page says so and offers to scale them.
pub const STEEP_DATA_RATE: f64 = 1e-3;
/// Gradient-descent steps per animation frame while training: fast enough to converge in a few
/// seconds at the lesson's rate, slow enough to watch.
const STEPS_PER_FRAME: usize = 5;
/// Train stops by itself after this many steps.
pub const STEP_LIMIT: usize = 10_000;
/// Grid points per axis of the loss surface.
const SURFACE_RESOLUTION: usize = 80;
/// What a new worker carries over, said when one takes over.
pub const KEPT: &str = "Your point, its path and any training run are kept.";

/// How a Train ends by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finish {
    Converged,
    Diverged,
    StepLimit,
}

/// Every signal of the lab, and its actions. `Copy`, so closures can capture it freely.
/// The points and loss the engine fits, asked for.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Problem;

#[derive(Clone, Copy)]
pub struct QuadraticLab {
    pub recipe: RwSignal<NoisyQuadratic>,
    pub points: RwSignal<Points>,
    /// The points, when they are not the recipe's: worked out when either changes, not on
    /// every step a run takes.
    pub own_points: Memo<Option<Points>>,
    pub loss_kind: RwSignal<LossKind>,
    pub coefficients: RwSignal<Coefficients>,
    pub learning_rate: RwSignal<f32>,
    /// The lesson's bug, on purpose: Step and Train never zero the gradient buffer.
    pub forget_zero_grad: RwSignal<bool>,
    /// Loss and gradient at `coefficients`: the engine's, or the host's until it has answered.
    pub evaluation: RwSignal<Option<Evaluation>>,
    /// Points visited by Step and Train since the last manual move, by step.
    pub path: RwSignal<Series<Coefficients>>,
    /// Loss at each point of the path.
    pub history: RwSignal<Series<f32>>,
    pub run: RunLoop<Finish>,
    /// Steps taken since the last manual move.
    pub steps: RwSignal<usize>,
    pub surface_axes: RwSignal<(Coefficient, Coefficient)>,
    pub surface: RwSignal<Option<LossSurface>>,
    pub race: RaceState,
    /// 2/λmax of the MSE's Hessian for the current points, under the MSE (the MAE, whose steps
    /// keep their size near its minimum, has no such rate).
    pub stable_rate: Memo<Option<f64>>,
    /// Why the last edit of the points was refused, or what a paste did.
    pub points_message: RwSignal<Option<Said>>,
    /// The settings of the address the lab could not use, named.
    pub address_notice: RwSignal<Option<String>>,
    /// The long panels below the sliders (the race, the graph), opened one at a time; none at
    /// first, so the first screen is the fit and its sliders.
    pub sections: Path,
    engine: EngineClient,
    evaluations: Latest<Command>,
    surfaces: Latest<Command>,
    /// The request that set the current points and loss.
    /// The problem (points and loss) sent to the engine, while unanswered.
    problem_asked: Asked<Problem>,
    /// Bumped whenever the points or the loss change; the surface follows it.
    problem: RwSignal<u64>,
    /// Set by a manual move: the next evaluation starts a new loss history.
    history_restarts: StoredValue<bool>,
    /// What the gradient buffer holds after the last step.
    buffer: StoredValue<GradientBuffer>,
}

impl QuadraticLab {
    /// The lab, asking the engine for its first fit (computed once the page has chosen where the
    /// engine trains).
    pub fn start(engine: EngineClient) -> Self {
        let (setup, address_notice) = address::setup::<QuadraticSetup>("Quadratic");
        let recipe = setup.recipe;
        let points = RwSignal::new(setup.points.clone().unwrap_or_else(|| recipe.sample()));
        let loss_kind = RwSignal::new(setup.loss);
        let stable_rate = Memo::new(move |_| match loss_kind.get() {
            LossKind::Mse => points.with(largest_stable_rate),
            LossKind::Mae => None,
        });
        let recipe_signal = RwSignal::new(recipe);
        let own_points = Memo::new(move |_| {
            let recipe = recipe_signal.get();
            Some(points.get()).filter(|points| *points != recipe.sample())
        });
        let lab = Self {
            recipe: recipe_signal,
            own_points,
            points,
            loss_kind,
            stable_rate,
            coefficients: RwSignal::new(setup.coefficients),
            learning_rate: RwSignal::new(setup.learning_rate),
            forget_zero_grad: RwSignal::new(setup.forget_zero_grad),
            evaluation: RwSignal::new(None),
            path: RwSignal::new(Series::default()),
            history: RwSignal::new(Series::default()),
            run: RunLoop::new(),
            steps: RwSignal::new(0),
            surface_axes: RwSignal::new(setup.surface_axes),
            surface: RwSignal::new(None),
            race: RaceState::new(setup.lanes, setup.race_steps),
            points_message: RwSignal::new(None),
            address_notice: RwSignal::new(address_notice),
            sections: Path::new("quadratic-path", ""),
            engine,
            evaluations: Latest::new(),
            surfaces: Latest::new(),
            problem_asked: Asked::new(),
            problem: RwSignal::new(0),
            history_restarts: StoredValue::new(true),
            buffer: StoredValue::new(GradientBuffer::Zeroed),
        };
        engine.connect(lab);
        lab.clear_buffer();
        lab.show_host_evaluation();
        address::follow(vec![POINTS_KEY], move || lab.setup().to_pairs());
        // The engine's first request, and so its download, waits for the first frame: the lab
        // reads right from the host's maths until the engine answers.
        request_animation_frame(move || {
            lab.rebuild_fit();
            lab.follow_surface();
        });
        lab
    }

    /// What a link to the lab carries (tracked).
    pub fn setup(self) -> QuadraticSetup {
        QuadraticSetup {
            coefficients: self.coefficients.get(),
            learning_rate: self.learning_rate.get(),
            loss: self.loss_kind.get(),
            recipe: self.recipe.get(),
            surface_axes: self.surface_axes.get(),
            forget_zero_grad: self.forget_zero_grad.get(),
            lanes: self.race.lanes.map(|lane| lane.get()),
            race_steps: self.race.steps.get(),
            points: self.own_points.get(),
        }
    }

    /// What the lab has done, for its program (tracked): its run from the point set last, and
    /// its race.
    pub fn as_run(self) -> QuadraticRun {
        let coefficients = self.coefficients.get();
        QuadraticRun {
            points: self.points.get(),
            loss: self.loss_kind.get(),
            start: self
                .path
                .with(|path| path.points().first().map(|&(_, start)| start))
                .unwrap_or(coefficients),
            learning_rate: self.learning_rate.get(),
            steps: self.steps.get(),
            forget_zero_grad: self.forget_zero_grad.get(),
            race_from: coefficients,
            racers: self
                .race
                .lanes
                .iter()
                .map(|lane| lane.get())
                .filter(|lane| lane.racing)
                .map(|lane| lane.racer)
                .collect(),
            race_steps: self.race.steps.get(),
        }
    }

    /// Takes a number a control drawn from the table changed, through the action it is: a new
    /// point to start from, a rate, new data, the race's length.
    fn apply(self, setup: QuadraticSetup) {
        if setup.coefficients != self.coefficients.get_untracked() {
            self.move_to(setup.coefficients);
        }
        if setup.learning_rate != self.learning_rate.get_untracked() {
            self.learning_rate.set(setup.learning_rate);
        }
        self.set_recipe(setup.recipe);
        if setup.race_steps != self.race.steps.get_untracked() {
            self.race.steps.set(setup.race_steps);
        }
    }

    /// Puts the whole lab as `setup` says (a mission's start): its points, loss and settings,
    /// and a fresh path from its point.
    pub fn restore(self, setup: QuadraticSetup) {
        self.run.cancel();
        self.learning_rate.set(setup.learning_rate);
        self.forget_zero_grad.set(setup.forget_zero_grad);
        self.surface_axes.set(setup.surface_axes);
        for (lane, kept) in self.race.lanes.iter().zip(setup.lanes) {
            lane.set(kept);
        }
        self.race.steps.set(setup.race_steps);
        self.loss_kind.set(setup.loss);
        self.recipe.set(setup.recipe);
        self.points_message.set(None);
        self.points
            .set(setup.points.unwrap_or_else(|| setup.recipe.sample()));
        self.coefficients.set(setup.coefficients);
        self.rebuild_fit();
    }

    /// The learner picked a point (surface click, Reset): a new start for Step and Train.
    pub fn move_to(self, coefficients: Coefficients) {
        self.run.cancel();
        self.coefficients.set(coefficients);
        self.restart_path();
        self.evaluate();
    }

    pub fn reset(self) {
        self.move_to(START);
    }

    /// The rates the slider and box offer: [`LEARNING_RATE_RANGE`], reaching down to a
    /// hundredth of the largest stable rate (rounded down to a power of ten) for steep data, so
    /// any points the lab accepts can be trained.
    pub fn learning_rate_range(self) -> (f32, f32) {
        range_for(self.stable_rate.get())
    }

    /// The points with x and y each divided by its largest magnitude, as the Titanic lab scales
    /// its columns: the loss's steepness comes back to everyday rates.
    pub fn scale_points(self) {
        let (scaled, x_scale, y_scale) = self.points.with_untracked(scaled_to_unit);
        self.use_points(scaled);
        let stable = self
            .stable_rate
            .get_untracked()
            .map(|rate| format!(", and the largest stable rate is now ≈ {}", readable(rate)))
            .unwrap_or_default();
        self.points_message.set(Some(Said::Done(format!(
            "Divided x by {} and y by {}: the points now lie within ±1{stable}.",
            readable(x_scale.into()),
            readable(y_scale.into())
        ))));
    }

    /// Turns the lesson's bug on or off; either way the buffer starts empty.
    pub fn set_forget_zero_grad(self, forget: bool) {
        self.forget_zero_grad.set(forget);
        self.clear_buffer();
    }

    fn clear_buffer(self) {
        self.buffer
            .set_value(match self.forget_zero_grad.get_untracked() {
                true => GradientBuffer::Accumulating(Coefficients::new(0.0, 0.0, 0.0)),
                false => GradientBuffer::Zeroed,
            });
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
            self.points_message.set(None);
            self.use_points(recipe.sample());
        }
    }

    /// An edit of the points (add, move, remove): made, and everything follows, or refused
    /// with the reason shown and the points as they were.
    pub fn edit_points(self, edit: impl FnOnce(&mut Points) -> Result<(), String>) {
        let mut points = self.points.get_untracked();
        match edit(&mut points) {
            Ok(()) => {
                self.points_message.set(None);
                self.use_points(points);
            }
            Err(why) => self.points_message.set(Some(Said::Refused(why))),
        }
    }

    /// Pasted x,y pairs replace the points; text that cannot be read changes nothing and says
    /// which line is wrong. True when the points were taken.
    pub fn paste_points(self, text: &str) -> bool {
        match Points::from_text(text) {
            Ok(points) => {
                let count = points.len();
                self.use_points(points);
                self.points_message
                    .set(Some(Said::Done(format!("Using your {count} points."))));
                true
            }
            Err(error) => {
                self.points_message.set(Some(Said::Refused(format!(
                    "{error} Your points are as they were."
                ))));
                false
            }
        }
    }

    /// The lesson's twenty points again, from its recipe.
    pub fn restore_lesson_data(self) {
        let recipe = NoisyQuadratic::default();
        self.recipe.set(recipe);
        self.points_message.set(None);
        self.use_points(recipe.sample());
    }

    fn use_points(self, points: Points) {
        self.points.set(points);
        self.rebuild_fit();
    }

    /// One gradient-descent step from the current point.
    pub fn step(self) {
        self.run.step();
        self.descend(1);
    }

    /// Steps continuously, a few per animation frame with at most one batch in flight, until
    /// Stop, convergence, divergence or the step limit: the display paces training.
    pub fn train(self) {
        self.run.start();
        self.descend(STEPS_PER_FRAME);
    }

    pub fn stop(self) {
        self.run.stop();
    }

    /// Races the lanes from the current point.
    pub fn start_race(self) {
        self.race
            .start(self.engine, self.coefficients.get_untracked());
    }

    /// The narrow valley: stretched data, a start on the valley's side, the loss over a and c,
    /// and SGD, momentum and Adam racing.
    pub fn valley_preset(self) {
        let preset = descent_core::quadratic::valley_preset();
        self.set_loss_kind(LossKind::Mse);
        self.set_recipe(preset.recipe);
        self.surface_axes.set((Coefficient::A, Coefficient::C));
        self.move_to(preset.start);
        self.race.set_lanes(preset.racers, preset.steps);
        self.start_race();
    }

    /// The run's next `steps`; its first slice starts it in the worker from the current point
    /// (Train: up to the step limit).
    fn descend(self, steps: usize) {
        let start = self.run.is_first_slice().then(|| DescentStart {
            from: self.coefficients.get_untracked(),
            buffer: self.buffer.get_value(),
            limit: self.run.is_running_untracked().then_some(STEP_LIMIT),
        });
        let id = self.engine.send(Command::Descend {
            start,
            learning_rate: self.learning_rate.get_untracked(),
            steps,
            zero_grad: !self.forget_zero_grad.get_untracked(),
        });
        self.run.sent(id);
    }

    /// Shows a batch of steps and, while training, asks for the next one at the next frame.
    fn take_descent(self, descent: Descent) {
        let finish = match descent.stop {
            Some(StopReason::Converged) => Some(Finish::Converged),
            Some(StopReason::Diverged) => Some(Finish::Diverged),
            Some(StopReason::StepLimit) => Some(Finish::StepLimit),
            None => None,
        };
        // The toggle may have changed while these steps were in flight: the next use its mode.
        match (self.forget_zero_grad.get_untracked(), descent.buffer) {
            (true, kept @ GradientBuffer::Accumulating(_)) => self.buffer.set_value(kept),
            _ => self.clear_buffer(),
        }
        self.apply_descent(descent);
        if self.run.landed(finish) {
            self.run.next_frame(move || self.descend(STEPS_PER_FRAME));
        }
    }

    /// Adds a descent's points to the path and the history, and moves to where it ended.
    fn apply_descent(self, descent: Descent) {
        let mut step = self.steps.get_untracked();
        if self
            .history_restarts
            .try_update_value(std::mem::take)
            .unwrap_or(false)
            && let Some(start) = descent.visited.first()
        {
            // The start's own evaluation has not arrived yet: this descent begins the history.
            let mut history = Series::default();
            history.push(step, start.loss);
            self.history.set(history);
        }
        // The first visited point is where the descent started, which is already on the path.
        let new_points = descent.visited.iter().skip(1);
        self.path.update(|path| {
            for (i, e) in new_points.clone().enumerate() {
                path.push(step + i + 1, e.coefficients);
            }
        });
        self.history.update(|history| {
            for (i, e) in new_points.enumerate() {
                history.push(step + i + 1, e.loss);
            }
        });
        step += descent.visited.len().saturating_sub(1);
        self.steps.set(step);
        if let Some(last) = descent.visited.last() {
            // Any evaluation in flight is of a point the descent has left.
            self.evaluations.forget();
            self.coefficients.set(last.coefficients);
            self.evaluation.set(Some(*last));
        }
    }

    /// The path starts again from the current point, with an empty gradient buffer; the loss
    /// history restarts when the evaluation of that point arrives (see `show_evaluation`), so
    /// its chart redraws once.
    fn restart_path(self) {
        self.clear_buffer();
        let mut path = Series::default();
        path.push(0, self.coefficients.get_untracked());
        self.path.set(path);
        self.steps.set(0);
        self.history_restarts.set_value(true);
    }

    /// The engine fits the current points under the current loss from now on: the old path and
    /// history no longer apply.
    fn rebuild_fit(self) {
        self.run.cancel();
        self.send_problem();
        self.problem.update(|p| *p += 1);
        self.history.set(Series::default());
        self.race.clear();
        self.restart_path();
        self.evaluate();
    }

    fn send_problem(self) {
        let command = Command::SetProblem {
            points: self.points.get_untracked(),
            loss: self.loss_kind.get_untracked(),
        };
        self.problem_asked.ask(self.engine, command, Problem);
    }

    /// Shows the loss and gradient at the current point, from the host's maths at once, and asks
    /// the engine for its own (its autodiff), which then takes their place.
    fn evaluate(self) {
        self.show_host_evaluation();
        self.evaluations.ask(
            self.engine,
            Command::Evaluate {
                at: self.coefficients.get_untracked(),
            },
        );
    }

    /// The loss and gradient at the current point by the loss graph's backward pass on the host:
    /// the lab reads right before the engine has loaded, and while it cannot run.
    fn show_host_evaluation(self) {
        self.show_evaluation(Evaluation::on_host(
            &self.points.get_untracked(),
            self.loss_kind.get_untracked(),
            self.coefficients.get_untracked(),
        ));
    }

    fn show_evaluation(self, evaluation: Evaluation) {
        self.evaluation.set(Some(evaluation));
        if self
            .history_restarts
            .try_update_value(std::mem::take)
            .unwrap_or(false)
        {
            let mut history = Series::default();
            history.push(0, evaluation.loss);
            self.history.set(history);
        }
    }

    /// Recomputes the loss surface whenever the points, the loss, the axes or the held
    /// coefficient changes; moving along the two plotted coefficients only moves the marker.
    fn follow_surface(self) {
        let held_value = Memo::new(move |_| {
            let (x, y) = self.surface_axes.get();
            self.coefficients.get().get(held_coefficient(x, y))
        });
        Effect::new(move |_| {
            self.problem.track();
            self.surface_axes.track();
            held_value.track();
            self.ask_surface();
        });
    }

    fn ask_surface(self) {
        let (x, y) = self.surface_axes.get_untracked();
        self.surfaces.ask(
            self.engine,
            Command::Surface {
                spec: SurfaceSpec {
                    x,
                    y,
                    at: self.coefficients.get_untracked(),
                    x_range: COEFFICIENT_RANGE,
                    y_range: COEFFICIENT_RANGE,
                    resolution: SURFACE_RESOLUTION,
                },
            },
        );
    }
}

impl TakesAnswers for QuadraticLab {
    type Event = Event;

    fn answer(&self, id: RequestId, event: Event) {
        match event {
            Event::ProblemSet => {
                self.problem_asked.take(id);
            }
            Event::Evaluated(evaluation) => {
                if self.evaluations.settled(self.engine, id) {
                    self.show_evaluation(evaluation);
                }
            }
            Event::Surface(surface) => {
                if self.surfaces.settled(self.engine, id) {
                    self.surface.set(Some(surface));
                }
            }
            Event::Descended(descent) => {
                if self.run.is_current(id) {
                    self.take_descent(descent);
                }
            }
            Event::Raced(race) => {
                self.race.raced(self.engine, id, race);
            }
        }
    }
}

impl LabControl for QuadraticLab {
    fn failed(&self, id: RequestId, message: String) {
        if self.race.failed(self.engine, id, message.clone()) {
            return;
        }
        let ours = self.evaluations.settled(self.engine, id)
            | self.surfaces.settled(self.engine, id)
            | self.problem_asked.take(id).is_some();
        if !self.run.fail(id, message.clone()) && ours {
            self.run.set(RunState::Failed(message));
        }
    }

    /// The new worker gets the points, the loss and the point again, and a run goes on there.
    fn restarted(&self) {
        self.evaluations.forget();
        self.surfaces.forget();
        self.send_problem();
        self.evaluate();
        self.ask_surface();
        self.race.restarted(self.engine);
        // The new worker holds no run: it starts again from where the path is.
        if self.run.restarted() {
            self.descend(STEPS_PER_FRAME);
        }
    }
}

fn range_for(stable_rate: Option<f64>) -> (f32, f32) {
    let (lo, hi) = LEARNING_RATE_RANGE;
    let steep = stable_rate.map_or(f64::from(lo), |rate| {
        10f64.powf((rate / 100.0).log10().floor())
    });
    ((steep as f32).min(lo), hi)
}

/// The lab's numbers, as the controls drawn from its table read and set them.
impl SetupStore<QuadraticSetup> for QuadraticLab {
    fn number(self, number: Number<QuadraticSetup>) -> f64 {
        (number.get)(&self.setup())
    }

    fn set_number(self, number: Number<QuadraticSetup>, value: f64) {
        let mut setup = untrack(|| self.setup());
        (number.set)(&mut setup, value);
        self.apply(setup);
    }
}

/// The coefficient that is neither `x` nor `y`.
pub fn held_coefficient(x: Coefficient, y: Coefficient) -> Coefficient {
    Coefficient::ALL
        .into_iter()
        .find(|c| *c != x && *c != y)
        .expect("three coefficients, two on the axes")
}
