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

/// The seed of the 80/20 split and of the models' first weights.
pub const SEED: u64 = 42;
