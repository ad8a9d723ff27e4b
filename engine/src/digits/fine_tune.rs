//! "Teach it your digits": a trained model takes a few SGD steps on the learner's digits mixed
//! with MNIST's, and is scored on both before and after, so that what it learns, and what it
//! forgets, shows.

use super::inference::PlainNet;
use super::task::{Task, TaskData};
use super::trainer::DigitTrainer;
use crate::error::EngineError;
use crate::mnist::Digits;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand::seq::index;
use std::sync::Arc;

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

/// Batches trained between two calls of the caller's `between`.
const BATCHES_PER_TURN: usize = 4;

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

/// Fine-tunes `net` on `own` digits mixed with MNIST training digits drawn with `seed`,
/// awaiting `between` with the stage reached now and then (a worker gives its event loop a turn
/// there, and tells the page).
pub async fn fine_tune(
    net: &PlainNet,
    own: &Digits,
    mnist: &TaskData,
    seed: u64,
    device: &burn::tensor::Device,
    mut between: impl AsyncFnMut(TuneStage),
) -> Result<FineTuned, EngineError> {
    if net.task != Task::AllDigits || mnist.task != Task::AllDigits {
        return Err(EngineError::InvalidInput(
            "only a model of all ten digits can learn your digits".into(),
        ));
    }
    if own.is_empty() {
        return Err(EngineError::InvalidInput(
            "label a few digits first: there is nothing to learn from".into(),
        ));
    }
    let mixed = mnist_mixed(own.len()).min(mnist.train.len());
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let picked = index::sample(&mut rng, mnist.train.len(), mixed).into_vec();
    let data = Arc::new(TaskData {
        task: Task::AllDigits,
        train: mnist.train.picked_then(&picked, own),
        valid: mnist.valid.clone(),
    });
    let mut trainer = DigitTrainer::from_plain(net, data, seed, device)?;
    let before = Scores {
        own: accuracy_on(net, own)?,
        mnist: trainer
            .validate_with(async || between(TuneStage::ScoringBefore).await)
            .await?
            .accuracy,
    };
    let mut steps = 0;
    while steps < STEPS {
        let turn = BATCHES_PER_TURN.min(STEPS - steps);
        let chunk = trainer.train(LEARNING_RATE, BATCH, turn).await?;
        steps += chunk.batches.len();
        between(TuneStage::Stepping { done: steps }).await;
        if chunk.diverged {
            return Err(EngineError::InvalidInput(
                "the loss blew up while learning your digits".into(),
            ));
        }
    }
    let tuned = trainer.export().await?;
    let after = Scores {
        own: accuracy_on(&tuned, own)?,
        mnist: trainer
            .validate_with(async || between(TuneStage::ScoringAfter).await)
            .await?
            .accuracy,
    };
    Ok(FineTuned {
        net: tuned,
        before,
        after,
        steps,
        mnist_mixed: mixed,
    })
}
