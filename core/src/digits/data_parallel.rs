//! The messages of data-parallel training on two engines: the training digits, sent once, and
//! per batch a half batch one way and its gradient the other (the engine trains; see its
//! `digits::data_parallel`). Weights and gradients cross as one run of bytes.

use super::task::{ModelSpec, Task, TaskData};
use serde::{Deserialize, Serialize};

/// A task's training digits, for the peer to take its halves from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedDigits {
    pub task: Task,
    #[serde(with = "as_bytes")]
    pub pixels: Vec<u8>,
    #[serde(with = "as_bytes")]
    pub labels: Vec<u8>,
}

impl SharedDigits {
    pub fn of(data: &TaskData) -> Self {
        Self {
            task: data.task,
            pixels: data.train.pixels().to_vec(),
            labels: data.train.labels().to_vec(),
        }
    }
}

/// One half of a mini-batch, for the peer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HalfBatch {
    /// Counts the halves shared, so an answer that comes too late is told from the awaited one.
    pub sequence: u64,
    /// The model's shape and seed, and the epoch: the peer builds a model like it, and distorts
    /// its digits as the leader would.
    pub spec: ModelSpec,
    pub epoch: usize,
    /// Indices into the training digits.
    pub indices: Vec<u32>,
    /// The leader's weights, every parameter in the model's own visiting order.
    #[serde(with = "as_bytes")]
    pub weights: Vec<f32>,
}

/// The peer's answer: the gradient of the mean loss over its half, every parameter in the
/// visiting order, with that loss and how many of its images the model got right.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HalfGradient {
    pub sequence: u64,
    #[serde(with = "as_bytes")]
    pub gradient: Vec<f32>,
    pub loss: f32,
    pub correct: f32,
}

/// Arrays of plain numbers as one run of bytes (postcard would write each element on its own:
/// a hundred thousand calls for a batch's weights).
mod as_bytes {
    use bytemuck::Pod;
    use serde::de::{Deserializer, Error, Visitor};
    use serde::ser::Serializer;
    use std::fmt;
    use std::marker::PhantomData;

    pub fn serialize<T: Pod, S: Serializer>(
        values: &[T],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(bytemuck::cast_slice(values))
    }

    pub fn deserialize<'de, T: Pod, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<T>, D::Error> {
        struct Bytes<T>(PhantomData<T>);
        impl<T: Pod> Visitor<'_> for Bytes<T> {
            type Value = Vec<T>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "bytes of whole {}-byte numbers", size_of::<T>())
            }

            fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<Vec<T>, E> {
                if !bytes.len().is_multiple_of(size_of::<T>()) {
                    return Err(E::custom(format!("{} bytes", bytes.len())));
                }
                Ok(bytemuck::pod_collect_to_vec(bytes))
            }
        }
        deserializer.deserialize_bytes(Bytes(PhantomData))
    }
}
