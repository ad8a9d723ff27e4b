//! The learning-rate finder for a model: the curve, the suggestions, and a click to use a rate.

use super::state::{DataState, DigitsLab, LEARNING_RATE_RANGE, ModelRun};
use crate::format;
use crate::plots::event_to_canvas_pixel;
use crate::plots::rate_chart::{self, PixelToRate};
use leptos::prelude::*;

#[component]
pub fn RateFinder(model: ModelRun) -> impl IntoView {
    let lab = expect_context::<DigitsLab>();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let to_rate = StoredValue::new_local(None::<PixelToRate>);
    let ready = move || matches!(lab.data.get(), DataState::Ready(_));
    // Rates chosen here are rounded like the slider's and kept within its range.
    let choose = move |rate: f32| {
        let (lo, hi) = LEARNING_RATE_RANGE;
        let rounded: f32 = format::significant(rate.clamp(lo, hi))
            .parse()
            .unwrap_or(lo);
        model.learning_rate.set(rounded);
    };
    crate::frame::redraw_per_frame(
        move || {
            Some((
                canvas.get()?,
                model.rate_curve.get()?,
                model.learning_rate.get(),
            ))
        },
        move |(canvas, curve, rate)| match rate_chart::draw(&canvas, &curve, rate) {
            Ok(map) => to_rate.set_value(Some(map)),
            Err(error) => web_sys::console::error_1(&format!("rate chart: {error}").into()),
        },
    );
    let on_click = move |event: leptos::ev::MouseEvent| {
        let Some(canvas) = canvas.get_untracked() else {
            return;
        };
        let pixel = event_to_canvas_pixel(&canvas, &event);
        if let Some(rate) = to_rate.with_value(|map| map.as_ref().and_then(|map| map(pixel))) {
            choose(rate);
        }
    };
    let summary = move || {
        model.rate_curve.get().map(|curve| {
            let rate = |r: Option<f32>| r.map_or("–".into(), format::significant);
            format!(
                "Suggested: {} (a tenth of the rate at the lowest loss); steepest fall at {}{}.",
                rate(curve.minimum_tenth),
                rate(curve.steepest),
                curve.diverged_at.map_or(String::new(), |r| format!(
                    "; the loss blew up at {}",
                    format::significant(r)
                )),
            )
        })
    };
    let suggestion = move || {
        model
            .rate_curve
            .with(|c| c.as_ref().and_then(|c| c.minimum_tenth))
    };
    view! {
        <details class="rate-finder">
            <summary>"Learning-rate finder"</summary>
            <p class="hint">
                "Trains a copy of this model for up to 100 batches, the rate growing from 0.000001 tenfold every 12 batches, until the loss blows up. Your model is not changed. Click the plot to use a rate."
            </p>
            <button
                on:click=move |_| lab.find_rate(model)
                disabled=move || !ready() || model.is_training() || model.finding_rate.get()
            >
                {move || if model.finding_rate.get() { "Finding…" } else { "Find a learning rate" }}
            </button>
            <Show when=move || model.rate_curve.with(Option::is_some)>
                <figure class="plot">
                    <canvas
                        node_ref=canvas
                        width="440"
                        height="220"
                        aria-label="loss against learning rate"
                        on:click=on_click
                    ></canvas>
                    <figcaption>"Green: suggested rate; orange: steepest fall; red: the rate in use."</figcaption>
                </figure>
                <p class="rate-suggestion" role="status">{summary}</p>
                <button on:click=move |_| {
                    if let Some(rate) = suggestion() {
                        choose(rate);
                    }
                }>"Use the suggested rate"</button>
            </Show>
        </details>
    }
}
