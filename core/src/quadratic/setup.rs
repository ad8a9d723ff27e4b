//! What a learner sets in the Quadratic lab, as one table of settings kept in the address
//! (`crate::settings`), so a link opens the lab as it was: the coefficients, the rate, the loss,
//! the data's seed and noise, the surface's axes, the zero-grad bug, the race's lanes and steps,
//! and the learner's own points when there are few enough. Its keys start with `q_`, apart from
//! the other labs' in the same address.

use super::{
    Coefficient, Coefficients, LossKind, MAX_RACE_STEPS, MAX_RACERS, NoisyQuadratic, Racer,
};
use crate::optimizers::Optimizer;
use crate::points::Points;
use crate::settings::{self, LabSetup, Number, Scale, Setting, find, join, list};

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
pub const RACE_STEPS: usize = 100;
pub const RACE_STEP_RANGE: (usize, usize) = (1, MAX_RACE_STEPS);
/// The address parameter holding the learner's own points.
pub const POINTS_KEY: &str = "q_points";
/// Own points longer than this as text stay out of the address (browsers and servers cut long
/// addresses); the lab says so.
pub const POINTS_LIMIT: usize = 2000;

/// One lane of the optimizer race, as the learner set it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lane {
    pub racing: bool,
    pub racer: Racer,
}

impl Lane {
    /// The lanes a new lab starts with: SGD, momentum and Adam, at the lesson's rate (Adam's
    /// tenfold).
    pub fn defaults() -> [Self; MAX_RACERS] {
        [
            (Optimizer::Sgd, 0.01),
            (Optimizer::MOMENTUM, 0.01),
            (Optimizer::ADAM, 0.1),
        ]
        .map(|(optimizer, learning_rate)| Self {
            racing: true,
            racer: Racer {
                optimizer,
                learning_rate,
            },
        })
    }

    /// `on_<optimizer>_<rate>`, or `off_…` for a lane left out of the race.
    fn key(&self) -> String {
        let racing = if self.racing { "on" } else { "off" };
        let racer = self.racer;
        format!(
            "{racing}_{}_{}",
            racer.optimizer.to_key(),
            racer.learning_rate
        )
    }

    fn from_key(value: &str) -> Option<Self> {
        let mut parts = value.split('_');
        let racing = find(
            &[true, false],
            |r| if r { "on" } else { "off" },
            parts.next()?,
        )?;
        let optimizer = Optimizer::from_key(parts.next()?)?;
        let mut lane = Self {
            racing,
            racer: Racer {
                optimizer,
                learning_rate: 0.0,
            },
        };
        LANE_RATE.read(&mut lane, parts.next()?)?;
        parts.next().is_none().then_some(lane)
    }
}

#[derive(Debug, Clone, PartialEq)]
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
    pub lanes: [Lane; MAX_RACERS],
    pub race_steps: usize,
    /// The learner's own points, in place of the recipe's.
    pub points: Option<Points>,
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
            lanes: Lane::defaults(),
            race_steps: RACE_STEPS,
            points: None,
        }
    }
}

