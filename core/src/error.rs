use serde::{Deserialize, Serialize};
use std::fmt;

/// What can go wrong inside the engine; never a panic for bad input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum EngineError {
    /// Reading a tensor back from the device failed.
    Read(String),
    /// The caller passed something the maths cannot use (empty data, a non-finite rate...).
    InvalidInput(String),
    /// A data file is missing, cut short, corrupted or malformed; the message names it.
    Data(String),
    /// The requested device could not be started.
    Unavailable(String),
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Read(message) => write!(f, "could not read a result from the device: {message}"),
            Self::InvalidInput(message) => write!(f, "invalid input: {message}"),
            Self::Data(message) => write!(f, "{message}"),
            Self::Unavailable(message) => write!(f, "the device is unavailable: {message}"),
        }
    }
}

impl std::error::Error for EngineError {}

/// Refuses a learning rate that is not a positive number.
pub fn check_learning_rate(rate: f32) -> Result<(), EngineError> {
    if rate.is_finite() && rate > 0.0 {
        Ok(())
    } else {
        Err(EngineError::InvalidInput(format!(
            "the learning rate must be a positive number, not {rate}"
        )))
    }
}
