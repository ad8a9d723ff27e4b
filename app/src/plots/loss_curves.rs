//! The playground's training and test loss against the steps taken.

use super::canvas::{DrawResult, drawing_area};
use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

pub const TRAIN: RGBColor = RGBColor(31, 119, 180);
pub const TEST: RGBColor = RGBColor(40, 40, 40);
/// Most points drawn per curve; longer histories are thinned evenly.
const MAX_DRAWN: usize = 600;

/// `points` are (step, train loss, test loss); `mark` is a step to draw a line at.
pub fn draw(
    canvas: &HtmlCanvasElement,
    points: &[(usize, f32, f32)],
    mark: Option<usize>,
) -> DrawResult {
    let root = drawing_area(canvas)?;
    root.fill(&WHITE)?;
    let finite = points
        .iter()
        .flat_map(|&(_, a, b)| [a, b])
        .filter(|l| l.is_finite());
    let top = finite.fold(0.0f32, f32::max).max(1e-3) * 1.1;
    let last = points.last().map_or(1, |p| p.0).max(1);
    let mut chart = ChartBuilder::on(&root)
        .margin(10)
        .x_label_area_size(36)
        .y_label_area_size(48)
        .build_cartesian_2d(0..last, 0f32..top)?;
    chart
        .configure_mesh()
        .light_line_style(RGBColor(238, 238, 238))
        .x_labels(5)
        .x_label_formatter(&|v| crate::format::count(*v))
        .x_desc("batches")
        .y_desc("loss")
        .y_label_formatter(&|v| crate::format::input(*v))
        .draw()?;
    let stride = points.len().div_ceil(MAX_DRAWN).max(1);
    let drawn: Vec<_> = points
        .iter()
        .enumerate()
        .filter(|(i, _)| i % stride == 0 || *i + 1 == points.len())
        .map(|(_, p)| *p)
        .filter(|p| p.1.is_finite() && p.2.is_finite())
        .collect();
    if let Some(step) = mark {
        chart.draw_series([PathElement::new(
            vec![(step, 0.0), (step, top)],
            super::history_chart::MARK.stroke_width(2),
        )])?;
    }
    chart.draw_series(LineSeries::new(
        drawn.iter().map(|&(s, train, _)| (s, train.min(top))),
        TRAIN.stroke_width(2),
    ))?;
    chart.draw_series(LineSeries::new(
        drawn.iter().map(|&(s, _, test)| (s, test.min(top))),
        TEST.stroke_width(2),
    ))?;
    root.present()?;
    Ok(())
}
