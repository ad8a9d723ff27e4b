//! Data-parallel training on two engines (two workers, two cores): the leader splits each
//! mini-batch in two, hands one half and its current weights to a peer, computes the gradient of
//! its own half meanwhile, and applies the images-weighted mean of both gradients. The peer keeps
//! no weights between batches, so the two can never drift apart; the model that results is the
//! one-engine model up to the order of float sums.
//!
//! The peer holds its own copy of the training digits (sent once), so a half travels as image
//! indices: what crosses per batch is the weights one way and the gradient the other, as bytes.

use super::input_tensor;
use super::model::{DigitNet, DigitNetConfig};
use super::task::TaskTensors;
use super::{ModelSpec, Task, TaskData, distorted};
use crate::error::EngineError;
use crate::host::read_floats;
use crate::mnist::{Digits, PIXELS};
use burn::module::{Module, ModuleMapper, ModuleVisitor, Param};
use burn::optim::GradientsParams;
use burn::tensor::{Device, Tensor, TensorData};
pub use descent_core::digits::data_parallel::*;
use std::sync::Arc;

/// The leader's side of the channel to its peer (a message port in the page, a second engine in
/// the tests).
#[allow(async_fn_in_trait)]
pub trait GradientPeer {
    /// Whether a half would be taken now: the trainer reads its weights out only then.
    fn wants(&self) -> bool;
    /// Hands the peer a half batch of `data`'s training digits; false when there is no peer to
    /// take it.
    fn share(&mut self, half: HalfBatch, data: &Arc<TaskData>) -> bool;
    /// The peer's answer to the half shared last, or `None` if it did not come: the peer is gone
    /// (the leader then does that half itself) and is not asked again.
    async fn gradient(&mut self) -> Option<HalfGradient>;
}

/// No peer: every batch on one engine.
pub struct Alone;

impl GradientPeer for Alone {
    fn wants(&self) -> bool {
        false
    }

    fn share(&mut self, _: HalfBatch, _: &Arc<TaskData>) -> bool {
        false
    }

    async fn gradient(&mut self) -> Option<HalfGradient> {
        None
    }
}

/// The peer's side: the leader's training digits, and a model of the leader's shape that takes
/// the leader's weights, then gives the gradient of a half batch.
pub struct PeerModel {
    device: Device,
    digits: Option<(Task, Digits)>,
    model: Option<(ModelSpec, DigitNet)>,
}

impl PeerModel {
    pub fn new(device: &Device) -> Self {
        Self {
            device: device.clone(),
            digits: None,
            model: None,
        }
    }

    /// The digits the halves to come index into.
    pub fn take_digits(&mut self, shared: SharedDigits) -> Result<(), EngineError> {
        self.digits = Some((
            shared.task,
            Digits::from_parts(shared.pixels, shared.labels)?,
        ));
        Ok(())
    }

    pub async fn gradient(&mut self, half: HalfBatch) -> Result<HalfGradient, EngineError> {
        let task = half.spec.task();
        let digits = match &self.digits {
            Some((shared, digits)) if *shared == task => digits,
            _ => {
                return Err(EngineError::InvalidInput(format!(
                    "no {task:?} digits to take a half from"
                )));
            }
        };
        let indices: Vec<usize> = half.indices.iter().map(|&i| i as usize).collect();
        if indices.is_empty() || indices.iter().any(|&i| i >= digits.len()) {
            return Err(EngineError::InvalidInput(format!(
                "a half of {} images is not in the {} digits",
                indices.len(),
                digits.len()
            )));
        }
        let images = inputs(digits, &indices, &half.spec, half.epoch, &self.device);
        let targets = task.targets(digits, &indices, &self.device);
        let model = match self.model.take() {
            Some((spec, model)) if spec == half.spec => model,
            _ => DigitNetConfig::of(half.spec.kind, half.spec.hidden).init(&self.device),
        };
        let model = with_weights(model, &half.weights)?;
        let (loss, correct, gradients) = gradients(&model, task, images, targets);
        let gradient = flat_gradient(&model, &gradients);
        let values = read_floats(Tensor::cat(vec![loss, correct, gradient], 0)).await?;
        self.model = Some((half.spec, model));
        Ok(HalfGradient {
            sequence: half.sequence,
            loss: values[0],
            correct: values[1],
            gradient: values[2..].to_vec(),
        })
    }
}

