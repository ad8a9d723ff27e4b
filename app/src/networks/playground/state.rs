//! The playground's state: the setup (kept in the address), the data and the network's picture
//! as the worker last sent them, and the loss history. Play trains in slices, the next sent when
//! the last is answered, so Pause is simply not sending.

use super::super::Engine;
use crate::address;
use engine::lr_finder::FinderCurve;
use engine::playground::{Dataset, PlaygroundPicture, PlaygroundScores, Setup};
use leptos::prelude::*;
use protocol::Command;

/// The picture of the network is asked for at most this often while playing (ms).
const PICTURE_EVERY_MS: f64 = 100.0;
/// Most points kept for the loss curves.
const MAX_HISTORY: usize = 2000;
/// Batches a Play slice may run; the worker stops sooner, at its time slice.
const MAX_STEPS_PER_SLICE: usize = 10_000;

#[derive(Debug, Clone, PartialEq)]
pub enum PlayStatus {
    /// A fresh network is being built.
    Resetting,
    Paused,
    Playing,
    Diverged,
    Failed(String),
}

/// Train and test loss after each answer, for the curves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LossPoint {
    pub step: usize,
    pub train: f32,
    pub test: f32,
}

#[derive(Clone, Copy)]
pub struct Playground {
    engine: Engine,
    pub setup: RwSignal<Setup>,
    /// Why some of the address's settings were not used.
    pub address_notice: RwSignal<Option<String>>,
    pub data: RwSignal<Option<Dataset>>,
    pub scores: RwSignal<Option<PlaygroundScores>>,
    pub picture: RwSignal<Option<PlaygroundPicture>>,
    pub history: RwSignal<Vec<LossPoint>>,
    pub steps: RwSignal<usize>,
    pub status: RwSignal<PlayStatus>,
    pub rate_curve: RwSignal<Option<FinderCurve>>,
    pub finding_rate: RwSignal<bool>,
    run: StoredValue<u64>,
    finder_request: StoredValue<u64>,
    last_picture_ms: StoredValue<f64>,
    /// Play as soon as the network being built is ready (the presets do).
    play_when_ready: StoredValue<bool>,
}

impl Playground {
    /// The setup the address describes; bad parameters take their defaults, and say so.
    pub fn from_address(engine: Engine) -> Self {
        let pairs = address::pairs();
        let (setup, problems) =
            Setup::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let notice = (!problems.is_empty()).then(|| {
            format!(
                "The address had settings the playground cannot use ({}), so their defaults are used.",
                problems.join(", ")
            )
        });
        let playground = Self {
            engine,
            setup: RwSignal::new(setup),
            address_notice: RwSignal::new(notice),
            data: RwSignal::new(None),
            scores: RwSignal::new(None),
            picture: RwSignal::new(None),
            history: RwSignal::new(Vec::new()),
            steps: RwSignal::new(0),
            status: RwSignal::new(PlayStatus::Resetting),
            rate_curve: RwSignal::new(None),
            finding_rate: RwSignal::new(false),
            run: StoredValue::new(0),
            finder_request: StoredValue::new(0),
            last_picture_ms: StoredValue::new(0.0),
            play_when_ready: StoredValue::new(false),
        };
        playground.follow_in_address();
        playground
    }

    /// Every change of the setup goes into the address (not the first, so a page that never
    /// touches the playground keeps a short address), at most every quarter second: browsers
    /// throttle pages that rewrite their address on every slider event.
    fn follow_in_address(self) {
        let scheduled = StoredValue::new(false);
        Effect::new(move |previous: Option<()>| {
            self.setup.track();
            if previous.is_none() || scheduled.get_value() {
                return;
            }
            scheduled.set_value(true);
            set_timeout(
                move || {
                    scheduled.set_value(false);
                    address::set_queries(self.setup.with_untracked(Setup::to_pairs));
                },
                std::time::Duration::from_millis(250),
            );
        });
    }

    pub fn is_playing(self) -> bool {
        self.status.get() == PlayStatus::Playing
    }

