//! The chosen optimizer (`descent_core::optimizers::Optimizer`) as burn's own. Each keeps its
//! state (velocity, moment estimates) in the [`ModuleOptimizer`] it makes, so a run keeps one
//! optimizer for its life.

use burn::module::Module;
use burn::optim::momentum::MomentumConfig;
use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer, RmsPropConfig, SgdConfig};
pub use descent_core::optimizers::*;

/// A run's optimizer and its state (velocity, moment estimates) for the run's model: a new choice
/// starts with no state (a changed momentum, say, starts with no velocity).
#[derive(Clone)]
pub struct OptimizerState {
    choice: Optimizer,
    state: ModuleOptimizer,
}

impl OptimizerState {
    pub fn new(choice: Optimizer) -> Self {
        Self {
            choice,
            state: init(choice),
        }
    }

    /// Trains on with `choice` from now on.
    pub fn choose(&mut self, choice: Optimizer) {
        if choice != self.choice {
            *self = Self::new(choice);
        }
    }

    /// The same choice with no state, for weights put back from elsewhere.
    pub fn restart(&mut self) {
        *self = Self::new(self.choice);
    }

    /// One update of `module` at `learning_rate` by `gradients`.
    pub fn step<M: Module>(
        &mut self,
        learning_rate: f64,
        module: M,
        gradients: GradientsParams,
    ) -> M {
        self.state.step(learning_rate, module, gradients)
    }
}

/// A fresh optimizer, with no state yet.
fn init(choice: Optimizer) -> ModuleOptimizer {
    match choice {
        Optimizer::Sgd => SgdConfig::new().init(),
        Optimizer::Momentum { beta, nesterov } => SgdConfig::new()
            .with_momentum(Some(
                MomentumConfig::new()
                    .with_momentum(f64::from(beta))
                    // burn's default dampening is 0.1; the textbook's (and PyTorch's) is 0.
                    .with_dampening(0.0)
                    .with_nesterov(nesterov),
            ))
            .init(),
        Optimizer::RmsProp { alpha, epsilon } => RmsPropConfig::new()
            .with_alpha(alpha)
            .with_epsilon(epsilon)
            // burn's RMSProp has momentum 0.9 by default: plain RMSProp has none.
            .with_momentum(0.0)
            .with_centered(false)
            .init(),
        Optimizer::Adam {
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
