//! The loss over a grid of two coefficients, the third held fixed.

use super::{Coefficient, Coefficients};
use serde::{Deserialize, Serialize};

/// Which slice of coefficient space to score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SurfaceSpec {
    /// The coefficient along the horizontal axis.
    pub x: Coefficient,
    /// The coefficient along the vertical axis.
    pub y: Coefficient,
    /// Supplies the held (third) coefficient's value.
    pub at: Coefficients,
    pub x_range: (f32, f32),
    pub y_range: (f32, f32),
    /// Grid points per axis.
    pub resolution: usize,
}

impl SurfaceSpec {
    /// The coefficients at grid cell (column `i`, row `j`).
    pub fn coefficients_at(&self, i: usize, j: usize) -> Coefficients {
        let along = |(lo, hi): (f32, f32), k: usize| {
            lo + (hi - lo) * k as f32 / (self.resolution.max(2) - 1) as f32
        };
        self.at
            .with(self.x, along(self.x_range, i))
            .with(self.y, along(self.y_range, j))
    }
}

/// Loss values on the grid, row-major: `losses[j * resolution + i]` is column `i`, row `j`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LossSurface {
    pub spec: SurfaceSpec,
    pub losses: Vec<f32>,
}

impl LossSurface {
    pub fn loss_at(&self, i: usize, j: usize) -> f32 {
        self.losses[j * self.spec.resolution + i]
    }

    /// Smallest and largest loss on the grid, for colour scales.
    pub fn range(&self) -> (f32, f32) {
        self.losses
            .iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &l| {
                (lo.min(l), hi.max(l))
            })
    }
}
