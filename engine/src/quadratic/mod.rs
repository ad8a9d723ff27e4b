//! The Quadratic lab's training (fast.ai lesson 3): the quadratic as a burn module, its losses
//! on tensors, gradient descent, the optimizer race and the loss surface. The plain types are
//! `descent_core::quadratic`'s, re-exported here.

mod descent;
mod loss;
mod race;
mod surface;

pub use descent::{Descending, OptimizerRun, QuadraticFit};
pub use descent_core::quadratic::*;
pub use loss::TensorLoss;
pub use race::race;

use burn::module::{Module, Param};
use burn::tensor::{Device, Tensor, TensorData};

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
}
