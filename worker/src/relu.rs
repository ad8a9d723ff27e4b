//! The ReLU lab's side of the worker: one fit and its run, kept between requests so the page can
//! fit in slices and show the hinges moving.

use crate::slices::run_slice;
use crate::{Context, LabHandler};
use engine::relu::{ReluFit, ReluNet};
use engine::run::{Run, RunPlan};
use engine::{Device, EngineError};
use protocol::relu::{Command, Event};
use std::cell::RefCell;

/// A fit request runs about this long before answering, so the plot follows the fit.
const SLICE_MS: f64 = 25.0;
/// Steps between reads of the units inside a slice.
const STEPS_PER_READ: usize = 10;

#[derive(Default)]
pub struct Handler {
    fit: RefCell<Option<(ReluFit, Run<ReluNet>)>>,
}

impl Handler {
    async fn respond(&self, command: Command, device: &Device) -> Result<Event, EngineError> {
        let Command::Fit { from } = command;
        // Taken out while it runs, so no borrow is held across an await; a fit that failed is
        // not put back.
        let (mut fit, mut run) = match from {
            Some(from) => (
                ReluFit::new(&from.target, &from.start, from.optimizer, device)?,
                Run::new(RunPlan::constant(from.learning_rate, from.steps)),
            ),
            None => self.fit.borrow_mut().take().ok_or_else(|| {
                EngineError::InvalidInput("there is no fit to go on with: press Fit".into())
            })?,
        };
        run_slice(&mut run, &mut fit, SLICE_MS, usize::MAX, STEPS_PER_READ).await?;
        let event = Event::Fitted {
            sum: fit.sum().await?,
            steps: run.steps(),
            end: run.end(),
        };
        *self.fit.borrow_mut() = Some((fit, run));
        Ok(event)
    }
}

impl LabHandler for Handler {
    type Command = Command;
    type Event = Event;

    async fn handle(&self, command: Command, context: &Context<'_>) -> Result<Event, EngineError> {
        self.respond(command, context.device).await
    }
}
