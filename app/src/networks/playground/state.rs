//! The playground's state: the setup (kept in the address), the data and the network's picture
//! as the worker last sent them, and the loss history. Play and Step are one [`RunLoop`]: Play
//! trains in slices, the next sent when the last is answered, so Pause is simply not sending.

use crate::address;
use crate::asked::Asked;
use crate::engine_client::{EngineClient, LabControl, TakesAnswers};
use crate::latest::Latest;
use crate::run_loop::{RunLoop, RunState};
use crate::series::Series;
use crate::widgets::{Said, SetupStore};
use descent_core::early_stopping::Stopped;
use descent_core::lr_finder::FinderCurve;
use descent_core::playground::setup::OWN_DATA_KEY;
use descent_core::playground::{
    Dataset, OwnData, PlaygroundPicture, PlaygroundScores, PointTrace, Setup,
};
use descent_core::run::RunEnd;
use descent_core::settings::Number;
use leptos::prelude::*;
use protocol::RequestId;
use protocol::playground::{Command, Event};

/// The picture of the network is asked for at most this often while playing (ms).
const PICTURE_EVERY_MS: f64 = 100.0;
/// The learner's own data trains once it has a point to train on and one to test on.
pub const MIN_OWN_POINTS: usize = 2;
/// Batches a Play slice may run; the worker stops sooner, at its time slice.
const MAX_STEPS_PER_SLICE: usize = 10_000;

/// How Play ends by itself.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Finish {
    /// The loss blew up: the network must be reset.
    Diverged,
    /// It trained the batches the setup's "stop after" asks for.
    Ended,
    /// Early stopping: the test loss stopped improving, and the best network came back.
    EarlyStopped(Stopped),
}

/// Train and test loss after an answer, for the curves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LossPoint {
    pub train: f32,
    pub test: f32,
}

/// The rate finder's run, asked for.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Finder;

#[derive(Clone, Copy)]
pub struct PlaygroundLab {
    engine: EngineClient,
    pub setup: RwSignal<Setup>,
    /// Why some of the address's settings were not used.
    pub address_notice: RwSignal<Option<String>>,
    pub data: RwSignal<Option<Dataset>>,
    pub scores: RwSignal<Option<PlaygroundScores>>,
    pub picture: RwSignal<Option<PlaygroundPicture>>,
    /// The losses by batch.
    pub history: RwSignal<Series<LossPoint>>,
    /// Mean |∂L/∂w| of each layer of weights, by batch.
    pub gradient_history: RwSignal<Series<Vec<f32>>>,
    /// The training point whose path through the network is shown, by index.
    pub traced_point: RwSignal<usize>,
    /// That point's values and gradients in the network as it is now.
    pub trace: RwSignal<Option<PointTrace>>,
    pub steps: RwSignal<usize>,
    pub run: RunLoop<Finish>,
    /// A fresh network is being built.
    pub building: RwSignal<bool>,
    pub rate_curve: RwSignal<Option<FinderCurve>>,
    /// Batches the finder has tried, while it runs.
    pub finding: RwSignal<Option<usize>>,
    /// Clicks on the decision map add points, and drags erase them.
    pub drawing: RwSignal<bool>,
    /// The class a click draws (shift-click draws the other).
    pub draw_class: RwSignal<bool>,
    /// What the last upload or drawing did, or why it was refused.
    pub data_said: RwSignal<Option<Said>>,
    resets: Latest<Command>,
    traces: Latest<Command>,
    /// The rate finder's run, while unanswered.
    finder: Asked<Finder>,
    last_picture_ms: StoredValue<f64>,
    /// Play as soon as the network being built is ready (the presets do).
    play_when_ready: StoredValue<bool>,
    opened: StoredValue<bool>,
}

