//! A whole playground setup (data, network, training) as address parameters, so a setup can be
//! shared as a link: one table of settings (`crate::settings`), and the learner's own points.

use super::datasets::{DatasetKind, DatasetSpec};
use super::features::Feature;
use super::network::{
    Activation, MAX_LAYERS, MAX_UNITS, NetworkSpec, PlaygroundLoss, Regularization,
};
use super::own_data::OwnData;
use crate::data_text::MAX_ROWS;
use crate::optimizers::Optimizer;
use crate::schedules::{RatePlan, Schedule};
use crate::settings::{self, Number, Scale, Setting, find, join, list, number};
use serde::{Deserialize, Serialize};

/// Everything the learner can set in the playground.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Setup {
    /// The generated data, and the split and seed for the learner's own.
    pub data: DatasetSpec,
    /// The learner's own points, drawn or uploaded, in place of the generated ones.
    pub own: Option<OwnData>,
    pub network: NetworkSpec,
    /// The schedule's peak rate (the rate, when it is constant).
    pub learning_rate: f32,
    pub batch_size: usize,
    pub optimizer: Optimizer,
    /// Spans `stop_after` batches; with no end set, the rate stays constant.
    pub schedule: Schedule,
    /// Play stops by itself after this many batches since the reset; 0 plays until paused.
    pub stop_after: usize,
    /// Early stopping: stop once the test loss has not improved for this many batches, and go
    /// back to the network where it was lowest; 0 is off.
    pub patience: usize,
}

/// The address parameter holding the learner's own points.
pub const OWN_DATA_KEY: &str = "points";
pub use crate::optimizers::LEARNING_RATE_RANGE;
pub const BATCH_RANGE: (usize, usize) = (1, 100);
pub const STOP_AFTER_RANGE: (usize, usize) = (0, 1_000_000);
pub const PATIENCE_RANGE: (usize, usize) = (0, 100_000);
impl Default for Setup {
    fn default() -> Self {
        Self {
            data: DatasetSpec::default(),
            own: None,
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
            optimizer: Optimizer::Sgd,
            schedule: Schedule::Constant,
            stop_after: 0,
            patience: 0,
        }
    }
}

