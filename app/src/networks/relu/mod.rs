//! The ReLU lab: any function from ReLUs. The learner adds units, each `max(0, m·x + b)` times a
//! weight, drags them over a target curve and reads the MSE; Fit runs gradient descent on all of
//! them at once and shows where the hinges land.

mod activations;
mod missions;
mod state;

use crate::engine_client::{EngineClient, EngineLine, Slot};
use crate::format;
use crate::page_lab::PageLab;
use crate::plots::relu_chart::{self, ReluPicture};
use crate::quadratic::QuadraticLab;
use crate::run_loop::RunState;
use crate::widgets::{
    AsCode, Choice, LabLink, OptimizerPicker, Parameters, PlotCanvas, SettingBox, SettingSlider,
    SetupStore, settings_file,
};
use activations::Activations;
use descent_core::missions::MissionId;
use descent_core::pytorch::relu::ReluRun;
use descent_core::relu::FIT_STEPS;
use descent_core::relu::setup::{CONSTANT, CONSTANT_TRAVEL, LEARNING_RATE, UNIT, UNIT_TRAVEL};
use descent_core::relu::{Hinge, MAX_UNITS, ReluSetup, ReluSum, Target};
use descent_core::run::RunEnd;
use descent_core::settings::{LabSetup, Number};
use leptos::prelude::*;
use protocol::files::{Model, Program};
pub use state::ReluLab;
use state::UNIT_COUNTS;

/// Samples of each drawn curve.
const CURVE_SAMPLES: usize = 200;

#[component]
pub fn ReluLabView() -> impl IntoView {
    let lab = expect_context::<ReluLab>();
    let mse = move || {
        let points = lab.points();
        lab.sum.with(|sum| sum.mse(&points))
    };
    let units = move || lab.sum.with(|s| s.hinges.len());
    view! {
        <section class="lab" aria-labelledby="relu-title">
            <h2 id="relu-title">"ReLU lab: any function from ReLUs"</h2>
            <p class="intro">
                "A rectified linear unit is max(0, m·x + b): zero, then a straight line from its hinge at x = −b/m. Add them up, each with a weight, and you can bend a line into any shape. More units, closer fit: that is the universal approximation theorem. Drag the units yourself, or press Fit to let gradient descent move them all at once."
            </p>
            <EngineLine worker=Slot::Networks kept=super::KEPT />
            <LabLink
                notice=lab.address_notice
                pairs=Callback::new(move |()| lab.setup.with_untracked(LabSetup::to_pairs))
            />
            {settings_file(
                "relu",
                ReluSetup::SETTINGS,
                move || lab.setup.get_untracked(),
                move |setup| lab.use_setup(setup),
            )}
            <div class="lab-grid">
                <div>
                    <ReluChart />
                    <p class="loss-line">
                        "MSE " <output class="loss relu-mse" aria-label="ReLU MSE">
                            {move || format::number(mse())}
                        </output> {move || format!(" with {} unit{}, ", units(), if units() == 1 { "" } else { "s" })}
                        <Parameters count=Signal::derive(move || lab.sum.with(ReluSum::parameters)) />
                    </p>
                    <FitControls />
                </div>
                <div>
                    <TargetPicker />
                    <UnitList />
                </div>
            </div>
            <Activations />
            <AsCode
                file_name="descent_relu.py"
                about="The units as a torch.nn.Module, fitted to the target as Fit does: from where the units are now, with the lab's optimizer and rate. With --init, it starts from a weights file instead."
                program=Memo::new(move |_| {
                    Program::Relu(ReluRun {
                        points: lab.points(),
                        start: lab.sum.get(),
                        optimizer: lab.optimizer.get(),
                        learning_rate: lab.learning_rate.get(),
                        steps: FIT_STEPS,
                    })
                })
                weights=Callback::new(move |()| Some(Model::Relu(lab.sum.get_untracked())))
            />
        </section>
    }
}

