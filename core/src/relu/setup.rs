//! What a learner sets in the ReLU lab, as one table of settings kept in the address
//! (`crate::settings`): every unit, the constant, the target and the fit's optimizer and rate. Its
//! keys start with `r_`, apart from the other labs' in the same address.

use super::{FIT_OPTIMIZER, Hinge, ReluSum, TargetCurve};
use crate::optimizers::{LEARNING_RATE_RANGE, Optimizer};
use crate::settings::{LabSetup, Number, Scale, Setting, find, join, list};

pub const FIT_LEARNING_RATE: f32 = 0.02;
/// Steps in one fit.
pub const FIT_STEPS: usize = 2000;
/// Units the learner can add by hand: twice the largest fresh start, and still a list to scroll.
pub const MAX_UNITS: usize = 32;
/// A unit's numbers and the constant, as an address may carry them: far past the sliders, since a
/// fit may take them there, but finite.
const NUMBER_LIMIT: f32 = 1e6;

/// What the units are fitted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The Quadratic lab's noisy points, as they are there now.
    Quadratic,
    Curve(TargetCurve),
}

impl Target {
    pub const ALL: [Self; 5] = [
        Self::Quadratic,
        Self::Curve(TargetCurve::Sine),
        Self::Curve(TargetCurve::Step),
        Self::Curve(TargetCurve::Wiggly),
        Self::Curve(TargetCurve::Relu),
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::Quadratic => "quadratic",
            Self::Curve(TargetCurve::Sine) => "sine",
            Self::Curve(TargetCurve::Step) => "step",
            Self::Curve(TargetCurve::Wiggly) => "wiggly",
            Self::Curve(TargetCurve::Relu) => "relu",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Quadratic => "The Quadratic lab's points",
            Self::Curve(TargetCurve::Sine) => "A sine",
            Self::Curve(TargetCurve::Step) => "A step",
            Self::Curve(TargetCurve::Wiggly) => "A wiggly function",
            Self::Curve(TargetCurve::Relu) => "max(0, x)",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReluSetup {
    pub sum: ReluSum,
    pub target: Target,
    /// What the next Fit trains with.
    pub optimizer: Optimizer,
    pub learning_rate: f32,
}

impl Default for ReluSetup {
    /// The lesson's `double_relu`: two hinges, facing each other, already a rough bowl.
    fn default() -> Self {
        let hinge = |m| Hinge { m, b: -1.0, a: 1.0 };
        Self {
            sum: ReluSum {
                hinges: vec![hinge(-2.0), hinge(2.0)],
                c: 0.0,
            },
            target: Target::Quadratic,
            optimizer: FIT_OPTIMIZER,
            learning_rate: FIT_LEARNING_RATE,
        }
    }
}

/// How far the units' sliders reach; a fit may take the numbers past them.
pub const UNIT_TRAVEL: (f32, f32) = (-5.0, 5.0);
pub const CONSTANT_TRAVEL: (f32, f32) = (-10.0, 10.0);

/// One of a unit's numbers, as its slider and the address set it.
macro_rules! unit_number {
    ($field:ident, $label:literal, $help:literal) => {
        Number {
            label: $label,
            help: $help,
            range: (-NUMBER_LIMIT as f64, NUMBER_LIMIT as f64),
            whole: false,
            scale: Scale::Linear,
            get: |h| f64::from(h.$field),
            set: |h, v| h.$field = v as f32,
        }
    };
}

/// A unit's slope, offset and output weight, in the order the address writes them.
pub const UNIT: [Number<Hinge>; 3] = [
    unit_number!(
        m,
        "m",
        "The slope of the line inside the max: how steep the unit rises."
    ),
    unit_number!(
        b,
        "b",
        "The line's offset: with m, where the hinge is (x = −b/m)."
    ),
    unit_number!(
        a,
        "weight",
        "How much of the unit the sum takes; negative turns it over."
    ),
];

/// The constant added to the units.
pub const CONSTANT: Number<ReluSetup> = Number {
    label: "constant c",
    help: "Added to the sum of the units: lifts or lowers the whole curve.",
    range: (-NUMBER_LIMIT as f64, NUMBER_LIMIT as f64),
    whole: false,
    scale: Scale::Linear,
    get: |s| f64::from(s.sum.c),
    set: |s, v| s.sum.c = v as f32,
};

/// A unit as `m:b:weight`.
fn unit_key(h: &Hinge) -> String {
    UNIT.map(|number| number.write(h)).join(":")
}

fn unit(value: &str) -> Option<Hinge> {
    let mut numbers = value.split(':');
    let mut hinge = Hinge {
        m: 0.0,
        b: 0.0,
        a: 0.0,
    };
    for number in UNIT {
        number.read(&mut hinge, numbers.next()?)?;
    }
    numbers.next().is_none().then_some(hinge)
}

/// Every setting, in the order the address lists them.
const SETTINGS: [Setting<ReluSetup>; 5] = [
    Setting::text(
        "r_units",
        |s| join(&s.sum.hinges, unit_key),
        |s, v| {
            list(v, unit)
                .filter(|units| units.len() <= MAX_UNITS)
                .map(|units| s.sum.hinges = units)
        },
    ),
    Setting::number("r_c", CONSTANT),
    Setting::text(
        "r_target",
        |s| s.target.key().into(),
        |s, v| find(&Target::ALL, Target::key, v).map(|t| s.target = t),
    ),
    Setting::text(
        "r_optimizer",
        |s| s.optimizer.to_key(),
        |s, v| Optimizer::from_key(v).map(|o| s.optimizer = o),
    ),
    Setting::number("r_lr", LEARNING_RATE),
];

/// The fit's learning rate.
pub const LEARNING_RATE: Number<ReluSetup> = Number {
    label: "learning rate",
    help: "How far each of the fit's steps moves every m, b, weight and the constant.",
    range: (LEARNING_RATE_RANGE.0 as f64, LEARNING_RATE_RANGE.1 as f64),
    whole: false,
    scale: Scale::Log,
    get: |s| f64::from(s.learning_rate),
    set: |s, v| s.learning_rate = v as f32,
};

impl LabSetup for ReluSetup {
    const SETTINGS: &'static [Setting<Self>] = &SETTINGS;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)]) -> (ReluSetup, Vec<String>) {
        ReluSetup::from_pairs(pairs.iter().copied())
    }

    #[test]
    fn a_setup_reads_back_from_its_pairs() {
        let setup = ReluSetup {
            sum: ReluSum {
                hinges: vec![
                    Hinge {
                        m: 0.1,
                        b: -1.0 / 3.0,
                        a: 12_345.679,
                    },
                    Hinge {
                        m: -0.0,
                        b: 2.0,
                        a: 1e-7,
                    },
                ],
                c: -4.25,
            },
            target: Target::Curve(TargetCurve::Wiggly),
            optimizer: Optimizer::Momentum {
                beta: 0.5,
                nesterov: false,
            },
            learning_rate: 0.003,
        };
        let pairs = setup.to_pairs();
        let (read, refused) = ReluSetup::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(read, setup);
        assert!(refused.is_empty());
        assert_eq!(
            pairs[0],
            ("r_units", "0.1:-0.33333334:12345.679,-0:2:0.0000001".into())
        );
    }

    #[test]
    fn no_units_is_a_setup_too() {
        let (setup, refused) = read(&[("r_units", "")]);
        assert!(setup.sum.hinges.is_empty());
        assert!(refused.is_empty());
    }

    #[test]
    fn malformed_values_keep_their_defaults_and_are_named() {
        let too_many = vec!["1:0:1"; MAX_UNITS + 1].join(",");
        for (key, value) in [
            ("r_units", "1:2"),
            ("r_units", "1:2:3:4"),
            ("r_units", "1:NaN:1"),
            ("r_units", "1:2:3,"),
            ("r_units", too_many.as_str()),
            ("r_c", "1e309"),
            ("r_target", "<b>"),
            ("r_optimizer", "adam:2:0.999:1e-7"),
            ("r_lr", "0"),
            ("r_lr", "١"),
        ] {
            let (setup, refused) = read(&[(key, value), ("r_target", "sine")]);
            assert_eq!(
                setup,
                ReluSetup {
                    target: Target::Curve(TargetCurve::Sine),
                    ..ReluSetup::default()
                },
                "{key}={value}"
            );
            assert_eq!(refused, [crate::settings::shown(key, value)]);
        }
    }
}
