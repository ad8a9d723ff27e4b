//! The lab's three plots as components: each redraws when what it shows changes.

use super::point_editor::PointEditor;
use super::state::{QuadraticLab, held_coefficient};
use crate::format;
use crate::plots::fit_chart::View;
use crate::plots::surface_chart::{Axes, Overlay, PixelToPoint, RACE_COLOURS, RacePath};
use crate::plots::{fit_chart, history_chart, surface_chart};
use crate::widgets::{LayeredPlot, PlotCanvas};
use descent_core::quadratic::Coefficients;
use leptos::prelude::*;

/// The points and the curve of the current coefficients, with handles to add, move and remove
/// points.
#[component]
pub fn FitPlot() -> impl IntoView {
    let lab = expect_context::<QuadraticLab>();
    let points = Memo::new(move |_| lab.points.with(|p| p.pairs().collect::<Vec<_>>()));
    // While a point is dragged the ranges hold still, so the point stays under the pointer.
    let dragging = RwSignal::new(false);
    let view = Memo::new(move |previous: Option<&View>| match previous {
        Some(previous) if dragging.get() => *previous,
        _ => View::fitting(&points.get(), (480, 320)),
    });
    view! {
        <figure class="plot">
            <LayeredPlot
                width=480
                height=320
                label="The data points and the fitted quadratic curve"
                base=move || Some(view.get())
                draw_base=|canvas, view| fit_chart::draw_axes(canvas, view)
                overlay=move || {
                    let v = view.get();
                    let curve = lab.coefficients.get().curve(v.x.0, v.x.1, 120);
                    Some((v, points.get(), curve))
                }
                draw_overlay=|canvas, (view, points, curve)| {
                    fit_chart::draw_curve_and_points(canvas, view, &points, &curve)
                }
            >
                <PointEditor view dragging />
            </LayeredPlot>
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
    let lab = expect_context::<QuadraticLab>();
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
    let overlay = move || {
        let (x, y) = lab.surface_axes.get();
        let project = move |c: Coefficients| (c.get(x), c.get(y));
        let path: Vec<_> = lab
            .path
            .with(|path| path.points().iter().map(|&(_, c)| project(c)).collect());
        let current = project(lab.coefficients.get());
        // At a minimum the gradient's direction is rounding noise: show no arrow there.
        let descent_direction = lab
            .evaluation
            .get()
            .map(|e| (-e.gradient.get(x), -e.gradient.get(y)))
            .filter(|(dx, dy)| dx.hypot(*dy) > 1e-3);
        let replay = lab.race.replay.get();
        let race: Vec<RacePath> = lab.race.finished.with(|finished| {
            finished
                .iter()
                .flat_map(|f| f.racers.iter().zip(&f.race.paths))
                .map(|((lane, _), path)| RacePath {
                    path: path
                        .visited
                        .iter()
                        .take(replay + 1)
                        .map(|e| project(e.coefficients))
                        .collect(),
                    colour: RACE_COLOURS[*lane],
                })
                .collect()
        });
        Some((axes.get()?, path, race, current, descent_direction))
    };
    let draw_overlay = move |canvas: &web_sys::HtmlCanvasElement,
                             (axes, path, race, current, descent_direction): (
        Axes,
        Vec<(f32, f32)>,
        Vec<RacePath>,
        _,
        _,
    )| {
        let overlay = Overlay {
            path: &path,
            race: &race,
            current,
            descent_direction,
        };
        pixel_to_point.set_value(Some(surface_chart::draw_overlay(canvas, &axes, &overlay)?));
        Ok(())
    };
    let on_click = move |pixel| {
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
             the white line the path descent took, the orange arrow the way downhill; a race's paths are in \
             their racers' colours.",
            lab.loss_kind.get().label(),
            x.name(),
            y.name(),
            held.name(),
            format::input(lab.coefficients.get().get(held)),
        )
    };
    view! {
        <figure class="plot">
            <LayeredPlot
                width=440
                height=400
                label="loss surface"
                base=move || Some((axes.get()?, lab.surface.get()?))
                draw_base=|canvas, (axes, surface)| surface_chart::draw_base(canvas, &axes, &surface)
                overlay=overlay
                draw_overlay=draw_overlay
                on_click=Callback::new(on_click)
            />
            <figcaption>{caption}</figcaption>
        </figure>
    }
}

/// Loss at every step since the last manual move.
#[component]
pub fn HistoryPlot() -> impl IntoView {
    let lab = expect_context::<QuadraticLab>();
    // A single point draws no curve: while the learner drags (each move restarts the history),
    // the chart stays as it is instead of redrawing on every input.
    let curve = Memo::new(move |_| {
        lab.history
            .with(|history| match history.points().len() > 1 {
                true => history.points().to_vec(),
                false => Vec::new(),
            })
    });
    view! {
        <figure class="plot">
            <PlotCanvas
                width=480
                height=220
                label="Loss at each step"
                snapshot=move || Some((lab.loss_kind.get().label(), curve.get()))
                draw=|canvas, (name, history)| history_chart::draw(canvas, &history, "step", name)
            />
            <figcaption class="history-caption">{move || history_caption(lab)}</figcaption>
        </figure>
    }
}

/// The loss curve in words: where it started, its lowest point and where it is now, so that a
/// curve turning back up can be heard as well as seen.
fn history_caption(lab: QuadraticLab) -> String {
    lab.history.with(|history| {
        let points = history.points();
        let (Some(&(first_step, first)), Some(&(last_step, last))) = (points.first(), points.last())
        else {
            return "Loss at each step (log scale).".into();
        };
        if points.len() < 2 {
            return format!(
                "Loss at each step (log scale): {} at step {first_step}.",
                format::number(first)
            );
        }
        let &(low_step, low) = points
            .iter()
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .expect("at least two points");
        format!(
            "Loss at each step (log scale): {} at step {first_step}, lowest {} at step {low_step}, {} now at step {last_step}.",
            format::number(first),
            format::number(low),
            format::number(last),
        )
    })
}
