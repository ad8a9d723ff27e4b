//! The playground's network: chosen input features, up to six hidden layers with one activation,
//! one output (a logit to classify, a value to regress), trained by mini-batch SGD with optional
//! L1 or L2 regularisation.

use super::datasets::{Dataset, EXTENT};
use super::features::{Feature, feature_rows};
use crate::descent::read_floats;
use crate::error::{EngineError, check_learning_rate};
use burn::module::Module;
use burn::nn::{Linear, LinearConfig};
use burn::optim::{GradientsParams, ModuleOptimizer, SgdConfig};
use burn::tensor::activation::{relu, sigmoid, tanh};
use burn::tensor::{Device, Tensor, TensorData};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    Relu,
    Tanh,
    Sigmoid,
    Linear,
}

impl Activation {
    fn apply(self, x: Tensor<2>) -> Tensor<2> {
        match self {
            Self::Relu => relu(x),
            Self::Tanh => tanh(x),
            Self::Sigmoid => sigmoid(x),
            Self::Linear => x,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Regularization {
    None,
    L1,
    L2,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaygroundLoss {
    /// Squared error of the output (through a sigmoid when classifying).
    Mse,
    /// Binary cross-entropy of the output logit; classification only.
    CrossEntropy,
}

/// The shape of a network and how it trains.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetworkSpec {
    pub features: Vec<Feature>,
    /// Units per hidden layer; empty for a single linear unit (a perceptron).
    pub hidden: Vec<usize>,
    pub activation: Activation,
    pub loss: PlaygroundLoss,
    pub regularization: Regularization,
    pub regularization_rate: f32,
    pub seed: u64,
}

/// The most hidden layers and units per layer the playground builds.
pub const MAX_LAYERS: usize = 6;
pub const MAX_UNITS: usize = 64;

#[derive(Module, Debug)]
struct PlaygroundNet {
    layers: Vec<Linear>,
}

impl PlaygroundNet {
    fn new(inputs: usize, hidden: &[usize], device: &Device) -> Self {
        let widths: Vec<usize> = std::iter::once(inputs)
            .chain(hidden.iter().copied())
            .chain([1])
            .collect();
        Self {
            layers: widths
                .windows(2)
                .map(|pair| LinearConfig::new(pair[0], pair[1]).init(device))
                .collect(),
        }
    }

    /// The output `[n, 1]`, and every hidden layer's activations (for the per-neuron maps).
    fn forward(&self, x: Tensor<2>, activation: Activation) -> (Tensor<2>, Vec<Tensor<2>>) {
        let mut hidden = Vec::new();
        let mut x = x;
        let last = self.layers.len() - 1;
        for (i, layer) in self.layers.iter().enumerate() {
            x = layer.forward(x);
            if i < last {
                x = activation.apply(x);
                hidden.push(x.clone());
            }
        }
        (x, hidden)
    }
}

/// Losses and accuracies on the two halves of the data (accuracy only when classifying).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PlaygroundScores {
    pub train_loss: f32,
    pub test_loss: f32,
    pub train_accuracy: Option<f32>,
    pub test_accuracy: Option<f32>,
}

/// What the network computes over the plane, for the page to draw: the output and every hidden
/// neuron on a square grid, and the weights of every layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaygroundPicture {
    /// Cells per side of the grid; cell `(row, column)` is at index `row · resolution + column`,
    /// rows running from the top (x₂ = +EXTENT) down and columns from x₁ = −EXTENT.
    pub resolution: usize,
    /// The output in every cell, −127 to 127: `2p − 1` for a class-1 probability `p`, or the
    /// regressed value (clamped to [−1, 1]).
    pub output: Vec<i8>,
    /// Each hidden neuron's activation in every cell, layer after layer, scaled so the neuron's
    /// largest magnitude is ±127.
    pub neurons: Vec<Vec<i8>>,
    /// Each layer's weights `[inputs × outputs]`, row-major, the output layer last.
    pub weights: Vec<Vec<f32>>,
}

/// The centres of a `resolution`² grid over the playground's square, in [`PlaygroundPicture`]'s
/// order.
pub fn grid(resolution: usize) -> Vec<[f32; 2]> {
    let cell = 2.0 * EXTENT / resolution as f32;
    let centre = |i: usize| -EXTENT + (i as f32 + 0.5) * cell;
    (0..resolution)
        .flat_map(|row| (0..resolution).map(move |column| [centre(column), -centre(row)]))
        .collect()
}

/// Values in [−1, 1] as levels −127 to 127.
fn levels(values: impl Iterator<Item = f32>) -> Vec<i8> {
    values
        .map(|v| (v.clamp(-1.0, 1.0) * 127.0).round() as i8)
        .collect()
}

/// A feature over the grid, scaled like the neurons' maps.
pub fn feature_map(feature: Feature, resolution: usize) -> Vec<i8> {
    scaled_levels(
        &grid(resolution)
            .iter()
            .map(|&p| feature.of(p))
            .collect::<Vec<_>>(),
    )
}

/// Levels with the largest magnitude at ±127 (all zero stays zero).
fn scaled_levels(values: &[f32]) -> Vec<i8> {
    let largest = values.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    let scale = if largest > 0.0 { 1.0 / largest } else { 0.0 };
    levels(values.iter().map(|v| v * scale))
}

/// Cloning forks it, as a `DigitTrainer` does.
#[derive(Clone)]
pub struct PlaygroundTrainer {
    spec: NetworkSpec,
    classify: bool,
    data: Dataset,
    device: Device,
    model: PlaygroundNet,
    optimizer: ModuleOptimizer,
    /// Shuffles so far; each epoch's order comes from the seed and this, so forks stay
    /// reproducible.
    shuffles: u64,
    order: Vec<usize>,
    position: usize,
}

impl PlaygroundTrainer {
    pub fn new(
        spec: NetworkSpec,
        data: Dataset,
        classify: bool,
        device: &Device,
    ) -> Result<Self, EngineError> {
        if spec.features.is_empty() {
            return Err(EngineError::InvalidInput(
                "choose at least one input feature".into(),
            ));
        }
        if spec.hidden.len() > MAX_LAYERS
            || spec.hidden.iter().any(|&u| !(1..=MAX_UNITS).contains(&u))
        {
            return Err(EngineError::InvalidInput(format!(
                "up to {MAX_LAYERS} hidden layers of 1 to {MAX_UNITS} units"
            )));
        }
        if !classify && spec.loss == PlaygroundLoss::CrossEntropy {
            return Err(EngineError::InvalidInput(
                "cross-entropy needs classes, not values".into(),
            ));
        }
        device.seed(spec.seed);
        Ok(Self {
            model: PlaygroundNet::new(spec.features.len(), &spec.hidden, device),
            optimizer: SgdConfig::new().init(),
            shuffles: 0,
            order: (0..data.train).collect(),
            position: data.train,
            classify,
            data,
            device: device.clone(),
            spec,
        })
    }

