//! The Titanic lab as PyTorch: `train.csv` cleaned as the lab cleans it (modes for the missing
//! values, log(fare + 1), dummy columns, each column over its maximum), the lab's 80/20 split,
//! and the model as an `nn.Sequential` trained by full-batch gradient descent on the mean
//! absolute error, as the notebook does.

use super::{LOAD_WEIGHTS, SAVE_WEIGHTS, float};
use crate::titanic::{COLUMNS, ModelKind};

/// The model, as `model = …`; its `Linear` layers are numbered 0, 2, 4 … as the playground's.
fn model(kind: ModelKind) -> String {
    let widths: Vec<usize> = std::iter::once(COLUMNS.len())
        .chain(kind.hidden().iter().copied())
        .chain([1])
        .collect();
    let mut layers = Vec::new();
    for (i, pair) in widths.windows(2).enumerate() {
        layers.push(format!("    nn.Linear({}, {}),", pair[0], pair[1]));
        layers.push(match i + 2 < widths.len() {
            true => "    nn.ReLU(),".into(),
            false => "    nn.Sigmoid(),".into(),
        });
    }
    format!("model = nn.Sequential(\n{}\n)", layers.join("\n"))
}

/// The program training `kind` for `epochs` at `learning_rate`, validating on the rows `valid`
/// (their places in the file), as a `.py` file's text.
pub fn program(kind: ModelKind, epochs: usize, learning_rate: f32, valid: &[usize]) -> String {
    let valid: Vec<String> = valid.iter().map(usize::to_string).collect();
    let valid_rows = valid
        .chunks(16)
        .map(|c| c.join(", "))
        .collect::<Vec<_>>()
        .join(",\n    ");
    format!(
        r#""""Descent's Titanic lab, "{name}" ({shape}), as a PyTorch program (fast.ai lesson 3,
"Linear model and neural net from scratch").

Cleans Kaggle's train.csv as the lab does, keeps the lab's validation passengers apart, and
trains by full-batch gradient descent on the mean absolute error: {epochs} epoch(s) at rate
{lr}. --init starts from a weights file (the lab's "Download weights"). Needs torch; --init needs
safetensors too.
"""

import argparse
import csv
import math
from collections import Counter

import torch
from torch import nn

parser = argparse.ArgumentParser()
parser.add_argument("--csv", default="train.csv", help="Kaggle's Titanic train.csv")
parser.add_argument("--init", help="start from these weights (.safetensors)")
parser.add_argument("--epochs", type=int, default={epochs})
parser.add_argument("--save", help="save the trained weights here (.safetensors)")
args = parser.parse_args()
torch.manual_seed(42)

with open(args.csv, newline="") as file:
    passengers = list(csv.DictReader(file))


def mode(values, order=None):
    """The most common value; on a tie the smallest (or the first of `order`), as pandas' mode()."""
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], order.index(v) if order else v))


def number(text):
    return float(text) if text.strip() else None


ages = [number(p["Age"]) for p in passengers]
fares = [number(p["Fare"]) for p in passengers]
ports = [p["Embarked"].strip() or None for p in passengers]
age_mode = mode([a for a in ages if a is not None])
fare_mode = mode([f for f in fares if f is not None])
port_mode = mode([e for e in ports if e is not None], order=["C", "Q", "S"])


def row(p, age, fare, port):
    """The columns {columns}, before scaling."""
    return [
        age,
        float(p["SibSp"]),
        float(p["Parch"]),
        math.log(fare + 1),
        float(p["Sex"] == "male"),
        float(p["Sex"] == "female"),
        *(float(p["Pclass"] == c) for c in "123"),
        *(float(port == c) for c in "CQS"),
    ]


rows = torch.tensor(
    [
        row(p, a if a is not None else age_mode, f if f is not None else fare_mode, e or port_mode)
        for p, a, f, e in zip(passengers, ages, fares, ports)
    ]
)
maxima = rows.max(0).values
x = rows / torch.where(maxima > 0, maxima, torch.ones_like(maxima))
y = torch.tensor([float(p["Survived"]) for p in passengers])

# The lab's 80/20 split: these rows (by their place in the file) validate, the rest train.
valid_rows = [
    {valid_rows}
]
is_valid = torch.zeros(len(passengers), dtype=torch.bool)
is_valid[valid_rows] = True
train_x, train_y = x[~is_valid], y[~is_valid]
valid_x, valid_y = x[is_valid], y[is_valid]

{model}
{load_weights}


def mae(x, y):
    return (model(x).squeeze(1) - y).abs().mean()


optimizer = torch.optim.SGD(model.parameters(), lr={lr})
for epoch in range(args.epochs):
    optimizer.zero_grad()
    loss = mae(train_x, train_y)
    loss.backward()
    optimizer.step()
    print(f"epoch {{epoch + 1}}: loss {{loss.item():.9g}}")

with torch.no_grad():
    accuracy = ((model(valid_x).squeeze(1) > 0.5) == (valid_y > 0.5)).float().mean().item()
    print(f"train loss: {{mae(train_x, train_y).item():.9g}}")
    print(f"valid loss: {{mae(valid_x, valid_y).item():.9g}}")
    print(f"accuracy: {{accuracy:.9g}}")

{save_weights}
"#,
        load_weights = LOAD_WEIGHTS,
        save_weights = SAVE_WEIGHTS,
        name = kind.name(),
        shape = kind.shape(),
        lr = float(learning_rate),
        columns = COLUMNS.join(", "),
        model = model(kind),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_model_is_the_notebooks() {
        let (_, valid) = crate::titanic::split(891, crate::titanic::SEED);
        assert_eq!(valid.len(), 178);
        let deep = program(ModelKind::Deep, 30, 4.0, &valid);
        assert!(deep.contains("model = nn.Sequential(\n    nn.Linear(12, 10),\n    nn.ReLU(),\n    nn.Linear(10, 10),\n    nn.ReLU(),\n    nn.Linear(10, 1),\n    nn.Sigmoid(),\n)"), "{deep}");
        assert!(deep.contains("optimizer = torch.optim.SGD(model.parameters(), lr=4.0)"));
        assert!(deep.contains(&format!("    {}, {},", valid[0], valid[1])));
        let linear = program(ModelKind::Linear, 30, 100.0, &valid);
        assert!(
            linear.contains("model = nn.Sequential(\n    nn.Linear(12, 1),\n    nn.Sigmoid(),\n)")
        );
    }
}
