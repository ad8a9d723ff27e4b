//! The playground's network: chosen input features, up to six hidden layers with one activation,
//! one output (a logit to classify, a value to regress), trained by mini-batch SGD with optional
//! L1 or L2 regularisation.

use super::{
    Activation, Dataset, MAX_LAYERS, MAX_UNITS, NetworkSpec, PlaygroundLoss, PlaygroundPicture,
    PlaygroundScores, PointTrace, Regularization, feature_rows, grid, levels, scaled_levels,
};
use crate::error::{EngineError, check_learning_rate};
use crate::host::read_floats;
use crate::optimizers::{Optimizer, OptimizerState};
use crate::run::Training;
use burn::module::Module;
use burn::nn::{Linear, LinearConfig};
use burn::optim::GradientsParams;
use burn::tensor::activation::{relu, sigmoid, tanh};
use burn::tensor::{Device, Tensor, TensorData};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;

fn activate(activation: Activation, x: Tensor<2>) -> Tensor<2> {
    match activation {
        Activation::Relu => relu(x),
        Activation::Tanh => tanh(x),
        Activation::Sigmoid => sigmoid(x),
        Activation::Linear => x,
    }
}

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
                x = activate(activation, x);
                hidden.push(x.clone());
            }
        }
        (x, hidden)
    }
}

