//! A digit model's parameters as its PyTorch module names them (`state_dict`), for weights files:
//! the linear model is the book's `nn.Linear(28*28, 1)` (`weight`, `bias`); the others are
//! `nn.Sequential`s, numbered as PyTorch numbers their layers (each convolution is Conv2d, ReLU,
//! MaxPool2d; then Flatten; each dense layer Linear, then ReLU between two).

use super::Pair;
use super::inference::{Conv, Dense, PlainNet};
use super::task::{KERNEL, ModelKind, pooled_side};
use crate::mnist::{PIXELS, SIDE};
use crate::parameters::ParameterCount;
use crate::weights::{self, Tensor};

/// The module index of each convolution and of each dense layer, in order.
fn indices(convs: usize, layers: usize) -> (Vec<usize>, Vec<usize>) {
    let flatten = usize::from(convs > 0);
    (
        (0..convs).map(|i| 3 * i).collect(),
        (0..layers).map(|j| 3 * convs + flatten + 2 * j).collect(),
    )
}

/// `weight` and `bias` of the module at `index`, or of the model itself when it is one layer.
fn names(index: Option<usize>) -> (String, String) {
    match index {
        Some(i) => (format!("{i}.weight"), format!("{i}.bias")),
        None => ("weight".into(), "bias".into()),
    }
}

/// The net's parameters, named and shaped as PyTorch holds them (a dense layer's weight is
/// `[outputs, inputs]`, the transpose of ours).
pub fn state_dict(net: &PlainNet) -> Vec<Tensor> {
    let single = net.convs.is_empty() && net.layers.len() == 1;
    let (conv_at, dense_at) = indices(net.convs.len(), net.layers.len());
    let mut tensors = Vec::new();
    for (conv, &i) in net.convs.iter().zip(&conv_at) {
        let (weight, bias) = names(Some(i));
        let shape = vec![conv.outputs, conv.inputs, conv.kernel, conv.kernel];
        tensors.push(Tensor::new(weight, shape, conv.weight.clone()));
        tensors.push(Tensor::new(bias, vec![conv.outputs], conv.bias.clone()));
    }
    for (layer, &i) in net.layers.iter().zip(&dense_at) {
        let (weight, bias) = names((!single).then_some(i));
        let transposed = (0..layer.outputs)
            .flat_map(|o| (0..layer.inputs).map(move |i| layer.weight[i * layer.outputs + o]))
            .collect();
        tensors.push(Tensor::new(
            weight,
            vec![layer.outputs, layer.inputs],
            transposed,
        ));
        tensors.push(Tensor::new(bias, vec![layer.outputs], layer.bias.clone()));
    }
    tensors
}

/// Every tensor `kind` has with `hidden` units, named and shaped as [`state_dict`] writes them.
pub fn wanted(kind: ModelKind, hidden: usize) -> Vec<(String, Vec<usize>)> {
    let outputs = kind.outputs();
    let [first, second] = ModelKind::FILTERS;
    let (convs, dense): (Vec<[usize; 2]>, Vec<[usize; 2]>) = match kind {
        ModelKind::Linear => (vec![], vec![[PIXELS, 1]]),
        ModelKind::SimpleNet | ModelKind::AllDigits => {
            (vec![], vec![[PIXELS, hidden], [hidden, outputs]])
        }
        ModelKind::Convolutional => {
            let side = pooled_side(pooled_side(SIDE));
            (
                vec![[1, first], [first, second]],
                vec![[second * side * side, hidden], [hidden, outputs]],
            )
        }
    };
    let single = kind == ModelKind::Linear;
    let (conv_at, dense_at) = indices(convs.len(), dense.len());
    let mut all = Vec::new();
    for ([inputs, outputs], i) in convs.into_iter().zip(conv_at) {
        let (weight, bias) = names(Some(i));
        all.push((weight, vec![outputs, inputs, KERNEL, KERNEL]));
        all.push((bias, vec![outputs]));
    }
    for ([inputs, outputs], i) in dense.into_iter().zip(dense_at) {
        let (weight, bias) = names((!single).then_some(i));
        all.push((weight, vec![outputs, inputs]));
        all.push((bias, vec![outputs]));
    }
    all
}

