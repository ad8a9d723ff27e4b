//! The one language between the page and the engine worker: typed commands and events, with a
//! version, sent as JSON text. Anything else is refused with an error, never a panic.

use engine::digits::{
    DenseNet, ModelKind, ModelSpec, SimilarityReport, TrainChunk, Validation, WeightImages,
};
use engine::lr_finder::FinderCurve;
use engine::mnist::MnistOverview;
use engine::playground::{Dataset, DatasetSpec, NetworkSpec, PlaygroundPicture, PlaygroundScores};
use engine::relu::ReluSum;
use engine::{Coefficients, Evaluation, LossKind, LossSurface, Points, StopReason, SurfaceSpec};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where the engine trains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    Cpu,
    WebGpu,
}

/// Bumped on any change to the messages; both sides refuse another version.
pub const VERSION: u32 = 5;

/// What the page asks of the engine. Both enums are externally tagged, `{"evaluate": {...}}`:
/// an internally tagged enum has serde buffer each message to find its tag, and that code was
/// 42 kB of the gzip'd page and worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    /// Start the engine on this backend; commands before it wait. Sent once per worker.
    UseBackend { backend: Backend },
    /// Fit these points under this loss from now on.
    SetProblem { points: Points, loss: LossKind },
    /// The loss and gradient at a point.
    Evaluate { request: u64, at: Coefficients },
    /// Up to `steps` gradient-descent steps. Step sends 1; Train sends one batch per animation
    /// frame while the last has been answered, so the display paces training and Stop is simply
    /// not sending more.
    Descend {
        run: u64,
        from: Coefficients,
        learning_rate: f32,
        steps: usize,
    },
    /// The loss over a grid of two coefficients.
    Surface { request: u64, spec: SurfaceSpec },
    /// Download, check and parse MNIST from `{base_url}/<asset>`, reporting progress.
    LoadDigits { base_url: String },
    /// The pixel-similarity baseline on 3s and 7s.
    PixelSimilarity { request: u64 },
    /// A fresh model of this kind (replacing any earlier one), from the spec's seed.
    ResetModel { spec: ModelSpec },
    /// Train the model of this kind for a few tens of milliseconds, or to the end of its epoch.
    /// Like `Descend`, the page sends the next one when this is answered, so Stop is not sending.
    Train {
        run: u64,
        kind: ModelKind,
        learning_rate: f32,
        batch_size: usize,
        /// Send the first layer's weights as images with the answer.
        weights: bool,
    },
    /// The model of this kind as plain numbers, for the page to run on drawings.
    ExportModel { kind: ModelKind },
    /// The learning-rate finder on a copy of the model of this kind; the model is untouched.
    FindLearningRate {
        request: u64,
        kind: ModelKind,
        batch_size: usize,
    },
    /// `steps` more of the ReLU fit numbered `run`; a new `run` starts a fit of `start` to
    /// `target` (the two are ignored while the run goes on).
    FitRelus {
        run: u64,
        target: Points,
        start: ReluSum,
        learning_rate: f32,
        steps: usize,
    },
    /// A fresh playground: its data and an untrained network. `run` comes back with it, so an
    /// answer to an earlier reset is known for what it is.
    ResetPlayground {
        run: u64,
        data: DatasetSpec,
        network: NetworkSpec,
    },
    /// Train the playground's network for a few tens of milliseconds; like `Train`, the page
    /// sends the next when this is answered.
    TrainPlayground {
        run: u64,
        learning_rate: f32,
        batch_size: usize,
        /// At most this many batches (1 for the Step button).
        max_steps: usize,
        /// Send the network's picture with the answer.
        picture: bool,
    },
    /// The learning-rate finder on a copy of the playground's network.
    FindPlaygroundRate { request: u64 },
}

