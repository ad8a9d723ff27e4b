//! What a learner sets in the Titanic lab, as one table of settings kept in the address
//! (`crate::settings`): each model's epochs and rate, and the passenger in the form. Its keys start
//! with `t_`, apart from the other labs' in the same address.

use super::{MAX_EPOCHS, ModelKind, Passenger, Port, Sex};
use crate::settings::{LabSetup, Setting, find, number};

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
    ($index:literal, $key:literal) => {
        Setting {
            key: $key,
            write: |s| s.models[$index].epochs.to_string(),
            read: |s, v| number(v, EPOCH_RANGE).map(|e| s.models[$index].epochs = e),
        }
    };
}

/// The learning rate of the model at `$index` of [`ModelKind::ALL`].
macro_rules! rate {
    ($index:literal, $key:literal) => {
        Setting {
            key: $key,
            write: |s| s.models[$index].learning_rate.to_string(),
            read: |s, v| number(v, LEARNING_RATE_RANGE).map(|r| s.models[$index].learning_rate = r),
        }
    };
}

/// Every setting, in the order the address lists them.
const SETTINGS: [Setting<TitanicSetup>; 13] = [
    epochs!(0, "t_linear_epochs"),
    rate!(0, "t_linear_lr"),
    epochs!(1, "t_one_hidden_epochs"),
    rate!(1, "t_one_hidden_lr"),
    epochs!(2, "t_deep_epochs"),
    rate!(2, "t_deep_lr"),
    Setting {
        key: "t_sex",
        write: |s| sex_key(s.passenger.sex).into(),
        read: |s, v| find(&[Sex::Female, Sex::Male], sex_key, v).map(|x| s.passenger.sex = x),
    },
    Setting {
        key: "t_class",
        write: |s| s.passenger.class.to_string(),
        read: |s, v| number(v, (CLASSES[0], CLASSES[2])).map(|c| s.passenger.class = c),
    },
    Setting {
        key: "t_age",
        write: |s| s.passenger.age.unwrap_or(0.0).to_string(),
        read: |s, v| number(v, AGE_RANGE).map(|a| s.passenger.age = Some(a)),
    },
    Setting {
        key: "t_sibsp",
        write: |s| s.passenger.siblings_spouses.to_string(),
        read: |s, v| number(v, RELATIVES_RANGE).map(|n| s.passenger.siblings_spouses = n),
    },
    Setting {
        key: "t_parch",
        write: |s| s.passenger.parents_children.to_string(),
        read: |s, v| number(v, RELATIVES_RANGE).map(|n| s.passenger.parents_children = n),
    },
    Setting {
        key: "t_fare",
        write: |s| s.passenger.fare.unwrap_or(0.0).to_string(),
        read: |s, v| number(v, FARE_RANGE).map(|f| s.passenger.fare = Some(f)),
    },
    Setting {
        key: "t_port",
        write: |s| s.passenger.embarked.map_or("", Port::letter).into(),
        read: |s, v| find(&Port::ALL, Port::letter, v).map(|p| s.passenger.embarked = Some(p)),
    },
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
