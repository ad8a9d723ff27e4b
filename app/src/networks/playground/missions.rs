//! The playground's missions, checked from its scores, its curves and its runs as the worker
//! sends them.

use super::PlaygroundLab;
use crate::missions::Missions;
use descent_core::missions::checks::{self, Scores};
use descent_core::missions::{MissionId, Start, WIDE_UNITS};
use descent_core::playground::{Activation, DatasetKind, Feature, PlaygroundScores, Setup};
use leptos::prelude::*;

pub const MISSIONS: &[MissionId] = &[
    MissionId::LossNotAccuracy,
    MissionId::Overfit,
    MissionId::XorNeedsNonlinearity,
    MissionId::DeeperNotWider,
];

/// `xor-needs-nonlinearity`: a network's test accuracy counts once it has trained this many
/// batches, so a network barely trained is not taken for one that cannot learn.
const XOR_TRAINED_BATCHES: usize = 300;

/// What the learner has done since the mission was set up.
#[derive(Clone, Copy)]
pub struct PlaygroundMissions {
    /// The fresh network's scores, before any batch (`loss-not-accuracy`).
    fresh: RwSignal<Option<Scores>>,
    /// The test loss rose above its lowest (`overfit`).
    rose: RwSignal<bool>,
    /// The best test accuracy of linear networks on XOR, by hidden layers, and of ReLU ones
    /// (`xor-needs-nonlinearity`).
    linear: RwSignal<Vec<(usize, f32)>>,
    relu: RwSignal<Option<f32>>,
}

/// The training loss and accuracy, as the checks read them (a regression has no accuracy).
fn training(scores: &PlaygroundScores) -> Option<Scores> {
    Some(Scores {
        loss: scores.train_loss,
        accuracy: scores.train_accuracy?,
    })
}

/// XOR seen through x₁ and x₂ alone.
fn plain_xor(setup: &Setup) -> bool {
    setup.own.is_none()
        && setup.data.kind == DatasetKind::Xor
        && setup.network.features == [Feature::X1, Feature::X2]
}

impl PlaygroundMissions {
    /// Follows the lab for whichever of its missions is set up, and reports it done.
    pub fn watch(lab: PlaygroundLab, missions: Missions) -> Self {
        let tracker = Self {
            fresh: RwSignal::new(None),
            rose: RwSignal::new(false),
            linear: RwSignal::new(Vec::new()),
            relu: RwSignal::new(None),
        };
        let done = move |id: MissionId, check: bool| {
            if check {
                missions.finish(id);
            }
        };
        Effect::new(move |_| {
            if !missions.is_current(MissionId::LossNotAccuracy) {
                return;
            }
            let Some(now) = lab.scores.with(|s| s.as_ref().and_then(training)) else {
                return;
            };
            match (lab.steps.get(), tracker.fresh.get_untracked()) {
                (0, _) => tracker.fresh.set(Some(now)),
                (_, Some(before)) => done(
                    MissionId::LossNotAccuracy,
                    checks::loss_not_accuracy(before, now),
                ),
                _ => {}
            }
        });
        Effect::new(move |_| {
            if !missions.is_current(MissionId::Overfit) {
                return;
            }
            let test: Vec<f32> = lab
                .history
                .with(|h| h.points().iter().map(|(_, p)| p.test).collect());
            if checks::rose(&test) {
                tracker.rose.set(true);
            }
            let restored = lab.early_stop().map(|stopped| stopped.best_loss);
            done(
                MissionId::Overfit,
                checks::overfit(tracker.rose.get(), &test, restored),
            );
        });
        Effect::new(move |_| {
            if !missions.is_current(MissionId::XorNeedsNonlinearity) {
                return;
            }
            let accuracy = lab.scores.with(|s| s.and_then(|s| s.test_accuracy));
            let trained = lab.steps.get() >= XOR_TRAINED_BATCHES;
            let (xor, hidden, activation) = lab
                .setup
                .with(|s| (plain_xor(s), s.network.hidden.len(), s.network.activation));
            if let Some(accuracy) = accuracy.filter(|_| xor && trained) {
                match activation {
                    Activation::Linear => tracker.linear.update(|seen| {
                        match seen.iter_mut().find(|(depth, _)| *depth == hidden) {
                            Some((_, best)) => *best = best.max(accuracy),
                            None => seen.push((hidden, accuracy)),
                        }
                    }),
                    Activation::Relu => tracker
                        .relu
                        .update(|best| *best = Some(best.map_or(accuracy, |b| b.max(accuracy)))),
                    _ => {}
                }
            }
            done(
                MissionId::XorNeedsNonlinearity,
                checks::xor_needs_nonlinearity(&tracker.linear.get(), tracker.relu.get()),
            );
        });
        Effect::new(move |_| {
            if !missions.is_current(MissionId::DeeperNotWider) {
                return;
            }
            let Some(accuracy) = lab.scores.with(|s| s.and_then(|s| s.test_accuracy)) else {
                return;
            };
            let spiral = lab
                .setup
                .with(|s| s.own.is_none() && s.data.kind == DatasetKind::Spiral);
            let (hidden, inputs) = lab
                .setup
                .with(|s| (s.network.hidden.clone(), s.network.features.len()));
            let wide = [WIDE_UNITS];
            done(
                MissionId::DeeperNotWider,
                spiral && checks::deeper_not_wider((&wide, 2), (&hidden, inputs), accuracy),
            );
        });
        tracker
    }

    /// Puts the lab in the mission's start (its setup, a fresh network, not yet trained) and
    /// forgets what was done before.
    pub fn set_up(self, lab: PlaygroundLab, id: MissionId) {
        if let Start::Playground(setup) = id.start() {
            self.fresh.set(None);
            self.rose.set(false);
            self.linear.set(Vec::new());
            self.relu.set(None);
            lab.setup.set(setup);
            lab.reset();
        }
    }
}

/// The wide network `deeper-not-wider` measures against, and the learner's, by their weights.
#[component]
pub fn MissionQuestions() -> impl IntoView {
    let missions = expect_context::<Missions>();
    let lab = expect_context::<PlaygroundLab>();
    let wide = checks::weights(&[WIDE_UNITS], 2);
    let mine = move || {
        lab.setup
            .with(|s| checks::weights(&s.network.hidden, s.network.features.len()))
    };
    view! {
        <Show when=move || missions.is_current(MissionId::DeeperNotWider)>
            <p class="mission-question" role="status" aria-label="networks compared">
                {move || {
                    format!(
                        "The wide network: one hidden layer of {WIDE_UNITS} units, {wide} weights and biases. Yours: {} weights and biases.",
                        mine()
                    )
                }}
            </p>
        </Show>
    }
}
