//! The Network playground's requests: one network, kept in the worker and trained in slices.

use descent_core::lr_finder::FinderCurve;
use descent_core::optimizers::Optimizer;
use descent_core::playground::{
    Dataset, DatasetSpec, NetworkSpec, OwnData, PlaygroundPicture, PlaygroundScores, PointTrace,
};
use descent_core::run::RunEnd;
use descent_core::schedules::RatePlan;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// Fresh data and an untrained network: the learner's own points when `own` is set (split
    /// by `data`'s training share and seed), else `data` generated.
    Reset {
        data: DatasetSpec,
        own: Option<OwnData>,
        network: NetworkSpec,
    },
    /// Train for a slice of time; the page sends the next when this is answered.
    Train {
        optimizer: Optimizer,
        /// Each batch's rate, by its number since the reset.
        rate: RatePlan,
        batch_size: usize,
        /// At most this many batches (1 for the Step button).
        max_steps: usize,
        /// The run's length in batches since the reset, if it has one ("stop after").
        limit: Option<usize>,
        /// Send the network's picture with the answer.
        picture: bool,
        /// Early stopping: stop once the test loss has not improved for this many batches,
        /// going back to the network where it was lowest; 0 is off.
        patience: usize,
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
        /// How the run ended, if it has: at its length, blown up, or stopped early (the
        /// network then the best one; batches since the reset).
        end: Option<RunEnd>,
    },
    /// Progress of the finder: batches tried so far.
    Finding {
        batches: usize,
    },
    Rates(FinderCurve),
    Traced(PointTrace),
}
