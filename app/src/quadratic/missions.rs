//! The Quadratic lab's missions: what the learner does is followed from the lab's state (its
//! runs, its coefficients, its points) and checked by `descent_core::missions::checks`; the
//! questions two missions ask sit next to the controls they are about.

use super::state::{Finish, QuadraticLab};
use crate::missions::Missions;
use crate::run_loop::RunState;
use crate::widgets::NumberBox;
use descent_core::Points;
use descent_core::missions::checks::{self, Direction};
use descent_core::missions::{MissionId, Start};
use descent_core::quadratic::{Coefficients, LossGraph, LossKind, least_squares};
use leptos::prelude::*;

pub const MISSIONS: &[MissionId] = &[
    MissionId::ByHand,
    MissionId::GradientSign,
    MissionId::OneStep,
    MissionId::BlowUp,
    MissionId::MaeVsMse,
    MissionId::ZeroGrad,
    MissionId::Backward,
];

/// `mae-vs-mse`: a run under the MAE, which never settles to a zero gradient, counts as a fit
/// once it has taken this many steps.
const MAE_FIT_STEPS: usize = 500;

/// Where the mission set up started, and what the learner has done since: all of it starts
/// afresh with each Set up.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    /// Where the mission started: c's way down and the held a and b (`gradient-sign`).
    start: Coefficients,
    /// The points at the start (`mae-vs-mse`: the ones left alone, and the fit to them).
    start_points: Points,
    /// Step or Train was used (`by-hand`).
    trained: bool,
    /// The way the learner said c should move (`gradient-sign`).
    said: Option<Direction>,
    /// Where the learner says a will be after the next Step (`one-step`).
    predicted: Option<f32>,
    /// The last Step: the prediction typed before it, and a before and after it.
    stepped: Option<(Option<f32>, f32, f32)>,
    /// A Train ended with the loss blown up (`blow-up`).
    blew_up: bool,
    /// The rate of a Train that converged after one blew up (`blow-up`).
    converged_at: Option<f32>,
    /// The fits to the points as they are now, under the MSE and the MAE (`mae-vs-mse`).
    fits: (Option<Coefficients>, Option<Coefficients>),
    /// With the gradients not zeroed, the loss climbed (`zero-grad`).
    climbed: bool,
    /// A run converged with the gradients zeroed after the loss had climbed (`zero-grad`).
    converged_without_bug: bool,
    /// The point whose node the page asks about (`backward`)…
    backward_point: Option<usize>,
    /// …and the local gradient the learner typed for it.
    local_gradient: Option<f64>,
}

impl Seen {
    /// Nothing done yet, from where the lab is now.
    fn from(lab: QuadraticLab) -> Self {
        let start = lab.coefficients.get_untracked();
        let start_points = lab.points.get_untracked();
        let graph = LossGraph::new(&start_points, lab.loss_kind.get_untracked(), start);
        Self {
            start,
            backward_point: checks::backward_point(&graph),
            start_points,
            trained: false,
            said: None,
            predicted: None,
            stepped: None,
            blew_up: false,
            converged_at: None,
            fits: (None, None),
            climbed: false,
            converged_without_bug: false,
            local_gradient: None,
        }
    }
}

/// The Quadratic lab's missions: the lab, and what was seen of it since the Set up.
#[derive(Clone, Copy)]
pub struct QuadraticMissions {
    lab: QuadraticLab,
    seen: RwSignal<Seen>,
}

impl QuadraticMissions {
    /// Follows the lab for whichever of its missions is set up, and reports it done.
    pub fn watch(lab: QuadraticLab, missions: Missions) -> Self {
        let tracker = Self {
            lab,
            seen: RwSignal::new(Seen::from(lab)),
        };
        let ours = move || missions.current.get().filter(|id| MISSIONS.contains(id));
        Effect::new(move |before: Option<RunState<Finish>>| {
            let now = lab.run.state.get();
            if ours().is_some() {
                tracker.run_changed(before.as_ref(), &now);
            }
            now
        });
        Effect::new(move |_| {
            if ours() == Some(MissionId::ZeroGrad) && lab.forget_zero_grad.get() {
                let losses: Vec<f32> = lab
                    .history
                    .with(|h| h.points().iter().map(|&(_, loss)| loss).collect());
                if checks::climbed(&losses) {
                    tracker.seen.update(|seen| seen.climbed = true);
                }
            }
        });
        Effect::new(move |_| {
            if ours() == Some(MissionId::MaeVsMse) {
                lab.points.track();
                tracker.seen.update(|seen| seen.fits = (None, None));
            }
        });
        Effect::new(move |_| {
            if let Some(id) = ours()
                && tracker.is_done(id)
            {
                missions.finish(id);
            }
        });
        tracker
    }

    /// Puts the lab in the mission's start and forgets what was done before.
    pub fn set_up(self, id: MissionId) {
        let Start::Quadratic(setup) = id.start() else {
            return;
        };
        self.lab.restore(setup);
        if id == MissionId::Backward {
            self.lab.sections.open.set("graph");
        }
        self.seen.set(Seen::from(self.lab));
    }

