//! Any function from ReLUs (fast.ai lesson 3's `rectified_linear` and `double_relu`):
//! `y = c + Σ aᵢ·max(0, mᵢ·x + bᵢ)`, a 1→N→1 network, fitted by gradient descent on all units at
//! once. The sum itself is `descent_core::relu`'s.

use crate::error::{EngineError, check_learning_rate};
use crate::host::read_floats;
use crate::optimizers::{Optimizer, OptimizerState};
use crate::points::Points;
use burn::module::{Module, Param};
use burn::optim::GradientsParams;
use burn::tensor::activation::relu;
use burn::tensor::{Device, Tensor, TensorData};
pub use descent_core::relu::*;

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
    ReluFit::new(points, start, FIT_OPTIMIZER, device)?
        .run(learning_rate, steps)
        .await
}
