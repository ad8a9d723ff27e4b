//! The learning-rate finder's panel, for any lab: a button, the curve of loss against rate with
//! the suggestions marked, and a click on the plot (or a button) to use a rate.

use crate::format;
use crate::plots::rate_chart::{self, PixelToRate};
use crate::widgets::PlotCanvas;
use descent_core::lr_finder::FinderCurve;
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
    /// Batches tried so far, while the finder runs.
    #[prop(into)]
    finding: Signal<Option<usize>>,
    /// Why the finder cannot run now, if it cannot: shown beside its disabled button.
    #[prop(into)]
    blocked: Signal<Option<&'static str>>,
    on_find: Callback<()>,
    on_choose: Callback<f32>,
    /// What the sweep does, in a sentence or two.
    about: &'static str,
) -> impl IntoView {
    let to_rate = StoredValue::new_local(None::<PixelToRate>);
    let choose = move |rate: f32| {
        let (lo, hi) = range;
        let rounded: f32 = format::significant(rate.clamp(lo, hi))
            .parse()
            .unwrap_or(lo);
        on_choose.run(rounded);
    };
    let on_click = move |pixel| {
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
                disabled=move || blocked.with(Option::is_some) || finding.get().is_some()
            >
                {move || match finding.get() {
                    Some(0) => "Finding…".to_string(),
                    Some(batches) => format!("Finding… ({batches} batches)"),
                    None => "Find a learning rate".into(),
                }}
            </button>
            <span class="hint finder-blocked">{blocked}</span>
            <Show when=move || curve.with(Option::is_some)>
                <figure class="plot">
                    <PlotCanvas
                        width=440
                        height=220
                        label="loss against learning rate"
                        snapshot=move || Some((curve.get()?, rate.get()))
                        draw=move |canvas, (curve, rate)| {
                            to_rate.set_value(Some(rate_chart::draw(canvas, &curve, rate)?));
                            Ok(())
                        }
                        on_click=Callback::new(on_click)
                    />
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
