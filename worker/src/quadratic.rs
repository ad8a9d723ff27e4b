//! The Quadratic lab's side of the worker: the fit of the current points.

use crate::{Context, LabHandler};
use engine::quadratic::{Descending, Descent, QuadraticFit, QuadraticModel, StopReason, race};
use engine::run::{Run, RunPlan};
use engine::{Device, EngineError};
use protocol::quadratic::{Command, Event};
use std::cell::RefCell;
use std::rc::Rc;

#[derive(Default)]
pub struct Handler {
    fit: RefCell<Option<Rc<QuadraticFit>>>,
    /// The descent in progress, on the fit it began on.
    descent: RefCell<Option<DescentRun>>,
}

struct DescentRun {
    run: Run<QuadraticModel>,
    descending: Descending<Rc<QuadraticFit>>,
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
                self.descent.borrow_mut().take();
                Event::ProblemSet
            }
            Command::Evaluate { at } => Event::Evaluated(fit()?.evaluate(at).await?),
            Command::Descend {
                start,
                learning_rate,
                steps,
                zero_grad,
            } => {
                let held = self.descent.borrow_mut().take();
                let plan = |limit| RunPlan {
                    limit,
                    ..RunPlan::constant(learning_rate, steps)
                };
                let mut held = match (start, held) {
                    (Some(start), _) => DescentRun {
                        run: Run::new(plan(start.limit)),
                        descending: Descending::start(fit()?, start.from, start.buffer, None)
                            .await?,
                    },
                    (None, Some(mut held)) => {
                        held.run.replan(plan(held.run.plan().limit));
                        held
                    }
                    (None, None) => {
                        return Err(EngineError::InvalidInput(
                            "there is no descent to go on with".into(),
                        ));
                    }
                };
                let descent = descend(&mut held, steps, zero_grad).await;
                *self.descent.borrow_mut() = Some(held);
                Event::Descended(descent?)
            }
            Command::Surface { spec } => Event::Surface(fit()?.surface(spec).await?),
            Command::Race {
                from,
                racers,
                steps,
            } => Event::Raced(race(fit()?.as_ref(), from, &racers, steps).await?),
        })
    }
}

/// Up to `steps` more steps of a descent: the points from where it stood to where it stopped.
async fn descend(
    held: &mut DescentRun,
    steps: usize,
    zero_grad: bool,
) -> Result<Descent, EngineError> {
    let descending = &mut held.descending;
    let from = descending.at();
    if descending.blown_up() {
        return Ok(Descent {
            visited: Vec::new(),
            stop: Some(StopReason::Diverged),
            buffer: descending.buffer(),
        });
    }
    descending.zero_grad(zero_grad);
    held.run.advance(descending, steps).await?;
    Ok(Descent {
        visited: std::iter::once(from)
            .chain(descending.take_reached())
            .collect(),
        stop: StopReason::of(held.run.end()),
        buffer: descending.buffer(),
    })
}

impl LabHandler for Handler {
    type Command = Command;
    type Event = Event;

    async fn handle(&self, command: Command, context: &Context<'_>) -> Result<Event, EngineError> {
        self.respond(command, context.device).await
    }
}
