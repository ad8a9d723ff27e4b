//! The data points and the current curve, in two layers: axes on a base canvas (redrawn when the
//! data change) and the curve with the points on an overlay (redrawn on every move).

use super::canvas::{DrawResult, clear, clipped, drawing_area};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf32;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

pub const X_RANGE: (f32, f32) = (-2.2, 2.2);
/// The chart's margins in pixels, as plotters lays it out: they place the point editor's
/// handles over the drawn points.
const MARGIN: u32 = 12;
const X_LABEL_AREA: u32 = 32;
const Y_LABEL_AREA: u32 = 44;

/// What the chart shows: the x and y ranges, and where they land on a canvas of `size`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    pub x: (f32, f32),
    pub y: (f32, f32),
    pub size: (u32, u32),
}

impl View {
    /// The lesson's x range, widened to take in every point; the y range from [`y_range`].
    pub fn fitting(points: &[(f32, f32)], size: (u32, u32)) -> Self {
        let (lo, hi) = points
            .iter()
            .fold(X_RANGE, |(lo, hi), &(x, _)| (lo.min(x), hi.max(x)));
        let pad = |outside: bool| if outside { (hi - lo) * 0.05 } else { 0.0 };
        Self {
            x: (lo - pad(lo < X_RANGE.0), hi + pad(hi > X_RANGE.1)),
            y: y_range(points),
            size,
        }
    }

    /// The plotting area in pixels: left, top, right, bottom.
    fn area(self) -> (f64, f64, f64, f64) {
        let (w, h) = self.size;
        (
            f64::from(MARGIN + Y_LABEL_AREA),
            f64::from(MARGIN),
            f64::from(w - MARGIN),
            f64::from(h - MARGIN - X_LABEL_AREA),
        )
    }

    pub fn to_pixel(self, (x, y): (f32, f32)) -> (f64, f64) {
        let (left, top, right, bottom) = self.area();
        let fx = f64::from((x - self.x.0) / (self.x.1 - self.x.0));
        let fy = f64::from((y - self.y.0) / (self.y.1 - self.y.0));
        (left + fx * (right - left), bottom - fy * (bottom - top))
    }

    pub fn to_point(self, (px, py): (f64, f64)) -> (f32, f32) {
        let (left, top, right, bottom) = self.area();
        let fx = ((px - left) / (right - left)) as f32;
        let fy = ((bottom - py) / (bottom - top)) as f32;
        (
            self.x.0 + fx * (self.x.1 - self.x.0),
            self.y.0 + fy * (self.y.1 - self.y.0),
        )
    }
}

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

fn chart<'a>(root: &'a DrawingArea<CanvasBackend, Shift>, view: View) -> DrawResult<FitChart<'a>> {
    Ok(ChartBuilder::on(root)
        .margin(MARGIN)
        .x_label_area_size(X_LABEL_AREA)
        .y_label_area_size(Y_LABEL_AREA)
        .build_cartesian_2d(view.x.0..view.x.1, view.y.0..view.y.1)?)
}

pub fn draw_axes(canvas: &HtmlCanvasElement, view: View) -> DrawResult {
    let root = drawing_area(canvas)?;
    root.fill(&WHITE)?;
    chart(&root, view)?
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
    view: View,
    points: &[(f32, f32)],
    curve: &[(f32, f32)],
) -> DrawResult {
    clear(canvas)?;
    let root = drawing_area(canvas)?;
    let mut chart = chart(&root, view)?;
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
