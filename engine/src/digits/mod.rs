//! fastbook chapter 4 in code: the digit models, their losses, mini-batch training and metrics.

mod augment;
mod batches;
pub mod data_parallel;
mod fine_tune;
mod inference;
mod loss;
mod metrics;
mod model;
pub mod own_digits;
mod preprocess;
mod similarity;
pub mod strokes;
mod task;
mod trainer;

pub use augment::distorted;
pub use batches::epoch_order;
pub use fine_tune::{FineTuned, Scores, TuneStage, accuracy_on, fine_tune};
/// How fine-tuning goes: its steps, batch size, rate, and MNIST digits mixed in per own digit.
pub mod fine_tuning {
    pub use super::fine_tune::{BATCH, LEARNING_RATE, STEPS, mnist_mixed};
}
pub use inference::{Conv, Dense, FeatureMaps, PlainNet, Reading};
pub use loss::{cross_entropy, mnist_loss};
pub use metrics::{ConfusionMatrix, accuracy};
pub use model::{DigitNet, DigitNetConfig, KERNEL};
pub use preprocess::mnist_like;
pub use similarity::{SimilarityReport, pixel_similarity};
pub use task::{ModelKind, ModelSpec, Task, TaskData};
pub use trainer::{
    BatchInspection, BatchProbe, BatchReport, DigitTrainer, TrainChunk, Validation, WeightImages,
    warm_up,
};

use crate::mnist::{Digits, PIXELS};
use burn::tensor::{Device, Tensor, TensorData};

/// The images at `indices` as a `[n, 784]` tensor of grey levels in 0–1.
pub(crate) fn input_tensor(digits: &Digits, indices: &[usize], device: &Device) -> Tensor<2> {
    Tensor::from_data(
        TensorData::new(digits.inputs(indices), [indices.len(), PIXELS]),
        device,
    )
}
