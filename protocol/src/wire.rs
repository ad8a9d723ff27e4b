//! Messages as bytes: a header (`DSC`, the direction, the version) and the body in postcard.

use crate::files::{FromFiles, ToFiles};
use crate::peer::PeerMessage;
use crate::{FromWorker, ToWorker};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;

/// Bumped on any change to the messages; both sides refuse another version.
pub const VERSION: u32 = 15;

const MAGIC: [u8; 3] = *b"DSC";
const HEADER: usize = MAGIC.len() + 1 + 4;

/// A message type and the byte that says which way it goes, so a message is never read as one
/// of the other direction (postcard's bytes do not name their types).
pub trait Message: Serialize + DeserializeOwned {
    const DIRECTION: u8;
}

impl Message for ToWorker {
    const DIRECTION: u8 = b'>';
}

impl Message for FromWorker {
    const DIRECTION: u8 = b'<';
}

impl Message for PeerMessage {
    const DIRECTION: u8 = b'=';
}

impl Message for ToFiles {
    const DIRECTION: u8 = b'}';
}

impl Message for FromFiles {
    const DIRECTION: u8 = b'{';
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
            Self::WrongVersion { got } => write!(
                f,
                "protocol version {got} is not the supported version {VERSION}"
            ),
        }
    }
}

impl std::error::Error for ProtocolError {}

/// A message as the bytes posted between the threads.
pub fn encode<T: Message>(message: &T) -> Vec<u8> {
    // Sized first, then written into place: runs of bytes (a batch's weights) are copied whole,
    // where postcard's `to_extend` pushes them byte by byte.
    let size = postcard::experimental::serialized_size(message)
        .expect("protocol messages are plain data and always serialise");
    let mut bytes = vec![0; HEADER + size];
    bytes[..MAGIC.len()].copy_from_slice(&MAGIC);
    bytes[MAGIC.len()] = T::DIRECTION;
    bytes[MAGIC.len() + 1..HEADER].copy_from_slice(&VERSION.to_le_bytes());
    postcard::to_slice(message, &mut bytes[HEADER..])
        .expect("the message fits the size postcard gave it");
    bytes
}

