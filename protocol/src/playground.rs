//! The Network playground's requests: one network, kept in the worker and trained in slices.

use engine::lr_finder::FinderCurve;
use engine::playground::{
    Dataset, DatasetSpec, NetworkSpec, PlaygroundPicture, PlaygroundScores, PointTrace,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// Fresh data and an untrained network.
    Reset {
        data: DatasetSpec,
        network: NetworkSpec,
    },
    /// Train for a slice of time; the page sends the next when this is answered.
    Train {
        learning_rate: f32,
        batch_size: usize,
        /// At most this many batches (1 for the Step button).
        max_steps: usize,
        /// Send the network's picture with the answer.
        picture: bool,
    },
    /// The learning-rate finder on a copy of the network.
    FindRate,
    /// One training point through the network: its neurons' values and gradients.
    Trace { point: usize },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    Ready {
        data: Dataset,
        scores: PlaygroundScores,
        picture: PlaygroundPicture,
        /// Mean |∂L/∂w| of each layer of weights, first to last.
        gradients: Vec<f32>,
    },
    Trained {
        /// Batches trained since the reset.
        steps: usize,
        /// Not finite once the run diverged ([`PlaygroundScores::diverged`]).
        scores: PlaygroundScores,
        picture: Option<PlaygroundPicture>,
        /// As in `Ready`; empty once the run diverged.
        gradients: Vec<f32>,
    },
    /// Progress of the finder: batches tried so far.
    Finding {
        batches: usize,
    },
    Rates(FinderCurve),
    Traced(PointTrace),
}
