//! The loss as a computational graph, node by node: values forward, gradients backward.
//!
//! burn's autodiff hands out the gradients of parameters only. To show every intermediate node,
//! this is a small explicit reverse-mode pass over the same formula, in f64 on the host; the
//! tests hold it to burn's gradients and to finite differences.

use super::{Coefficients, LossKind};
use crate::points::Points;

/// What a node of the graph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Data: an x or a y of the points.
    Input,
    /// A coefficient, which descent changes.
    Parameter,
    /// Computed from other nodes.
    Operation,
    /// The mean at the end: one value, and ∂L/∂L = 1.
    Loss,
}

/// Which part of the batch a view of the graph shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// One point's path, by index.
    Point(usize),
    /// The whole batch: what the parameters and the loss get from every point together.
    All,
}

/// One node, at every point at once.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphNode {
    /// Short name: "x", "a", "a·x²", "ŷ", "r", "r²", "L".
    pub name: &'static str,
    /// How the value is computed from its inputs ("ŷ − y"); empty for a leaf.
    pub formula: &'static str,
    pub role: Role,
    /// Indices of the nodes this one is computed from.
    pub inputs: Vec<usize>,
    /// One value per point; a parameter's, and the loss's, is the same at every point.
    pub values: Vec<f64>,
    /// ∂L/∂node along each point's path; a shared node's whole gradient is their sum.
    pub gradients: Vec<f64>,
    /// The local derivative backward multiplies by to reach this node ("∂(r²)/∂r = 2r").
    pub rule: &'static str,
}

impl GraphNode {
    /// One value for every point: a parameter or the loss.
    pub fn is_shared(&self) -> bool {
        matches!(self.role, Role::Parameter | Role::Loss)
    }

    /// The node's value in `focus`; `None` for a per-point node over the whole batch.
    pub fn value(&self, focus: Focus) -> Option<f64> {
        match focus {
            Focus::Point(i) => self.values.get(i).copied(),
            Focus::All if self.is_shared() => self.values.first().copied(),
            Focus::All => None,
        }
    }

    /// ∂L/∂node in `focus`. Over the whole batch a parameter sums its points' paths (what
    /// autodiff gives); a per-point node has no single gradient there.
    pub fn gradient(&self, focus: Focus) -> Option<f64> {
        match (focus, self.role) {
            (Focus::Point(i), _) => self.gradients.get(i).copied(),
            (Focus::All, Role::Parameter) => Some(self.gradients.iter().sum()),
            (Focus::All, Role::Loss) => Some(1.0),
            (Focus::All, _) => None,
        }
    }
}

/// The graph of the loss of `a·x² + b·x + c` over some points, in forward (topological) order:
/// inputs and parameters first, the loss last. Backward visits it in reverse.
#[derive(Debug, Clone, PartialEq)]
pub struct LossGraph {
    pub nodes: Vec<GraphNode>,
}

/// Node indices, in forward order.
const X: usize = 0;
const A: usize = 1;
const B: usize = 2;
const C: usize = 3;
const Y: usize = 4;
const X2: usize = 5;
const AX2: usize = 6;
const BX: usize = 7;
const PREDICTION: usize = 8;
const RESIDUAL: usize = 9;
const POINTWISE: usize = 10;
const LOSS: usize = 11;

