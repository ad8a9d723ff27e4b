//! Descent's plain types: what the page, the protocol and the engine share. Points and
//! coefficients, optimizer and schedule choices, trained digit models as plain numbers, the loss
//! graph, each lab's settings and what its training reports. Nothing here knows burn or the DOM:
//! the page depends on this crate and never on the engine.

pub mod data_text;
pub mod digits;
pub mod early_stopping;
pub mod error;
pub mod lr_finder;
pub mod missions;
pub mod mnist;
pub mod optimizers;
pub mod parameters;
pub mod playground;
pub mod points;
pub mod pytorch;
pub mod quadratic;
pub mod relu;
pub mod run;
pub mod schedules;
pub mod settings;
pub mod settings_file;
pub mod tensors;
pub mod titanic;
pub mod weights;

pub use error::EngineError;
pub use points::Points;

/// `count` evenly spaced values from `start` to `end` inclusive, like `torch.linspace`.
pub fn linspace(start: f32, end: f32, count: usize) -> Vec<f32> {
    match count {
        0 => Vec::new(),
        1 => vec![start],
        _ => {
            let step = (end - start) / (count - 1) as f32;
            (0..count).map(|i| start + step * i as f32).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linspace_matches_torch() {
        assert_eq!(linspace(-2.0, 2.0, 5), vec![-2.0, -1.0, 0.0, 1.0, 2.0]);
        assert!(linspace(0.0, 1.0, 0).is_empty());
        assert_eq!(linspace(3.0, 9.0, 1), vec![3.0]);
    }
}
