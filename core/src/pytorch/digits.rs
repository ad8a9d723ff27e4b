//! A rung of the Digits lab as PyTorch: MNIST read from its IDX files, the rung's model as the
//! book writes it (`nn.Linear`, `nn.Sequential`), its loss (`mnist_loss` for 3 vs 7,
//! cross-entropy for ten digits), optimizer, schedule, batches from a `DataLoader`, epochs and
//! early stopping.

use super::{LOAD_WEIGHTS, SAVE_WEIGHTS, float, optimizer, scheduler};
use crate::digits::{ModelKind, Pair, RungSettings, Task};
use crate::mnist::SIDE;

/// The model, as `model = …`.
fn model(kind: ModelKind, hidden: usize) -> String {
    let outputs = kind.outputs();
    let [first, second] = ModelKind::FILTERS;
    let k = crate::digits::KERNEL;
    let side = crate::digits::pooled_side(crate::digits::pooled_side(SIDE));
    match kind {
        ModelKind::Linear => "model = nn.Linear(28 * 28, 1)".into(),
        ModelKind::SimpleNet | ModelKind::AllDigits => format!(
            "model = nn.Sequential(\n    nn.Linear(28 * 28, {hidden}),\n    nn.ReLU(),\n    nn.Linear({hidden}, {outputs}),\n)"
        ),
        ModelKind::Convolutional => format!(
            "model = nn.Sequential(\n    nn.Conv2d(1, {first}, {k}),\n    nn.ReLU(),\n    nn.MaxPool2d(2),\n    nn.Conv2d({first}, {second}, {k}),\n    nn.ReLU(),\n    nn.MaxPool2d(2),\n    nn.Flatten(),\n    nn.Linear({second} * {side} * {side}, {hidden}),\n    nn.ReLU(),\n    nn.Linear({hidden}, {outputs}),\n)"
        ),
    }
}

/// The training and validation images of the pair's two digits, the first's target 1.
fn two_digits(pair: Pair) -> String {
    let (first, second) = (pair.first(), pair.second());
    let origin = match pair {
        Pair::BOOK => "as the book starts".to_string(),
        _ => "the book starts with 3 versus 7".to_string(),
    };
    format!(
        "# {first} versus {second} ({origin}): the training set's {first}s and {second}s, checked on the test set's.\ndef two_digits(images, labels):\n    keep = (labels == {first}) | (labels == {second})\n    return images[keep], (labels[keep] == {first}).float().unsqueeze(1)\n\n\ntrain_x, train_y = two_digits(*load(\"train\"))\nvalid_x, valid_y = two_digits(*load(\"t10k\"))"
    )
}

