//! What a learner sets on each rung of the Digits lab's ladder, as one table of settings kept in
//! the address (`crate::settings`): each model's rate, batch, epochs, width, seed, distortions,
//! optimizer, schedule and early stopping, the two digits the binary rungs tell apart, and the
//! rung the learner was on. Its keys start with
//! `d_`; only the settings that differ from their defaults are written, so a link stays short.

use super::{ModelKind, Pair};
use crate::optimizers::Optimizer;
use crate::schedules::Schedule;
use crate::settings::{self, LabSetup, Number, Scale, Setting, find, number};
use serde::{Deserialize, Serialize};

pub const BATCH_SIZES: [usize; 7] = [16, 32, 64, 128, 256, 512, 1024];
/// The log slider's span: the rates MNIST trains with, from barely moving to blowing up.
pub const LEARNING_RATE_RANGE: (f32, f32) = (1e-3, 10.0);
pub const HIDDEN_RANGE: (usize, usize) = (1, 512);
pub const EPOCH_RANGE: (usize, usize) = (1, 100);
/// Early stopping's patience in epochs; 0 is off.
pub const PATIENCE_RANGE: (usize, usize) = (0, 100);
/// Seeds are typed as whole numbers up to this (exact in the page's f32 number boxes).
pub const SEED_RANGE: (u64, u64) = (0, 999_999);

/// One rung's settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RungSettings {
    /// The rate, or the schedule's peak.
    pub learning_rate: f32,
    pub batch_size: usize,
    pub epochs: usize,
    pub hidden: usize,
    pub seed: u64,
    /// Train on distorted digits.
    pub augment: bool,
    pub optimizer: Optimizer,
    /// The schedule's kind, shaped to the run's length when it is sent.
    pub schedule: Schedule,
    pub patience: usize,
}

impl RungSettings {
    /// The book's.
    pub fn of(kind: ModelKind) -> Self {
        let convolutional = kind == ModelKind::Convolutional;
        Self {
            learning_rate: kind.default_learning_rate(),
            batch_size: if convolutional { 64 } else { 256 },
            epochs: match kind {
                ModelKind::AllDigits | ModelKind::Convolutional => 1,
                _ => 10,
            },
            hidden: if convolutional { 64 } else { 30 },
            seed: 42,
            augment: false,
            optimizer: Optimizer::Sgd,
            schedule: Schedule::Constant,
            patience: 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DigitsSetup {
    /// In the order of [`ModelKind::ALL`].
    pub rungs: [RungSettings; 4],
    /// The rung the learner last worked on, which a link opens at.
    pub rung: Option<ModelKind>,
    /// What the baseline, the linear model and simple_net tell apart.
    pub pair: Pair,
}

impl Default for DigitsSetup {
    fn default() -> Self {
        Self {
            rungs: ModelKind::ALL.map(RungSettings::of),
            rung: None,
            pair: Pair::BOOK,
        }
    }
}

fn on_off(on: bool) -> &'static str {
    if on { "on" } else { "off" }
}

/// A number setting of each rung, from the one at `$index` of [`ModelKind::ALL`]: whole unless
/// it is the learning rate, set on a log scale.
macro_rules! per_rung {
    ($label:literal, $help:literal, $range:expr, $field:ident, $as:ty) => {
        per_rung!(@each $label, $help, $range, $field, $as, true, Scale::Linear, 0, 1, 2, 3)
    };
    (rate $label:literal, $help:literal, $range:expr, $field:ident) => {
        per_rung!(@each $label, $help, $range, $field, f32, false, Scale::Log, 0, 1, 2, 3)
    };
    (@each $label:literal, $help:literal, $range:expr, $field:ident, $as:ty, $whole:expr,
        $scale:expr, $($index:literal),*) => {
        [$(
            Number {
                label: $label,
                help: $help,
                range: ($range.0 as f64, $range.1 as f64),
                whole: $whole,
                scale: $scale,
                get: |s| s.rungs[$index].$field as f64,
                set: |s, v| s.rungs[$index].$field = v as $as,
            }
        ),*]
    };
}

/// Each rung's learning rate, in the order of [`ModelKind::ALL`].
pub const LEARNING_RATES: [Number<DigitsSetup>; 4] = per_rung!(
    rate "learning rate",
    "How far each batch's step moves the weights; with a schedule, the highest rate it reaches.",
    LEARNING_RATE_RANGE,
    learning_rate
);
/// Each rung's epochs, in the order of [`ModelKind::ALL`].
pub const EPOCHS: [Number<DigitsSetup>; 4] = per_rung!(
    "epochs",
    "Passes over the training digits the next Train takes.",
    EPOCH_RANGE,
    epochs,
    usize
);
/// Each rung's hidden units (its width).
pub const HIDDEN: [Number<DigitsSetup>; 4] = per_rung!(
    "hidden units",
    "The hidden layer's width; a new width starts a fresh model.",
    HIDDEN_RANGE,
    hidden,
    usize
);
/// Each rung's seed.
pub const SEEDS: [Number<DigitsSetup>; 4] = per_rung!(
    "seed",
    "Draws the first weights and the order of the digits; a new seed starts a fresh model.",
    SEED_RANGE,
    seed,
    u64
);

/// Each rung's settings, as `d_<model>_<setting>`, after the open rung's.
macro_rules! rung_settings {
    ($(($index:literal, $model:literal)),*) => {
        [
            Setting::text(
                "d_rung",
                |s| s.rung.map_or("", ModelKind::key).into(),
                // Empty, as it is written when no rung is chosen.
                |s, v| {
                    s.rung = match v {
                        "" => None,
                        key => Some(find(&ModelKind::ALL, ModelKind::key, key)?),
                    };
                    Some(())
                },
            ),
            Setting::text(
                "d_pair",
                |s| s.pair.key(),
                |s, v| Pair::from_key(v).map(|p| s.pair = p),
            ),
            $(
                Setting::number(concat!("d_", $model, "_lr"), LEARNING_RATES[$index]),
                Setting::text(
                    concat!("d_", $model, "_batch"),
                    |s| s.rungs[$index].batch_size.to_string(),
                    |s, v| {
                        let size = number(v, (BATCH_SIZES[0], BATCH_SIZES[6]))?;
                        BATCH_SIZES
                            .contains(&size)
                            .then(|| s.rungs[$index].batch_size = size)
                    },
                ),
                Setting::number(concat!("d_", $model, "_epochs"), EPOCHS[$index]),
                Setting::number(concat!("d_", $model, "_hidden"), HIDDEN[$index]),
                Setting::number(concat!("d_", $model, "_seed"), SEEDS[$index]),
                Setting::text(
                    concat!("d_", $model, "_augment"),
                    |s| on_off(s.rungs[$index].augment).into(),
                    |s, v| find(&[false, true], on_off, v).map(|a| s.rungs[$index].augment = a),
                ),
                Setting::text(
                    concat!("d_", $model, "_optimizer"),
                    |s| s.rungs[$index].optimizer.to_key(),
                    |s, v| Optimizer::from_key(v).map(|o| s.rungs[$index].optimizer = o),
                ),
                Setting::text(
                    concat!("d_", $model, "_schedule"),
                    |s| s.rungs[$index].schedule.to_key(),
                    |s, v| Schedule::from_key(v).map(|k| s.rungs[$index].schedule = k),
                ),
                Setting::text(
                    concat!("d_", $model, "_patience"),
                    |s| s.rungs[$index].patience.to_string(),
                    |s, v| number(v, PATIENCE_RANGE).map(|p| s.rungs[$index].patience = p),
                ),
            )*
        ]
    };
}

/// Every setting, in the order the address lists them.
const SETTINGS: [Setting<DigitsSetup>; 38] = rung_settings!(
    (0, "linear"),
    (1, "simplenet"),
    (2, "alldigits"),
    (3, "convolutional")
);

impl DigitsSetup {
    pub fn rung_settings(&self, kind: ModelKind) -> RungSettings {
        self.rungs[kind.index()]
    }

    /// Every key the table has, so the address can drop those that went back to their defaults.
    pub fn keys() -> impl Iterator<Item = &'static str> {
        SETTINGS.iter().map(|s| s.key)
    }
}

impl LabSetup for DigitsSetup {
    const SETTINGS: &'static [Setting<Self>] = &SETTINGS;

