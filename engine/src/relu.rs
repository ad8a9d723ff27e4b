//! Any function from ReLUs (fast.ai lesson 3's `rectified_linear` and `double_relu`):
//! `y = c + Σ aᵢ·max(0, mᵢ·x + bᵢ)`, a 1→N→1 network, evaluated on the host for live sliders and
//! fitted by gradient descent on all units at once.

use crate::error::{EngineError, check_learning_rate};
use crate::host::read_floats;
use crate::optimizers::{Optimizer, OptimizerState};
use crate::points::Points;
use burn::module::{Module, Param};
use burn::optim::GradientsParams;
use burn::tensor::activation::relu;
use burn::tensor::{Device, Tensor, TensorData};
use serde::{Deserialize, Serialize};

/// One rectified linear unit and the weight of its output in the sum.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Hinge {
    pub m: f32,
    pub b: f32,
    pub a: f32,
}

impl Hinge {
    /// This unit's part of the sum at `x`: `a · max(0, m·x + b)`.
    pub fn at(&self, x: f32) -> f32 {
        self.a * (self.m * x + self.b).max(0.0)
    }

    /// Where the unit turns on (or off): the x at which `m·x + b = 0`, if it turns anywhere.
    pub fn knee(&self) -> Option<f32> {
        (self.m != 0.0).then(|| -self.b / self.m)
    }
}

/// A sum of hinges plus a constant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReluSum {
    pub hinges: Vec<Hinge>,
    pub c: f32,
}

impl ReluSum {
    pub fn at(&self, x: f32) -> f32 {
        self.c + self.hinges.iter().map(|h| h.at(x)).sum::<f32>()
    }

    /// Mean squared error against the points, on the host.
    pub fn mse(&self, points: &Points) -> f32 {
        points
            .pairs()
            .map(|(x, y)| (self.at(x) - y).powi(2))
            .sum::<f32>()
            / points.len().max(1) as f32
    }

    /// `count` hinges spread evenly over `[x_min, x_max]` (each turning on at its own x), facing
    /// alternately right and left, with small output weights: a start from which gradient descent
    /// can reach any shape.
    pub fn spread(count: usize, (x_min, x_max): (f32, f32)) -> Self {
        let hinges = (0..count)
            .map(|i| {
                let at = x_min + (x_max - x_min) * (i as f32 + 0.5) / count as f32;
                // Alternate facing right and left, so every stretch of x has live units.
                let m = if i % 2 == 0 { 1.0 } else { -1.0 };
                Hinge {
                    m,
                    b: -m * at,
                    a: 0.1,
                }
            })
            .collect();
        Self { hinges, c: 0.0 }
    }
}

/// The curves the learner can fit, sampled on [-2, 2].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetCurve {
    Sine,
    Step,
    Wiggly,
}

impl TargetCurve {
    pub fn at(self, x: f32) -> f32 {
        match self {
            Self::Sine => (1.5 * x).sin(),
            Self::Step => {
                if x < 0.0 {
                    -1.0
                } else {
                    1.0
                }
            }
            Self::Wiggly => 0.6 * (4.0 * x).sin() + 0.3 * x * x - 0.5,
        }
    }

    pub fn points(self, count: usize) -> Points {
        let xs: Vec<f32> = (0..count)
            .map(|i| -2.0 + 4.0 * i as f32 / (count.max(2) - 1) as f32)
            .collect();
        Points {
            ys: xs.iter().map(|&x| self.at(x)).collect(),
            xs,
        }
    }
}

#[derive(Module, Debug)]
struct ReluNet {
    m: Param<Tensor<1>>,
    b: Param<Tensor<1>>,
    a: Param<Tensor<1>>,
    c: Param<Tensor<1>>,
}

impl ReluNet {
    fn new(sum: &ReluSum, device: &Device) -> Self {
        let param = |values: Vec<f32>| {
            let n = values.len();
            Param::from_tensor(Tensor::from_data(TensorData::new(values, [n]), device))
        };
        let field = |f: fn(&Hinge) -> f32| sum.hinges.iter().map(f).collect::<Vec<_>>();
        Self {
            m: param(field(|h| h.m)),
            b: param(field(|h| h.b)),
            a: param(field(|h| h.a)),
            c: param(vec![sum.c]),
        }
    }

