//! The Tensors lab's state: the stack of training 3s (MNIST as the Digits lab loads it, in the
//! same worker, so it is downloaded once), and the last timing of the loop against the tensor
//! operation.

use crate::asked::Asked;
use crate::digits::{DataState, DigitsLab};
use crate::engine_client::{EngineClient, LabControl, TakesAnswers};
use descent_core::mnist::PIXELS;
use descent_core::tensors::mean_image;
use leptos::prelude::*;
use protocol::RequestId;
use protocol::tensors::{Command, DistanceTimes, Event};
use std::sync::Arc;

/// The book's stack: every training 3.
pub const DIGIT: u8 = 3;

/// A digit's training images as the lab holds them.
#[derive(Debug, Clone, PartialEq)]
pub struct Stack {
    pub digit: u8,
    pub count: usize,
    /// 28×28 grey levels (0–255), image after image.
    pub pixels: Arc<Vec<u8>>,
    /// Their average image, 0–1.
    pub mean: Arc<Vec<f32>>,
}

impl Stack {
    /// One image's grey levels, in 0–1.
    pub fn image(&self, index: usize) -> Vec<f32> {
        self.pixels[index * PIXELS..(index + 1) * PIXELS]
            .iter()
            .map(|&p| f32::from(p) / 255.0)
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum StackState {
    /// MNIST is on its way (the Digits lab's download shows how far).
    Waiting,
    Ready(Stack),
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Timing {
    None,
    Running,
    Done(DistanceTimes),
    Failed(String),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Asking {
    Stack,
    Time,
}

#[derive(Clone, Copy)]
pub struct TensorsLab {
    engine: EngineClient,
    /// Whose worker and data this lab shares.
    pub digits: DigitsLab,
    pub stack: RwSignal<StackState>,
    pub timing: RwSignal<Timing>,
    asked: Asked<Asking>,
    opened: StoredValue<bool>,
}

impl TensorsLab {
    pub fn new(engine: EngineClient) -> Self {
        let lab = Self {
            engine,
            digits: expect_context::<DigitsLab>(),
            stack: RwSignal::new(StackState::Waiting),
            timing: RwSignal::new(Timing::None),
            asked: Asked::new(),
            opened: StoredValue::new(false),
        };
        engine.connect(lab);
        // The stack is asked for once MNIST is in the worker, and again after a new worker's load.
        Effect::new(move |_| {
            let loaded = matches!(lab.digits.data.get(), DataState::Ready(_));
            if loaded && lab.opened.get_value() && lab.stack.get_untracked() == StackState::Waiting
            {
                lab.ask_stack();
            }
        });
        lab
    }

    /// The tab was chosen: MNIST is loaded through the Digits lab (once for both).
    pub fn open(self) {
        if !self.opened.get_value() {
            self.opened.set_value(true);
            self.digits.open();
            // Already loaded: the effect has run, so ask here.
            if matches!(self.digits.data.get_untracked(), DataState::Ready(_)) {
                self.ask_stack();
            }
        }
    }

    fn ask_stack(self) {
        self.asked
            .ask(self.engine, Command::Stack { digit: DIGIT }, Asking::Stack);
    }

    /// Times the loop against the tensor operation, in the worker.
    pub fn time(self) {
        self.timing.set(Timing::Running);
        self.asked.ask(
            self.engine,
            Command::TimeDistances { digit: DIGIT },
            Asking::Time,
        );
    }

    /// MNIST could not be loaded: try again, through the Digits lab.
    pub fn retry(self) {
        self.stack.set(StackState::Waiting);
        self.digits.load();
    }
}

impl TakesAnswers for TensorsLab {
    type Event = Event;

    fn answer(&self, id: RequestId, event: Event) {
        match (self.asked.take(id), event) {
            (
                Some(Asking::Stack),
                Event::Stack {
                    digit,
                    count,
                    pixels,
                },
            ) => {
                let mean = mean_image(&pixels);
                self.stack.set(StackState::Ready(Stack {
                    digit,
                    count,
                    pixels: Arc::new(pixels),
                    mean: Arc::new(mean),
                }));
            }
            (Some(Asking::Time), Event::Distances(times)) => self.timing.set(Timing::Done(times)),
            _ => {}
        }
    }
}

impl LabControl for TensorsLab {
    fn failed(&self, id: RequestId, message: String) {
        match self.asked.take(id) {
            Some(Asking::Stack) => self.stack.set(StackState::Failed(message)),
            Some(Asking::Time) => self.timing.set(Timing::Failed(message)),
            None => {}
        }
    }

    /// A new worker: the Digits lab loads MNIST again, and the stack is asked for once it has.
    fn restarted(&self) {
        self.asked.forget_all();
        if self.stack.get_untracked() != StackState::Waiting {
            self.stack.set(StackState::Waiting);
        }
        if self.timing.get_untracked() == Timing::Running {
            self.timing.set(Timing::None);
        }
    }
}
