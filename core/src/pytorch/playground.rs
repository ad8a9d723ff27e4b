//! The Network playground as PyTorch: its points (the train and test halves the lab drew), the
//! chosen input features, an `nn.Sequential` of the hidden layers and activation, the loss,
//! regularisation, optimizer, schedule, batches from a `DataLoader` and early stopping.

use super::{LOAD_WEIGHTS, SAVE_WEIGHTS, float, floats, optimizer, scheduler};
use crate::playground::{Activation, Dataset, Feature, PlaygroundLoss, Regularization, Setup};
use crate::weights::Tensor;

/// Batches the program plays when the lab plays until paused.
pub const UNENDING: usize = 1000;

/// The Python of one input feature, from columns `x1` and `x2`.
fn feature(feature: Feature) -> &'static str {
    match feature {
        Feature::X1 => "x1",
        Feature::X2 => "x2",
        Feature::X1Squared => "x1 * x1 / 6",
        Feature::X2Squared => "x2 * x2 / 6",
        Feature::X1X2 => "x1 * x2 / 6",
        Feature::SinX1 => "torch.sin(x1)",
        Feature::SinX2 => "torch.sin(x2)",
    }
}

/// The names of the network's parameters, as its `nn.Sequential` numbers its `Linear` layers:
/// each layer's weight `[outputs, inputs]` and bias.
pub fn parameter_names(hidden_layers: usize) -> Vec<(String, String)> {
    let spacing = 2;
    (0..=hidden_layers)
        .map(|i| {
            (
                format!("{}.weight", i * spacing),
                format!("{}.bias", i * spacing),
            )
        })
        .collect()
}

/// The network's parameters as its program's `state_dict` holds them, from the lab's picture of
/// it: each layer's weights (`[inputs × outputs]` there, `[outputs, inputs]` in PyTorch) and biases.
pub fn state_dict(weights: &[Vec<f32>], biases: &[Vec<f32>]) -> Vec<Tensor> {
    let names = parameter_names(weights.len().saturating_sub(1));
    let mut tensors = Vec::with_capacity(2 * weights.len());
    for ((weight, bias), (weight_name, bias_name)) in weights.iter().zip(biases).zip(names) {
        let outputs = bias.len().max(1);
        let inputs = weight.len() / outputs;
        let transposed = (0..outputs)
            .flat_map(|o| (0..inputs).map(move |i| weight[i * outputs + o]))
            .collect();
        tensors.push(Tensor::new(weight_name, vec![outputs, inputs], transposed));
        tensors.push(Tensor::new(bias_name, vec![outputs], bias.clone()));
    }
    tensors
}

fn activation(activation: Activation) -> Option<&'static str> {
    match activation {
        Activation::Relu => Some("nn.ReLU()"),
        Activation::Tanh => Some("nn.Tanh()"),
        Activation::Sigmoid => Some("nn.Sigmoid()"),
        // Kept as a layer so the parameters' names stay those of the other activations.
        Activation::Linear => Some("nn.Identity()"),
    }
}

