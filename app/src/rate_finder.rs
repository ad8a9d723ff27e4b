//! The learning-rate finder's panel, for any lab: a button, the curve of loss against rate with
//! the suggestions marked, and a click on the plot (or a button) to use a rate.

use crate::format;
use crate::plots::event_to_canvas_pixel;
use crate::plots::rate_chart::{self, PixelToRate};
use engine::lr_finder::FinderCurve;
use leptos::prelude::*;

#[component]
pub fn RateFinderPanel(
    /// The latest curve, if any.
    #[prop(into)]
    curve: Signal<Option<FinderCurve>>,
    /// The rate in use, marked on the plot.
    #[prop(into)]
    rate: Signal<f32>,
    /// Rates chosen here are rounded and kept within this range.
    range: (f32, f32),
    #[prop(into)] finding: Signal<bool>,
    /// Why the finder cannot run now, if it cannot: shown beside its disabled button.
    #[prop(into)]
    blocked: Signal<Option<&'static str>>,
    on_find: Callback<()>,
    on_choose: Callback<f32>,
    /// What the sweep does, in a sentence or two.
    about: &'static str,
) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let to_rate = StoredValue::new_local(None::<PixelToRate>);
    let choose = move |rate: f32| {
        let (lo, hi) = range;
        let rounded: f32 = format::significant(rate.clamp(lo, hi))
            .parse()
            .unwrap_or(lo);
        on_choose.run(rounded);
    };
    crate::frame::redraw_per_frame(
        move || Some((canvas.get()?, curve.get()?, rate.get())),
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
        curve.get().map(|curve| {
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
    let suggestion = move || curve.with(|c| c.as_ref().and_then(|c| c.minimum_tenth));
    view! {
        <details class="rate-finder">
            <summary>"Learning-rate finder"</summary>
            <p class="hint">{about} " Click the plot to use a rate."</p>
            <button
                on:click=move |_| on_find.run(())
                disabled=move || blocked.with(Option::is_some) || finding.get()
            >
                {move || if finding.get() { "Finding…" } else { "Find a learning rate" }}
            </button>
            <span class="hint finder-blocked">{blocked}</span>
            <Show when=move || curve.with(Option::is_some)>
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
