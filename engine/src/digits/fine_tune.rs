//! "Teach it your digits": a trained model takes a few SGD steps on the learner's digits mixed
//! with MNIST's, and is scored on both before and after, so that what it learns, and what it
//! forgets, shows.

use super::fine_tuning::{BATCH, FineTuned, LEARNING_RATE, STEPS, Scores, TuneStage, mnist_mixed};
use super::trainer::DigitTrainer;
use super::{PlainNet, Task, TaskData, accuracy_on};
use crate::error::EngineError;
use crate::mnist::Digits;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand::seq::index;
use std::sync::Arc;

/// Batches trained between two calls of the caller's `between`.
const BATCHES_PER_TURN: usize = 4;

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