/// The program for `setup` on `data` (the points the lab drew, the first `data.train` to train
/// on), as a `.py` file's text.
pub fn program(setup: &Setup, data: &Dataset) -> String {
    let network = &setup.network;
    let classify = !setup.is_regression();
    let widths: Vec<usize> = std::iter::once(network.features.len())
        .chain(network.hidden.iter().copied())
        .chain([1])
        .collect();
    let mut layers = Vec::new();
    for (i, pair) in widths.windows(2).enumerate() {
        layers.push(format!("    nn.Linear({}, {}),", pair[0], pair[1]));
        if i + 2 < widths.len() {
            layers.extend(activation(network.activation).map(|a| format!("    {a},")));
        }
    }
    let loss = match (classify, network.loss) {
        (true, PlaygroundLoss::CrossEntropy) => {
            "loss_fn = nn.BCEWithLogitsLoss()  # binary cross-entropy of the output logit"
        }
        (true, PlaygroundLoss::Mse) => {
            "def loss_fn(logits, targets):\n    \"\"\"Squared error of the class-1 probability.\"\"\"\n    return ((logits.sigmoid() - targets) ** 2).mean()"
        }
        (false, _) => "loss_fn = nn.MSELoss()  # the values are regressed",
    };
    let penalty = match network.regularization {
        Regularization::None => "    return 0.0  # no regularisation".to_string(),
        kind => format!(
            "    weights = [m.weight for m in model if isinstance(m, nn.Linear)]\n    return {} * sum({} for w in weights)",
            float(network.regularization_rate),
            match kind {
                Regularization::L1 => "w.abs().sum()",
                _ => "(w**2).sum()",
            }
        ),
    };
    let (batches, batches_note) = match setup.stop_after {
        0 => (
            UNENDING,
            "the lab plays until paused; a program needs an end".to_string(),
        ),
        n => (n, "the lab's \"stop after\"".to_string()),
    };
    let (scheduler_lines, scheduler_step) = match setup.stop_after {
        0 => (String::new(), ""),
        _ => match scheduler(setup.schedule, "batches") {
            Some(lines) => (format!("{lines}\n"), "\n        scheduler.step()"),
            None => (String::new(), ""),
        },
    };
    let early_stopping = match setup.patience {
        0 => String::new(),
        p => format!(
            "\n        # Early stopping, as the lab's: back to the best network once the test loss has\n        # not improved for {p} batches.\n        if test_loss < best[0]:\n            best = (test_loss, copy.deepcopy(model.state_dict()), batch)\n        elif batch - best[2] >= {p}:\n            print(f\"early stopping: back to batch {{best[2]}}\")\n            model.load_state_dict(best[1])\n            break"
        ),
    };
    let features = network
        .features
        .iter()
        .map(|&f| feature(f))
        .collect::<Vec<_>>()
        .join(", ");
    let (points, targets): (Vec<f32>, Vec<f32>) = (
        data.points.iter().flatten().copied().collect(),
        data.targets.clone(),
    );
    let accuracy = match classify {
        true => {
            "\n    accuracy = ((model(test_x) > 0) == (test_y > 0.5)).float().mean().item()\n    print(f\"test accuracy: {accuracy:.9g}\")"
        }
        false => "",
    };
    format!(
        r#""""Descent's Network playground as a PyTorch program (Hands-On ML chapter 10).

{count} points ({train} to train on, the rest to test), inputs {inputs}, hidden layers
{hidden}, {activation_name} activation, {loss_name}{regularization}, {optimizer_name} at {lr}, batches of
{batch}. --full-batch --steps N takes N steps on the whole training half instead, and --init starts
from a weights file (the lab's), so the run can be checked against the lab's. Needs torch; --init
needs safetensors too.
"""

import argparse
import copy
import math

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

parser = argparse.ArgumentParser()
parser.add_argument("--init", help="start from these weights (.safetensors, as the lab exports them)")
parser.add_argument("--batches", type=int, default={batches})
parser.add_argument("--full-batch", action="store_true", help="each step on the whole training half")
parser.add_argument("--steps", type=int, default=10, help="steps, with --full-batch")
parser.add_argument("--save", help="save the trained weights here (.safetensors)")
args = parser.parse_args()
torch.manual_seed({seed})

# The lab's points (x1, x2) and their {target_kind}: the first {train} train, the rest test.
points = torch.tensor({points}).view(-1, 2)
targets = torch.tensor({targets}).unsqueeze(1)


def features(points):
    """The inputs the network sees, as the lab computes them."""
    x1, x2 = points[:, 0], points[:, 1]
    return torch.stack([{features}], dim=1)


train_x, train_y = features(points[:{train}]), targets[:{train}]
test_x, test_y = features(points[{train}:]), targets[{train}:]

model = nn.Sequential(
{layers}
)
{load_weights}

{loss}


def penalty():
{penalty}


optimizer = {optimizer}
batches = args.batches  # {batches_note}
{scheduler_lines}

def step(xb, yb):
    optimizer.zero_grad()
    loss = loss_fn(model(xb), yb)
    (loss + penalty()).backward()
    optimizer.step()
    return loss.item()


if args.full_batch:
    for n in range(args.steps):
        print(f"step {{n + 1}}: loss {{step(train_x, train_y):.9g}}")
else:
    train = DataLoader(TensorDataset(train_x, train_y), batch_size={batch}, shuffle=True)
    best, batch = (math.inf, None, 0), 0
    while batch < batches:
        for xb, yb in train:
            step(xb, yb){scheduler_step}
            batch += 1
            with torch.no_grad():
                test_loss = loss_fn(model(test_x), test_y).item(){early_stopping}
            if batch >= batches:
                break
        else:
            continue
        break

with torch.no_grad():
    print(f"train loss: {{loss_fn(model(train_x), train_y).item():.9g}}")
    print(f"test loss: {{loss_fn(model(test_x), test_y).item():.9g}}"){accuracy}

{save_weights}
"#,
        load_weights = LOAD_WEIGHTS,
        save_weights = SAVE_WEIGHTS,
        count = data.points.len(),
        train = data.train,
        inputs = features,
        hidden = match network.hidden.is_empty() {
            true => "none (one unit: a perceptron)".to_string(),
            false => format!("{:?}", network.hidden),
        },
        activation_name = crate::playground::setup::activation_key(network.activation),
        loss_name = match (classify, network.loss) {
            (true, PlaygroundLoss::CrossEntropy) => "binary cross-entropy",
            _ => "squared error",
        },
        regularization = match network.regularization {
            Regularization::None => String::new(),
            kind => format!(
                ", {} regularisation at {}",
                crate::playground::setup::regularization_key(kind).to_uppercase(),
                float(network.regularization_rate)
            ),
        },
        optimizer_name = setup.optimizer.name(),
        lr = float(setup.learning_rate),
        batch = setup.batch_size,
        seed = network.seed,
        target_kind = if classify {
            "classes (0 or 1)"
        } else {
            "values"
        },
        points = floats(&points, 8, ""),
        targets = floats(&targets, 8, ""),
        layers = layers.join("\n"),
        optimizer = optimizer(
            setup.optimizer,
            "model.parameters()",
            &float(setup.learning_rate)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::{DatasetSpec, setup::xor_preset};

    #[test]
    fn the_program_is_the_labs_network_and_points() {
        let mut setup = xor_preset(vec![4, 2]);
        setup.network.features = vec![Feature::X1, Feature::X1X2];
        setup.network.regularization = Regularization::L2;
        setup.network.regularization_rate = 0.003;
        let data = Dataset::generate(DatasetSpec {
            samples: 10,
            ..setup.data
        });
        let text = program(&setup, &data);
        for line in [
            "    nn.Linear(2, 4),",
            "    nn.Tanh(),",
            "    nn.Linear(2, 1),",
            "    return torch.stack([x1, x1 * x2 / 6], dim=1)",
            "    return 0.003 * sum((w**2).sum() for w in weights)",
            "loss_fn = nn.BCEWithLogitsLoss()  # binary cross-entropy of the output logit",
            "optimizer = torch.optim.SGD(model.parameters(), lr=0.1)",
        ] {
            assert!(text.lines().any(|l| l == line), "{line}\n{text}");
        }
        assert!(text.contains(&format!(
            "train_x, train_y = features(points[:{0}]), targets[:{0}]",
            data.train
        )));
        assert_eq!(parameter_names(2)[2], ("4.weight".into(), "4.bias".into()));
        // A 2→3 layer: the picture's [inputs × outputs] becomes PyTorch's [outputs, inputs].
        let dict = state_dict(
            &[vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]],
            &[vec![0.5, 0.25, 0.0]],
        );
        assert_eq!(dict[0].name, "0.weight");
        assert_eq!(dict[0].shape, vec![3, 2]);
        assert_eq!(dict[0].values, vec![1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
    }
}
