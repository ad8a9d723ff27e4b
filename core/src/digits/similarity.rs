//! The book's baseline as reported: the average of each of the pair's digits (3 and 7 in the
//! book), and how well "closer to which average" classifies (the engine computes it).

use super::Pair;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimilarityReport {
    pub pair: Pair,
    /// The average training image of the pair's first digit and of its second, grey levels 0–1.
    pub mean_first: Vec<f32>,
    pub mean_second: Vec<f32>,
    /// As the book reports it: the mean of the accuracy on each digit.
    pub l1_accuracy: f32,
    pub rmse_accuracy: f32,
    pub validation_images: usize,
}
