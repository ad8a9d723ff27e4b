//! Gradient descent on the quadratic: autodiff for the gradient, burn's SGD for the update.

use super::loss::TensorLoss;
use super::{
    Coefficients, DIVERGENCE_RATIO, Descent, Evaluation, GradientBuffer, LossKind, QuadraticModel,
    StopReason, features,
};
use crate::error::EngineError;
use crate::host::read_floats;
use crate::optimizers::{Optimizer, OptimizerState};
use crate::points::Points;
use burn::optim::GradientsParams;
use burn::tensor::{Device, Tensor, TensorData};

fn norm(v: Coefficients) -> f32 {
    v.to_array().iter().map(|g| g * g).sum::<f32>().sqrt()
}

/// A run of one optimizer on the quadratic, kept across calls: momentum's velocity and Adam's
/// moment estimates live in its optimizer, so each call carries on where the last one stopped
/// (an optimizer race runs several of these from the same start). A run belongs to one fit.
pub struct OptimizerRun {
    model: QuadraticModel,
    optimizer: OptimizerState,
    /// The gradients at `model`, once a step has computed them with its readout.
    gradients: Option<GradientsParams>,
}

impl OptimizerRun {
    pub fn new(start: Coefficients, optimizer: Optimizer, device: &Device) -> Self {
        Self {
            model: QuadraticModel::new(start, device),
            optimizer: OptimizerState::new(optimizer),
            gradients: None,
        }
    }

    /// Takes `steps` steps at `learning_rate` and returns the point each reached, with its loss
    /// and gradient. Stops before a point whose loss or coefficients are not finite.
    pub async fn steps(
        &mut self,
        fit: &QuadraticFit,
        learning_rate: f32,
        steps: usize,
    ) -> Result<Vec<Evaluation>, EngineError> {
        crate::error::check_learning_rate(learning_rate)?;
        let mut reached = Vec::with_capacity(steps);
        for _ in 0..steps {
            let gradients = match self.gradients.take() {
                Some(gradients) => gradients,
                None => fit.forward_backward(&self.model).1,
            };
            let next = self
                .optimizer
                .step(f64::from(learning_rate), self.model.clone(), gradients);
            // One pass reads the new point and gives the gradients for the step after it.
            let (readout, gradients) = fit.forward_backward(&next);
            let evaluation = read_evaluation(readout).await?;
            if !evaluation.is_finite() {
                break;
            }
            self.model = next;
            self.gradients = Some(gradients);
            reached.push(evaluation);
        }
        Ok(reached)
    }
}

/// Fits `a·x² + b·x + c` to fixed points under one loss.
#[derive(Debug, Clone)]
pub struct QuadraticFit {
    device: Device,
    features: Tensor<2>,
    targets: Tensor<1>,
    loss: LossKind,
    points: Points,
}

impl QuadraticFit {
    /// Converged once ‖∇L‖ falls below this times max(1, L), on a step that did not raise the
    /// loss: far from the data, a blow-up passes through gradients small beside a huge loss.
    const CONVERGED_GRADIENT: f32 = 1e-4;

    pub fn new(points: &Points, loss: LossKind, device: &Device) -> Result<Self, EngineError> {
        if points.is_empty() || points.xs.len() != points.ys.len() {
            return Err(EngineError::InvalidInput(
                "the fit needs at least one point, with as many y as x".into(),
            ));
        }
        Ok(Self {
            device: device.clone(),
            features: features(&points.xs, device),
            targets: Tensor::from_data(TensorData::new(points.ys.clone(), [points.len()]), device),
            loss,
            points: points.clone(),
        })
    }

    pub fn points(&self) -> &Points {
        &self.points
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

    /// Up to `steps` steps of gradient descent from `start`: `p ← p − learning_rate·g`, where
    /// `g` is `∇L(p)` with a zeroed `buffer`, or the sum of every gradient so far without.
    ///
    /// Stops early on convergence or divergence, and says which; a diverged point is never
    /// returned, so callers never see NaN or infinity. `run_start_loss` is the loss where the
    /// run began, for a run split into calls; `None` means it begins at `start`.
    pub async fn descend(
        &self,
        start: Coefficients,
        learning_rate: f32,
        steps: usize,
        run_start_loss: Option<f32>,
        mut buffer: GradientBuffer,
    ) -> Result<Descent, EngineError> {
        crate::error::check_learning_rate(learning_rate)?;
        let mut divergence_threshold = run_start_loss.map(Self::divergence_threshold);
        // Plain SGD keeps no state between steps, so a fresh optimizer per call changes nothing.
        let mut optimizer = OptimizerState::new(Optimizer::Sgd);
        let mut model = QuadraticModel::new(start, &self.device);
        let mut visited = Vec::with_capacity(steps + 1);
        for step in 0..=steps {
            let (readout, gradients) = self.forward_backward(&model);
            let evaluation = read_evaluation(readout).await?;
            let threshold =
                *divergence_threshold.get_or_insert(Self::divergence_threshold(evaluation.loss));
            if !evaluation.is_finite() || evaluation.loss > threshold {
                return Ok(Descent {
                    visited,
                    stop: Some(StopReason::Diverged),
                    buffer,
                });
            }
            let settling = visited
                .last()
                .is_some_and(|previous: &Evaluation| evaluation.loss <= previous.loss);
            visited.push(evaluation);
            // The last point's gradient joins the buffer only with its step: the next call
            // evaluates that point again.
            let with_this = buffer.after(evaluation.gradient);
            let step_gradient = match with_this {
                GradientBuffer::Zeroed => evaluation.gradient,
                GradientBuffer::Accumulating(sum) => sum,
            };
            if settling
                && norm(step_gradient) <= Self::CONVERGED_GRADIENT * evaluation.loss.max(1.0)
            {
                return Ok(Descent {
                    visited,
                    stop: Some(StopReason::Converged),
                    buffer,
                });
            }
            if step < steps {
                buffer = with_this;
                let gradients = match buffer {
                    GradientBuffer::Zeroed => gradients,
                    GradientBuffer::Accumulating(sum) => self.as_gradients(&model, sum),
                };
                model = optimizer.step(f64::from(learning_rate), model, gradients);
            }
        }
        Ok(Descent {
            visited,
            stop: None,
            buffer,
        })
    }

    /// `gradient` as the optimizer's input for `model`'s coefficients.
    fn as_gradients(&self, model: &QuadraticModel, gradient: Coefficients) -> GradientsParams {
        let mut gradients = GradientsParams::new();
        let values = TensorData::from(gradient.to_array());
        gradients.register(
            model.coefficients.id,
            Tensor::<1>::from_data(values, &self.device),
        );
        gradients
    }

    fn divergence_threshold(run_start_loss: f32) -> f32 {
        DIVERGENCE_RATIO * run_start_loss.max(1.0)
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
