//! The Titanic lab's side of the worker: the cleaned passengers, and the models trained on them,
//! kept to answer "Would you have survived?".

use crate::{Context, LabHandler};
use engine::titanic::{ModelKind, Prepared, SEED, TitanicModel, read_passengers};
use engine::{Device, EngineError};
use protocol::titanic::{Command, Event};
use std::cell::RefCell;

/// Passengers shown through the cleaning steps: the file's first six (the sixth has no age).
const EXAMPLES: usize = 6;

#[derive(Default)]
pub struct Handler {
    data: RefCell<Option<Prepared>>,
    models: RefCell<Vec<(ModelKind, TitanicModel)>>,
}

impl Handler {
    async fn respond(&self, command: Command, device: &Device) -> Result<Event, EngineError> {
        match command {
            Command::Load { csv } => {
                let passengers =
                    read_passengers(&csv).map_err(|e| EngineError::Data(e.to_string()))?;
                let data = Prepared::new(&passengers, SEED)?;
                let event = Event::Loaded {
                    cleaning: data.cleaning.clone(),
                    examples: passengers.into_iter().take(EXAMPLES).collect(),
                };
                *self.data.borrow_mut() = Some(data);
                self.models.borrow_mut().clear();
                Ok(event)
            }
            Command::Train {
                kind,
                epochs,
                learning_rate,
            } => {
                // Cloned out, so no borrow is held across the awaits of training.
                let data = self.data.borrow().clone().ok_or_else(not_loaded)?;
                let (model, report) =
                    TitanicModel::train(kind, &data, epochs, learning_rate, SEED, device).await?;
                let mut models = self.models.borrow_mut();
                models.retain(|(k, _)| *k != kind);
                if !report.diverged() {
                    models.push((kind, model));
                }
                Ok(Event::Trained(report))
            }
            Command::Predict { passenger } => {
                let cleaning = self
                    .data
                    .borrow()
                    .as_ref()
                    .map(|d| d.cleaning.clone())
                    .ok_or_else(not_loaded)?;
                let models = self.models.borrow().clone();
                let mut chances = Vec::with_capacity(models.len());
                for (kind, model) in models {
                    chances.push((kind, model.predict(&cleaning, &passenger).await?));
                }
                Ok(Event::Predicted(chances))
            }
        }
    }
}

fn not_loaded() -> EngineError {
    EngineError::InvalidInput("the passengers have not been loaded yet".into())
}

impl LabHandler for Handler {
    type Command = Command;
    type Event = Event;

    async fn handle(&self, command: Command, context: &Context<'_>) -> Result<Event, EngineError> {
        self.respond(command, context.device).await
    }
}