/// What the engine tells the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// The engine is up, on this backend; `fallback` says why it is not the one asked for.
    Ready {
        backend: Backend,
        fallback: Option<String>,
    },
    /// The GPU device was lost: nothing more can run on it.
    DeviceLost {
        message: String,
    },
    Evaluated {
        request: u64,
        evaluation: Evaluation,
    },
    /// Points visited by a `Descend`, the first being where it started.
    Progress {
        run: u64,
        visited: Vec<Evaluation>,
        stop: Option<StopReason>,
    },
    Surface {
        request: u64,
        surface: LossSurface,
    },
    /// Bytes of MNIST decoded so far, of `total`.
    DigitsProgress {
        loaded: u64,
        total: u64,
    },
    DigitsReady {
        overview: MnistOverview,
    },
    /// The data could not be loaded; the message names the file.
    DigitsFailed {
        message: String,
    },
    Similarity {
        request: u64,
        report: SimilarityReport,
    },
    /// A fresh model is ready; its first layer's weights as images.
    ModelReady {
        spec: ModelSpec,
        weights: WeightImages,
    },
    Trained {
        run: u64,
        kind: ModelKind,
        chunk: TrainChunk,
        /// After an epoch ends: the whole validation set.
        validation: Option<Validation>,
        weights: Option<WeightImages>,
    },
    ModelExported {
        kind: ModelKind,
        net: DenseNet,
    },
    LearningRates {
        request: u64,
        kind: ModelKind,
        curve: FinderCurve,
    },
    RelusFitted {
        run: u64,
        sum: ReluSum,
        /// Steps the run has taken in all.
        steps: usize,
    },
    PlaygroundReady {
        run: u64,
        data: Dataset,
        scores: PlaygroundScores,
        picture: PlaygroundPicture,
    },
    PlaygroundTrained {
        run: u64,
        /// Batches trained since the reset.
        steps: usize,
        /// `None` once the loss is no longer a number: the run diverged.
        scores: Option<PlaygroundScores>,
        picture: Option<PlaygroundPicture>,
    },
    PlaygroundRates {
        request: u64,
        curve: FinderCurve,
    },
    /// A command failed or could not be read; `request` names it when known.
    Error {
        request: Option<u64>,
        message: String,
    },
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope<T> {
    version: u32,
    body: T,
}

/// Why a message was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum ProtocolError {
    Malformed(String),
    WrongVersion { got: u32 },
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed(why) => write!(f, "malformed message: {why}"),
            Self::WrongVersion { got } => {
                write!(
                    f,
                    "protocol version {got} is not the supported version {VERSION}"
                )
            }
        }
    }
}

impl std::error::Error for ProtocolError {}

/// A command or event as the text posted between the threads.
pub fn encode<T: Serialize>(body: &T) -> String {
    serde_json::to_string(&Envelope {
        version: VERSION,
        body,
    })
    .expect("protocol messages are plain data and always serialise")
}

