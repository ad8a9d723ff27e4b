//! The playground's output over the plane, with the data on it: training points ringed in white,
//! test points in black.

use super::canvas::{DrawResult, context};
use super::heatmap::{HeatmapPainter, css};
use descent_core::playground::{Dataset, EXTENT, PlaygroundPicture};
use std::f64::consts::TAU;
use web_sys::HtmlCanvasElement;

pub fn draw(
    canvas: &HtmlCanvasElement,
    painter: &mut HeatmapPainter,
    picture: &PlaygroundPicture,
    data: &Dataset,
    show_test: bool,
) -> DrawResult {
    let context = context(canvas)?;
    let side = f64::from(canvas.width());
    painter.paint(
        &context,
        &picture.output,
        picture.resolution,
        (0.0, 0.0, side),
    )?;
    let to_pixel = |v: f32| f64::from((v + EXTENT) / (2.0 * EXTENT)) * side;
    let classify = data.targets.iter().all(|&t| t == 0.0 || t == 1.0);
    for (i, (point, &target)) in data.points.iter().zip(&data.targets).enumerate() {
        let train = i < data.train;
        if !train && !show_test {
            continue;
        }
        // Classes are the two ends of the colour scale; values take their own colour.
        let level = if classify {
            if target > 0.5 { 127 } else { -127 }
        } else {
            (target.clamp(-1.0, 1.0) * 127.0) as i8
        };
        context.begin_path();
        context
            .arc(to_pixel(point[0]), side - to_pixel(point[1]), 3.5, 0.0, TAU)
            .map_err(|_| "could not draw a point")?;
        context.set_fill_style_str(&css(level));
        context.fill();
        context.set_stroke_style_str(if train { "#fff" } else { "#000" });
        context.set_line_width(1.0);
        context.stroke();
    }
    Ok(())
}