/// How many parameters `kind` has with `hidden` units, tensor by tensor.
pub fn parameters(kind: ModelKind, hidden: usize) -> ParameterCount {
    let shapes = wanted(kind, hidden);
    ParameterCount::of_shapes(shapes.iter().map(|(_, shape)| shape.as_slice()))
}

/// Which of the lab's models a file's tensors are meant to be, and with how many hidden units,
/// read from the names and shapes of its first layers; `Err` when it is none of them.
fn guess(tensors: &[Tensor]) -> Result<(ModelKind, usize), String> {
    let shape = |name: &str| {
        tensors
            .iter()
            .find(|t| t.name == name)
            .map(|t| &t.shape[..])
    };
    if shape("weight").is_some() {
        return Ok((ModelKind::Linear, 0));
    }
    match shape("0.weight") {
        Some([_, _, _, _]) => {
            let (_, dense) = indices(2, 1);
            match shape(&format!("{}.weight", dense[0])) {
                Some(&[hidden, _]) => Ok((ModelKind::Convolutional, hidden)),
                _ => Ok((ModelKind::Convolutional, 0)),
            }
        }
        Some(&[hidden, _]) => match shape("2.weight") {
            Some(&[10, _]) => Ok((ModelKind::AllDigits, hidden)),
            _ => Ok((ModelKind::SimpleNet, hidden)),
        },
        _ => Err(
            "These are not the weights of one of the Digits lab's models: there is no tensor \"weight\" or \"0.weight\"."
                .into(),
        ),
    }
}