impl PlaygroundLab {
    /// The setup the address describes; bad parameters take their defaults, and say so.
    pub fn from_address(engine: EngineClient) -> Self {
        let pairs = address::pairs();
        let (setup, problems) =
            Setup::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let notice = problems.message();
        let playground = Self {
            engine,
            setup: RwSignal::new(setup),
            address_notice: RwSignal::new(notice),
            data: RwSignal::new(None),
            scores: RwSignal::new(None),
            picture: RwSignal::new(None),
            history: RwSignal::new(Series::default()),
            gradient_history: RwSignal::new(Series::default()),
            traced_point: RwSignal::new(0),
            trace: RwSignal::new(None),
            steps: RwSignal::new(0),
            run: RunLoop::new(),
            building: RwSignal::new(true),
            rate_curve: RwSignal::new(None),
            finding: RwSignal::new(None),
            drawing: RwSignal::new(false),
            draw_class: RwSignal::new(true),
            data_said: RwSignal::new(None),
            resets: Latest::new(),
            traces: Latest::new(),
            finder: Asked::new(),
            last_picture_ms: StoredValue::new(0.0),
            play_when_ready: StoredValue::new(false),
            opened: StoredValue::new(false),
        };
        engine.connect(playground);
        address::follow(vec![OWN_DATA_KEY], move || {
            playground.setup.with(Setup::to_pairs)
        });
        playground.follow_traced_point();
        playground
    }

    /// The traced point's values and gradients follow the network: asked again whenever a new
    /// picture of it arrives or another point is picked.
    fn follow_traced_point(self) {
        Effect::new(move |_| {
            self.picture.track();
            let point = self.traced_point.get();
            match self
                .data
                .with(|d| d.as_ref().is_some_and(|d| point < d.train))
            {
                true => self.traces.ask(self.engine, Command::Trace { point }),
                false => self.trace.set(None),
            }
        });
    }

    /// The lab became visible: build its network (its worker starts with the request), once.
    pub fn open(self) {
        if !self.opened.get_value() {
            self.opened.set_value(true);
            self.reset();
        }
    }

    /// Play and Step can start: a built network, nothing running, nothing broken, and batches
    /// left to train (tracked).
    pub fn can_train(self) -> bool {
        !self.building.get()
            && self.enough_points()
            && self.batches_left() > 0
            && matches!(
                self.run.state.get(),
                RunState::Idle
                    | RunState::Stopped
                    | RunState::Finished(Finish::Ended | Finish::EarlyStopped(_))
            )
    }

    /// The learner's own data, if any, has a point to train on and one to test on (tracked).
    fn enough_points(self) -> bool {
        self.setup
            .with(|s| s.own.as_ref().is_none_or(|own| own.len() >= MIN_OWN_POINTS))
    }

    /// Draw mode on: the points shown become the learner's own to add to and erase (values to
    /// regress cannot be drawn, so those start an empty plane).
    pub fn start_drawing(self) {
        self.drawing.set(true);
        if self.setup.with_untracked(|s| s.own.is_some()) {
            return;
        }
        let own = match (
            self.data.get_untracked(),
            self.setup.with_untracked(Setup::is_regression),
        ) {
            (Some(data), false) => OwnData::from_dataset(&data, false),
            _ => OwnData::empty(),
        };
        self.use_own(own);
    }

    /// Changes the learner's own points (drawing), starting from none if there are none.
    pub fn edit_own(self, edit: impl FnOnce(&mut OwnData)) {
        let mut own = self
            .setup
            .with_untracked(|s| s.own.clone())
            .unwrap_or_else(OwnData::empty);
        if own.regression {
            own = OwnData::empty();
        }
        edit(&mut own);
        self.use_own(own);
    }

    /// An uploaded CSV replaces the data; a bad one changes nothing and says which line is
    /// wrong.
    pub fn upload(self, name: &str, text: &str) {
        match OwnData::from_csv(text) {
            Ok(upload) => {
                let count = upload.data.len();
                self.use_own(upload.data);
                let mut said = format!("{name}: {count} points.");
                for notice in upload.notices {
                    said.push(' ');
                    said.push_str(&notice);
                }
                self.data_said.set(Some(Said::Done(said)));
            }
            Err(error) => self.data_said.set(Some(Said::Refused(format!(
                "{name} was not used: {error} Your data are as they were."
            )))),
        }
    }

    /// The generated datasets again.
    pub fn use_generated(self) {
        self.drawing.set(false);
        self.data_said.set(None);
        self.change(|s| s.own = None);
    }

    fn use_own(self, own: OwnData) {
        self.data_said.set(None);
        self.change(|s| s.own = Some(own));
    }

