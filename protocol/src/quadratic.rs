//! The Quadratic lab's requests: the loss and gradient at a point, descent, and the loss surface.

use descent_core::Points;
use descent_core::quadratic::{
    Coefficients, Descent, Evaluation, GradientBuffer, LossKind, LossSurface, Race, Racer,
    SurfaceSpec,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// Fit these points under this loss from now on.
    SetProblem { points: Points, loss: LossKind },
    /// The loss and gradient at a point.
    Evaluate { at: Coefficients },
    /// Up to `steps` more gradient-descent steps of the run the worker holds, or of a new one
    /// from `start`. Step starts a run of one step; Train a run to its limit, a few steps per
    /// animation frame while the last have been answered. `zero_grad` off is the lesson's bug:
    /// the gradient buffer keeps every gradient so far.
    Descend {
        start: Option<DescentStart>,
        learning_rate: f32,
        steps: usize,
        zero_grad: bool,
    },
    /// The loss over a grid of two coefficients.
    Surface { spec: SurfaceSpec },
    /// Each racer `steps` steps from `from`, each with its own optimizer state.
    Race {
        from: Coefficients,
        racers: Vec<Racer>,
        steps: usize,
    },
}

/// Where a descent run starts; divergence is judged against the loss there.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DescentStart {
    pub from: Coefficients,
    /// The gradient buffer the last descent left: zeroed, or accumulating when the learner
    /// forgets to zero it.
    pub buffer: GradientBuffer,
    /// The most steps the run takes; `None` for as many as are asked.
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    ProblemSet,
    Evaluated(Evaluation),
    /// The points a `Descend` visited, the first being where it started, and why the run
    /// ended if it did.
    Descended(Descent),
    Surface(LossSurface),
    Raced(Race),
}