impl LossGraph {
    pub fn new(points: &Points, loss: LossKind, at: Coefficients) -> Self {
        let n = points.len();
        let per_point = |f: &dyn Fn(f64, f64) -> f64| -> Vec<f64> {
            points
                .pairs()
                .map(|(x, y)| f(f64::from(x), f64::from(y)))
                .collect()
        };
        let [a, b, c] = at.to_array().map(f64::from);
        let shared = |v: f64| vec![v; n];

        // Forward.
        let x = per_point(&|x, _| x);
        let y = per_point(&|_, y| y);
        let x2: Vec<f64> = x.iter().map(|x| x * x).collect();
        let ax2: Vec<f64> = x2.iter().map(|x2| a * x2).collect();
        let bx: Vec<f64> = x.iter().map(|x| b * x).collect();
        let prediction: Vec<f64> = ax2.iter().zip(&bx).map(|(p, q)| p + q + c).collect();
        let residual: Vec<f64> = prediction.iter().zip(&y).map(|(p, y)| p - y).collect();
        let pointwise: Vec<f64> = residual
            .iter()
            .map(|r| match loss {
                LossKind::Mse => r * r,
                LossKind::Mae => r.abs(),
            })
            .collect();
        let mean = pointwise.iter().sum::<f64>() / n.max(1) as f64;

        // Backward, from the loss to the leaves: each gradient is the consumer's times the local
        // derivative.
        let d_pointwise = shared(1.0 / n.max(1) as f64);
        let d_residual: Vec<f64> = residual
            .iter()
            .zip(&d_pointwise)
            .map(|(r, g)| {
                g * match loss {
                    LossKind::Mse => 2.0 * r,
                    // burn's abs has gradient sign(r), which is 0 at 0.
                    LossKind::Mae if *r == 0.0 => 0.0,
                    LossKind::Mae => r.signum(),
                }
            })
            .collect();
        let d_prediction = d_residual.clone();
        let d_y: Vec<f64> = d_residual.iter().map(|g| -g).collect();
        let d_ax2 = d_prediction.clone();
        let d_bx = d_prediction.clone();
        let d_c = d_prediction.clone();
        let d_x2: Vec<f64> = d_ax2.iter().map(|g| g * a).collect();
        let d_a: Vec<f64> = d_ax2.iter().zip(&x2).map(|(g, x2)| g * x2).collect();
        let d_b: Vec<f64> = d_bx.iter().zip(&x).map(|(g, x)| g * x).collect();
        let d_x: Vec<f64> = x
            .iter()
            .zip(d_x2.iter().zip(&d_bx))
            .map(|(x, (g2, gb))| g2 * 2.0 * x + gb * b)
            .collect();

        let (pointwise_name, pointwise_rule) = match loss {
            LossKind::Mse => ("r²", "∂(r²)/∂r = 2r"),
            LossKind::Mae => ("|r|", "∂|r|/∂r = sign(r)"),
        };
        let node = |name, formula, role, inputs: &[usize], values, gradients, rule| GraphNode {
            name,
            formula,
            role,
            inputs: inputs.to_vec(),
            values,
            gradients,
            rule,
        };
        use Role::{Input, Operation, Parameter};
        let nodes = vec![
            node("x", "", Input, &[], x, d_x, "∂(x²)/∂x = 2x, ∂(b·x)/∂x = b"),
            node("a", "", Parameter, &[], shared(a), d_a, "∂(a·x²)/∂a = x²"),
            node("b", "", Parameter, &[], shared(b), d_b, "∂(b·x)/∂b = x"),
            node("c", "", Parameter, &[], shared(c), d_c, "∂ŷ/∂c = 1"),
            node("y", "", Input, &[], y, d_y, "∂r/∂y = −1"),
            node("x²", "x·x", Operation, &[X], x2, d_x2, "∂(a·x²)/∂(x²) = a"),
            node(
                "a·x²",
                "a·x²",
                Operation,
                &[A, X2],
                ax2,
                d_ax2,
                "∂ŷ/∂(a·x²) = 1",
            ),
            node("b·x", "b·x", Operation, &[B, X], bx, d_bx, "∂ŷ/∂(b·x) = 1"),
            node(
                "ŷ",
                "a·x² + b·x + c",
                Operation,
                &[AX2, BX, C],
                prediction,
                d_prediction,
                "∂r/∂ŷ = 1",
            ),
            node(
                "r",
                "ŷ − y",
                Operation,
                &[PREDICTION, Y],
                residual,
                d_residual,
                pointwise_rule,
            ),
            node(
                pointwise_name,
                pointwise_name,
                Operation,
                &[RESIDUAL],
                pointwise,
                d_pointwise,
                "∂L/∂(each term) = 1/n",
            ),
            node(
                "L",
                "mean over the points",
                Role::Loss,
                &[POINTWISE],
                shared(mean),
                shared(1.0),
                "∂L/∂L = 1",
            ),
        ];
        Self { nodes }
    }

    pub fn node(&self, name: &str) -> Option<&GraphNode> {
        self.nodes.iter().find(|node| node.name == name)
    }

    pub fn loss(&self) -> f64 {
        self.nodes[LOSS].values.first().copied().unwrap_or(0.0)
    }

    /// ∂L/∂a, ∂L/∂b, ∂L/∂c: each parameter's gradient summed over the points.
    pub fn parameter_gradient(&self) -> [f64; 3] {
        [A, B, C].map(|i| self.nodes[i].gradients.iter().sum())
    }
}

/// ∂L/∂a, ∂L/∂b, ∂L/∂c by central finite differences in f64, `(L(p + h) − L(p − h)) / 2h`: of
/// the whole loss, or of one point's term of it (its share of the mean).
pub fn finite_difference_gradient(
    points: &Points,
    loss: LossKind,
    at: Coefficients,
    focus: Focus,
) -> [f64; 3] {
    const H: f64 = 1e-5;
    let n = points.len().max(1) as f64;
    let term = |p: [f64; 3], (x, y): (f32, f32)| {
        let (x, y) = (f64::from(x), f64::from(y));
        let r = p[0] * x * x + p[1] * x + p[2] - y;
        match loss {
            LossKind::Mse => r * r,
            LossKind::Mae => r.abs(),
        }
    };
    let loss_at = |p: [f64; 3]| -> f64 {
        let total: f64 = match focus {
            Focus::All => points.pairs().map(|point| term(p, point)).sum(),
            Focus::Point(i) => points.pairs().nth(i).map_or(0.0, |point| term(p, point)),
        };
        total / n
    };
    let p = at.to_array().map(f64::from);
    std::array::from_fn(|k| {
        let (mut up, mut down) = (p, p);
        up[k] += H;
        down[k] -= H;
        (loss_at(up) - loss_at(down)) / (2.0 * H)
    })
}
