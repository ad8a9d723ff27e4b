//! One rung's model in the page: its settings (as the learner set them or the address did) and
//! everything its training has shown: the losses, the epoch table, the weights, the finder's curve.

use crate::run_loop::{RunLoop, RunState};
use crate::series::Series;
use descent_core::digits::Stage;
use descent_core::digits::{
    BatchInspection, BatchReport, ConfusionMatrix, DigitsSetup, ModelKind, ModelSpec, Pair,
    RungSettings, Task, TrainChunk, Validation, WeightImages,
};
use descent_core::early_stopping::Stopped;
use descent_core::lr_finder::FinderCurve;
use descent_core::optimizers::Optimizer;
use descent_core::schedules::Schedule;
use leptos::prelude::*;

/// How long a batch took the model on this backend, timed in the worker on a copy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BatchTime {
    pub batch_size: usize,
    pub seconds: f64,
    pub batches_per_epoch: usize,
}

/// How a Train ends by itself.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Finish {
    /// It ran its number of epochs.
    Epochs,
    /// The loss blew up: the model is lost.
    Diverged,
    /// Early stopping: the validation loss stopped improving, and the best weights came back.
    EarlyStopped(Stopped),
}

/// An earlier run's loss of every batch, and how it differed ("constant rate 1").
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub name: String,
    pub losses: Vec<(usize, f32)>,
}

/// One row of the book's training table.
#[derive(Debug, Clone, PartialEq)]
pub struct EpochRow {
    pub epoch: usize,
    /// Batches trained since the reset when it ended, and the rate of its last batch.
    pub batch: usize,
    pub learning_rate: f32,
    pub train_loss: f32,
    pub train_accuracy: f32,
    pub validation: Validation,
}

/// A model's settings (its rung of the lab's setup) and everything its training has shown.
#[derive(Clone, Copy)]
pub struct ModelRun {
    pub kind: ModelKind,
    /// The lab's setup, where this rung's settings live.
    setup: RwSignal<DigitsSetup>,
    /// This rung's settings, and each of them: each changes only when it does.
    pub settings: Memo<RungSettings>,
    /// The rate, or the schedule's peak.
    pub learning_rate: Memo<f32>,
    pub optimizer: Memo<Optimizer>,
    /// The schedule's kind, shaped to the run's length when it is sent.
    pub schedule: Memo<Schedule>,
    /// Early stopping's patience in epochs; 0 is off.
    pub patience: Memo<usize>,
    /// Batches this Train has taken, for its schedule.
    pub run_batch: RwSignal<usize>,
    /// An earlier run's loss curve, drawn beside this one's.
    pub comparison: RwSignal<Option<Comparison>>,
    pub batch_size: Memo<usize>,
    pub epochs: Memo<usize>,
    pub hidden: Memo<usize>,
    pub seed: Memo<u64>,
    /// The lab's two digits, which this rung tells apart if it tells two apart (the lab's memo).
    pub pair: Memo<Pair>,
    /// Train on distorted digits (each epoch rotates, scales, shears and shifts them afresh).
    pub augment: Memo<bool>,
    pub run: RunLoop<Finish>,
    /// Loss of every batch since the last reset, thinned when long.
    pub losses: RwSignal<Series<f32>>,
    /// Batches trained since the last reset.
    pub batches: RwSignal<usize>,
    pub last_batch: RwSignal<Option<BatchReport>>,
    /// Epochs completed, batches done in the current one, and batches per epoch.
    pub position: RwSignal<(usize, usize, usize)>,
    pub epoch_rows: RwSignal<Vec<EpochRow>>,
    pub weights: RwSignal<Option<WeightImages>>,
    /// The learning-rate finder's last curve for this model.
    pub rate_curve: RwSignal<Option<FinderCurve>>,
    /// Batches the finder has tried, while it runs.
    pub finding: RwSignal<Option<usize>>,
    /// Which of the seven steps the trainer is in.
    pub stage: RwSignal<Stage>,
    /// The last batch taken one at a time, with what each step produced.
    pub inspection: RwSignal<Option<Box<BatchInspection>>>,
    /// A batch timed on this backend (asked for the convolutional net, whose epochs are long).
    pub batch_time: RwSignal<Option<BatchTime>>,
    /// A batch was asked to be timed: a new model (a reset, a new worker's) is timed again.
    pub(super) timing_wanted: StoredValue<bool>,
    /// Sums over the current epoch's batches: loss, accuracy, count.
    epoch_sums: StoredValue<(f32, f32, usize)>,
    pub(super) weights_at: StoredValue<f64>,
}

