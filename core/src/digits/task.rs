//! What a model learns: one digit versus another (the book's first problem, 3 versus 7) or all
//! ten digits, and the models the lab offers for each.

use super::Pair;
use crate::mnist::{Digits, Mnist, PIXELS};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Task {
    /// Is it the pair's first digit? Trained on MNIST's images of the two, validated on the test
    /// set's (for 3 and 7, 2,038 images).
    Pair(Pair),
    /// Which digit? Trained on all 60,000, validated on all 10,000 test images.
    AllDigits,
}

impl Task {
    pub fn outputs(self) -> usize {
        match self {
            Self::Pair(_) => 1,
            Self::AllDigits => 10,
        }
    }

    /// The classes in the order a prediction names them: for a pair, output 1 means its first
    /// digit ("3" of 3 versus 7).
    pub fn classes(self) -> Vec<u8> {
        match self {
            Self::Pair(pair) => vec![pair.second(), pair.first()],
            Self::AllDigits => (0..10).collect(),
        }
    }

    /// What it tells apart, in words: "3 or 7", "all ten digits".
    pub fn name(self) -> String {
        match self {
            Self::Pair(pair) => pair.to_string(),
            Self::AllDigits => "all ten digits".into(),
        }
    }

    /// Training digits of this task in MNIST as `overview` counts them.
    pub fn train_len(self, overview: &crate::mnist::MnistOverview) -> usize {
        match self {
            Self::Pair(pair) => {
                overview.train_counts[usize::from(pair.first())]
                    + overview.train_counts[usize::from(pair.second())]
            }
            Self::AllDigits => overview.train_counts.iter().sum(),
        }
    }

    /// The training and validation digits of this task.
    pub fn data(self, mnist: &Mnist) -> TaskData {
        match self {
            Self::Pair(pair) => {
                let classes = [pair.first(), pair.second()];
                TaskData {
                    task: self,
                    train: mnist.train.of_classes(&classes),
                    valid: mnist.test.of_classes(&classes),
                }
            }
            Self::AllDigits => TaskData::all_digits(mnist.clone()),
        }
    }

    /// Whether a batch loss means training has blown up: not finite, or ten times the loss of
    /// guessing every class equally (0.5 for `mnist_loss`, ln 10 for cross-entropy), which a
    /// model only reaches by overshooting.
    pub fn diverged(self, loss: f32) -> bool {
        let guessing = match self {
            Self::Pair(_) => 0.5,
            Self::AllDigits => (self.outputs() as f32).ln(),
        };
        !loss.is_finite() || loss > 10.0 * guessing
    }
}

/// A task's training and validation digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskData {
    pub task: Task,
    pub train: Digits,
    pub valid: Digits,
}

impl TaskData {
    /// All ten digits, taking MNIST as it is (moved, not copied).
    pub fn all_digits(mnist: Mnist) -> Self {
        Self {
            task: Task::AllDigits,
            train: mnist.train,
            valid: mnist.test,
        }
    }

    /// Only `pair`'s two digits of these.
    pub fn of_pair(&self, pair: Pair) -> Self {
        let classes = [pair.first(), pair.second()];
        Self {
            task: Task::Pair(pair),
            train: self.train.of_classes(&classes),
            valid: self.valid.of_classes(&classes),
        }
    }
}

/// Side of every convolution's square kernel.
pub const KERNEL: usize = 5;

/// The side of the maps a 5×5 convolution (no padding) and a 2×2 pool leave of a square `side`.
pub const fn pooled_side(side: usize) -> usize {
    (side + 1 - KERNEL) / 2
}

/// The models of the book's progression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// 784→1 with a sigmoid, one digit versus another.
    Linear,
    /// 784→H→ReLU→1, one digit versus another: the book's `simple_net`.
    SimpleNet,
    /// 784→H→ReLU→10, all ten digits.
    AllDigits,
    /// Two 5×5 convolutions with 2×2 max pooling, then H→ReLU→10: LeNet's shape, all ten digits.
    Convolutional,
}

impl ModelKind {
    pub const ALL: [Self; 4] = [
        Self::Linear,
        Self::SimpleNet,
        Self::AllDigits,
        Self::Convolutional,
    ];

    /// Its place in [`ModelKind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Its name in the page's address and elements.
    pub fn key(self) -> &'static str {
        match self {
            Self::Linear => "linear",
            Self::SimpleNet => "simplenet",
            Self::AllDigits => "alldigits",
            Self::Convolutional => "convolutional",
        }
    }

    /// Filters in the convolutional net's two layers.
    pub const FILTERS: [usize; 2] = [16, 32];

    /// What it learns: the two-digit models tell `pair` apart; the others ignore it.
    pub fn task(self, pair: Pair) -> Task {
        match self {
            Self::Linear | Self::SimpleNet => Task::Pair(pair),
            Self::AllDigits | Self::Convolutional => Task::AllDigits,
        }
    }

    /// Its outputs: one (is it the pair's first digit?) or ten.
    pub fn outputs(self) -> usize {
        self.task(Pair::BOOK).outputs()
    }

    pub fn has_hidden_layer(self) -> bool {
        self != Self::Linear
    }

    /// The book's rates: 1.0 for the linear model, 0.1 for the networks.
    pub fn default_learning_rate(self) -> f32 {
        match self {
            Self::Linear => 1.0,
            Self::SimpleNet | Self::AllDigits | Self::Convolutional => 0.1,
        }
    }

    /// "784→30→ReLU→10", or the convolutions' "28×28→conv 5×5×16→pool→…".
    pub fn shape(self, hidden: usize) -> String {
        let outputs = self.outputs();
        let [first, second] = Self::FILTERS;
        match self {
            Self::Linear => format!("{PIXELS}→{outputs}"),
            Self::SimpleNet | Self::AllDigits => format!("{PIXELS}→{hidden}→ReLU→{outputs}"),
            Self::Convolutional => format!(
                "28×28→conv 5×5×{first}→pool→conv 5×5×{second}→pool→{hidden}→ReLU→{outputs}"
            ),
        }
    }
}

/// A model to train: which one, its hidden width, the seed of its start, shuffles and
/// distortions, whether it learns from distorted digits ([`super::distorted`]), and the two
/// digits it tells apart when it tells two apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelSpec {
    pub kind: ModelKind,
    pub hidden: usize,
    pub seed: u64,
    pub augment: bool,
    pub pair: Pair,
}

impl ModelSpec {
    pub fn task(&self) -> Task {
        self.kind.task(self.pair)
    }
}
