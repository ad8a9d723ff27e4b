//! The playground's network as a learner sets it up: its features, hidden layers, activation,
//! loss and regularisation, and what a trained one reports (the engine trains it).

use super::features::Feature;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    Relu,
    Tanh,
    Sigmoid,
    Linear,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Regularization {
    None,
    L1,
    L2,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaygroundLoss {
    /// Squared error of the output (through a sigmoid when classifying).
    Mse,
    /// Binary cross-entropy of the output logit; classification only.
    CrossEntropy,
}

/// The shape of a network and how it trains.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetworkSpec {
    pub features: Vec<Feature>,
    /// Units per hidden layer; empty for a single linear unit (a perceptron).
    pub hidden: Vec<usize>,
    pub activation: Activation,
    pub loss: PlaygroundLoss,
    pub regularization: Regularization,
    pub regularization_rate: f32,
    pub seed: u64,
}

/// The most hidden layers and units per layer the playground builds.
pub const MAX_LAYERS: usize = 6;
pub const MAX_UNITS: usize = 64;

/// One training point through the network, for its loss alone: every neuron's value and
/// gradient, and every weight's gradient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointTrace {
    /// The point's index in the dataset.
    pub point: usize,
    /// Per column of neurons, the input features first and the output (before any sigmoid)
    /// last: each neuron's value.
    pub values: Vec<Vec<f32>>,
    /// ∂L/∂ each of those values.
    pub gradients: Vec<Vec<f32>>,
    /// Per layer of weights, laid out as the picture's (inputs × outputs): ∂L/∂w.
    pub weight_gradients: Vec<Vec<f32>>,
}

/// Losses and accuracies on the two halves of the data (accuracy only when classifying).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PlaygroundScores {
    pub train_loss: f32,
    pub test_loss: f32,
    pub train_accuracy: Option<f32>,
    pub test_accuracy: Option<f32>,
}

impl PlaygroundScores {
    /// The losses are no longer numbers: the learning rate blew the network up.
    pub fn diverged(&self) -> bool {
        !(self.train_loss.is_finite() && self.test_loss.is_finite())
    }
}