/// HOML chapter 11's overfitting, one click: noisy circles, a tenth of the points to train on,
/// and a big network with every input. The training loss falls towards zero as the network
/// learns the noise by heart, while the test loss bottoms out early and then climbs.
pub fn overfitting_preset() -> Setup {
    let mut setup = Setup::default();
    setup.data.noise = 0.6;
    setup.data.train_ratio = 0.1;
    setup.network.features = Feature::ALL.to_vec();
    setup.network.hidden = vec![16; 3];
    setup.learning_rate = 0.1;
    setup.stop_after = 1_000;
    setup
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

/// HOML chapter 11's vanishing gradients: six hidden layers on the spiral. With sigmoid, each
/// layer's gradient is at most a quarter of the next one's, so the first layers barely learn;
/// with ReLU at the same depth they keep learning.
pub fn deep_preset(activation: Activation) -> Setup {
    let mut setup = Setup::default();
    setup.data.kind = DatasetKind::Spiral;
    setup.network.hidden = vec![8; MAX_LAYERS];
    setup.network.activation = activation;
    setup.learning_rate = 0.03;
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

pub const LOSSES: [PlaygroundLoss; 2] = [PlaygroundLoss::CrossEntropy, PlaygroundLoss::Mse];
pub const REGULARIZATIONS: [Regularization; 3] =
    [Regularization::None, Regularization::L1, Regularization::L2];

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

/// Each input once, where it first appears: `x1,x2,x1` is two inputs.
fn each_once(features: Vec<Feature>) -> Vec<Feature> {
    let mut seen = Vec::with_capacity(features.len());
    for feature in features {
        if !seen.contains(&feature) {
            seen.push(feature);
        }
    }
    seen
}

/// The data's noise, a share of each dataset's spread.
pub const NOISE: Number<Setup> = Number {
    label: "noise",
    help: "How far the points scatter from their pattern; a new noise draws the data anew.",
    range: (0.0, 1.0),
    whole: false,
    scale: Scale::Linear,
    get: |s| f64::from(s.data.noise),
    set: |s, v| s.data.noise = v as f32,
};

pub const TRAINING_SHARE: Number<Setup> = Number {
    label: "training share",
    help: "The share of the points the network trains on; the rest test it.",
    range: (0.1, 0.9),
    whole: false,
    scale: Scale::Linear,
    get: |s| f64::from(s.data.train_ratio),
    set: |s, v| s.data.train_ratio = v as f32,
};

/// Draws the data and the first weights.
pub const SEED: Number<Setup> = Number {
    label: "seed",
    help: "Draws the points and the network's first weights: a seed always gives the same ones.",
    range: (0.0, 999_999.0),
    whole: true,
    scale: Scale::Linear,
    get: |s| s.data.seed as f64,
    set: |s, v| {
        s.data.seed = v as u64;
        s.network.seed = v as u64;
    },
};

/// The rate, or a schedule's peak.
pub const LEARNING_RATE: Number<Setup> = Number {
    label: "learning rate",
    help: "How far each batch's step moves the weights; with a schedule, the highest rate it reaches.",
    range: (LEARNING_RATE_RANGE.0 as f64, LEARNING_RATE_RANGE.1 as f64),
    whole: false,
    scale: Scale::Log,
    get: |s| f64::from(s.learning_rate),
    set: |s, v| s.learning_rate = v as f32,
};

pub const BATCH_SIZE: Number<Setup> = Number {
    label: "batch size",
    help: "How many training points each step averages its gradient over.",
    range: (BATCH_RANGE.0 as f64, BATCH_RANGE.1 as f64),
    whole: true,
    scale: Scale::Linear,
    get: |s| s.batch_size as f64,
    set: |s, v| s.batch_size = v as usize,
};

/// Play's length; a schedule spans it.
pub const STOP_AFTER: Number<Setup> = Number {
    label: "stop after",
    help: "Play stops by itself after this many batches since the reset; 0 plays until paused.",
    range: (STOP_AFTER_RANGE.0 as f64, STOP_AFTER_RANGE.1 as f64),
    whole: true,
    scale: Scale::Linear,
    get: |s| s.stop_after as f64,
    set: |s, v| s.stop_after = v as usize,
};

/// Every setting, in the order the address lists them.
pub const SETTINGS: [Setting<Setup>; 16] = [
    Setting::text(
        "dataset",
        |s| dataset_key(s.data.kind).into(),
        |s, v| find(&DatasetKind::ALL, dataset_key, v).map(|k| s.data.kind = k),
    ),
    Setting::number("noise", NOISE),
    Setting::number("train", TRAINING_SHARE),
    Setting::number("seed", SEED),
    Setting::text(
        "features",
        |s| join(&s.network.features, |&f| feature_key(f).into()),
        |s, v| {
            list(v, |f| find(&Feature::ALL, feature_key, f))
                .filter(|f| !f.is_empty())
                .map(|f| s.network.features = each_once(f))
        },
    ),
    Setting::text(
        "layers",
        |s| join(&s.network.hidden, usize::to_string),
        |s, v| {
            list(v, |u| number(u, (1, MAX_UNITS)))
                .filter(|l| l.len() <= MAX_LAYERS)
                .map(|l| s.network.hidden = l)
        },
    ),
    Setting::text(
        "activation",
        |s| activation_key(s.network.activation).into(),
        |s, v| find(&ACTIVATIONS, activation_key, v).map(|a| s.network.activation = a),
    ),
    Setting::text(
        "loss",
        |s| loss_key(s.network.loss).into(),
        |s, v| find(&LOSSES, loss_key, v).map(|l| s.network.loss = l),
    ),
    Setting::text(
        "reg",
        |s| regularization_key(s.network.regularization).into(),
        |s, v| find(&REGULARIZATIONS, regularization_key, v).map(|r| s.network.regularization = r),
    ),
    Setting::text(
        "reg_rate",
        |s| s.network.regularization_rate.to_string(),
        |s, v| number(v, (0.0, 1.0)).map(|r| s.network.regularization_rate = r),
    ),
    Setting::number("lr", LEARNING_RATE),
    Setting::number("batch", BATCH_SIZE),
    Setting::text(
        "optimizer",
        |s| s.optimizer.to_key(),
        |s, v| Optimizer::from_key(v).map(|o| s.optimizer = o),
    ),
    Setting::text(
        "schedule",
        |s| s.schedule.to_key(),
        |s, v| Schedule::from_key(v).map(|k| s.schedule = k),
    ),
    Setting::number("stop_after", STOP_AFTER),
    Setting::text(
        "patience",
        |s| s.patience.to_string(),
        |s, v| number(v, PATIENCE_RANGE).map(|n| s.patience = n),
    ),
];

impl Setup {
    /// Whether the data are values to regress rather than classes.
    pub fn is_regression(&self) -> bool {
        match &self.own {
            Some(own) => own.regression,
            None => self.data.kind.is_regression(),
        }
    }

    /// Values have no classes: regression always measures squared error.
    pub fn match_loss_to_data(&mut self) {
        if self.is_regression() {
            self.network.loss = PlaygroundLoss::Mse;
        }
    }

    /// Each batch's rate: the schedule over the run's `stop_after` batches, or constant when
    /// the run has no end.
    pub fn rate_plan(&self) -> RatePlan {
        match self.stop_after {
            0 => RatePlan::constant(self.learning_rate),
            total => RatePlan {
                schedule: self.schedule,
                max: self.learning_rate,
                total,
            },
        }
    }

    /// The parameters that describe this setup, in a fixed order. The learner's own points go
    /// in [`OWN_DATA_KEY`] when they are small enough ([`OwnData::to_key`]); otherwise that key
    /// is left out, and [`Setup::own_data_in_address`] says so.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = settings::write(&SETTINGS, self);
        if let Some(points) = self.own.as_ref().and_then(OwnData::to_key) {
            pairs.push((OWN_DATA_KEY, points));
        }
        pairs
    }

    /// False when the learner's own points are too many to share in the address.
    pub fn own_data_in_address(&self) -> bool {
        self.own.as_ref().is_none_or(|own| own.to_key().is_some())
    }

    /// Reads a setup from address parameters; each missing one takes its default, and each that
    /// is malformed or out of range too, named in the returned problems. Other keys (`lab`,
    /// `backend`) belong to the page and are ignored.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Self, AddressProblems) {
        let mut setup = Self::default();
        let mut problems = AddressProblems::default();
        for (key, value) in pairs {
            if key != OWN_DATA_KEY {
                let refused = settings::read(&SETTINGS, &mut setup, [(key, value)]);
                problems.defaulted.extend(refused);
                continue;
            }
            match OwnData::from_key(value) {
                Some((own, beyond)) => {
                    if beyond > 0 {
                        problems.notes.push(format!(
                            "The address carried {} points, more than the {MAX_ROWS} a file may hold, so the first {MAX_ROWS} are used.",
                            own.len() + beyond
                        ));
                    }
                    setup.own = Some(own);
                }
                None => problems.defaulted.push(format!("{key}=…")),
            }
        }
        setup.match_loss_to_data();
        (setup, problems)
    }
}

/// What an address got wrong: the parameters that took their defaults, and what else was
/// changed to use it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AddressProblems {
    pub defaulted: Vec<String>,
    pub notes: Vec<String>,
}

impl AddressProblems {
    /// All of it in words, or `None` when the address was fine.
    pub fn message(&self) -> Option<String> {
        let mut sentences = self.notes.clone();
        if !self.defaulted.is_empty() {
            sentences.insert(
                0,
                format!(
                    "The address had settings the playground cannot use ({}), so their defaults are used.",
                    self.defaulted.join(", ")
                ),
            );
        }
        (!sentences.is_empty()).then(|| sentences.join(" "))
    }
}
