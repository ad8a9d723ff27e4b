//! What a learner sets in the Quadratic lab, as one table of settings kept in the address
//! (`crate::settings`), so a link opens the lab as it was: the coefficients, the rate, the loss,
//! the data's seed and noise, the surface's axes and the zero-grad bug. Its keys start with `q_`,
//! apart from the other labs' in the same address.

use super::{Coefficient, Coefficients, LossKind, NoisyQuadratic};
use crate::settings::{self, Setting, find, number};

/// The lesson's starting point.
pub const START: Coefficients = Coefficients::new(1.5, 1.5, 1.5);
/// The lesson's learning rate.
pub const START_LEARNING_RATE: f32 = 0.01;
/// Slider range of each coefficient; also the loss surface's extent.
pub const COEFFICIENT_RANGE: (f32, f32) = (-5.0, 5.0);
/// Typed coefficients beyond this are refused: they say nothing a learner can see.
pub const TYPED_COEFFICIENT_LIMIT: f32 = 1000.0;
/// Learning-rate range for everyday data (and the race's lanes); the page's slider reaches lower
/// for steep data.
pub const LEARNING_RATE_RANGE: (f32, f32) = (1e-4, 10.0);
/// The data's noise, as a multiple of the lesson's.
pub const NOISE_RANGE: (f32, f32) = (0.0, 3.0);
pub const SEED_RANGE: (u64, u64) = (0, 999_999);

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuadraticSetup {
    pub coefficients: Coefficients,
    pub learning_rate: f32,
    pub loss: LossKind,
    /// The lesson's data; a link carries its seed and noise.
    pub recipe: NoisyQuadratic,
    /// The coefficients along the loss surface's two axes.
    pub surface_axes: (Coefficient, Coefficient),
    /// The lesson's bug: Step and Train never zero the gradient buffer.
    pub forget_zero_grad: bool,
}

impl Default for QuadraticSetup {
    fn default() -> Self {
        Self {
            coefficients: START,
            learning_rate: START_LEARNING_RATE,
            loss: LossKind::Mse,
            recipe: NoisyQuadratic::default(),
            surface_axes: (Coefficient::A, Coefficient::B),
            forget_zero_grad: false,
        }
    }
}

fn coefficient(value: &str) -> Option<f32> {
    number(value, (-TYPED_COEFFICIENT_LIMIT, TYPED_COEFFICIENT_LIMIT))
}

fn loss_key(loss: LossKind) -> &'static str {
    match loss {
        LossKind::Mse => "mse",
        LossKind::Mae => "mae",
    }
}

/// Whether Step zeroes the gradient buffer: "on", or "off" (the lesson's bug).
fn zero_grad_key(forget: bool) -> &'static str {
    if forget { "off" } else { "on" }
}

/// Two different coefficients, as `a,b`.
fn axes(value: &str) -> Option<(Coefficient, Coefficient)> {
    let (x, y) = value.split_once(',')?;
    let x = find(&Coefficient::ALL, Coefficient::name, x)?;
    let y = find(&Coefficient::ALL, Coefficient::name, y)?;
    (x != y).then_some((x, y))
}

/// Every setting, in the order the address lists them.
const SETTINGS: [Setting<QuadraticSetup>; 9] = [
    Setting {
        key: "q_a",
        write: |s| s.coefficients.a.to_string(),
        read: |s, v| coefficient(v).map(|a| s.coefficients.a = a),
    },
    Setting {
        key: "q_b",
        write: |s| s.coefficients.b.to_string(),
        read: |s, v| coefficient(v).map(|b| s.coefficients.b = b),
    },
    Setting {
        key: "q_c",
        write: |s| s.coefficients.c.to_string(),
        read: |s, v| coefficient(v).map(|c| s.coefficients.c = c),
    },
    Setting {
        key: "q_lr",
        write: |s| s.learning_rate.to_string(),
        read: |s, v| number(v, LEARNING_RATE_RANGE).map(|r| s.learning_rate = r),
    },
    Setting {
        key: "q_loss",
        write: |s| loss_key(s.loss).into(),
        read: |s, v| find(&[LossKind::Mse, LossKind::Mae], loss_key, v).map(|l| s.loss = l),
    },
    Setting {
        key: "q_seed",
        write: |s| s.recipe.seed.to_string(),
        read: |s, v| number(v, SEED_RANGE).map(|seed| s.recipe.seed = seed),
    },
    Setting {
        key: "q_noise",
        write: |s| s.recipe.noise.to_string(),
        read: |s, v| number(v, NOISE_RANGE).map(|noise| s.recipe.noise = noise),
    },
    Setting {
        key: "q_surface",
        write: |s| format!("{},{}", s.surface_axes.0.name(), s.surface_axes.1.name()),
        read: |s, v| axes(v).map(|a| s.surface_axes = a),
    },
    Setting {
        key: "q_zero_grad",
        write: |s| zero_grad_key(s.forget_zero_grad).into(),
        read: |s, v| {
            find(&[false, true], zero_grad_key, v).map(|forget| s.forget_zero_grad = forget)
        },
    },
];

impl QuadraticSetup {
    /// The address pairs of this setup.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        settings::write(&SETTINGS, self)
    }

    /// The setup address pairs describe, from the defaults: a setting that is malformed or out of
    /// range keeps its default and is named in the refusals returned. Other keys are ignored.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Self, Vec<String>) {
        let mut setup = Self::default();
        let refused = settings::read(&SETTINGS, &mut setup, pairs);
        (setup, refused)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setup_reads_back_from_its_pairs() {
        let setup = QuadraticSetup {
            coefficients: Coefficients::new(-2.5, 0.125, 3.0),
            learning_rate: 0.05,
            loss: LossKind::Mae,
            recipe: NoisyQuadratic {
                seed: 7,
                noise: 0.5,
                ..NoisyQuadratic::default()
            },
            surface_axes: (Coefficient::C, Coefficient::A),
            forget_zero_grad: true,
        };
        let pairs = setup.to_pairs();
        let (read, refused) =
            QuadraticSetup::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(read, setup);
        assert!(refused.is_empty());
    }

    #[test]
    fn bad_values_keep_their_defaults_and_are_named() {
        let long = "1".repeat(10_000);
        let pairs = [
            ("q_a", "<b>2</b>"),
            ("q_b", "2"),
            ("q_c", "1e309"),
            ("q_lr", "NaN"),
            ("q_loss", "javascript:alert(1)"),
            ("q_seed", "١٢"),
            ("q_noise", long.as_str()),
            ("q_surface", "a,a"),
            ("q_zero_grad", "maybe"),
            ("lab", "quadratic"),
        ];
        let (read, refused) = QuadraticSetup::from_pairs(pairs);
        let defaults = QuadraticSetup::default();
        assert_eq!(read.coefficients, Coefficients::new(START.a, 2.0, START.c));
        assert_eq!(
            (
                read.learning_rate,
                read.loss,
                read.recipe,
                read.surface_axes,
                read.forget_zero_grad
            ),
            (
                defaults.learning_rate,
                defaults.loss,
                defaults.recipe,
                defaults.surface_axes,
                defaults.forget_zero_grad
            )
        );
        let keys: Vec<_> = refused
            .iter()
            .map(|r| r.split('=').next().unwrap())
            .collect();
        assert_eq!(
            keys,
            [
                "q_a",
                "q_c",
                "q_lr",
                "q_loss",
                "q_seed",
                "q_noise",
                "q_surface",
                "q_zero_grad"
            ]
        );
    }
}
