//! The Digits lab's missions: the seven steps put in order and walked, and one model trained at
//! the smallest and the largest batch, its two curves drawn together.

use super::model_run::{Comparison, Finish, ModelRun};
use super::state::DigitsLab;
use crate::missions::Missions;
use crate::run_loop::RunState;
use descent_core::digits::setup::BATCH_SIZES;
use descent_core::digits::{ModelKind, Stage};
use descent_core::missions::checks::{self, SEVEN_STEPS_SHUFFLED, TrainedRun};
use descent_core::missions::{MissionId, Start};
use leptos::prelude::*;

pub const MISSIONS: &[MissionId] = &[MissionId::SevenSteps, MissionId::BatchSize];

/// The batch sizes `batch-size` compares: the smallest and the largest the lab offers.
const SIZES: (usize, usize) = (BATCH_SIZES[0], BATCH_SIZES[BATCH_SIZES.len() - 1]);

/// A finished run of one model, and its curve as drawn.
#[derive(Debug, Clone, PartialEq)]
struct Kept {
    kind: ModelKind,
    run: TrainedRun,
    curve: Vec<(usize, f32)>,
}

/// What the learner has done since the mission was set up.
#[derive(Clone, Copy)]
pub struct DigitsMissions {
    lab: DigitsLab,
    /// The learner's order of the seven steps (`seven-steps`).
    pub order: RwSignal<[Stage; 7]>,
    /// With the order right, one batch was walked stage by stage to the Step.
    walked: RwSignal<bool>,
    /// Runs from a fresh model to their last epoch (`batch-size`).
    runs: RwSignal<Vec<Kept>>,
    /// The batch size whose curve the learner said is noisier.
    pub said: RwSignal<Option<usize>>,
}

impl DigitsMissions {
    /// Follows the lab for whichever of its missions is set up, and reports it done.
    pub fn watch(lab: DigitsLab, missions: Missions) -> Self {
        let tracker = Self {
            lab,
            order: RwSignal::new(SEVEN_STEPS_SHUFFLED),
            walked: RwSignal::new(false),
            runs: RwSignal::new(Vec::new()),
            said: RwSignal::new(None),
        };
        for model in lab.models {
            Effect::new(move |_| {
                let walking = model.inspection.with(Option::is_some) && !model.run.is_busy();
                // The order must be right before the walk reaches the Step, not sorted after.
                if missions.is_current(MissionId::SevenSteps)
                    && walking
                    && model.stage.get() == Stage::Step
                    && tracker.order.get_untracked() == Stage::ALL
                {
                    tracker.walked.set(true);
                }
            });
            // A run counts from a fresh model: its batches are then all its own. The effect
            // keeps whether the run under way started from one.
            Effect::new(
                move |started_fresh: Option<bool>| match model.run.state.get() {
                    RunState::Running | RunState::Stopping => started_fresh.unwrap_or(false),
                    RunState::Finished(Finish::Epochs) => {
                        if missions.is_current(MissionId::BatchSize) && started_fresh == Some(true)
                        {
                            tracker.finished(model);
                        }
                        false
                    }
                    _ => model.batches.get_untracked() == 0,
                },
            );
        }
        Effect::new(move |_| {
            let Some(id) = missions.current.get() else {
                return;
            };
            let done = match id {
                MissionId::SevenSteps => {
                    checks::seven_steps(&tracker.order.get(), tracker.walked.get())
                }
                MissionId::BatchSize => tracker.pair().is_some_and(|(small, large)| {
                    checks::batch_size(&small, &large, SIZES, tracker.said.get())
                }),
                _ => false,
            };
            if done {
                missions.finish(id);
            }
        });
        tracker
    }

    /// Puts the lab in the mission's start, and forgets what was done before.
    pub fn set_up(self, id: MissionId) {
        if let Start::Digits(setup) = id.start() {
            self.lab.use_setup(setup);
            // Both missions are done in the first rung that trains.
            self.lab.sections.open.set(ModelKind::Linear.key());
            self.order.set(SEVEN_STEPS_SHUFFLED);
            self.walked.set(false);
            self.runs.set(Vec::new());
            self.said.set(None);
        }
    }

