//! The Network playground (HOML chapter 10, after TensorFlow Playground): 2-D data, chosen
//! input features, a network of up to six hidden layers, and every neuron seen as it learns.

mod controls;
mod missions;
mod state;
mod views;

use crate::engine_client::{EngineClient, EngineLine, Slot};
use crate::format;
use crate::page_lab::PageLab;
use crate::run_loop::RunState;
use crate::widgets::{AsCode, LabLink, settings_file};
use controls::{DataControls, NetworkControls, OptimizationControls, Presets, TrainingControls};
use descent_core::missions::MissionId;
use descent_core::playground::Setup;
use descent_core::playground::setup::{LEARNING_RATE_RANGE, SETTINGS};
use leptos::prelude::*;
use missions::{MissionQuestions, PlaygroundMissions};
use protocol::files::{Model, Program};
use state::Finish;
pub use state::PlaygroundLab;
use views::{DecisionMap, GradientsView, LossCurves, NetworkDiagram};

#[component]
pub fn PlaygroundLabView() -> impl IntoView {
    let playground = expect_context::<PlaygroundLab>();
    view! {
        <section class="lab" aria-labelledby="playground-title">
            <h2 id="playground-title">"Network playground"</h2>
            <p class="intro">
                "Pick a dataset and the inputs the network sees, give it hidden layers, and press Play. Each small square shows what one neuron computes over the plane (orange negative, blue positive); the edges between them are the weights. The large map is the output: the network's decision."
            </p>
            <EngineLine worker=Slot::Networks kept=super::KEPT />
            <LabLink
                notice=playground.address_notice
                pairs=Callback::new(move |()| playground.setup.with(Setup::to_pairs))
            />
            {settings_file(
                "playground",
                &SETTINGS,
                move || playground.setup.get_untracked(),
                move |setup| playground.use_settings(setup),
            )}
            <Presets />
            <Transport />
            <MissionQuestions />
            <div class="playground-grid">
                <div class="playground-column">
                    <DataControls />
                </div>
                <div class="playground-column">
                    <NetworkControls />
                    <NetworkDiagram />
                </div>
                <div class="playground-column">
                    <DecisionMap />
                    <LossCurves />
                    <GradientsView />
                </div>
            </div>
            <TrainingControls />
            <OptimizationControls />
            <crate::rate_finder::RateFinderPanel
                curve=playground.rate_curve
                rate=Signal::derive(move || playground.setup.with(|s| s.learning_rate))
                range=LEARNING_RATE_RANGE
                finding=playground.finding
                blocked=Signal::derive(move || match playground.run.state.get() {
                    _ if playground.building.get() => Some("Waiting for the network."),
                    RunState::Idle
                    | RunState::Stopped
                    | RunState::Finished(Finish::Ended | Finish::EarlyStopped(_)) => None,
                    RunState::Stepping | RunState::Running | RunState::Stopping => Some("Pause first."),
                    RunState::Finished(Finish::Diverged) => {
                        Some("Reset first: this network's weights blew up.")
                    }
                    RunState::Failed(_) => Some("Reset first."),
                })
                on_find=Callback::new(move |()| playground.find_rate())
                on_choose=Callback::new(move |rate| playground.change(|s| s.learning_rate = rate))
                about="Trains a copy of this network for up to 100 batches of 32, the rate growing from 0.000001 to 100, until the loss blows up. Your network is not changed."
            />
            <AsCode
                file_name="descent_playground.py"
                about="The same points, inputs, network, loss, regularisation, optimizer and batches in PyTorch, with a DataLoader. Its first weights are PyTorch's own; with --init and the weights below it starts from this network instead, and with --full-batch its steps are the lab's to rounding."
                program=Memo::new(move |_| {
                    Program::Playground(Box::new(playground.setup.get()), playground.data.get())
                })
                weights=Callback::new(move |()| {
                    playground.picture.with_untracked(|p| {
                        p.as_ref().map(|p| Model::Playground {
                            weights: p.weights.clone(),
                            biases: p.biases.clone(),
                        })
                    })
                })
            />
        </section>
    }
}

/// Play / Pause, Step, Reset, and where training stands.
#[component]
fn Transport() -> impl IntoView {
    let playground = expect_context::<PlaygroundLab>();
    let run = playground.run;
    let scores = move || {
        let steps = playground.steps.get();
        playground.scores.get().map_or(String::new(), |s| {
            let accuracy = |name: &str, a: Option<f32>| {
                a.map_or(String::new(), |a| {
                    format!(" · {name} accuracy {}", format::percent(a))
                })
            };
            format!(
                "Batch {steps} · train loss {} · test loss {}{}{}",
                format::number(s.train_loss),
                format::number(s.test_loss),
                accuracy("train", s.train_accuracy),
                accuracy("test", s.test_accuracy),
            )
        })
    };
    let message = move || {
        match run.state.get() {
        _ if playground.building.get() => "Building the network…".to_string(),
        RunState::Finished(Finish::Diverged) => {
            "The loss blew up: the learning rate is too high for this network. Lower it and press Reset.".into()
        }
        RunState::Finished(Finish::Ended) => {
            format!("Finished: {} batches, as “stop after” asks.", playground.steps.get())
        }
        RunState::Finished(Finish::EarlyStopped(stopped)) => format!(
            "Early stopping: the test loss had not improved for {} batches, so training stopped at batch {} and went back to the network of batch {} (test loss {}).",
            stopped.at - stopped.best_at,
            stopped.at,
            stopped.best_at,
            format::number(stopped.best_loss),
        ),
        RunState::Failed(why) => format!("Training stopped: {why}"),
        _ => String::new(),
    }
    };
    let alarm = move || {
        matches!(
            run.state.get(),
            RunState::Finished(Finish::Diverged) | RunState::Failed(_)
        )
    };
    view! {
        <div class="buttons" role="group" aria-label="playground training">
            <button
                class="play"
                on:click=move |_| {
                    if run.is_running() { playground.pause() } else { playground.play() }
                }
                disabled=move || !(run.is_running() || playground.can_train())
            >
                {move || if run.is_running() { "Pause" } else { "Play" }}
            </button>
            <button on:click=move |_| playground.step() disabled=move || !playground.can_train()>
                "Step"
            </button>
            <button on:click=move |_| playground.reset()>"Reset"</button>
        </div>
        <p class="playground-scores" role="status">{scores}</p>
        <p class="train-status playground-status" class:alarm=alarm role="status">{message}</p>
    }
}

impl PageLab for PlaygroundLab {
    fn new(engine: EngineClient) -> Self {
        let lab = Self::from_address(engine);
        provide_context(PlaygroundMissions::watch(lab, expect_context()));
        lab
    }

    fn open(self) {
        self.open()
    }

    fn view() -> impl IntoView {
        view! { <PlaygroundLabView /> }
    }

    const MISSIONS: &'static [MissionId] = missions::MISSIONS;

    fn set_up(self, id: MissionId) {
        expect_context::<PlaygroundMissions>().set_up(self, id);
    }
}
