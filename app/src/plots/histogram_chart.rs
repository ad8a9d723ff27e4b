//! A histogram: equally wide bars over a range, with their counts.

use super::canvas::{DrawResult, drawing_area};
use super::history_chart::BLUE;
use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

pub fn draw(
    canvas: &HtmlCanvasElement,
    (lo, hi): (f32, f32),
    counts: &[usize],
    x_name: &str,
) -> DrawResult {
    let root = drawing_area(canvas)?;
    root.fill(&WHITE)?;
    let top = counts.iter().copied().max().unwrap_or(1).max(1) as f32 * 1.1;
    let hi = if hi > lo { hi } else { lo + 1.0 };
    let width = (hi - lo) / counts.len().max(1) as f32;
    let mut chart = ChartBuilder::on(&root)
        .margin(10)
        .x_label_area_size(36)
        .y_label_area_size(44)
        .build_cartesian_2d(lo..hi, 0f32..top)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(RGBColor(238, 238, 238))
        .x_desc(x_name)
        .y_desc("passengers")
        .draw()?;
    chart.draw_series(counts.iter().enumerate().map(|(i, &count)| {
        let left = lo + width * i as f32;
        Rectangle::new(
            [(left, 0.0), (left + width * 0.92, count as f32)],
            BLUE.filled(),
        )
    }))?;
    root.present()?;
    Ok(())
}
