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
use crate::run::{Run, RunPlan, Training};
use burn::optim::GradientsParams;
use burn::tensor::{Device, Tensor, TensorData};
use std::borrow::Borrow;

fn norm(v: Coefficients) -> f32 {
    v.to_array().iter().map(|g| g * g).sum::<f32>().sqrt()
}

/// One optimizer stepping on the quadratic, kept across calls: momentum's velocity and Adam's
/// moment estimates live in its optimizer, so each call carries on where the last one stopped
/// (an optimizer race runs several of these from the same start). It belongs to one fit.
pub struct OptimizerRun<'a> {
    fit: &'a QuadraticFit,
    model: QuadraticModel,
    optimizer: OptimizerState,
    /// The gradients at `model`, once a step has computed them with its readout.
    gradients: Option<GradientsParams>,
    /// A loss above this has blown up.
    limit: f32,
    /// Each point reached, with its loss and gradient; never one that blew up.
    pub reached: Vec<Evaluation>,
}

impl<'a> OptimizerRun<'a> {
    pub fn new(
        fit: &'a QuadraticFit,
        start: Coefficients,
        optimizer: Optimizer,
        limit: f32,
    ) -> Self {
        Self {
            fit,
            model: QuadraticModel::new(start, &fit.device),
            optimizer: OptimizerState::new(optimizer),
            gradients: None,
            limit,
            reached: Vec::new(),
        }
    }
}

impl Training for OptimizerRun<'_> {
    type Weights = QuadraticModel;

    /// Each step's loss is that of the point it reached; the steps end at a point that blew up,
    /// which is not kept.
    async fn train_steps(&mut self, rates: &[f32], _first: usize) -> Result<Vec<f32>, EngineError> {
        let mut losses = Vec::with_capacity(rates.len());
        for &rate in rates {
            let gradients = match self.gradients.take() {
                Some(gradients) => gradients,
                None => self.fit.forward_backward(&self.model).1,
            };
            let next = self
                .optimizer
                .step(f64::from(rate), self.model.clone(), gradients);
            // One pass reads the new point and gives the gradients for the step after it.
            let (readout, gradients) = self.fit.forward_backward(&next);
            let evaluation = read_evaluation(readout).await?;
            losses.push(evaluation.loss);
            if blew_up(self.limit, &evaluation) {
                break;
            }
            self.model = next;
            self.gradients = Some(gradients);
            self.reached.push(evaluation);
        }
        Ok(losses)
    }

    async fn held_out_loss(&mut self) -> Result<f32, EngineError> {
        Err(no_held_out())
    }

    fn weights(&self) -> QuadraticModel {
        self.model.clone()
    }

    fn restore(&mut self, weights: QuadraticModel) {
        self.model = weights;
        self.gradients = None;
    }

    fn diverged(&self, loss: f32) -> bool {
        loss_blew_up(self.limit, loss)
    }
}

/// Gradient descent from one point, as the lab's Step and Train take it: plain SGD whose
/// gradient is `∇L(p)` with a zeroed buffer, or the sum of every gradient so far without. It
/// holds its fit as `F` says (borrowed for one call, shared for a run kept between calls).
pub struct Descending<F: Borrow<QuadraticFit>> {
    fit: F,
    model: QuadraticModel,
    /// The autodiff gradients at `model`.
    gradients: GradientsParams,
    buffer: GradientBuffer,
    /// A loss above this has blown up.
    limit: f32,
    /// Where it is: its loss and gradient.
    at: Evaluation,
    /// Each point reached since the last [`Descending::take_reached`]; never one that blew up.
    reached: Vec<Evaluation>,
    settled: bool,
}

impl<F: Borrow<QuadraticFit>> Descending<F> {
    /// Starts at `from` with the gradient buffer as the last descent left it. Divergence is
    /// judged against `run_start_loss`, where the run began, or without one the loss at `from`.
    pub async fn start(
        fit: F,
        from: Coefficients,
        buffer: GradientBuffer,
        run_start_loss: Option<f32>,
    ) -> Result<Self, EngineError> {
        let model = QuadraticModel::new(from, &fit.borrow().device);
        let (readout, gradients) = fit.borrow().forward_backward(&model);
        let at = read_evaluation(readout).await?;
        let limit = QuadraticFit::divergence_threshold(run_start_loss.unwrap_or(at.loss));
        Ok(Self {
            fit,
            model,
            gradients,
            buffer,
            limit,
            at,
            reached: Vec::new(),
            settled: false,
        })
    }

    /// Where it is, with the loss and gradient there.
    pub fn at(&self) -> Evaluation {
        self.at
    }

