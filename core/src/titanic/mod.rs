//! The Titanic lab, after fast.ai lesson 3's spreadsheet and the notebook "Linear model and
//! neural net from scratch": Kaggle's passengers, cleaned step by step, and the three models a
//! learner trains (the engine trains them).

mod cleaning;
mod models;
mod passengers;
pub mod setup;

pub use cleaning::{COLUMNS, Cleaning, FEATURES, Histogram, dummies, log_fare};
pub use models::{EpochLoss, MAX_EPOCHS, ModelKind, TRAIN_SHARE, TrainingReport};
pub use passengers::{Passenger, Port, Sex, read_passengers};
pub use setup::TitanicSetup;

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;

/// The seed of the 80/20 split and of the models' first weights.
pub const SEED: u64 = 42;

/// The rows (by their place in the file) to train on and to validate on, of a file of `count`
/// passengers (at least two): shuffled by `seed`, the first [`TRAIN_SHARE`] of them to train on,
/// at least one in each.
pub fn split(count: usize, seed: u64) -> (Vec<usize>, Vec<usize>) {
    let mut order: Vec<usize> = (0..count).collect();
    order.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    let cut = ((count as f32 * TRAIN_SHARE).round() as usize).clamp(1, count.max(2) - 1);
    let valid = order.split_off(cut.min(count));
    (order, valid)
}
