//! The learning-rate finder's curve: loss against the rate on a log scale, with the suggestions
//! and the current rate marked. Returns the pixel-to-rate map for clicks.

use super::canvas::{DrawResult, drawing_area};
use descent_core::lr_finder::FinderCurve;
use plotters::prelude::*;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;

pub type PixelToRate = Rc<dyn Fn((i32, i32)) -> Option<f32>>;

pub fn draw(
    canvas: &HtmlCanvasElement,
    curve: &FinderCurve,
    current: f32,
) -> DrawResult<PixelToRate> {
    let root = drawing_area(canvas)?;
    root.fill(&WHITE)?;
    // The x axis is log10 of the rate, labelled as rates.
    let logs: Vec<f32> = curve.rates.iter().map(|r| r.log10()).collect();
    let (x_lo, x_hi) = match (logs.first(), logs.last()) {
        (Some(&lo), Some(&hi)) if hi > lo => (lo, hi),
        _ => (-6.0, 1.0),
    };
    let finite = curve.losses.iter().copied().filter(|l| l.is_finite());
    let (lo, hi) = finite.fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), l| {
        (lo.min(l), hi.max(l))
    });
    let (lo, hi) = if lo < hi {
        (lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo))
    } else {
        (0.0, 1.0)
    };
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(56)
        .build_cartesian_2d(x_lo..x_hi, lo..hi)?;
    chart
        .configure_mesh()
        .light_line_style(RGBColor(238, 238, 238))
        .x_desc("learning rate")
        .y_desc("loss")
        // Decades only: a tick between two would round to the same label.
        .x_label_formatter(&|v| {
            if (v - v.round()).abs() < 0.01 {
                format!("1e{}", v.round())
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|v| crate::format::significant(*v))
        .draw()?;
    chart.draw_series(LineSeries::new(
        logs.iter().copied().zip(curve.losses.iter().copied()),
        RGBColor(31, 119, 180).stroke_width(2),
    ))?;
    let mark = |rate: f32, colour: RGBColor| {
        let x = rate.log10();
        PathElement::new(vec![(x, lo), (x, hi)], colour.stroke_width(2))
    };
    let marks = [
        curve.minimum_tenth.map(|r| mark(r, RGBColor(44, 160, 44))),
        curve.steepest.map(|r| mark(r, RGBColor(255, 127, 14))),
        Some(mark(current, RGBColor(214, 39, 40))),
    ];
    chart.draw_series(marks.into_iter().flatten())?;
    root.present()?;
    let to_log = chart.into_coord_trans();
    Ok(Rc::new(move |pixel| {
        to_log(pixel).map(|(x, _)| 10f32.powf(x))
    }))
}
