//! What a descent on the quadratic reports: each point it reached, and why it stopped.

use super::{Coefficients, LossGraph, LossKind};
use crate::points::Points;
use crate::run::RunEnd;
use serde::{Deserialize, Serialize};

/// A run has diverged once its loss exceeds this times the loss where it started (or 1, if that
/// is smaller): relative, so a far-away start with a small rate steps normally.
pub const DIVERGENCE_RATIO: f32 = 1e4;

/// Where a descent stopped before using all its steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StopReason {
    /// The gradient vanished: further steps would not move the coefficients.
    Converged,
    /// The loss blew up (non-finite, or far above where the run started): the learning rate is
    /// too high.
    Diverged,
    /// The run took every step it may.
    StepLimit,
}

impl StopReason {
    /// Why a run ended, as its owner (`engine::run`) says.
    pub fn of(end: Option<RunEnd>) -> Option<Self> {
        match end? {
            RunEnd::Converged => Some(Self::Converged),
            RunEnd::Diverged => Some(Self::Diverged),
            RunEnd::Limit => Some(Self::StepLimit),
            // The quadratic has no held-out points to stop early on.
            RunEnd::EarlyStopped(_) => None,
        }
    }
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
    /// The loss and its gradient at `at`, computed on the host in f64 by the loss graph's own
    /// backward pass: what the page shows before an engine has answered.
    pub fn on_host(points: &Points, loss: LossKind, at: Coefficients) -> Self {
        let graph = LossGraph::new(points, loss, at);
        Self {
            coefficients: at,
            loss: graph.loss() as f32,
            gradient: Coefficients::from_array(graph.parameter_gradient().map(|g| g as f32)),
        }
    }

    pub fn is_finite(&self) -> bool {
        self.loss.is_finite() && self.coefficients.is_finite() && self.gradient.is_finite()
    }
}

/// What the coefficients' `.grad` holds when a backward pass adds the new gradient to it.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub enum GradientBuffer {
    /// Zeroed before every backward pass, as `zero_grad()` does: each step uses the gradient
    /// at its own point.
    #[default]
    Zeroed,
    /// Never zeroed: the lesson's loop without `zero_grad()`. Each backward adds to what the
    /// earlier steps left, so a step moves by the sum of every gradient so far.
    Accumulating(Coefficients),
}

impl GradientBuffer {
    /// The buffer after a backward pass that computed `gradient`.
    pub fn after(self, gradient: Coefficients) -> Self {
        match self {
            Self::Zeroed => Self::Zeroed,
            Self::Accumulating(sum) => {
                let [a, b, c] = sum.to_array();
                Self::Accumulating(Coefficients::new(
                    a + gradient.a,
                    b + gradient.b,
                    c + gradient.c,
                ))
            }
        }
    }
}

/// The result of a descent (the engine's `QuadraticFit::descend`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Descent {
    /// The start and every point reached after it, each with its loss and gradient; never a
    /// diverged point.
    pub visited: Vec<Evaluation>,
    /// Why it stopped early, if it did.
    pub stop: Option<StopReason>,
    /// The gradient buffer after the last step taken, for the next call to carry on from.
    pub buffer: GradientBuffer,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_evaluation_by_hand() {
        // Points (0, 1) and (1, 1) at a = b = c = 0: residuals −1 and −1, so the MSE is 1 and
        // ∂L/∂p = 2·mean(r·φ) for features φ = (x², x, 1): (−1, −1, −2). The MAE is 1 too, with
        // ∂L/∂p = mean(sign(r)·φ) = (−½, −½, −1).
        let points = Points {
            xs: vec![0.0, 1.0],
            ys: vec![1.0, 1.0],
        };
        let zero = Coefficients::new(0.0, 0.0, 0.0);
        let mse = Evaluation::on_host(&points, LossKind::Mse, zero);
        assert_eq!(mse.coefficients, zero);
        assert_eq!(mse.loss, 1.0);
        assert_eq!(mse.gradient, Coefficients::new(-1.0, -1.0, -2.0));
        let mae = Evaluation::on_host(&points, LossKind::Mae, zero);
        assert_eq!(mae.loss, 1.0);
        assert_eq!(mae.gradient, Coefficients::new(-0.5, -0.5, -1.0));
    }
}