#[component]
fn ReluChart() -> impl IntoView {
    let lab = expect_context::<ReluLab>();
    view! {
        <figure class="plot">
            <PlotCanvas
                width=460
                height=320
                label="sum of ReLUs over the target"
                snapshot=move || Some((lab.points(), lab.sum.get()))
                draw=|canvas, (points, sum)| relu_chart::draw(canvas, &picture(&points, &sum))
            />
            <figcaption>
                "Blue: the target. Red: the sum of the units. Purple: each unit's part, with a triangle at its hinge."
            </figcaption>
        </figure>
    }
}

fn picture(points: &descent_core::Points, sum: &ReluSum) -> ReluPicture {
    let (lo, hi) = crate::plots::fit_chart::X_RANGE;
    let xs: Vec<f32> = (0..CURVE_SAMPLES)
        .map(|i| lo + (hi - lo) * i as f32 / (CURVE_SAMPLES - 1) as f32)
        .collect();
    let curve = |f: &dyn Fn(f32) -> f32| xs.iter().map(|&x| (x, f(x))).collect::<Vec<_>>();
    ReluPicture {
        points: points.pairs().collect(),
        sum: curve(&|x| sum.at(x)),
        units: sum.hinges.iter().map(|h| curve(&|x| h.at(x))).collect(),
        knees: sum.hinges.iter().filter_map(Hinge::knee).collect(),
    }
}

#[component]
fn TargetPicker() -> impl IntoView {
    let lab = expect_context::<ReluLab>();
    view! {
        <Choice
            label="target curve"
            caption="Target "
            options=Target::ALL.to_vec()
            key=|t| t.key().into()
            show=|t| t.label().into()
            value=lab.target
            on_set=Callback::new(move |target| lab.set_target(target))
        />
    }
}

#[component]
fn FitControls() -> impl IntoView {
    let lab = expect_context::<ReluLab>();
    let count = RwSignal::new(8usize);
    let status = move || match (lab.run.state.get(), lab.steps.get()) {
        (RunState::Running | RunState::Stopping, steps) => {
            format!("Fitting: step {steps} of {FIT_STEPS}…")
        }
        (RunState::Failed(why), _) => format!("The fit failed: {why}"),
        (RunState::Finished(RunEnd::Diverged), steps) => format!(
            "The fit blew up after {steps} steps at rate {}: lower the learning rate and fit again.",
            format::significant(lab.learning_rate.get_untracked()),
        ),
        (_, 0) => String::new(),
        (_, steps) => format!(
            "Fitted: {steps} steps of gradient descent ({}).",
            lab.optimizer.get_untracked().name()
        ),
    };
    let failed = move || {
        matches!(
            lab.run.state.get(),
            RunState::Failed(_) | RunState::Finished(RunEnd::Diverged)
        )
    };
    view! {
        <div class="buttons" role="group" aria-label="ReLU fit">
            <button
                on:click=move |_| lab.fit()
                disabled=move || lab.run.is_busy() || lab.sum.with(|s| s.hinges.is_empty())
            >
                "Fit"
            </button>
            <button on:click=move |_| lab.stop() disabled=move || !lab.run.is_running()>
                "Stop"
            </button>
        </div>
        <p class="hint">
            {move || format!(
                "Fit: {FIT_STEPS} steps of {} at rate {} on every m, b, weight and the constant, starting from your units.",
                lab.optimizer.get().name(),
                format::significant(lab.learning_rate.get()),
            )}
        </p>
        <OptimizerPicker
            label="ReLU optimizer"
            value=lab.optimizer
            on_set=Callback::new(move |o| lab.set_optimizer(o))
            disabled=Signal::derive(move || lab.run.is_busy())
        />
        <SettingBox
            setup=lab.setup
            number=LEARNING_RATE
            name="ReLU learning rate"
            disabled=Signal::derive(move || lab.run.is_busy())
        />
        <p class="train-status relu-status" class:alarm=failed role="status">{status}</p>
        <div class="inline">
            <button on:click=move |_| lab.start_over(count.get_untracked())>"Start over with"</button>
            <Choice
                label="units to start with"
                options=UNIT_COUNTS.to_vec()
                key=|n| n.to_string()
                show=|n| n.to_string()
                value=count
                on_set=Callback::new(move |n| count.set(n))
            />
            "units, spread out"
        </div>
    }
}

