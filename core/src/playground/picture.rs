//! What a playground network computes over the plane, as the page draws it: square grids of
//! levels −127..127 for the output, every neuron and every input feature.

use super::datasets::EXTENT;
use super::features::Feature;
use serde::{Deserialize, Serialize};

/// Cells per side of the pictures the page is sent: fine enough to see a boundary, small enough
/// to send ten times a second for a hundred neurons.
pub const PICTURE_RESOLUTION: usize = 32;

/// What the network computes over the plane, for the page to draw: the output and every hidden
/// neuron on a square grid, and the weights of every layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaygroundPicture {
    /// Cells per side of the grid; cell `(row, column)` is at index `row · resolution + column`,
    /// rows running from the top (x₂ = +EXTENT) down and columns from x₁ = −EXTENT.
    pub resolution: usize,
    /// The output in every cell, −127 to 127: `2p − 1` for a class-1 probability `p`, or the
    /// regressed value (clamped to [−1, 1]).
    pub output: Vec<i8>,
    /// Each hidden neuron's activation in every cell, layer after layer, scaled so the neuron's
    /// largest magnitude is ±127.
    pub neurons: Vec<Vec<i8>>,
    /// Each layer's weights `[inputs × outputs]`, row-major, the output layer last.
    pub weights: Vec<Vec<f32>>,
    /// Each layer's biases, one per output.
    pub biases: Vec<Vec<f32>>,
}

/// The centres of a `resolution`² grid over the playground's square, in [`PlaygroundPicture`]'s
/// order.
pub fn grid(resolution: usize) -> Vec<[f32; 2]> {
    let cell = 2.0 * EXTENT / resolution as f32;
    let centre = |i: usize| -EXTENT + (i as f32 + 0.5) * cell;
    (0..resolution)
        .flat_map(|row| (0..resolution).map(move |column| [centre(column), -centre(row)]))
        .collect()
}

/// Values in [−1, 1] as levels −127 to 127.
pub fn levels(values: impl Iterator<Item = f32>) -> Vec<i8> {
    values
        .map(|v| (v.clamp(-1.0, 1.0) * 127.0).round() as i8)
        .collect()
}

/// A feature over the grid, scaled like the neurons' maps.
pub fn feature_map(feature: Feature, resolution: usize) -> Vec<i8> {
    scaled_levels(
        &grid(resolution)
            .iter()
            .map(|&p| feature.of(p))
            .collect::<Vec<_>>(),
    )
}

/// Levels with the largest magnitude at ±127 (all zero stays zero).
pub fn scaled_levels(values: &[f32]) -> Vec<i8> {
    let largest = values.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    let scale = if largest > 0.0 { 1.0 / largest } else { 0.0 };
    levels(values.iter().map(|v| v * scale))
}
