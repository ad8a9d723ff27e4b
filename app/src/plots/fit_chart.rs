//! The data points and the current curve.

use super::canvas::{DrawResult, clipped, drawing_area};
use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

pub const X_RANGE: (f32, f32) = (-2.2, 2.2);

/// Draws the points as dots and the curve as a line; the y-axis fits the points, not the curve,
/// so the view stays still while a slider moves the curve.
pub fn draw(canvas: &HtmlCanvasElement, points: &[(f32, f32)], curve: &[(f32, f32)]) -> DrawResult {
    let root = drawing_area(canvas)?;
    root.fill(&WHITE)?;
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
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(44)
        .build_cartesian_2d(X_RANGE.0..X_RANGE.1, (lo - pad)..(hi + pad))?;
    chart
        .configure_mesh()
        .light_line_style(RGBColor(238, 238, 238))
        .x_desc("x")
        .y_desc("y")
        .draw()?;
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
