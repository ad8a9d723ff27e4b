//! The playground's pictures: the network diagram, the decision map with the data, and the
//! loss curves. Each redraws at most once per frame, from what the worker last sent.

use super::PlaygroundLab;
use crate::format;
use crate::plots::heatmap::HeatmapPainter;
use crate::plots::{decision_map, gradient_chart, loss_curves, network_diagram};
use crate::widgets::{NumberBox, Parameters, PlotCanvas};
use descent_core::playground::{EXTENT, OwnData, PICTURE_RESOLUTION, PointTrace, feature_map};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A painter for heatmaps, kept with its canvas: it reuses its buffers from frame to frame.
fn painter() -> StoredValue<Option<HeatmapPainter>, LocalStorage> {
    StoredValue::new_local(HeatmapPainter::new().ok())
}

#[component]
pub fn NetworkDiagram() -> impl IntoView {
    let playground = expect_context::<PlaygroundLab>();
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
    let columns = Memo::new(move |_| {
        playground.setup.with(|s| {
            std::iter::once(s.network.features.len())
                .chain(s.network.hidden.iter().copied())
                .chain([1])
                .collect::<Vec<_>>()
        })
    });
    let inspected = RwSignal::new(None::<Part>);
    view! {
        <figure class="plot network-diagram">
            <div class="layers">
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
            <DiagramTargets columns size inspected />
            </div>
            <figcaption>{layers}</figcaption>
            <p>
                <Parameters count=Signal::derive(move || {
                    playground.setup.with(|s| s.network.parameters())
                }) />
            </p>
            <p class="network-inspect" aria-live="polite">
                {move || describe_part(playground, inspected.get())}
            </p>
            <TracedPointPicker />
        </figure>
    }
}

/// A neuron (column, row) or the weight of an edge (layer, from, to) under the pointer or the
/// keyboard focus.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Part {
    Neuron {
        column: usize,
        row: usize,
    },
    Edge {
        layer: usize,
        from: usize,
        to: usize,
    },
}

/// Transparent shapes over the diagram's neurons and edges: hovering or focusing one says its
/// value and gradient for the traced training point.
#[component]
fn DiagramTargets(
    columns: Memo<Vec<usize>>,
    size: Memo<(u32, u32)>,
    inspected: RwSignal<Option<Part>>,
) -> impl IntoView {
    use network_diagram::{NODE, node_position};
    let target = move |part: Part, shape: AnyView| {
        view! {
            <g
                tabindex="0"
                role="button"
                aria-label=move || part_name(part)
                on:mouseenter=move |_| inspected.set(Some(part))
                on:focus=move |_| inspected.set(Some(part))
            >
                {shape}
            </g>
        }
    };
    let shapes = move || {
        let columns = columns.get();
        let mut views = Vec::new();
        for layer in 0..columns.len().saturating_sub(1) {
            for from in 0..columns[layer] {
                for to in 0..columns[layer + 1] {
                    let (x0, y0) = node_position(layer, from);
                    let (x1, y1) = node_position(layer + 1, to);
                    let line = view! {
                        <line x1=x0 + NODE y1=y0 + NODE / 2.0 x2=x1 y2=y1 + NODE / 2.0></line>
                    };
                    views.push(target(Part::Edge { layer, from, to }, line.into_any()));
                }
            }
        }
        for (column, &rows) in columns.iter().enumerate() {
            for row in 0..rows {
                let (x, y) = node_position(column, row);
                let rect = view! { <rect x=x y=y width=NODE height=NODE></rect> };
                views.push(target(Part::Neuron { column, row }, rect.into_any()));
            }
        }
        views
    };
    view! {
        <svg
            class="overlay diagram-targets"
            width=move || size.get().0
            height=move || size.get().1
            on:mouseleave=move |_| inspected.set(None)
        >
            {shapes}
        </svg>
    }
}

fn column_name(column: usize, columns: usize) -> String {
    match column {
        0 => "input".into(),
        c if c + 1 == columns => "output".into(),
        c => format!("hidden layer {c}"),
    }
}

/// A part's accessible name, by column number, as it stands in the diagram.
fn part_name(part: Part) -> String {
    match part {
        Part::Neuron { column, row } => format!("neuron {} of column {}", row + 1, column + 1),
        Part::Edge { layer, from, to } => format!(
            "weight from neuron {} of column {} to neuron {} of column {}",
            from + 1,
            layer + 1,
            to + 1,
            layer + 2
        ),
    }
}

