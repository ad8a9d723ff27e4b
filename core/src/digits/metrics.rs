//! Accuracy and the confusion matrix, as plain functions of labels.

use serde::{Deserialize, Serialize};

/// The share of `predicted` equal to `actual`.
pub fn accuracy(actual: &[u8], predicted: &[u8]) -> f32 {
    let correct = actual.iter().zip(predicted).filter(|(a, p)| a == p).count();
    correct as f32 / actual.len().max(1) as f32
}

/// How often each actual class (row) was predicted as each class (column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfusionMatrix {
    pub classes: usize,
    /// Row-major, `classes × classes`.
    pub counts: Vec<u32>,
}

impl ConfusionMatrix {
    pub fn new(actual: &[u8], predicted: &[u8], classes: usize) -> Self {
        let mut counts = vec![0; classes * classes];
        for (&a, &p) in actual.iter().zip(predicted) {
            counts[usize::from(a) * classes + usize::from(p)] += 1;
        }
        Self { classes, counts }
    }

    pub fn count(&self, actual: usize, predicted: usize) -> u32 {
        self.counts[actual * self.classes + predicted]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accuracy_counts_matches() {
        assert_eq!(accuracy(&[1, 2, 3, 4], &[1, 2, 0, 4]), 0.75);
        assert_eq!(accuracy(&[], &[]), 0.0);
    }

    #[test]
    fn confusion_rows_are_actual_columns_predicted() {
        let matrix = ConfusionMatrix::new(&[0, 0, 1, 2, 2], &[0, 1, 1, 2, 0], 3);
        assert_eq!(matrix.count(0, 1), 1);
        assert_eq!(matrix.count(2, 0), 1);
        assert_eq!(matrix.count(1, 1), 1);
        assert_eq!(matrix.counts.iter().sum::<u32>(), 5);
    }
}
