//! The ReLU lab's request: a fit of a sum of ReLUs, kept in the worker and advanced in slices.

use descent_core::Points;
use descent_core::optimizers::Optimizer;
use descent_core::relu::ReluSum;
use descent_core::run::RunEnd;
use serde::{Deserialize, Serialize};

/// A new fit: the learner's units and the target, and how it trains.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitStart {
    pub target: Points,
    pub start: ReluSum,
    pub optimizer: Optimizer,
    pub learning_rate: f32,
    /// The run's length in steps.
    pub steps: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// A slice of time of the fit; `from` starts a new one.
    Fit { from: Option<FitStart> },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// Where the fit is, after `steps` steps in all, and how it ended if it has.
    Fitted {
        sum: ReluSum,
        steps: usize,
        end: Option<RunEnd>,
    },
}
