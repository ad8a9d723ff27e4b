//! What training a digit model reports: each batch, each chunk of batches, the validation, and
//! a layer's weights as pictures.

use super::metrics::ConfusionMatrix;
use serde::{Deserialize, Serialize};

/// Loss and accuracy of one mini-batch, measured before its update.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BatchReport {
    pub loss: f32,
    pub accuracy: f32,
    /// The rate its update used.
    pub learning_rate: f32,
}

/// What a call to the engine's `DigitTrainer::train` did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainChunk {
    /// Completed epochs before this chunk's epoch (0 during the first).
    pub epoch: usize,
    /// Batches done in the current epoch, and how many it has.
    pub batch: usize,
    pub batches_per_epoch: usize,
    pub batches: Vec<BatchReport>,
    /// The chunk finished its epoch.
    pub epoch_complete: bool,
    /// The loss blew up (`Task::diverged`): the rate is too high, and the model is lost.
    pub diverged: bool,
    /// Engines that shared the chunk's last batch: 2 when a peer took half of it
    /// (`super::data_parallel`), else 1.
    pub workers: usize,
}

impl TrainChunk {
    /// This chunk and the one after it, as one.
    pub fn followed_by(mut self, next: TrainChunk) -> TrainChunk {
        self.batches.extend(next.batches);
        TrainChunk {
            batches: self.batches,
            ..next
        }
    }
}

/// A model's loss and accuracy on the whole validation set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Validation {
    pub loss: f32,
    pub accuracy: f32,
    /// Only for ten digits: rows are the true digit, columns the prediction.
    pub confusion: Option<ConfusionMatrix>,
}

/// A layer's weights as pictures: one image per unit (28×28) or filter (5×5), scaled so the
/// largest magnitude is 127 (negative weights negative).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeightImages {
    pub count: usize,
    /// Pixels per side of each image.
    pub side: usize,
    /// The weight that 127 stands for.
    pub scale: f32,
    /// `count × side²` values, image after image.
    pub values: Vec<i8>,
}

/// One mini-batch of the seven steps, with what each step produced: fastbook's predict, loss,
/// gradient and step, seen from the inside.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchInspection {
    /// The batch's first images (at most the number asked for), 784 grey levels each.
    pub images: Vec<u8>,
    /// Their labels, and the digit the model predicted for each before the step.
    pub labels: Vec<u8>,
    pub predictions: Vec<u8>,
    /// Images in the whole batch.
    pub batch_size: usize,
    pub loss: f32,
    pub accuracy: f32,
    /// Mean |∂L/∂w| of each layer of weights, first to last.
    pub gradient_sizes: Vec<f32>,
    /// ∂L/∂w of the first layer's first unit, one value per pixel.
    pub first_gradient: WeightImages,
    /// That unit's weights before and after the step, and the change (after − before), each
    /// scaled to its own largest magnitude, so a small step is still seen.
    pub weights_before: WeightImages,
    pub weights_after: WeightImages,
    pub weights_change: WeightImages,
}

impl WeightImages {
    /// Values `count × side²`, scaled so the largest magnitude is 127.
    pub fn scaled(values: &[f32], side: usize) -> Self {
        let scale = values
            .iter()
            .fold(0.0f32, |m, v| m.max(v.abs()))
            .max(f32::MIN_POSITIVE);
        WeightImages {
            count: values.len() / (side * side),
            side,
            scale,
            values: values
                .iter()
                .map(|v| (v / scale * 127.0).round() as i8)
                .collect(),
        }
    }
}
