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

    /// The kinds a learner picks from, each with its usual hyperparameters.
    pub const ALL: [Self; 5] = [
        Self::Sgd,
        Self::MOMENTUM,
        Self::NESTEROV,
        Self::RMSPROP,
        Self::ADAM,
    ];

    /// Its name in a list of optimizers.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sgd => "SGD",
            Self::Momentum {
                nesterov: false, ..
            } => "Momentum",
            Self::Momentum { nesterov: true, .. } => "Nesterov",
            Self::RmsProp { .. } => "RMSProp",
            Self::Adam { .. } => "Adam",
        }
    }

    /// The same kind with its usual hyperparameters.
    pub fn with_defaults(self) -> Self {
        Self::ALL
            .into_iter()
            .find(|o| o.name() == self.name())
            .unwrap_or(self)
    }

    /// The optimizer as text for an address or a form: its kind, then its hyperparameters,
    /// separated by colons (`sgd`, `momentum:0.9`, `adam:0.9:0.999:1e-7`).
    pub fn to_key(self) -> String {
        let kind = self.name().to_lowercase();
        match self {
            Self::Sgd => kind,
            Self::Momentum { beta, .. } => format!("{kind}:{beta}"),
            Self::RmsProp { alpha, epsilon } => format!("{kind}:{alpha}:{epsilon}"),
            Self::Adam {
                beta1,
                beta2,
                epsilon,
            } => format!("{kind}:{beta1}:{beta2}:{epsilon}"),
        }
    }

    /// Reads [`Optimizer::to_key`]'s text; `None` if the kind is unknown, a number is missing
    /// or extra, or out of range (each β and α in [0, 1), each ε in (0, 1]).
    pub fn from_key(key: &str) -> Option<Self> {
        let mut parts = key.split(':');
        let kind = parts.next()?;
        let numbers: Vec<f32> = parts.map(|p| p.parse().ok()).collect::<Option<_>>()?;
        let decay = |v: f32| (0.0..1.0).contains(&v).then_some(v);
        let epsilon = |v: f32| (v > 0.0 && v <= 1.0).then_some(v);
        Some(match (kind, numbers.as_slice()) {
            ("sgd", []) => Self::Sgd,
            ("momentum" | "nesterov", &[beta]) => Self::Momentum {
                beta: decay(beta)?,
                nesterov: kind == "nesterov",
            },
            ("rmsprop", &[alpha, e]) => Self::RmsProp {
                alpha: decay(alpha)?,
                epsilon: epsilon(e)?,
            },
            ("adam", &[beta1, beta2, e]) => Self::Adam {
                beta1: decay(beta1)?,
                beta2: decay(beta2)?,
                epsilon: epsilon(e)?,
            },
            _ => return None,
        })
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_and_bad_ones_are_refused() {
        let custom = Optimizer::Adam {
            beta1: 0.8,
            beta2: 0.99,
            epsilon: 1e-6,
        };
        for optimizer in Optimizer::ALL.into_iter().chain([custom]) {
            assert_eq!(Optimizer::from_key(&optimizer.to_key()), Some(optimizer));
        }
        assert_eq!(Optimizer::MOMENTUM.to_key(), "momentum:0.9");
        for bad in [
            "",
            "adagrad",
            "sgd:0.9",
            "momentum",
            "momentum:1",
            "adam:0.9:0.999:0",
            "rmsprop:x:1e-7",
        ] {
            assert_eq!(Optimizer::from_key(bad), None, "{bad}");
        }
        assert_eq!(
            Optimizer::Momentum {
                beta: 0.5,
                nesterov: true
            }
            .with_defaults(),
            Optimizer::NESTEROV
        );
    }
}
