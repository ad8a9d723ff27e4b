//! The Quadratic lab as PyTorch: the lesson's `quad`, `mse` and hand-written descent loop over
//! the lab's points, from where Step and Train started, for the steps they took; then the
//! optimizer race with `torch.optim`.

use super::{float, floats, optimizer};
use crate::Points;
use crate::quadratic::{Coefficients, LossKind, Racer};
use serde::{Deserialize, Serialize};

/// Steps the program takes while the lab has taken none from its point.
pub const UNSTEPPED: usize = 30;

/// What the program does: the lab's run and its race.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuadraticRun {
    pub points: Points,
    pub loss: LossKind,
    /// Where Step and Train started: the point set by hand last.
    pub start: Coefficients,
    pub learning_rate: f32,
    /// Steps taken from `start`.
    pub steps: usize,
    /// The lesson's bug: the gradient is never zeroed.
    pub forget_zero_grad: bool,
    /// Where the race starts: the lab's point now.
    pub race_from: Coefficients,
    pub racers: Vec<Racer>,
    pub race_steps: usize,
}

fn coefficients(c: Coefficients) -> String {
    floats(&c.to_array(), 3, "")
}

/// The program, as a `.py` file's text.
pub fn program(run: &QuadraticRun) -> String {
    let loss = match run.loss {
        LossKind::Mse => "mse",
        LossKind::Mae => "mae",
    };
    let loss_def = match run.loss {
        LossKind::Mse => "def mse(preds, targets):\n    return ((preds - targets) ** 2).mean()",
        LossKind::Mae => "def mae(preds, targets):\n    return (preds - targets).abs().mean()",
    };
    let (steps, steps_note) = match run.steps {
        0 => (
            UNSTEPPED,
            "the lab has taken none from its point yet: Step and Train set this",
        ),
        n => (n, "as many as the lab took from there (Step and Train)"),
    };
    let zero_grad = match run.forget_zero_grad {
        false => "    params.grad.zero_()".to_string(),
        true => "    # params.grad.zero_()  # The lab's zero-grad bug is on: each step's gradient adds to\n    # the last ones, so the steps grow.".to_string(),
    };
    let lanes: Vec<String> = run
        .racers
        .iter()
        .map(|r| {
            format!(
                "    (\"{}, lr {}\", lambda p: {}),",
                r.optimizer.name(),
                float(r.learning_rate),
                optimizer(r.optimizer, "p", &float(r.learning_rate))
            )
        })
        .collect();
    let race = match lanes.is_empty() {
        true => "# The lab's race has no optimizer racing.\n".to_string(),
        false => format!(
            r#"
# The optimizer race: each lane from the lab's point, for the race's steps, with torch.optim.
race_start = {race_from}
race_steps = {race_steps}
lanes = [
{lanes}
]
for name, make_optimizer in lanes:
    params = torch.tensor(race_start, requires_grad=True)
    optimizer = make_optimizer([params])
    for step in range(race_steps):
        optimizer.zero_grad()
        loss = {loss}(quad(params, x), y)
        loss.backward()
        optimizer.step()
    a, b, c = params.tolist()
    print(f"race {{name}}: a={{a:.6g}} b={{b:.6g}} c={{c:.6g}} loss={{{loss}(quad(params, x), y).item():.6g}}")
"#,
            race_from = coefficients(run.race_from),
            race_steps = run.race_steps,
            lanes = lanes.join("\n"),
        ),
    };
    format!(
        r#""""Descent's Quadratic lab as a PyTorch program (fast.ai lesson 3).

Fits a*x**2 + b*x + c to the lab's {count} points by gradient descent on the {loss_name}, from where
the lab's Step and Train started, at its rate, for the steps it took: the same run as the lab's,
so the same numbers. Then races the lab's optimizers. Needs torch.
"""

import torch

# The lab's points.
x = torch.tensor({xs})
y = torch.tensor({ys})


def quad(params, x):
    a, b, c = params
    return a * x**2 + b * x + c


{loss_def}


# Where Step and Train started, the rate, and the steps: {steps_note}.
params = torch.tensor({start}, requires_grad=True)
lr = {lr}
steps = {steps}

for step in range(steps):
    loss = {loss}(quad(params, x), y)
    loss.backward()
    with torch.no_grad():
        params -= lr * params.grad
{zero_grad}

a, b, c = params.tolist()
print(f"a: {{a:.9g}}")
print(f"b: {{b:.9g}}")
print(f"c: {{c:.9g}}")
print(f"loss: {{{loss}(quad(params, x), y).item():.9g}}")
{race}"#,
        count = run.points.len(),
        loss_name = run.loss.label(),
        xs = floats(&run.points.xs, 8, ""),
        ys = floats(&run.points.ys, 8, ""),
        start = coefficients(run.start),
        lr = float(run.learning_rate),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optimizers::Optimizer;

    fn run() -> QuadraticRun {
        QuadraticRun {
            points: Points {
                xs: vec![-1.0, 0.0, 2.0],
                ys: vec![3.0, 1.0, 0.5],
            },
            loss: LossKind::Mse,
            start: Coefficients::new(1.5, 1.5, 1.5),
            learning_rate: 0.01,
            steps: 12,
            forget_zero_grad: false,
            race_from: Coefficients::new(1.0, -2.0, 0.25),
            racers: vec![Racer {
                optimizer: Optimizer::MOMENTUM,
                learning_rate: 0.02,
            }],
            race_steps: 100,
        }
    }

    #[test]
    fn the_program_holds_the_labs_numbers() {
        let text = program(&run());
        for line in [
            "x = torch.tensor([-1.0, 0.0, 2.0])",
            "y = torch.tensor([3.0, 1.0, 0.5])",
            "params = torch.tensor([1.5, 1.5, 1.5], requires_grad=True)",
            "lr = 0.01",
            "steps = 12",
            "    loss = mse(quad(params, x), y)",
            "    params.grad.zero_()",
            "race_start = [1.0, -2.0, 0.25]",
            "    (\"Momentum, lr 0.02\", lambda p: torch.optim.SGD(p, lr=0.02, momentum=0.9)),",
        ] {
            assert!(text.lines().any(|l| l == line), "{line}\n{text}");
        }
    }

    #[test]
    fn the_zero_grad_bug_and_the_mae_are_the_labs() {
        let text = program(&QuadraticRun {
            loss: LossKind::Mae,
            forget_zero_grad: true,
            steps: 0,
            racers: Vec::new(),
            ..run()
        });
        assert!(text.contains("    return (preds - targets).abs().mean()"));
        assert!(text.contains("    # params.grad.zero_()"));
        assert!(!text.contains("\n    params.grad.zero_()"));
        assert!(text.contains(&format!("steps = {UNSTEPPED}\n")));
        assert!(text.contains("# The lab's race has no optimizer racing."));
    }
}
