//! The one language between the page and its engine workers: typed requests and answers, grouped
//! by lab, with a version, sent as bytes. Anything else is refused with an error, never a panic.
//!
//! The page sends [`ToWorker`]: `Start` once, then requests, each with an id unique across the
//! page. The worker answers each request exactly once, with a `Reply` or a `Failed` of the same id
//! (some send `Progress` first), and says `Ready`, `DeviceLost` or `Panicked` about itself.

pub mod digits;
pub mod peer;
pub mod playground;
pub mod quadratic;
pub mod relu;
pub mod titanic;
mod wire;

use serde::{Deserialize, Serialize};
pub use wire::{ProtocolError, VERSION, decode, encode};

/// Names one request; unique across the page, so an answer can only be for the request that
/// asked.
pub type RequestId = u64;

/// Where the engine trains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Backend {
    Cpu,
    WebGpu,
}

/// The labs that talk to the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LabKind {
    Quadratic,
    Digits,
    Relu,
    Playground,
    Titanic,
}

impl LabKind {
    pub const ALL: [Self; 5] = [
        Self::Quadratic,
        Self::Digits,
        Self::Relu,
        Self::Playground,
        Self::Titanic,
    ];
}

/// What the page sends a worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ToWorker {
    /// Start the engine on this backend; requests sent before it wait. Sent once per worker.
    Start {
        backend: Backend,
    },
    Request {
        id: RequestId,
        command: Command,
    },
}

/// A lab's request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Command {
    Quadratic(quadratic::Command),
    Digits(digits::Command),
    Relu(relu::Command),
    Playground(playground::Command),
    Titanic(titanic::Command),
}

impl Command {
    pub fn lab(&self) -> LabKind {
        match self {
            Self::Quadratic(_) => LabKind::Quadratic,
            Self::Digits(_) => LabKind::Digits,
            Self::Relu(_) => LabKind::Relu,
            Self::Playground(_) => LabKind::Playground,
            Self::Titanic(_) => LabKind::Titanic,
        }
    }
}

/// What a worker tells the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FromWorker {
    /// The engine is up, on this backend; `fallback` says why it is not the one asked for.
    Ready {
        backend: Backend,
        fallback: Option<String>,
    },
    /// The GPU device was lost: nothing more can run on it.
    DeviceLost { message: String },
    /// The engine hit a bug (a Rust panic); the worker cannot go on.
    Panicked { message: String },
    /// Part of the way through request `id`; its `Reply` or `Failed` follows.
    Progress { id: RequestId, event: Event },
    /// Request `id`'s answer.
    Reply { id: RequestId, event: Event },
    /// Request `id` could not be done; the message says why.
    Failed { id: RequestId, message: String },
    /// A message the worker could not read, so it cannot say which request it was.
    Refused { message: String },
}

/// A lab's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    Quadratic(quadratic::Event),
    Digits(digits::Event),
    Relu(relu::Event),
    Playground(playground::Event),
    Titanic(titanic::Event),
}

macro_rules! lab_messages {
    ($($variant:ident: $module:ident),*) => {$(
        impl From<$module::Command> for Command {
            fn from(command: $module::Command) -> Self {
                Self::$variant(command)
            }
        }
        impl From<$module::Event> for Event {
            fn from(event: $module::Event) -> Self {
                Self::$variant(event)
            }
        }
    )*};
}

lab_messages!(
    Quadratic: quadratic,
    Digits: digits,
    Relu: relu,
    Playground: playground,
    Titanic: titanic
);