    fn inputs(&self, indices: &[usize], device: &Device) -> Tensor<2> {
        let points: Vec<[f32; 2]> = indices.iter().map(|&i| self.data.points[i]).collect();
        Tensor::from_data(
            TensorData::new(
                feature_rows(&points, &self.spec.features),
                [points.len(), self.spec.features.len()],
            ),
            device,
        )
    }

    fn targets(&self, indices: &[usize], device: &Device) -> Tensor<2> {
        let values: Vec<f32> = indices.iter().map(|&i| self.data.targets[i]).collect();
        Tensor::from_data(TensorData::new(values, [indices.len(), 1]), device)
    }

    fn loss(&self, output: Tensor<2>, targets: Tensor<2>) -> Tensor<1> {
        match (self.classify, self.spec.loss) {
            // Binary cross-entropy on logits, in the stable form max(z,0) − z·t + ln(1 + e^−|z|).
            (true, PlaygroundLoss::CrossEntropy) => {
                let z = output;
                (z.clone().clamp_min(0.0) - z.clone() * targets + (z.abs().neg().exp() + 1.0).log())
                    .mean()
            }
            (true, PlaygroundLoss::Mse) => (sigmoid(output) - targets).square().mean(),
            (false, _) => (output - targets).square().mean(),
        }
    }

    fn penalty(&self) -> Option<Tensor<1>> {
        let rate = self.spec.regularization_rate;
        let weights = self.model.layers.iter().map(|l| l.weight.val());
        let sum = |f: fn(Tensor<2>) -> Tensor<2>| {
            weights
                .map(|w| f(w).sum())
                .reduce(|a, b| a + b)
                .map(|total| total * rate)
        };
        match self.spec.regularization {
            Regularization::None => None,
            Regularization::L1 => sum(|w| w.abs()),
            Regularization::L2 => sum(|w| w.square()),
        }
    }

