//! The notebook's three models, trained by full-batch gradient descent on a seeded 80/20 split:
//! a linear model (the spreadsheet's SUMPRODUCT) with a sigmoid, one hidden layer, and a deep
//! net with two hidden layers of 10. As in the notebook, the loss is the mean absolute error of
//! the predicted chance of survival.

use super::{
    COLUMNS, Cleaning, EpochLoss, FEATURES, MAX_EPOCHS, ModelKind, Passenger, TrainingReport,
};
use crate::error::EngineError;
use crate::host::read_floats;
use crate::optimizers::{Optimizer, OptimizerState};
use crate::run::{Run, RunEnd, RunPlan, Training};
use burn::module::Module;
use burn::nn::{Linear, LinearConfig};
use burn::optim::GradientsParams;
use burn::tensor::activation::{relu, sigmoid};
use burn::tensor::{Device, Tensor, TensorData};

/// The cleaned passengers, split once.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub cleaning: Cleaning,
    pub features: Vec<[f32; FEATURES]>,
    pub survived: Vec<f32>,
    pub train: Vec<usize>,
    pub valid: Vec<usize>,
}

impl Prepared {
    /// Cleans `passengers` and splits them 80/20 in an order shuffled by `seed`.
    pub fn new(passengers: &[Passenger], seed: u64) -> Result<Self, EngineError> {
        let cleaning = Cleaning::learn(passengers)
            .filter(|_| passengers.len() >= 2)
            .ok_or_else(|| {
                EngineError::InvalidInput("at least two passengers are needed".into())
            })?;
        let (train, valid) = descent_core::titanic::split(passengers.len(), seed);
        Ok(Self {
            features: passengers.iter().map(|p| cleaning.features(p)).collect(),
            survived: passengers
                .iter()
                .map(|p| f32::from(u8::from(p.survived)))
                .collect(),
            cleaning,
            valid,
            train,
        })
    }

    fn tensors(&self, rows: &[usize], device: &Device) -> (Tensor<2>, Tensor<1>) {
        let inputs: Vec<f32> = rows.iter().flat_map(|&i| self.features[i]).collect();
        let targets: Vec<f32> = rows.iter().map(|&i| self.survived[i]).collect();
        (
            Tensor::from_data(TensorData::new(inputs, [rows.len(), FEATURES]), device),
            Tensor::from_data(TensorData::new(targets, [rows.len()]), device),
        )
    }
}

#[derive(Module, Debug)]
struct TitanicNet {
    layers: Vec<Linear>,
}

impl TitanicNet {
    fn new(kind: ModelKind, device: &Device) -> Self {
        let widths: Vec<usize> = std::iter::once(FEATURES)
            .chain(kind.hidden().iter().copied())
            .chain([1])
            .collect();
        Self {
            layers: widths
                .windows(2)
                .map(|w| LinearConfig::new(w[0], w[1]).init(device))
                .collect(),
        }
    }

    /// The chance of survival of each row `[n]`.
    fn forward(&self, x: Tensor<2>) -> Tensor<1> {
        let last = self.layers.len() - 1;
        let mut x = x;
        for (i, layer) in self.layers.iter().enumerate() {
            x = layer.forward(x);
            if i < last {
                x = relu(x);
            }
        }
        sigmoid(x).flatten(0, 1)
    }
}

/// A trained model, kept to answer "Would you have survived?".
#[derive(Debug, Clone)]
pub struct TitanicModel {
    net: TitanicNet,
    device: Device,
}

