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

/// What the learner has done since the mission was set up.
#[derive(Clone, Copy)]
pub struct QuadraticMissions {
    lab: QuadraticLab,
    /// Where the mission started: c's way down and the held a and b (`gradient-sign`).
    start: RwSignal<Coefficients>,
    /// The points at the start (`mae-vs-mse`: the ones left alone, and the fit to them).
    start_points: StoredValue<Points>,
    /// Step or Train was used (`by-hand`).
    trained: RwSignal<bool>,
    /// The way the learner said c should move (`gradient-sign`).
    pub said: RwSignal<Option<Direction>>,
    /// Where the learner says a will be after the next Step (`one-step`).
    pub predicted: RwSignal<Option<f32>>,
    /// The last Step: the prediction typed before it, and a before and after it.
    stepped: RwSignal<Option<(Option<f32>, f32, f32)>>,
    /// A Train ended with the loss blown up (`blow-up`).
    blew_up: RwSignal<bool>,
    /// The rate of a Train that converged after one blew up (`blow-up`).
    converged_at: RwSignal<Option<f32>>,
    /// The fits to the points as they are now, under the MSE and the MAE (`mae-vs-mse`).
    fits: RwSignal<(Option<Coefficients>, Option<Coefficients>)>,
    /// With the gradients not zeroed, the loss climbed (`zero-grad`).
    climbed: RwSignal<bool>,
    /// A run converged with the gradients zeroed after the loss had climbed (`zero-grad`).
    converged_without_bug: RwSignal<bool>,
    /// The point whose node the page asks about (`backward`)…
    pub backward_point: RwSignal<Option<usize>>,
    /// …and the local gradient the learner typed for it.
    pub local_gradient: RwSignal<Option<f64>>,
}

impl QuadraticMissions {
    /// Follows the lab for whichever of its missions is set up, and reports it done.
    pub fn watch(lab: QuadraticLab, missions: Missions) -> Self {
        let tracker = Self {
            lab,
            start: RwSignal::new(lab.coefficients.get_untracked()),
            start_points: StoredValue::new(lab.points.get_untracked()),
            trained: RwSignal::new(false),
            said: RwSignal::new(None),
            predicted: RwSignal::new(None),
            stepped: RwSignal::new(None),
            blew_up: RwSignal::new(false),
            converged_at: RwSignal::new(None),
            fits: RwSignal::new((None, None)),
            climbed: RwSignal::new(false),
            converged_without_bug: RwSignal::new(false),
            backward_point: RwSignal::new(None),
            local_gradient: RwSignal::new(None),
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
                    tracker.climbed.set(true);
                }
            }
        });
        Effect::new(move |_| {
            if ours() == Some(MissionId::MaeVsMse) {
                lab.points.track();
                tracker.fits.set((None, None));
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
        self.start.set(self.lab.coefficients.get_untracked());
        self.start_points.set_value(self.lab.points.get_untracked());
        self.trained.set(false);
        self.said.set(None);
        self.predicted.set(None);
        self.stepped.set(None);
        self.blew_up.set(false);
        self.converged_at.set(None);
        self.fits.set((None, None));
        self.climbed.set(false);
        self.converged_without_bug.set(false);
        self.backward_point
            .set(self.lab.points.with_untracked(|points| {
                checks::backward_point(&LossGraph::new(
                    points,
                    self.lab.loss_kind.get_untracked(),
                    self.lab.coefficients.get_untracked(),
                ))
            }));
        self.local_gradient.set(None);
    }

    /// What a change of the run's state means for the missions.
    fn run_changed(self, before: Option<&RunState<Finish>>, now: &RunState<Finish>) {
        let lab = self.lab;
        let a = || lab.coefficients.get_untracked().a;
        match now {
            RunState::Stepping => {
                self.trained.set(true);
                let predicted = self.predicted.get_untracked();
                self.stepped.set(Some((predicted, a(), f32::NAN)));
            }
            RunState::Running => self.trained.set(true),
            RunState::Idle if before == Some(&RunState::Stepping) => {
                self.stepped
                    .update(|s| *s = s.map(|(predicted, before, _)| (predicted, before, a())));
                self.predicted.set(None);
            }
            RunState::Finished(Finish::Diverged) => self.blew_up.set(true),
            _ => {}
        }
        let converged = *now == RunState::Finished(Finish::Converged);
        let mse = lab.loss_kind.get_untracked() == LossKind::Mse;
        let zeroed = !lab.forget_zero_grad.get_untracked();
        if converged && mse && zeroed {
            if self.blew_up.get_untracked() {
                self.converged_at
                    .set(Some(lab.learning_rate.get_untracked()));
            }
            if self.climbed.get_untracked() {
                self.converged_without_bug.set(true);
            }
        }
        let ended = matches!(now, RunState::Finished(_) | RunState::Stopped);
        let at = lab.coefficients.get_untracked();
        match lab.loss_kind.get_untracked() {
            LossKind::Mse if converged => self.fits.update(|f| f.0 = Some(at)),
            LossKind::Mae if ended && lab.steps.get_untracked() >= MAE_FIT_STEPS => {
                self.fits.update(|f| f.1 = Some(at))
            }
            _ => {}
        }
    }

    /// Whether mission `id` is done, from what the lab shows now (tracked).
    fn is_done(self, id: MissionId) -> bool {
        let lab = self.lab;
        match id {
            MissionId::ByHand => lab
                .points
                .with(|points| checks::by_hand(points, lab.coefficients.get(), self.trained.get())),
            MissionId::GradientSign => lab.points.with(|points| {
                checks::gradient_sign(
                    points,
                    self.start.get(),
                    self.said.get(),
                    lab.coefficients.get(),
                )
            }),
            MissionId::OneStep => self
                .stepped
                .get()
                .is_some_and(|(predicted, before, after)| {
                    checks::one_step(predicted, before, after)
                }),
            MissionId::BlowUp => lab.stable_rate.get().is_some_and(|stable| {
                checks::blow_up(self.blew_up.get(), self.converged_at.get(), stable)
            }),
            MissionId::MaeVsMse => {
                let (Some(mse), Some(mae)) = self.fits.get() else {
                    return false;
                };
                let (start, now) = (self.start_points.get_value(), lab.points.get());
                let Some(reference) = least_squares(&start) else {
                    return false;
                };
                moved_one(&start, &now)
                    .is_some_and(|others| checks::mae_vs_mse(&others, reference, mse, mae))
            }
            MissionId::ZeroGrad => self.converged_without_bug.get(),
            MissionId::Backward => {
                let Some(point) = self.backward_point.get() else {
                    return false;
                };
                let loss = lab.loss_kind.get();
                let graph = lab
                    .points
                    .with(|points| LossGraph::new(points, loss, lab.coefficients.get()));
                checks::backward(&graph, loss, point, self.local_gradient.get())
            }
            _ => false,
        }
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
    let c_moved = move || lab.coefficients.get().c != tracker.start.get().c;
    let way = move |direction: Direction, text: &'static str| {
        view! {
            <button
                aria-pressed=move || (tracker.said.get() == Some(direction)).to_string()
                disabled=c_moved
                on:click=move |_| tracker.said.set(Some(direction))
            >
                {text}
            </button>
        }
    };
    let predicted = move || {
        tracker
            .predicted
            .get()
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
                    on_set=Callback::new(move |v| tracker.predicted.set(Some(v)))
                />
            </label>
        </Show>
    }
}
