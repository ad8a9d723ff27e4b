//! The Quadratic lab's side of the worker: the fit of the current points.

use crate::{Context, LabHandler};
use engine::quadratic::{QuadraticFit, race};
use engine::{Device, EngineError};
use protocol::quadratic::{Command, Event};
use std::cell::RefCell;
use std::rc::Rc;

#[derive(Default)]
pub struct Handler {
    fit: RefCell<Option<Rc<QuadraticFit>>>,
}

impl Handler {
    async fn respond(&self, command: Command, device: &Device) -> Result<Event, EngineError> {
        // A clone of the fit, so no borrow is held across an await.
        let fit = || {
            self.fit
                .borrow()
                .clone()
                .ok_or_else(|| EngineError::InvalidInput("no data to fit yet".into()))
        };
        Ok(match command {
            Command::SetProblem { points, loss } => {
                *self.fit.borrow_mut() = Some(Rc::new(QuadraticFit::new(&points, loss, device)?));
                Event::ProblemSet
            }
            Command::Evaluate { at } => Event::Evaluated(fit()?.evaluate(at).await?),
            Command::Descend {
                from,
                learning_rate,
                steps,
                run_start_loss,
                buffer,
            } => Event::Descended(
                fit()?
                    .descend(from, learning_rate, steps, run_start_loss, buffer)
                    .await?,
            ),
            Command::Surface { spec } => Event::Surface(fit()?.surface(spec).await?),
            Command::Race {
                from,
                racers,
                steps,
            } => Event::Raced(race(fit()?.as_ref(), from, &racers, steps).await?),
        })
    }
}

impl LabHandler for Handler {
    type Command = Command;
    type Event = Event;

    async fn handle(&self, command: Command, context: &Context<'_>) -> Result<Event, EngineError> {
        self.respond(command, context.device).await
    }
}