    /// Batches before the setup's end of the run, if it has one (tracked).
    fn batches_left(self) -> usize {
        match self.setup.with(|s| s.stop_after) {
            0 => usize::MAX,
            end => end.saturating_sub(self.steps.get()),
        }
    }

    /// Changes the setup; a new dataset or network starts afresh, a new rate or batch size does
    /// not.
    pub fn change(self, change: impl FnOnce(&mut Setup)) {
        let before = self.setup.get_untracked();
        let mut after = before.clone();
        change(&mut after);
        after.match_loss_to_data();
        after.schedule = after.schedule.shaped_for(after.stop_after);
        if after == before {
            return;
        }
        let fresh =
            after.data != before.data || after.own != before.own || after.network != before.network;
        self.setup.set(after);
        if fresh {
            self.reset();
        }
    }

    /// A preset: its setup, a fresh network, and play.
    pub fn preset(self, setup: Setup) {
        self.setup.set(setup);
        self.play_when_ready.set_value(true);
        self.reset();
    }

    /// Puts the lab in the settings of an opened file, keeping the learner's own points (which a
    /// settings file does not hold), on a fresh network.
    pub fn use_settings(self, mut setup: Setup) {
        setup.own = self.setup.with_untracked(|s| s.own.clone());
        setup.match_loss_to_data();
        self.setup.set(setup);
        self.reset();
    }

    /// A fresh network on freshly generated data; the rate finder's curve goes with the old one.
    pub fn reset(self) {
        self.run.set(RunState::Idle);
        self.building.set(true);
        self.history.set(Series::default());
        self.gradient_history.set(Series::default());
        self.trace.set(None);
        self.steps.set(0);
        self.rate_curve.set(None);
        self.finding.set(None);
        self.finder.forget_all();
        let Setup {
            data, own, network, ..
        } = self.setup.get_untracked();
        if let Some(own) = own.as_ref().filter(|own| own.len() < MIN_OWN_POINTS) {
            // Nothing to train yet: show the points drawn so far over the last picture.
            self.resets.forget();
            self.building.set(false);
            self.scores.set(None);
            self.data
                .set(Some(own.dataset(data.train_ratio, data.seed)));
            return;
        }
        self.resets
            .ask(self.engine, Command::Reset { data, own, network });
    }

    pub fn play(self) {
        if untrack(|| self.can_train()) {
            self.run.start();
            self.send_train(MAX_STEPS_PER_SLICE);
        }
    }

    /// Sends no more; the slice in flight still lands, so the display matches the network.
    pub fn pause(self) {
        self.run.stop();
    }

    /// One batch.
    pub fn step(self) {
        if untrack(|| self.can_train()) {
            self.run.step();
            self.send_train(1);
        }
    }

    fn send_train(self, max_steps: usize) {
        let now = js_sys::Date::now();
        let picture = max_steps == 1 || now - self.last_picture_ms.get_value() >= PICTURE_EVERY_MS;
        if picture {
            self.last_picture_ms.set_value(now);
        }
        let setup = self.setup.get_untracked();
        let id = self.engine.send(Command::Train {
            optimizer: setup.optimizer,
            rate: setup.rate_plan(),
            batch_size: setup.batch_size,
            max_steps,
            limit: (setup.stop_after > 0).then_some(setup.stop_after),
            picture,
            patience: setup.patience,
        });
        self.run.sent(id);
    }

    pub fn find_rate(self) {
        self.finding.set(Some(0));
        self.finder.ask(self.engine, Command::FindRate, Finder);
    }

    fn ready(
        self,
        data: Dataset,
        scores: PlaygroundScores,
        picture: PlaygroundPicture,
        gradients: Vec<f32>,
    ) {
        self.data.set(Some(data));
        self.record(0, scores, gradients);
        self.picture.set(Some(picture));
        self.building.set(false);
        if self.play_when_ready.try_update_value(std::mem::take) == Some(true) {
            self.play();
        }
    }