/// The inspected part's value and gradient for the traced point, as the worker last sent them.
fn describe_part(playground: PlaygroundLab, part: Option<Part>) -> String {
    let Some(part) = part else {
        return "Hover over or focus a neuron or a weight to see its value and gradient for the traced training point.".into();
    };
    let columns = playground.setup.with(|s| s.network.hidden.len() + 2);
    let trace = playground.trace.get();
    let weights = playground
        .picture
        .with(|p| p.as_ref().map(|p| p.weights.clone()));
    let at = |trace: &PointTrace| format!(" for training point {}", trace.point + 1);
    match part {
        Part::Neuron { column, row } => {
            let name = format!("{}, neuron {}", column_name(column, columns), row + 1);
            match trace.as_ref().and_then(|t| {
                Some((
                    *t.values.get(column)?.get(row)?,
                    *t.gradients.get(column)?.get(row)?,
                    t,
                ))
            }) {
                Some((value, gradient, t)) => format!(
                    "{name}: value {}, ∂L/∂value {}{}.",
                    format::number(value),
                    format::number(gradient),
                    at(t)
                ),
                None => format!("{name}: waiting for the traced point."),
            }
        }
        Part::Edge { layer, from, to } => {
            let name = format!(
                "Weight from {} neuron {} to {} neuron {}",
                column_name(layer, columns),
                from + 1,
                column_name(layer + 1, columns),
                to + 1
            );
            let outputs = playground
                .setup
                .with(|s| s.network.hidden.get(layer).copied().unwrap_or(1));
            let index = from * outputs + to;
            let weight = weights.and_then(|w| w.get(layer)?.get(index).copied());
            let gradient = trace
                .as_ref()
                .and_then(|t| Some((*t.weight_gradients.get(layer)?.get(index)?, t)));
            match (weight, gradient) {
                (Some(w), Some((g, t))) => format!(
                    "{name}: w = {}, ∂L/∂w {}{}.",
                    format::number(w),
                    format::number(g),
                    at(t)
                ),
                _ => format!("{name}: waiting for the traced point."),
            }
        }
    }
}

/// The number box's bound; the training points are fewer.
const TRACEABLE: usize = 10_000;

/// Which training point the diagram's values and gradients are for.
#[component]
fn TracedPointPicker() -> impl IntoView {
    let playground = expect_context::<PlaygroundLab>();
    let count = move || {
        playground
            .data
            .with_untracked(|d| d.as_ref().map_or(0, |d| d.train))
    };
    let about = move || {
        let point = playground.traced_point.get();
        playground.data.with(|d| {
            let d = d.as_ref()?;
            let [x1, x2] = *d.points.get(point)?;
            Some(format!(
                " at (x₁, x₂) = ({}, {}), target {}",
                format::input(x1),
                format::input(x2),
                format::input(d.targets[point])
            ))
        })
    };
    view! {
        <p class="traced-point inline">
            "Traced training point "
            <NumberBox
                label="traced training point"
                value=Signal::derive(move || (playground.traced_point.get() + 1).to_string())
                min=1.0
                max=TRACEABLE as f32
                whole=true
                on_set=Callback::new(move |n: f32| {
                    // Past the last training point, the last one.
                    let last = count().saturating_sub(1);
                    playground.traced_point.set((n as usize - 1).min(last));
                })
            />
            <span class="traced-about">{about}</span>
        </p>
    }
}