/// The digit model a weights file holds, when its tensors are one of the lab's models'; `Err`
/// names the tensor and shape that are not. A file holds no digits' names: a one-output model is
/// read as telling `pair` apart.
pub fn from_state_dict(tensors: Vec<Tensor>, pair: Pair) -> Result<(ModelKind, PlainNet), String> {
    let (kind, hidden) = guess(&tensors)?;
    let mut taken = weights::take(tensors, &wanted(kind, hidden))?.into_iter();
    let mut weight_and_bias = || {
        (
            taken
                .next()
                .unwrap_or_else(|| Tensor::new("", vec![], vec![])),
            taken.next(),
        )
    };
    let convs: usize = if kind == ModelKind::Convolutional {
        2
    } else {
        0
    };
    let layers = if kind == ModelKind::Linear { 1 } else { 2 };
    let mut conv_layers = Vec::new();
    for _ in 0..convs {
        let (weight, bias) = weight_and_bias();
        conv_layers.push(Conv {
            inputs: weight.shape[1],
            outputs: weight.shape[0],
            kernel: weight.shape[2],
            weight: weight.values,
            bias: bias.map(|b| b.values).unwrap_or_default(),
        });
    }
    let mut dense = Vec::new();
    for _ in 0..layers {
        let (weight, bias) = weight_and_bias();
        let (outputs, inputs) = (weight.shape[0], weight.shape[1]);
        let transposed = (0..inputs)
            .flat_map(|i| (0..outputs).map(move |o| (i, o)))
            .map(|(i, o)| weight.values[o * inputs + i])
            .collect();
        dense.push(Dense {
            inputs,
            outputs,
            weight: transposed,
            bias: bias.map(|b| b.values).unwrap_or_default(),
        });
    }
    let net = PlainNet::new(kind.task(pair), conv_layers, dense).map_err(|e| e.to_string())?;
    Ok((kind, net))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::weights::{read, write};

    /// A net of `kind` with `hidden` units whose every parameter differs.
    fn net(kind: ModelKind, hidden: usize) -> PlainNet {
        let mut next = 0.0f32;
        let mut values = |n: usize| {
            (0..n)
                .map(|_| {
                    next += 1e-3;
                    next
                })
                .collect::<Vec<_>>()
        };
        let wanted = wanted(kind, hidden);
        let mut convs = Vec::new();
        let mut layers = Vec::new();
        for pair in wanted.chunks(2) {
            let shape = &pair[0].1;
            match shape.len() {
                4 => convs.push(Conv {
                    inputs: shape[1],
                    outputs: shape[0],
                    kernel: shape[2],
                    weight: values(shape.iter().product()),
                    bias: values(shape[0]),
                }),
                _ => layers.push(Dense {
                    inputs: shape[1],
                    outputs: shape[0],
                    weight: values(shape[0] * shape[1]),
                    bias: values(shape[0]),
                }),
            }
        }
        PlainNet::new(kind.task(Pair::BOOK), convs, layers).unwrap()
    }

    #[test]
    fn every_model_round_trips_through_a_weights_file() {
        for (kind, hidden) in [
            (ModelKind::Linear, 0),
            (ModelKind::SimpleNet, 30),
            (ModelKind::AllDigits, 64),
            (ModelKind::Convolutional, 64),
        ] {
            let original = net(kind, hidden);
            let bytes = write(&state_dict(&original));
            let (read_kind, read_net) = from_state_dict(read(&bytes).unwrap(), Pair::BOOK).unwrap();
            assert_eq!((read_kind, &read_net), (kind, &original), "{kind:?}");
        }
    }

    #[test]
    fn names_and_shapes_are_pytorchs() {
        let shapes = |kind, hidden| {
            wanted(kind, hidden)
                .into_iter()
                .map(|(n, s)| format!("{n}{s:?}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(shapes(ModelKind::Linear, 0), "weight[1, 784] bias[1]");
        assert_eq!(
            shapes(ModelKind::SimpleNet, 30),
            "0.weight[30, 784] 0.bias[30] 2.weight[1, 30] 2.bias[1]"
        );
        assert_eq!(
            shapes(ModelKind::Convolutional, 64),
            "0.weight[16, 1, 5, 5] 0.bias[16] 3.weight[32, 16, 5, 5] 3.bias[32] 7.weight[64, 512] 7.bias[64] 9.weight[10, 64] 9.bias[10]"
        );
        // PyTorch's [outputs, inputs]: weight[o][i] is our weight[i][o].
        let original = net(ModelKind::SimpleNet, 30);
        let dict = state_dict(&original);
        assert_eq!(
            dict[0].values[784 + 2],
            original.layers[0].weight[2 * 30 + 1]
        );
    }

    #[test]
    fn parameter_counts_are_the_books_and_every_number_the_model_holds() {
        let simple_net = parameters(ModelKind::SimpleNet, 30);
        assert_eq!(simple_net.total, 23_581);
        assert_eq!(simple_net.formula, "784·30 + 30 + 30·1 + 1");
        let cnn = parameters(ModelKind::Convolutional, 64);
        assert_eq!(cnn.total, 46_730);
        assert_eq!(
            cnn.formula,
            "5·5·1·16 + 16 + 5·5·16·32 + 32 + 512·64 + 64 + 64·10 + 10"
        );
        assert_eq!(parameters(ModelKind::Linear, 0).total, 785);
        for (kind, hidden) in [(ModelKind::AllDigits, 17), (ModelKind::Convolutional, 9)] {
            let held: usize = state_dict(&net(kind, hidden))
                .iter()
                .map(|t| t.values.len())
                .sum();
            assert_eq!(parameters(kind, hidden).total, held, "{kind:?}");
        }
    }

    #[test]
    fn a_file_of_another_shape_is_refused_naming_the_tensor() {
        let mut dict = state_dict(&net(ModelKind::SimpleNet, 30));
        dict[2].shape = vec![1, 31];
        assert_eq!(
            from_state_dict(dict, Pair::BOOK),
            Err("Tensor \"2.weight\" has shape [1, 31]; this model needs [1, 30].".into())
        );
        let mut dict = state_dict(&net(ModelKind::Convolutional, 16));
        dict.retain(|t| t.name != "3.bias");
        assert_eq!(
            from_state_dict(dict, Pair::BOOK),
            Err("Tensor \"3.bias\" is missing.".into())
        );
        let other = vec![Tensor::new("fc.weight", vec![2, 2], vec![0.0; 4])];
        assert!(
            from_state_dict(other, Pair::BOOK)
                .unwrap_err()
                .contains("not the weights of one of")
        );
    }
}
