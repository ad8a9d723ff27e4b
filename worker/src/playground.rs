//! The Network playground's side of the worker: one network, kept between requests so the page
//! can train it in slices.

use crate::clock::Slice;
use crate::finder;
use crate::{Context, LabHandler};
use engine::early_stopping::{EarlyStopping, Stopped, Verdict};
use engine::optimizers::Optimizer;
use engine::playground::{Dataset, PICTURE_RESOLUTION, PlaygroundTrainer};
use engine::schedules::RatePlan;
use engine::{Device, EngineError};
use protocol::playground::{Command, Event};
use std::cell::RefCell;

/// A `Train` runs about this long before answering: short enough that the display follows at
/// least every other frame.
const SLICE_MS: f64 = 25.0;
/// Batches between reads of the losses inside a slice.
const BATCHES_PER_READ: usize = 5;

#[derive(Default)]
pub struct Handler {
    network: RefCell<Option<Network>>,
}

struct Network {
    trainer: PlaygroundTrainer,
    /// Batches since the reset.
    steps: usize,
    /// Early stopping's watch on the test loss, from the first batch trained with it on.
    watch: Option<EarlyStopping<PlaygroundTrainer>>,
}

/// How a `Train` trains.
struct Plan {
    optimizer: Optimizer,
    rate: RatePlan,
    batch_size: usize,
    max_steps: usize,
    patience: usize,
}

impl Handler {
    async fn respond(
        &self,
        command: Command,
        device: &Device,
        progress: impl Fn(Event),
    ) -> Result<Event, EngineError> {
        match command {
            Command::Reset { data, own, network } => {
                self.network.borrow_mut().take();
                let (dataset, classify) = match own {
                    Some(own) if own.len() < 2 => {
                        return Err(EngineError::InvalidInput(
                            "the playground needs at least two points: draw some more".into(),
                        ));
                    }
                    Some(own) => (own.dataset(data.train_ratio, data.seed), !own.regression),
                    None => (Dataset::generate(data), !data.kind.is_regression()),
                };
                let trainer = PlaygroundTrainer::new(network, dataset.clone(), classify, device)?;
                let event = Event::Ready {
                    data: dataset,
                    scores: trainer.scores().await?,
                    picture: trainer.picture(PICTURE_RESOLUTION).await?,
                    gradients: trainer.gradient_sizes().await?,
                };
                *self.network.borrow_mut() = Some(Network {
                    trainer,
                    steps: 0,
                    watch: None,
                });
                Ok(event)
            }
            Command::Train {
                optimizer,
                rate,
                batch_size,
                max_steps,
                picture,
                patience,
            } => {
                let mut network = self.network.borrow_mut().take().ok_or_else(no_network)?;
                let plan = Plan {
                    optimizer,
                    rate,
                    batch_size,
                    max_steps,
                    patience,
                };
                let result = train(&mut network, plan, picture).await;
                *self.network.borrow_mut() = Some(network);
                result
            }
            Command::FindRate => {
                let mut fork = self
                    .network
                    .borrow()
                    .as_ref()
                    .map(|n| n.trainer.clone())
                    .ok_or_else(no_network)?;
                let curve =
                    finder::sweep(&mut fork, |batches| progress(Event::Finding { batches }))
                        .await?;
                Ok(Event::Rates(curve))
            }
            Command::Trace { point } => {
                let network = self.network.borrow_mut().take().ok_or_else(no_network)?;
                let result = network.trainer.trace(point).await;
                *self.network.borrow_mut() = Some(network);
                Ok(Event::Traced(result?))
            }
        }
    }
}

fn no_network() -> EngineError {
    EngineError::InvalidInput("there is no network yet: press Reset".into())
}

async fn train(network: &mut Network, plan: Plan, picture: bool) -> Result<Event, EngineError> {
    network.trainer.set_optimizer(plan.optimizer);
    if plan.patience == 0 {
        network.watch = None;
    }
    // With early stopping on, the test loss is checked after every batch.
    let per_read = match plan.patience {
        0 => BATCHES_PER_READ,
        _ => 1,
    };
    let mut slice = Slice::new(SLICE_MS, plan.max_steps);
    let mut stopped = None;
    while let Some(batches) = slice.next(per_read) {
        let losses = network
            .trainer
            .train_planned(&plan.rate, network.steps, plan.batch_size, batches)
            .await?;
        network.steps += batches;
        if losses.iter().any(|l| !l.is_finite()) {
            break;
        }
        if plan.patience > 0 {
            stopped = check_test_loss(network, plan.patience).await?;
            if stopped.is_some() {
                break;
            }
        }
    }
    let scores = network.trainer.scores().await?;
    let (picture, gradients) = match scores.diverged() {
        true => (None, Vec::new()),
        false => (
            match picture {
                true => Some(network.trainer.picture(PICTURE_RESOLUTION).await?),
                false => None,
            },
            network.trainer.gradient_sizes().await?,
        ),
    };
    Ok(Event::Trained {
        steps: network.steps,
        scores,
        picture,
        gradients,
        stopped,
    })
}

/// Early stopping's check after a batch; when it says stop, the best network comes back.
async fn check_test_loss(
    network: &mut Network,
    patience: usize,
) -> Result<Option<Stopped>, EngineError> {
    let test_loss = network.trainer.scores().await?.test_loss;
    let watch = network
        .watch
        .get_or_insert_with(|| EarlyStopping::new(patience));
    if watch.check(f64::from(test_loss), &network.trainer, network.steps) != Verdict::Stop {
        return Ok(None);
    }
    let stopped = watch.stopped(network.steps);
    if let Some(best) = network.watch.take().and_then(|w| w.best().cloned()) {
        network.trainer = best.weights;
    }
    Ok(stopped)
}

impl LabHandler for Handler {
    type Command = Command;
    type Event = Event;

    async fn handle(&self, command: Command, context: &Context<'_>) -> Result<Event, EngineError> {
        self.respond(command, context.device, |event| context.progress(event))
            .await
    }
}