    /// Predictions `[n]` for inputs `[n, 1]`: each unit a column, weighted and summed.
    fn forward(&self, x: Tensor<2>) -> Tensor<1> {
        let units = self.m.val().unsqueeze::<2>();
        let hidden = relu(x * units + self.b.val().unsqueeze::<2>());
        let [n, _] = hidden.dims();
        (hidden * self.a.val().unsqueeze::<2>())
            .sum_dim(1)
            .reshape([n])
            + self.c.val()
    }
}

/// Gradient descent (Adam, unless told otherwise) on every hinge and the constant at once, minimising the MSE to its
/// points. Kept between calls, so a page can fit in slices and show the hinges moving.
pub struct ReluFit {
    x: Tensor<2>,
    y: Tensor<1>,
    net: ReluNet,
    optimizer: OptimizerState,
    points: Points,
    steps: usize,
}

impl ReluFit {
    /// Adam: the units' gradients differ by orders of magnitude (a hinge at the edge sees few
    /// points), which plain SGD at one rate serves badly.
    pub const DEFAULT_OPTIMIZER: Optimizer = Optimizer::ADAM;

    pub fn new(
        points: &Points,
        start: &ReluSum,
        optimizer: Optimizer,
        device: &Device,
    ) -> Result<Self, EngineError> {
        if points.is_empty() || start.hinges.is_empty() {
            return Err(EngineError::InvalidInput(
                "the fit needs points and at least one unit".into(),
            ));
        }
        let n = points.len();
        Ok(Self {
            x: Tensor::from_data(TensorData::new(points.xs.clone(), [n, 1]), device),
            y: Tensor::from_data(TensorData::new(points.ys.clone(), [n]), device),
            net: ReluNet::new(start, device),
            optimizer: OptimizerState::new(optimizer),
            points: points.clone(),
            steps: 0,
        })
    }

    /// Steps taken so far.
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// `steps` more steps; the sum they reach.
    pub async fn run(&mut self, learning_rate: f32, steps: usize) -> Result<ReluSum, EngineError> {
        check_learning_rate(learning_rate)?;
        for _ in 0..steps {
            let loss = (self.net.forward(self.x.clone()) - self.y.clone())
                .square()
                .mean();
            let gradients = GradientsParams::from_grads(loss.backward(), &self.net);
            self.net = self
                .optimizer
                .step(f64::from(learning_rate), self.net.clone(), gradients);
        }
        self.steps += steps;
        let read = |p: &Param<Tensor<1>>| read_floats(p.val().inner());
        let (m, b, a, c) = (
            read(&self.net.m).await?,
            read(&self.net.b).await?,
            read(&self.net.a).await?,
            read(&self.net.c).await?,
        );
        let fitted = ReluSum {
            hinges: (0..m.len())
                .map(|i| Hinge {
                    m: m[i],
                    b: b[i],
                    a: a[i],
                })
                .collect(),
            c: c[0],
        };
        if !fitted.mse(&self.points).is_finite() {
            return Err(EngineError::InvalidInput(
                "the fit blew up: lower the learning rate".into(),
            ));
        }
        Ok(fitted)
    }
}

/// `steps` of [`ReluFit`] from `start`, in one go.
pub async fn fit_relus(
    points: &Points,
    start: &ReluSum,
    learning_rate: f32,
    steps: usize,
    device: &Device,
) -> Result<ReluSum, EngineError> {
    ReluFit::new(points, start, ReluFit::DEFAULT_OPTIMIZER, device)?
        .run(learning_rate, steps)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sum_by_hand() {
        let sum = ReluSum {
            hinges: vec![
                Hinge {
                    m: 1.0,
                    b: 0.0,
                    a: 2.0,
                },
                Hinge {
                    m: -1.0,
                    b: 1.0,
                    a: 1.0,
                },
            ],
            c: 0.5,
        };
        // x = 2: 2·max(0, 2) + max(0, −1) + 0.5 = 4.5; x = −1: 0 + 2 + 0.5.
        assert_eq!(sum.at(2.0), 4.5);
        assert_eq!(sum.at(-1.0), 2.5);
    }
}
