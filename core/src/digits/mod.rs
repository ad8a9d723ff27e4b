//! fastbook chapter 4's digits, as plain data: the tasks and models of the book's ladder, the
//! learner's own digits and strokes, trained models as plain numbers, and what training reports.
//! Training them on burn is the engine's.

mod augment;
mod batches;
pub mod data_parallel;
pub mod fine_tuning;
mod inference;
mod metrics;
pub mod own_digits;
mod pair;
mod preprocess;
mod reports;
pub mod setup;
mod seven_steps;
mod similarity;
pub mod state_dict;
pub mod strokes;
mod task;

pub use augment::distorted;
pub use batches::epoch_order;
pub use fine_tuning::{FineTuned, Scores, TuneStage, accuracy_on};
pub use inference::{Conv, Dense, FeatureMaps, PlainNet, Reading};
pub use metrics::{ConfusionMatrix, accuracy};
pub use pair::Pair;
pub use preprocess::mnist_like;
pub use reports::{BatchInspection, BatchReport, TrainChunk, Validation, WeightImages};
pub use setup::{DigitsSetup, RungSettings};
pub use seven_steps::Stage;
pub use similarity::SimilarityReport;
pub use task::{KERNEL, ModelKind, ModelSpec, Task, TaskData, pooled_side};
