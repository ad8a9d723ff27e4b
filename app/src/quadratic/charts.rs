//! The lab's three plots as components: each redraws when what it shows changes.

use super::state::{Lab, held_coefficient};
use crate::format;
use crate::frame::redraw_per_frame;
use crate::plots::surface_chart::{Axes, Overlay, PixelToPoint};
use crate::plots::{DrawResult, event_to_canvas_pixel, fit_chart, history_chart, surface_chart};
use leptos::html::Canvas;
use leptos::prelude::*;

fn report(result: DrawResult) {
    if let Err(error) = result {
        web_sys::console::warn_1(&format!("drawing failed: {error}").into());
    }
}

/// Two stacked canvases of one size: a base layer redrawn rarely, and an overlay on top that
/// carries the accessible name and takes clicks.
#[component]
fn LayeredCanvas(
    base: NodeRef<Canvas>,
    overlay: NodeRef<Canvas>,
    width: u32,
    height: u32,
    label: &'static str,
    #[prop(optional)] on_click: Option<Callback<leptos::ev::MouseEvent>>,
) -> impl IntoView {
    view! {
        <div class="layers">
            <canvas node_ref=base width=width height=height aria-hidden="true"></canvas>
            <canvas
                node_ref=overlay
                class="overlay"
                width=width
                height=height
                role="img"
                aria-label=label
                on:click=move |event| {
                    if let Some(on_click) = on_click {
                        on_click.run(event);
                    }
                }
            ></canvas>
        </div>
    }
}

/// The points and the curve of the current coefficients.
#[component]
pub fn FitPlot() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let (base, overlay) = (NodeRef::<Canvas>::new(), NodeRef::<Canvas>::new());
    let points = Memo::new(move |_| lab.points.with(|p| p.pairs().collect::<Vec<_>>()));
    let y_range = Memo::new(move |_| points.with(|p| fit_chart::y_range(p)));
    redraw_per_frame(
        move || Some((base.get()?, y_range.get())),
        |(canvas, y)| report(fit_chart::draw_axes(&canvas, y)),
    );
    redraw_per_frame(
        move || {
            let curve =
                lab.coefficients
                    .get()
                    .curve(fit_chart::X_RANGE.0, fit_chart::X_RANGE.1, 120);
            Some((overlay.get()?, y_range.get(), points.get(), curve))
        },
        |(canvas, y, points, curve)| {
            report(fit_chart::draw_curve_and_points(
                &canvas, y, &points, &curve,
            ))
        },
    );
    view! {
        <figure class="plot">
            <LayeredCanvas
                base=base
                overlay=overlay
                width=480
                height=320
                label="The data points and the fitted quadratic curve"
            />
            <figcaption>
                {move || {
                    let c = lab.coefficients.get();
                    format!(
                        "Fit: {}·x² + {}·x + {}",
                        format::input(c.a),
                        format::input(c.b),
                        format::input(c.c),
                    )
                }}
            </figcaption>
        </figure>
    }
}

/// The loss over two coefficients, with the current point, the descent path and the negative
/// gradient; a click moves the two coefficients there.
#[component]
pub fn SurfacePlot() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let base = NodeRef::<Canvas>::new();
    let overlay = NodeRef::<Canvas>::new();
    let pixel_to_point = StoredValue::new_local(None::<PixelToPoint>);
    let axes = Memo::new(move |_| {
        let (x, y) = lab.surface_axes.get();
        let spec = lab.surface.with(|s| s.as_ref().map(|s| s.spec));
        spec.filter(|s| s.x == x && s.y == y).map(|s| Axes {
            x_range: s.x_range,
            y_range: s.y_range,
            x_name: x.name(),
            y_name: y.name(),
        })
    });
    redraw_per_frame(
        move || Some((base.get()?, axes.get()?, lab.surface.get()?)),
        |(canvas, axes, surface)| report(surface_chart::draw_base(&canvas, &axes, &surface)),
    );
    redraw_per_frame(
        move || {
            let (x, y) = lab.surface_axes.get();
            let project = move |c: engine::Coefficients| (c.get(x), c.get(y));
            let path: Vec<_> = lab
                .path
                .with(|path| path.iter().copied().map(project).collect());
            let current = project(lab.coefficients.get());
            // At a minimum the gradient's direction is rounding noise: show no arrow there.
            let descent_direction = lab
                .evaluation
                .get()
                .map(|e| (-e.gradient.get(x), -e.gradient.get(y)))
                .filter(|(dx, dy)| dx.hypot(*dy) > 1e-3);
            Some((
                overlay.get()?,
                axes.get()?,
                path,
                current,
                descent_direction,
            ))
        },
        move |(canvas, axes, path, current, descent_direction)| {
            let overlay = Overlay {
                path: &path,
                current,
                descent_direction,
            };
            match surface_chart::draw_overlay(&canvas, &axes, &overlay) {
                Ok(map) => pixel_to_point.set_value(Some(map)),
                Err(error) => report(Err(error)),
            }
        },
    );
    let on_click = move |event: leptos::ev::MouseEvent| {
        let Some(canvas) = overlay.get_untracked() else {
            return;
        };
        let pixel = event_to_canvas_pixel(&canvas, &event);
        let point = pixel_to_point.with_value(|map| map.as_ref().and_then(|map| map(pixel)));
        if let Some((px, py)) = point {
            let (x, y) = lab.surface_axes.get_untracked();
            let moved = lab.coefficients.get_untracked().with(x, px).with(y, py);
            lab.move_to(moved);
        }
    };
    let caption = move || {
        let (x, y) = lab.surface_axes.get();
        let held = held_coefficient(x, y);
        format!(
            "{} over {} and {}, with {} held at {}. Dark is low loss. The red dot is where you are, \
             the white line the path descent took, the orange arrow the way downhill.",
            lab.loss_kind.get().label(),
            x.name(),
            y.name(),
            held.name(),
            format::input(lab.coefficients.get().get(held)),
        )
    };
    view! {
        <figure class="plot">
            <LayeredCanvas
                base=base
                overlay=overlay
                width=440
                height=400
                label="loss surface"
                on_click=Callback::new(on_click)
            />
            <figcaption>{caption}</figcaption>
        </figure>
    }
}

/// Loss at every step since the last manual move.
#[component]
pub fn HistoryPlot() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let canvas = NodeRef::<Canvas>::new();
    // A single point draws no curve: while the learner drags (each move restarts the history),
    // the chart stays as it is instead of redrawing on every input.
    let curve = Memo::new(move |_| {
        let history = lab.history.get();
        if history.len() > 1 {
            history
        } else {
            Vec::new()
        }
    });
    redraw_per_frame(
        move || Some((canvas.get()?, lab.loss_kind.get().label(), curve.get())),
        |(canvas, name, history)| report(history_chart::draw(&canvas, &history, "step", name)),
    );
    view! {
        <figure class="plot">
            <canvas
                node_ref=canvas
                width="480"
                height="220"
                role="img"
                aria-label="Loss at each step"
            ></canvas>
            <figcaption>"Loss at each step (log scale)."</figcaption>
        </figure>
    }
}