    fn trained(
        self,
        steps: usize,
        scores: PlaygroundScores,
        picture: Option<PlaygroundPicture>,
        gradients: Vec<f32>,
        end: Option<RunEnd>,
    ) {
        self.steps.set(steps);
        if scores.diverged() || end == Some(RunEnd::Diverged) {
            self.run.landed(Some(Finish::Diverged));
            return;
        }
        self.record(steps, scores, gradients);
        if let Some(picture) = picture {
            self.picture.set(Some(picture));
        }
        let finish = match end {
            Some(RunEnd::EarlyStopped(stopped)) => Some(Finish::EarlyStopped(stopped)),
            // The playground's network never says it has settled.
            Some(RunEnd::Limit | RunEnd::Converged) => Some(Finish::Ended),
            Some(RunEnd::Diverged) | None => None,
        };
        if self.run.landed(finish) {
            self.send_train(MAX_STEPS_PER_SLICE);
        }
    }

    /// Where early stopping went back to, once it has (tracked).
    pub fn early_stop(self) -> Option<Stopped> {
        match self.run.state.get() {
            RunState::Finished(Finish::EarlyStopped(stopped)) => Some(stopped),
            _ => None,
        }
    }

    /// The lowest test loss so far and its batch (tracked).
    pub fn lowest_test_loss(self) -> Option<(usize, f32)> {
        self.history.with(|h| {
            h.points()
                .iter()
                .filter(|(_, p)| p.test.is_finite())
                .min_by(|a, b| a.1.test.total_cmp(&b.1.test))
                .map(|&(step, p)| (step, p.test))
        })
    }

    fn record(self, step: usize, scores: PlaygroundScores, gradients: Vec<f32>) {
        self.scores.set(Some(scores));
        self.gradient_history.update(|h| h.push(step, gradients));
        self.history.update(|h| {
            h.push(
                step,
                LossPoint {
                    train: scores.train_loss,
                    test: scores.test_loss,
                },
            )
        });
    }
}

impl TakesAnswers for PlaygroundLab {
    type Event = Event;

    fn answer(&self, id: RequestId, event: Event) {
        let finder = match event {
            Event::Finding { .. } => self.finder.what(id),
            _ => self.finder.take(id),
        }
        .is_some();
        match event {
            Event::Ready {
                data,
                scores,
                picture,
                gradients,
            } => {
                // An earlier reset's network, answered after a newer reset was asked for, is
                // not shown: the newer one follows.
                if self.resets.settled(self.engine, id) {
                    self.ready(data, scores, picture, gradients);
                }
            }
            Event::Trained {
                steps,
                scores,
                picture,
                gradients,
                end,
            } => {
                if self.run.is_current(id) {
                    self.trained(steps, scores, picture, gradients, end);
                }
            }
            Event::Traced(trace) => {
                if self.traces.settled(self.engine, id) {
                    self.trace.set(Some(trace));
                }
            }
            Event::Finding { batches } if finder => self.finding.set(Some(batches)),
            Event::Rates(curve) if finder => {
                self.rate_curve.set(Some(curve));
                self.finding.set(None);
            }
            // The finder's answers for a network since reset.
            Event::Finding { .. } | Event::Rates(_) => {}
        }
    }
}

impl LabControl for PlaygroundLab {
    fn failed(&self, id: RequestId, message: String) {
        if self.run.fail(id, message.clone()) {
            return;
        }
        // A trace of a network that has gone (a reset in between) says nothing worth showing.
        if self.traces.settled(self.engine, id) {
            self.trace.set(None);
            return;
        }
        if self.resets.settled(self.engine, id) {
            self.building.set(false);
            self.run.set(RunState::Failed(message));
        } else if self.finder.take(id).is_some() {
            self.finding.set(None);
            self.run.set(RunState::Failed(message));
        }
    }

    /// The new worker knows nothing: the network is built again, playing on if it was.
    fn restarted(&self) {
        self.resets.forget();
        self.traces.forget();
        if self.run.restarted() {
            self.play_when_ready.set_value(true);
        }
        if self.opened.get_value() {
            self.reset();
        }
    }
}

/// The playground's numbers, as the controls drawn from its table read and set them: through
/// [`PlaygroundLab::change`], so new data or a new network start afresh.
impl SetupStore<Setup> for PlaygroundLab {
    fn number(self, number: Number<Setup>) -> f64 {
        self.setup.with(|s| (number.get)(s))
    }

    fn set_number(self, number: Number<Setup>, value: f64) {
        self.change(|s| (number.set)(s, value));
    }
}
