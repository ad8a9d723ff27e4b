//! The Network playground's side of the worker: one network, kept between requests so the page
//! can train it in slices.

use crate::clock::Slice;
use crate::finder;
use engine::playground::{Dataset, PICTURE_RESOLUTION, PlaygroundTrainer};
use engine::{Device, EngineError};
use protocol::playground::{Command, Event};
use std::cell::RefCell;

/// A `Train` runs about this long before answering: short enough that the display follows at
/// least every other frame.
const SLICE_MS: f64 = 25.0;
/// Batches between reads of the losses inside a slice.
const BATCHES_PER_READ: usize = 5;

#[derive(Default)]
pub struct PlaygroundLab {
    network: RefCell<Option<Network>>,
}

struct Network {
    trainer: PlaygroundTrainer,
    /// Batches since the reset.
    steps: usize,
}

impl PlaygroundLab {
    pub async fn handle(
        &self,
        command: Command,
        device: &Device,
        progress: impl Fn(Event),
    ) -> Result<Event, EngineError> {
        match command {
            Command::Reset { data, network } => {
                self.network.borrow_mut().take();
                let dataset = Dataset::generate(data);
                let classify = !data.kind.is_regression();
                let trainer = PlaygroundTrainer::new(network, dataset.clone(), classify, device)?;
                let event = Event::Ready {
                    data: dataset,
                    scores: trainer.scores().await?,
                    picture: trainer.picture(PICTURE_RESOLUTION).await?,
                    gradients: trainer.gradient_sizes().await?,
                };
                *self.network.borrow_mut() = Some(Network { trainer, steps: 0 });
                Ok(event)
            }
            Command::Train {
                learning_rate,
                batch_size,
                max_steps,
                picture,
            } => {
                let mut network = self.network.borrow_mut().take().ok_or_else(no_network)?;
                let result =
                    train(&mut network, learning_rate, batch_size, max_steps, picture).await;
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

async fn train(
    network: &mut Network,
    learning_rate: f32,
    batch_size: usize,
    max_steps: usize,
    picture: bool,
) -> Result<Event, EngineError> {
    let mut slice = Slice::new(SLICE_MS, max_steps);
    while let Some(batches) = slice.next(BATCHES_PER_READ) {
        let losses = network
            .trainer
            .train(learning_rate, batch_size, batches)
            .await?;
        if losses.iter().any(|l| !l.is_finite()) {
            break;
        }
    }
    network.steps += slice.taken();
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
    })
}