impl TitanicModel {
    /// Trains a fresh `kind` for `epochs` full-batch steps at `learning_rate`, from weights
    /// seeded by `seed`.
    pub async fn train(
        kind: ModelKind,
        data: &Prepared,
        epochs: usize,
        learning_rate: f32,
        seed: u64,
        device: &Device,
    ) -> Result<(Self, TrainingReport), EngineError> {
        if !(1..=MAX_EPOCHS).contains(&epochs) {
            return Err(EngineError::InvalidInput(format!(
                "train for 1 to {MAX_EPOCHS} epochs, not {epochs}"
            )));
        }
        let net = crate::seeded(device, seed, |device| TitanicNet::new(kind, device));
        let (train_x, train_y) = data.tensors(&data.train, device);
        let (valid_x, valid_y) = data.tensors(&data.valid, device);
        let mut fit = TitanicFit {
            net,
            optimizer: OptimizerState::new(Optimizer::Sgd),
            train: (train_x, train_y),
            valid: (valid_x.clone(), valid_y),
            losses: Vec::with_capacity(epochs + 1),
        };
        let mut run = Run::new(RunPlan::constant(learning_rate, epochs));
        let end = loop {
            if let Some(end) = run.advance(&mut fit, epochs).await?.end {
                break end;
            }
        };
        if end != RunEnd::Diverged {
            // The losses after the last epoch, as the notebook prints them.
            let (_, after) = fit.epoch_loss().await?;
            fit.losses.push(after);
        }
        let TitanicFit { net, losses, .. } = fit;
        let model = Self {
            net,
            device: device.clone(),
        };
        let chances = model.chances(valid_x).await?;
        let right = chances
            .iter()
            .zip(&data.valid)
            .filter(|&(&chance, &i)| (chance > 0.5) == (data.survived[i] > 0.5))
            .count();
        let coefficients = match kind {
            ModelKind::Linear => {
                let layer = &model.net.layers[0];
                let weights = read_floats(layer.weight.val()).await?;
                let bias = match &layer.bias {
                    Some(b) => read_floats(b.val()).await?[0],
                    None => 0.0,
                };
                let named = COLUMNS
                    .iter()
                    .zip(weights)
                    .map(|(c, w)| (c.to_string(), w))
                    .collect();
                Some((named, bias))
            }
            _ => None,
        };
        let report = TrainingReport {
            kind,
            learning_rate,
            losses,
            accuracy: right as f32 / data.valid.len() as f32,
            coefficients,
            weights: model.state_dict().await?,
        };
        Ok((model, report))
    }

    /// Its parameters, named as its PyTorch program names them.
    pub async fn state_dict(&self) -> Result<Vec<descent_core::weights::Tensor>, EngineError> {
        crate::state_dict::linear_layers(&self.net.layers).await
    }

    /// The first weights a model of `kind` trains from, seeded by `seed`, as its PyTorch program
    /// names them.
    pub async fn first_weights(
        kind: ModelKind,
        seed: u64,
        device: &Device,
    ) -> Result<Vec<descent_core::weights::Tensor>, EngineError> {
        let net = crate::seeded(device, seed, |device| TitanicNet::new(kind, device));
        crate::state_dict::linear_layers(&net.layers).await
    }

    async fn chances(&self, x: Tensor<2>) -> Result<Vec<f32>, EngineError> {
        read_floats(self.net.clone().no_grad().forward(x)).await
    }

    /// The chance of survival the model gives a passenger.
    pub async fn predict(
        &self,
        cleaning: &Cleaning,
        passenger: &Passenger,
    ) -> Result<f32, EngineError> {
        let row = cleaning.features(passenger).to_vec();
        let x = Tensor::from_data(TensorData::new(row, [1, FEATURES]), &self.device);
        Ok(self.chances(x).await?[0])
    }
}

/// A model in training with its optimizer and both splits, one full-batch step per epoch.
struct TitanicFit {
    net: TitanicNet,
    optimizer: OptimizerState,
    train: (Tensor<2>, Tensor<1>),
    valid: (Tensor<2>, Tensor<1>),
    /// The losses before each epoch's step.
    losses: Vec<EpochLoss>,
}

impl TitanicFit {
    fn mean_absolute(net: &TitanicNet, (x, y): &(Tensor<2>, Tensor<1>)) -> Tensor<1> {
        (net.forward(x.clone()) - y.clone()).abs().mean()
    }

    /// Both losses now, read in one go, with the training loss still on the device for its
    /// backward pass.
    async fn epoch_loss(&self) -> Result<(Tensor<1>, EpochLoss), EngineError> {
        let train = Self::mean_absolute(&self.net, &self.train);
        let valid = Self::mean_absolute(&self.net.clone().no_grad(), &self.valid);
        let read = read_floats(Tensor::cat(vec![train.clone().detach(), valid], 0)).await?;
        let read = EpochLoss {
            train: read[0],
            valid: read[1],
        };
        Ok((train, read))
    }
}

impl Training for TitanicFit {
    type Weights = TitanicNet;

    /// Each epoch's losses are noted before its step; a loss that is not a number ends the
    /// steps there.
    async fn train_steps(&mut self, rates: &[f32], _first: usize) -> Result<Vec<f32>, EngineError> {
        let mut losses = Vec::with_capacity(rates.len());
        for &rate in rates {
            let (loss, read) = self.epoch_loss().await?;
            self.losses.push(read);
            losses.push(read.train);
            if !read.train.is_finite() {
                break;
            }
            let gradients = GradientsParams::from_grads(loss.backward(), &self.net);
            self.net = self
                .optimizer
                .step(f64::from(rate), self.net.clone(), gradients);
        }
        Ok(losses)
    }

    async fn held_out_loss(&mut self) -> Result<f32, EngineError> {
        Ok(self.epoch_loss().await?.1.valid)
    }

    fn weights(&self) -> TitanicNet {
        self.net.clone()
    }

    fn restore(&mut self, weights: TitanicNet) {
        self.net = weights;
    }
}
