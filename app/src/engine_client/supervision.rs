//! When a worker counts as stuck, and when a failed one may be restarted: plain logic over
//! timestamps, so it is tested without a browser.

use protocol::{Backend, LabKind, RequestId};
use std::collections::BTreeMap;

/// The loader says "alive" every second while the worker's thread is free; this long without a
/// word means the thread is stuck (an endless loop, a computation that never yields).
pub const SILENCE_LIMIT_MS: f64 = 8_000.0;
/// Requests owed and no answer or progress on any for this long: the worker waits on something
/// that will never come (a GPU that hung), though its thread is free. WebGPU gets longer: its
/// first use of each kernel compiles a shader, which takes seconds on a software adapter.
pub const ANSWER_LIMIT_MS: f64 = 30_000.0;
pub const WEBGPU_ANSWER_LIMIT_MS: f64 = 120_000.0;
/// A worker that has not said `Ready` this long after it was told its backend.
pub const START_LIMIT_MS: f64 = 30_000.0;

/// Why a worker is taken to be stuck.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stall {
    Silent { ms: f64 },
    NoAnswer { ms: f64 },
    NotReady { ms: f64 },
}

impl Stall {
    pub fn describe(self) -> String {
        let seconds = |ms: f64| (ms / 1000.0).round();
        match self {
            Self::Silent { ms } => format!("it stopped responding for {} s", seconds(ms)),
            Self::NoAnswer { ms } => format!("it answered nothing for {} s", seconds(ms)),
            Self::NotReady { ms } => format!("it did not start within {} s", seconds(ms)),
        }
    }
}

/// What one worker owes and when it was last heard from.
#[derive(Debug, Clone)]
pub struct Watch {
    /// When the worker was told its backend; it has nothing to do before.
    told: Option<f64>,
    answer_limit: f64,
    ready: bool,
    last_heard: f64,
    last_answer: f64,
    pending: BTreeMap<RequestId, LabKind>,
}

impl Watch {
    pub fn new(now: f64) -> Self {
        Self {
            told: None,
            answer_limit: ANSWER_LIMIT_MS,
            ready: false,
            last_heard: now,
            last_answer: now,
            pending: BTreeMap::new(),
        }
    }

    pub fn told(&mut self, now: f64) {
        self.told = Some(now);
        self.last_heard = now;
        self.last_answer = now;
    }

    /// Any word from the worker, a heartbeat included.
    pub fn heard(&mut self, now: f64) {
        self.last_heard = now;
    }

    /// The worker started, on `backend`.
    pub fn ready(&mut self, backend: Backend, now: f64) {
        self.ready = true;
        self.answer_limit = match backend {
            Backend::Cpu => ANSWER_LIMIT_MS,
            Backend::WebGpu => WEBGPU_ANSWER_LIMIT_MS,
        };
        self.heard(now);
    }

    pub fn sent(&mut self, id: RequestId, lab: LabKind, now: f64) {
        if self.pending.is_empty() {
            self.last_answer = now;
        }
        self.pending.insert(id, lab);
    }

    /// Progress on request `id`; the lab that asked, if it is owed.
    pub fn progressed(&mut self, id: RequestId, now: f64) -> Option<LabKind> {
        self.heard(now);
        self.last_answer = now;
        self.pending.get(&id).copied()
    }

    /// Request `id` was answered (or failed); the lab that asked, if it was owed.
    pub fn answered(&mut self, id: RequestId, now: f64) -> Option<LabKind> {
        self.progressed(id, now);
        self.pending.remove(&id)
    }

    /// The requests owed, oldest first.
    pub fn pending(&self) -> impl Iterator<Item = (RequestId, LabKind)> + '_ {
        self.pending.iter().map(|(&id, &lab)| (id, lab))
    }

    /// The page itself stood still for `ms` (a long task, a throttled background tab): the
    /// worker is not blamed for the gap.
    pub fn forgive(&mut self, ms: f64) {
        self.last_heard += ms;
        self.last_answer += ms;
        if let Some(told) = &mut self.told {
            *told += ms;
        }
    }

    /// Whether the worker is stuck, and how.
    pub fn verdict(&self, now: f64) -> Option<Stall> {
        let told = self.told?;
        if !self.ready && now - told > START_LIMIT_MS {
            return Some(Stall::NotReady { ms: now - told });
        }
        let owes = !self.ready || !self.pending.is_empty();
        if owes && now - self.last_heard > SILENCE_LIMIT_MS {
            return Some(Stall::Silent {
                ms: now - self.last_heard,
            });
        }
        if !self.pending.is_empty() && now - self.last_answer > self.answer_limit {
            return Some(Stall::NoAnswer {
                ms: now - self.last_answer,
            });
        }
        None
    }
}

/// A worker that keeps failing is not restarted for ever: after this many restarts within the
/// window, the page stops and offers a button instead.
pub const MAX_RESTARTS: usize = 3;
pub const RESTART_WINDOW_MS: f64 = 60_000.0;

#[derive(Debug, Clone, Default)]
pub struct RestartLog {
    times: Vec<f64>,
}

