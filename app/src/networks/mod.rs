//! The ReLU lab and the Network playground (the rest of fast.ai lesson 3, and HOML chapter 10).
//! They share one engine worker ([`crate::engine_client::Slot::Networks`]).

pub mod playground;
pub mod relu;

/// What the two labs carry over when their worker is replaced.
pub const KEPT: &str =
    "Your settings are kept; a fit or the playground's training goes on from them.";
