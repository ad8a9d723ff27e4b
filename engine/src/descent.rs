//! Gradient descent on the quadratic: autodiff for the gradient, burn's SGD for the update.

use crate::data::Points;
use crate::error::EngineError;
use crate::loss::LossKind;
use crate::quadratic::{Coefficients, QuadraticModel, features};
use burn::optim::{GradientsParams, ModuleOptimizer, SgdConfig};
use burn::tensor::{Device, Tensor, TensorData};
use serde::{Deserialize, Serialize};

/// Where a descent stopped before using all its steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StopReason {
    /// The gradient vanished: further steps would not move the coefficients.
    Converged,
    /// The loss blew up (non-finite, or far above the loss of predicting zero): the learning rate
    /// is too high.
    Diverged,
}

/// The loss and its gradient at one point of coefficient space.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub coefficients: Coefficients,
    pub loss: f32,
    /// ∂L/∂a, ∂L/∂b, ∂L/∂c, by autodiff.
    pub gradient: Coefficients,
}

impl Evaluation {
    fn is_finite(&self) -> bool {
        self.loss.is_finite() && self.coefficients.is_finite() && self.gradient.is_finite()
    }

    fn gradient_norm(&self) -> f32 {
        self.gradient
            .to_array()
            .iter()
            .map(|g| g * g)
            .sum::<f32>()
            .sqrt()
    }
}

/// The result of [`QuadraticFit::descend`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Descent {
    /// The start and every point reached after it, each with its loss and gradient; never a
    /// diverged point.
    pub visited: Vec<Evaluation>,
    /// Why it stopped early, if it did.
    pub stop: Option<StopReason>,
}

/// Fits `a·x² + b·x + c` to fixed points under one loss.
#[derive(Debug, Clone)]
pub struct QuadraticFit {
    device: Device,
    features: Tensor<2>,
    targets: Tensor<1>,
    loss: LossKind,
    /// Loss above this means divergence: a fixed multiple of the zero model's loss, so the test
    /// does not depend on the data's scale or on how a run is split into calls.
    divergence_threshold: f32,
}

impl QuadraticFit {
    /// Converged once ‖∇L‖ falls below this times max(1, L).
    const CONVERGED_GRADIENT: f32 = 1e-4;
    /// Diverged once L exceeds this times the loss of the zero model.
    const DIVERGENCE_RATIO: f32 = 1e4;

    pub fn new(points: &Points, loss: LossKind, device: &Device) -> Result<Self, EngineError> {
        if points.is_empty() || points.xs.len() != points.ys.len() {
            return Err(EngineError::InvalidInput(
                "the fit needs at least one point, with as many y as x".into(),
            ));
        }
        let divergence_threshold =
            Self::DIVERGENCE_RATIO * loss.loss_of_zero_model(&points.ys).max(1.0);
        Ok(Self {
            device: device.clone(),
            features: features(&points.xs, device),
            targets: Tensor::from_data(TensorData::new(points.ys.clone(), [points.len()]), device),
            loss,
            divergence_threshold,
        })
    }

    pub fn loss_kind(&self) -> LossKind {
        self.loss
    }

    pub(crate) fn device(&self) -> &Device {
        &self.device
    }

    pub(crate) fn features(&self) -> &Tensor<2> {
        &self.features
    }

    pub(crate) fn targets(&self) -> &Tensor<1> {
        &self.targets
    }

    /// The loss and its autodiff gradient at `coefficients`.
    pub async fn evaluate(&self, coefficients: Coefficients) -> Result<Evaluation, EngineError> {
        let model = QuadraticModel::new(coefficients, &self.device);
        let (readout, _) = self.forward_backward(&model);
        read_evaluation(readout).await
    }

    /// Up to `steps` steps of gradient descent from `start`: `p ← p − learning_rate·∇L(p)`.
    ///
    /// Stops early on convergence or divergence, and says which; a diverged point is never
    /// returned, so callers never see NaN or infinity.
    pub async fn descend(
        &self,
        start: Coefficients,
        learning_rate: f32,
        steps: usize,
    ) -> Result<Descent, EngineError> {
        crate::error::check_learning_rate(learning_rate)?;
        // Plain SGD keeps no state between steps, so a fresh optimizer per call changes nothing.
        let mut optimizer: ModuleOptimizer = SgdConfig::new().init();
        let mut model = QuadraticModel::new(start, &self.device);
        let mut visited = Vec::with_capacity(steps + 1);
        for step in 0..=steps {
            let (readout, gradients) = self.forward_backward(&model);
            let evaluation = read_evaluation(readout).await?;
            if !evaluation.is_finite() || evaluation.loss > self.divergence_threshold {
                return Ok(Descent {
                    visited,
                    stop: Some(StopReason::Diverged),
                });
            }
            visited.push(evaluation);
            if step > 0
                && evaluation.gradient_norm() <= Self::CONVERGED_GRADIENT * evaluation.loss.max(1.0)
            {
                return Ok(Descent {
                    visited,
                    stop: Some(StopReason::Converged),
                });
            }
            if step < steps {
                model = optimizer.step(f64::from(learning_rate), model, gradients);
            }
        }
        Ok(Descent {
            visited,
            stop: None,
        })
    }

    /// One forward and backward pass. Returns `[a, b, c, ∂L/∂a, ∂L/∂b, ∂L/∂c, L]` packed in one
    /// tensor, so the host reads the device once per step, and the gradients for the optimizer.
    fn forward_backward(&self, model: &QuadraticModel) -> (Tensor<1>, GradientsParams) {
        let predictions = model.forward(self.features.clone());
        let loss = self.loss.loss(predictions, self.targets.clone());
        let gradients = GradientsParams::from_grads(loss.backward(), model);
        let gradient = gradients
            .get::<1>(model.coefficients.id)
            .expect("the coefficients take part in the loss, so they have a gradient");
        let readout = Tensor::cat(
            vec![model.coefficients.val().inner(), gradient, loss.inner()],
            0,
        );
        (readout, gradients)
    }
}

async fn read_evaluation(readout: Tensor<1>) -> Result<Evaluation, EngineError> {
    let values = read_floats(readout).await?;
    let [a, b, c, da, db, dc, loss] = values[..] else {
        return Err(EngineError::Read(format!(
            "expected 7 values, got {}",
            values.len()
        )));
    };
    Ok(Evaluation {
        coefficients: Coefficients::new(a, b, c),
        loss,
        gradient: Coefficients::new(da, db, dc),
    })
}

/// Reads a tensor back to the host through the async API, which every backend supports.
pub(crate) async fn read_floats<const D: usize>(
    tensor: Tensor<D>,
) -> Result<Vec<f32>, EngineError> {
    tensor
        .into_data_async()
        .await
        .map_err(|e| EngineError::Read(format!("{e:?}")))?
        .try_to_vec::<f32>()
        .map_err(|e| EngineError::Read(format!("{e:?}")))
}
