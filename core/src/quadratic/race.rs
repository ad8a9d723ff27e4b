//! An optimizer race on the quadratic: several optimizers from one start, each at its own rate,
//! and how many steps each takes to come within reach of the least-squares optimum (the engine
//! runs it).

use super::descent::{Evaluation, StopReason};
use super::{Coefficients, NoisyQuadratic};
use crate::optimizers::Optimizer;
use crate::points::Points;
use serde::{Deserialize, Serialize};

/// At most this many optimizers race at once.
pub const MAX_RACERS: usize = 3;
/// At most this many steps each: the page draws every one.
pub const MAX_RACE_STEPS: usize = 1_000;
/// A racer has reached the optimum once its loss is within this share of the optimum's loss
/// above it (or within [`REACHED_ABSOLUTE`], for an optimum near zero).
pub const REACHED_RELATIVE: f32 = 0.01;
pub const REACHED_ABSOLUTE: f32 = 1e-3;

/// One optimizer in a race, at its own learning rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Racer {
    pub optimizer: Optimizer,
    pub learning_rate: f32,
}

/// Where one racer went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RacePath {
    /// The start and every point reached after it, never a diverged one.
    pub visited: Vec<Evaluation>,
    /// Why it stopped before the last step, if it did (only ever `Diverged`).
    pub stop: Option<StopReason>,
    /// The first step whose loss is within reach of the optimum's.
    pub reached: Option<usize>,
}

/// Every racer's path, in the order they were given, and the optimum they race to (under the
/// MSE, which has one in closed form; the MAE has none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Race {
    pub paths: Vec<RacePath>,
    pub optimum: Option<Evaluation>,
}

/// A race set up in one click.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RacePreset {
    pub recipe: NoisyQuadratic,
    pub start: Coefficients,
    pub racers: [Racer; MAX_RACERS],
    pub steps: usize,
}

/// A narrow valley: the lesson's points with x stretched to [−4, 4], so x² reaches 16 and the
/// loss curves about 150 times more steeply along a than across the valley's floor (mostly c).
/// Plain SGD, at about the most it can take (0.015: past 2/λ ≈ 0.018 it diverges), zig-zags
/// across the valley and crawls along it; momentum at a third of that rate builds up speed along
/// the floor and gets there first. Adam, at its own rate, scales each coefficient's step by its
/// own gradient history.
pub fn valley_preset() -> RacePreset {
    RacePreset {
        recipe: NoisyQuadratic {
            x_min: -4.0,
            x_max: 4.0,
            ..NoisyQuadratic::default()
        },
        start: Coefficients::new(-1.0, 1.5, 4.5),
        racers: [
            Racer {
                optimizer: Optimizer::Sgd,
                learning_rate: 0.015,
            },
            Racer {
                optimizer: Optimizer::MOMENTUM,
                learning_rate: 0.005,
            },
            Racer {
                optimizer: Optimizer::ADAM,
                learning_rate: 0.5,
            },
        ],
        steps: 300,
    }
}

/// The coefficients with the least squared error on `points`: the normal equations
/// `(XᵀX)·p = Xᵀy` for rows `X = [x², x, 1]`, solved in f64 by Cramer's rule. `None` when they
/// have no single solution (fewer than three distinct x).
pub fn least_squares(points: &Points) -> Option<Coefficients> {
    let mut gram = [[0.0f64; 3]; 3];
    let mut moment = [0.0f64; 3];
    for (x, y) in points.pairs() {
        let (x, y) = (f64::from(x), f64::from(y));
        let row = [x * x, x, 1.0];
        for i in 0..3 {
            moment[i] += row[i] * y;
            for j in 0..3 {
                gram[i][j] += row[i] * row[j];
            }
        }
    }
    let det = |m: [[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let whole = det(gram);
    let scale = gram.iter().flatten().fold(0.0f64, |m, v| m.max(v.abs()));
    if whole.abs() <= 1e-12 * scale.powi(3) {
        return None;
    }
    let solve = |column: usize| {
        let mut m = gram;
        for (row, value) in m.iter_mut().zip(moment) {
            row[column] = value;
        }
        (det(m) / whole) as f32
    };
    Some(Coefficients::new(solve(0), solve(1), solve(2)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn least_squares_recovers_a_curve_through_its_points_and_refuses_too_few() {
        let curve = Coefficients::new(3.0, -2.0, 0.5);
        let xs = vec![-2.0, -1.0, 0.0, 1.5, 3.0];
        let points = Points {
            ys: xs.iter().map(|&x| curve.value_at(x)).collect(),
            xs,
        };
        let fitted = least_squares(&points).unwrap();
        for (got, want) in fitted.to_array().iter().zip(curve.to_array()) {
            assert!((got - want).abs() < 1e-4, "{fitted:?}");
        }
        let two = Points {
            xs: vec![1.0, 1.0, 2.0],
            ys: vec![0.0, 1.0, 2.0],
        };
        assert_eq!(least_squares(&two), None);
    }

    #[test]
    fn least_squares_by_hand() {
        // Two points at x = 0 (y = 0 and 1): the best fit passes through their mean, so through
        // (−1, −1), (0, 0.5) and (1, 1): c = 0.5, a − b + c = −1, a + b + c = 1.
        let points = Points {
            xs: vec![-1.0, 0.0, 0.0, 1.0],
            ys: vec![-1.0, 0.0, 1.0, 1.0],
        };
        let p = least_squares(&points).unwrap();
        // So b = 1 and a = −0.5.
        assert!((p.a + 0.5).abs() < 1e-6 && (p.b - 1.0).abs() < 1e-6 && (p.c - 0.5).abs() < 1e-6);
    }
}
