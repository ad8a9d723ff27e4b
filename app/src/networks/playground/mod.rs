//! The Network playground (HOML chapter 10, after TensorFlow Playground): 2-D data, chosen
//! input features, a network of up to six hidden layers, and every neuron seen as it learns.

mod controls;
mod state;
mod views;

use super::Networks;
use crate::format;
use controls::{DataControls, NetworkControls, Presets, TrainingControls};
use engine::playground::setup::LEARNING_RATE_RANGE;
use leptos::prelude::*;
use state::PlayStatus;
pub use state::Playground;
use views::{DecisionMap, LossCurves, NetworkDiagram};

#[component]
pub fn PlaygroundView() -> impl IntoView {
    let networks = expect_context::<Networks>();
    let playground = networks.playground;
    view! {
        <section class="lab" aria-labelledby="playground-title">
            <h2 id="playground-title">"Network playground"</h2>
            <p class="intro">
                "Pick a dataset and the inputs the network sees, give it hidden layers, and press Play. Each small square shows what one neuron computes over the plane (orange negative, blue positive); the edges between them are the weights. The large map is the output: the network's decision."
            </p>
            <super::EngineLine />
            <p class="address-notice playground-notice" role="alert">
                {move || playground.address_notice.get()}
            </p>
            <Presets />
            <Transport />
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
                </div>
            </div>
            <TrainingControls />
            <crate::rate_finder::RateFinderPanel
                curve=playground.rate_curve
                rate=Signal::derive(move || playground.setup.with(|s| s.learning_rate))
                range=LEARNING_RATE_RANGE
                finding=playground.finding_rate
                blocked=Signal::derive(move || match playground.status.get() {
                    PlayStatus::Paused => None,
                    PlayStatus::Playing => Some("Pause first."),
                    PlayStatus::Diverged => Some("Reset first: this network's weights blew up."),
                    PlayStatus::Resetting => Some("Waiting for the network."),
                    PlayStatus::Failed(_) => Some("Reset first."),
                })
                on_find=Callback::new(move |()| playground.find_rate())
                on_choose=Callback::new(move |rate| playground.change(|s| s.learning_rate = rate))
                about="Trains a copy of this network for up to 100 batches of 32, the rate growing from 0.000001 to 100, until the loss blows up. Your network is not changed."
            />
        </section>
    }
}

/// Play / Pause, Step, Reset, and where training stands.
#[component]
fn Transport() -> impl IntoView {
    let playground = expect_context::<Networks>().playground;
    let status = playground.status;
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
        match status.get() {
        PlayStatus::Resetting => "Building the network…".to_string(),
        PlayStatus::Diverged => {
            "The loss blew up: the learning rate is too high for this network. Lower it and press Reset.".into()
        }
        PlayStatus::Failed(why) => format!("Training stopped: {why}"),
        PlayStatus::Paused | PlayStatus::Playing => String::new(),
    }
    };
    let alarm = move || matches!(status.get(), PlayStatus::Diverged | PlayStatus::Failed(_));
    view! {
        <div class="buttons" role="group" aria-label="playground training">
            <button
                class="play"
                on:click=move |_| {
                    if playground.is_playing() { playground.pause() } else { playground.play() }
                }
                disabled=move || !matches!(status.get(), PlayStatus::Paused | PlayStatus::Playing)
            >
                {move || if playground.is_playing() { "Pause" } else { "Play" }}
            </button>
            <button on:click=move |_| playground.step() disabled=move || status.get() != PlayStatus::Paused>
                "Step"
            </button>
            <button on:click=move |_| playground.reset()>"Reset"</button>
        </div>
        <p class="playground-scores" role="status">{scores}</p>
        <p class="train-status playground-status" class:alarm=alarm role="status">{message}</p>
    }
}
