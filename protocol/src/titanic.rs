//! The Titanic lab's requests: the passengers cleaned once, then models trained on them and asked
//! about a passenger.

use descent_core::titanic::{Cleaning, ModelKind, Passenger, TrainingReport};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// Read and clean Kaggle's `train.csv` (the page fetched it); trained models are forgotten.
    Load { csv: String },
    /// Train a fresh model of `kind` on the seeded 80/20 split.
    Train {
        kind: ModelKind,
        epochs: usize,
        learning_rate: f32,
    },
    /// Each trained model's chance that `passenger` survived.
    Predict { passenger: Passenger },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// What the cleaning found, and the file's first passengers to show it on.
    Loaded {
        cleaning: Cleaning,
        examples: Vec<Passenger>,
    },
    Trained(TrainingReport),
    /// Chances of survival, by model, for the models trained so far.
    Predicted(Vec<(ModelKind, f32)>),
}