/// Cloning forks it, as a `DigitTrainer` does.
#[derive(Clone)]
pub struct PlaygroundTrainer {
    spec: NetworkSpec,
    classify: bool,
    data: Dataset,
    device: Device,
    model: PlaygroundNet,
    optimizer: OptimizerState,
    /// Shuffles so far; each epoch's order comes from the seed and this, so forks stay
    /// reproducible.
    shuffles: u64,
    order: Vec<usize>,
    position: usize,
    /// Examples per step when a [`crate::run::Run`] trains it.
    batch_size: usize,
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
        Ok(Self {
            model: crate::seeded(device, spec.seed, |device| {
                PlaygroundNet::new(spec.features.len(), &spec.hidden, device)
            }),
            optimizer: OptimizerState::new(Optimizer::Sgd),
            shuffles: 0,
            order: (0..data.train).collect(),
            position: data.train,
            batch_size: 10,
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

    /// Trains on with `optimizer` from now on; a new choice starts with no state (a changed
    /// momentum, say, starts with no velocity).
    pub fn set_optimizer(&mut self, optimizer: Optimizer) {
        self.optimizer.choose(optimizer);
    }

    /// Examples per step when a [`crate::run::Run`] trains it.
    pub fn set_batch_size(&mut self, batch_size: usize) {
        self.batch_size = batch_size;
    }

    /// `steps` mini-batches at `learning_rate`; returns each batch's loss (before its update).
    pub async fn train(
        &mut self,
        learning_rate: f32,
        batch_size: usize,
        steps: usize,
    ) -> Result<Vec<f32>, EngineError> {
        check_learning_rate(learning_rate)?;
        self.train_at(&vec![learning_rate; steps], batch_size).await
    }

    /// One mini-batch per rate; returns each batch's loss (before its update).
    async fn train_at(
        &mut self,
        rates: &[f32],
        batch_size: usize,
    ) -> Result<Vec<f32>, EngineError> {
        let batch_size = batch_size.clamp(1, self.data.train);
        let mut losses = Vec::with_capacity(rates.len());
        for &rate in rates {
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
            self.model = self
                .optimizer
                .step(f64::from(rate), self.model.clone(), gradients);
        }
        if losses.is_empty() {
            return Ok(Vec::new());
        }
        read_floats(Tensor::cat(losses, 0)).await
    }

    /// The data loss on the whole training half, with the gradients of every weight.
    fn training_loss_gradients(&self) -> burn::tensor::Gradients {
        let train: Vec<usize> = (0..self.data.train).collect();
        let (output, _) = self
            .model
            .forward(self.inputs(&train, &self.device), self.spec.activation);
        self.loss(output, self.targets(&train, &self.device))
            .backward()
    }

    /// The mean |∂L/∂w| of each layer of weights, first to last, over the whole training half:
    /// how strongly each layer is being pushed to change.
    pub async fn gradient_sizes(&self) -> Result<Vec<f32>, EngineError> {
        let gradients = self.training_loss_gradients();
        let sizes = self
            .model
            .layers
            .iter()
            .map(|layer| {
                layer
                    .weight
                    .val()
                    .grad(&gradients)
                    .map(|g| g.abs().mean())
                    .ok_or_else(|| EngineError::Read("a layer without a gradient".into()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        read_floats(Tensor::cat(sizes, 0)).await
    }

    /// Training point `point` through the network. Each neuron's gradient comes from a zero
    /// added to its value: autodiff's gradient of that zero is the neuron's.
    pub async fn trace(&self, point: usize) -> Result<PointTrace, EngineError> {
        if point >= self.data.len() {
            return Err(EngineError::InvalidInput(format!(
                "there is no point {point}: the data has {}",
                self.data.len()
            )));
        }
        // The input needs no tap: it is a leaf, and has a gradient of its own.
        let input = self.inputs(&[point], &self.device).require_grad();
        let mut taps = vec![input.clone()];
        let mut columns = vec![input.clone()];
        let mut x = input;
        let last = self.model.layers.len() - 1;
        for (i, layer) in self.model.layers.iter().enumerate() {
            x = layer.forward(x);
            if i < last {
                x = activate(self.spec.activation, x);
            }
            let tap = Tensor::<2>::zeros(x.dims(), &self.device).require_grad();
            x = x + tap.clone();
            taps.push(tap);
            columns.push(x.clone());
        }
        let gradients = self
            .loss(x, self.targets(&[point], &self.device))
            .backward();
        let missing = || EngineError::Read("a traced value without a gradient".into());
        let columns: Vec<Tensor<2>> = columns.into_iter().map(Tensor::inner).collect();
        let column_gradients = taps
            .iter()
            .map(|tap| tap.grad(&gradients).ok_or_else(missing))
            .collect::<Result<Vec<_>, EngineError>>()?;
        let weight_gradients = self
            .model
            .layers
            .iter()
            .map(|layer| {
                let g = layer.weight.val().grad(&gradients).ok_or_else(missing)?;
                let [inputs, outputs] = g.dims();
                Ok(g.reshape([inputs * outputs]))
            })
            .collect::<Result<Vec<_>, EngineError>>()?;
        let widths: Vec<usize> = columns.iter().map(|c| c.dims()[1]).collect();
        let weight_sizes: Vec<usize> = weight_gradients.iter().map(|g| g.dims()[0]).collect();
        let flat = columns
            .into_iter()
            .chain(column_gradients)
            .map(|c| {
                let width = c.dims()[1];
                c.reshape([width])
            })
            .chain(weight_gradients)
            .collect::<Vec<_>>();
        let values = read_floats(Tensor::cat(flat, 0)).await?;
        let mut rest = values.as_slice();
        let mut take = |n: usize| {
            let (head, tail) = rest.split_at(n);
            rest = tail;
            head.to_vec()
        };
        Ok(PointTrace {
            point,
            values: widths.iter().map(|&w| take(w)).collect(),
            gradients: widths.iter().map(|&w| take(w)).collect(),
            weight_gradients: weight_sizes.iter().map(|&n| take(n)).collect(),
        })
    }

    /// Loss (and accuracy) on the training and the test points.
    pub async fn scores(&self) -> Result<PlaygroundScores, EngineError> {
        let device = self.device.clone().without_autodiff();
        let model = self.model.valid();
        let (n, train) = (self.data.len(), self.data.train);
        let all: Vec<usize> = (0..n).collect();
        let (output, _) = model.forward(self.inputs(&all, &device), self.spec.activation);
        let targets = self.targets(&all, &device);
        // The same loss the training minimises, on each half; the outputs come back with them.
        let loss = |rows: std::ops::Range<usize>| {
            self.loss(
                output.clone().slice([rows.clone(), 0..1]),
                targets.clone().slice([rows, 0..1]),
            )
        };
        let values = read_floats(Tensor::cat(
            vec![loss(0..train), loss(train..n), output.clone().reshape([n])],
            0,
        ))
        .await?;
        let (losses, outputs) = values.split_at(2);
        let accuracy = |rows: std::ops::Range<usize>| {
            let count = rows.len().max(1) as f32;
            let right = rows
                .filter(|&i| (outputs[i] > 0.0) == (self.data.targets[i] > 0.5))
                .count();
            right as f32 / count
        };
        Ok(PlaygroundScores {
            train_loss: losses[0],
            test_loss: losses[1],
            train_accuracy: self.classify.then(|| accuracy(0..train)),
            test_accuracy: self.classify.then(|| accuracy(train..n)),
        })
    }

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
            .chain(model.layers.iter().map(|layer| match &layer.bias {
                Some(bias) => bias.val(),
                None => Tensor::zeros([layer.weight.dims()[1]], &device),
            }))
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
        let biases = layer_weights.split_off(layer_weights.len() / 2);
        Ok(PlaygroundPicture {
            resolution,
            output: levels(maps[..n].iter().copied()),
            neurons: maps[n..].chunks(n.max(1)).map(scaled_levels).collect(),
            weights: layer_weights,
            biases,
        })
    }
}

/// A run of the playground's network: its steps are mini-batches, and early stopping watches the
/// test loss and keeps the whole trainer (network, optimizer and shuffle) of the best batch.
impl Training for PlaygroundTrainer {
    type Weights = Self;

    async fn train_steps(&mut self, rates: &[f32], _first: usize) -> Result<Vec<f32>, EngineError> {
        self.train_at(rates, self.batch_size).await
    }

    async fn held_out_loss(&mut self) -> Result<f32, EngineError> {
        Ok(self.scores().await?.test_loss)
    }

    fn weights(&self) -> Self {
        self.clone()
    }

    fn restore(&mut self, weights: Self) {
        *self = weights;
    }
}

impl crate::lr_finder::RateProbe for PlaygroundTrainer {
    async fn step(&mut self, learning_rate: f32) -> Result<f32, EngineError> {
        // Big enough batches that one lucky batch does not look like progress.
        let batch = 32.min(self.data.train);
        Ok(self.train(learning_rate, batch, 1).await?[0])
    }
}