/// The program for rung `kind` with its `settings` (and the digits it tells apart, when it tells
/// two apart), as a `.py` file's text.
pub fn program(kind: ModelKind, settings: &RungSettings, pair: Pair) -> String {
    let (data, loss, accuracy) = match kind.task(pair) {
        Task::Pair(pair) => (
            two_digits(pair),
            "def loss_fn(logits, targets):\n    \"\"\"The book's mnist_loss: how far each prediction is from its target.\"\"\"\n    predictions = logits.sigmoid()\n    return torch.where(targets == 1, 1 - predictions, predictions).mean()",
            "def accuracy(logits, targets):\n    return ((logits.sigmoid() > 0.5).float() == targets).float().mean().item()",
        ),
        Task::AllDigits => (
            "# All ten digits: 60,000 to train on, the 10,000 test images to check.\ntrain_x, train_y = load(\"train\")\nvalid_x, valid_y = load(\"t10k\")".into(),
            "loss_fn = nn.functional.cross_entropy",
            "def accuracy(logits, targets):\n    return (logits.argmax(1) == targets).float().mean().item()",
        ),
    };
    let flat = match kind {
        ModelKind::Convolutional => "images.view(-1, 1, 28, 28)",
        _ => "images.view(-1, 28 * 28)",
    };
    let augment = match settings.augment {
        true => {
            "\n# The lab trains this rung on distorted digits (rotated, scaled, sheared, shifted, strokes\n# thickened or thinned, afresh each epoch); this program trains on the digits as they are.\n"
        }
        false => "",
    };
    let schedule = settings.schedule;
    let (scheduler_lines, scheduler_step) = match scheduler(schedule, "total_batches") {
        Some(lines) => (format!("{lines}\n"), "\n            scheduler.step()"),
        None => (String::new(), ""),
    };
    let patience = settings.patience;
    let early_stopping = match patience {
        0 => "    # No early stopping: the lab's patience is 0 (off).".to_string(),
        p => format!(
            "    # Early stopping, as the lab's: stop once the validation loss has not improved for\n    # {p} epoch(s), and go back to the weights where it was lowest.\n    if valid_loss < best[0]:\n        best = (valid_loss, copy.deepcopy(model.state_dict()), epoch)\n    elif epoch - best[2] >= {p}:\n        print(f\"early stopping: back to epoch {{best[2]}}\")\n        break\nif best[1] is not None:\n    model.load_state_dict(best[1])"
        ),
    };
    format!(
        r#""""Descent's Digits lab, rung "{key}" ({shape}), as a PyTorch program (fastbook chapter 4).

Reads MNIST from its IDX files (gzip'd or not) in --mnist, then trains as the lab's rung does:
{epochs} epoch(s) of batches of {batch} from a DataLoader, {optimizer_name} at {lr}{schedule_note}.
--full-batch --steps N takes N steps on the whole training set instead, and --init starts from a
weights file (the lab's "Download weights"), so the run can be checked against the lab's step for
step. Needs torch and numpy; --init needs safetensors too.
"""

import argparse
import copy
import gzip
import math
import struct
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

parser = argparse.ArgumentParser()
parser.add_argument("--mnist", default="mnist", help="the folder of MNIST's four IDX files")
parser.add_argument("--init", help="start from these weights (.safetensors)")
parser.add_argument("--epochs", type=int, default={epochs})
parser.add_argument("--full-batch", action="store_true", help="each step on the whole training set")
parser.add_argument("--steps", type=int, default=10, help="steps, with --full-batch")
parser.add_argument("--save", help="save the trained weights here (.safetensors)")
args = parser.parse_args()
torch.manual_seed({seed})


def idx(path):
    """An IDX file as a numpy array: magic, dimension sizes, then the bytes."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4 : 4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(split):
    folder = Path(args.mnist)
    found = lambda name: next(folder.glob(name + "*"))
    images = torch.from_numpy(idx(found(f"{{split}}-images-idx3-ubyte")).astype(np.float32) / 255)
    labels = torch.from_numpy(idx(found(f"{{split}}-labels-idx1-ubyte")).astype(np.int64))
    return {flat}, labels


{data}
{augment}
{model}
{load_weights}


{loss}


{accuracy}


optimizer = {optimizer}
train = DataLoader(TensorDataset(train_x, train_y), batch_size={batch}, shuffle=True)
total_batches = args.epochs * len(train)
{scheduler_lines}

def validate():
    with torch.no_grad():
        logits = model(valid_x)
        return loss_fn(logits, valid_y).item(), accuracy(logits, valid_y)


if args.full_batch:
    for step in range(args.steps):
        optimizer.zero_grad()
        loss = loss_fn(model(train_x), train_y)
        loss.backward()
        optimizer.step()
        print(f"step {{step + 1}}: loss {{loss.item():.9g}}")
else:
    best = (math.inf, None, 0)
    for epoch in range(1, args.epochs + 1):
        for xb, yb in train:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step(){scheduler_step}
        valid_loss, valid_accuracy = validate()
        print(f"epoch {{epoch}}: validation loss {{valid_loss:.4f}}, accuracy {{valid_accuracy:.4f}}")
{early_stopping}

valid_loss, valid_accuracy = validate()
print(f"loss: {{valid_loss:.9g}}")
print(f"accuracy: {{valid_accuracy:.9g}}")

{save_weights}
"#,
        load_weights = LOAD_WEIGHTS,
        save_weights = SAVE_WEIGHTS,
        key = kind.key(),
        shape = kind.shape(settings.hidden),
        epochs = settings.epochs,
        batch = settings.batch_size,
        optimizer_name = settings.optimizer.name(),
        lr = float(settings.learning_rate),
        schedule_note = match schedule {
            crate::schedules::Schedule::Constant => String::new(),
            s => format!(", schedule {}", s.name().to_lowercase()),
        },
        seed = settings.seed,
        model = model(kind, settings.hidden),
        optimizer = optimizer(
            settings.optimizer,
            "model.parameters()",
            &float(settings.learning_rate)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedules::Schedule;

    #[test]
    fn each_rung_is_the_books_model_with_its_settings() {
        let linear = program(
            ModelKind::Linear,
            &RungSettings::of(ModelKind::Linear),
            Pair::BOOK,
        );
        assert!(linear.contains("\nmodel = nn.Linear(28 * 28, 1)\n"));
        assert!(linear.contains("keep = (labels == 3) | (labels == 7)"));
        assert!(linear.contains("(labels[keep] == 3).float()"));
        assert!(linear.contains("torch.optim.SGD(model.parameters(), lr=1.0)"));
        assert!(
            linear
                .contains("return torch.where(targets == 1, 1 - predictions, predictions).mean()")
        );
        let mut settings = RungSettings::of(ModelKind::Convolutional);
        settings.schedule = Schedule::ONE_CYCLE;
        settings.patience = 2;
        let cnn = program(ModelKind::Convolutional, &settings, Pair::BOOK);
        assert!(cnn.contains("    nn.Linear(32 * 4 * 4, 64),\n"), "{cnn}");
        assert!(cnn.contains("loss_fn = nn.functional.cross_entropy"));
        assert!(cnn.contains("torch.optim.lr_scheduler.LambdaLR(optimizer, one_cycle)"));
        assert!(cnn.contains("batch_size=64, shuffle=True"));
        assert!(cnn.contains("    elif epoch - best[2] >= 2:"));
        let simple = program(
            ModelKind::SimpleNet,
            &RungSettings {
                hidden: 17,
                ..RungSettings::of(ModelKind::SimpleNet)
            },
            Pair::new(2, 4).unwrap(),
        );
        assert!(
            simple.contains("    nn.Linear(28 * 28, 17),\n    nn.ReLU(),\n    nn.Linear(17, 1),\n")
        );
        // Another pair: its digits are kept, and the first is the one the output says yes to.
        assert!(simple.contains("# 2 versus 4 (the book starts with 3 versus 7)"));
        assert!(simple.contains("keep = (labels == 2) | (labels == 4)"));
        assert!(simple.contains("(labels[keep] == 2).float()"));
    }
}
