//! The learning-rate finder (fastai's `lr_find`): train with a rate that grows exponentially
//! every batch, from tiny until the loss explodes, and read a good rate off the curve.

use crate::error::EngineError;
use serde::{Deserialize, Serialize};

/// Anything that can take one training step at a given rate and say the loss it measured.
pub trait RateProbe {
    fn step(&mut self, learning_rate: f32) -> impl Future<Output = Result<f32, EngineError>>;
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FinderSpec {
    pub start: f32,
    pub end: f32,
    /// Most batches; the rate reaches `end` at the last one.
    pub steps: usize,
}

impl Default for FinderSpec {
    fn default() -> Self {
        Self {
            start: 1e-6,
            end: 10.0,
            steps: 100,
        }
    }
}

/// The loss measured at each rate, and what to make of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FinderCurve {
    pub rates: Vec<f32>,
    /// Smoothed (an exponential moving average, as fastai does), so one noisy batch does not
    /// decide.
    pub losses: Vec<f32>,
    /// A tenth of the rate at the lowest loss.
    pub minimum_tenth: Option<f32>,
    /// The rate where the loss falls fastest (per log-rate).
    pub steepest: Option<f32>,
    /// The rate at which the loss blew up, if it did.
    pub diverged_at: Option<f32>,
}

/// Runs the finder. Stops when the smoothed loss exceeds four times its minimum, or is not finite.
pub async fn find_learning_rate(
    probe: &mut impl RateProbe,
    spec: FinderSpec,
) -> Result<FinderCurve, EngineError> {
    if !(spec.start > 0.0 && spec.end > spec.start && spec.steps >= 2) {
        return Err(EngineError::InvalidInput(
            "the finder needs 0 < start < end and at least 2 steps".into(),
        ));
    }
    let growth = (spec.end / spec.start).powf(1.0 / (spec.steps - 1) as f32);
    let (mut rates, mut losses) = (Vec::new(), Vec::new());
    let mut average = 0.0;
    let mut diverged_at = None;
    for i in 0..spec.steps {
        let rate = spec.start * growth.powi(i as i32);
        let loss = probe.step(rate).await?;
        // Bias-corrected moving average; β = 0.9 follows a 100-step sweep without lagging it.
        average = 0.9 * average + 0.1 * loss;
        let smoothed = average / (1.0 - 0.9f32.powi(i as i32 + 1));
        let lowest = losses.iter().copied().fold(f32::INFINITY, f32::min);
        if !smoothed.is_finite() || (i > 0 && smoothed > 4.0 * lowest) {
            diverged_at = Some(rate);
            break;
        }
        rates.push(rate);
        losses.push(smoothed);
    }
    let (minimum_tenth, steepest) = suggest(&rates, &losses);
    Ok(FinderCurve {
        rates,
        losses,
        minimum_tenth,
        steepest,
        diverged_at,
    })
}

/// The two suggestions, from a curve: a tenth of the rate at the lowest loss, and the rate of the
/// steepest fall of loss against log-rate.
pub fn suggest(rates: &[f32], losses: &[f32]) -> (Option<f32>, Option<f32>) {
    // The first tenth is skipped, as fastai does: there the average rests on a few batches.
    let skip = losses.len() / 10;
    let lowest = (skip..losses.len()).min_by(|&a, &b| losses[a].total_cmp(&losses[b]));
    let steepest = (skip.max(1)..losses.len())
        .map(|i| {
            (
                i,
                (losses[i] - losses[i - 1]) / (rates[i] / rates[i - 1]).ln(),
            )
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .filter(|(_, slope)| *slope < 0.0)
        .map(|(i, _)| rates[i]);
    (lowest.map(|i| rates[i] / 10.0), steepest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_from_a_hand_made_curve() {
        let rates = [1e-4, 1e-3, 1e-2, 1e-1, 1.0];
        let losses = [1.0, 0.9, 0.5, 0.3, 2.0];
        let (tenth, steepest) = suggest(&rates, &losses);
        assert!((tenth.unwrap() - 1e-2).abs() < 1e-9); // the lowest is at 0.1
        assert!((steepest.unwrap() - 1e-2).abs() < 1e-9); // the 0.4 drop into 1e-2
        assert_eq!(suggest(&[1.0, 2.0], &[1.0, 2.0]).1, None);
    }

    /// A loss that falls with the rate until 1, then explodes.
    struct Bowl;
    impl RateProbe for Bowl {
        async fn step(&mut self, rate: f32) -> Result<f32, EngineError> {
            Ok(if rate < 1.0 {
                1.0 / (1.0 + rate * 100.0)
            } else {
                1e6 * rate
            })
        }
    }

    #[test]
    fn stops_at_the_explosion_and_suggests_below_it() {
        let curve =
            pollster::block_on(find_learning_rate(&mut Bowl, FinderSpec::default())).unwrap();
        let diverged = curve.diverged_at.unwrap();
        assert!((1.0..2.0).contains(&diverged), "{diverged}");
        assert!(curve.minimum_tenth.unwrap() < diverged);
        assert!(curve.steepest.unwrap() < diverged);
        assert!(curve.rates.iter().all(|&r| r < diverged));
    }
}