impl ModelRun {
    pub(super) fn new(kind: ModelKind, setup: RwSignal<DigitsSetup>, pair: Memo<Pair>) -> Self {
        let settings = Memo::new(move |_| setup.with(|s| s.rung_settings(kind)));
        Self {
            kind,
            setup,
            settings,
            learning_rate: Memo::new(move |_| settings.get().learning_rate),
            optimizer: Memo::new(move |_| settings.get().optimizer),
            schedule: Memo::new(move |_| settings.get().schedule),
            patience: Memo::new(move |_| settings.get().patience),
            run_batch: RwSignal::new(0),
            comparison: RwSignal::new(None),
            batch_size: Memo::new(move |_| settings.get().batch_size),
            epochs: Memo::new(move |_| settings.get().epochs),
            hidden: Memo::new(move |_| settings.get().hidden),
            seed: Memo::new(move |_| settings.get().seed),
            pair,
            augment: Memo::new(move |_| settings.get().augment),
            run: RunLoop::new(),
            losses: RwSignal::new(Series::default()),
            batches: RwSignal::new(0),
            last_batch: RwSignal::new(None),
            position: RwSignal::new((0, 0, 0)),
            epoch_rows: RwSignal::new(Vec::new()),
            weights: RwSignal::new(None),
            rate_curve: RwSignal::new(None),
            finding: RwSignal::new(None),
            stage: RwSignal::new(Stage::Initialise),
            inspection: RwSignal::new(None),
            batch_time: RwSignal::new(None),
            timing_wanted: StoredValue::new(false),
            epoch_sums: StoredValue::new((0.0, 0.0, 0)),
            weights_at: StoredValue::new(f64::NEG_INFINITY),
        }
    }

    /// Changes this rung's settings.
    pub fn set(&self, change: impl FnOnce(&mut RungSettings)) {
        let index = self.kind.index();
        self.setup.update(|s| change(&mut s.rungs[index]));
    }

    /// The lab's setup, for a control drawn from its table.
    pub fn setup(&self) -> RwSignal<DigitsSetup> {
        self.setup
    }

    pub fn spec(&self) -> ModelSpec {
        ModelSpec {
            kind: self.kind,
            hidden: self.hidden.get_untracked(),
            seed: self.seed.get_untracked(),
            augment: self.augment.get_untracked(),
            pair: self.pair.get_untracked(),
        }
    }

    /// What it learns (tracked).
    pub fn task(&self) -> Task {
        self.kind.task(self.pair.get())
    }

    pub fn confusion(&self) -> Option<ConfusionMatrix> {
        self.epoch_rows
            .with(|rows| rows.last().and_then(|r| r.validation.confusion.clone()))
    }

    /// Forgets everything shown, for a fresh model.
    pub(super) fn clear(&self) {
        self.run.set(RunState::Idle);
        self.losses.set(Series::default());
        self.batches.set(0);
        self.last_batch.set(None);
        self.position.set((0, 0, 0));
        self.epoch_rows.set(Vec::new());
        self.weights.set(None);
        self.epoch_sums.set_value((0.0, 0.0, 0));
        self.rate_curve.set(None);
        self.finding.set(None);
        self.stage.set(Stage::Initialise);
        self.inspection.set(None);
        self.run_batch.set(0);
        self.comparison.set(None);
    }

    /// Where early stopping went back to, once it has (tracked).
    pub fn early_stop(&self) -> Option<Stopped> {
        match self.run.state.get() {
            RunState::Finished(Finish::EarlyStopped(stopped)) => Some(stopped),
            _ => None,
        }
    }

    pub(super) fn take_chunk(&self, chunk: &TrainChunk, validation: Option<Validation>) {
        let first = self.batches.get_untracked();
        self.losses.update(|losses| {
            for (i, batch) in chunk.batches.iter().enumerate() {
                losses.push(first + i + 1, batch.loss);
            }
        });
        self.batches.set(first + chunk.batches.len());
        self.run_batch.update(|b| *b += chunk.batches.len());
        self.last_batch.set(chunk.batches.last().copied());
        self.position
            .set((chunk.epoch, chunk.batch, chunk.batches_per_epoch));
        self.epoch_sums.update_value(|(loss, accuracy, count)| {
            for batch in &chunk.batches {
                *loss += batch.loss;
                *accuracy += batch.accuracy;
                *count += 1;
            }
        });
        if let Some(validation) = validation {
            let (loss, accuracy, count) = self.epoch_sums.get_value();
            let n = count.max(1) as f32;
            self.epoch_rows.update(|rows| {
                rows.push(EpochRow {
                    epoch: chunk.epoch + 1,
                    batch: first + chunk.batches.len(),
                    learning_rate: chunk.batches.last().map_or(0.0, |b| b.learning_rate),
                    train_loss: loss / n,
                    train_accuracy: accuracy / n,
                    validation,
                })
            });
            self.epoch_sums.set_value((0.0, 0.0, 0));
        }
    }
}
