//! The playground's missions, checked from its scores as the worker sends them.

use super::PlaygroundLab;
use crate::missions::Missions;
use descent_core::missions::checks::{self, Scores};
use descent_core::missions::{MissionId, Start};
use descent_core::playground::PlaygroundScores;
use leptos::prelude::*;

pub const MISSIONS: &[MissionId] = &[MissionId::LossNotAccuracy];

/// The training loss and accuracy, as the checks read them (a regression has no accuracy).
fn training(scores: &PlaygroundScores) -> Option<Scores> {
    Some(Scores {
        loss: scores.train_loss,
        accuracy: scores.train_accuracy?,
    })
}

/// Reports the mission set up done once the network's scores show what it asks.
pub fn watch(lab: PlaygroundLab, missions: Missions) {
    // The fresh network's scores, before any batch.
    let fresh = RwSignal::new(None::<Scores>);
    Effect::new(move |_| {
        if !missions.is_current(MissionId::LossNotAccuracy) {
            return;
        }
        let Some(now) = lab.scores.with(|s| s.as_ref().and_then(training)) else {
            return;
        };
        if lab.steps.get() == 0 {
            fresh.set(Some(now));
        } else if fresh
            .get_untracked()
            .is_some_and(|before| checks::loss_not_accuracy(before, now))
        {
            missions.finish(MissionId::LossNotAccuracy);
        }
    });
}

/// Puts the lab in the mission's start: its setup and a fresh network, not yet trained.
pub fn set_up(lab: PlaygroundLab, id: MissionId) {
    if let Start::Playground(setup) = id.start() {
        lab.setup.set(setup);
        lab.reset();
    }
}
