//! The Digits lab's requests: MNIST, the baseline, and one model of each kind, trained in slices.

use descent_core::digits::{
    BatchInspection, FineTuned, ModelKind, ModelSpec, Pair, PlainNet, SimilarityReport, TrainChunk,
    TuneStage, Validation, WeightImages,
};
use descent_core::lr_finder::FinderCurve;
use descent_core::mnist::MnistOverview;
use descent_core::optimizers::Optimizer;
use descent_core::run::RunEnd;
use descent_core::schedules::RatePlan;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// Download, check and parse MNIST from `{base_url}/<asset>`, with `Loading` progress.
    Load { base_url: String },
    /// The pixel-similarity baseline on the pair's two digits.
    PixelSimilarity { pair: Pair },
    /// A fresh model of this kind (replacing any earlier one), from the spec's seed.
    ResetModel { spec: ModelSpec },
    /// Train the model of this kind for a slice of time, or to the end of its epoch. The page
    /// sends the next when this is answered, so Stop is not sending.
    Train {
        kind: ModelKind,
        optimizer: Optimizer,
        /// Each batch's rate, by its number in this run.
        rate: RatePlan,
        /// The run ends after this many epochs.
        epochs: usize,
        /// A new run starts (its batches, epochs and early stopping counted afresh); otherwise
        /// the run goes on, under these settings from now on.
        new_run: bool,
        batch_size: usize,
        /// Send the first layer's weights as images with the answer.
        weights: bool,
        /// Early stopping: stop once the validation loss has not improved for this many
        /// epochs, going back to the weights where it was lowest; 0 is off.
        patience: usize,
        /// Whether a second worker, when paired, takes half of each batch.
        sharing: Sharing,
    },
    /// One batch of the model of this kind, as Train takes it, with what each of the seven
    /// steps produced; `shown` of its images come back as pictures.
    InspectBatch {
        kind: ModelKind,
        learning_rate: f32,
        batch_size: usize,
        shown: usize,
    },
    /// The model of this kind as plain numbers, for the page to run on drawings.
    Export { kind: ModelKind },
    /// The learning-rate finder on a copy of the model of this kind; the model is untouched.
    FindLearningRate { kind: ModelKind, batch_size: usize },
    /// How long a batch of this size takes the model of this kind, timed on a copy.
    TimeBatch { kind: ModelKind, batch_size: usize },
    /// `net` fine-tuned on the learner's digits (784 grey levels each, and their labels) mixed
    /// with MNIST's, scored before and after.
    FineTune {
        net: PlainNet,
        pixels: Vec<u8>,
        labels: Vec<u8>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// Progress of `Load`: bytes decoded of `total`, and how long no byte has arrived (ms).
    Loading {
        loaded: u64,
        total: u64,
        waiting_ms: u32,
    },
    Loaded(MnistOverview),
    Similarity(SimilarityReport),
    /// A fresh model is ready; its first layer's weights as images.
    ModelReady {
        spec: ModelSpec,
        weights: WeightImages,
    },
    Trained {
        kind: ModelKind,
        chunk: TrainChunk,
        /// After an epoch ends: the whole validation set.
        validation: Option<Validation>,
        weights: Option<WeightImages>,
        /// How the run ended, if it has: its epochs done, blown up, or stopped early (epochs
        /// counted from 1 since the reset; the model is then the best one).
        end: Option<RunEnd>,
        /// The second worker stopped answering during this slice: it is dropped, and the rest
        /// of the run is trained by one (`chunk.workers` says how many trained most of it).
        helper_lost: bool,
    },
    /// One inspected batch: its place in training, as `Trained` gives it, and what it did.
    Inspected {
        kind: ModelKind,
        chunk: TrainChunk,
        inspection: Box<BatchInspection>,
    },
    Exported {
        kind: ModelKind,
        net: PlainNet,
    },
    /// Progress of the finder: batches tried so far.
    Finding {
        kind: ModelKind,
        batches: usize,
    },
    Rates {
        kind: ModelKind,
        curve: FinderCurve,
    },
    /// A batch of `batch_size` took this long (after one untimed batch to warm up).
    BatchTime {
        kind: ModelKind,
        batch_size: usize,
        seconds: f64,
        batches_per_epoch: usize,
    },
    /// Progress of `FineTune`.
    Tuning(TuneStage),
    FineTuned(Box<FineTuned>),
}

/// When a worker paired with a second one shares its batches with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sharing {
    /// While it is measured to be faster than training alone: the messages each batch costs
    /// grow with the weights, the work saved with the images and the model's compute.
    Auto,
    /// Every batch (`?workers=2`: tests and benchmarks).
    Always,
}
