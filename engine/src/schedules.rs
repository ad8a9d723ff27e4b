//! Learning-rate schedules: the rate for each batch of a run, from the run's maximum rate.

use serde::{Deserialize, Serialize};
use std::f64::consts::PI;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Schedule {
    /// The same rate throughout.
    Constant,
    /// The rate times `factor` after every `every` batches.
    StepDecay { every: usize, factor: f64 },
    /// A linear rise over the first `warmup` batches to the maximum, then a cosine fall to zero
    /// at the end of the run.
    WarmupCosine { warmup: usize },
    /// fastai's `fit_one_cycle`: a cosine rise from `max / div` to `max` over the first
    /// `pct_start` of the run, then a cosine fall to `max / div_final`.
    OneCycle {
        pct_start: f64,
        div: f64,
        div_final: f64,
    },
}

impl Schedule {
    /// fastai's defaults for `fit_one_cycle`.
    pub const ONE_CYCLE: Self = Self::OneCycle {
        pct_start: 0.25,
        div: 25.0,
        div_final: 1e5,
    };

    /// The rate at `batch` (counted from 0) of a run of `total` batches that peaks at `max`.
    pub fn rate(self, batch: usize, total: usize, max: f64) -> f64 {
        let total = total.max(1);
        let at = batch.min(total) as f64;
        match self {
            Self::Constant => max,
            Self::StepDecay { every, factor } => {
                max * factor.powi((batch / every.max(1)).min(i32::MAX as usize) as i32)
            }
            Self::WarmupCosine { warmup } => {
                if batch < warmup {
                    max * (batch + 1) as f64 / warmup as f64
                } else {
                    let fall = (total.saturating_sub(warmup)).max(1) as f64;
                    cosine(max, 0.0, (at - warmup as f64) / fall)
                }
            }
            Self::OneCycle {
                pct_start,
                div,
                div_final,
            } => {
                let rise = (pct_start * total as f64).max(1.0);
                if at < rise {
                    cosine(max / div, max, at / rise)
                } else {
                    let fall = (total as f64 - rise).max(1.0);
                    cosine(max, max / div_final, (at - rise) / fall)
                }
            }
        }
    }
}

/// From `start` at `position` 0 to `end` at 1, along half a cosine (fastai's `SchedCos`).
fn cosine(start: f64, end: f64, position: f64) -> f64 {
    end + (start - end) / 2.0 * (1.0 + (PI * position.clamp(0.0, 1.0)).cos())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() <= 1e-12 * expected.abs().max(1.0),
            "{actual} != {expected}"
        );
    }

    #[test]
    fn constant_and_step_decay_follow_their_formulas() {
        close(Schedule::Constant.rate(37, 100, 0.1), 0.1);
        let decay = Schedule::StepDecay {
            every: 10,
            factor: 0.5,
        };
        close(decay.rate(0, 100, 0.1), 0.1);
        close(decay.rate(9, 100, 0.1), 0.1);
        close(decay.rate(10, 100, 0.1), 0.05);
        close(decay.rate(35, 100, 0.1), 0.0125);
    }

    #[test]
    fn warm_up_rises_linearly_then_falls_along_a_cosine() {
        let schedule = Schedule::WarmupCosine { warmup: 10 };
        close(schedule.rate(0, 110, 0.2), 0.02);
        close(schedule.rate(4, 110, 0.2), 0.1);
        close(schedule.rate(10, 110, 0.2), 0.2);
        // A quarter of the way down the cosine: (1 + cos(π/4)) / 2 of the maximum.
        close(
            schedule.rate(35, 110, 0.2),
            0.2 * (1.0 + std::f64::consts::FRAC_1_SQRT_2) / 2.0,
        );
        close(schedule.rate(60, 110, 0.2), 0.1);
        close(schedule.rate(110, 110, 0.2), 0.0);
    }

    #[test]
    fn one_cycle_matches_fastai_at_its_start_peak_and_end() {
        let schedule = Schedule::ONE_CYCLE;
        close(schedule.rate(0, 100, 0.1), 0.1 / 25.0);
        // Part-way up, along the cosine from max / 25 to max.
        close(schedule.rate(12, 100, 0.1), {
            let position: f64 = 12.0 / 25.0;
            0.1 + (0.004 - 0.1) / 2.0 * (1.0 + (PI * position).cos())
        });
        close(schedule.rate(25, 100, 0.1), 0.1);
        // A third of the way down: 1e-6 + (0.1 − 1e-6)·(1 + cos(π/3))/2 = 1e-6 + 0.75·(0.1 − 1e-6).
        close(schedule.rate(50, 100, 0.1), 1e-6 + 0.75 * (0.1 - 1e-6));
        close(schedule.rate(100, 100, 0.1), 1e-6);
    }
}