    /// `steps` mini-batches of SGD; returns each batch's loss (before its update).
    pub async fn train(
        &mut self,
        learning_rate: f32,
        batch_size: usize,
        steps: usize,
    ) -> Result<Vec<f32>, EngineError> {
        check_learning_rate(learning_rate)?;
        let batch_size = batch_size.clamp(1, self.data.train);
        let mut losses = Vec::with_capacity(steps);
        for _ in 0..steps {
            if self.position >= self.order.len() {
                let mut rng = ChaCha8Rng::seed_from_u64(self.spec.seed ^ self.shuffles);
                self.shuffles += 1;
                self.order.shuffle(&mut rng);
                self.position = 0;
            }
            let end = (self.position + batch_size).min(self.order.len());
            let indices = self.order[self.position..end].to_vec();
            self.position = end;
            let (output, _) = self
                .model
                .forward(self.inputs(&indices, &self.device), self.spec.activation);
            let data_loss = self.loss(output, self.targets(&indices, &self.device));
            losses.push(data_loss.clone().inner());
            let total = match self.penalty() {
                Some(penalty) => data_loss + penalty,
                None => data_loss,
            };
            let gradients = GradientsParams::from_grads(total.backward(), &self.model);
            self.model =
                self.optimizer
                    .step(f64::from(learning_rate), self.model.clone(), gradients);
        }
        if losses.is_empty() {
            return Ok(Vec::new());
        }
        read_floats(Tensor::cat(losses, 0)).await
    }

    /// Loss (and accuracy) on the training and the test points.
    pub async fn scores(&self) -> Result<PlaygroundScores, EngineError> {
        let device = self.device.clone().without_autodiff();
        let model = self.model.valid();
        let all: Vec<usize> = (0..self.data.len()).collect();
        let (output, _) = model.forward(self.inputs(&all, &device), self.spec.activation);
        let outputs = read_floats(output).await?;
        let split = |range: std::ops::Range<usize>| {
            let n = range.len().max(1) as f32;
            let (mut loss, mut right) = (0.0, 0.0);
            for i in range {
                let (z, t) = (outputs[i], self.data.targets[i]);
                loss += match (self.classify, self.spec.loss) {
                    (true, PlaygroundLoss::CrossEntropy) => {
                        z.max(0.0) - z * t + (-z.abs()).exp().ln_1p()
                    }
                    (true, PlaygroundLoss::Mse) => (1.0 / (1.0 + (-z).exp()) - t).powi(2),
                    (false, _) => (z - t).powi(2),
                };
                right += f32::from(u8::from((z > 0.0) == (t > 0.5)));
            }
            (loss / n, right / n)
        };
        let (train_loss, train_accuracy) = split(0..self.data.train);
        let (test_loss, test_accuracy) = split(self.data.train..self.data.len());
        Ok(PlaygroundScores {
            train_loss,
            test_loss,
            train_accuracy: self.classify.then_some(train_accuracy),
            test_accuracy: self.classify.then_some(test_accuracy),
        })
    }
}

impl PlaygroundTrainer {
    /// The output and every hidden neuron over a `resolution`² grid, and the weights; one read
    /// back from the device.
    pub async fn picture(&self, resolution: usize) -> Result<PlaygroundPicture, EngineError> {
        let device = self.device.clone().without_autodiff();
        let model = self.model.valid();
        let cells = grid(resolution);
        let n = cells.len();
        let features = self.spec.features.len();
        let inputs = Tensor::from_data(
            TensorData::new(feature_rows(&cells, &self.spec.features), [n, features]),
            &device,
        );
        let (output, hidden) = model.forward(inputs, self.spec.activation);
        let units: usize = self.spec.hidden.iter().sum();
        let output = if self.classify {
            sigmoid(output) * 2.0 - 1.0
        } else {
            output
        };
        // Neurons as rows, so each one's map is contiguous; weights flattened after them.
        let maps = Tensor::cat(std::iter::once(output).chain(hidden).collect::<Vec<_>>(), 1)
            .transpose()
            .reshape([(units + 1) * n]);
        let weights = model
            .layers
            .iter()
            .map(|layer| {
                let [inputs, outputs] = layer.weight.dims();
                layer.weight.val().reshape([inputs * outputs])
            })
            .collect::<Vec<_>>();
        let shapes: Vec<usize> = weights.iter().map(|w| w.dims()[0]).collect();
        let values = read_floats(Tensor::cat(
            std::iter::once(maps).chain(weights).collect::<Vec<_>>(),
            0,
        ))
        .await?;
        let (maps, mut rest) = values.split_at((units + 1) * n);
        let mut layer_weights = Vec::with_capacity(shapes.len());
        for size in shapes {
            let (layer, tail) = rest.split_at(size);
            layer_weights.push(layer.to_vec());
            rest = tail;
        }
        Ok(PlaygroundPicture {
            resolution,
            output: levels(maps[..n].iter().copied()),
            neurons: maps[n..].chunks(n.max(1)).map(scaled_levels).collect(),
            weights: layer_weights,
        })
    }
}

impl crate::lr_finder::RateProbe for PlaygroundTrainer {
    async fn step(&mut self, learning_rate: f32) -> Result<f32, EngineError> {
        // Big enough batches that one lucky batch does not look like progress.
        let batch = 32.min(self.data.train);
        Ok(self.train(learning_rate, batch, 1).await?[0])
    }
}
