//! The notebook's three models as a learner picks them, and how one trained.

use serde::{Deserialize, Serialize};

/// The share of passengers trained on; the rest is the validation split.
pub const TRAIN_SHARE: f32 = 0.8;
pub const MAX_EPOCHS: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ModelKind {
    Linear,
    OneHidden,
    Deep,
}

impl ModelKind {
    pub const ALL: [Self; 3] = [Self::Linear, Self::OneHidden, Self::Deep];

    pub fn name(self) -> &'static str {
        match self {
            Self::Linear => "Linear model",
            Self::OneHidden => "Neural net",
            Self::Deep => "Deep net",
        }
    }

    pub fn shape(self) -> &'static str {
        match self {
            Self::Linear => "12 inputs → sigmoid",
            Self::OneHidden => "12 → 20 ReLU → sigmoid",
            Self::Deep => "12 → 10 ReLU → 10 ReLU → sigmoid",
        }
    }

    /// Its place in [`ModelKind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Linear => "linear",
            Self::OneHidden => "one-hidden",
            Self::Deep => "deep",
        }
    }

    /// How many parameters it has: fully connected layers, each with a bias.
    pub fn parameters(self) -> crate::parameters::ParameterCount {
        let widths: Vec<usize> = std::iter::once(super::FEATURES)
            .chain(self.hidden().iter().copied())
            .chain([1])
            .collect();
        crate::parameters::ParameterCount::dense(&widths)
    }

    /// The widths of its hidden layers.
    pub fn hidden(self) -> &'static [usize] {
        match self {
            Self::Linear => &[],
            Self::OneHidden => &[20],
            Self::Deep => &[10, 10],
        }
    }

    /// The notebook's rate for each: mean absolute error through a sigmoid has small
    /// gradients, so the rates are large.
    pub fn default_learning_rate(self) -> f32 {
        match self {
            Self::Linear => 100.0,
            Self::OneHidden => 20.0,
            Self::Deep => 4.0,
        }
    }

    pub fn default_epochs(self) -> usize {
        30
    }
}

/// Train and validation loss after an epoch.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EpochLoss {
    pub train: f32,
    pub valid: f32,
}

/// How a model trained, for the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingReport {
    pub kind: ModelKind,
    pub learning_rate: f32,
    /// The losses before training, then after each epoch.
    pub losses: Vec<EpochLoss>,
    /// The share of the validation split predicted right (a chance above ½ is "survived").
    pub accuracy: f32,
    /// The linear model's weight for each column, in `COLUMNS`' order, and its constant: the
    /// notebook's `show_coeffs`.
    pub coefficients: Option<(Vec<(String, f32)>, f32)>,
    /// The trained model's parameters, named as its PyTorch program names them.
    pub weights: Vec<crate::weights::Tensor>,
}

impl TrainingReport {
    /// Whether training blew up (a loss that is not a number).
    pub fn diverged(&self) -> bool {
        self.losses
            .iter()
            .any(|l| !l.train.is_finite() || !l.valid.is_finite())
    }
}
