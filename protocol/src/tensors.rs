//! The Tensors lab's requests: the training images of one digit as a stack (MNIST as the Digits
//! lab loaded it, in the same worker), and its distances from their mean timed two ways.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// The training images of `digit`, row by row, once MNIST is loaded.
    Stack { digit: u8 },
    /// Each training image of `digit`'s mean absolute difference from their mean: once pixel by
    /// pixel in a loop, once as one tensor operation on the engine's backend, each timed.
    TimeDistances { digit: u8 },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// `count` images of 28×28 grey levels (0–255), image after image.
    Stack {
        digit: u8,
        count: usize,
        pixels: Vec<u8>,
    },
    Distances(DistanceTimes),
}

/// What the two ways of computing the distances took, and what they found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DistanceTimes {
    pub digit: u8,
    /// Milliseconds of the loop, and of the tensor operation (its result read back included).
    pub looped_ms: f64,
    pub vectorised_ms: f64,
    /// The tensor operation's distances, one per image.
    pub distances: Vec<f32>,
    /// The largest difference between the two ways' distances.
    pub disagreement: f32,
}
