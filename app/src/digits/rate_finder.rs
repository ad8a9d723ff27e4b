//! The learning-rate finder for a Digits model.

use super::state::{DataState, DigitsLab, LEARNING_RATE_RANGE, ModelRun};
use crate::rate_finder::RateFinderPanel;
use leptos::prelude::*;

#[component]
pub fn RateFinder(model: ModelRun) -> impl IntoView {
    let lab = expect_context::<DigitsLab>();
    let ready = move || matches!(lab.data.get(), DataState::Ready(_));
    view! {
        <RateFinderPanel
            curve=model.rate_curve
            rate=model.learning_rate
            range=LEARNING_RATE_RANGE
            finding=model.finding_rate
            can_find=Signal::derive(move || ready() && !model.is_training())
            on_find=Callback::new(move |()| lab.find_rate(model))
            on_choose=Callback::new(move |rate| model.learning_rate.set(rate))
            about="Trains a copy of this model for up to 100 batches, the rate growing from 0.000001 tenfold every 12 batches, until the loss blows up. Your model is not changed."
        />
    }
}
