//! The ReLU lab's activations on their own: sigmoid, tanh and ReLU over x, each with its
//! derivative (a thinner line of the same colour), and a marker at the x the learner picked.

use super::canvas::{DrawResult, drawing_area};
use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

/// Each activation's colour, in the order drawn.
pub const COLOURS: [RGBColor; 3] = [
    RGBColor(31, 119, 180),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
];
pub const X_RANGE: (f32, f32) = (-4.0, 4.0);
const Y_RANGE: (f32, f32) = (-1.2, 1.6);

/// A curve as (x, y) samples.
pub type Curve = Vec<(f32, f32)>;

/// Each activation's curve and its derivative's, and the picked x.
pub struct ActivationPicture {
    pub curves: Vec<(Curve, Curve)>,
    pub x: f32,
}

pub fn draw(canvas: &HtmlCanvasElement, picture: &ActivationPicture) -> DrawResult {
    let root = drawing_area(canvas)?;
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(40)
        .build_cartesian_2d(X_RANGE.0..X_RANGE.1, Y_RANGE.0..Y_RANGE.1)?;
    chart
        .configure_mesh()
        .light_line_style(RGBColor(238, 238, 238))
        .x_desc("x")
        .draw()?;
    for ((value, slope), colour) in picture.curves.iter().zip(COLOURS) {
        chart.draw_series(LineSeries::new(
            value.iter().copied(),
            colour.stroke_width(3),
        ))?;
        chart.draw_series(LineSeries::new(
            slope.iter().copied(),
            colour.mix(0.6).stroke_width(1),
        ))?;
    }
    chart.draw_series(LineSeries::new(
        [(picture.x, Y_RANGE.0), (picture.x, Y_RANGE.1)],
        BLACK.mix(0.4).stroke_width(1),
    ))?;
    root.present()?;
    Ok(())
}