/// A coefficient's entry: typed values reach far past its slider, to ±[`TYPED_COEFFICIENT_LIMIT`].
macro_rules! coefficient {
    ($field:ident, $label:literal, $help:literal) => {
        Number {
            label: $label,
            help: $help,
            range: (
                -TYPED_COEFFICIENT_LIMIT as f64,
                TYPED_COEFFICIENT_LIMIT as f64,
            ),
            whole: false,
            scale: Scale::Linear,
            get: |s| f64::from(s.coefficients.$field),
            set: |s, v| s.coefficients.$field = v as f32,
        }
    };
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

/// Points as `x_y*x_y…`, each number as exact as an f32 prints.
fn points_key(points: &Points) -> String {
    let pairs: Vec<String> = points.pairs().map(|(x, y)| format!("{x}_{y}")).collect();
    pairs.join("*")
}

/// [`points_key`]'s text, each point checked as an added one is; `None` if malformed, empty or
/// out of range.
fn points(value: &str) -> Option<Points> {
    let mut points = Points {
        xs: Vec::new(),
        ys: Vec::new(),
    };
    for point in value.split('*') {
        let (x, y) = point.split_once('_')?;
        points.push(x.parse().ok()?, y.parse().ok()?).ok()?;
    }
    Some(points)
}

/// Each coefficient, as its slider and box set it: `a·x² + b·x + c`.
pub const COEFFICIENTS: [Number<QuadraticSetup>; 3] = [
    coefficient!(
        a,
        "a",
        "How much x² adds: the parabola's width and which way it opens."
    ),
    coefficient!(
        b,
        "b",
        "How much x adds: tilts the parabola, moving its lowest point sideways."
    ),
    coefficient!(c, "c", "The constant: lifts or lowers the whole curve."),
];

/// Step and Train's rate, on a log scale.
pub const LEARNING_RATE: Number<QuadraticSetup> = Number {
    label: "learning rate",
    help: "How far each step moves along the negative gradient.",
    range: (LEARNING_RATE_RANGE.0 as f64, LEARNING_RATE_RANGE.1 as f64),
    whole: false,
    scale: Scale::Log,
    get: |s| f64::from(s.learning_rate),
    set: |s, v| s.learning_rate = v as f32,
};

pub const SEED: Number<QuadraticSetup> = Number {
    label: "seed",
    help: "Picks the random draw of the points: a seed always gives the same points.",
    range: (SEED_RANGE.0 as f64, SEED_RANGE.1 as f64),
    whole: true,
    scale: Scale::Linear,
    get: |s| s.recipe.seed as f64,
    set: |s, v| s.recipe.seed = v as u64,
};

pub const NOISE: Number<QuadraticSetup> = Number {
    label: "noise",
    help: "Scales the lesson's noise: 0 puts every point on the hidden curve.",
    range: (NOISE_RANGE.0 as f64, NOISE_RANGE.1 as f64),
    whole: false,
    scale: Scale::Linear,
    get: |s| f64::from(s.recipe.noise),
    set: |s, v| s.recipe.noise = v as f32,
};

pub const RACE_LENGTH: Number<QuadraticSetup> = Number {
    label: "race steps",
    help: "How many steps every racer takes.",
    range: (RACE_STEP_RANGE.0 as f64, RACE_STEP_RANGE.1 as f64),
    whole: true,
    scale: Scale::Linear,
    get: |s| s.race_steps as f64,
    set: |s, v| s.race_steps = v as usize,
};

/// A lane's rate.
pub const LANE_RATE: Number<Lane> = Number {
    label: "learning rate",
    help: "This racer's rate.",
    range: (LEARNING_RATE_RANGE.0 as f64, LEARNING_RATE_RANGE.1 as f64),
    whole: false,
    scale: Scale::Log,
    get: |l| f64::from(l.racer.learning_rate),
    set: |l, v| l.racer.learning_rate = v as f32,
};

/// Every setting, in the order the address lists them.
const SETTINGS: [Setting<QuadraticSetup>; 11] = [
    Setting::number("q_a", COEFFICIENTS[0]),
    Setting::number("q_b", COEFFICIENTS[1]),
    Setting::number("q_c", COEFFICIENTS[2]),
    Setting::number("q_lr", LEARNING_RATE),
    Setting::text(
        "q_loss",
        |s| loss_key(s.loss).into(),
        |s, v| find(&[LossKind::Mse, LossKind::Mae], loss_key, v).map(|l| s.loss = l),
    ),
    Setting::number("q_seed", SEED),
    Setting::number("q_noise", NOISE),
    Setting::text(
        "q_surface",
        |s| format!("{},{}", s.surface_axes.0.name(), s.surface_axes.1.name()),
        |s, v| axes(v).map(|a| s.surface_axes = a),
    ),
    Setting::text(
        "q_zero_grad",
        |s| zero_grad_key(s.forget_zero_grad).into(),
        |s, v| find(&[false, true], zero_grad_key, v).map(|forget| s.forget_zero_grad = forget),
    ),
    Setting::text(
        "q_lanes",
        |s| join(&s.lanes, Lane::key),
        |s, v| {
            let lanes = list(v, Lane::from_key)?;
            s.lanes = lanes.try_into().ok()?;
            Some(())
        },
    ),
    Setting::number("q_race_steps", RACE_LENGTH),
];

impl QuadraticSetup {
    /// Whether a link can carry these own points.
    pub fn points_fit_link(points: &Points) -> bool {
        points_key(points).len() <= POINTS_LIMIT
    }
}

impl LabSetup for QuadraticSetup {
    const SETTINGS: &'static [Setting<Self>] = &SETTINGS;

    /// The table's pairs, and the own points under [`POINTS_KEY`] when they are few enough
    /// ([`QuadraticSetup::points_fit_link`]).
    fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = settings::write(&SETTINGS, self);
        if let Some(points) = self.points.as_ref().filter(|p| Self::points_fit_link(p)) {
            pairs.push((POINTS_KEY, points_key(points)));
        }
        pairs
    }

    /// The table's settings, and the own points under [`POINTS_KEY`].
    fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Self, Vec<String>) {
        let pairs: Vec<_> = pairs.into_iter().collect();
        let (mut setup, mut refused) = settings::setup_from(&SETTINGS, pairs.iter().copied());
        for (key, value) in pairs {
            if key == POINTS_KEY {
                match points(value) {
                    Some(points) => setup.points = Some(points),
                    None => refused.push(settings::shown(key, value)),
                }
            }
        }
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
            lanes: [
                Lane {
                    racing: false,
                    racer: Racer {
                        optimizer: Optimizer::RMSPROP,
                        learning_rate: 0.003,
                    },
                },
                Lane::defaults()[1],
                Lane::defaults()[2],
            ],
            race_steps: 250,
            points: Some(Points {
                xs: vec![-1.0 / 3.0, 2.0, 999.5],
                ys: vec![1e-7, -0.0, 4.25],
            }),
        };
        let pairs = setup.to_pairs();
        assert!(pairs.contains(&("q_points", "-0.33333334_0.0000001*2_-0*999.5_4.25".into())));
        assert!(pairs.contains(&("q_lanes", "off_rmsprop:0.9:0.0000001_0.003,on_momentum:0.9_0.01,on_adam:0.9:0.999:0.0000001_0.1".into())));
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
            ("q_lanes", "on_sgd_0.01,on_sgd_0.01"),
            ("q_race_steps", "1001"),
            ("q_points", "1_2*3"),
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
                "q_zero_grad",
                "q_lanes",
                "q_race_steps",
                "q_points"
            ]
        );
        assert_eq!(read.lanes, defaults.lanes);
        assert_eq!(read.race_steps, RACE_STEPS);
        assert_eq!(read.points, None);
    }

    #[test]
    fn own_points_out_of_range_or_too_many_for_the_link_are_not_read_or_written() {
        for bad in ["", "1_2*", "1_1001", "1_NaN", "1e309_0", "1_2_3"] {
            let (setup, refused) = QuadraticSetup::from_pairs([(POINTS_KEY, bad)]);
            assert_eq!(setup.points, None, "{bad}");
            assert_eq!(refused.len(), 1);
        }
        let many = Points {
            xs: (0..300).map(|i| i as f32 / 7.0).collect(),
            ys: vec![0.5; 300],
        };
        assert!(!QuadraticSetup::points_fit_link(&many));
        let setup = QuadraticSetup {
            points: Some(many),
            ..QuadraticSetup::default()
        };
        assert!(setup.to_pairs().iter().all(|(k, _)| *k != POINTS_KEY));
    }
}
