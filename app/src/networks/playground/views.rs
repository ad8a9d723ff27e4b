//! The playground's pictures: the network diagram, the decision map with the data, and the
//! loss curves. Each redraws at most once per frame, from what the worker last sent.

use super::Playground;
use crate::plots::heatmap::HeatmapPainter;
use crate::plots::{decision_map, loss_curves, network_diagram};
use crate::widgets::PlotCanvas;
use engine::playground::{PICTURE_RESOLUTION, feature_map};
use leptos::prelude::*;

/// A painter for heatmaps, kept with its canvas: it reuses its buffers from frame to frame.
fn painter() -> StoredValue<Option<HeatmapPainter>, LocalStorage> {
    StoredValue::new_local(HeatmapPainter::new().ok())
}

#[component]
pub fn NetworkDiagram() -> impl IntoView {
    let playground = expect_context::<Playground>();
    let painter = painter();
    // The inputs' maps change only with the choice of inputs, not as the network trains.
    let inputs = Memo::new(move |_| {
        playground.setup.with(|s| {
            s.network
                .features
                .iter()
                .map(|&f| feature_map(f, PICTURE_RESOLUTION))
                .collect::<Vec<_>>()
        })
    });
    let size = Memo::new(move |_| {
        let hidden = playground.setup.with(|s| s.network.hidden.clone());
        let columns: Vec<usize> = std::iter::once(inputs.with(Vec::len))
            .chain(hidden)
            .chain([1])
            .collect();
        network_diagram::size(&columns)
    });
    let layers = Signal::derive(move || {
        playground.setup.with(|s| {
            let hidden: Vec<String> = s.network.hidden.iter().map(usize::to_string).collect();
            format!(
                "network: {} inputs, hidden layers [{}], 1 output",
                s.network.features.len(),
                hidden.join(", ")
            )
        })
    });
    view! {
        <figure class="plot network-diagram">
            <PlotCanvas
                width=Signal::derive(move || size.get().0)
                height=Signal::derive(move || size.get().1)
                label=layers
                snapshot=move || Some((playground.picture.get()?, inputs.get()))
                draw=move |canvas, (picture, inputs)| {
                    painter
                        .try_update_value(|painter| match painter {
                            Some(painter) => {
                                network_diagram::draw(canvas, painter, &inputs, &picture)
                            }
                            None => Err("no heatmap painter".into()),
                        })
                        .unwrap_or(Ok(()))
                }
                measure="network-diagram-draw"
            />
            <figcaption>{layers}</figcaption>
        </figure>
    }
}

#[component]
pub fn DecisionMap() -> impl IntoView {
    let playground = expect_context::<Playground>();
    let painter = painter();
    let show_test = RwSignal::new(false);
    view! {
        <figure class="plot">
            <PlotCanvas
                width=300
                height=300
                label="decision map"
                snapshot=move || {
                    Some((playground.picture.get()?, playground.data.get()?, show_test.get()))
                }
                draw=move |canvas, (picture, data, show_test)| {
                    painter
                        .try_update_value(|painter| match painter {
                            Some(painter) => {
                                decision_map::draw(canvas, painter, &picture, &data, show_test)
                            }
                            None => Err("no heatmap painter".into()),
                        })
                        .unwrap_or(Ok(()))
                }
                measure="decision-map-draw"
            />
            <figcaption>
                "Output over x₁, x₂ ∈ [−6, 6]. Points: training data"
                {move || if show_test.get() { ", and test data ringed in black." } else { "." }}
            </figcaption>
        </figure>
        <label class="inline">
            <input type="checkbox" prop:checked=show_test on:change=move |_| show_test.update(|s| *s = !*s) />
            "Show test data"
        </label>
    }
}

#[component]
pub fn LossCurves() -> impl IntoView {
    let playground = expect_context::<Playground>();
    view! {
        <figure class="plot">
            <PlotCanvas
                width=300
                height=180
                label="training and test loss"
                snapshot=move || {
                    Some(playground.history.with(|h| {
                        h.points().iter().map(|&(step, p)| (step, p.train, p.test)).collect::<Vec<_>>()
                    }))
                }
                draw=|canvas, points| loss_curves::draw(canvas, &points)
            />
            <figcaption>"Blue: training loss. Black: test loss."</figcaption>
        </figure>
    }
}
