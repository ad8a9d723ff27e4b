//! The network playground's training: small networks trained on 2-D data. The datasets, features
//! and setup are `descent_core::playground`'s, re-exported here.

mod network;

pub use descent_core::playground::*;
pub use network::PlaygroundTrainer;
