//! The Tensors lab's side of the worker: stacks of one digit from MNIST as the Digits lab loaded
//! it (this worker is that lab's), and their distances from the mean timed two ways.

use crate::clock::precise_now;
use crate::digits::loaded;
use crate::{Context, LabHandler};
use descent_core::tensors;
use engine::host::read_floats;
use engine::mnist::PIXELS;
use engine::tensors::{l1_distances, mean_image, stack_tensor};
use engine::{Device, EngineError};
use protocol::tensors::{Command, DistanceTimes, Event};

#[derive(Default)]
pub struct Handler;

/// The training images of `digit`, image after image.
fn stack(digit: u8) -> Result<Vec<u8>, EngineError> {
    if digit > 9 {
        return Err(EngineError::InvalidInput(format!("{digit} is not a digit")));
    }
    Ok(loaded()?.train.of_classes(&[digit]).pixels().to_vec())
}

async fn time_distances(digit: u8, device: &Device) -> Result<DistanceTimes, EngineError> {
    let pixels = stack(digit)?;
    // Both ways start from the same mean, and from the stack where each keeps it.
    let stack = stack_tensor(&pixels, device);
    let mean = mean_image(stack.clone());
    let mean_values = read_floats(mean.clone()).await?;
    let started = precise_now();
    let looped = tensors::l1_distances(&pixels, &mean_values);
    let looped_ms = precise_now() - started;
    let started = precise_now();
    let distances = read_floats(l1_distances(stack, mean)).await?;
    let vectorised_ms = precise_now() - started;
    let disagreement = looped
        .iter()
        .zip(&distances)
        .fold(0.0f32, |most, (a, b)| most.max((a - b).abs()));
    Ok(DistanceTimes {
        digit,
        looped_ms,
        vectorised_ms,
        distances,
        disagreement,
    })
}

impl LabHandler for Handler {
    type Command = Command;
    type Event = Event;

    async fn handle(&self, command: Command, context: &Context<'_>) -> Result<Event, EngineError> {
        match command {
            Command::Stack { digit } => {
                let pixels = stack(digit)?;
                Ok(Event::Stack {
                    digit,
                    count: pixels.len() / PIXELS,
                    pixels,
                })
            }
            Command::TimeDistances { digit } => Ok(Event::Distances(
                time_distances(digit, context.device).await?,
            )),
        }
    }
}
