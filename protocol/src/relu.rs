//! The ReLU lab's request: a fit of a sum of ReLUs, kept in the worker and advanced in slices.

use descent_core::Points;
use descent_core::optimizers::Optimizer;
use descent_core::relu::ReluSum;
use serde::{Deserialize, Serialize};

/// Where a new fit starts: the learner's units and the target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitStart {
    pub target: Points,
    pub start: ReluSum,
    pub optimizer: Optimizer,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// Up to `max_steps` more steps, for a slice of time; `from` starts a new fit.
    Fit {
        from: Option<FitStart>,
        learning_rate: f32,
        max_steps: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// Where the fit is, after `steps` steps in all.
    Fitted { sum: ReluSum, steps: usize },
}