/// Reads a message, refusing other versions, the other direction, and anything malformed.
pub fn decode<T: Message>(bytes: &[u8]) -> Result<T, ProtocolError> {
    let malformed = |why: &str| ProtocolError::Malformed(why.into());
    if bytes.len() < HEADER || bytes[..MAGIC.len()] != MAGIC {
        return Err(malformed("not a Descent message"));
    }
    if bytes[MAGIC.len()] != T::DIRECTION {
        return Err(malformed("a message meant for the other side"));
    }
    let version = u32::from_le_bytes(bytes[4..HEADER].try_into().expect("four bytes"));
    if version != VERSION {
        return Err(ProtocolError::WrongVersion { got: version });
    }
    let (message, rest) = postcard::take_from_bytes::<T>(&bytes[HEADER..])
        .map_err(|e| ProtocolError::Malformed(e.to_string()))?;
    if !rest.is_empty() {
        return Err(malformed("bytes left after the message"));
    }
    Ok(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Backend, Command, Event, digits, playground, quadratic, relu, tensors, titanic};
    use descent_core::digits::{
        BatchInspection, BatchReport, Conv, Dense, FineTuned, ModelKind, ModelSpec, Pair, PlainNet,
        Scores, Task, TrainChunk, TuneStage, Validation, WeightImages,
    };
    use descent_core::early_stopping::Stopped;
    use descent_core::optimizers::Optimizer;
    use descent_core::playground::{
        DatasetSpec, PlaygroundPicture, PlaygroundScores, PointTrace, Setup,
    };
    use descent_core::quadratic::{
        Coefficient, Coefficients, Descent, Evaluation, GradientBuffer, LossKind, NoisyQuadratic,
        StopReason, SurfaceSpec,
    };
    use descent_core::quadratic::{Race, RacePath, Racer};
    use descent_core::relu::{ReluSum, TargetCurve};
    use descent_core::run::RunEnd;
    use descent_core::schedules::{RatePlan, Schedule};

    fn evaluation() -> Evaluation {
        Evaluation {
            coefficients: Coefficients::new(1.5, -2.25, 0.125),
            loss: 4.21,
            gradient: Coefficients::new(-12.5, 3.0, 0.5),
        }
    }

    fn passenger() -> descent_core::titanic::Passenger {
        descent_core::titanic::Passenger {
            id: 1,
            name: "Braund, Mr. Owen Harris".into(),
            survived: false,
            class: 3,
            sex: descent_core::titanic::Sex::Male,
            age: None,
            siblings_spouses: 1,
            parents_children: 0,
            fare: Some(7.25),
            embarked: Some(descent_core::titanic::Port::Southampton),
        }
    }

    fn requests() -> Vec<ToWorker> {
        let spec = SurfaceSpec {
            x: Coefficient::A,
            y: Coefficient::C,
            at: Coefficients::new(1.0, 2.0, 3.0),
            x_range: (-5.0, 5.0),
            y_range: (-4.0, 4.0),
            resolution: 3,
        };
        let commands: Vec<Command> = vec![
            quadratic::Command::SetProblem {
                points: NoisyQuadratic::default().sample(),
                loss: LossKind::Mae,
            }
            .into(),
            quadratic::Command::Evaluate {
                at: Coefficients::new(1.5, 1.5, 1.5),
            }
            .into(),
            quadratic::Command::Descend {
                start: Some(quadratic::DescentStart {
                    from: Coefficients::new(1.5, 1.5, 1.5),
                    buffer: GradientBuffer::Accumulating(Coefficients::new(0.5, -1.0, 2.0)),
                    limit: Some(10_000),
                }),
                learning_rate: 0.01,
                steps: 5,
                zero_grad: false,
            }
            .into(),
            quadratic::Command::Surface { spec }.into(),
            quadratic::Command::Race {
                from: Coefficients::new(-1.0, 1.5, 4.5),
                racers: vec![Racer {
                    optimizer: Optimizer::MOMENTUM,
                    learning_rate: 0.015,
                }],
                steps: 300,
            }
            .into(),
            digits::Command::Load {
                base_url: "./mnist".into(),
            }
            .into(),
            digits::Command::PixelSimilarity {
                pair: Pair::new(2, 4).unwrap(),
            }
            .into(),
            digits::Command::ResetModel {
                spec: ModelSpec {
                    kind: ModelKind::AllDigits,
                    hidden: 30,
                    seed: 42,
                    augment: false,
                    pair: Pair::BOOK,
                },
            }
            .into(),
            digits::Command::Train {
                kind: ModelKind::Linear,
                optimizer: Optimizer::ADAM,
                rate: RatePlan {
                    schedule: Schedule::ONE_CYCLE,
                    max: 1.0,
                    total: 470,
                },
                epochs: 3,
                new_run: false,
                batch_size: 256,
                weights: true,
                patience: 2,
                sharing: digits::Sharing::Auto,
            }
            .into(),
            digits::Command::Export {
                kind: ModelKind::SimpleNet,
            }
            .into(),
            digits::Command::FindLearningRate {
                kind: ModelKind::AllDigits,
                batch_size: 64,
            }
            .into(),
            relu::Command::Fit {
                from: Some(relu::FitStart {
                    target: TargetCurve::Sine.points(5),
                    start: ReluSum::spread(3, (-2.0, 2.0)),
                    optimizer: Optimizer::RMSPROP,
                    learning_rate: 0.02,
                    steps: 50,
                }),
            }
            .into(),
            playground::Command::Reset {
                data: DatasetSpec::default(),
                own: None,
                network: Setup::default().network,
            }
            .into(),
            playground::Command::Reset {
                data: DatasetSpec::default(),
                own: descent_core::playground::OwnData::from_csv("1,2,0\n-3,4,1\n")
                    .ok()
                    .map(|u| u.data),
                network: Setup::default().network,
            }
            .into(),
            titanic::Command::Load {
                csv: "PassengerId,Survived\n1,0\n".into(),
            }
            .into(),
            titanic::Command::Train {
                kind: descent_core::titanic::ModelKind::Deep,
                epochs: 30,
                learning_rate: 4.0,
            }
            .into(),
            titanic::Command::Predict {
                passenger: passenger(),
            }
            .into(),
            tensors::Command::Stack { digit: 3 }.into(),
            tensors::Command::TimeDistances { digit: 9 }.into(),
            playground::Command::Train {
                optimizer: Optimizer::NESTEROV,
                rate: RatePlan::constant(0.03),
                batch_size: 10,
                max_steps: 1,
                limit: Some(400),
                picture: true,
                patience: 0,
            }
            .into(),
            playground::Command::FindRate.into(),
            playground::Command::Trace { point: 12 }.into(),
            digits::Command::TimeBatch {
                kind: ModelKind::Convolutional,
                batch_size: 64,
            }
            .into(),
            digits::Command::FineTune {
                net: plain_net(),
                pixels: vec![7; 784],
                labels: vec![4],
            }
            .into(),
            digits::Command::InspectBatch {
                kind: ModelKind::SimpleNet,
                learning_rate: 0.1,
                batch_size: 64,
                shown: 8,
            }
            .into(),
        ];
        let mut all = vec![ToWorker::Start {
            backend: Backend::WebGpu,
        }];
        all.extend(
            commands
                .into_iter()
                .enumerate()
                // Ids of every width the varint encoding has, round and round.
                .map(|(i, command)| ToWorker::Request {
                    id: 1 << ((i * 4) % 64),
                    command,
                }),
        );
        all
    }

    /// One filter of one weight, then 144 → 10.
    fn plain_net() -> PlainNet {
        PlainNet::new(
            Task::AllDigits,
            vec![Conv {
                inputs: 1,
                outputs: 1,
                kernel: 5,
                weight: vec![0.5; 25],
                bias: vec![0.0],
            }],
            vec![Dense {
                inputs: 144,
                outputs: 10,
                weight: vec![0.25; 1440],
                bias: vec![0.0; 10],
            }],
        )
        .unwrap()
    }

    fn weights() -> WeightImages {
        WeightImages {
            count: 1,
            side: 1,
            scale: 0.5,
            values: vec![-127, 0, 127],
        }
    }

    fn answers() -> Vec<FromWorker> {
        let events: Vec<Event> = vec![
            quadratic::Event::ProblemSet.into(),
            quadratic::Event::Evaluated(evaluation()).into(),
            quadratic::Event::Descended(Descent {
                visited: vec![evaluation(), evaluation()],
                stop: Some(StopReason::Diverged),
                buffer: GradientBuffer::Zeroed,
            })
            .into(),
            quadratic::Event::Raced(Race {
                paths: vec![RacePath {
                    visited: vec![evaluation()],
                    stop: None,
                    reached: Some(0),
                }],
                optimum: Some(evaluation()),
            })
            .into(),
            digits::Event::Loading {
                loaded: 10,
                total: 20,
                waiting_ms: 5000,
            }
            .into(),
            digits::Event::Trained {
                kind: ModelKind::SimpleNet,
                chunk: TrainChunk {
                    epoch: 1,
                    batch: 3,
                    batches_per_epoch: 49,
                    batches: vec![BatchReport {
                        loss: 0.25,
                        accuracy: 0.5,
                        learning_rate: 0.1,
                    }],
                    epoch_complete: false,
                    diverged: false,
                    workers: 2,
                },
                validation: Some(Validation {
                    loss: 0.1,
                    accuracy: 0.9,
                    confusion: None,
                }),
                weights: Some(weights()),
                end: Some(RunEnd::EarlyStopped(Stopped {
                    at: 5,
                    best_at: 3,
                    best_loss: 0.09,
                })),
                helper_lost: true,
            }
            .into(),
            digits::Event::Inspected {
                kind: ModelKind::Linear,
                chunk: TrainChunk {
                    epoch: 0,
                    batch: 1,
                    batches_per_epoch: 49,
                    batches: vec![BatchReport {
                        loss: 0.75,
                        accuracy: 0.5,
                        learning_rate: 0.1,
                    }],
                    epoch_complete: false,
                    diverged: false,
                    workers: 2,
                },
                inspection: Box::new(BatchInspection {
                    images: vec![0, 128, 255],
                    labels: vec![3],
                    predictions: vec![7],
                    batch_size: 256,
                    loss: 0.75,
                    accuracy: 0.5,
                    gradient_sizes: vec![1e-4],
                    first_gradient: weights(),
                    weights_before: weights(),
                    weights_after: weights(),
                    weights_change: weights(),
                }),
            }
            .into(),
            digits::Event::Finding {
                kind: ModelKind::Linear,
                batches: 12,
            }
            .into(),
            digits::Event::BatchTime {
                kind: ModelKind::Convolutional,
                batch_size: 64,
                seconds: 0.125,
                batches_per_epoch: 938,
            }
            .into(),
            digits::Event::Tuning(TuneStage::Stepping { done: 12 }).into(),
            digits::Event::FineTuned(Box::new(FineTuned {
                net: plain_net(),
                before: Scores {
                    own: 0.5,
                    mnist: 0.99,
                },
                after: Scores {
                    own: 1.0,
                    mnist: 0.98,
                },
                steps: 3,
                mnist_mixed: 3,
            }))
            .into(),
            relu::Event::Fitted {
                sum: ReluSum::spread(2, (-1.0, 1.0)),
                steps: 100,
                end: Some(RunEnd::Limit),
            }
            .into(),
            playground::Event::Trained {
                steps: 20,
                scores: PlaygroundScores {
                    train_loss: 0.25,
                    test_loss: 0.5,
                    train_accuracy: Some(0.75),
                    test_accuracy: None,
                },
                picture: Some(PlaygroundPicture {
                    resolution: 1,
                    output: vec![-127],
                    neurons: vec![vec![0], vec![127]],
                    weights: vec![vec![0.5, -0.5], vec![1.0, 2.0]],
                    biases: vec![vec![0.25], vec![-1.0]],
                }),
                gradients: vec![1e-6, 0.25],
                end: Some(RunEnd::EarlyStopped(
                    descent_core::early_stopping::Stopped {
                        at: 20,
                        best_at: 10,
                        best_loss: 0.5,
                    },
                )),
            }
            .into(),
            playground::Event::Traced(PointTrace {
                point: 3,
                values: vec![vec![0.5, -1.0], vec![0.25]],
                gradients: vec![vec![0.0, 1e-3], vec![-2.0]],
                weight_gradients: vec![vec![0.125, 0.5]],
            })
            .into(),
            titanic::Event::Loaded {
                cleaning: descent_core::titanic::Cleaning::learn(&[passenger()]).unwrap(),
                examples: vec![passenger()],
            }
            .into(),
            titanic::Event::Trained(descent_core::titanic::TrainingReport {
                kind: descent_core::titanic::ModelKind::Linear,
                learning_rate: 100.0,
                losses: vec![descent_core::titanic::EpochLoss {
                    train: 0.5,
                    valid: 0.25,
                }],
                accuracy: 0.79,
                coefficients: Some((vec![("Age".into(), -0.5)], 0.125)),
                weights: vec![descent_core::weights::Tensor::new(
                    "0.bias",
                    vec![1],
                    vec![0.125],
                )],
            })
            .into(),
            titanic::Event::Predicted(vec![(descent_core::titanic::ModelKind::OneHidden, 0.75)])
                .into(),
            tensors::Event::Stack {
                digit: 3,
                count: 1,
                pixels: vec![7; 784],
            }
            .into(),
            tensors::Event::Distances(tensors::DistanceTimes {
                digit: 3,
                looped_ms: 12.5,
                vectorised_ms: 0.25,
                distances: vec![0.125, 0.5],
                disagreement: 1e-7,
            })
            .into(),
        ];
        let mut all = vec![
            FromWorker::Ready {
                backend: Backend::Cpu,
                fallback: Some("no adapter".into()),
            },
            FromWorker::DeviceLost {
                message: "destroyed".into(),
            },
            FromWorker::Panicked {
                message: "index out of bounds".into(),
            },
            FromWorker::Failed {
                id: 3,
                message: "nope".into(),
            },
            FromWorker::Refused {
                message: "not bytes".into(),
            },
        ];
        all.extend(events.into_iter().enumerate().map(|(i, event)| {
            if i % 2 == 0 {
                FromWorker::Reply {
                    id: i as u64,
                    event,
                }
            } else {
                FromWorker::Progress {
                    id: i as u64,
                    event,
                }
            }
        }));
        all
    }

    #[test]
    fn every_message_round_trips() {
        for request in requests() {
            assert_eq!(decode::<ToWorker>(&encode(&request)), Ok(request));
        }
        for answer in answers() {
            assert_eq!(decode::<FromWorker>(&encode(&answer)), Ok(answer));
        }
    }

    #[test]
    fn the_workers_halves_and_gradients_round_trip_and_stay_apart_from_the_pages() {
        use crate::peer::PeerMessage;
        use descent_core::digits::data_parallel::{HalfBatch, HalfGradient, SharedDigits};
        let spec = ModelSpec {
            kind: ModelKind::AllDigits,
            hidden: 2,
            seed: 1,
            augment: true,
            pair: Pair::new(0, 1).unwrap(),
        };
        let messages = [
            PeerMessage::Hello,
            PeerMessage::Digits(SharedDigits {
                task: descent_core::digits::Task::AllDigits,
                pixels: vec![0, 255, 7],
                labels: vec![9],
            }),
            PeerMessage::Half(HalfBatch {
                sequence: 4,
                spec,
                epoch: 2,
                indices: vec![59_999, 0],
                weights: vec![0.5, -1.0, f32::MIN_POSITIVE],
            }),
            PeerMessage::Gradient(HalfGradient {
                sequence: 5,
                gradient: vec![f32::NAN, 1e-30],
                loss: 2.3,
                correct: 12.0,
            }),
            PeerMessage::Refused("no".into()),
        ];
        for message in messages {
            let bytes = encode(&message);
            let back: PeerMessage = decode(&bytes).unwrap();
            assert_eq!(format!("{back:?}"), format!("{message:?}"));
            assert!(decode::<FromWorker>(&bytes).is_err());
        }
        // Weights and gradients go as one run of bytes: 4 a number, plus a short header.
        let half = PeerMessage::Half(HalfBatch {
            sequence: 1,
            spec,
            epoch: 0,
            indices: vec![1],
            weights: vec![0.25; 10_000],
        });
        assert!(encode(&half).len() < 40_000 + 64);
    }

    /// JSON has no NaN or infinity; these bytes carry both, so a run that blew up is reported
    /// with its numbers, never as a malformed message.
    #[test]
    fn non_finite_numbers_cross_the_wire() {
        let blown = FromWorker::Reply {
            id: 9,
            event: playground::Event::Trained {
                steps: 3,
                scores: PlaygroundScores {
                    train_loss: f32::NAN,
                    test_loss: f32::INFINITY,
                    train_accuracy: Some(f32::NEG_INFINITY),
                    test_accuracy: None,
                },
                picture: None,
                gradients: vec![f32::NAN],
                end: Some(RunEnd::Diverged),
            }
            .into(),
        };
        let Ok(FromWorker::Reply {
            event: Event::Playground(playground::Event::Trained { scores, .. }),
            ..
        }) = decode::<FromWorker>(&encode(&blown))
        else {
            panic!("the message did not come back");
        };
        assert!(scores.train_loss.is_nan());
        assert_eq!(scores.test_loss, f32::INFINITY);
        assert_eq!(scores.train_accuracy, Some(f32::NEG_INFINITY));
        assert!(scores.diverged());
    }

    #[test]
    fn the_wire_format_has_a_header_and_a_compact_body() {
        let bytes = encode(&ToWorker::Request {
            id: 1,
            command: quadratic::Command::Evaluate {
                at: Coefficients::new(1.0, 2.0, 3.0),
            }
            .into(),
        });
        let mut expected = b"DSC>".to_vec();
        expected.extend(VERSION.to_le_bytes());
        // Request (1), id 1, Quadratic (0), Evaluate (1), then a, b, c as f32.
        expected.extend([1, 1, 0, 1]);
        for v in [1.0f32, 2.0, 3.0] {
            expected.extend(v.to_le_bytes());
        }
        assert_eq!(bytes, expected);
    }

    #[test]
    fn malformed_unknown_and_foreign_messages_are_refused() {
        let good = encode(&requests()[2]);
        let header = |version: u32| [b"DSC>".as_slice(), &version.to_le_bytes()].concat();
        let refused: Vec<Vec<u8>> = vec![
            vec![],
            b"not a message".to_vec(),
            br#"{"version":6,"body":{"start":{"backend":"cpu"}}}"#.to_vec(),
            header(VERSION),
            // An unknown kind of message, and an unknown lab.
            [header(VERSION), vec![9]].concat(),
            [header(VERSION), vec![1, 1, 7, 0]].concat(),
            // An unknown backend.
            [header(VERSION), vec![0, 5]].concat(),
            // Cut short, and with bytes after the end.
            good[..good.len() - 2].to_vec(),
            [good.clone(), vec![0]].concat(),
        ];
        for bytes in refused {
            assert!(
                matches!(decode::<ToWorker>(&bytes), Err(ProtocolError::Malformed(_))),
                "accepted {bytes:?}"
            );
        }
        let mut old = good.clone();
        old[4..8].copy_from_slice(&5u32.to_le_bytes());
        assert_eq!(
            decode::<ToWorker>(&old),
            Err(ProtocolError::WrongVersion { got: 5 })
        );
        // A request is not an answer, and the other way round.
        assert!(decode::<FromWorker>(&good).is_err());
        assert!(decode::<ToWorker>(&encode(&answers()[0])).is_err());
    }
}
