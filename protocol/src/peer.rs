//! What two engine workers say to each other over the message port the page gives them, when
//! they train one model together (`descent_core::digits::data_parallel`).

use descent_core::digits::data_parallel::{HalfBatch, HalfGradient, SharedDigits};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PeerMessage {
    /// Sent by each worker as its end of the port opens: its engine is up.
    Hello,
    /// From the worker that trains, before its first half of a task: the training digits.
    Digits(SharedDigits),
    /// From the worker that trains: half a batch to compute.
    Half(HalfBatch),
    /// The answer to a half.
    Gradient(HalfGradient),
    /// A half that could not be computed, and why.
    Refused(String),
}
