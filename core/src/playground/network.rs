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

impl Activation {
    /// Its value at `x`.
    pub fn at(self, x: f32) -> f32 {
        match self {
            Self::Relu => x.max(0.0),
            Self::Tanh => x.tanh(),
            Self::Sigmoid => 1.0 / (1.0 + (-x).exp()),
            Self::Linear => x,
        }
    }

    /// Its derivative at `x`, as backpropagation uses it: ReLU's is 0 left of the hinge and 1
    /// right of it, and taken as 0 at the hinge itself, as PyTorch takes it.
    pub fn slope(self, x: f32) -> f32 {
        match self {
            Self::Relu => f32::from(x > 0.0),
            Self::Tanh => 1.0 - x.tanh().powi(2),
            Self::Sigmoid => {
                let s = self.at(x);
                s * (1.0 - s)
            }
            Self::Linear => 1.0,
        }
    }
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

impl NetworkSpec {
    /// How many parameters the network has: its inputs, hidden layers and one output, fully
    /// connected, each layer with its biases.
    pub fn parameters(&self) -> crate::parameters::ParameterCount {
        let widths: Vec<usize> = std::iter::once(self.features.len())
            .chain(self.hidden.iter().copied())
            .chain([1])
            .collect();
        crate::parameters::ParameterCount::dense(&widths)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_activations_slope_is_its_finite_difference() {
        for activation in [
            Activation::Relu,
            Activation::Tanh,
            Activation::Sigmoid,
            Activation::Linear,
        ] {
            // Away from ReLU's hinge, where it has no derivative.
            for x in [-3.0f64, -1.2, -0.3, 0.4, 0.9, 2.5] {
                let h = 1e-3;
                let at = |x: f64| f64::from(activation.at(x as f32));
                let difference = (at(x + h) - at(x - h)) / (2.0 * h);
                let slope = f64::from(activation.slope(x as f32));
                assert!(
                    (slope - difference).abs() < 1e-3,
                    "{activation:?} at {x}: {slope} against {difference}"
                );
            }
        }
        // By hand: σ(0) = ½ and σ'(0) = ¼; tanh'(0) = 1; ReLU at its hinge.
        assert_eq!(Activation::Sigmoid.at(0.0), 0.5);
        assert_eq!(Activation::Sigmoid.slope(0.0), 0.25);
        assert_eq!(Activation::Tanh.slope(0.0), 1.0);
        assert_eq!(
            (Activation::Relu.at(0.0), Activation::Relu.slope(0.0)),
            (0.0, 0.0)
        );
    }
}