    /// What a change of the run's state means for the missions.
    fn run_changed(self, before: Option<&RunState<Finish>>, now: &RunState<Finish>) {
        let lab = self.lab;
        let at = lab.coefficients.get_untracked();
        let loss = lab.loss_kind.get_untracked();
        let converged = *now == RunState::Finished(Finish::Converged);
        let zeroed = !lab.forget_zero_grad.get_untracked();
        self.seen.update(|seen| {
            match now {
                RunState::Stepping => {
                    seen.trained = true;
                    seen.stepped = Some((seen.predicted, at.a, f32::NAN));
                }
                RunState::Running => seen.trained = true,
                RunState::Idle if before == Some(&RunState::Stepping) => {
                    seen.stepped = seen
                        .stepped
                        .map(|(predicted, before, _)| (predicted, before, at.a));
                    seen.predicted = None;
                }
                RunState::Finished(Finish::Diverged) => seen.blew_up = true,
                _ => {}
            }
            if converged && loss == LossKind::Mse && zeroed {
                if seen.blew_up {
                    seen.converged_at = Some(lab.learning_rate.get_untracked());
                }
                if seen.climbed {
                    seen.converged_without_bug = true;
                }
            }
            let ended = matches!(now, RunState::Finished(_) | RunState::Stopped);
            match loss {
                LossKind::Mse if converged => seen.fits.0 = Some(at),
                LossKind::Mae if ended && lab.steps.get_untracked() >= MAE_FIT_STEPS => {
                    seen.fits.1 = Some(at)
                }
                _ => {}
            }
        });
    }

    /// Whether mission `id` is done, from what the lab shows now (tracked).
    fn is_done(self, id: MissionId) -> bool {
        let lab = self.lab;
        self.seen.with(|seen| match id {
            MissionId::ByHand => lab
                .points
                .with(|points| checks::by_hand(points, lab.coefficients.get(), seen.trained)),
            MissionId::GradientSign => lab.points.with(|points| {
                checks::gradient_sign(points, seen.start, seen.said, lab.coefficients.get())
            }),
            MissionId::OneStep => seen.stepped.is_some_and(|(predicted, before, after)| {
                checks::one_step(predicted, before, after)
            }),
            MissionId::BlowUp => lab
                .stable_rate
                .get()
                .is_some_and(|stable| checks::blow_up(seen.blew_up, seen.converged_at, stable)),
            MissionId::MaeVsMse => {
                let (Some(mse), Some(mae)) = seen.fits else {
                    return false;
                };
                let Some(reference) = least_squares(&seen.start_points) else {
                    return false;
                };
                lab.points.with(|now| {
                    moved_one(&seen.start_points, now)
                        .is_some_and(|others| checks::mae_vs_mse(&others, reference, mse, mae))
                })
            }
            MissionId::ZeroGrad => seen.converged_without_bug,
            MissionId::Backward => {
                let Some(point) = seen.backward_point else {
                    return false;
                };
                let loss = lab.loss_kind.get();
                let graph = lab
                    .points
                    .with(|points| LossGraph::new(points, loss, lab.coefficients.get()));
                checks::backward(&graph, loss, point, seen.local_gradient)
            }
            _ => false,
        })
    }

    /// The point `backward` asks about (tracked).
    pub fn backward_point(self) -> Option<usize> {
        self.seen.with(|seen| seen.backward_point)
    }

    /// The local gradient the learner typed for `backward` (tracked).
    pub fn local_gradient(self) -> Option<f64> {
        self.seen.with(|seen| seen.local_gradient)
    }

    pub fn type_local_gradient(self, value: f64) {
        self.seen.update(|seen| seen.local_gradient = Some(value));
    }
}

/// The x of every point `now` keeps from `start`, when exactly one point was moved.
fn moved_one(start: &Points, now: &Points) -> Option<Vec<f32>> {
    if start.len() != now.len() {
        return None;
    }
    let pairs = |p: &Points| -> Vec<(f32, f32)> {
        p.xs.iter().copied().zip(p.ys.iter().copied()).collect()
    };
    let (before, after) = (pairs(start), pairs(now));
    let kept: Vec<f32> = after
        .iter()
        .filter(|point| before.contains(point))
        .map(|&(x, _)| x)
        .collect();
    (kept.len() + 1 == now.len()).then_some(kept)
}

/// The questions of the missions that ask one: which way c should move, and where a will be
/// after one Step. Shown only while their mission is set up.
#[component]
pub fn MissionQuestions() -> impl IntoView {
    let missions = expect_context::<Missions>();
    let tracker = expect_context::<QuadraticMissions>();
    let lab = tracker.lab;
    // The answer is given before c moves: once it has, it stands.
    let c_moved = move || lab.coefficients.get().c != tracker.seen.with(|seen| seen.start.c);
    let way = move |direction: Direction, text: &'static str| {
        view! {
            <button
                aria-pressed=move || tracker.seen.with(|seen| seen.said == Some(direction)).to_string()
                disabled=c_moved
                on:click=move |_| tracker.seen.update(|seen| seen.said = Some(direction))
            >
                {text}
            </button>
        }
    };
    let predicted = move || {
        tracker
            .seen
            .with(|seen| seen.predicted)
            .map(crate::format::input)
            .unwrap_or_default()
    };
    view! {
        <Show when=move || missions.is_current(MissionId::GradientSign)>
            <div class="mission-question" role="group" aria-label="Which way should c move?">
                "Which way should c move to lower the loss? "
                {way(Direction::Up, "c should go up")}
                {way(Direction::Down, "c should go down")}
            </div>
        </Show>
        <Show when=move || missions.is_current(MissionId::OneStep)>
            <label class="mission-question">
                "Where will a be after one Step? "
                <NumberBox
                    label="a after one Step"
                    value=Signal::derive(predicted)
                    min=-1000.0
                    max=1000.0
                    on_set=Callback::new(move |v| tracker.seen.update(|seen| seen.predicted = Some(v)))
                />
            </label>
        </Show>
    }
}
