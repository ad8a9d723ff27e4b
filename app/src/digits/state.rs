//! The Digits lab's state: the data, the baseline, and one training run per model. Actions send
//! requests to the lab's engine worker (started when the lab first opens); its answers write the
//! results back, each matched to the request that asked for it.

use super::own_digits::OwnDigits;
use crate::address;
use crate::engine_client::{EngineClient, LabControl, Slot, TakesAnswers};
use crate::format;
use crate::run_loop::{RunLoop, RunState};
use crate::series::Series;
use descent_core::digits::{
    BatchInspection, BatchReport, ConfusionMatrix, DigitsSetup, ModelKind, ModelSpec, PlainNet,
    RungSettings, SimilarityReport, TrainChunk, Validation, WeightImages,
};
use descent_core::early_stopping::Stopped;
use descent_core::lr_finder::FinderCurve;
use descent_core::mnist::MnistOverview;
use descent_core::optimizers::Optimizer;
use descent_core::schedules::{RatePlan, Schedule};
use leptos::prelude::*;
use protocol::RequestId;
use protocol::digits::{Command, Event, Sharing};
use std::sync::Arc;
use wasm_bindgen_futures::JsFuture;

/// Where trunk puts the assets `cargo xtask fetch-mnist` made.
const ASSETS: &str = "./mnist";
/// The ready model for drawings: a CNN the engine's CLI trained (`engine/src/bin/digits.rs`).
const READY_MODEL: &str = "./digits-model.bin";
/// Weight pictures are refreshed at most this often while training (ms).
const WEIGHTS_EVERY_MS: f64 = 250.0;
/// What a new worker carries over, said when one takes over.
pub const KEPT: &str =
    "The data was loaded again and the models start afresh: train again to continue.";

#[derive(Debug, Clone, PartialEq)]
pub enum DataState {
    NotLoaded,
    Loading {
        loaded: u64,
        total: u64,
        /// How long no byte has arrived (ms).
        waiting_ms: u32,
        /// At the speed so far, when that is known.
        seconds_left: Option<f64>,
    },
    Ready(Box<MnistOverview>),
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum ReadyModel {
    Loading,
    Ready(Arc<PlainNet>),
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Baseline {
    None,
    Running,
    Done(SimilarityReport),
    Failed(String),
}

/// The model that answers drawings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answering {
    Ready,
    Own(ModelKind),
    /// The last model fine-tuned on the learner's digits.
    Tuned,
}

impl Answering {
    /// The value of its option in the model picker.
    pub fn key(&self) -> String {
        match self {
            Self::Ready => "ready".into(),
            Self::Own(kind) => kind.key().into(),
            Self::Tuned => "tuned".into(),
        }
    }
}

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

/// HOML chapter 11's large batches: the ten-digit model at a batch of 1,024 and a rate ten times
/// its usual, for one epoch at a constant rate and then one warming up.
const LARGE_BATCH: usize = 1024;
const LARGE_BATCH_RATE: f32 = 1.0;

/// Where the large-batch preset is: its first run (a constant rate) or its second (warm-up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WarmupPreset {
    Constant,
    WarmingUp,
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

/// A model's settings and everything its training has shown.
#[derive(Clone, Copy)]
pub struct ModelRun {
    pub kind: ModelKind,
    /// The rate, or the schedule's peak.
    pub learning_rate: RwSignal<f32>,
    pub optimizer: RwSignal<Optimizer>,
    /// The schedule's kind, shaped to the run's length when it is sent.
    pub schedule: RwSignal<Schedule>,
    /// Early stopping's patience in epochs; 0 is off.
    pub patience: RwSignal<usize>,
    /// Batches this Train has taken, for its schedule.
    pub run_batch: RwSignal<usize>,
    /// An earlier run's loss curve, drawn beside this one's.
    pub comparison: RwSignal<Option<Comparison>>,
    pub batch_size: RwSignal<usize>,
    pub epochs: RwSignal<usize>,
    pub hidden: RwSignal<usize>,
    pub seed: RwSignal<u64>,
    /// Train on distorted digits (each epoch rotates, scales, shears and shifts them afresh).
    pub augment: RwSignal<bool>,
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
    time_request: StoredValue<Option<RequestId>>,
    finder_request: StoredValue<Option<RequestId>>,
    reset_request: StoredValue<Option<RequestId>>,
    /// Epochs this Train has completed; it stops at `epochs`.
    epochs_this_run: StoredValue<usize>,
    /// Sums over the current epoch's batches: loss, accuracy, count.
    epoch_sums: StoredValue<(f32, f32, usize)>,
    weights_at: StoredValue<f64>,
}

impl ModelRun {
    fn new(kind: ModelKind, settings: RungSettings) -> Self {
        Self {
            kind,
            learning_rate: RwSignal::new(settings.learning_rate),
            optimizer: RwSignal::new(settings.optimizer),
            schedule: RwSignal::new(settings.schedule),
            patience: RwSignal::new(settings.patience),
            run_batch: RwSignal::new(0),
            comparison: RwSignal::new(None),
            batch_size: RwSignal::new(settings.batch_size),
            epochs: RwSignal::new(settings.epochs),
            hidden: RwSignal::new(settings.hidden),
            seed: RwSignal::new(settings.seed),
            augment: RwSignal::new(settings.augment),
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
            time_request: StoredValue::new(None),
            finder_request: StoredValue::new(None),
            reset_request: StoredValue::new(None),
            epochs_this_run: StoredValue::new(0),
            epoch_sums: StoredValue::new((0.0, 0.0, 0)),
            weights_at: StoredValue::new(f64::NEG_INFINITY),
        }
    }

