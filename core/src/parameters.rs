//! How many numbers a model learns, and the sum that gives the count: the book's measure of a
//! model's size (simple_net's 784·30 + 30 + 30·1 + 1 = 23,581 parameters).

/// A model's parameter count and the sum it comes from, one term per tensor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterCount {
    pub total: usize,
    /// Each weight matrix as inputs·outputs (a bank of filters as k·k·inputs·outputs), each bias
    /// as its length: "784·30 + 30 + 30·1 + 1".
    pub formula: String,
}

impl ParameterCount {
    /// From the tensors' shapes, the way PyTorch holds them: `[outputs, inputs]`,
    /// `[outputs, inputs, k, k]`, `[outputs]`.
    pub fn of_shapes<'a>(shapes: impl IntoIterator<Item = &'a [usize]>) -> Self {
        let (terms, total) =
            shapes
                .into_iter()
                .fold((Vec::new(), 0), |(mut terms, total), shape: &[usize]| {
                    // Read as the book writes it: what goes in first, what comes out last.
                    let term: Vec<String> = shape.iter().rev().map(usize::to_string).collect();
                    terms.push(term.join("·"));
                    (terms, total + shape.iter().product::<usize>())
                });
        Self {
            total,
            formula: terms.join(" + "),
        }
    }

    /// Fully connected layers between `widths` (the inputs first, the outputs last), each with
    /// its bias.
    pub fn dense(widths: &[usize]) -> Self {
        let shapes: Vec<[usize; 2]> = widths.windows(2).map(|w| [w[1], w[0]]).collect();
        Self::of_shapes(shapes.iter().flat_map(|shape| [&shape[..], &shape[..1]]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_net_is_the_books_23581() {
        let count = ParameterCount::dense(&[784, 30, 1]);
        assert_eq!(count.total, 23_581);
        assert_eq!(count.formula, "784·30 + 30 + 30·1 + 1");
        assert_eq!(count.total, 784 * 30 + 30 + 30 + 1);
    }

    #[test]
    fn a_filter_bank_counts_every_weight_of_every_filter() {
        let count = ParameterCount::of_shapes([&[16, 1, 3, 3][..], &[16]]);
        assert_eq!(count.formula, "3·3·1·16 + 16");
        assert_eq!(count.total, 3 * 3 * 16 + 16);
    }

    #[test]
    fn no_layers_no_parameters() {
        assert_eq!(ParameterCount::dense(&[12]).total, 0);
        assert_eq!(ParameterCount::dense(&[12, 1]).formula, "12·1 + 1");
    }

    #[test]
    fn every_labs_models_count_what_they_hold() {
        use crate::playground::setup::xor_preset;
        use crate::titanic::ModelKind;
        let counts: Vec<usize> = ModelKind::ALL
            .iter()
            .map(|k| k.parameters().total)
            .collect();
        // 12 inputs → 1; → 20 → 1; → 10 → 10 → 1; each layer with its biases.
        assert_eq!(
            counts,
            [13, 12 * 20 + 20 + 21, 12 * 10 + 10 + 10 * 10 + 10 + 11]
        );
        let network = xor_preset(vec![4, 2]).network;
        let count = network.parameters();
        assert_eq!(count.formula, "2·4 + 4 + 4·2 + 2 + 2·1 + 1");
        assert_eq!(count.total, 25);
        let sum = crate::relu::ReluSum::spread(16, (-2.0, 2.0));
        let held: usize = crate::pytorch::relu::state_dict(&sum)
            .iter()
            .map(|t| t.values.len())
            .sum();
        assert_eq!(sum.parameters().total, held);
        assert_eq!(sum.parameters().formula, "16 + 16 + 16 + 1");
    }
}
