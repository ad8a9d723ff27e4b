//! fastbook chapter 4 in code: the digit models on burn, their losses and mini-batch training.
//! The tasks, models' names and reports are `descent_core::digits`'s, re-exported here.

pub mod data_parallel;
mod fine_tune;
mod loss;
mod model;
mod similarity;
mod task;
mod trainer;

pub use descent_core::digits::*;
pub use fine_tune::fine_tune;
pub use loss::{cross_entropy, mnist_loss};
pub use model::{DigitNet, DigitNetConfig};
pub use similarity::pixel_similarity;
pub use trainer::{BatchProbe, DigitTrainer, warm_up};

use crate::mnist::{Digits, PIXELS};
use burn::tensor::{Device, Tensor, TensorData};

/// The images at `indices` as a `[n, 784]` tensor of grey levels in 0–1.
pub(crate) fn input_tensor(digits: &Digits, indices: &[usize], device: &Device) -> Tensor<2> {
    Tensor::from_data(
        TensorData::new(digits.inputs(indices), [indices.len(), PIXELS]),
        device,
    )
}
