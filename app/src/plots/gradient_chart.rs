//! The playground's mean |∂L/∂w| of each layer of weights against the batches trained, on a log
//! scale: vanishing gradients show as the first layers' lines far below the last's.

use super::canvas::{DrawResult, drawing_area};
use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

/// A colour per layer, first to last, as (r, g, b): from pale blue on the inputs' side to dark
/// red at the output.
pub fn layer_colour(layer: usize, layers: usize) -> (u8, u8, u8) {
    let t = layer as f64 / (layers.max(2) - 1) as f64;
    let mix = |a: f64, b: f64| (a + (b - a) * t) as u8;
    (mix(120.0, 200.0), mix(170.0, 30.0), mix(230.0, 40.0))
}

/// `history` is (batch, one size per layer).
pub fn draw(canvas: &HtmlCanvasElement, history: &[(usize, Vec<f32>)]) -> DrawResult {
    let root = drawing_area(canvas)?;
    root.fill(&WHITE)?;
    let sizes = || {
        history
            .iter()
            .flat_map(|(_, s)| s.iter().copied())
            .filter(|s| s.is_finite() && *s > 0.0)
    };
    let low = sizes().fold(f32::INFINITY, f32::min);
    let high = sizes().fold(0.0f32, f32::max);
    if !low.is_finite() || high <= 0.0 {
        root.present()?;
        return Ok(());
    }
    let (low, high) = (low / 2.0, (high * 2.0).max(low * 4.0));
    let last = history.last().map_or(1, |p| p.0).max(1);
    let mut chart = ChartBuilder::on(&root)
        .margin(10)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .build_cartesian_2d(0..last, (low..high).log_scale())?;
    chart
        .configure_mesh()
        .light_line_style(RGBColor(238, 238, 238))
        .x_labels(5)
        .y_labels(5)
        .x_label_formatter(&|v| crate::format::count(*v))
        .y_label_formatter(&|v| format!("{v:.0e}"))
        .x_desc("batches")
        .y_desc("mean |∂L/∂w|")
        .draw()?;
    let layers = history.iter().map(|(_, s)| s.len()).max().unwrap_or(0);
    for layer in 0..layers {
        let points = history.iter().filter_map(|(step, sizes)| {
            let size = *sizes.get(layer)?;
            (size.is_finite() && size > 0.0).then_some((*step, size))
        });
        let (r, g, b) = layer_colour(layer, layers);
        chart.draw_series(LineSeries::new(points, RGBColor(r, g, b).stroke_width(2)))?;
    }
    root.present()?;
    Ok(())
}