    /// What the learner has set for this model (tracked).
    pub fn settings(&self) -> RungSettings {
        RungSettings {
            learning_rate: self.learning_rate.get(),
            batch_size: self.batch_size.get(),
            epochs: self.epochs.get(),
            hidden: self.hidden.get(),
            seed: self.seed.get(),
            augment: self.augment.get(),
            optimizer: self.optimizer.get(),
            schedule: self.schedule.get(),
            patience: self.patience.get(),
        }
    }

    pub fn spec(&self) -> ModelSpec {
        ModelSpec {
            kind: self.kind,
            hidden: self.hidden.get_untracked(),
            seed: self.seed.get_untracked(),
            augment: self.augment.get_untracked(),
        }
    }

    pub fn confusion(&self) -> Option<ConfusionMatrix> {
        self.epoch_rows
            .with(|rows| rows.last().and_then(|r| r.validation.confusion.clone()))
    }

    /// Forgets everything shown, for a fresh model.
    fn clear(&self) {
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
        self.finder_request.set_value(None);
        self.reset_request.set_value(None);
        self.stage.set(Stage::Initialise);
        self.inspection.set(None);
        self.time_request.set_value(None);
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

    fn take_chunk(&self, chunk: &TrainChunk, validation: Option<Validation>) {
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

#[derive(Clone, Copy)]
pub struct DigitsLab {
    pub data: RwSignal<DataState>,
    pub baseline: RwSignal<Baseline>,
    pub models: [ModelRun; 4],
    pub ready_model: RwSignal<ReadyModel>,
    /// The learner's models, exported after each epoch and on Stop.
    pub own_models: RwSignal<Vec<(ModelKind, Arc<PlainNet>)>>,
    /// The last model fine-tuned on the learner's digits.
    pub tuned_model: RwSignal<Option<Arc<PlainNet>>>,
    pub answering: RwSignal<Answering>,
    pub own_digits: OwnDigits,
    /// The rung the learner last changed, which the lab's link opens at.
    rung: RwSignal<Option<ModelKind>>,
    /// The settings of the address the lab could not use, named.
    pub address_notice: RwSignal<Option<String>>,
    engine: EngineClient,
    opened: StoredValue<bool>,
    load_request: StoredValue<Option<RequestId>>,
    load_started: StoredValue<f64>,
    baseline_request: StoredValue<Option<RequestId>>,
    warmup_preset: StoredValue<Option<WarmupPreset>>,
}

impl DigitsLab {
    /// The lab as its address sets it up.
    pub fn new(engine: EngineClient) -> Self {
        let (setup, address_notice) = address::setup("Digits", |p| DigitsSetup::from_pairs(p));
        let lab = Self {
            data: RwSignal::new(DataState::NotLoaded),
            baseline: RwSignal::new(Baseline::None),
            models: ModelKind::ALL.map(|kind| ModelRun::new(kind, setup.rung_settings(kind))),
            ready_model: RwSignal::new(ReadyModel::Loading),
            own_models: RwSignal::new(Vec::new()),
            tuned_model: RwSignal::new(None),
            answering: RwSignal::new(Answering::Ready),
            own_digits: OwnDigits::new(),
            rung: RwSignal::new(setup.rung),
            address_notice: RwSignal::new(address_notice),
            engine,
            opened: StoredValue::new(false),
            load_request: StoredValue::new(None),
            load_started: StoredValue::new(0.0),
            baseline_request: StoredValue::new(None),
            warmup_preset: StoredValue::new(None),
        };
        engine.connect(lab);
        for model in lab.models {
            // A rung changed by hand is the one the link opens at.
            Effect::new(move |previous: Option<()>| {
                model.settings();
                if previous.is_some() {
                    lab.rung.set(Some(model.kind));
                }
            });
        }
        address::follow(DigitsSetup::keys().collect(), move || {
            lab.setup().to_pairs()
        });
        lab
    }

    /// What the learner has set (tracked).
    pub fn setup(self) -> DigitsSetup {
        DigitsSetup {
            rungs: self.models.map(|m| m.settings()),
            rung: self.rung.get(),
        }
    }

    pub fn model(&self, kind: ModelKind) -> ModelRun {
        self.models[kind.index()]
    }

    pub fn is_loaded(&self) -> bool {
        matches!(self.data.get(), DataState::Ready(_))
    }

    /// The lab became visible: load the data (its worker starts with the request) and the ready
    /// model, once.
    pub fn open(self) {
        if self.opened.get_value() {
            return;
        }
        self.opened.set_value(true);
        if let Some(kind) = self.rung.get_untracked() {
            // Once the panel is laid out.
            request_animation_frame(move || scroll_to_rung(kind));
        }
        self.load();
        leptos::task::spawn_local(async move {
            self.ready_model.set(match fetch_ready_model().await {
                Ok(net) => ReadyModel::Ready(Arc::new(net)),
                Err(why) => {
                    ReadyModel::Failed(format!("The ready model could not be loaded: {why}"))
                }
            });
        });
    }

    /// Downloads MNIST; a download still in progress (stalled, say) is cancelled by the worker.
    pub fn load(self) {
        self.data.set(DataState::Loading {
            loaded: 0,
            total: 0,
            waiting_ms: 0,
            seconds_left: None,
        });
        self.load_started.set_value(js_sys::Date::now());
        let id = self.engine.send(Command::Load {
            base_url: ASSETS.into(),
        });
        self.load_request.set_value(Some(id));
    }

    /// The model that answers drawings, once there is one.
    pub fn answering_model(&self) -> Option<Arc<PlainNet>> {
        match self.answering.get() {
            Answering::Ready => match self.ready_model.get() {
                ReadyModel::Ready(net) => Some(net),
                _ => None,
            },
            Answering::Own(kind) => self.own_models.with(|models| {
                models
                    .iter()
                    .find(|(k, _)| *k == kind)
                    .map(|(_, n)| n.clone())
            }),
            Answering::Tuned => self.tuned_model.get(),
        }
    }

    /// Times a batch of the model's current size on this backend, once per model and size.
    pub fn time_batch(self, model: ModelRun) {
        let size = model.batch_size.get_untracked();
        let timed = model
            .batch_time
            .with_untracked(|t| t.is_some_and(|t| t.batch_size == size));
        if !self.is_loaded() || timed || model.time_request.get_value().is_some() {
            return;
        }
        model.batch_time.set(None);
        let id = self.engine.send(Command::TimeBatch {
            kind: model.kind,
            batch_size: model.batch_size.get_untracked(),
        });
        model.time_request.set_value(Some(id));
    }

    /// Fine-tunes the answering model on the learner's digits, in the worker.
    pub fn fine_tune(self) {
        let Some(net) = self.answering_model() else {
            return;
        };
        let (pixels, labels) = self.own_digits.parts();
        let id = self.engine.send(Command::FineTune {
            net: (*net).clone(),
            pixels,
            labels,
        });
        self.own_digits.tuning_sent(id);
    }

    fn forget_own_model(self, kind: ModelKind) {
        self.own_models
            .update(|models| models.retain(|(k, _)| *k != kind));
        if self.answering.get_untracked() == Answering::Own(kind) {
            self.answering.set(Answering::Ready);
        }
    }

    pub fn run_baseline(self) {
        self.baseline.set(Baseline::Running);
        let id = self.engine.send(Command::PixelSimilarity);
        self.baseline_request.set_value(Some(id));
    }

    /// The run's learning rate for each batch: the schedule over the run's epochs at the model's
    /// batch size, peaking at its learning rate (tracked).
    pub fn rate_plan(&self, model: ModelRun) -> RatePlan {
        let per_epoch = self.data.with(|data| match data {
            DataState::Ready(overview) => model
                .kind
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
        model.batch_size.set(LARGE_BATCH);
        model.learning_rate.set(LARGE_BATCH_RATE);
        model.optimizer.set(Optimizer::Sgd);
        model.schedule.set(Schedule::Constant);
        model.epochs.set(1);
        model.patience.set(0);
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
        model.schedule.set(Schedule::WarmupCosine { warmup: 1 });
        self.warmup_preset.set_value(Some(WarmupPreset::WarmingUp));
        self.train(model);
    }

    /// A fresh model from the current settings; anything running on the old one stops.
    pub fn reset(self, model: ModelRun) {
        model.clear();
        self.forget_own_model(model.kind);
        let id = self.engine.send(Command::ResetModel { spec: model.spec() });
        model.reset_request.set_value(Some(id));
        // A new width times differently: a model timed before is timed again, after its reset.
        if model.batch_time.get_untracked().is_some() {
            model.batch_time.set(None);
            self.time_batch(model);
        }
    }

    /// Runs the learning-rate finder on a copy of the model, at its current batch size.
    pub fn find_rate(self, model: ModelRun) {
        model.finding.set(Some(0));
        let id = self.engine.send(Command::FindLearningRate {
            kind: model.kind,
            batch_size: model.batch_size.get_untracked(),
        });
        model.finder_request.set_value(Some(id));
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
        model.epochs_this_run.set_value(0);
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

    fn take_inspection(self, model: ModelRun, chunk: TrainChunk, inspection: BatchInspection) {
        model.take_chunk(&chunk, None);
        let finish = chunk.diverged.then_some(Finish::Diverged);
        model.run.landed(finish);
        model.inspection.set(Some(Box::new(inspection)));
        model.stage.set(Stage::Predict);
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
            run_batch: model.run_batch.get_untracked(),
            batch_size: model.batch_size.get_untracked(),
            weights,
            patience: model.patience.get_untracked(),
        });
        model.run.sent(id);
    }

    fn take_progress(
        self,
        model: ModelRun,
        chunk: TrainChunk,
        validation: Option<Validation>,
        weights: Option<WeightImages>,
        stopped: Option<Stopped>,
    ) {
        let epoch_ended = validation.is_some();
        model.take_chunk(&chunk, validation);
        if weights.is_some() {
            model.weights.set(weights);
        }
        if chunk.epoch_complete {
            model.epochs_this_run.update_value(|e| *e += 1);
        }
        let finish = if chunk.diverged {
            Some(Finish::Diverged)
        } else if let Some(stopped) = stopped {
            Some(Finish::EarlyStopped(stopped))
        } else if chunk.epoch_complete
            && model.epochs_this_run.get_value() >= model.epochs.get_untracked()
        {
            Some(Finish::Epochs)
        } else {
            None
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

    fn take_export(self, kind: ModelKind, net: PlainNet) {
        let first = self
            .own_models
            .with_untracked(|models| models.iter().all(|(k, _)| *k != kind));
        self.own_models.update(|models| {
            models.retain(|(k, _)| *k != kind);
            models.push((kind, Arc::new(net)));
            models.sort_by_key(|(k, _)| ModelKind::ALL.iter().position(|a| a == k));
        });
        // The learner's own model answers drawings as soon as there is one.
        if first {
            self.answering.set(Answering::Own(kind));
        }
    }

    fn loading(self, loaded: u64, total: u64, waiting_ms: u32) {
        let seconds = (js_sys::Date::now() - self.load_started.get_value()) / 1000.0;
        let speed = loaded as f64 / seconds.max(1e-3);
        let seconds_left = (loaded > 0 && seconds > 2.0)
            .then(|| total.saturating_sub(loaded) as f64 / speed.max(1.0));
        self.data.set(DataState::Loading {
            loaded,
            total,
            waiting_ms,
            seconds_left,
        });
    }
}

impl TakesAnswers for DigitsLab {
    type Event = Event;

    fn answer(&self, id: RequestId, event: Event) {
        let lab = *self;
        let is = |request: StoredValue<Option<RequestId>>| request.get_value() == Some(id);
        match event {
            Event::Loading {
                loaded,
                total,
                waiting_ms,
            } if is(lab.load_request) => lab.loading(loaded, total, waiting_ms),
            Event::Loaded(overview) if is(lab.load_request) => {
                lab.data.set(DataState::Ready(Box::new(overview)));
                for model in lab.models {
                    lab.reset(model);
                }
            }
            Event::Similarity(report) if is(lab.baseline_request) => {
                lab.baseline.set(Baseline::Done(report));
            }
            Event::ModelReady { spec, weights } => {
                let model = lab.model(spec.kind);
                if is(model.reset_request) {
                    model.weights.set(Some(weights));
                }
            }
            Event::BatchTime {
                kind,
                batch_size,
                seconds,
                batches_per_epoch,
            } => {
                let model = lab.model(kind);
                if is(model.time_request) {
                    model.time_request.set_value(None);
                    model.batch_time.set(Some(BatchTime {
                        batch_size,
                        seconds,
                        batches_per_epoch,
                    }));
                }
            }
            Event::Tuning(stage) => lab.own_digits.progress(id, stage),
            Event::FineTuned(tuned) => {
                if lab.own_digits.is_tuning(id) {
                    lab.tuned_model.set(Some(Arc::new(tuned.net.clone())));
                    lab.answering.set(Answering::Tuned);
                    lab.own_digits.tuned(*tuned);
                }
            }
            Event::Trained {
                kind,
                chunk,
                validation,
                weights,
                stopped,
                helper_lost,
            } => {
                let model = lab.model(kind);
                if model.run.is_current(id) {
                    lab.engine
                        .trained_with(Slot::Digits, chunk.workers, helper_lost);
                    lab.take_progress(model, chunk, validation, weights, stopped);
                }
            }
            Event::Inspected {
                kind,
                chunk,
                inspection,
            } => {
                let model = lab.model(kind);
                if model.run.is_current(id) {
                    lab.take_inspection(model, chunk, *inspection);
                }
            }
            Event::Exported { kind, net } => lab.take_export(kind, net),
            Event::Finding { kind, batches } => {
                let model = lab.model(kind);
                if is(model.finder_request) {
                    model.finding.set(Some(batches));
                }
            }
            Event::Rates { kind, curve } => {
                let model = lab.model(kind);
                if is(model.finder_request) {
                    model.rate_curve.set(Some(curve));
                    model.finding.set(None);
                }
            }
            // Answers to requests since superseded (an older load, an older baseline).
            Event::Loading { .. } | Event::Loaded(_) | Event::Similarity(_) => {}
        }
    }
}

impl LabControl for DigitsLab {
    fn failed(&self, id: RequestId, message: String) {
        if self.load_request.get_value() == Some(id) {
            self.data.set(DataState::Failed(message.clone()));
        }
        if self.baseline_request.get_value() == Some(id) {
            self.baseline.set(Baseline::Failed(message.clone()));
        }
        self.own_digits.failed(id, &message);
        for model in self.models {
            if model.run.fail(id, message.clone()) {
                continue;
            }
            if model.finder_request.get_value() == Some(id) {
                model.finding.set(None);
                model.run.set(RunState::Failed(message.clone()));
            }
            if model.reset_request.get_value() == Some(id) {
                model.run.set(RunState::Failed(message.clone()));
            }
            if model.time_request.get_value() == Some(id) {
                model.time_request.set_value(None);
            }
        }
    }

    /// The new worker knows nothing: the data is loaded again, and each model starts afresh
    /// when it has arrived.
    fn restarted(&self) {
        for model in self.models {
            model.clear();
            self.forget_own_model(model.kind);
        }
        self.baseline.set(Baseline::None);
        self.own_digits.restarted();
        if self.opened.get_value() {
            self.load();
        }
    }
}

/// Brings a rung's panel into view, as a link to it opens the lab.
fn scroll_to_rung(kind: ModelKind) {
    let heading = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&model_heading_id(kind)));
    if let Some(heading) = heading {
        heading.scroll_into_view();
    }
}

/// The id of a rung's heading.
pub fn model_heading_id(kind: ModelKind) -> String {
    format!("model-{}", kind.key())
}

async fn fetch_ready_model() -> Result<PlainNet, String> {
    let response = crate::files::fetch(READY_MODEL).await?;
    let buffer = JsFuture::from(response.array_buffer().map_err(|e| format!("{e:?}"))?)
        .await
        .map_err(|e| format!("{READY_MODEL}: {e:?}"))?;
    PlainNet::from_bytes(&js_sys::Uint8Array::new(&buffer).to_vec()).map_err(|e| e.to_string())
}

/// Images of an inspected batch shown as pictures.
const INSPECTED_IMAGES: usize = 8;

/// fastbook's seven steps of training.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Initialise,
    Predict,
    Loss,
    Gradient,
    Step,
    Repeat,
    Stop,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Self::Initialise,
        Self::Predict,
        Self::Loss,
        Self::Gradient,
        Self::Step,
        Self::Repeat,
        Self::Stop,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Initialise => "Initialise",
            Self::Predict => "Predict",
            Self::Loss => "Loss",
            Self::Gradient => "Gradient",
            Self::Step => "Step",
            Self::Repeat => "Repeat",
            Self::Stop => "Stop",
        }
    }

    /// The next stage of one batch walked through by hand; `None` after Repeat.
    pub fn next(self) -> Option<Self> {
        match self {
            Self::Predict => Some(Self::Loss),
            Self::Loss => Some(Self::Gradient),
            Self::Gradient => Some(Self::Step),
            Self::Step => Some(Self::Repeat),
            _ => None,
        }
    }

    /// While training runs, every slice answered passes through the loop's stages once more.
    fn next_while_training(self) -> Self {
        self.next().unwrap_or(Self::Predict)
    }
}
