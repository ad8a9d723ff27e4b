//! The ReLU lab's missions, checked from its units as they are.

use super::ReluLab;
use crate::missions::Missions;
use descent_core::missions::checks;
use descent_core::missions::{MissionId, Start};
use leptos::prelude::*;

pub const MISSIONS: &[MissionId] = &[MissionId::Hinge, MissionId::ReluItself];

/// Reports the mission set up done once the units do what it asks.
pub fn watch(lab: ReluLab, missions: Missions) {
    Effect::new(move |_| {
        let done = match missions.current.get() {
            Some(id @ MissionId::Hinge) => Some(id).filter(|_| lab.sum.with(checks::hinge)),
            Some(id @ MissionId::ReluItself) => {
                Some(id).filter(|_| lab.sum.with(checks::relu_itself))
            }
            _ => None,
        };
        if let Some(id) = done {
            missions.finish(id);
        }
    });
}

/// Puts the lab in the mission's start: its units and target, no fit running.
pub fn set_up(lab: ReluLab, id: MissionId) {
    if let Start::Relu(setup) = id.start() {
        lab.use_setup(setup);
    }
}
