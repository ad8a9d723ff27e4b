//! The Digits lab's state: the data, the baseline, and one training run per model. Actions send
//! commands to the lab's own engine worker (started when the lab first opens); its events write
//! results back. As in the Quadratic lab, answers to an older run are dropped.

use crate::backend::Backend;
use crate::engine_client::{EngineClient, WorkerStatus, send_via};
use engine::digits::{
    BatchReport, ConfusionMatrix, DenseNet, ModelKind, ModelSpec, SimilarityReport, TrainChunk,
    Validation, WeightImages,
};
use engine::lr_finder::FinderCurve;
use engine::mnist::MnistOverview;
use leptos::prelude::*;
use protocol::{Command, Event};
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where trunk puts the assets `cargo xtask fetch-mnist` made.
const ASSETS: &str = "./mnist";
/// The ready model for drawings: an MLP the engine's CLI trained (`engine/src/bin/digits.rs`).
const READY_MODEL: &str = "./digits-model.bin";
/// Weight pictures are refreshed at most this often while training (ms).
const WEIGHTS_EVERY_MS: f64 = 250.0;
pub const BATCH_SIZES: [usize; 7] = [16, 32, 64, 128, 256, 512, 1024];
pub const LEARNING_RATE_RANGE: (f32, f32) = (1e-3, 10.0);
pub const HIDDEN_RANGE: (usize, usize) = (1, 512);
pub const EPOCH_RANGE: (usize, usize) = (1, 100);

#[derive(Debug, Clone, PartialEq)]
pub enum DataState {
    NotLoaded,
    Loading { loaded: u64, total: u64 },
    Ready(Box<MnistOverview>),
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum ReadyModel {
    Loading,
    Ready(Arc<DenseNet>),
    Failed(String),
}

/// The model that answers drawings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answering {
    Ready,
    Own(ModelKind),
}