impl RestartLog {
    /// Whether a failure at `now` may be met with a restart; if so, it is counted.
    pub fn allow(&mut self, now: f64) -> bool {
        self.times.retain(|&t| now - t < RESTART_WINDOW_MS);
        if self.times.len() >= MAX_RESTARTS {
            return false;
        }
        self.times.push(now);
        true
    }

    /// The learner asked for a new start: the count begins again.
    pub fn clear(&mut self) {
        self.times.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready_watch() -> Watch {
        let mut watch = Watch::new(0.0);
        watch.told(0.0);
        watch.ready(Backend::Cpu, 100.0);
        watch
    }

    #[test]
    fn nothing_is_judged_before_the_worker_is_told_its_backend() {
        let watch = Watch::new(0.0);
        assert_eq!(watch.verdict(1e9), None);
    }

    #[test]
    fn a_start_that_never_finishes_is_named() {
        let mut watch = Watch::new(0.0);
        watch.told(1000.0);
        // Heartbeats keep coming, but no Ready.
        for t in (2000..32_000).step_by(1000) {
            watch.heard(t as f64);
        }
        assert_eq!(watch.verdict(30_000.0), None);
        assert_eq!(
            watch.verdict(31_500.0),
            Some(Stall::NotReady { ms: 30_500.0 })
        );
    }

    #[test]
    fn an_idle_worker_may_be_quiet_but_a_busy_one_must_not() {
        let mut watch = ready_watch();
        assert_eq!(watch.verdict(60_000.0), None, "nothing owed: no verdict");
        watch.heard(60_000.0);
        watch.sent(1, LabKind::Quadratic, 60_000.0);
        assert_eq!(watch.verdict(60_000.0 + SILENCE_LIMIT_MS), None);
        assert_eq!(
            watch.verdict(61_000.0 + SILENCE_LIMIT_MS),
            Some(Stall::Silent {
                ms: 1000.0 + SILENCE_LIMIT_MS
            })
        );
    }

    #[test]
    fn heartbeats_without_answers_run_out_after_the_answer_limit() {
        let mut watch = ready_watch();
        watch.sent(7, LabKind::Digits, 1000.0);
        let mut t = 1000.0;
        while t < 1000.0 + ANSWER_LIMIT_MS {
            t += 1000.0;
            watch.heard(t);
            assert_eq!(watch.verdict(t), None, "at {t}");
        }
        watch.heard(t + 1.0);
        assert!(matches!(
            watch.verdict(t + 1.0),
            Some(Stall::NoAnswer { .. })
        ));
    }

    #[test]
    fn webgpu_gets_longer_to_answer_while_its_shaders_compile() {
        let mut watch = Watch::new(0.0);
        watch.told(0.0);
        watch.ready(Backend::WebGpu, 0.0);
        watch.sent(1, LabKind::Playground, 0.0);
        for t in (1000..=100_000).step_by(1000) {
            watch.heard(t as f64);
        }
        assert_eq!(watch.verdict(100_000.0), None);
        watch.heard(WEBGPU_ANSWER_LIMIT_MS + 1.0);
        assert!(matches!(
            watch.verdict(WEBGPU_ANSWER_LIMIT_MS + 1.0),
            Some(Stall::NoAnswer { .. })
        ));
    }

    #[test]
    fn progress_keeps_a_long_request_alive_and_answers_settle_it() {
        let mut watch = ready_watch();
        watch.sent(3, LabKind::Digits, 0.0);
        watch.sent(4, LabKind::Quadratic, 0.0);
        for t in (5_000..100_000).step_by(5_000) {
            assert_eq!(watch.progressed(3, t as f64), Some(LabKind::Digits));
            assert_eq!(watch.verdict(t as f64 + 4_000.0), None);
        }
        assert_eq!(watch.answered(3, 100_000.0), Some(LabKind::Digits));
        assert_eq!(watch.answered(3, 100_000.0), None, "answered once");
        assert_eq!(
            watch.pending().collect::<Vec<_>>(),
            [(4, LabKind::Quadratic)]
        );
        assert_eq!(watch.answered(4, 100_001.0), Some(LabKind::Quadratic));
        assert_eq!(watch.verdict(1e9), None);
    }

    #[test]
    fn a_page_that_stood_still_does_not_blame_the_worker() {
        let mut watch = ready_watch();
        watch.heard(1000.0);
        watch.sent(1, LabKind::Relu, 1000.0);
        watch.forgive(20_000.0);
        assert_eq!(watch.verdict(21_000.0 + SILENCE_LIMIT_MS - 1.0), None);
        assert!(watch.verdict(21_000.0 + SILENCE_LIMIT_MS + 1.0).is_some());
    }

    #[test]
    fn restarts_are_limited_within_a_window_and_cleared_by_hand() {
        let mut log = RestartLog::default();
        for i in 0..MAX_RESTARTS {
            assert!(log.allow(i as f64 * 1000.0));
        }
        assert!(!log.allow(5_000.0));
        // The first restart ages out of the window, which then has room for one more.
        assert!(log.allow(500.0 + RESTART_WINDOW_MS));
        assert!(!log.allow(600.0 + RESTART_WINDOW_MS));
        log.clear();
        assert!(log.allow(700.0 + RESTART_WINDOW_MS));
    }
}
