//! The learning-rate finder as the worker runs it: the sweep reports how far it has got and gives
//! the event loop a turn now and then, so the page sees it working (and alive) however long it
//! takes.

use crate::clock::{now, yield_now};
use engine::EngineError;
use engine::lr_finder::{FinderCurve, FinderSpec, RateProbe, find_learning_rate};

/// Progress is reported at most this often (ms).
const REPORT_EVERY_MS: f64 = 200.0;

/// Sweeps rates up to 100, far enough that the sweep ends where the loss blows up;
/// `progress(batches)` hears how many batches it has tried.
pub async fn sweep(
    probe: &mut impl RateProbe,
    progress: impl Fn(usize),
) -> Result<FinderCurve, EngineError> {
    let mut reported = Reported {
        probe,
        progress,
        batches: 0,
        last_report: now(),
    };
    let spec = FinderSpec {
        end: 100.0,
        ..FinderSpec::default()
    };
    find_learning_rate(&mut reported, spec).await
}

struct Reported<'a, P, F> {
    probe: &'a mut P,
    progress: F,
    batches: usize,
    last_report: f64,
}

impl<P: RateProbe, F: Fn(usize)> RateProbe for Reported<'_, P, F> {
    async fn step(&mut self, learning_rate: f32) -> Result<f32, EngineError> {
        let loss = self.probe.step(learning_rate).await?;
        self.batches += 1;
        if now() - self.last_report >= REPORT_EVERY_MS {
            (self.progress)(self.batches);
            yield_now().await;
            self.last_report = now();
        }
        Ok(loss)
    }
}
