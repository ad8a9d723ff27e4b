//! The data points and the current curve, in two layers: axes on a base canvas (redrawn when the
//! data change) and the curve with the points on an overlay (redrawn on every move).

use super::canvas::{DrawResult, clear, clipped, drawing_area};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf32;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

pub const X_RANGE: (f32, f32) = (-2.2, 2.2);

type FitChart<'a> = ChartContext<'a, CanvasBackend, Cartesian2d<RangedCoordf32, RangedCoordf32>>;

/// The y-range fits the points, not the curve, so the view stays still while the curve moves.
pub fn y_range(points: &[(f32, f32)]) -> (f32, f32) {
    let (lo, hi) = points
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &(_, y)| {
            (lo.min(y), hi.max(y))
        });
    let (lo, hi) = if lo.is_finite() {
        (lo, hi)
    } else {
        (-1.0, 1.0)
    };
    let pad = ((hi - lo) * 0.15).max(1.0);
    (lo - pad, hi + pad)
}

fn chart<'a>(
    root: &'a DrawingArea<CanvasBackend, Shift>,
    y: (f32, f32),
) -> DrawResult<FitChart<'a>> {
    Ok(ChartBuilder::on(root)
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(44)
        .build_cartesian_2d(X_RANGE.0..X_RANGE.1, y.0..y.1)?)
}

pub fn draw_axes(canvas: &HtmlCanvasElement, y: (f32, f32)) -> DrawResult {
    let root = drawing_area(canvas)?;
    root.fill(&WHITE)?;
    chart(&root, y)?
        .configure_mesh()
        .light_line_style(RGBColor(238, 238, 238))
        .x_desc("x")
        .y_desc("y")
        .draw()?;
    root.present()?;
    Ok(())
}

pub fn draw_curve_and_points(
    canvas: &HtmlCanvasElement,
    y: (f32, f32),
    points: &[(f32, f32)],
    curve: &[(f32, f32)],
) -> DrawResult {
    clear(canvas)?;
    let root = drawing_area(canvas)?;
    let mut chart = chart(&root, y)?;
    let area = chart.plotting_area().get_pixel_range();
    clipped(canvas, &area, || {
        chart.draw_series(LineSeries::new(
            curve.iter().copied(),
            RGBColor(214, 39, 40).stroke_width(3),
        ))?;
        Ok(())
    })?;
    chart.draw_series(
        points
            .iter()
            .map(|&p| Circle::new(p, 4, RGBColor(31, 119, 180).filled())),
    )?;
    root.present()?;
    Ok(())
}
