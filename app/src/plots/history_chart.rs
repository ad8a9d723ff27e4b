//! Loss against step, on a log scale so both the fast start and the slow tail are visible.
//! Histories come thinned ([`crate::series::Series`]), as (step, loss) points.

use super::canvas::{DrawResult, drawing_area};
use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

pub fn draw(
    canvas: &HtmlCanvasElement,
    losses: &[(usize, f32)],
    step_name: &str,
    loss_name: &str,
) -> DrawResult {
    let root = drawing_area(canvas)?;
    root.fill(&WHITE)?;
    let finite = losses
        .iter()
        .map(|&(_, l)| l)
        .filter(|l| l.is_finite() && *l > 0.0);
    let (lo, hi) = finite.fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), l| {
        (lo.min(l), hi.max(l))
    });
    let empty = !lo.is_finite();
    let (lo, hi) = if empty {
        (0.1, 10.0)
    } else {
        (lo * 0.8, hi * 1.25)
    };
    let first = losses.first().map_or(0, |&(step, _)| step);
    let last = losses.last().map_or(1, |&(step, _)| step).max(first + 1);
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(56)
        .build_cartesian_2d(first..last, (lo..hi).log_scale())?;
    chart
        .configure_mesh()
        .light_line_style(RGBColor(238, 238, 238))
        .x_desc(step_name)
        .y_desc(loss_name)
        // No losses yet: a scale with nothing on it would only crowd the axis.
        .y_labels(if empty { 0 } else { 10 })
        .y_label_formatter(&|v| crate::format::significant(*v))
        .draw()?;
    let drawn = losses.iter().map(|&(step, l)| (step, l.max(lo)));
    chart.draw_series(LineSeries::new(
        drawn,
        RGBColor(31, 119, 180).stroke_width(2),
    ))?;
    root.present()?;
    Ok(())
}
