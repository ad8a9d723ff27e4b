//! Early stopping: watch a validation loss, keep the weights where it was lowest, and stop once
//! it has not improved for `patience` checks in a row (HOML chapter 11).

use serde::{Deserialize, Serialize};

/// Where a run stopped early and what it went back to, for the page to say and mark.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Stopped {
    /// The check that stopped it (a batch or an epoch, as the caller counts).
    pub at: usize,
    /// The check whose weights it went back to, and their validation loss.
    pub best_at: usize,
    pub best_loss: f32,
}

/// What to do after a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// A new best: these weights are kept.
    Improved,
    /// No better than the best, `waited` checks in a row.
    Waiting { waited: usize },
    /// `patience` checks without a better loss: stop, and restore the best weights.
    Stop,
}

/// The best weights seen so far (any snapshot: a model's clone, its record, its coefficients).
#[derive(Debug, Clone)]
pub struct EarlyStopping<W> {
    patience: usize,
    best: Option<Best<W>>,
    waited: usize,
}

#[derive(Debug, Clone)]
pub struct Best<W> {
    pub weights: W,
    pub loss: f64,
    /// The check's position as the caller counts it (a batch or an epoch).
    pub at: usize,
}

impl<W: Clone> EarlyStopping<W> {
    pub fn new(patience: usize) -> Self {
        Self {
            patience: patience.max(1),
            best: None,
            waited: 0,
        }
    }

    /// Records the validation `loss` of `weights` at `at`. A loss that is not finite never counts
    /// as a best.
    pub fn check(&mut self, loss: f64, weights: &W, at: usize) -> Verdict {
        if loss.is_finite() && self.best.as_ref().is_none_or(|best| loss < best.loss) {
            self.best = Some(Best {
                weights: weights.clone(),
                loss,
                at,
            });
            self.waited = 0;
            return Verdict::Improved;
        }
        self.waited += 1;
        if self.waited >= self.patience {
            Verdict::Stop
        } else {
            Verdict::Waiting {
                waited: self.waited,
            }
        }
    }

    /// The best weights and where they were, to restore.
    pub fn best(&self) -> Option<&Best<W>> {
        self.best.as_ref()
    }

    /// Where a run that stopped at `at` went back to.
    pub fn stopped(&self, at: usize) -> Option<Stopped> {
        self.best.as_ref().map(|best| Stopped {
            at,
            best_at: best.at,
            best_loss: best.loss as f32,
        })
    }
}
