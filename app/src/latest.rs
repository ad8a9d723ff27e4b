//! Requests where only the newest answer matters (the loss at the point being dragged, the
//! surface for the held coefficient, a fresh network): at most one is in flight, and a newer one
//! waits, replacing any that waited before it. A fast drag never leaves the engine working
//! through stale points, and a stale answer is never shown.

use crate::engine_client::EngineClient;
use leptos::prelude::*;
use protocol::{Command, RequestId};

pub struct Latest<C: Send + Sync + 'static> {
    in_flight: StoredValue<Option<RequestId>>,
    waiting: StoredValue<Option<C>>,
}

impl<C: Send + Sync + 'static> Clone for Latest<C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C: Send + Sync + 'static> Copy for Latest<C> {}

impl<C: Into<Command> + Send + Sync + 'static> Latest<C> {
    pub fn new() -> Self {
        Self {
            in_flight: StoredValue::new(None),
            waiting: StoredValue::new(None),
        }
    }

    pub fn ask(self, engine: EngineClient, command: C) {
        if self.in_flight.get_value().is_some() {
            self.waiting.set_value(Some(command));
        } else {
            self.in_flight.set_value(Some(engine.send(command)));
        }
    }

    /// Request `id` was answered (or failed). Returns whether it was the newest, so its answer
    /// is the one to show; if a newer request waited, that one is sent now.
    pub fn settled(self, engine: EngineClient, id: RequestId) -> bool {
        if self.in_flight.get_value() != Some(id) {
            return false;
        }
        let waiting = self.waiting.try_update_value(Option::take).flatten();
        self.in_flight
            .set_value(waiting.map(|command| engine.send(command)));
        self.in_flight.get_value().is_none()
    }

    /// The worker was replaced: nothing is in flight any more, and what waited is dropped (the
    /// lab asks afresh).
    pub fn forget(self) {
        self.in_flight.set_value(None);
        self.waiting.set_value(None);
    }
}
