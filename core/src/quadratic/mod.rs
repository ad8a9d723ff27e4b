//! The Quadratic lab's plain maths (fast.ai lesson 3): the quadratic `a·x² + b·x + c` as plain
//! coefficients, the lesson's noisy data, its losses, the loss graph, the race's paths and the
//! stability of a learning rate. Training on them is the engine's.

mod descent;
mod graph;
mod loss;
mod race;
mod recipe;
pub mod setup;
mod stability;
mod surface;

pub use descent::{DIVERGENCE_RATIO, Descent, Evaluation, GradientBuffer, StopReason};
pub use graph::{Focus, GraphNode, LossGraph, Role, finite_difference_gradient};
pub use loss::LossKind;
pub use race::{
    MAX_RACE_STEPS, MAX_RACERS, REACHED_ABSOLUTE, REACHED_RELATIVE, Race, RacePath, RacePreset,
    Racer, least_squares, valley_preset,
};
pub use recipe::NoisyQuadratic;
pub use setup::{
    COEFFICIENT_RANGE, LEARNING_RATE_RANGE, Lane, NOISE_RANGE, POINTS_KEY, QuadraticSetup,
    RACE_STEP_RANGE, RACE_STEPS, SEED_RANGE, START, START_LEARNING_RATE, TYPED_COEFFICIENT_LIMIT,
};
pub use stability::{
    largest_magnitude, largest_stable_rate, mse_hessian, scaled_to_unit, symmetric_eigenvalues,
};
pub use surface::{LossSurface, SurfaceSpec};

use serde::{Deserialize, Serialize};

/// One of the three coefficients, for picking axes and labelling gradients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Coefficient {
    A,
    B,
    C,
}

impl Coefficient {
    pub const ALL: [Coefficient; 3] = [Coefficient::A, Coefficient::B, Coefficient::C];

    pub fn index(self) -> usize {
        match self {
            Self::A => 0,
            Self::B => 1,
            Self::C => 2,
        }
    }

    pub fn name(self) -> &'static str {
        ["a", "b", "c"][self.index()]
    }
}

/// The coefficients of `a·x² + b·x + c`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Coefficients {
    pub a: f32,
    pub b: f32,
    pub c: f32,
}

impl Coefficients {
    pub const fn new(a: f32, b: f32, c: f32) -> Self {
        Self { a, b, c }
    }

    pub fn from_array([a, b, c]: [f32; 3]) -> Self {
        Self { a, b, c }
    }

    pub fn to_array(self) -> [f32; 3] {
        [self.a, self.b, self.c]
    }

    pub fn get(self, which: Coefficient) -> f32 {
        self.to_array()[which.index()]
    }

    pub fn with(self, which: Coefficient, value: f32) -> Self {
        let mut values = self.to_array();
        values[which.index()] = value;
        Self::from_array(values)
    }

    pub fn is_finite(self) -> bool {
        self.to_array().iter().all(|v| v.is_finite())
    }

    pub fn value_at(self, x: f32) -> f32 {
        (self.a * x + self.b) * x + self.c
    }

    /// `count` points of the curve over `[x_min, x_max]`, for drawing it.
    pub fn curve(self, x_min: f32, x_max: f32, count: usize) -> Vec<(f32, f32)> {
        crate::linspace(x_min, x_max, count)
            .into_iter()
            .map(|x| (x, self.value_at(x)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_at_evaluates_the_polynomial() {
        let q = Coefficients::new(3.0, 2.0, 1.0);
        assert_eq!(q.value_at(0.0), 1.0);
        assert_eq!(q.value_at(2.0), 17.0);
        assert_eq!(q.value_at(-1.0), 2.0);
    }

    #[test]
    fn with_replaces_one_coefficient() {
        let q = Coefficients::new(1.0, 2.0, 3.0).with(Coefficient::B, 9.0);
        assert_eq!(q, Coefficients::new(1.0, 9.0, 3.0));
        assert_eq!(q.get(Coefficient::C), 3.0);
    }
}
