//! The Quadratic lab's maths (fast.ai lesson 3): the quadratic `a·x² + b·x + c` as plain
//! coefficients and as a burn module, the lesson's noisy data, its losses, gradient descent and
//! the loss surface.

mod descent;
mod graph;
mod loss;
mod race;
mod recipe;
mod stability;
mod surface;

pub use descent::{Descent, Evaluation, GradientBuffer, OptimizerRun, QuadraticFit, StopReason};
pub use graph::{Focus, GraphNode, LossGraph, Role, finite_difference_gradient};
pub use loss::LossKind;
pub use race::{
    MAX_RACE_STEPS, MAX_RACERS, Race, RacePath, RacePreset, Racer, least_squares, race,
    valley_preset,
};
pub use recipe::NoisyQuadratic;
pub use stability::{
    largest_magnitude, largest_stable_rate, mse_hessian, scaled_to_unit, symmetric_eigenvalues,
};
pub use surface::{LossSurface, SurfaceSpec};

use burn::module::{Module, Param};
use burn::tensor::{Device, Tensor, TensorData};
use serde::{Deserialize, Serialize};

/// One of the three coefficients, for picking axes and labelling gradients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Coefficient {
    A,
    B,
    C,
}

impl Coefficient {
    pub const ALL: [Coefficient; 3] = [Coefficient::A, Coefficient::B, Coefficient::C];

    pub fn index(self) -> usize {
        match self {
            Self::A => 0,
            Self::B => 1,
            Self::C => 2,
        }
    }

    pub fn name(self) -> &'static str {
        ["a", "b", "c"][self.index()]
    }
}

/// The coefficients of `a·x² + b·x + c`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Coefficients {
    pub a: f32,
    pub b: f32,
    pub c: f32,
}

impl Coefficients {
    pub const fn new(a: f32, b: f32, c: f32) -> Self {
        Self { a, b, c }
    }

    pub fn from_array([a, b, c]: [f32; 3]) -> Self {
        Self { a, b, c }
    }

    pub fn to_array(self) -> [f32; 3] {
        [self.a, self.b, self.c]
    }

    pub fn get(self, which: Coefficient) -> f32 {
        self.to_array()[which.index()]
    }

    pub fn with(self, which: Coefficient, value: f32) -> Self {
        let mut values = self.to_array();
        values[which.index()] = value;
        Self::from_array(values)
    }

    pub fn is_finite(self) -> bool {
        self.to_array().iter().all(|v| v.is_finite())
    }

    pub fn value_at(self, x: f32) -> f32 {
        (self.a * x + self.b) * x + self.c
    }

    /// `count` points of the curve over `[x_min, x_max]`, for drawing it.
    pub fn curve(self, x_min: f32, x_max: f32, count: usize) -> Vec<(f32, f32)> {
        crate::host::linspace(x_min, x_max, count)
            .into_iter()
            .map(|x| (x, self.value_at(x)))
            .collect()
    }
}

/// The quadratic as a burn module: one parameter tensor `[a, b, c]`.
#[derive(Module, Debug)]
pub struct QuadraticModel {
    pub coefficients: Param<Tensor<1>>,
}

impl QuadraticModel {
    pub fn new(coefficients: Coefficients, device: &Device) -> Self {
        let values = Tensor::from_data(TensorData::from(coefficients.to_array()), device);
        Self {
            coefficients: Param::from_tensor(values),
        }
    }

    /// Predictions for a batch of feature rows `[x², x, 1]`, shape `[n, 3]` to `[n]`.
    pub fn forward(&self, features: Tensor<2>) -> Tensor<1> {
        let [n, _] = features.dims();
        features
            .matmul(self.coefficients.val().unsqueeze_dim(1))
            .reshape([n])
    }
}

/// The feature rows `[x², x, 1]` of `xs`, shape `[n, 3]`: one matmul then evaluates the quadratic
/// for one or many coefficient vectors at once.
pub fn features(xs: &[f32], device: &Device) -> Tensor<2> {
    let rows: Vec<f32> = xs.iter().flat_map(|&x| [x * x, x, 1.0]).collect();
    Tensor::from_data(TensorData::new(rows, [xs.len(), 3]), device)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_at_evaluates_the_polynomial() {
        let q = Coefficients::new(3.0, 2.0, 1.0);
        assert_eq!(q.value_at(0.0), 1.0);
        assert_eq!(q.value_at(2.0), 17.0);
        assert_eq!(q.value_at(-1.0), 2.0);
    }

    #[test]
    fn model_forward_matches_value_at() {
        let device = crate::cpu_device();
        let q = Coefficients::new(1.5, -0.5, 2.0);
        let xs = [-2.0, -0.5, 0.0, 1.0, 3.0];
        let predicted = QuadraticModel::new(q, &device)
            .forward(features(&xs, &device))
            .into_data()
            .try_to_vec::<f32>()
            .unwrap();
        for (x, p) in xs.iter().zip(predicted) {
            assert!((p - q.value_at(*x)).abs() < 1e-5);
        }
    }

    #[test]
    fn with_replaces_one_coefficient() {
        let q = Coefficients::new(1.0, 2.0, 3.0).with(Coefficient::B, 9.0);
        assert_eq!(q, Coefficients::new(1.0, 9.0, 3.0));
        assert_eq!(q.get(Coefficient::C), 3.0);
    }
}
