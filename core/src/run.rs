//! How a training run ends by itself, as the engine's one owner of a run (`engine::run`) says.

use crate::early_stopping::Stopped;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum RunEnd {
    /// It took its steps.
    Limit,
    /// It settled where the model says a step no longer moves it.
    Converged,
    /// A loss blew up; the weights are where it blew up.
    Diverged,
    /// The held-out loss stopped improving; the best weights are back.
    EarlyStopped(Stopped),
}
