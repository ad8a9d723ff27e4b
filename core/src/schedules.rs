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

    /// Its name in a list of schedules.
    pub fn name(self) -> &'static str {
        match self {
            Self::Constant => "Constant",
            Self::StepDecay { .. } => "Step decay",
            Self::WarmupCosine { .. } => "Warm-up, then cosine",
            Self::OneCycle { .. } => "One-cycle",
        }
    }

    /// Each kind, shaped for a run of `total` batches: the rate halves every quarter of the run;
    /// warm-up takes a tenth of it (at least one batch); one-cycle is fastai's.
    pub fn all_for(total: usize) -> [Self; 4] {
        [
            Self::Constant,
            Self::StepDecay {
                every: (total / 4).max(1),
                factor: 0.5,
            },
            Self::WarmupCosine {
                warmup: (total / 10).max(1),
            },
            Self::ONE_CYCLE,
        ]
    }

    /// The same kind, shaped by [`Schedule::all_for`] for a run of `total` batches.
    pub fn shaped_for(self, total: usize) -> Self {
        Self::all_for(total)
            .into_iter()
            .find(|s| s.name() == self.name())
            .unwrap_or(self)
    }

    /// The schedule as text for an address or a form (`constant`, `step:250:0.5`, `warmup:100`,
    /// `onecycle:0.25:25:100000`).
    pub fn to_key(self) -> String {
        match self {
            Self::Constant => "constant".into(),
            Self::StepDecay { every, factor } => format!("step:{every}:{factor}"),
            Self::WarmupCosine { warmup } => format!("warmup:{warmup}"),
            Self::OneCycle {
                pct_start,
                div,
                div_final,
            } => format!("onecycle:{pct_start}:{div}:{div_final}"),
        }
    }

    /// Reads [`Schedule::to_key`]'s text; `None` if malformed or out of range.
    pub fn from_key(key: &str) -> Option<Self> {
        let mut parts = key.split(':');
        let kind = parts.next()?;
        let numbers: Vec<f64> = parts.map(|p| p.parse().ok()).collect::<Option<_>>()?;
        let count = |v: f64| ((1.0..=1e9).contains(&v) && v.fract() == 0.0).then_some(v as usize);
        Some(match (kind, numbers.as_slice()) {
            ("constant", []) => Self::Constant,
            ("step", &[every, factor]) if factor > 0.0 && factor <= 1.0 => Self::StepDecay {
                every: count(every)?,
                factor,
            },
            ("warmup", &[warmup]) => Self::WarmupCosine {
                warmup: count(warmup)?,
            },
            ("onecycle", &[pct_start, div, div_final])
                if pct_start > 0.0 && pct_start < 1.0 && div >= 1.0 && div_final >= 1.0 =>
            {
                Self::OneCycle {
                    pct_start,
                    div,
                    div_final,
                }
            }
            _ => return None,
        })
    }

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

/// A run's learning rate, batch by batch: its schedule, the rate at the schedule's peak, and
/// the run's length in batches.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RatePlan {
    pub schedule: Schedule,
    pub max: f32,
    pub total: usize,
}

impl RatePlan {
    /// The same rate for every batch.
    pub fn constant(rate: f32) -> Self {
        Self {
            schedule: Schedule::Constant,
            max: rate,
            total: 1,
        }
    }

    /// The rate of the run's batch `batch`, counted from 0.
    pub fn at(&self, batch: usize) -> f32 {
        self.schedule.rate(batch, self.total, f64::from(self.max)) as f32
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
    fn keys_read_back_and_bad_ones_are_refused() {
        for schedule in Schedule::all_for(1000) {
            assert_eq!(Schedule::from_key(&schedule.to_key()), Some(schedule));
        }
        for bad in [
            "",
            "cyclic",
            "step:0:0.5",
            "step:10:2",
            "warmup:1.5",
            "onecycle:1:25:1e5",
        ] {
            assert_eq!(Schedule::from_key(bad), None, "{bad}");
        }
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
