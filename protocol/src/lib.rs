//! The one language between the page and its engine workers: typed requests and answers, grouped
//! by lab, with a version, sent as bytes. Anything else is refused with an error, never a panic.
//!
//! The page sends [`ToWorker`]: `Start` once, then requests, each with an id unique across the
//! page. The worker answers each request exactly once, with a `Reply` or a `Failed` of the same id
//! (some send `Progress` first), and says `Ready`, `DeviceLost` or `Panicked` about itself.

pub mod digits;
pub mod files;
pub mod peer;
pub mod playground;
pub mod quadratic;
pub mod relu;
pub mod tensors;
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

/// Every lab, declared once: its variant, its module (of messages here, of the handler in the
/// worker, of the state and view in the page), its key in the address (`?lab=`), its tab's label,
/// the engine worker it trains in, and its state's type in the page.
/// Whatever lists labs is derived from this list: the messages here, the page's routes, tabs and
/// workers, the worker's dispatch. Adding a lab is one line here (README, "Adding a lab").
///
/// `with_labs!(then)` calls the caller's macro `then!` with the list, each entry
/// `Variant(module, "key", "Tab label", Slot, PageState)`.
#[macro_export]
macro_rules! with_labs {
    ($then:ident) => {
        $then! {
            Quadratic(quadratic, "quadratic", "Quadratic lab", Quadratic, QuadraticLab),
            Digits(digits, "digits", "Digits lab", Digits, DigitsLab),
            Relu(relu, "relu", "ReLU lab", Networks, ReluLab),
            Playground(playground, "playground", "Network playground", Networks, PlaygroundLab),
            Titanic(titanic, "titanic", "Titanic lab", Networks, TitanicLab),
            Tensors(tensors, "tensors", "Tensors lab", Digits, TensorsLab),
        }
    };
}

/// The engine workers the page runs (their slots). The Quadratic and Digits labs have one each, the networks'
/// labs share one: separate workers train on separate cores, and a fault in one lab's worker
/// leaves the others running (README, "The engine workers").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    Quadratic,
    Digits,
    Networks,
}

impl Slot {
    pub const ALL: [Self; 3] = [Self::Quadratic, Self::Digits, Self::Networks];

    /// Its name in its worker's address.
    pub fn name(self) -> &'static str {
        match self {
            Self::Quadratic => "quadratic",
            Self::Digits => "digits",
            Self::Networks => "networks",
        }
    }

    /// The labs that train in it.
    pub fn labs(self) -> impl Iterator<Item = LabKind> {
        LabKind::ALL
            .iter()
            .copied()
            .filter(move |&lab| lab.slot() == self)
    }
}

macro_rules! lab_messages {
    ($($variant:ident($module:ident, $key:literal, $label:literal, $worker:ident, $page:ident)),* $(,)?) => {
        /// The labs.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum LabKind {
            $($variant),*
        }

        impl LabKind {
            pub const ALL: &[Self] = &[$(Self::$variant),*];

            /// Its value of `?lab=`.
            pub fn key(self) -> &'static str {
                match self {
                    $(Self::$variant => $key),*
                }
            }

            /// Its tab's label.
            pub fn label(self) -> &'static str {
                match self {
                    $(Self::$variant => $label),*
                }
            }

            /// The engine worker it trains in.
            pub fn slot(self) -> Slot {
                match self {
                    $(Self::$variant => Slot::$worker),*
                }
            }

            /// The lab whose key is `key`.
            pub fn from_key(key: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|lab| lab.key() == key)
            }
        }

        /// A lab's request.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub enum Command {
            $($variant($module::Command)),*
        }

        impl Command {
            pub fn lab(&self) -> LabKind {
                match self {
                    $(Self::$variant(_) => LabKind::$variant),*
                }
            }
        }

        /// A lab's answer.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub enum Event {
            $($variant($module::Event)),*
        }

        $(
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
        )*
    };
}

with_labs!(lab_messages);

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
