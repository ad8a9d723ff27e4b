//! The Titanic lab (fast.ai lesson 3's spreadsheet, and the notebook "Linear model and neural net
//! from scratch"): real passengers, cleaned step by step, three models trained by gradient
//! descent, and "Would you have survived?".

mod cleaning;
mod models;
mod state;

use crate::engine_client::{EngineClient, EngineLine, Slot};
use crate::page_lab::PageLab;
use crate::widgets::{EverySection, LabLink, PathSection, settings_file};
use cleaning::CleaningSteps;
use descent_core::settings::LabSetup;
use descent_core::titanic::TitanicSetup;
use leptos::prelude::*;
use models::{ModelPanels, SurvivalForm};
pub use state::TitanicLab;

/// What the lab carries over when its worker is replaced.
const KEPT: &str =
    "The passengers are loaded again, and each trained model trains again from the same seed.";

#[component]
pub fn TitanicLabView() -> impl IntoView {
    let lab = expect_context::<TitanicLab>();
    view! {
        <section class="lab" aria-labelledby="titanic-title">
            <h2 id="titanic-title">"Titanic lab"</h2>
            <p class="intro">
                "Who survived the Titanic? Lesson 3 ends by building a model from scratch, first in a spreadsheet: clean the passengers' details into numbers, multiply each by a weight, add them up (SUMPRODUCT), and let gradient descent find the weights. Here are the same steps on Kaggle's 891 passengers, then a neural net and a deep one."
            </p>
            <EngineLine worker=Slot::Networks kept=KEPT />
            <LabLink
                notice=lab.address_notice
                pairs=Callback::new(move |()| lab.setup.with_untracked(LabSetup::to_pairs))
            />
            {settings_file(
                "titanic",
                TitanicSetup::SETTINGS,
                move || lab.setup.get_untracked(),
                move |setup| lab.setup.set(setup),
            )}
            <EverySection path=lab.sections />
            <PathSection path=lab.sections key="cleaning" title="Cleaning the data">
                <CleaningSteps />
            </PathSection>
            <PathSection path=lab.sections key="models" title="Three models">
                <ModelPanels />
            </PathSection>
            <PathSection path=lab.sections key="survival" title="Would you have survived?">
                <SurvivalForm />
            </PathSection>
        </section>
    }
}

impl PageLab for TitanicLab {
    fn new(engine: EngineClient) -> Self {
        Self::new(engine)
    }

    fn open(self) {
        self.open()
    }

    fn view() -> impl IntoView {
        view! { <TitanicLabView /> }
    }
}
