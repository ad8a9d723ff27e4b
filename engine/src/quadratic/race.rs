//! Runs an optimizer race (`descent_core::quadratic::Race`) on a fit.

use super::descent::{OptimizerRun, QuadraticFit};
use super::{
    Coefficients, DIVERGENCE_RATIO, Evaluation, LossKind, MAX_RACE_STEPS, MAX_RACERS,
    REACHED_ABSOLUTE, REACHED_RELATIVE, Race, RacePath, Racer, StopReason, least_squares,
};
use crate::error::EngineError;
use crate::run::{Run, RunEnd, RunPlan};

/// Runs each racer `steps` steps from `from` on `fit`.
pub async fn race(
    fit: &QuadraticFit,
    from: Coefficients,
    racers: &[Racer],
    steps: usize,
) -> Result<Race, EngineError> {
    if racers.is_empty() || racers.len() > MAX_RACERS {
        return Err(EngineError::InvalidInput(format!(
            "a race needs 1 to {MAX_RACERS} optimizers, not {}",
            racers.len()
        )));
    }
    if steps > MAX_RACE_STEPS {
        return Err(EngineError::InvalidInput(format!(
            "a race runs at most {MAX_RACE_STEPS} steps, not {steps}"
        )));
    }
    let start = fit.evaluate(from).await?;
    let optimum = match fit.loss_kind() {
        LossKind::Mse => match least_squares(fit.points()) {
            Some(best) => Some(fit.evaluate(best).await?),
            None => None,
        },
        LossKind::Mae => None,
    };
    let limit = DIVERGENCE_RATIO * start.loss.max(1.0);
    let within = optimum.map(|o| o.loss + (REACHED_RELATIVE * o.loss).max(REACHED_ABSOLUTE));
    let mut paths = Vec::with_capacity(racers.len());
    for racer in racers {
        let mut run = OptimizerRun::new(fit, from, racer.optimizer, limit);
        let end = match steps {
            0 => None,
            _ => {
                Run::new(RunPlan::constant(racer.learning_rate, steps))
                    .advance(&mut run, steps)
                    .await?
                    .end
            }
        };
        let visited: Vec<Evaluation> = std::iter::once(start).chain(run.reached).collect();
        let stop = (end == Some(RunEnd::Diverged)).then_some(StopReason::Diverged);
        let reached = within.and_then(|w| visited.iter().position(|e| e.loss <= w));
        paths.push(RacePath {
            visited,
            stop,
            reached,
        });
    }
    Ok(Race { paths, optimum })
}
