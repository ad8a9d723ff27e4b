//! The notebook's cleaning, step by step: missing values filled with the mode, the fare as
//! log(fare + 1), sex, class and port as dummy columns, and each column divided by its maximum.

use super::passengers::{Passenger, Port, Sex};
use serde::{Deserialize, Serialize};

/// The model's inputs, in the notebook's order.
pub const COLUMNS: [&str; FEATURES] = [
    "Age",
    "SibSp",
    "Parch",
    "LogFare",
    "Sex_male",
    "Sex_female",
    "Pclass_1",
    "Pclass_2",
    "Pclass_3",
    "Embarked_C",
    "Embarked_Q",
    "Embarked_S",
];
pub const FEATURES: usize = 12;

/// Bars of a histogram over `[lo, hi]`, equally wide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    pub lo: f32,
    pub hi: f32,
    pub counts: Vec<usize>,
}

impl Histogram {
    pub fn of(values: &[f32], bars: usize) -> Self {
        let lo = values.iter().copied().fold(f32::INFINITY, f32::min);
        let hi = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let mut counts = vec![0; bars];
        let width = (hi - lo).max(f32::MIN_POSITIVE);
        for &v in values {
            let bar = (((v - lo) / width) * bars as f32) as usize;
            counts[bar.min(bars - 1)] += 1;
        }
        Self { lo, hi, counts }
    }
}

/// What each step found and what it does, learned from the whole file once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cleaning {
    pub passengers: usize,
    pub survived: usize,
    pub missing_age: usize,
    pub missing_fare: usize,
    pub missing_embarked: usize,
    /// The most common value of each, filled in where it is missing.
    pub age_mode: f32,
    pub fare_mode: f32,
    pub embarked_mode: Port,
    pub fare_before: Histogram,
    pub fare_after: Histogram,
    /// Each column's largest value after the dummies, which the last step divides by.
    pub maxima: [f32; FEATURES],
}

/// The fares' spread is what log(fare + 1) tames: a few paid 500, most under 30.
pub const HISTOGRAM_BARS: usize = 20;

impl Cleaning {
    /// Learns the modes and the maxima from `passengers`; `None` if there are none.
    pub fn learn(passengers: &[Passenger]) -> Option<Self> {
        if passengers.is_empty() {
            return None;
        }
        let ages: Vec<f32> = passengers.iter().filter_map(|p| p.age).collect();
        let fares: Vec<f32> = passengers.iter().filter_map(|p| p.fare).collect();
        let ports: Vec<Port> = passengers.iter().filter_map(|p| p.embarked).collect();
        let age_mode = mode(&ages).unwrap_or(0.0);
        let fare_mode = mode(&fares).unwrap_or(0.0);
        let embarked_mode = Port::ALL
            .into_iter()
            .max_by_key(|port| {
                // The first port on a tie, as pandas' mode sorts its values.
                let count = ports.iter().filter(|p| *p == port).count();
                (count, std::cmp::Reverse(*port as usize))
            })
            .expect("three ports");
        // Step 2's fares are step 1's: filled with the mode.
        let filled_fares: Vec<f32> = passengers
            .iter()
            .map(|p| p.fare.unwrap_or(fare_mode))
            .collect();
        let log_fares: Vec<f32> = filled_fares.iter().map(|&f| log_fare(f)).collect();
        let mut cleaning = Self {
            passengers: passengers.len(),
            survived: passengers.iter().filter(|p| p.survived).count(),
            missing_age: passengers.len() - ages.len(),
            missing_fare: passengers.len() - fares.len(),
            missing_embarked: passengers.len() - ports.len(),
            age_mode,
            fare_mode,
            embarked_mode,
            fare_before: Histogram::of(&filled_fares, HISTOGRAM_BARS),
            fare_after: Histogram::of(&log_fares, HISTOGRAM_BARS),
            maxima: [1.0; FEATURES],
        };
        let mut maxima = [0.0f32; FEATURES];
        for p in passengers {
            for (max, v) in maxima.iter_mut().zip(dummies(&cleaning.filled(p))) {
                *max = max.max(v);
            }
        }
        // A column that is zero throughout stays zero rather than becoming 0/0.
        cleaning.maxima = maxima.map(|m| if m > 0.0 { m } else { 1.0 });
        Some(cleaning)
    }

    /// Step 1: the passenger with each missing value replaced by its mode.
    pub fn filled(&self, p: &Passenger) -> Passenger {
        Passenger {
            age: Some(p.age.unwrap_or(self.age_mode)),
            fare: Some(p.fare.unwrap_or(self.fare_mode)),
            embarked: Some(p.embarked.unwrap_or(self.embarked_mode)),
            ..p.clone()
        }
    }

    /// Every step: the model's inputs for a passenger, each in [0, 1] for the file's own rows.
    pub fn features(&self, p: &Passenger) -> [f32; FEATURES] {
        let mut row = dummies(&self.filled(p));
        for (v, max) in row.iter_mut().zip(self.maxima) {
            *v /= max;
        }
        row
    }
}

/// Step 2: the fare on a log scale; +1 so a free ticket is 0, not −∞.
pub fn log_fare(fare: f32) -> f32 {
    (fare + 1.0).ln()
}

/// Steps 2 and 3 on a filled passenger: the numbers, the log fare, and a 0/1 column for each
/// sex, class and port.
pub fn dummies(p: &Passenger) -> [f32; FEATURES] {
    let flag = |b: bool| f32::from(u8::from(b));
    [
        p.age.unwrap_or(0.0),
        p.siblings_spouses as f32,
        p.parents_children as f32,
        log_fare(p.fare.unwrap_or(0.0)),
        flag(p.sex == Sex::Male),
        flag(p.sex == Sex::Female),
        flag(p.class == 1),
        flag(p.class == 2),
        flag(p.class == 3),
        flag(p.embarked == Some(Port::Cherbourg)),
        flag(p.embarked == Some(Port::Queenstown)),
        flag(p.embarked == Some(Port::Southampton)),
    ]
}

/// The most common value; the smallest of those tied, as pandas' `mode()` gives first.
fn mode(values: &[f32]) -> Option<f32> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f32::total_cmp);
    let mut best: Option<(f32, usize)> = None;
    for run in sorted.chunk_by(|a, b| a == b) {
        if best.is_none_or(|(_, count)| run.len() > count) {
            best = Some((run[0], run.len()));
        }
    }
    best.map(|(value, _)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mode_takes_the_smallest_of_a_tie() {
        assert_eq!(mode(&[3.0, 1.0, 3.0, 1.0, 2.0]), Some(1.0));
        assert_eq!(mode(&[5.0, 2.0, 5.0]), Some(5.0));
        assert_eq!(mode(&[]), None);
    }

    #[test]
    fn histogram_counts_every_value_once() {
        let h = Histogram::of(&[0.0, 1.0, 1.0, 10.0], 10);
        assert_eq!(h.counts.iter().sum::<usize>(), 4);
        assert_eq!((h.counts[0], h.counts[1], h.counts[9]), (1, 2, 1));
    }
}
