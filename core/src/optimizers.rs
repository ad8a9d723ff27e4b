//! The optimizers a learner can choose (HOML chapter 11): plain SGD, SGD with momentum (classical
//! or Nesterov), RMSProp and Adam, with their hyperparameters. The engine runs them as burn's own.

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

    /// Its hyperparameters besides the rate, for a form.
    pub fn hyperparameters(self) -> Vec<Hyperparameter> {
        let decay = |name, value| Hyperparameter {
            name,
            value,
            range: DECAY_RANGE,
        };
        let epsilon = |value| Hyperparameter {
            name: "ε",
            value,
            range: EPSILON_RANGE,
        };
        match self {
            Self::Sgd => vec![],
            Self::Momentum { beta, .. } => vec![decay("momentum β", beta)],
            Self::RmsProp { alpha, epsilon: e } => vec![decay("decay α", alpha), epsilon(e)],
            Self::Adam {
                beta1,
                beta2,
                epsilon: e,
            } => vec![decay("β1", beta1), decay("β2", beta2), epsilon(e)],
        }
    }

    /// The same optimizer with its `index`-th hyperparameter (as listed by
    /// [`Optimizer::hyperparameters`]) set to `value`; with no such hyperparameter, unchanged.
    pub fn with_hyperparameter(self, index: usize, value: f32) -> Self {
        let mut values: Vec<f32> = self.hyperparameters().iter().map(|h| h.value).collect();
        let Some(slot) = values.get_mut(index) else {
            return self;
        };
        *slot = value;
        match (self, values.as_slice()) {
            (Self::Momentum { nesterov, .. }, &[beta]) => Self::Momentum { beta, nesterov },
            (Self::RmsProp { .. }, &[alpha, epsilon]) => Self::RmsProp { alpha, epsilon },
            (Self::Adam { .. }, &[beta1, beta2, epsilon]) => Self::Adam {
                beta1,
                beta2,
                epsilon,
            },
            _ => self,
        }
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

    /// Reads [`Optimizer::to_key`]'s text; `None` if the kind is unknown, or a number is
    /// missing, extra or out of its range.
    pub fn from_key(key: &str) -> Option<Self> {
        let mut parts = key.split(':');
        let kind = parts.next()?;
        let numbers: Vec<f32> = parts.map(|p| p.parse().ok()).collect::<Option<_>>()?;
        let optimizer = Self::ALL
            .into_iter()
            .find(|o| o.name().to_lowercase() == kind)?;
        let hyperparameters = optimizer.hyperparameters();
        if numbers.len() != hyperparameters.len() {
            return None;
        }
        numbers
            .into_iter()
            .zip(hyperparameters)
            .enumerate()
            .try_fold(optimizer, |optimizer, (i, (value, h))| {
                h.admits(value)
                    .then(|| optimizer.with_hyperparameter(i, value))
            })
    }
}

/// Where each β and α lies: the share of the past kept at each step, below 1.
pub const DECAY_RANGE: (f32, f32) = (0.0, 0.9999);
/// The rates a learner may set where the data are scaled to everyday sizes (the playground, the
/// ReLU lab); the Quadratic, Digits and Titanic labs have their own, for their sliders and data.
pub const LEARNING_RATE_RANGE: (f32, f32) = (1e-5, 10.0);
/// Where each ε lies: positive, and at most 1.
pub const EPSILON_RANGE: (f32, f32) = (1e-10, 1.0);

/// One hyperparameter of an optimizer, with its range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hyperparameter {
    pub name: &'static str,
    pub value: f32,
    pub range: (f32, f32),
}

impl Hyperparameter {
    fn admits(&self, value: f32) -> bool {
        (self.range.0..=self.range.1).contains(&value)
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