    /// Whether the point it stands on has already blown up (a start far out, judged against a
    /// run that began nearer).
    pub fn blown_up(&self) -> bool {
        blew_up(self.limit, &self.at)
    }

    /// The points reached since the last call.
    pub fn take_reached(&mut self) -> Vec<Evaluation> {
        std::mem::take(&mut self.reached)
    }

    pub fn buffer(&self) -> GradientBuffer {
        self.buffer
    }

    /// The lesson's bug off (`zeroing`) or on from the next step; switching either way starts
    /// from an empty buffer.
    pub fn zero_grad(&mut self, zeroing: bool) {
        self.buffer = match (zeroing, self.buffer) {
            (true, _) => GradientBuffer::Zeroed,
            (false, GradientBuffer::Zeroed) => {
                GradientBuffer::Accumulating(Coefficients::new(0.0, 0.0, 0.0))
            }
            (false, kept) => kept,
        };
    }
}

impl<F: Borrow<QuadraticFit>> Training for Descending<F> {
    type Weights = QuadraticModel;

    /// Each step's loss is that of the point it reached; the steps end at a point that blew up
    /// (not kept) or where the descent settled.
    async fn train_steps(&mut self, rates: &[f32], _first: usize) -> Result<Vec<f32>, EngineError> {
        // Plain SGD keeps no state between steps.
        let mut optimizer = OptimizerState::new(Optimizer::Sgd);
        let mut losses = Vec::with_capacity(rates.len());
        for &rate in rates {
            let from = self.at;
            // The point's gradient joins the buffer with its step.
            self.buffer = self.buffer.after(from.gradient);
            let gradients = match self.buffer {
                GradientBuffer::Zeroed => std::mem::take(&mut self.gradients),
                GradientBuffer::Accumulating(sum) => {
                    self.fit.borrow().as_gradients(&self.model, sum)
                }
            };
            self.model = optimizer.step(f64::from(rate), self.model.clone(), gradients);
            let (readout, gradients) = self.fit.borrow().forward_backward(&self.model);
            let reached = read_evaluation(readout).await?;
            losses.push(reached.loss);
            if blew_up(self.limit, &reached) {
                break;
            }
            self.gradients = gradients;
            self.at = reached;
            self.reached.push(reached);
            let step_gradient = match self.buffer.after(reached.gradient) {
                GradientBuffer::Zeroed => reached.gradient,
                GradientBuffer::Accumulating(sum) => sum,
            };
            self.settled = reached.loss <= from.loss
                && norm(step_gradient) <= QuadraticFit::CONVERGED_GRADIENT * reached.loss.max(1.0);
            if self.settled {
                break;
            }
        }
        Ok(losses)
    }

    async fn held_out_loss(&mut self) -> Result<f32, EngineError> {
        Err(no_held_out())
    }

    fn weights(&self) -> QuadraticModel {
        self.model.clone()
    }

    fn restore(&mut self, weights: QuadraticModel) {
        self.model = weights;
    }

    fn diverged(&self, loss: f32) -> bool {
        loss_blew_up(self.limit, loss)
    }

    fn converged(&self) -> bool {
        self.settled
    }
}

/// Whether a loss is past a run's divergence `limit`, or not a number.
fn loss_blew_up(limit: f32, loss: f32) -> bool {
    !loss.is_finite() || loss > limit
}

/// Whether a point has blown up: its loss, or its coefficients, are no longer usable.
fn blew_up(limit: f32, evaluation: &Evaluation) -> bool {
    loss_blew_up(limit, evaluation.loss) || !evaluation.is_finite()
}

/// The quadratic's points are all training data: early stopping has nothing to watch.
fn no_held_out() -> EngineError {
    EngineError::InvalidInput("the quadratic's fit has no held-out points".into())
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
        buffer: GradientBuffer,
    ) -> Result<Descent, EngineError> {
        crate::error::check_learning_rate(learning_rate)?;
        let mut descending = Descending::start(self, start, buffer, run_start_loss).await?;
        if descending.blown_up() {
            return Ok(Descent {
                visited: Vec::new(),
                stop: Some(StopReason::Diverged),
                buffer,
            });
        }
        let first = descending.at();
        let end = match steps {
            0 => None,
            _ => {
                let plan = RunPlan {
                    limit: None,
                    ..RunPlan::constant(learning_rate, steps)
                };
                Run::new(plan).advance(&mut descending, steps).await?.end
            }
        };
        Ok(Descent {
            visited: std::iter::once(first)
                .chain(descending.take_reached())
                .collect(),
            stop: StopReason::of(end),
            buffer: descending.buffer(),
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
