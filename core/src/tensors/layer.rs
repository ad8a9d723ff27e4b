//! A layer as a matrix multiply: `xb @ w1 + b1`, one output worked out as the book does, row of
//! `xb` times column of `w1`, plus the bias, then ReLU.

use crate::mnist::PIXELS;
use crate::parameters::ParameterCount;
use rand::{RngExt, SeedableRng, rngs::ChaCha8Rng};

/// One output of the layer: the products of a row's inputs with a column's weights, their sum,
/// the bias, and what ReLU keeps.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerCell {
    pub products: Vec<f32>,
    pub sum: f32,
    pub bias: f32,
    /// `sum + bias`: the cell of `xb @ w1 + b1`.
    pub output: f32,
    /// `max(0, output)`.
    pub activated: f32,
}

impl LayerCell {
    /// Cell (`row`, `column`) of `inputs @ weights + bias`, with `inputs` `[batch, n]` and
    /// `weights` `[n, units]`, both row by row.
    pub fn of(inputs: &[f32], weights: &[f32], bias: &[f32], row: usize, column: usize) -> Self {
        let units = bias.len();
        let n = weights.len() / units.max(1);
        let x = &inputs[row * n..(row + 1) * n];
        let products: Vec<f32> = (0..n).map(|i| x[i] * weights[i * units + column]).collect();
        let sum = products.iter().sum::<f32>();
        let output = sum + bias[column];
        Self {
            products,
            sum,
            bias: bias[column],
            output,
            activated: output.max(0.0),
        }
    }
}

/// A first layer of `units` units on 28×28 images, drawn as `nn.Linear` draws its start
/// (uniform in ±1/√784), from `seed`: its weights `[784, units]`, its biases, and its count.
pub fn first_layer(units: usize, seed: u64) -> (Vec<f32>, Vec<f32>, ParameterCount) {
    let bound = 1.0 / (PIXELS as f32).sqrt();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut draw =
        |n: usize| -> Vec<f32> { (0..n).map(|_| rng.random_range(-bound..bound)).collect() };
    let weights = draw(PIXELS * units);
    let bias = draw(units);
    (weights, bias, ParameterCount::dense(&[PIXELS, units]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_is_a_row_times_a_column_plus_the_bias() {
        // xb [2, 3] @ w [3, 2] + b, by hand.
        let xb = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let w = [1.0, -1.0, 0.0, 2.0, 1.0, -3.0];
        let b = [0.5, -20.0];
        let cell = LayerCell::of(&xb, &w, &b, 1, 0);
        assert_eq!(cell.products, vec![4.0, 0.0, 6.0]);
        assert_eq!((cell.sum, cell.output, cell.activated), (10.0, 10.5, 10.5));
        // Row 0, column 1: -1 + 4 - 9 - 20 = -26, which ReLU makes 0.
        let cell = LayerCell::of(&xb, &w, &b, 0, 1);
        assert_eq!((cell.output, cell.activated), (-26.0, 0.0));
    }

    #[test]
    fn the_first_layer_counts_as_the_book_does_and_repeats_from_its_seed() {
        let (weights, bias, count) = first_layer(30, 1);
        assert_eq!((weights.len(), bias.len()), (784 * 30, 30));
        assert_eq!(count.total, 23_550);
        assert_eq!(count.formula, "784·30 + 30");
        assert!(weights.iter().all(|w| w.abs() <= 1.0 / 28.0));
        assert_eq!(first_layer(30, 1).0, weights);
        assert_ne!(first_layer(30, 2).0, weights);
    }
}
