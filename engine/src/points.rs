//! Points (x, y) to fit: the Quadratic lab's noisy data, and the ReLU lab's targets.

use serde::{Deserialize, Serialize};

/// Points (x, y) the model is fitted to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Points {
    pub xs: Vec<f32>,
    pub ys: Vec<f32>,
}

impl Points {
    pub fn len(&self) -> usize {
        self.xs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.xs.is_empty()
    }

    /// The points as (x, y) pairs, for tables and scatter plots.
    pub fn pairs(&self) -> impl Iterator<Item = (f32, f32)> + '_ {
        self.xs.iter().copied().zip(self.ys.iter().copied())
    }
}
