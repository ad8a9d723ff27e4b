//! A task (`descent_core::digits::Task`) on tensors: its targets, loss and correct answers.

use super::Task;
use super::loss::{cross_entropy, mnist_loss};
use crate::mnist::Digits;
use burn::tensor::{Device, Tensor, TensorData};

pub(crate) trait TaskTensors {
    fn targets(self, digits: &Digits, indices: &[usize], device: &Device) -> Tensor<2>;
    fn targets_of(self, labels: &[u8], device: &Device) -> Tensor<2>;
    fn loss(self, logits: Tensor<2>, targets: Tensor<2>) -> Tensor<1>;
    fn predicted_index(self, logits: Tensor<2>) -> Tensor<2>;
    fn correct(self, logits: Tensor<2>, targets: Tensor<2>) -> Tensor<1>;
}

impl TaskTensors for Task {
    /// Targets `[n, outputs]`: 1 for the pair's first digit (a 3 in the book), one-hot rows for ten digits.
    fn targets(self, digits: &Digits, indices: &[usize], device: &Device) -> Tensor<2> {
        let labels: Vec<u8> = indices.iter().map(|&i| digits.label(i)).collect();
        self.targets_of(&labels, device)
    }

    /// `targets` of these labels.
    fn targets_of(self, labels: &[u8], device: &Device) -> Tensor<2> {
        let outputs = self.outputs();
        let mut values = vec![0.0f32; labels.len() * outputs];
        for (row, &label) in labels.iter().enumerate() {
            let column = match self {
                Self::Pair(pair) if label == pair.first() => 0,
                Self::Pair(_) => continue,
                Self::AllDigits => usize::from(label),
            };
            values[row * outputs + column] = 1.0;
        }
        Tensor::from_data(TensorData::new(values, [labels.len(), outputs]), device)
    }

    fn loss(self, logits: Tensor<2>, targets: Tensor<2>) -> Tensor<1> {
        match self {
            Self::Pair(_) => mnist_loss(logits, targets),
            Self::AllDigits => cross_entropy(logits, targets),
        }
    }

    /// The index into [`Task::classes`] each row predicts, `[n, 1]`.
    fn predicted_index(self, logits: Tensor<2>) -> Tensor<2> {
        match self {
            Self::Pair(_) => logits.greater_elem(0.0).float(),
            Self::AllDigits => logits.argmax(1).float(),
        }
    }

    /// How many rows are predicted right, as a one-element tensor.
    fn correct(self, logits: Tensor<2>, targets: Tensor<2>) -> Tensor<1> {
        let truth = match self {
            Self::Pair(_) => targets,
            Self::AllDigits => targets.argmax(1).float(),
        };
        self.predicted_index(logits).equal(truth).float().sum()
    }
}
