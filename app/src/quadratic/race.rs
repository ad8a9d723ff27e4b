//! The optimizer race's state: up to three racers (an optimizer and its rate each), the paths
//! the engine sent back, and the step being replayed.

use crate::engine_client::EngineClient;
use crate::latest::Latest;
use descent_core::quadratic::{Coefficients, Lane, MAX_RACERS, Race, Racer};
use leptos::prelude::*;
use protocol::RequestId;
use protocol::quadratic::Command;

/// What the race shows: the racers as they raced (the lanes may have changed since) and where
/// each went.
#[derive(Debug, Clone, PartialEq)]
pub struct Finished {
    /// Each racer with its lane's number, from 0.
    pub racers: Vec<(usize, Racer)>,
    pub race: Race,
}

impl Finished {
    /// The longest path's last step.
    pub fn last_step(&self) -> usize {
        self.race
            .paths
            .iter()
            .map(|p| p.visited.len().saturating_sub(1))
            .max()
            .unwrap_or(0)
    }
}

/// A race asked for, and which lane each of its racers came from.
#[derive(Clone)]
struct Sent {
    command: Command,
    racers: Vec<(usize, Racer)>,
}

#[derive(Clone, Copy)]
pub struct RaceState {
    pub lanes: [RwSignal<Lane>; MAX_RACERS],
    pub steps: RwSignal<usize>,
    pub finished: RwSignal<Option<Finished>>,
    /// The step shown on the surface and in the results, for replaying.
    pub replay: RwSignal<usize>,
    pub racing: RwSignal<bool>,
    pub error: RwSignal<Option<String>>,
    /// The race in flight: asked again if its worker is replaced.
    sent: StoredValue<Option<Sent>>,
    requests: Latest<Command>,
}

impl RaceState {
    pub fn new(lanes: [Lane; MAX_RACERS], steps: usize) -> Self {
        Self {
            lanes: lanes.map(RwSignal::new),
            steps: RwSignal::new(steps),
            finished: RwSignal::new(None),
            replay: RwSignal::new(0),
            racing: RwSignal::new(false),
            error: RwSignal::new(None),
            sent: StoredValue::new(None),
            requests: Latest::new(),
        }
    }

    /// Races every lane that is racing from `from`.
    pub fn start(self, engine: EngineClient, from: Coefficients) {
        let racers: Vec<(usize, Racer)> = self
            .lanes
            .iter()
            .enumerate()
            .map(|(i, lane)| (i, lane.get_untracked()))
            .filter(|(_, lane)| lane.racing)
            .map(|(i, lane)| (i, lane.racer))
            .collect();
        if racers.is_empty() {
            self.error
                .set(Some("Choose at least one optimizer to race.".into()));
            return;
        }
        self.error.set(None);
        self.racing.set(true);
        let command = Command::Race {
            from,
            racers: racers.iter().map(|(_, r)| *r).collect(),
            steps: self.steps.get_untracked(),
        };
        self.sent.set_value(Some(Sent {
            command: command.clone(),
            racers,
        }));
        self.requests.ask(engine, command);
    }

    /// Sets the lanes from a preset.
    pub fn set_lanes(self, racers: [Racer; MAX_RACERS], steps: usize) {
        for (lane, racer) in self.lanes.iter().zip(racers) {
            lane.set(Lane {
                racing: true,
                racer,
            });
        }
        self.steps.set(steps);
    }

    /// The data or the loss changed: the paths, and any race still running, no longer apply.
    pub fn clear(self) {
        self.requests.forget();
        self.racing.set(false);
        self.finished.set(None);
        self.replay.set(0);
    }

    /// Request `id` answered with `race`; returns whether it was this state's.
    pub fn raced(self, engine: EngineClient, id: RequestId, race: Race) -> bool {
        if !self.requests.settled(engine, id) {
            return false;
        }
        let finished = Finished {
            racers: self.sent.get_value().map(|s| s.racers).unwrap_or_default(),
            race,
        };
        self.replay.set(finished.last_step());
        self.finished.set(Some(finished));
        self.racing.set(false);
        true
    }

    /// Request `id` failed; returns whether it was this state's.
    pub fn failed(self, engine: EngineClient, id: RequestId, message: String) -> bool {
        if !self.requests.settled(engine, id) {
            return false;
        }
        self.racing.set(false);
        self.error
            .set(Some(format!("The race could not run: {message}")));
        true
    }

    /// A new worker: a race in flight there is lost, so it is asked again.
    pub fn restarted(self, engine: EngineClient) {
        self.requests.forget();
        if let Some(sent) = self.sent.get_value()
            && self.racing.get_untracked()
        {
            self.requests.ask(engine, sent.command);
        }
    }
}
