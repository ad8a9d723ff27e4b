//! The Network playground's side of the worker: one network, kept between requests so the page
//! can train it in slices.

use crate::finder;
use crate::slices::run_slice;
use crate::{Context, LabHandler};
use engine::playground::{Dataset, PICTURE_RESOLUTION, PlaygroundTrainer};
use engine::run::{Run, RunPlan};
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
    /// The run since the reset (its batches, its end, early stopping's watch), from the first
    /// `Train` on.
    run: Option<Run<PlaygroundTrainer>>,
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
                *self.network.borrow_mut() = Some(Network { trainer, run: None });
                Ok(event)
            }
            Command::Train {
                optimizer,
                rate,
                batch_size,
                max_steps,
                limit,
                picture,
                patience,
            } => {
                let mut network = self.network.borrow_mut().take().ok_or_else(no_network)?;
                network.trainer.set_optimizer(optimizer);
                network.trainer.set_batch_size(batch_size);
                let plan = RunPlan {
                    rate,
                    limit,
                    patience,
                    check_every: 1,
                };
                match &mut network.run {
                    Some(run) => run.replan(plan),
                    None => network.run = Some(Run::new(plan)),
                }
                let result = train(&mut network, max_steps, picture).await;
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

/// A slice of the run: batches until the slice's time is up or the run ends.
async fn train(
    network: &mut Network,
    max_steps: usize,
    picture: bool,
) -> Result<Event, EngineError> {
    let run = network.run.as_mut().ok_or_else(no_network)?;
    run_slice(
        run,
        &mut network.trainer,
        SLICE_MS,
        max_steps,
        BATCHES_PER_READ,
    )
    .await?;
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
        steps: run.steps(),
        scores,
        picture,
        gradients,
        end: run.end(),
    })
}

impl LabHandler for Handler {
    type Command = Command;
    type Event = Event;

    async fn handle(&self, command: Command, context: &Context<'_>) -> Result<Event, EngineError> {
        self.respond(command, context.device, |event| context.progress(event))
            .await
    }
}
