//! The ReLU lab's plot: the target's points, the sum of the units, each unit's own contribution
//! faintly, and a marker where each unit turns on (its hinge).

use super::canvas::{DrawResult, clipped, drawing_area};
use super::fit_chart::{X_RANGE, y_range};
use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

/// What to draw, already computed: points, the sum's curve, each unit's curve, and the knees.
pub struct ReluPicture {
    pub points: Vec<(f32, f32)>,
    pub sum: Vec<(f32, f32)>,
    pub units: Vec<Vec<(f32, f32)>>,
    pub knees: Vec<f32>,
}

const SUM: RGBColor = RGBColor(214, 39, 40);
const UNIT: RGBColor = RGBColor(148, 103, 189);
const POINT: RGBColor = RGBColor(31, 119, 180);

pub fn draw(canvas: &HtmlCanvasElement, picture: &ReluPicture) -> DrawResult {
    let root = drawing_area(canvas)?;
    root.fill(&WHITE)?;
    let y = y_range(&picture.points);
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(44)
        .build_cartesian_2d(X_RANGE.0..X_RANGE.1, y.0..y.1)?;
    chart
        .configure_mesh()
        .light_line_style(RGBColor(238, 238, 238))
        .x_desc("x")
        .y_desc("y")
        .draw()?;
    let area = chart.plotting_area().get_pixel_range();
    clipped(canvas, &area, || {
        for unit in &picture.units {
            chart.draw_series(LineSeries::new(
                unit.iter().copied(),
                UNIT.mix(0.45).stroke_width(1),
            ))?;
        }
        chart.draw_series(LineSeries::new(
            picture.sum.iter().copied(),
            SUM.stroke_width(3),
        ))?;
        Ok(())
    })?;
    chart.draw_series(
        picture
            .points
            .iter()
            .map(|&p| Circle::new(p, 3, POINT.filled())),
    )?;
    // Hinges as triangles on the x axis, where the unit's line bends.
    chart.draw_series(
        picture
            .knees
            .iter()
            .filter(|k| (X_RANGE.0..=X_RANGE.1).contains(*k))
            .map(|&k| TriangleMarker::new((k, y.0), 7, UNIT.filled())),
    )?;
    root.present()?;
    Ok(())
}
