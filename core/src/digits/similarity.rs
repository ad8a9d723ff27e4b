//! The book's baseline as reported: the average 3 and 7, and how well "closer to which average"
//! classifies (the engine computes it).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimilarityReport {
    /// The average 3 and 7 of the training set, grey levels 0–1.
    pub mean_three: Vec<f32>,
    pub mean_seven: Vec<f32>,
    /// As the book reports it: the mean of the accuracy on 3s and the accuracy on 7s.
    pub l1_accuracy: f32,
    pub rmse_accuracy: f32,
    pub validation_images: usize,
}