#[component]
fn UnitList() -> impl IntoView {
    let lab = expect_context::<ReluLab>();
    let count = move || lab.sum.with(|s| s.hinges.len());
    view! {
        <div class="relu-units">
            <For each=move || 0..count() key=|i| *i let:index>
                <UnitControls index />
            </For>
            <label class="relu-slider">
                <span>"c"</span>
                <SettingSlider setup=lab number=CONSTANT travel=CONSTANT_TRAVEL text=format::number />
            </label>
            <button on:click=move |_| lab.add_unit() disabled=move || { count() >= MAX_UNITS }>
                "Add a unit"
            </button>
            <p class="hint" role="status" aria-label="units">
                {move || match count() {
                    0 => "No units: the sum is the constant alone. Add a unit to fit.".to_string(),
                    n if n >= MAX_UNITS => format!("{MAX_UNITS} units is the most here."),
                    _ => String::new(),
                }}
            </p>
        </div>
    }
}

#[component]
fn UnitControls(index: usize) -> impl IntoView {
    let lab = expect_context::<ReluLab>();
    let hinge = move || lab.sum.with(|s| s.hinges.get(index).copied());
    let knee = move || {
        hinge()
            .and_then(|h| h.knee())
            .map_or("no hinge (m = 0)".into(), |k| {
                format!("hinge at x = {}", format::number(k))
            })
    };
    let n = index + 1;
    view! {
        <fieldset class="relu-unit">
            <legend>{format!("Unit {n}: weight · max(0, m·x + b)")} " · " {knee}</legend>
            <div>
                {UNIT
                    .map(|number| {
                        view! {
                            <label class="relu-slider">
                                <span>{number.label}</span>
                                <SettingSlider
                                    setup=Unit { lab, index }
                                    number
                                    name=format!("unit {n} {}", number.label)
                                    travel=UNIT_TRAVEL
                                    text=format::number
                                />
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <button
                aria-label=format!("remove unit {n}")
                on:click=move |_| lab.edit(|s| {
                    if index < s.hinges.len() {
                        s.hinges.remove(index);
                    }
                })
            >
                "Remove"
            </button>
        </fieldset>
    }
}

/// One unit's numbers, as its sliders read and set them: a change by hand ends a fit.
#[derive(Clone, Copy)]
struct Unit {
    lab: ReluLab,
    index: usize,
}

impl SetupStore<Hinge> for Unit {
    fn number(self, number: Number<Hinge>) -> f64 {
        let hinge = self.lab.sum.with(|s| s.hinges.get(self.index).copied());
        hinge.map_or(0.0, |h| (number.get)(&h))
    }

    fn set_number(self, number: Number<Hinge>, value: f64) {
        self.lab.edit(|s| {
            if let Some(h) = s.hinges.get_mut(self.index) {
                (number.set)(h, value);
            }
        });
    }
}

impl PageLab for ReluLab {
    /// Its target can be the Quadratic lab's points.
    fn new(engine: EngineClient) -> Self {
        let lab = Self::new(engine, expect_context::<QuadraticLab>().points.into());
        missions::watch(lab, expect_context());
        lab
    }

    fn open(self) {
        self.open()
    }

    fn view() -> impl IntoView {
        view! { <ReluLabView /> }
    }

    const MISSIONS: &'static [MissionId] = missions::MISSIONS;

    fn set_up(self, id: MissionId) {
        missions::set_up(self, id);
    }
}
