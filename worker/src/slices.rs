//! One host for every run the page trains in slices: a slice of a [`Run`], bounded by time.

use crate::clock::Slice;
use engine::EngineError;
use engine::run::{Run, Training};

/// Advances `run` for about `budget_ms` (at least one step, at most `max_steps`), `per_read`
/// steps at a time, stopping early when the run or an epoch ends.
pub async fn run_slice<T: Training>(
    run: &mut Run<T::Weights>,
    model: &mut T,
    budget_ms: f64,
    max_steps: usize,
    per_read: usize,
) -> Result<(), EngineError> {
    let mut slice = Slice::new(budget_ms, max_steps);
    while let Some(steps) = slice.next(per_read) {
        if run.advance(model, steps).await?.end.is_some() || model.at_epoch_end() {
            break;
        }
    }
    Ok(())
}