    /// Changes the setup; a new dataset or network starts afresh, a new rate or batch size does
    /// not.
    pub fn change(self, change: impl FnOnce(&mut Setup)) {
        let before = self.setup.get_untracked();
        let mut after = before.clone();
        change(&mut after);
        after.match_loss_to_data();
        if after == before {
            return;
        }
        let fresh = after.data != before.data || after.network != before.network;
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

    /// A fresh network on freshly generated data; the rate finder's curve goes with the old one.
    pub fn reset(self) {
        self.run.set_value(self.engine.next_id());
        self.status.set(PlayStatus::Resetting);
        self.history.set(Vec::new());
        self.steps.set(0);
        self.rate_curve.set(None);
        self.finding_rate.set(false);
        let Setup { data, network, .. } = self.setup.get_untracked();
        self.engine.send(&Command::ResetPlayground {
            run: self.run.get_value(),
            data,
            network,
        });
    }

    /// A new worker knows nothing: build the network again, playing on if it was.
    pub fn engine_started(self) {
        if self.status.get_untracked() == PlayStatus::Playing {
            self.play_when_ready.set_value(true);
        }
        self.reset();
    }

    pub fn play(self) {
        if self.status.get_untracked() != PlayStatus::Paused {
            return;
        }
        let run = self.engine.next_id();
        self.run.set_value(run);
        self.status.set(PlayStatus::Playing);
        self.send_train(run, MAX_STEPS_PER_SLICE);
    }

    /// Sends no more; the slice in flight still lands, so the display matches the network.
    pub fn pause(self) {
        if self.status.get_untracked() == PlayStatus::Playing {
            self.status.set(PlayStatus::Paused);
        }
    }

    /// One batch.
    pub fn step(self) {
        if self.status.get_untracked() != PlayStatus::Paused {
            return;
        }
        let run = self.engine.next_id();
        self.run.set_value(run);
        self.send_train(run, 1);
    }

    fn send_train(self, run: u64, max_steps: usize) {
        let now = js_sys::Date::now();
        let picture = max_steps == 1 || now - self.last_picture_ms.get_value() >= PICTURE_EVERY_MS;
        if picture {
            self.last_picture_ms.set_value(now);
        }
        let setup = self.setup.get_untracked();
        self.engine.send(&Command::TrainPlayground {
            run,
            learning_rate: setup.learning_rate,
            batch_size: setup.batch_size,
            max_steps,
            picture,
        });
    }

    pub fn find_rate(self) {
        let request = self.engine.next_id();
        self.finder_request.set_value(request);
        self.finding_rate.set(true);
        self.engine.send(&Command::FindPlaygroundRate { request });
    }

    pub fn ready(
        self,
        run: u64,
        data: Dataset,
        scores: PlaygroundScores,
        picture: PlaygroundPicture,
    ) {
        // An earlier reset's network, answered after a newer reset was sent: the newer one follows.
        if run != self.run.get_value() {
            return;
        }
        self.data.set(Some(data));
        self.record(0, scores);
        self.picture.set(Some(picture));
        self.status.set(PlayStatus::Paused);
        if self.play_when_ready.get_value() {
            self.play_when_ready.set_value(false);
            self.play();
        }
    }

    pub fn trained(
        self,
        run: u64,
        steps: usize,
        scores: Option<PlaygroundScores>,
        picture: Option<PlaygroundPicture>,
    ) {
        // An answer that was in flight at Pause still counts: the network took those batches.
        if run != self.run.get_value() {
            return;
        }
        self.steps.set(steps);
        let Some(scores) = scores else {
            self.run.set_value(self.engine.next_id());
            self.status.set(PlayStatus::Diverged);
            return;
        };
        self.record(steps, scores);
        if let Some(picture) = picture {
            self.picture.set(Some(picture));
        }
        if self.status.get_untracked() == PlayStatus::Playing {
            self.send_train(run, MAX_STEPS_PER_SLICE);
        }
    }

    fn record(self, step: usize, scores: PlaygroundScores) {
        self.scores.set(Some(scores));
        self.history.update(|h| {
            // A long run keeps its whole span at a coarser grain, so redraws stay cheap.
            if h.len() >= MAX_HISTORY {
                let mut index = 0;
                h.retain(|_| {
                    index += 1;
                    index % 2 == 1
                });
            }
            h.push(LossPoint {
                step,
                train: scores.train_loss,
                test: scores.test_loss,
            })
        });
    }

    pub fn rates(self, request: u64, curve: FinderCurve) {
        if request == self.finder_request.get_value() {
            self.rate_curve.set(Some(curve));
            self.finding_rate.set(false);
        }
    }

    pub fn failed(self, request: Option<u64>, message: String) {
        let ours = match request {
            None => true,
            Some(id) => id == self.run.get_value() || id == self.finder_request.get_value(),
        };
        if ours {
            self.finding_rate.set(false);
            self.status.set(PlayStatus::Failed(message));
        }
    }
}
