//! The two losses the lab offers: mean squared error and mean absolute error.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum LossKind {
    #[default]
    Mse,
    Mae,
}

impl LossKind {
    /// Short name shown in the readout ("MSE 4.21").
    pub fn label(self) -> &'static str {
        match self {
            Self::Mse => "MSE",
            Self::Mae => "MAE",
        }
    }
}
