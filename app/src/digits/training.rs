//! Training a rung's model from the page: Train, Stop, Reset, one batch step by step, the rate
//! finder, a timed batch, the rate plan over a run, and the large-batch preset. Each sends a
//! request to the worker; `state.rs` routes the answers back here.

use super::model_run::{Comparison, Finish, ModelRun};
use super::state::{Asking, Baseline, DataState, DigitsLab};
use crate::engine_client::Slot;
use crate::format;
use crate::run_loop::RunState;
use descent_core::digits::{
    BatchInspection, ModelKind, Pair, TrainChunk, Validation, WeightImages,
};
use descent_core::digits::{DigitsSetup, Stage};
use descent_core::optimizers::Optimizer;
use descent_core::run::RunEnd;
use descent_core::schedules::{RatePlan, Schedule};
use leptos::prelude::*;
use protocol::digits::{Command, Sharing};

/// Weight pictures are refreshed at most this often while training (ms).
const WEIGHTS_EVERY_MS: f64 = 250.0;
/// HOML chapter 11's large batches: the ten-digit model at a batch of 1,024 and a rate ten times
/// its usual, for one epoch at a constant rate and then one warming up.
const LARGE_BATCH: usize = 1024;
const LARGE_BATCH_RATE: f32 = 1.0;

/// Where the large-batch preset is: its first run (a constant rate) or its second (warm-up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum WarmupPreset {
    Constant,
    WarmingUp,
}

/// Images of an inspected batch shown as pictures.
const INSPECTED_IMAGES: usize = 8;

impl DigitsLab {
    /// Times a batch of the model's current size on this backend, once per model and size.
    pub fn time_batch(self, model: ModelRun) {
        let size = model.batch_size.get_untracked();
        let timed = model
            .batch_time
            .with_untracked(|t| t.is_some_and(|t| t.batch_size == size));
        let asking = Asking::Time(model.kind);
        if !self.is_loaded() || timed || self.asked.is_asked(asking) {
            return;
        }
        model.timing_wanted.set_value(true);
        model.batch_time.set(None);
        let command = Command::TimeBatch {
            kind: model.kind,
            batch_size: size,
        };
        self.asked.ask(self.engine, command, asking);
    }

    /// The run's learning rate for each batch: the schedule over the run's epochs at the model's
    /// batch size, peaking at its learning rate (tracked).
    pub fn rate_plan(&self, model: ModelRun) -> RatePlan {
        let per_epoch = self.data.with(|data| match data {
            DataState::Ready(overview) => model
                .task()
                .train_len(overview)
                .div_ceil(model.batch_size.get()),
            _ => 1,
        });
        let total = (per_epoch * model.epochs.get()).max(1);
        RatePlan {
            schedule: model.schedule.get().shaped_for(total),
            max: model.learning_rate.get(),
            total,
        }
    }

    /// HOML's large batches, one click: the ten-digit model at a batch of 1,024 and a high rate
    /// for an epoch at that rate, then again from the same start warming up, the first run's
    /// curve kept beside the second's.
    pub fn large_batch_preset(self) {
        let model = self.model(ModelKind::AllDigits);
        if !self.is_loaded() || model.run.is_busy() {
            return;
        }
        model.set(|r| {
            r.batch_size = LARGE_BATCH;
            r.learning_rate = LARGE_BATCH_RATE;
            r.optimizer = Optimizer::Sgd;
            r.schedule = Schedule::Constant;
            r.epochs = 1;
            r.patience = 0;
        });
        self.warmup_preset.set_value(Some(WarmupPreset::Constant));
        self.reset(model);
        self.train(model);
    }

    /// The large-batch preset's first run ended: the same start again, warming up.
    fn warm_up_next(self, model: ModelRun) {
        let curve = model.losses.with_untracked(|l| l.points().to_vec());
        self.reset(model);
        model.comparison.set(Some(Comparison {
            name: format!("constant rate {}", format::significant(LARGE_BATCH_RATE)),
            losses: curve,
        }));
        model.set(|r| r.schedule = Schedule::WarmupCosine { warmup: 1 });
        self.warmup_preset.set_value(Some(WarmupPreset::WarmingUp));
        self.train(model);
    }

    /// A fresh model from the current settings; anything running on the old one stops.
    pub fn reset(self, model: ModelRun) {
        model.clear();
        self.asked.forget(Asking::Finder(model.kind));
        self.asked.forget(Asking::Time(model.kind));
        self.forget_own_model(model.kind);
        let command = Command::ResetModel { spec: model.spec() };
        self.asked
            .ask(self.engine, command, Asking::Reset(model.kind));
        // A new width, or a new worker, times differently: a model timed before (or being
        // timed) is timed again, after its reset.
        if model.timing_wanted.get_value() {
            model.batch_time.set(None);
            self.time_batch(model);
        }
    }

    /// Runs the learning-rate finder on a copy of the model, at its current batch size.
    pub fn find_rate(self, model: ModelRun) {
        model.finding.set(Some(0));
        let command = Command::FindLearningRate {
            kind: model.kind,
            batch_size: model.batch_size.get_untracked(),
        };
        self.asked
            .ask(self.engine, command, Asking::Finder(model.kind));
    }