    /// Only the settings that differ from their defaults: a link stays short.
    fn to_pairs(&self) -> Vec<(&'static str, String)> {
        settings::write_changed(&SETTINGS, self, &Self::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setup_reads_back_from_its_pairs_which_hold_only_what_changed() {
        assert!(DigitsSetup::default().to_pairs().is_empty());
        let mut setup = DigitsSetup {
            rung: Some(ModelKind::AllDigits),
            pair: Pair::new(2, 4).unwrap(),
            ..DigitsSetup::default()
        };
        setup.rungs[2] = RungSettings {
            learning_rate: 0.5,
            batch_size: 1024,
            epochs: 3,
            hidden: 100,
            seed: 7,
            augment: true,
            optimizer: Optimizer::ADAM,
            schedule: Schedule::OneCycle {
                pct_start: 0.25,
                div: 25.0,
                div_final: 1e4,
            },
            patience: 2,
        };
        setup.rungs[0].epochs = 40;
        let pairs = setup.to_pairs();
        assert_eq!(pairs.len(), 12, "{pairs:?}");
        assert_eq!(pairs[0], ("d_rung", "alldigits".into()));
        assert_eq!(pairs[1], ("d_pair", "2,4".into()));
        assert_eq!(pairs[2], ("d_linear_epochs", "40".into()));
        assert!(pairs.contains(&("d_alldigits_batch", "1024".into())));
        let (read, refused) = DigitsSetup::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(read, setup);
        assert!(refused.is_empty());
        assert_eq!(DigitsSetup::keys().count(), 38);
    }

    #[test]
    fn malformed_values_keep_their_defaults_and_are_named() {
        for (key, value) in [
            ("d_rung", "ladder"),
            ("d_pair", "3,3"),
            ("d_pair", "3,10"),
            ("d_linear_lr", "0.0001"),
            ("d_simplenet_batch", "100"),
            ("d_alldigits_epochs", "0"),
            ("d_convolutional_hidden", "513"),
            ("d_linear_seed", "1e309"),
            ("d_linear_augment", "true"),
            ("d_simplenet_optimizer", "adam"),
            ("d_alldigits_schedule", "step:0:0.5"),
            ("d_convolutional_patience", "NaN"),
        ] {
            let (setup, refused) =
                DigitsSetup::from_pairs([(key, value), ("d_linear_epochs", "5")]);
            let mut expected = DigitsSetup::default();
            expected.rungs[0].epochs = 5;
            assert_eq!(setup, expected, "{key}={value}");
            assert_eq!(refused, [settings::shown(key, value)]);
        }
    }
}