    /// Keeps a finished run, in place of an earlier one of the same model and batch size; once
    /// the other end of the batch sizes has a run too, its curve is drawn beside this one.
    fn finished(self, model: ModelRun) {
        let curve = model.losses.with_untracked(|l| l.points().to_vec());
        let run = TrainedRun {
            batch_size: model.batch_size.get_untracked(),
            epochs: model.epochs.get_untracked(),
            losses: curve.iter().map(|&(_, loss)| loss).collect(),
        };
        let other = match run.batch_size {
            size if size == SIZES.0 => SIZES.1,
            size if size == SIZES.1 => SIZES.0,
            _ => 0,
        };
        let kind = model.kind;
        let earlier = self.runs.with_untracked(|runs| {
            runs.iter()
                .find(|kept| kept.kind == kind && kept.run.batch_size == other)
                .cloned()
        });
        self.runs.update(|runs| {
            runs.retain(|kept| !(kept.kind == kind && kept.run.batch_size == run.batch_size));
            runs.push(Kept { kind, run, curve });
        });
        if let Some(earlier) = earlier {
            model.comparison.set(Some(Comparison {
                name: format!("batch of {}", earlier.run.batch_size),
                losses: earlier.curve,
            }));
        }
    }

    /// The runs at the smallest and the largest batch of one model, for the same epochs, once
    /// there are both (tracked).
    pub fn pair(self) -> Option<(TrainedRun, TrainedRun)> {
        self.runs.with(|runs| {
            runs.iter().find_map(|small| {
                let large = runs.iter().find(|large| {
                    large.kind == small.kind
                        && small.run.batch_size == SIZES.0
                        && large.run.batch_size == SIZES.1
                        && large.run.epochs == small.run.epochs
                })?;
                Some((small.run.clone(), large.run.clone()))
            })
        })
    }

    /// Moves the step at `index` one place up (towards the start) or down.
    fn shift(self, index: usize, up: bool) {
        self.order.update(|order| match up {
            true if index > 0 => order.swap(index - 1, index),
            false if index + 1 < order.len() => order.swap(index, index + 1),
            _ => {}
        });
    }
}

/// The questions of the lab's missions: the seven steps to sort, and which curve is noisier.
#[component]
pub fn MissionQuestions() -> impl IntoView {
    let missions = expect_context::<Missions>();
    let tracker = expect_context::<DigitsMissions>();
    let steps = move || {
        tracker
            .order
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, stage)| {
                let name = stage.name();
                let shift = move |up: bool| {
                    let way = if up { "up" } else { "down" };
                    view! {
                        <button
                            aria-label=format!("move {name} {way}")
                            disabled=if up { index == 0 } else { index == 6 }
                            on:click=move |_| tracker.shift(index, up)
                        >
                            {if up { "↑" } else { "↓" }}
                        </button>
                    }
                };
                view! {
                    <li>
                        <span>{name}</span>
                        " "
                        {shift(true)}
                        {shift(false)}
                    </li>
                }
            })
            .collect_view()
    };
    let sorted = move || tracker.order.get() == Stage::ALL;
    let answer = move |size: usize| {
        view! {
            <button
                aria-pressed=move || (tracker.said.get() == Some(size)).to_string()
                on:click=move |_| tracker.said.set(Some(size))
            >
                {format!("the batch of {size}")}
            </button>
        }
    };
    view! {
        <Show when=move || missions.is_current(MissionId::SevenSteps)>
            <div class="mission-question" role="group" aria-label="the seven steps to order">
                <span>"Put the seven steps of training in order:"</span>
                <ol class="steps-to-order">{steps}</ol>
                <span role="status">
                    {move || match sorted() {
                        true => "In order. Now walk one batch: \"One batch, stage by stage\" in a model below, then Next stage to the Step.",
                        false => "Not in order yet.",
                    }}
                </span>
            </div>
        </Show>
        <Show when=move || missions.is_current(MissionId::BatchSize)>
            <div class="mission-question" role="group" aria-label="which curve is noisier">
                {move || match tracker.pair() {
                    None => format!("Train one model from a fresh start (Reset) at a batch of {} and at {}, for the same epochs: both curves are then drawn together.", SIZES.0, SIZES.1).into_any(),
                    Some(_) => view! {
                        <span>"Both runs are drawn on the model's loss chart. Which curve is noisier? "</span>
                        {answer(SIZES.0)}
                        {answer(SIZES.1)}
                    }.into_any(),
                }}
            </div>
        </Show>
    }
}
