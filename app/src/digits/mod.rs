//! The Digits lab: fastbook chapter 4 live, from pixel similarity to a trained MLP on MNIST.

mod answering;
mod confusion;
mod data_panel;
mod drawing;
mod missions;
mod model_run;
mod own_digits;
mod pair_picker;
pub(crate) mod pictures;
mod rate_finder;
mod seven_steps;
mod similarity_panel;
mod state;
mod teach_panel;
mod training;
mod training_panel;
mod weights_file;

use crate::engine_client::{EngineClient, EngineLine, Slot};
use crate::page_lab::PageLab;
use crate::widgets::{EverySection, LabLink, PathSection, settings_file};
use data_panel::DataPanel;
use descent_core::digits::{DigitsSetup, ModelKind, Pair};
use descent_core::missions::MissionId;
use descent_core::settings::LabSetup;
use drawing::DrawPanel;
use leptos::prelude::*;
use missions::{DigitsMissions, MissionQuestions};
use similarity_panel::SimilarityPanel;
pub use state::{DataState, DigitsLab};
use teach_panel::TeachPanel;
use training_panel::TrainingPanel;

/// The rungs that train, in the book's order: each one's title and what it is, where `{pair}`
/// and `{first}` stand for the lab's two digits ([`with_pair`]).
const RUNGS: [(ModelKind, &str, &str); 4] = [
    (
        ModelKind::Linear,
        "3. A linear model: {pair}?",
        "784 weights and a bias; a sigmoid turns the sum into the probability of a {first}. mnist_loss, mini-batch SGD with a fresh shuffle every epoch, learning rate 1.0 as in the book.",
    ),
    (
        ModelKind::SimpleNet,
        "4. simple_net: a hidden ReLU layer",
        "Each hidden unit is a linear model; ReLU keeps what is positive; a last linear layer adds them up. The book: 0.9828 after 40 epochs at learning rate 0.1.",
    ),
    (
        ModelKind::AllDigits,
        "5. All ten digits",
        "Ten outputs, softmax and cross-entropy; accuracy on the 10,000 test images.",
    ),
    (
        ModelKind::Convolutional,
        "6. A convolutional net",
        "Small 5×5 filters slid over the image find strokes wherever they are; max pooling keeps the strongest match in each 2×2 block, so a digit moved a little still looks the same. The ready model that reads your drawings is this net, trained for 15 epochs on distorted digits.",
    ),
];

/// Step 2's title.
const SIMILARITY_TITLE: &str = "2. Pixel similarity: {pair}?";

/// `text` naming `pair`: `{pair}` as "3 or 7", `{first}` as "3".
fn with_pair(text: &str, pair: Pair) -> String {
    text.replace("{pair}", &pair.to_string())
        .replace("{first}", &pair.first().to_string())
}

#[component]
pub fn DigitsLabView() -> impl IntoView {
    let lab = expect_context::<DigitsLab>();
    let pair = lab.pair;
    view! {
        <section class="lab" aria-labelledby="digits-title">
            <h2 id="digits-title">"Digits lab"</h2>
            <p class="intro">
                "fastbook chapter 4, live: tell handwritten digits apart, first without learning, then with a linear model, a small neural net, and all ten digits."
            </p>
            <EngineLine worker=Slot::Digits kept=state::KEPT />
            <LabLink
                notice=lab.address_notice
                pairs=Callback::new(move |()| lab.setup.with_untracked(LabSetup::to_pairs))
            />
            {settings_file(
                "digits",
                DigitsSetup::SETTINGS,
                move || lab.setup.get_untracked(),
                move |setup| lab.use_setup(setup),
            )}
            <MissionQuestions />
            <EverySection path=lab.sections />
            <PathSection path=lab.sections key="draw" title="Draw a digit">
                <DrawPanel />
            </PathSection>
            <PathSection path=lab.sections key="teach" title="Teach it your digits">
                <TeachPanel />
            </PathSection>
            <PathSection path=lab.sections key="data" title="1. Look at the data">
                <DataPanel />
            </PathSection>
            <PathSection
                path=lab.sections
                key="similarity"
                title=Signal::derive(move || with_pair(SIMILARITY_TITLE, pair.get()))
            >
                <SimilarityPanel />
            </PathSection>
            {RUNGS
                .into_iter()
                .map(|(kind, title, intro)| {
                    let title = Signal::derive(move || with_pair(title, pair.get()));
                    let intro = Signal::derive(move || with_pair(intro, pair.get()));
                    view! {
                        <PathSection path=lab.sections key=kind.key() title>
                            <TrainingPanel kind title intro />
                        </PathSection>
                    }
                })
                .collect_view()}
        </section>
    }
}

impl PageLab for DigitsLab {
    fn new(engine: EngineClient) -> Self {
        let lab = Self::new(engine);
        provide_context(DigitsMissions::watch(lab, expect_context()));
        lab
    }

    fn open(self) {
        self.open()
    }

    fn view() -> impl IntoView {
        view! { <DigitsLabView /> }
    }

    const MISSIONS: &'static [MissionId] = missions::MISSIONS;

    fn set_up(self, id: MissionId) {
        expect_context::<DigitsMissions>().set_up(id);
    }
}
