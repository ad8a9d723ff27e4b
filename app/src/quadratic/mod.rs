//! The Quadratic lab: fit `a·x² + b·x + c` to noisy points by hand, then by gradient descent.

mod charts;
mod controls;
mod graph_panel;
mod missions;
mod point_editor;
mod race;
mod race_panel;
mod readouts;
mod state;

use crate::engine_client::{EngineClient, EngineLine, Slot};
use crate::page_lab::PageLab;
use crate::widgets::{AsCode, EverySection, LabLink, PathSection, settings_file};
use charts::{FitPlot, HistoryPlot, SurfacePlot};
use controls::{
    CoefficientControl, DataControls, DescentButtons, LearningRateControl, LossSwitch,
    SurfaceAxesPicker, ZeroGradToggle,
};
use descent_core::missions::MissionId;
use descent_core::quadratic::Coefficient;
use descent_core::quadratic::QuadraticSetup;
use descent_core::settings::LabSetup;
use graph_panel::GraphPanel;
use leptos::prelude::*;
use missions::{MissionQuestions, QuadraticMissions};
use protocol::files::Program;
use race_panel::RacePanel;
use readouts::{DataTable, LossReadout, PointsEditing, RunMessage};
pub use state::QuadraticLab;

#[component]
pub fn QuadraticLabView() -> impl IntoView {
    let lab = expect_context::<QuadraticLab>();
    view! {
        <section class="lab" aria-labelledby="quadratic-title">
            <h2 id="quadratic-title">"Quadratic lab"</h2>
            <LabLink
                notice=lab.address_notice
                pairs=Callback::new(move |()| lab.setup().to_pairs())
            />
            {settings_file(
                "quadratic",
                QuadraticSetup::SETTINGS,
                move || untrack(|| lab.setup()),
                move |setup| lab.restore(setup),
            )}
            <p class="intro">
                "Twenty noisy points come from a hidden quadratic. Find a, b and c of "
                <em>"a·x² + b·x + c"</em>
                " that fit them: first by hand with the sliders, then by gradient descent."
            </p>
            <EngineLine worker=Slot::Quadratic kept=state::KEPT />
            <div class="lab-grid">
                <div class="panel">
                    <FitPlot />
                    <PointsEditing />
                    <LossReadout />
                    <p class="hint">
                        "The " <strong>"loss"</strong>
                        " scores the fit: the mean squared error (MSE) averages the squared gaps between the curve and the points. Lower is better."
                    </p>
                    <div class="coefficients">
                        <CoefficientControl which=Coefficient::A />
                        <CoefficientControl which=Coefficient::B />
                        <CoefficientControl which=Coefficient::C />
                    </div>
                    <p class="hint">
                        "Each " <strong>"gradient"</strong>
                        " ∂L/∂a says how fast the loss grows as a grows: to lower the loss, move a the opposite way."
                    </p>
                    <LearningRateControl />
                    <p class="hint">
                        "A " <strong>"step"</strong> " moves every coefficient by −"
                        <strong>"learning rate"</strong>
                        " × its gradient. Too small and training crawls; too large and it overshoots and blows up."
                    </p>
                    <DescentButtons />
                    <MissionQuestions />
                    <RunMessage />
                    <ZeroGradToggle />
                </div>
                <div class="panel">
                    <SurfacePlot />
                    <SurfaceAxesPicker />
                    <HistoryPlot />
                </div>
            </div>
            <EverySection path=lab.sections />
            <PathSection path=lab.sections key="race" title="Optimizer race">
                <RacePanel />
            </PathSection>
            <div class="settings">
                <LossSwitch />
                <DataControls />
            </div>
            <PathSection path=lab.sections key="graph" title="How the gradient is computed">
                <GraphPanel />
            </PathSection>
            <DataTable />
            <AsCode
                file_name="descent_quadratic.py"
                about="The same run in PyTorch: the lab's points and loss, from where Step and Train started, at its rate, for the steps they took (so the same numbers, to rounding), then the race. It follows the lab as you change it."
                program=Memo::new(move |_| Program::Quadratic(lab.as_run()))
            />
        </section>
    }
}

impl PageLab for QuadraticLab {
    fn new(engine: EngineClient) -> Self {
        let lab = Self::start(engine);
        provide_context(QuadraticMissions::watch(lab, expect_context()));
        lab
    }

    /// Its worker starts on its first request, after the page's first frame.
    fn open(self) {}

    fn view() -> impl IntoView {
        view! { <QuadraticLabView /> }
    }

    const MISSIONS: &'static [MissionId] = missions::MISSIONS;

    fn set_up(self, id: MissionId) {
        expect_context::<QuadraticMissions>().set_up(id);
    }
}
