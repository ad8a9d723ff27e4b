//! The inputs a playground network may see, computed from a point (x1, x2).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    X1,
    X2,
    X1Squared,
    X2Squared,
    X1X2,
    SinX1,
    SinX2,
}

impl Feature {
    pub const ALL: [Self; 7] = [
        Self::X1,
        Self::X2,
        Self::X1Squared,
        Self::X2Squared,
        Self::X1X2,
        Self::SinX1,
        Self::SinX2,
    ];

    /// The feature's value at a point; squares and products are scaled back to about [-1, 1]·6
    /// so no input dwarfs the others.
    pub fn of(self, [x1, x2]: [f32; 2]) -> f32 {
        match self {
            Self::X1 => x1,
            Self::X2 => x2,
            Self::X1Squared => x1 * x1 / 6.0,
            Self::X2Squared => x2 * x2 / 6.0,
            Self::X1X2 => x1 * x2 / 6.0,
            Self::SinX1 => x1.sin(),
            Self::SinX2 => x2.sin(),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::X1 => "x₁",
            Self::X2 => "x₂",
            Self::X1Squared => "x₁²",
            Self::X2Squared => "x₂²",
            Self::X1X2 => "x₁x₂",
            Self::SinX1 => "sin x₁",
            Self::SinX2 => "sin x₂",
        }
    }
}

/// The rows `[n, features]` of the chosen features for each point.
pub fn feature_rows(points: &[[f32; 2]], features: &[Feature]) -> Vec<f32> {
    points
        .iter()
        .flat_map(|&p| features.iter().map(move |f| f.of(p)))
        .collect()
}
