//! A learning-rate schedule over a run's batches, with the batch training now marked and the
//! batch the learner is reading. Returns the pixel-to-batch map for clicks.

use super::canvas::{DrawResult, drawing_area};
use descent_core::schedules::RatePlan;
use plotters::prelude::*;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;

pub type PixelToBatch = Rc<dyn Fn((i32, i32)) -> Option<usize>>;

/// The curve is drawn through at most this many batches.
const SAMPLES: usize = 400;

pub fn draw(
    canvas: &HtmlCanvasElement,
    plan: &RatePlan,
    current: Option<usize>,
    reading: Option<usize>,
) -> DrawResult<PixelToBatch> {
    let root = drawing_area(canvas)?;
    root.fill(&WHITE)?;
    let total = plan.total.max(1);
    let last = (total - 1) as f32;
    let every = total.div_ceil(SAMPLES).max(1);
    let points: Vec<(f32, f32)> = (0..total)
        .step_by(every)
        .chain([total - 1])
        .map(|b| (b as f32, plan.at(b)))
        .collect();
    let top = points.iter().fold(0.0f32, |m, &(_, r)| m.max(r)) * 1.08;
    let top = if top > 0.0 { top } else { 1.0 };
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(56)
        .build_cartesian_2d(0f32..last.max(1.0), 0f32..top)?;
    chart
        .configure_mesh()
        .light_line_style(RGBColor(238, 238, 238))
        .x_desc("batch")
        .y_desc("learning rate")
        .x_label_formatter(&|v| format!("{}", v.round()))
        .y_label_formatter(&|v| crate::format::significant(*v))
        .draw()?;
    chart.draw_series(LineSeries::new(
        points,
        RGBColor(31, 119, 180).stroke_width(2),
    ))?;
    let mark = |batch: usize, colour: RGBColor| {
        let x = batch.min(total - 1) as f32;
        PathElement::new(vec![(x, 0.0), (x, top)], colour.stroke_width(2))
    };
    let marks = [
        current.map(|b| mark(b, RGBColor(214, 39, 40))),
        reading.map(|b| mark(b, RGBColor(120, 120, 120))),
    ];
    chart.draw_series(marks.into_iter().flatten())?;
    root.present()?;
    let to_batch = chart.into_coord_trans();
    Ok(Rc::new(move |pixel| {
        to_batch(pixel).map(|(x, _)| (x.round().max(0.0) as usize).min(total - 1))
    }))
}
