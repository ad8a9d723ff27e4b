//! Any function from ReLUs (fast.ai lesson 3's `rectified_linear` and `double_relu`):
//! `y = c + Σ aᵢ·max(0, mᵢ·x + bᵢ)`, a 1→N→1 network, evaluated on the host for live sliders (the
//! engine fits it).

pub mod setup;

use crate::optimizers::Optimizer;
use crate::points::Points;
use serde::{Deserialize, Serialize};
pub use setup::{FIT_LEARNING_RATE, FIT_STEPS, MAX_UNITS, ReluSetup, Target};

/// The fit's optimizer unless the learner picks another: Adam, since the units' gradients differ
/// by orders of magnitude (a hinge at the edge sees few points), which plain SGD at one rate
/// serves badly.
pub const FIT_OPTIMIZER: Optimizer = Optimizer::ADAM;

/// One rectified linear unit and the weight of its output in the sum.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Hinge {
    pub m: f32,
    pub b: f32,
    pub a: f32,
}

impl Hinge {
    /// This unit's part of the sum at `x`: `a · max(0, m·x + b)`.
    pub fn at(&self, x: f32) -> f32 {
        self.a * (self.m * x + self.b).max(0.0)
    }

    /// Where the unit turns on (or off): the x at which `m·x + b = 0`, if it turns anywhere.
    pub fn knee(&self) -> Option<f32> {
        (self.m != 0.0).then(|| -self.b / self.m)
    }
}

/// A sum of hinges plus a constant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReluSum {
    pub hinges: Vec<Hinge>,
    pub c: f32,
}

impl ReluSum {
    /// How many parameters the sum has: each unit's `m`, `b` and `a`, and the constant `c`.
    pub fn parameters(&self) -> crate::parameters::ParameterCount {
        let units = [self.hinges.len()];
        crate::parameters::ParameterCount::of_shapes([&units[..], &units, &units, &[1]])
    }

    pub fn at(&self, x: f32) -> f32 {
        self.c + self.hinges.iter().map(|h| h.at(x)).sum::<f32>()
    }

    /// Mean squared error against the points, on the host.
    pub fn mse(&self, points: &Points) -> f32 {
        points
            .pairs()
            .map(|(x, y)| (self.at(x) - y).powi(2))
            .sum::<f32>()
            / points.len().max(1) as f32
    }

    /// `count` hinges spread evenly over `[x_min, x_max]` (each turning on at its own x), facing
    /// alternately right and left, with small output weights: a start from which gradient descent
    /// can reach any shape.
    pub fn spread(count: usize, (x_min, x_max): (f32, f32)) -> Self {
        let hinges = (0..count)
            .map(|i| {
                let at = x_min + (x_max - x_min) * (i as f32 + 0.5) / count as f32;
                // Alternate facing right and left, so every stretch of x has live units.
                let m = if i % 2 == 0 { 1.0 } else { -1.0 };
                Hinge {
                    m,
                    b: -m * at,
                    a: 0.1,
                }
            })
            .collect();
        Self { hinges, c: 0.0 }
    }
}

/// The curves the learner can fit, sampled on [-2, 2].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetCurve {
    Sine,
    Step,
    Wiggly,
    /// max(0, x): one unit itself (the `relu-itself` mission's target).
    Relu,
}

impl TargetCurve {
    pub fn at(self, x: f32) -> f32 {
        match self {
            Self::Sine => (1.5 * x).sin(),
            Self::Step => {
                if x < 0.0 {
                    -1.0
                } else {
                    1.0
                }
            }
            Self::Wiggly => 0.6 * (4.0 * x).sin() + 0.3 * x * x - 0.5,
            Self::Relu => x.max(0.0),
        }
    }

    pub fn points(self, count: usize) -> Points {
        let xs: Vec<f32> = (0..count)
            .map(|i| -2.0 + 4.0 * i as f32 / (count.max(2) - 1) as f32)
            .collect();
        Points {
            ys: xs.iter().map(|&x| self.at(x)).collect(),
            xs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sum_by_hand() {
        let sum = ReluSum {
            hinges: vec![
                Hinge {
                    m: 1.0,
                    b: 0.0,
                    a: 2.0,
                },
                Hinge {
                    m: -1.0,
                    b: 1.0,
                    a: 1.0,
                },
            ],
            c: 0.5,
        };
        // x = 2: 2·max(0, 2) + max(0, −1) + 0.5 = 4.5; x = −1: 0 + 2 + 0.5.
        assert_eq!(sum.at(2.0), 4.5);
        assert_eq!(sum.at(-1.0), 2.5);
    }
}
