//! The noisy points of fast.ai lesson 3: a hidden quadratic sampled on an even grid, with
//! multiplicative and additive Gaussian noise.

use super::Coefficients;
use crate::linspace;
use crate::points::Points;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use serde::{Deserialize, Serialize};

/// Recipe for the lesson's data: `y = f(x)·(1 + N(0, 0.15·noise)) + N(0, 1.5·noise)`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NoisyQuadratic {
    pub hidden: Coefficients,
    pub count: usize,
    pub x_min: f32,
    pub x_max: f32,
    /// Scales both noise terms: 0 gives points exactly on the curve, 1 the lesson's noise.
    pub noise: f32,
    pub seed: u64,
}

impl Default for NoisyQuadratic {
    fn default() -> Self {
        Self {
            hidden: Coefficients::new(3.0, 2.0, 1.0),
            count: 20,
            x_min: -2.0,
            x_max: 2.0,
            noise: 1.0,
            seed: 42,
        }
    }
}

impl NoisyQuadratic {
    /// Standard deviations of the lesson's multiplicative and additive noise at `noise = 1`.
    const MULTIPLICATIVE_SD: f64 = 0.15;
    const ADDITIVE_SD: f64 = 1.5;

    /// Draws the points; the same recipe always gives the same points, on every platform.
    pub fn sample(&self) -> Points {
        let noise = f64::from(self.noise.max(0.0));
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        // A zero standard deviation is valid for `Normal`, so noise 0 needs no special case.
        let multiplicative = Normal::new(0.0, Self::MULTIPLICATIVE_SD * noise).expect("finite sd");
        let additive = Normal::new(0.0, Self::ADDITIVE_SD * noise).expect("finite sd");
        let xs = linspace(self.x_min, self.x_max, self.count);
        let ys = xs
            .iter()
            .map(|&x| {
                let clean = f64::from(self.hidden.value_at(x));
                let y = clean * (1.0 + multiplicative.sample(&mut rng)) + additive.sample(&mut rng);
                y as f32
            })
            .collect();
        Points { xs, ys }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_points_and_other_seed_other_points() {
        let recipe = NoisyQuadratic::default();
        assert_eq!(recipe.sample(), recipe.sample());
        let other = NoisyQuadratic { seed: 7, ..recipe }.sample();
        assert_ne!(recipe.sample().ys, other.ys);
        assert_eq!(recipe.sample().xs, other.xs);
    }

    #[test]
    fn zero_noise_lies_on_the_hidden_curve() {
        let points = NoisyQuadratic {
            noise: 0.0,
            ..Default::default()
        }
        .sample();
        assert_eq!(points.len(), 20);
        for (x, y) in points.pairs() {
            assert!(
                (y - (3.0 * x * x + 2.0 * x + 1.0)).abs() < 1e-5,
                "({x}, {y})"
            );
        }
    }

    #[test]
    fn lesson_noise_scatters_points_around_the_curve() {
        let points = NoisyQuadratic::default().sample();
        let residuals: Vec<f32> = points
            .pairs()
            .map(|(x, y)| y - (3.0 * x * x + 2.0 * x + 1.0))
            .collect();
        let rms = (residuals.iter().map(|r| r * r).sum::<f32>() / 20.0).sqrt();
        // Additive sd 1.5 plus up to 15% of f(x) <= 17: the spread is visible but bounded.
        assert!(rms > 0.5 && rms < 6.0, "rms residual {rms}");
    }
}
