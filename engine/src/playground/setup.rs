//! A whole playground setup (data, network, training) as address parameters, so a setup can be
//! shared as a link. Reading is forgiving: a bad or out-of-range value falls back to its default
//! and is named in the problems returned, never an error.

use super::datasets::{DatasetKind, DatasetSpec};
use super::features::Feature;
use super::network::{
    Activation, MAX_LAYERS, MAX_UNITS, NetworkSpec, PlaygroundLoss, Regularization,
};

/// Everything the learner can set in the playground.
#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    pub data: DatasetSpec,
    pub network: NetworkSpec,
    pub learning_rate: f32,
    pub batch_size: usize,
}

pub const LEARNING_RATE_RANGE: (f32, f32) = (1e-5, 10.0);
pub const BATCH_RANGE: (usize, usize) = (1, 100);
/// Every parameter the setup writes; it reads only these, and ignores others in the address.
const KEYS: [&str; 12] = [
    "dataset",
    "noise",
    "train",
    "seed",
    "features",
    "layers",
    "activation",
    "loss",
    "reg",
    "reg_rate",
    "lr",
    "batch",
];

impl Default for Setup {
    fn default() -> Self {
        Self {
            data: DatasetSpec::default(),
            network: NetworkSpec {
                features: vec![Feature::X1, Feature::X2],
                hidden: vec![4, 2],
                activation: Activation::Tanh,
                loss: PlaygroundLoss::CrossEntropy,
                regularization: Regularization::None,
                regularization_rate: 0.0,
                seed: DatasetSpec::default().seed,
            },
            learning_rate: 0.03,
            batch_size: 10,
        }
    }
}

/// HOML chapter 10's lesson, one click each: XOR with a single perceptron, then with one hidden
/// layer.
pub fn xor_preset(hidden: Vec<usize>) -> Setup {
    let mut setup = Setup::default();
    setup.data.kind = DatasetKind::Xor;
    setup.data.noise = 0.0;
    setup.network.hidden = hidden;
    setup.learning_rate = 0.1;
    setup
}

pub fn dataset_key(kind: DatasetKind) -> &'static str {
    match kind {
        DatasetKind::Circle => "circle",
        DatasetKind::Xor => "xor",
        DatasetKind::Gaussians => "gaussians",
        DatasetKind::Spiral => "spiral",
        DatasetKind::Plane => "plane",
        DatasetKind::MultiGaussian => "multi_gaussian",
    }
}

pub fn feature_key(feature: Feature) -> &'static str {
    match feature {
        Feature::X1 => "x1",
        Feature::X2 => "x2",
        Feature::X1Squared => "x1sq",
        Feature::X2Squared => "x2sq",
        Feature::X1X2 => "x1x2",
        Feature::SinX1 => "sinx1",
        Feature::SinX2 => "sinx2",
    }
}

pub fn activation_key(activation: Activation) -> &'static str {
    match activation {
        Activation::Relu => "relu",
        Activation::Tanh => "tanh",
        Activation::Sigmoid => "sigmoid",
        Activation::Linear => "linear",
    }
}

pub const ACTIVATIONS: [Activation; 4] = [
    Activation::Relu,
    Activation::Tanh,
    Activation::Sigmoid,
    Activation::Linear,
];

pub fn loss_key(loss: PlaygroundLoss) -> &'static str {
    match loss {
        PlaygroundLoss::Mse => "mse",
        PlaygroundLoss::CrossEntropy => "cross_entropy",
    }
}

pub fn regularization_key(regularization: Regularization) -> &'static str {
    match regularization {
        Regularization::None => "none",
        Regularization::L1 => "l1",
        Regularization::L2 => "l2",
    }
}

fn find<T: Copy>(all: &[T], key: fn(T) -> &'static str, value: &str) -> Option<T> {
    all.iter().copied().find(|&item| key(item) == value)
}

fn number<T: std::str::FromStr + PartialOrd>(value: &str, (lo, hi): (T, T)) -> Option<T> {
    value.parse().ok().filter(|v| *v >= lo && *v <= hi)
}

fn list<T>(value: &str, item: impl Fn(&str) -> Option<T>) -> Option<Vec<T>> {
    if value.is_empty() {
        return Some(Vec::new());
    }
    value.split(',').map(item).collect()
}

impl Setup {
    /// Values have no classes: regression always measures squared error.
    pub fn match_loss_to_data(&mut self) {
        if self.data.kind.is_regression() {
            self.network.loss = PlaygroundLoss::Mse;
        }
    }

    /// The parameters that describe this setup, in a fixed order.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let join = |items: Vec<String>| items.join(",");
        let values = [
            dataset_key(self.data.kind).to_string(),
            self.data.noise.to_string(),
            self.data.train_ratio.to_string(),
            self.data.seed.to_string(),
            join(
                self.network
                    .features
                    .iter()
                    .map(|&f| feature_key(f).into())
                    .collect(),
            ),
            join(self.network.hidden.iter().map(usize::to_string).collect()),
            activation_key(self.network.activation).into(),
            loss_key(self.network.loss).into(),
            regularization_key(self.network.regularization).into(),
            self.network.regularization_rate.to_string(),
            self.learning_rate.to_string(),
            self.batch_size.to_string(),
        ];
        KEYS.into_iter().zip(values).collect()
    }

    /// Reads a setup from address parameters; each missing one takes its default, and each that
    /// is malformed or out of range too, named in the returned problems.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Self, Vec<String>) {
        let mut setup = Self::default();
        let mut problems = Vec::new();
        for (key, value) in pairs {
            let s = &mut setup;
            let ok = match key {
                "dataset" => find(&DatasetKind::ALL, dataset_key, value).map(|v| s.data.kind = v),
                "noise" => number(value, (0.0, 1.0)).map(|v| s.data.noise = v),
                "train" => number(value, (0.1, 0.9)).map(|v| s.data.train_ratio = v),
                "seed" => number(value, (0, u64::MAX)).map(|v| {
                    s.data.seed = v;
                    s.network.seed = v;
                }),
                "features" => list(value, |f| find(&Feature::ALL, feature_key, f))
                    .filter(|f| !f.is_empty())
                    .map(|mut f| {
                        f.dedup();
                        s.network.features = f;
                    }),
                "layers" => list(value, |u| number(u, (1, MAX_UNITS)))
                    .filter(|l| l.len() <= MAX_LAYERS)
                    .map(|l| s.network.hidden = l),
                "activation" => {
                    find(&ACTIVATIONS, activation_key, value).map(|v| s.network.activation = v)
                }
                "loss" => find(
                    &[PlaygroundLoss::Mse, PlaygroundLoss::CrossEntropy],
                    loss_key,
                    value,
                )
                .map(|v| s.network.loss = v),
                "reg" => find(
                    &[Regularization::None, Regularization::L1, Regularization::L2],
                    regularization_key,
                    value,
                )
                .map(|v| s.network.regularization = v),
                "reg_rate" => number(value, (0.0, 1.0)).map(|v| s.network.regularization_rate = v),
                "lr" => number(value, LEARNING_RATE_RANGE).map(|v| s.learning_rate = v),
                "batch" => number(value, BATCH_RANGE).map(|v| s.batch_size = v),
                _ => Some(()),
            };
            if ok.is_none() {
                problems.push(format!("{key}={value}"));
            }
        }
        setup.match_loss_to_data();
        (setup, problems)
    }
}