/// The training images at `indices` as a model of `spec` takes them in `epoch`: distorted
/// afresh each epoch when it learns from distorted digits (the same on either engine).
pub(crate) fn inputs(
    digits: &Digits,
    indices: &[usize],
    spec: &ModelSpec,
    epoch: usize,
    device: &Device,
) -> Tensor<2> {
    if !spec.augment {
        return input_tensor(digits, indices, device);
    }
    let values = indices
        .iter()
        .flat_map(|&i| distorted(digits.image(i), spec.seed, epoch, i))
        .collect();
    Tensor::from_data(TensorData::new(values, [indices.len(), PIXELS]), device)
}

/// Forward and backward over one set of images: the mean loss, the count right, and ∂L/∂θ.
pub(crate) fn gradients(
    model: &DigitNet,
    task: Task,
    images: Tensor<2>,
    targets: Tensor<2>,
) -> (Tensor<1>, Tensor<1>, GradientsParams) {
    let logits = model.forward(images);
    let loss = task.loss(logits.clone(), targets.clone());
    let correct = task.correct(logits.inner(), targets.inner());
    let gradients = GradientsParams::from_grads(loss.backward(), model);
    (loss.inner(), correct, gradients)
}

/// Every parameter's value, flattened and joined in the model's visiting order.
pub(crate) async fn flat_weights(model: &DigitNet) -> Result<Vec<f32>, EngineError> {
    struct Values(Vec<Tensor<1>>);
    impl ModuleVisitor for Values {
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            self.0.push(param.val().inner().reshape([-1]));
        }
    }
    let mut values = Values(Vec::new());
    model.visit(&mut values);
    read_floats(Tensor::cat(values.0, 0)).await
}

/// Every parameter's gradient, flattened and joined in the model's visiting order (zeros for a
/// parameter the loss did not reach).
fn flat_gradient(model: &DigitNet, gradients: &GradientsParams) -> Tensor<1> {
    struct Flat<'a> {
        gradients: &'a GradientsParams,
        parts: Vec<Tensor<1>>,
    }
    impl ModuleVisitor for Flat<'_> {
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            let part = match self.gradients.get::<D>(param.id) {
                Some(gradient) => gradient.reshape([-1]),
                None => Tensor::zeros([param.shape().num_elements()], &param.device().inner()),
            };
            self.parts.push(part);
        }
    }
    let mut flat = Flat {
        gradients,
        parts: Vec::new(),
    };
    model.visit(&mut flat);
    Tensor::cat(flat.parts, 0)
}

/// The model with its parameters set from `weights`, in the visiting order.
fn with_weights(model: DigitNet, weights: &[f32]) -> Result<DigitNet, EngineError> {
    struct Load<'a> {
        weights: &'a [f32],
        at: usize,
        short: bool,
    }
    impl ModuleMapper for Load<'_> {
        fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
            let shape = param.shape();
            let n = shape.num_elements();
            let Some(values) = self.weights.get(self.at..self.at + n) else {
                self.short = true;
                return param;
            };
            self.at += n;
            param.map(|tensor| {
                let grad = tensor.is_require_grad();
                Tensor::from_data(TensorData::new(values.to_vec(), shape), &tensor.device())
                    .set_require_grad(grad)
            })
        }
    }
    let mut load = Load {
        weights,
        at: 0,
        short: false,
    };
    let model = model.map(&mut load);
    if load.short || load.at != weights.len() {
        return Err(EngineError::InvalidInput(format!(
            "{} weights do not fit the model's {} parameters",
            weights.len(),
            model.num_params()
        )));
    }
    Ok(model)
}

/// The gradient of the whole batch from the leader's half (`own`, over `own_count` images) and
/// the peer's (`peer`, over `peer_count`): each weighted by its share of the images.
pub(crate) fn combined(
    model: &DigitNet,
    own: GradientsParams,
    own_count: usize,
    peer: &[f32],
    peer_count: usize,
) -> GradientsParams {
    struct Combine<'a> {
        own: GradientsParams,
        peer: &'a [f32],
        at: usize,
        shares: (f32, f32),
        out: GradientsParams,
    }
    impl ModuleVisitor for Combine<'_> {
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            let shape = param.shape();
            let n = shape.num_elements();
            let values = self.peer[self.at..self.at + n].to_vec();
            self.at += n;
            let Some(own) = self.own.remove::<D>(param.id) else {
                return;
            };
            let peer = Tensor::<D>::from_data(TensorData::new(values, shape), &own.device());
            let (own_share, peer_share) = self.shares;
            self.out.register(
                param.id,
                own.mul_scalar(own_share) + peer.mul_scalar(peer_share),
            );
        }
    }
    let total = (own_count + peer_count) as f32;
    let mut combine = Combine {
        own,
        peer,
        at: 0,
        shares: (own_count as f32 / total, peer_count as f32 / total),
        out: GradientsParams::new(),
    };
    model.visit(&mut combine);
    combine.out
}
