//! The playground's pictures: the network diagram, the decision map with the data, and the
//! loss curves. Each redraws at most once per frame, from what the worker last sent.

use super::super::Networks;
use crate::plots::heatmap::HeatmapPainter;
use crate::plots::{decision_map, loss_curves, network_diagram};
use engine::playground::{PICTURE_RESOLUTION, feature_map};
use leptos::prelude::*;

fn painter() -> StoredValue<Option<HeatmapPainter>, LocalStorage> {
    StoredValue::new_local(HeatmapPainter::new().ok())
}

fn report(what: &str, error: impl std::fmt::Display) {
    web_sys::console::error_1(&format!("{what}: {error}").into());
}

#[component]
pub fn NetworkDiagram() -> impl IntoView {
    let playground = expect_context::<Networks>().playground;
    let canvas = NodeRef::<leptos::html::Canvas>::new();
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
    let size = move || {
        let hidden = playground.setup.with(|s| s.network.hidden.clone());
        let columns: Vec<usize> = std::iter::once(inputs.with(Vec::len))
            .chain(hidden)
            .chain([1])
            .collect();
        network_diagram::size(&columns)
    };
    crate::frame::redraw_per_frame(
        move || Some((canvas.get()?, playground.picture.get()?, inputs.get())),
        move |(canvas, picture, inputs)| {
            crate::frame::measured("network-diagram-draw", || {
                painter.update_value(|painter| {
                    if let Some(painter) = painter
                        && let Err(error) =
                            network_diagram::draw(&canvas, painter, &inputs, &picture)
                    {
                        report("network diagram", error);
                    }
                })
            });
        },
    );
    let layers = move || {
        playground.setup.with(|s| {
            let hidden: Vec<String> = s.network.hidden.iter().map(usize::to_string).collect();
            format!(
                "network: {} inputs, hidden layers [{}], 1 output",
                s.network.features.len(),
                hidden.join(", ")
            )
        })
    };
    view! {
        <figure class="plot network-diagram">
            <canvas
                node_ref=canvas
                role="img"
                width=move || size().0
                height=move || size().1
                aria-label=layers
            ></canvas>
            <figcaption>{layers}</figcaption>
        </figure>
    }
}

#[component]
pub fn DecisionMap() -> impl IntoView {
    let playground = expect_context::<Networks>().playground;
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let painter = painter();
    let show_test = RwSignal::new(false);
    crate::frame::redraw_per_frame(
        move || {
            Some((
                canvas.get()?,
                playground.picture.get()?,
                playground.data.get()?,
                show_test.get(),
            ))
        },
        move |(canvas, picture, data, show_test)| {
            crate::frame::measured("decision-map-draw", || {
                painter.update_value(|painter| {
                    if let Some(painter) = painter
                        && let Err(error) =
                            decision_map::draw(&canvas, painter, &picture, &data, show_test)
                    {
                        report("decision map", error);
                    }
                })
            });
        },
    );
    view! {
        <figure class="plot">
            <canvas node_ref=canvas role="img" width="300" height="300" aria-label="decision map"></canvas>
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
    let playground = expect_context::<Networks>().playground;
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    crate::frame::redraw_per_frame(
        move || {
            let points = playground.history.with(|h| {
                h.iter()
                    .map(|p| (p.step, p.train, p.test))
                    .collect::<Vec<_>>()
            });
            Some((canvas.get()?, points))
        },
        move |(canvas, points)| {
            if let Err(error) = loss_curves::draw(&canvas, &points) {
                report("loss curves", error);
            }
        },
    );
    view! {
        <figure class="plot">
            <canvas node_ref=canvas role="img" width="300" height="180" aria-label="training and test loss"></canvas>
            <figcaption>"Blue: training loss. Black: test loss."</figcaption>
        </figure>
    }
}
