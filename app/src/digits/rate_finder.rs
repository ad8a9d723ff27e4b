//! The learning-rate finder for a Digits model.

use super::model_run::{Finish, ModelRun};
use super::state::DigitsLab;
use crate::rate_finder::RateFinderPanel;
use crate::run_loop::RunState;
use descent_core::digits::setup::LEARNING_RATE_RANGE;
use leptos::prelude::*;

#[component]
pub fn RateFinder(model: ModelRun) -> impl IntoView {
    let lab = expect_context::<DigitsLab>();
    // The finder copies the model as it is, so it waits for a settled, finite one.
    let blocked = move || {
        if !lab.is_loaded() {
            Some("Waiting for the data.")
        } else if model.run.is_busy() {
            Some("Stop training first.")
        } else if model.run.state.get() == RunState::Finished(Finish::Diverged) {
            Some("Reset first: this model's weights blew up.")
        } else {
            None
        }
    };
    view! {
        <RateFinderPanel
            curve=model.rate_curve
            rate=model.learning_rate
            range=LEARNING_RATE_RANGE
            finding=model.finding
            blocked=Signal::derive(blocked)
            on_find=Callback::new(move |()| lab.find_rate(model))
            on_choose=Callback::new(move |rate| model.set(|r| r.learning_rate = rate))
            about="Trains a copy of this model for up to 100 batches, the rate growing from 0.000001 tenfold every 12 batches, until the loss blows up. Your model is not changed."
        />
    }
}
