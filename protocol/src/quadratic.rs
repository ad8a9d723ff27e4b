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
    /// Up to `steps` gradient-descent steps. Step sends 1; Train sends a few per animation frame
    /// while the last has been answered. `run_start_loss` is where the run began (`None` on its
    /// first call): divergence is judged against it. `buffer` is the gradient buffer the last
    /// call left: zeroed, or accumulating when the learner forgets to zero it.
    Descend {
        from: Coefficients,
        learning_rate: f32,
        steps: usize,
        run_start_loss: Option<f32>,
        buffer: GradientBuffer,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    ProblemSet,
    Evaluated(Evaluation),
    /// The points a `Descend` visited, the first being where it started.
    Descended(Descent),
    Surface(LossSurface),
    Raced(Race),
}