    pub fn train(self, model: ModelRun) {
        if !matches!(self.data.get_untracked(), DataState::Ready(_)) {
            return;
        }
        if matches!(
            model.run.state.get_untracked(),
            RunState::Finished(Finish::Diverged) | RunState::Failed(_)
        ) {
            self.reset(model);
        }
        model.run.start();
        model.run_batch.set(0);
        self.engine.pair(Slot::Digits);
        model.inspection.set(None);
        model.stage.set(Stage::Predict);
        self.send_train(model);
    }

    /// One batch, shown stage by stage: the worker takes the whole step, and the page walks
    /// through what each stage produced ([`Stage::next`]).
    pub fn inspect_batch(self, model: ModelRun) {
        if !matches!(self.data.get_untracked(), DataState::Ready(_)) || model.run.is_busy() {
            return;
        }
        model.run.step();
        let id = self.engine.send(Command::InspectBatch {
            kind: model.kind,
            learning_rate: model.learning_rate.get_untracked(),
            batch_size: model.batch_size.get_untracked(),
            shown: INSPECTED_IMAGES,
        });
        model.run.sent(id);
    }

    pub(super) fn take_inspection(
        self,
        model: ModelRun,
        chunk: TrainChunk,
        inspection: BatchInspection,
    ) {
        model.take_chunk(&chunk, None);
        let finish = chunk.diverged.then_some(Finish::Diverged);
        model.run.landed(finish);
        model.inspection.set(Some(Box::new(inspection)));
        model.stage.set(Stage::Predict);
    }

    /// Puts the lab in `setup` (a mission's start, an opened file): a run under way ends where it
    /// is, before its settings change under it.
    pub fn use_setup(self, setup: DigitsSetup) {
        for model in self.models {
            self.stop(model);
        }
        self.setup.set(setup);
    }

    /// Tells another pair of digits apart (the picker's, never while its models train).
    pub fn set_pair(self, pair: Pair) {
        self.setup.update(|s| s.pair = pair);
    }

    /// The pair changed (picked, or from a settings file): the two-digit models start afresh on
    /// its digits, and a baseline shown is computed again for it.
    pub(super) fn pair_changed(self) {
        self.asked.forget(Asking::Baseline);
        let shown = self.baseline.get_untracked() != Baseline::None;
        self.baseline.set(Baseline::None);
        if !matches!(self.data.get_untracked(), DataState::Ready(_)) {
            return;
        }
        for kind in [ModelKind::Linear, ModelKind::SimpleNet] {
            self.reset(self.model(kind));
        }
        if shown {
            self.run_baseline();
        }
    }

    /// The slice in flight lands before the run stops, so the batch shown is the model's.
    pub fn stop(self, model: ModelRun) {
        model.run.stop();
    }

    fn send_train(self, model: ModelRun) {
        let now = js_sys::Date::now();
        let weights = now - model.weights_at.get_value() >= WEIGHTS_EVERY_MS;
        if weights {
            model.weights_at.set_value(now);
        }
        let sharing = match crate::address::query().contains("workers=2") {
            true => Sharing::Always,
            false => Sharing::Auto,
        };
        let id = self.engine.send(Command::Train {
            sharing,
            kind: model.kind,
            optimizer: model.optimizer.get_untracked(),
            rate: untrack(|| self.rate_plan(model)),
            epochs: model.epochs.get_untracked(),
            // The run's first slice: no batch of it has come back.
            new_run: model.run_batch.get_untracked() == 0,
            batch_size: model.batch_size.get_untracked(),
            weights,
            patience: model.patience.get_untracked(),
        });
        model.run.sent(id);
    }

    pub(super) fn take_progress(
        self,
        model: ModelRun,
        chunk: TrainChunk,
        validation: Option<Validation>,
        weights: Option<WeightImages>,
        end: Option<RunEnd>,
    ) {
        let epoch_ended = validation.is_some();
        model.take_chunk(&chunk, validation);
        if weights.is_some() {
            model.weights.set(weights);
        }
        let finish = match end {
            _ if chunk.diverged => Some(Finish::Diverged),
            Some(RunEnd::Diverged) => Some(Finish::Diverged),
            Some(RunEnd::EarlyStopped(stopped)) => Some(Finish::EarlyStopped(stopped)),
            Some(RunEnd::Limit | RunEnd::Converged) => Some(Finish::Epochs),
            None => None,
        };
        let goes_on = model.run.landed(finish);
        if goes_on {
            model
                .stage
                .update(|stage| *stage = stage.next_while_training());
            self.send_train(model);
        } else {
            model.stage.set(Stage::Stop);
        }
        // The learner's model answers drawings: after each epoch, and where a Stop left it.
        let stopped = model.run.state.get_untracked() == RunState::Stopped;
        if epoch_ended || (stopped && !chunk.diverged) {
            self.engine.send(Command::Export { kind: model.kind });
        }
        // The large-batch preset's first run ended by itself: its second starts.
        if !goes_on && model.kind == ModelKind::AllDigits {
            let preset = self.warmup_preset.try_update_value(Option::take).flatten();
            if preset == Some(WarmupPreset::Constant) && finish == Some(Finish::Epochs) {
                self.warm_up_next(model);
            }
        }
    }
}
