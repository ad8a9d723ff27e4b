//! The optimizers a learner can choose (HOML chapter 11), as burn's own: plain SGD, SGD with
//! momentum (classical or Nesterov), RMSProp and Adam. Each keeps its state (velocity, moment
//! estimates) in the [`ModuleOptimizer`] it makes, so a run keeps one optimizer for its life.

use burn::optim::momentum::MomentumConfig;
use burn::optim::{AdamConfig, ModuleOptimizer, RmsPropConfig, SgdConfig};
use serde::{Deserialize, Serialize};

/// An optimizer and its hyperparameters (the learning rate is given per step).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Optimizer {
    /// `p ← p − η·g`.
    Sgd,
    /// `v ← β·v + g` (`v = g` at the first step), then `p ← p − η·v`; with `nesterov`, the step
    /// looks ahead: `p ← p − η·(g + β·v)`. As PyTorch's `SGD(momentum=β, nesterov=…)`.
    Momentum { beta: f32, nesterov: bool },
    /// `s ← α·s + (1 − α)·g²`, then `p ← p − η·g / (√s + ε)`.
    RmsProp { alpha: f32, epsilon: f32 },
    /// `m ← β1·m + (1 − β1)·g`, `v ← β2·v + (1 − β2)·g²`, then with the bias corrections
    /// `m̂ = m / (1 − β1ᵗ)` and `v̂ = v / (1 − β2ᵗ)`: `p ← p − η·m̂ / (√v̂ + ε)`.
    Adam {
        beta1: f32,
        beta2: f32,
        epsilon: f32,
    },
}

impl Optimizer {
    /// The usual defaults: β = 0.9; RMSProp's α = 0.9, as HOML (Keras's `rho`); Adam's 0.9, 0.999.
    pub const MOMENTUM: Self = Self::Momentum {
        beta: 0.9,
        nesterov: false,
    };
    pub const NESTEROV: Self = Self::Momentum {
        beta: 0.9,
        nesterov: true,
    };
    pub const RMSPROP: Self = Self::RmsProp {
        alpha: 0.9,
        epsilon: 1e-7,
    };
    pub const ADAM: Self = Self::Adam {
        beta1: 0.9,
        beta2: 0.999,
        epsilon: 1e-7,
    };

    /// A fresh optimizer, with no state yet.
    pub fn init(self) -> ModuleOptimizer {
        match self {
            Self::Sgd => SgdConfig::new().init(),
            Self::Momentum { beta, nesterov } => SgdConfig::new()
                .with_momentum(Some(
                    MomentumConfig::new()
                        .with_momentum(f64::from(beta))
                        // burn's default dampening is 0.1; the textbook's (and PyTorch's) is 0.
                        .with_dampening(0.0)
                        .with_nesterov(nesterov),
                ))
                .init(),
            Self::RmsProp { alpha, epsilon } => RmsPropConfig::new()
                .with_alpha(alpha)
                .with_epsilon(epsilon)
                // burn's RMSProp has momentum 0.9 by default: plain RMSProp has none.
                .with_momentum(0.0)
                .with_centered(false)
                .init(),
            Self::Adam {
                beta1,
                beta2,
                epsilon,
            } => AdamConfig::new()
                .with_beta_1(beta1)
                .with_beta_2(beta2)
                .with_epsilon(epsilon)
                .init(),
        }
    }
}
