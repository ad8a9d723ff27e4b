//! The Network playground's requests: one network, kept in the worker and trained in slices.

use engine::lr_finder::FinderCurve;
use engine::playground::{Dataset, DatasetSpec, NetworkSpec, PlaygroundPicture, PlaygroundScores};
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    Ready {
        data: Dataset,
        scores: PlaygroundScores,
        picture: PlaygroundPicture,
    },
    Trained {
        /// Batches trained since the reset.
        steps: usize,
        /// Not finite once the run diverged ([`PlaygroundScores::diverged`]).
        scores: PlaygroundScores,
        picture: Option<PlaygroundPicture>,
    },
    /// Progress of the finder: batches tried so far.
    Finding {
        batches: usize,
    },
    Rates(FinderCurve),
}
