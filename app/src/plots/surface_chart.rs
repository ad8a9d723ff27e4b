//! The loss surface in two layers: a base canvas with the heatmap and axes (redrawn when the
//! surface changes) and a transparent overlay with the path, the current point and the descent
//! direction (redrawn on every move), so dragging never repaints the heatmap.

use super::canvas::{DrawResult, clear, clipped, context, drawing_area};
use descent_core::quadratic::LossSurface;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf32;
use plotters::prelude::*;
use plotters::style::colors::colormaps::ViridisRGB;
use plotters_canvas::CanvasBackend;
use std::rc::Rc;
use wasm_bindgen::Clamped;
use web_sys::{HtmlCanvasElement, ImageData};

/// Maps a canvas pixel to the plotted coefficients, or `None` outside the plot area.
pub type PixelToPoint = Rc<dyn Fn((i32, i32)) -> Option<(f32, f32)>>;

type SurfaceChart<'a> =
    ChartContext<'a, CanvasBackend, Cartesian2d<RangedCoordf32, RangedCoordf32>>;

/// Axis ranges and names, shared by both layers so their coordinates line up exactly.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Axes {
    pub x_range: (f32, f32),
    pub y_range: (f32, f32),
    pub x_name: &'static str,
    pub y_name: &'static str,
}

fn chart<'a>(
    root: &'a DrawingArea<CanvasBackend, Shift>,
    axes: &Axes,
) -> DrawResult<SurfaceChart<'a>> {
    Ok(ChartBuilder::on(root)
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(44)
        .build_cartesian_2d(
            axes.x_range.0..axes.x_range.1,
            axes.y_range.0..axes.y_range.1,
        )?)
}

/// Axes, labels and the heatmap of ln(1 + loss): dark is low loss, bright is high.
pub fn draw_base(canvas: &HtmlCanvasElement, axes: &Axes, surface: &LossSurface) -> DrawResult {
    let root = drawing_area(canvas)?;
    root.fill(&WHITE)?;
    let mut chart = chart(&root, axes)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(axes.x_name)
        .y_desc(axes.y_name)
        .draw()?;
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let (width, height) = ((xs.end - xs.start) as usize, (ys.end - ys.start) as usize);
    let pixels = heatmap_pixels(surface, width, height);
    let image =
        ImageData::new_with_u8_clamped_array_and_sh(Clamped(&pixels), width as u32, height as u32)
            .map_err(|_| "could not make the heatmap image")?;
    context(canvas)?
        .put_image_data(&image, f64::from(xs.start), f64::from(ys.start))
        .map_err(|_| "could not draw the heatmap image")?;
    root.present()?;
    Ok(())
}

/// RGBA pixels of the plot area, each coloured by its nearest grid point.
fn heatmap_pixels(surface: &LossSurface, width: usize, height: usize) -> Vec<u8> {
    let n = surface.spec.resolution;
    let (lo, hi) = surface.range();
    let (lo, hi) = (lo.ln_1p(), hi.ln_1p());
    let span = (hi - lo).max(f32::EPSILON);
    let colours: Vec<[u8; 4]> = surface
        .losses
        .iter()
        .map(|loss| {
            let RGBColor(r, g, b) =
                ViridisRGB::get_color_normalized((loss.ln_1p() - lo) / span, 0.0, 1.0);
            [r, g, b, 255]
        })
        .collect();
    // Pixel centre to nearest grid index; grid points sit on the range ends.
    let nearest = |pixel: usize, pixels: usize| {
        (((pixel as f32 + 0.5) / pixels as f32) * (n - 1) as f32).round() as usize
    };
    let mut pixels = Vec::with_capacity(width * height * 4);
    for row in 0..height {
        // Row 0 of the image is the top, where the y coefficient is largest.
        let j = nearest(height - 1 - row, height);
        for column in 0..width {
            pixels.extend_from_slice(&colours[j * n + nearest(column, width)]);
        }
    }
    pixels
}

/// The racers' colours, lane by lane: bright and unlike any of the heatmap's.
pub const RACE_COLOURS: [RGBColor; 3] = [
    RGBColor(255, 64, 64),
    RGBColor(255, 165, 0),
    RGBColor(255, 0, 255),
];

/// One racer's path up to the step replayed, in its colour.
pub struct RacePath {
    pub path: Vec<(f32, f32)>,
    pub colour: RGBColor,
}

/// What the overlay shows.
pub struct Overlay<'a> {
    pub path: &'a [(f32, f32)],
    pub race: &'a [RacePath],
    pub current: (f32, f32),
    /// The negative gradient in the plotted coordinates, if known.
    pub descent_direction: Option<(f32, f32)>,
}

/// Draws the overlay and returns the pixel-to-coefficients map for clicks.
pub fn draw_overlay(
    canvas: &HtmlCanvasElement,
    axes: &Axes,
    overlay: &Overlay,
) -> DrawResult<PixelToPoint> {
    clear(canvas)?;
    let root = drawing_area(canvas)?;
    let mut chart = chart(&root, axes)?;
    let area = chart.plotting_area().get_pixel_range();
    let white = RGBColor(255, 255, 255);
    clipped(canvas, &area, || {
        chart.draw_series(LineSeries::new(
            overlay.path.iter().copied(),
            white.stroke_width(2),
        ))?;
        if let Some(direction) = overlay.descent_direction {
            chart.draw_series(arrow(overlay.current, direction, axes).into_iter().map(
                |segment| PathElement::new(segment, RGBColor(255, 127, 14).stroke_width(3)),
            ))?;
        }
        for racer in overlay.race {
            chart.draw_series(LineSeries::new(
                racer.path.iter().copied(),
                racer.colour.stroke_width(3),
            ))?;
            if let Some(&at) = racer.path.last() {
                chart.draw_series([Circle::new(at, 5, racer.colour.filled())])?;
            }
        }
        chart.draw_series([
            Circle::new(overlay.current, 7, white.filled()),
            Circle::new(overlay.current, 5, RGBColor(214, 39, 40).filled()),
        ])?;
        Ok(())
    })?;
    root.present()?;
    Ok(Rc::new(chart.into_coord_trans()))
}

/// An arrow from `from` along `direction`, a fixed share of the plot long so that it shows where
/// descent heads even when the gradient is tiny: shaft and two barbs.
fn arrow(from: (f32, f32), direction: (f32, f32), axes: &Axes) -> Vec<Vec<(f32, f32)>> {
    let (sx, sy) = (
        axes.x_range.1 - axes.x_range.0,
        axes.y_range.1 - axes.y_range.0,
    );
    // Work in fractions of the plot so the arrow looks the same whatever the axis ranges.
    let (dx, dy) = (direction.0 / sx, direction.1 / sy);
    let norm = (dx * dx + dy * dy).sqrt();
    if !(norm.is_finite() && norm > 0.0) {
        return Vec::new();
    }
    let (ux, uy) = (dx / norm, dy / norm);
    let (length, barb) = (0.14, 0.04);
    let to_plot = |fx: f32, fy: f32| (from.0 + fx * sx, from.1 + fy * sy);
    let tip = (ux * length, uy * length);
    let barb_at = |angle: f32| {
        let (c, s) = (angle.cos(), angle.sin());
        let (bx, by) = (-(ux * c - uy * s), -(ux * s + uy * c));
        to_plot(tip.0 + bx * barb, tip.1 + by * barb)
    };
    let tip_point = to_plot(tip.0, tip.1);
    vec![
        vec![from, tip_point],
        vec![barb_at(0.5), tip_point, barb_at(-0.5)],
    ]
}
