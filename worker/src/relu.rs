//! The ReLU lab's side of the worker: one fit, kept between requests so the page can fit in
//! slices and show the hinges moving.

use crate::clock::Slice;
use crate::{Context, LabHandler};
use engine::relu::ReluFit;
use engine::{Device, EngineError};
use protocol::relu::{Command, Event};
use std::cell::RefCell;

/// A fit request runs about this long before answering, so the plot follows the fit.
const SLICE_MS: f64 = 25.0;
/// Steps between reads of the units inside a slice.
const STEPS_PER_READ: usize = 10;

#[derive(Default)]
pub struct Handler {
    fit: RefCell<Option<ReluFit>>,
}

impl Handler {
    async fn respond(&self, command: Command, device: &Device) -> Result<Event, EngineError> {
        let Command::Fit {
            from,
            learning_rate,
            max_steps,
        } = command;
        // Taken out while it runs, so no borrow is held across an await; a fit that failed is
        // not put back.
        let mut fit = match from {
            Some(from) => ReluFit::new(&from.target, &from.start, from.optimizer, device)?,
            None => self.fit.borrow_mut().take().ok_or_else(|| {
                EngineError::InvalidInput("there is no fit to go on with: press Fit".into())
            })?,
        };
        let mut slice = Slice::new(SLICE_MS, max_steps);
        let mut sum = None;
        while let Some(steps) = slice.next(STEPS_PER_READ) {
            sum = Some(fit.run(learning_rate, steps).await?);
        }
        let sum = sum.ok_or_else(|| {
            EngineError::InvalidInput("a slice of the fit takes at least one step".into())
        })?;
        let steps = fit.steps();
        *self.fit.borrow_mut() = Some(fit);
        Ok(Event::Fitted { sum, steps })
    }
}

impl LabHandler for Handler {
    type Command = Command;
    type Event = Event;

    async fn handle(&self, command: Command, context: &Context<'_>) -> Result<Event, EngineError> {
        self.respond(command, context.device).await
    }
}
