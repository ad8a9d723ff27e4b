//! The playground's network drawn whole: a column of input features, one per hidden layer, and
//! the output, each neuron as a small map of what it computes over the plane, and edges coloured
//! by their weight's sign (blue positive, orange negative) and as thick as it is large.

use super::canvas::{DrawResult, context};
use super::heatmap::{HeatmapPainter, css};
use descent_core::playground::PlaygroundPicture;
use web_sys::HtmlCanvasElement;

pub const NODE: f64 = 34.0;
const GAP: f64 = 10.0;
const COLUMN: f64 = 110.0;
const MARGIN: f64 = 8.0;

/// The canvas size that fits columns of these sizes.
pub fn size(columns: &[usize]) -> (u32, u32) {
    let tallest = columns.iter().copied().max().unwrap_or(1) as f64;
    (
        (MARGIN * 2.0 + COLUMN * (columns.len().max(1) - 1) as f64 + NODE) as u32,
        (MARGIN * 2.0 + tallest * (NODE + GAP) - GAP) as u32,
    )
}

/// The top-left corner of neuron `row` of column `column`.
pub fn node_position(column: usize, row: usize) -> (f64, f64) {
    (
        MARGIN + COLUMN * column as f64,
        MARGIN + row as f64 * (NODE + GAP),
    )
}

/// Neurons per column, inputs first, as the picture's weights say: read from the output back,
/// since each layer's weights are its inputs times its outputs.
fn columns(picture: &PlaygroundPicture) -> Vec<usize> {
    let mut columns = vec![1];
    for layer in picture.weights.iter().rev() {
        let outputs = *columns.last().unwrap_or(&1);
        columns.push(layer.len() / outputs.max(1));
    }
    columns.reverse();
    columns
}

/// `inputs` are the input features' maps; the picture holds the rest.
pub fn draw(
    canvas: &HtmlCanvasElement,
    painter: &mut HeatmapPainter,
    inputs: &[Vec<i8>],
    picture: &PlaygroundPicture,
) -> DrawResult {
    let columns = columns(picture);
    // Until the worker answers a change of inputs, the picture is of the old network: keep the
    // drawing as it is.
    if columns.first() != Some(&inputs.len()) {
        return Ok(());
    }
    let context = context(canvas)?;
    context.clear_rect(
        0.0,
        0.0,
        f64::from(canvas.width()),
        f64::from(canvas.height()),
    );
    let largest = picture
        .weights
        .iter()
        .flatten()
        .fold(0.0f32, |m, w| m.max(w.abs()))
        .max(1e-6);
    let half = NODE / 2.0;
    for (layer, weights) in picture.weights.iter().enumerate() {
        let outputs = columns[layer + 1];
        for (index, &w) in weights.iter().enumerate() {
            let (from, to) = (index / outputs, index % outputs);
            let (x0, y0) = node_position(layer, from);
            let (x1, y1) = node_position(layer + 1, to);
            context.begin_path();
            context.move_to(x0 + NODE, y0 + half);
            context.line_to(x1, y1 + half);
            context.set_stroke_style_str(&css(if w < 0.0 { -110 } else { 110 }));
            context.set_line_width(0.3 + 4.0 * f64::from(w.abs() / largest));
            context.stroke();
        }
    }
    let hidden = picture.neurons.iter();
    let maps = inputs
        .iter()
        .chain(hidden)
        .chain(std::iter::once(&picture.output));
    let positions = columns
        .iter()
        .enumerate()
        .flat_map(|(column, &rows)| (0..rows).map(move |row| node_position(column, row)));
    context.set_stroke_style_str("#5a6478");
    context.set_line_width(1.0);
    for (map, (x, y)) in maps.zip(positions) {
        painter.paint(&context, map, picture.resolution, (x, y, NODE))?;
        context.stroke_rect(x, y, NODE, NODE);
    }
    Ok(())
}
