//! The network playground (HOML chapter 10, after TensorFlow Playground): 2-D datasets, input
//! features, the network a learner sets up, and the pictures and scores a trained one gives.

mod datasets;
mod features;
mod network;
pub mod own_data;
mod picture;
pub mod setup;

pub use datasets::{Dataset, DatasetKind, DatasetSpec, EXTENT};
pub use features::{Feature, feature_rows};
pub use network::{
    Activation, MAX_LAYERS, MAX_UNITS, NetworkSpec, PlaygroundLoss, PlaygroundScores, PointTrace,
    Regularization,
};
pub use own_data::OwnData;
pub use picture::{
    PICTURE_RESOLUTION, PlaygroundPicture, feature_map, grid, levels, scaled_levels,
};
pub use setup::{AddressProblems, Setup};
