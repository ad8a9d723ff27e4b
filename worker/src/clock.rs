//! Time in the worker: the clock, waiting, giving the event loop a turn, and slices of work.

use futures_util::future::{Either, select};
use std::future::Future;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::WorkerGlobalScope;

/// Milliseconds since the epoch.
pub fn now() -> f64 {
    js_sys::Date::now()
}

/// Milliseconds since the worker started, as finely as the browser tells them
/// (`performance.now()`): for timing work of a few milliseconds, where [`now`]'s whole
/// milliseconds are too coarse.
pub fn precise_now() -> f64 {
    js_sys::global()
        .dyn_into::<WorkerGlobalScope>()
        .ok()
        .and_then(|scope| scope.performance())
        .map_or_else(now, |performance| performance.now())
}

/// Resolves after `ms` milliseconds. Meanwhile the worker's event loop runs: messages arrive and
/// the loader's heartbeat goes out.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scope: WorkerGlobalScope = js_sys::global().unchecked_into();
        let _ = scope.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}

/// Gives the event loop a turn. Long computations call this now and then, so the page keeps
/// hearing that the worker is alive (the CPU backend never waits on its own).
pub async fn yield_now() {
    sleep(0).await;
}

/// `work`, or `None` if it has not finished after `ms` milliseconds.
pub async fn within<T>(ms: i32, work: impl Future<Output = T>) -> Option<T> {
    let (work, timer) = (std::pin::pin!(work), std::pin::pin!(sleep(ms)));
    match select(work, timer).await {
        Either::Left((value, _)) => Some(value),
        Either::Right(_) => None,
    }
}

/// A slice of work bounded by wall time: at least one step, then as many more as the pace so far
/// says fit in what is left of the budget, up to `max_steps`. A slow device (software WebGPU)
/// answers after one step instead of keeping the page waiting; a fast one fills the slice.
///
/// `while let Some(steps) = slice.next(chunk) { … }` takes the steps in chunks; each call counts
/// the chunk before it as done.
pub struct Slice {
    started: f64,
    budget_ms: f64,
    max_steps: usize,
    taken: usize,
    /// The chunk handed out last, done by the time `next` is called again.
    pending: usize,
}

impl Slice {
    pub fn new(budget_ms: f64, max_steps: usize) -> Self {
        Self {
            started: now(),
            budget_ms,
            max_steps,
            taken: 0,
            pending: 0,
        }
    }

    /// The next chunk, at most `chunk` steps; `None` once the slice is over.
    pub fn next(&mut self, chunk: usize) -> Option<usize> {
        self.taken += std::mem::take(&mut self.pending);
        let left = self.max_steps.saturating_sub(self.taken);
        let steps = if self.taken == 0 {
            left.min(1)
        } else {
            let elapsed = now() - self.started;
            let per_step = elapsed / self.taken as f64;
            let fit = ((self.budget_ms - elapsed) / per_step.max(1e-3)).floor();
            (fit.max(0.0) as usize).min(chunk).min(left)
        };
        self.pending = steps;
        (steps > 0).then_some(steps)
    }
}
