//! The messages between the page and its files worker, which writes what a learner takes away
//! (programs, weights files, settings files) and reads what they bring (weights and settings
//! files). The page starts it the first time it is needed, so none of this is in the first load.
//!
//! The page sends [`ToFiles`], each with an id; the worker answers each once, with a [`FromFiles`]
//! of the same id.

use descent_core::digits::{ModelKind as DigitsModel, Pair, PlainNet, RungSettings};
use descent_core::playground::{Dataset, Setup};
use descent_core::pytorch::quadratic::QuadraticRun;
use descent_core::pytorch::relu::ReluRun;
use descent_core::relu::ReluSum;
use descent_core::settings_file::Entry;
use descent_core::titanic::ModelKind as TitanicModel;
use descent_core::weights::Tensor;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToFiles {
    pub id: u64,
    pub ask: Ask,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FromFiles {
    pub id: u64,
    pub answer: Answer,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Ask {
    /// A lab's setup as a PyTorch program: answered with `Text`.
    Program(Program),
    /// A trained model as a safetensors file, named as its program names it: answered with
    /// `Bytes`.
    Weights(Model),
    /// A safetensors file that should hold one of the Digits lab's models: answered with
    /// `DigitsModel`, or `Refused` saying which tensor does not fit. A one-output model is read
    /// as telling `pair` apart (the lab's pair when it is opened): the file names no digits.
    OpenDigitsWeights { bytes: Vec<u8>, pair: Pair },
    /// Settings as a settings file of lab `lab` (its key in the address): answered with `Text`.
    WriteSettings {
        lab: String,
        entries: Vec<(String, Entry)>,
    },
    /// A settings file's text, which should be lab `lab`'s: answered with `Settings` (checked
    /// against the lab's table by the page), or `Refused`.
    ReadSettings { lab: String, text: String },
}

/// What each lab's program is written from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Program {
    Quadratic(QuadraticRun),
    Relu(ReluRun),
    Digits(DigitsModel, RungSettings, Pair),
    /// The points are `None` until the lab has drawn them.
    Playground(Box<Setup>, Option<Dataset>),
    Titanic {
        kind: TitanicModel,
        epochs: usize,
        learning_rate: f32,
        /// The validation passengers' rows.
        valid: Vec<usize>,
    },
}

/// A trained model, as the page holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Model {
    Relu(ReluSum),
    Digits(PlainNet),
    /// The playground's network: each layer's weights (`[in][out]`, flat) and biases.
    Playground {
        weights: Vec<Vec<f32>>,
        biases: Vec<Vec<f32>>,
    },
    /// Tensors already named as the program names them (a Titanic model's report has them).
    Tensors(Vec<Tensor>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    Text(String),
    Bytes(Vec<u8>),
    DigitsModel(DigitsModel, PlainNet),
    Settings(Vec<(String, Entry)>),
    /// The file was not taken, and why (each problem named).
    Refused(String),
}
