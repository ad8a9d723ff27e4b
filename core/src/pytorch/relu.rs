//! The ReLU lab as PyTorch: its units as a `torch.nn.Module` with one parameter per column of
//! numbers (`m`, `b`, `a`, and the constant `c`), fitted to the lab's target as its Fit does.

use super::{LOAD_WEIGHTS, SAVE_WEIGHTS, float, floats, optimizer};
use crate::Points;
use crate::optimizers::Optimizer;
use crate::relu::ReluSum;
use crate::weights::Tensor;
use serde::{Deserialize, Serialize};

/// What the program fits: the lab's units, from where they are, to its target's points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReluRun {
    pub points: Points,
    pub start: ReluSum,
    pub optimizer: Optimizer,
    pub learning_rate: f32,
    pub steps: usize,
}

/// The units' parameters as the program's `state_dict` names them: the tensors of a weights file.
pub fn state_dict(sum: &ReluSum) -> Vec<Tensor> {
    let column = |name, f: fn(&crate::relu::Hinge) -> f32| {
        let values: Vec<f32> = sum.hinges.iter().map(f).collect();
        Tensor::new(name, vec![values.len()], values)
    };
    vec![
        column("m", |h| h.m),
        column("b", |h| h.b),
        column("a", |h| h.a),
        Tensor::new("c", vec![1], vec![sum.c]),
    ]
}

/// The program, as a `.py` file's text.
pub fn program(run: &ReluRun) -> String {
    let column = |f: fn(&crate::relu::Hinge) -> f32| {
        floats(
            &run.start.hinges.iter().map(f).collect::<Vec<_>>(),
            8,
            "        ",
        )
    };
    format!(
        r#""""Descent's ReLU lab as a PyTorch program (fast.ai lesson 3: any function from ReLUs).

y = c + sum_i a_i * max(0, m_i * x + b_i): {units} units fitted to the lab's {count} points by
gradient descent on the MSE, all at once, as the lab's Fit does. Needs torch; --init needs
safetensors too (pip install safetensors).
"""

import argparse

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--init", help="start from these weights (.safetensors, as the lab exports them)")
parser.add_argument("--steps", type=int, default={steps}, help="steps of gradient descent")
parser.add_argument("--save", help="save the trained weights here (.safetensors)")
args = parser.parse_args()

# The target's points.
x = torch.tensor({xs})
y = torch.tensor({ys})


class ReluSum(torch.nn.Module):
    """A 1-{units}-1 network: each unit max(0, m*x + b), weighted by a, summed, plus c."""

    def __init__(self):
        super().__init__()
        # The units as they are in the lab.
        self.m = torch.nn.Parameter(torch.tensor({m}))
        self.b = torch.nn.Parameter(torch.tensor({b}))
        self.a = torch.nn.Parameter(torch.tensor({a}))
        self.c = torch.nn.Parameter(torch.tensor([{c}]))

    def forward(self, x):
        return (self.a * torch.relu(x[:, None] * self.m + self.b)).sum(1) + self.c


model = ReluSum()
{load_weights}
optimizer = {optimizer}

for step in range(args.steps):
    optimizer.zero_grad()
    loss = ((model(x) - y) ** 2).mean()
    loss.backward()
    optimizer.step()

with torch.no_grad():
    print(f"mse: {{((model(x) - y) ** 2).mean().item():.9g}}")
    for name, values in model.state_dict().items():
        print(f"{{name}}: {{' '.join(f'{{v:.9g}}' for v in values.tolist())}}")

{save_weights}
"#,
        load_weights = LOAD_WEIGHTS,
        save_weights = SAVE_WEIGHTS,
        units = run.start.hinges.len(),
        count = run.points.len(),
        steps = run.steps,
        xs = floats(&run.points.xs, 8, ""),
        ys = floats(&run.points.ys, 8, ""),
        m = column(|h| h.m),
        b = column(|h| h.b),
        a = column(|h| h.a),
        c = float(run.start.c),
        optimizer = optimizer(
            run.optimizer,
            "model.parameters()",
            &float(run.learning_rate)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::relu::{FIT_STEPS, ReluSetup, TargetCurve};

    #[test]
    fn the_program_holds_the_labs_units_and_fit() {
        let setup = ReluSetup::default();
        let text = program(&ReluRun {
            points: TargetCurve::Sine.points(3),
            start: setup.sum.clone(),
            optimizer: setup.optimizer,
            learning_rate: setup.learning_rate,
            steps: FIT_STEPS,
        });
        for line in [
            "x = torch.tensor([-2.0, 0.0, 2.0])",
            "        self.m = torch.nn.Parameter(torch.tensor([-2.0, 2.0]))",
            "        self.c = torch.nn.Parameter(torch.tensor([0.0]))",
            "optimizer = torch.optim.Adam(model.parameters(), lr=0.02, betas=(0.9, 0.999), eps=0.0000001)",
            "parser.add_argument(\"--steps\", type=int, default=2000, help=\"steps of gradient descent\")",
        ] {
            assert!(text.lines().any(|l| l == line), "{line}\n{text}");
        }
        let names: Vec<_> = state_dict(&setup.sum)
            .into_iter()
            .map(|t| format!("{}{:?}", t.name, t.shape))
            .collect();
        assert_eq!(names, ["m[2]", "b[2]", "a[2]", "c[1]"]);
    }
}