/// Mean |∂L/∂w| of each layer over training: where gradients vanish.
#[component]
pub fn GradientsView() -> impl IntoView {
    let playground = expect_context::<PlaygroundLab>();
    let latest = move || {
        playground
            .gradient_history
            .with(|h| h.points().last().map(|(_, sizes)| sizes.clone()))
            .unwrap_or_default()
    };
    let legend = move || {
        let sizes = latest();
        let layers = sizes.len();
        sizes
            .into_iter()
            .enumerate()
            .map(|(layer, size)| {
                let (r, g, b) = gradient_chart::layer_colour(layer, layers);
                let from = column_name(layer, layers + 1);
                let to = column_name(layer + 1, layers + 1);
                view! {
                    <li>
                        <span class="swatch" style:background=format!("rgb({r}, {g}, {b})")></span>
                        {format!("{from} → {to}: {}", format::number(size))}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <figure class="plot gradients-view">
            <PlotCanvas
                width=300
                height=200
                label="gradient size of each layer"
                snapshot=move || Some(playground.gradient_history.with(|h| h.points().to_vec()))
                draw=|canvas, history| gradient_chart::draw(canvas, &history)
            />
            <figcaption>
                "Gradients: the mean |∂L/∂w| of each layer of weights over the training data (log scale). Lines far below the others belong to layers that barely learn."
                <ul class="gradient-legend" aria-label="gradient size of each layer">
                    {legend}
                </ul>
            </figcaption>
        </figure>
    }
}

#[component]
pub fn DecisionMap() -> impl IntoView {
    let playground = expect_context::<PlaygroundLab>();
    let painter = painter();
    let show_test = RwSignal::new(false);
    let drawing = playground.drawing;
    // Points erased by a drag in progress, applied when it ends (each change of the data builds
    // a new network).
    let erasing = RwSignal::new(None::<OwnData>);
    let press = StoredValue::new(None::<(f64, f64)>);
    let shown = move || {
        let (ratio, seed) = playground.setup.with(|s| (s.data.train_ratio, s.data.seed));
        match erasing.get() {
            Some(draft) => Some(draft.dataset(ratio, seed)),
            None => playground.data.get(),
        }
    };
    let on_down = move |event: web_sys::PointerEvent| {
        if !drawing.get_untracked() {
            return;
        }
        let Some((at, _)) = plane_point(&event) else {
            return;
        };
        event.prevent_default();
        if let Some(target) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = target.set_pointer_capture(event.pointer_id());
        }
        press.set_value(Some(at));
    };
    let on_move = move |event: web_sys::PointerEvent| {
        let (Some(start), Some((at, per_pixel))) = (press.get_value(), plane_point(&event)) else {
            return;
        };
        let far = (at.0 - start.0).hypot(at.1 - start.1) > ERASE_SLOP_PIXELS * per_pixel;
        if erasing.with_untracked(Option::is_none) && !far {
            return;
        }
        let mut draft = erasing
            .get_untracked()
            .or_else(|| playground.setup.with_untracked(|s| s.own.clone()))
            .unwrap_or_else(OwnData::empty);
        draft.erase_near(
            [at.0 as f32, at.1 as f32],
            (ERASER_PIXELS * per_pixel) as f32,
        );
        erasing.set(Some(draft));
    };
    let on_up = move |event: web_sys::PointerEvent| {
        let Some(start) = press.try_update_value(Option::take).flatten() else {
            return;
        };
        match erasing.try_update(Option::take).flatten() {
            Some(draft) => playground.edit_own(|own| *own = draft),
            None => {
                let class = playground.draw_class.get_untracked() != event.shift_key();
                playground.edit_own(|own| own.add([start.0 as f32, start.1 as f32], class));
            }
        }
    };
    view! {
        <figure class="plot">
            <div
                class="decision-map"
                class:drawing=drawing
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointercancel=move |_| {
                    press.set_value(None);
                    erasing.set(None);
                }
            >
                <PlotCanvas
                    width=300
                    height=300
                    label="decision map"
                    snapshot=move || {
                        Some((playground.picture.get()?, shown()?, show_test.get() || drawing.get()))
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
            </div>
            <figcaption>
                "Output over x₁, x₂ ∈ [−6, 6]. Points: training data"
                {move || if show_test.get() || drawing.get() { ", and test data ringed in black." } else { "." }}
                {move || playground.data.with(|d| d.as_ref().map(|d| format!(" {} points.", d.len())))}
            </figcaption>
        </figure>
        <label class="inline">
            <input type="checkbox" prop:checked=show_test on:change=move |_| show_test.update(|s| *s = !*s) />
            "Show test data"
        </label>
    }
}

/// A drag further than this many pixels erases rather than adds.
const ERASE_SLOP_PIXELS: f64 = 4.0;
/// The eraser's radius in pixels.
const ERASER_PIXELS: f64 = 10.0;

/// The point of the plane under a pointer on the decision map, and the plane's units per pixel.
fn plane_point(event: &web_sys::PointerEvent) -> Option<((f64, f64), f64)> {
    let canvas = event
        .target()?
        .dyn_into::<web_sys::HtmlCanvasElement>()
        .ok()?;
    let rect = canvas.get_bounding_client_rect();
    let side = rect.width().max(1.0);
    let fx = (f64::from(event.client_x()) - rect.left()) / side;
    let fy = (f64::from(event.client_y()) - rect.top()) / rect.height().max(1.0);
    let extent = f64::from(EXTENT);
    Some((
        (-extent + fx * 2.0 * extent, extent - fy * 2.0 * extent),
        2.0 * extent / side,
    ))
}

#[component]
pub fn LossCurves() -> impl IntoView {
    let playground = expect_context::<PlaygroundLab>();
    view! {
        <figure class="plot">
            <PlotCanvas
                width=300
                height=180
                label="training and test loss"
                snapshot=move || {
                    let points = playground.history.with(|h| {
                        h.points().iter().map(|&(step, p)| (step, p.train, p.test)).collect::<Vec<_>>()
                    });
                    Some((points, playground.early_stop().map(|s| s.best_at)))
                }
                draw=|canvas, (points, mark)| loss_curves::draw(canvas, &points, mark)
            />
            <figcaption>
                "Blue: training loss. Black: test loss. Green: where early stopping went back to."
            </figcaption>
            <p class="test-loss-summary">{move || test_loss_summary(playground)}</p>
        </figure>
    }
}

/// The test loss now against its lowest, so a curve turning up is read as well as seen.
fn test_loss_summary(playground: PlaygroundLab) -> Option<String> {
    let (low_step, low) = playground.lowest_test_loss()?;
    let now = playground.scores.get()?.test_loss;
    let steps = playground.steps.get();
    Some(if low_step == steps {
        format!(
            "Test loss {} at batch {steps}: the lowest so far.",
            format::number(now)
        )
    } else {
        format!(
            "Test loss {} at batch {steps}; its lowest was {} at batch {low_step}.",
            format::number(now),
            format::number(low)
        )
    })
}
