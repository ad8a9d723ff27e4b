//! The network playground (HOML chapter 10, after TensorFlow Playground): 2-D datasets, input
//! features, and small networks trained on them.

mod datasets;
mod features;
mod network;
pub mod own_data;
mod picture;
pub mod setup;

pub use datasets::{Dataset, DatasetKind, DatasetSpec, EXTENT};
pub use features::{Feature, feature_rows};
pub use network::{
    Activation, MAX_LAYERS, MAX_UNITS, NetworkSpec, PlaygroundLoss, PlaygroundScores,
    PlaygroundTrainer, PointTrace, Regularization,
};
pub use own_data::OwnData;
pub use picture::{PICTURE_RESOLUTION, PlaygroundPicture, feature_map, grid};
pub use setup::{AddressProblems, Setup};