/// Reads a command or event, refusing other versions and anything malformed.
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ProtocolError> {
    #[derive(Deserialize)]
    struct VersionOnly {
        version: u32,
    }
    let version = serde_json::from_str::<VersionOnly>(text)
        .map_err(|e| ProtocolError::Malformed(e.to_string()))?
        .version;
    if version != VERSION {
        return Err(ProtocolError::WrongVersion { got: version });
    }
    serde_json::from_str::<Envelope<T>>(text)
        .map(|envelope| envelope.body)
        .map_err(|e| ProtocolError::Malformed(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::digits::BatchReport;
    use engine::{Coefficient, NoisyQuadratic};

    fn evaluation() -> Evaluation {
        Evaluation {
            coefficients: Coefficients::new(1.5, -2.25, 0.125),
            loss: 4.21,
            gradient: Coefficients::new(-12.5, 3.0, 0.5),
        }
    }

    fn commands() -> Vec<Command> {
        let spec = SurfaceSpec {
            x: Coefficient::A,
            y: Coefficient::C,
            at: Coefficients::new(1.0, 2.0, 3.0),
            x_range: (-5.0, 5.0),
            y_range: (-4.0, 4.0),
            resolution: 3,
        };
        vec![
            Command::UseBackend {
                backend: Backend::WebGpu,
            },
            Command::SetProblem {
                points: NoisyQuadratic::default().sample(),
                loss: LossKind::Mae,
            },
            Command::Evaluate {
                request: 7,
                at: Coefficients::new(1.5, 1.5, 1.5),
            },
            Command::Descend {
                run: 3,
                from: Coefficients::new(1.5, 1.5, 1.5),
                learning_rate: 0.01,
                steps: 5,
            },
            Command::Surface { request: 9, spec },
            Command::LoadDigits {
                base_url: "./mnist".into(),
            },
            Command::PixelSimilarity { request: 4 },
            Command::ResetModel {
                spec: ModelSpec {
                    kind: ModelKind::AllDigits,
                    hidden: 30,
                    seed: 42,
                },
            },
            Command::Train {
                run: 2,
                kind: ModelKind::Linear,
                learning_rate: 1.0,
                batch_size: 256,
                weights: true,
            },
            Command::ExportModel {
                kind: ModelKind::SimpleNet,
            },
            Command::FindLearningRate {
                request: 8,
                kind: ModelKind::AllDigits,
                batch_size: 64,
            },
            Command::FitRelus {
                run: 1,
                target: engine::relu::TargetCurve::Sine.points(5),
                start: ReluSum::spread(3, (-2.0, 2.0)),
                learning_rate: 0.02,
                steps: 50,
            },
            Command::ResetPlayground {
                run: 3,
                data: DatasetSpec::default(),
                network: engine::playground::Setup::default().network,
            },
            Command::TrainPlayground {
                run: 4,
                learning_rate: 0.03,
                batch_size: 10,
                max_steps: 1,
                picture: true,
            },
            Command::FindPlaygroundRate { request: 2 },
        ]
    }

    fn events() -> Vec<Event> {
        vec![
            Event::Ready {
                backend: Backend::Cpu,
                fallback: Some("no adapter".into()),
            },
            Event::DeviceLost {
                message: "destroyed".into(),
            },
            Event::Evaluated {
                request: 7,
                evaluation: evaluation(),
            },
            Event::Progress {
                run: 3,
                visited: vec![evaluation(), evaluation()],
                stop: Some(StopReason::Diverged),
            },
            Event::Error {
                request: None,
                message: "nope".into(),
            },
            Event::DigitsProgress {
                loaded: 10,
                total: 20,
            },
            Event::DigitsFailed {
                message: "train-images-idx3-ubyte.gz: truncated".into(),
            },
            Event::RelusFitted {
                run: 1,
                sum: ReluSum::spread(2, (-1.0, 1.0)),
                steps: 100,
            },
            Event::PlaygroundTrained {
                run: 3,
                steps: 20,
                scores: Some(PlaygroundScores {
                    train_loss: 0.25,
                    test_loss: 0.5,
                    train_accuracy: Some(0.75),
                    test_accuracy: None,
                }),
                picture: Some(PlaygroundPicture {
                    resolution: 1,
                    output: vec![-127],
                    neurons: vec![vec![0], vec![127]],
                    weights: vec![vec![0.5, -0.5], vec![1.0, 2.0]],
                }),
            },
            Event::Trained {
                run: 2,
                kind: ModelKind::SimpleNet,
                chunk: TrainChunk {
                    epoch: 1,
                    batch: 3,
                    batches_per_epoch: 49,
                    batches: vec![BatchReport {
                        loss: 0.25,
                        accuracy: 0.5,
                    }],
                    epoch_complete: false,
                    diverged: false,
                },
                validation: Some(Validation {
                    loss: 0.1,
                    accuracy: 0.9,
                    confusion: None,
                }),
                weights: Some(WeightImages {
                    count: 1,
                    scale: 0.5,
                    values: vec![-127, 0, 127],
                }),
            },
        ]
    }

    #[test]
    fn every_command_and_event_round_trips() {
        for command in commands() {
            assert_eq!(decode::<Command>(&encode(&command)), Ok(command));
        }
        for event in events() {
            assert_eq!(decode::<Event>(&encode(&event)), Ok(event));
        }
    }

    #[test]
    fn the_wire_format_is_tagged_and_versioned() {
        let text = encode(&Command::Evaluate {
            request: 1,
            at: Coefficients::new(1.0, 2.0, 3.0),
        });
        assert_eq!(
            text,
            r#"{"version":5,"body":{"evaluate":{"request":1,"at":{"a":1.0,"b":2.0,"c":3.0}}}}"#
        );
    }

    #[test]
    fn malformed_unknown_and_foreign_messages_are_refused() {
        let refused = [
            "",
            "not json",
            "{}",
            r#"{"version":5}"#,
            r#"{"version":5,"body":{"launch_rockets":{}}}"#,
            r#"{"version":5,"body":{"evaluate":{"request":1}}}"#,
            r#"{"version":5,"body":{"evaluate":{"request":"x","at":{"a":1,"b":2,"c":3}}}}"#,
            r#"{"version":5,"body":{"evaluate":{"request":1,"at":{"a":1,"b":2,"c":3}}},"extra":0}"#,
            r#"{"version":5,"body":{"use_backend":{"backend":"tpu"}}}"#,
            r#"{"version":5,"body":{"evaluate":{"request":1,"at":{"a":1,"b":2,"c":3}},"descend":{}}}"#,
            r#"[1, 2, 3]"#,
        ];
        for text in refused {
            assert!(
                matches!(decode::<Command>(text), Err(ProtocolError::Malformed(_))),
                "accepted {text:?}"
            );
        }
        let old =
            r#"{"version":1,"body":{"command":"evaluate","request":1,"at":{"a":1,"b":2,"c":3}}}"#;
        assert_eq!(
            decode::<Command>(old),
            Err(ProtocolError::WrongVersion { got: 1 })
        );
        // A command is not an event, and the other way round.
        assert!(decode::<Event>(&encode(&commands()[2])).is_err());
        assert!(decode::<Command>(&encode(&events()[0])).is_err());
    }
}
