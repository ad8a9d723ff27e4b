//! Loss against step, on a log scale so both the fast start and the slow tail are visible.
//! Histories come thinned ([`crate::series::Series`]), as (step, loss) points. Several curves
//! can share the axes (an optimizer race, a run beside the one before it), and one step can be
//! marked (where early stopping went back to).

use super::canvas::{DrawResult, drawing_area};
use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

pub const BLUE: RGBColor = RGBColor(31, 119, 180);
pub const GREY: RGBColor = RGBColor(150, 150, 150);
pub const MARK: RGBColor = RGBColor(44, 160, 44);

/// One curve and its colour.
pub struct Curve<'a> {
    pub points: &'a [(usize, f32)],
    pub colour: RGBColor,
}

pub fn draw(
    canvas: &HtmlCanvasElement,
    losses: &[(usize, f32)],
    step_name: &str,
    loss_name: &str,
) -> DrawResult {
    let curve = Curve {
        points: losses,
        colour: BLUE,
    };
    draw_curves(canvas, &[curve], None, step_name, loss_name)
}

/// Every curve on one pair of axes, the last drawn on top, with a vertical line at `mark`.
pub fn draw_curves(
    canvas: &HtmlCanvasElement,
    curves: &[Curve],
    mark: Option<usize>,
    step_name: &str,
    loss_name: &str,
) -> DrawResult {
    let root = drawing_area(canvas)?;
    root.fill(&WHITE)?;
    let all = || curves.iter().flat_map(|c| c.points.iter());
    let finite = all().map(|&(_, l)| l).filter(|l| l.is_finite() && *l > 0.0);
    let (lo, hi) = finite.fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), l| {
        (lo.min(l), hi.max(l))
    });
    let empty = !lo.is_finite();
    let (lo, hi) = if empty {
        (0.1, 10.0)
    } else {
        (lo * 0.8, hi * 1.25)
    };
    let first = all().map(|&(step, _)| step).min().unwrap_or(0);
    let last = all()
        .map(|&(step, _)| step)
        .max()
        .unwrap_or(1)
        .max(first + 1);
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
    if let Some(step) = mark {
        chart.draw_series([PathElement::new(
            vec![(step, lo), (step, hi)],
            MARK.stroke_width(2),
        )])?;
    }
    for curve in curves {
        let drawn = curve.points.iter().map(|&(step, l)| (step, l.max(lo)));
        chart.draw_series(LineSeries::new(drawn, curve.colour.stroke_width(2)))?;
    }
    root.present()?;
    Ok(())
}
