//! How "Teach it your digits" fine-tunes: its steps, batch and rate, the MNIST digits mixed in,
//! and the scores before and after (the engine fine-tunes).

use super::inference::PlainNet;
use crate::error::EngineError;
use crate::mnist::Digits;

/// MNIST digits mixed in per digit of the learner's, and at least, so the model keeps seeing
/// MNIST: with two digits of the learner's and six of MNIST's, 30 steps took it from 99% to 70%
/// on MNIST's test digits.
pub const MNIST_PER_OWN: usize = 3;
pub const MNIST_AT_LEAST: usize = 96;
/// SGD steps taken, each on a mini-batch of up to `BATCH` from the mix, at `LEARNING_RATE`.
pub const STEPS: usize = 30;
pub const BATCH: usize = 32;
pub const LEARNING_RATE: f32 = 0.05;

/// Accuracy on the learner's digits and on MNIST's 10,000 test digits.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Scores {
    pub own: f32,
    pub mnist: f32,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FineTuned {
    pub net: PlainNet,
    pub before: Scores,
    pub after: Scores,
    /// The SGD steps taken, and the MNIST digits mixed in.
    pub steps: usize,
    pub mnist_mixed: usize,
}

/// The share of `digits` the net reads right.
pub fn accuracy_on(net: &PlainNet, digits: &Digits) -> Result<f32, EngineError> {
    let mut correct = 0;
    for i in 0..digits.len() {
        if net.predict(&digits.inputs(&[i]))? == digits.label(i) {
            correct += 1;
        }
    }
    Ok(correct as f32 / digits.len().max(1) as f32)
}

/// How many MNIST digits are mixed with `own` digits of the learner's.
pub fn mnist_mixed(own: usize) -> usize {
    (own * MNIST_PER_OWN).max(MNIST_AT_LEAST)
}

/// Where a fine-tuning is, told to the caller between slices of its work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TuneStage {
    /// Scoring the model as it was on MNIST's test digits.
    ScoringBefore,
    /// SGD steps done, of [`STEPS`].
    Stepping { done: usize },
    /// Scoring the fine-tuned model on MNIST's test digits.
    ScoringAfter,
}
