//! A lab's requests in flight, each with what it was for: an answer (or a failure) is matched to
//! its request by id and comes back as what it asked for. Asking for the same thing again
//! replaces the request before, so an answer to a superseded request is never taken.

use crate::engine_client::EngineClient;
use leptos::prelude::*;
use protocol::{Command, RequestId};

pub struct Asked<T: Send + Sync + 'static> {
    all: StoredValue<Vec<(RequestId, T)>>,
}

impl<T: Send + Sync + 'static> Clone for Asked<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Asked<T> {}

impl<T: Copy + PartialEq + Send + Sync + 'static> Asked<T> {
    pub fn new() -> Self {
        Self {
            all: StoredValue::new(Vec::new()),
        }
    }

    /// Sends `command`, remembered as asking for `what`.
    pub fn ask(self, engine: EngineClient, command: impl Into<Command>, what: T) {
        self.sent(engine.send(command), what);
    }

    /// Request `id`, sent, asks for `what`.
    fn sent(self, id: RequestId, what: T) {
        self.all.update_value(|all| {
            all.retain(|(_, w)| *w != what);
            all.push((id, what));
        });
    }

    /// What request `id` asked for, while it is in flight (for its progress).
    pub fn what(self, id: RequestId) -> Option<T> {
        self.all
            .with_value(|all| all.iter().find(|(i, _)| *i == id).map(|(_, w)| *w))
    }

    /// What request `id` asked for, forgotten as it is answered or fails.
    pub fn take(self, id: RequestId) -> Option<T> {
        self.all
            .try_update_value(|all| {
                let at = all.iter().position(|(i, _)| *i == id)?;
                Some(all.remove(at).1)
            })
            .flatten()
    }

    /// Whether `what` is asked for and not answered yet.
    pub fn is_asked(self, what: T) -> bool {
        self.all
            .with_value(|all| all.iter().any(|(_, w)| *w == what))
    }

    /// Forgets a request for `what`: its answer, if it comes, is not taken.
    pub fn forget(self, what: T) {
        self.all.update_value(|all| all.retain(|(_, w)| *w != what));
    }

    /// The worker was replaced: nothing asked is owed any more.
    pub fn forget_all(self) {
        self.all.update_value(Vec::clear);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum What {
        Load,
        Train(u8),
    }

    #[test]
    fn answers_come_back_as_what_they_asked_and_a_superseded_one_is_dropped() {
        let owner = Owner::new();
        owner.with(|| {
            let asked = Asked::new();
            let (load, superseded, train) = (1, 2, 3);
            asked.sent(load, What::Load);
            asked.sent(superseded, What::Train(1));
            asked.sent(train, What::Train(1));
            assert_eq!(asked.what(load), Some(What::Load));
            assert_eq!(asked.take(superseded), None);
            assert!(asked.is_asked(What::Train(1)));
            assert_eq!(asked.take(train), Some(What::Train(1)));
            assert!(!asked.is_asked(What::Train(1)));
            assert_eq!(asked.take(train), None);
            asked.forget(What::Load);
            assert_eq!(asked.what(load), None);
            asked.sent(4, What::Load);
            asked.forget_all();
            assert_eq!(asked.take(4), None);
        });
    }
}