impl Answering {
    /// The value of its option in the model picker.
    pub fn key(self) -> String {
        match self {
            Self::Ready => "ready".into(),
            Self::Own(kind) => format!("{kind:?}").to_lowercase(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum RunStatus {
    /// No model yet (the data is loading).
    Waiting,
    Ready,
    Training,
    /// Stop was pressed; the chunk already sent still lands, as the model took its batches.
    Stopping,
    Stopped,
    Finished,
    Diverged,
    Failed(String),
}

/// One row of the book's training table.
#[derive(Debug, Clone, PartialEq)]
pub struct EpochRow {
    pub epoch: usize,
    pub train_loss: f32,
    pub train_accuracy: f32,
    pub validation: Validation,
}

/// A model's settings and everything its training has shown.
#[derive(Clone, Copy)]
pub struct ModelRun {
    pub kind: ModelKind,
    pub learning_rate: RwSignal<f32>,
    pub batch_size: RwSignal<usize>,
    pub epochs: RwSignal<usize>,
    pub hidden: RwSignal<usize>,
    pub seed: RwSignal<u64>,
    pub status: RwSignal<RunStatus>,
    /// Loss of every batch since the last reset.
    pub losses: RwSignal<Vec<f32>>,
    pub last_batch: RwSignal<Option<BatchReport>>,
    /// Epochs completed, batches done in the current one, and batches per epoch.
    pub position: RwSignal<(usize, usize, usize)>,
    pub epoch_rows: RwSignal<Vec<EpochRow>>,
    pub weights: RwSignal<Option<WeightImages>>,
    /// The learning-rate finder's last curve for this model, and whether one is being found.
    pub rate_curve: RwSignal<Option<FinderCurve>>,
    pub finding_rate: RwSignal<bool>,
    finder_request: StoredValue<u64>,
    run_id: StoredValue<u64>,
    /// Epochs this Train has completed; it stops at `epochs`.
    epochs_this_run: StoredValue<usize>,
    /// Sums over the current epoch's batches: loss, accuracy, count.
    epoch_sums: StoredValue<(f32, f32, usize)>,
    weights_at: StoredValue<f64>,
}

impl ModelRun {
    fn new(kind: ModelKind) -> Self {
        Self {
            kind,
            learning_rate: RwSignal::new(kind.default_learning_rate()),
            batch_size: RwSignal::new(256),
            epochs: RwSignal::new(match kind {
                ModelKind::AllDigits => 1,
                _ => 10,
            }),
            hidden: RwSignal::new(30),
            seed: RwSignal::new(42),
            status: RwSignal::new(RunStatus::Waiting),
            losses: RwSignal::new(Vec::new()),
            last_batch: RwSignal::new(None),
            position: RwSignal::new((0, 0, 0)),
            epoch_rows: RwSignal::new(Vec::new()),
            weights: RwSignal::new(None),
            rate_curve: RwSignal::new(None),
            finding_rate: RwSignal::new(false),
            finder_request: StoredValue::new(0),
            run_id: StoredValue::new(0),
            epochs_this_run: StoredValue::new(0),
            epoch_sums: StoredValue::new((0.0, 0.0, 0)),
            weights_at: StoredValue::new(f64::NEG_INFINITY),
        }
    }

    pub fn spec(&self) -> ModelSpec {
        ModelSpec {
            kind: self.kind,
            hidden: self.hidden.get_untracked(),
            seed: self.seed.get_untracked(),
        }
    }

    pub fn is_training(&self) -> bool {
        self.status.get() == RunStatus::Training
    }

    /// Training, or stopping with a chunk still to land: no other run may start yet.
    pub fn is_busy(&self) -> bool {
        matches!(self.status.get(), RunStatus::Training | RunStatus::Stopping)
    }

    pub fn confusion(&self) -> Option<ConfusionMatrix> {
        self.epoch_rows
            .with(|rows| rows.last().and_then(|r| r.validation.confusion.clone()))
    }

    /// Forgets everything shown, for a fresh model.
    fn clear(&self, status: RunStatus) {
        self.run_id.update_value(|id| *id += 1);
        self.status.set(status);
        self.losses.set(Vec::new());
        self.last_batch.set(None);
        self.position.set((0, 0, 0));
        self.epoch_rows.set(Vec::new());
        self.weights.set(None);
        self.epoch_sums.set_value((0.0, 0.0, 0));
        self.rate_curve.set(None);
        self.finding_rate.set(false);
        self.finder_request.update_value(|id| *id += 1);
    }

    fn take_chunk(&self, chunk: &TrainChunk, validation: Option<Validation>) {
        self.losses
            .update(|losses| losses.extend(chunk.batches.iter().map(|b| b.loss)));
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
    pub similarity: RwSignal<Option<SimilarityReport>>,
    pub similarity_running: RwSignal<bool>,
    pub models: [ModelRun; 3],
    /// The backend this lab's worker reported, and why it is not the one asked for.
    pub worker: WorkerStatus,
    pub ready_model: RwSignal<ReadyModel>,
    /// The learner's models, exported after each epoch and on Stop.
    pub own_models: RwSignal<Vec<(ModelKind, Arc<DenseNet>)>>,
    pub answering: RwSignal<Answering>,
    engine: StoredValue<Option<EngineClient>, LocalStorage>,
    chosen_backend: StoredValue<Option<Backend>>,
    opened: StoredValue<bool>,
    request: StoredValue<u64>,
}

impl DigitsLab {
    pub fn new() -> Self {
        Self {
            data: RwSignal::new(DataState::NotLoaded),
            similarity: RwSignal::new(None),
            similarity_running: RwSignal::new(false),
            models: ModelKind::ALL.map(ModelRun::new),
            worker: WorkerStatus::new(),
            ready_model: RwSignal::new(ReadyModel::Loading),
            own_models: RwSignal::new(Vec::new()),
            answering: RwSignal::new(Answering::Ready),
            engine: StoredValue::new_local(None),
            chosen_backend: StoredValue::new(None),
            opened: StoredValue::new(false),
            request: StoredValue::new(0),
        }
    }

    pub fn model(&self, kind: ModelKind) -> ModelRun {
        self.models[ModelKind::ALL.iter().position(|&k| k == kind).unwrap_or(0)]
    }

    /// The lab became visible: start its worker and load the data, once.
    pub fn open(self) {
        if !self.opened.get_value() {
            self.opened.set_value(true);
            self.start_engine();
            leptos::task::spawn_local(async move {
                self.ready_model.set(match fetch_ready_model().await {
                    Ok(net) => ReadyModel::Ready(Arc::new(net)),
                    Err(why) => {
                        ReadyModel::Failed(format!("The ready model could not be loaded: {why}"))
                    }
                });
            });
        }
    }

    /// The model that answers drawings, once there is one.
    pub fn answering_model(&self) -> Option<Arc<DenseNet>> {
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
        }
    }

    /// Chooses the model answering drawings by its picker value.
    pub fn answer_with(self, key: &str) {
        let own = self.own_models.with(|models| {
            models
                .iter()
                .map(|(kind, _)| Answering::Own(*kind))
                .find(|a| a.key() == key)
        });
        self.answering.set(own.unwrap_or(Answering::Ready));
    }

    fn forget_own_model(self, kind: ModelKind) {
        self.own_models
            .update(|models| models.retain(|(k, _)| *k != kind));
        if self.answering.get_untracked() == Answering::Own(kind) {
            self.answering.set(Answering::Ready);
        }
    }

    /// Train on `backend` from now on: a running lab moves to a fresh worker and reloads.
    pub fn use_backend(self, backend: Backend) {
        if self.chosen_backend.get_value() != Some(backend) {
            self.chosen_backend.set_value(Some(backend));
            self.start_engine();
        }
    }

    fn start_engine(self) {
        self.engine.set_value(None);
        let (true, Some(backend)) = (self.opened.get_value(), self.chosen_backend.get_value())
        else {
            return;
        };
        self.worker.backend.set(None);
        self.similarity.set(None);
        self.similarity_running.set(false);
        for model in self.models {
            model.clear(RunStatus::Waiting);
            self.forget_own_model(model.kind);
        }
        self.data.set(DataState::Loading {
            loaded: 0,
            total: 0,
        });
        match EngineClient::start(move |event| self.receive(event)) {
            Ok(client) => {
                client.send(&Command::UseBackend { backend });
                client.send(&Command::LoadDigits {
                    base_url: ASSETS.into(),
                });
                self.engine.set_value(Some(client));
            }
            Err(reason) => self.data.set(DataState::Failed(reason)),
        }
    }

    fn send(self, command: &Command) {
        send_via(self.engine, command);
    }

    fn receive(self, event: Event) {
        let kept =
            "The Digits lab moved to the CPU and reloaded its data; train again to continue.";
        let Some(event) = self
            .worker
            .observe(event, kept, move || self.use_backend(Backend::Cpu))
        else {
            return;
        };
        match event {
            Event::DigitsProgress { loaded, total } => {
                self.data.set(DataState::Loading { loaded, total })
            }
            Event::DigitsReady { overview } => {
                self.data.set(DataState::Ready(Box::new(overview)));
                for model in self.models {
                    self.reset(model);
                }
            }
            Event::DigitsFailed { message } => self.data.set(DataState::Failed(message)),
            Event::Similarity { request, report } if request == self.request.get_value() => {
                self.similarity.set(Some(report));
                self.similarity_running.set(false);
            }
            Event::ModelReady { spec, weights } => {
                let model = self.model(spec.kind);
                if model.spec() == spec {
                    model.weights.set(Some(weights));
                }
            }
            Event::ModelExported { kind, net } => {
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
            Event::LearningRates {
                request,
                kind,
                curve,
            } => {
                let model = self.model(kind);
                if request == model.finder_request.get_value() {
                    model.rate_curve.set(Some(curve));
                    model.finding_rate.set(false);
                }
            }
            Event::Trained {
                run,
                kind,
                chunk,
                validation,
                weights,
            } => self.take_progress(self.model(kind), run, chunk, validation, weights),
            Event::Error { request, message } => self.fail(request, message),
            // Other labs' answers: this lab never asks for them.
            _ => {}
        }
    }

    fn fail(self, request: Option<u64>, message: String) {
        if request.is_some() && request == Some(self.request.get_value()) {
            self.similarity_running.set(false);
        }
        for model in self.models {
            if request.is_some() && request == Some(model.finder_request.get_value()) {
                model.finding_rate.set(false);
            }
            if request.is_none()
                || request == Some(model.run_id.get_value())
                || request == Some(model.finder_request.get_value())
            {
                model.status.set(RunStatus::Failed(message.clone()));
            }
        }
    }

    pub fn run_similarity(self) {
        let request = self.request.get_value() + 1;
        self.request.set_value(request);
        self.similarity_running.set(true);
        self.send(&Command::PixelSimilarity { request });
    }

    /// A fresh model from the current settings; anything running on the old one stops.
    pub fn reset(self, model: ModelRun) {
        model.clear(RunStatus::Ready);
        self.forget_own_model(model.kind);
        self.send(&Command::ResetModel { spec: model.spec() });
    }

    /// Runs the learning-rate finder on a copy of the model, at its current batch size.
    pub fn find_rate(self, model: ModelRun) {
        model.finder_request.update_value(|id| *id += 1);
        model.finding_rate.set(true);
        self.send(&Command::FindLearningRate {
            request: model.finder_request.get_value(),
            kind: model.kind,
            batch_size: model.batch_size.get_untracked(),
        });
    }

    pub fn train(self, model: ModelRun) {
        if !matches!(self.data.get_untracked(), DataState::Ready(_)) {
            return;
        }
        if matches!(
            model.status.get_untracked(),
            RunStatus::Diverged | RunStatus::Failed(_)
        ) {
            self.reset(model);
        }
        model.run_id.update_value(|id| *id += 1);
        model.epochs_this_run.set_value(0);
        model.status.set(RunStatus::Training);
        self.send_train(model);
    }

    /// Only one chunk is ever in flight; `take_progress` ends the run when it lands.
    pub fn stop(self, model: ModelRun) {
        if model.status.get_untracked() == RunStatus::Training {
            model.status.set(RunStatus::Stopping);
        }
    }

    fn send_train(self, model: ModelRun) {
        let now = js_sys::Date::now();
        let weights = now - model.weights_at.get_value() >= WEIGHTS_EVERY_MS;
        if weights {
            model.weights_at.set_value(now);
        }
        self.send(&Command::Train {
            run: model.run_id.get_value(),
            kind: model.kind,
            learning_rate: model.learning_rate.get_untracked(),
            batch_size: model.batch_size.get_untracked(),
            weights,
        });
    }

    fn take_progress(
        self,
        model: ModelRun,
        run: u64,
        chunk: TrainChunk,
        validation: Option<Validation>,
        weights: Option<WeightImages>,
    ) {
        if run != model.run_id.get_value() {
            return;
        }
        let epoch_ended = validation.is_some();
        model.take_chunk(&chunk, validation);
        if epoch_ended {
            self.send(&Command::ExportModel { kind: model.kind });
        }
        if weights.is_some() {
            model.weights.set(weights);
        }
        if chunk.diverged {
            model.run_id.update_value(|id| *id += 1);
            model.status.set(RunStatus::Diverged);
            return;
        }
        if chunk.epoch_complete {
            model.epochs_this_run.update_value(|e| *e += 1);
            if model.epochs_this_run.get_value() >= model.epochs.get_untracked() {
                model.run_id.update_value(|id| *id += 1);
                model.status.set(RunStatus::Finished);
                return;
            }
        }
        if model.status.get_untracked() == RunStatus::Stopping {
            model.run_id.update_value(|id| *id += 1);
            model.status.set(RunStatus::Stopped);
            if !epoch_ended {
                self.send(&Command::ExportModel { kind: model.kind });
            }
            return;
        }
        self.send_train(model);
    }
}

async fn fetch_ready_model() -> Result<DenseNet, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(READY_MODEL))
        .await
        .map_err(|e| format!("{READY_MODEL}: {e:?}"))?
        .unchecked_into();
    if !response.ok() {
        return Err(format!(
            "{READY_MODEL}: the server answered {}",
            response.status()
        ));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(|e| format!("{e:?}"))?)
        .await
        .map_err(|e| format!("{READY_MODEL}: {e:?}"))?;
    DenseNet::from_bytes(&js_sys::Uint8Array::new(&buffer).to_vec()).map_err(|e| e.to_string())
}
