//! What a learner sets in the Titanic lab, as one table of settings kept in the address
//! (`crate::settings`): each model's epochs and rate, and the passenger in the form. Its keys start
//! with `t_`, apart from the other labs' in the same address.

use super::{MAX_EPOCHS, ModelKind, Passenger, Port, Sex};
use crate::settings::{LabSetup, Number, Scale, Setting, find, number};

pub const EPOCH_RANGE: (usize, usize) = (1, MAX_EPOCHS);
/// Wider than the other labs' rates: the notebook's mean absolute error through a sigmoid has
/// small gradients, so its rates are large (100 for the linear model).
pub const LEARNING_RATE_RANGE: (f32, f32) = (1e-4, 1000.0);
pub const AGE_RANGE: (f32, f32) = (0.0, 120.0);
pub const FARE_RANGE: (f32, f32) = (0.0, 1000.0);
/// Siblings and spouses, or parents and children, aboard.
pub const RELATIVES_RANGE: (u32, u32) = (0, 20);
pub const CLASSES: [u8; 3] = [1, 2, 3];

/// One model's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelSettings {
    pub epochs: usize,
    pub learning_rate: f32,
}

impl ModelSettings {
    /// The notebook's.
    pub fn of(kind: ModelKind) -> Self {
        Self {
            epochs: kind.default_epochs(),
            learning_rate: kind.default_learning_rate(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TitanicSetup {
    /// In the order of [`ModelKind::ALL`].
    pub models: [ModelSettings; 3],
    /// The learner's passenger, for "Would you have survived?".
    pub passenger: Passenger,
}

impl Default for TitanicSetup {
    fn default() -> Self {
        Self {
            models: ModelKind::ALL.map(ModelSettings::of),
            passenger: Passenger {
                id: 0,
                name: "You".into(),
                survived: false,
                class: 3,
                sex: Sex::Female,
                age: Some(30.0),
                siblings_spouses: 0,
                parents_children: 0,
                fare: Some(8.05),
                embarked: Some(Port::Southampton),
            },
        }
    }
}

fn sex_key(sex: Sex) -> &'static str {
    match sex {
        Sex::Female => "female",
        Sex::Male => "male",
    }
}

/// The epochs of the model at `$index` of [`ModelKind::ALL`].
macro_rules! epochs {
    ($index:literal) => {
        Number {
            label: "epochs",
            help: "Full-batch steps over the training split: one epoch is one step here.",
            range: (EPOCH_RANGE.0 as f64, EPOCH_RANGE.1 as f64),
            whole: true,
            scale: Scale::Linear,
            get: |s| s.models[$index].epochs as f64,
            set: |s, v| s.models[$index].epochs = v as usize,
        }
    };
}

/// The learning rate of the model at `$index` of [`ModelKind::ALL`].
macro_rules! rate {
    ($index:literal) => {
        Number {
            label: "learning rate",
            help: "How far each step moves the weights against the gradient.",
            range: (LEARNING_RATE_RANGE.0 as f64, LEARNING_RATE_RANGE.1 as f64),
            whole: false,
            scale: Scale::Log,
            get: |s| f64::from(s.models[$index].learning_rate),
            set: |s, v| s.models[$index].learning_rate = v as f32,
        }
    };
}

/// Each model's epochs, in the order of [`ModelKind::ALL`].
pub const EPOCHS: [Number<TitanicSetup>; 3] = [epochs!(0), epochs!(1), epochs!(2)];
/// Each model's learning rate, in the order of [`ModelKind::ALL`].
pub const RATES: [Number<TitanicSetup>; 3] = [rate!(0), rate!(1), rate!(2)];

pub const AGE: Number<TitanicSetup> = Number {
    label: "age",
    help: "In years, divided by the oldest passenger's age before the model sees it.",
    range: (AGE_RANGE.0 as f64, AGE_RANGE.1 as f64),
    whole: false,
    scale: Scale::Linear,
    get: |s| f64::from(s.passenger.age.unwrap_or(0.0)),
    set: |s, v| s.passenger.age = Some(v as f32),
};

pub const SIBLINGS_SPOUSES: Number<TitanicSetup> = Number {
    label: "siblings and spouses aboard",
    help: "The file's SibSp column.",
    range: (RELATIVES_RANGE.0 as f64, RELATIVES_RANGE.1 as f64),
    whole: true,
    scale: Scale::Linear,
    get: |s| f64::from(s.passenger.siblings_spouses),
    set: |s, v| s.passenger.siblings_spouses = v as u32,
};

pub const PARENTS_CHILDREN: Number<TitanicSetup> = Number {
    label: "parents and children aboard",
    help: "The file's Parch column.",
    get: |s| f64::from(s.passenger.parents_children),
    set: |s, v| s.passenger.parents_children = v as u32,
    ..SIBLINGS_SPOUSES
};

pub const FARE: Number<TitanicSetup> = Number {
    label: "fare",
    help: "In pounds of 1912; the model sees its logarithm, as the notebook does.",
    range: (FARE_RANGE.0 as f64, FARE_RANGE.1 as f64),
    whole: false,
    scale: Scale::Linear,
    get: |s| f64::from(s.passenger.fare.unwrap_or(0.0)),
    set: |s, v| s.passenger.fare = Some(v as f32),
};

/// Every setting, in the order the address lists them.
const SETTINGS: [Setting<TitanicSetup>; 13] = [
    Setting::number("t_linear_epochs", EPOCHS[0]),
    Setting::number("t_linear_lr", RATES[0]),
    Setting::number("t_one_hidden_epochs", EPOCHS[1]),
    Setting::number("t_one_hidden_lr", RATES[1]),
    Setting::number("t_deep_epochs", EPOCHS[2]),
    Setting::number("t_deep_lr", RATES[2]),
    Setting::text(
        "t_sex",
        |s| sex_key(s.passenger.sex).into(),
        |s, v| find(&[Sex::Female, Sex::Male], sex_key, v).map(|x| s.passenger.sex = x),
    ),
    Setting::text(
        "t_class",
        |s| s.passenger.class.to_string(),
        |s, v| number(v, (CLASSES[0], CLASSES[2])).map(|c| s.passenger.class = c),
    ),
    Setting::number("t_age", AGE),
    Setting::number("t_sibsp", SIBLINGS_SPOUSES),
    Setting::number("t_parch", PARENTS_CHILDREN),
    Setting::number("t_fare", FARE),
    Setting::text(
        "t_port",
        |s| s.passenger.embarked.map_or("", Port::letter).into(),
        |s, v| find(&Port::ALL, Port::letter, v).map(|p| s.passenger.embarked = Some(p)),
    ),
];

impl TitanicSetup {
    pub fn model(&self, kind: ModelKind) -> ModelSettings {
        self.models[kind.index()]
    }
}

impl LabSetup for TitanicSetup {
    const SETTINGS: &'static [Setting<Self>] = &SETTINGS;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setup_reads_back_from_its_pairs() {
        let mut setup = TitanicSetup::default();
        setup.models[1] = ModelSettings {
            epochs: 7,
            learning_rate: 0.25,
        };
        setup.passenger.sex = Sex::Male;
        setup.passenger.class = 1;
        setup.passenger.age = Some(4.5);
        setup.passenger.parents_children = 2;
        setup.passenger.fare = Some(512.3292);
        setup.passenger.embarked = Some(Port::Cherbourg);
        let pairs = setup.to_pairs();
        assert_eq!(pairs.len(), 13);
        assert!(pairs.contains(&("t_one_hidden_epochs", "7".into())));
        assert!(pairs.contains(&("t_port", "C".into())));
        let (read, refused) = TitanicSetup::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(read, setup);
        assert!(refused.is_empty());
    }

    #[test]
    fn malformed_values_keep_their_defaults_and_are_named() {
        for (key, value) in [
            ("t_linear_epochs", "0"),
            ("t_deep_epochs", "1001"),
            ("t_deep_lr", "1e309"),
            ("t_one_hidden_lr", "NaN"),
            ("t_sex", "Female"),
            ("t_class", "4"),
            ("t_age", "-1"),
            ("t_sibsp", "1.5"),
            ("t_fare", "٣"),
            ("t_port", "<S>"),
        ] {
            let (setup, refused) = TitanicSetup::from_pairs([(key, value), ("t_class", "2")]);
            let mut expected = TitanicSetup::default();
            expected.passenger.class = 2;
            assert_eq!(setup, expected, "{key}={value}");
            assert_eq!(refused, [crate::settings::shown(key, value)]);
        }
    }
}
