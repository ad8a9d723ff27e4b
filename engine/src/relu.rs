//! Any function from ReLUs (fast.ai lesson 3's `rectified_linear` and `double_relu`):
//! `y = c + Σ aᵢ·max(0, mᵢ·x + bᵢ)`, a 1→N→1 network, fitted by gradient descent on all units at
//! once. The sum itself is `descent_core::relu`'s.

use crate::error::EngineError;
use crate::host::read_floats;
use crate::optimizers::{Optimizer, OptimizerState};
use crate::points::Points;
use crate::run::{Run, RunPlan, Training};
use burn::module::{Module, Param};
use burn::optim::GradientsParams;
use burn::tensor::activation::relu;
use burn::tensor::{Device, Tensor, TensorData};
pub use descent_core::relu::*;

/// The units as parameters: a slope, an offset and an output weight each, and the constant.
#[derive(Module, Debug)]
pub struct ReluNet {
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

/// Gradient descent (Adam, unless told otherwise) on every hinge and the constant at once,
/// minimising the MSE to its points; a [`Run`] owns how far it goes. Kept between calls, so a page
/// can fit in slices and show the hinges moving.
pub struct ReluFit {
    x: Tensor<2>,
    y: Tensor<1>,
    net: ReluNet,
    optimizer: OptimizerState,
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
        })
    }

    fn mse(&self, net: &ReluNet) -> Tensor<1> {
        (net.forward(self.x.clone()) - self.y.clone())
            .square()
            .mean()
    }

    /// The sum the units are now.
    pub async fn sum(&self) -> Result<ReluSum, EngineError> {
        let read = |p: &Param<Tensor<1>>| read_floats(p.val().inner());
        let (m, b, a, c) = (
            read(&self.net.m).await?,
            read(&self.net.b).await?,
            read(&self.net.a).await?,
            read(&self.net.c).await?,
        );
        Ok(ReluSum {
            hinges: (0..m.len())
                .map(|i| Hinge {
                    m: m[i],
                    b: b[i],
                    a: a[i],
                })
                .collect(),
            c: c[0],
        })
    }
}

impl Training for ReluFit {
    type Weights = ReluNet;

    async fn train_steps(&mut self, rates: &[f32], _first: usize) -> Result<Vec<f32>, EngineError> {
        let mut losses = Vec::with_capacity(rates.len());
        for &rate in rates {
            let loss = self.mse(&self.net);
            losses.push(loss.clone().inner());
            let gradients = GradientsParams::from_grads(loss.backward(), &self.net);
            self.net = self
                .optimizer
                .step(f64::from(rate), self.net.clone(), gradients);
        }
        // One read for the whole piece: on a GPU each read waits for the device.
        read_floats(Tensor::cat(losses, 0)).await
    }

    /// The fit has no held-out points: early stopping would watch its own loss.
    async fn held_out_loss(&mut self) -> Result<f32, EngineError> {
        Ok(read_floats(self.mse(&self.net).inner()).await?[0])
    }

    fn weights(&self) -> ReluNet {
        self.net.clone()
    }

    fn restore(&mut self, weights: ReluNet) {
        self.net = weights;
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
    let mut fit = ReluFit::new(points, start, FIT_OPTIMIZER, device)?;
    Run::new(RunPlan::constant(learning_rate, steps))
        .advance(&mut fit, steps)
        .await?;
    fit.sum().await
}
