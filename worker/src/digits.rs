//! The Digits lab's side of the worker: the loaded MNIST, and one trainer per model kind.

use crate::clock::{now, yield_now};
use crate::download::{Download, load_mnist};
use crate::finder;
use crate::peer::Peer;
use crate::slices::run_slice;
use crate::{Context, LabHandler};
use engine::digits::data_parallel::Alone;
use engine::digits::{
    BatchProbe, DigitNet, DigitTrainer, ModelKind, ModelSpec, Task, TaskData, TrainChunk,
    Validation, fine_tune, pixel_similarity, warm_up,
};
use engine::early_stopping::Stopped;
use engine::mnist::Digits;
use engine::optimizers::Optimizer;
use engine::run::{Run, RunEnd, RunPlan, Training};
use engine::{Device, EngineError};
use protocol::digits::{Command, Event, Sharing};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::Arc;

/// Training samples the data panel shows.
const SAMPLES: usize = 36;
/// First-layer units drawn as images.
const MAX_WEIGHT_IMAGES: usize = 32;
/// A `Train` runs about this long before answering, so progress shows ~20 times a second.
const SLICE_MS: f64 = 40.0;
/// Batches between reads of the losses inside a slice.
const BATCHES_PER_READ: usize = 4;

thread_local! {
    /// MNIST as loaded (all ten digits), for the Digits lab and the Tensors lab, which share
    /// this worker: loaded once.
    static LOADED: RefCell<Option<Arc<TaskData>>> = const { RefCell::new(None) };
}

/// MNIST, once a `Load` has brought it.
pub fn loaded() -> Result<Arc<TaskData>, EngineError> {
    LOADED
        .with_borrow(Clone::clone)
        .ok_or_else(|| EngineError::InvalidInput("the digits are not loaded yet".into()))
}

#[derive(Default)]
pub struct Handler {
    /// The last pair's digits, taken out of all ten when first asked for.
    pair_data: RefCell<Option<Arc<TaskData>>>,
    trainers: RefCell<HashMap<ModelKind, DigitTrainer>>,
    /// Each model's run in progress.
    runs: RefCell<HashMap<ModelKind, HeldRun>>,
    /// The download in progress, so a new `Load` can cancel it.
    download: RefCell<Option<Download>>,
    /// The last download failed: the next one fetches past the caches, which may hold a bad copy.
    load_failed: Cell<bool>,
}

impl Handler {
    /// A new `Load` replaces one in progress (the learner pressed Retry on a stalled download):
    /// cancelled here, as the message arrives, since the worker answers one request at a time.
    pub fn cancel_load(&self) {
        if let Some(download) = self.download.borrow_mut().take() {
            download.cancel();
        }
    }

    async fn respond(
        &self,
        command: Command,
        device: &Device,
        peer: Option<&Peer>,
        progress: impl Fn(Event),
    ) -> Result<Event, EngineError> {
        match command {
            Command::Load { base_url } => self.load(&base_url, device, progress).await,
            Command::PixelSimilarity { pair } => {
                let data = self.task_data(Task::Pair(pair))?;
                let report = pixel_similarity(pair, &data.train, &data.valid, device).await?;
                Ok(Event::Similarity(report))
            }
            Command::ResetModel { spec } => self.reset(spec, device).await,
            Command::Train {
                kind,
                optimizer,
                rate,
                epochs,
                new_run,
                batch_size,
                weights,
                patience,
                sharing,
            } => {
                let plan = RunPlan {
                    rate,
                    limit: Some(epochs),
                    patience,
                    check_every: 1,
                };
                let held = self.runs.borrow_mut().remove(&kind);
                let (mut held, new_run) = match held.filter(|_| !new_run) {
                    Some(mut held) => {
                        held.run.replan(plan);
                        (held, false)
                    }
                    None => (
                        HeldRun {
                            run: Run::new(plan),
                            epochs_before: None,
                        },
                        true,
                    ),
                };
                let start = Start {
                    optimizer,
                    batch_size,
                    sharing,
                    new_run,
                };
                let event = self
                    .with_trainer(kind, async |trainer| {
                        train(trainer, kind, start, &mut held, weights, peer).await
                    })
                    .await;
                self.runs.borrow_mut().insert(kind, held);
                event
            }
            Command::InspectBatch {
                kind,
                learning_rate,
                batch_size,
                shown,
            } => {
                self.with_trainer(kind, async |trainer| {
                    let (chunk, inspection) = trainer
                        .inspect_batch(learning_rate, batch_size, shown)
                        .await?;
                    Ok(Event::Inspected {
                        kind,
                        chunk,
                        inspection: Box::new(inspection),
                    })
                })
                .await
            }
            Command::Export { kind } => {
                self.with_trainer(kind, async |trainer| {
                    let net = trainer.export().await?;
                    Ok(Event::Exported { kind, net })
                })
                .await
            }
            Command::FindLearningRate { kind, batch_size } => {
                let mut fork = self.fork(kind)?;
                let mut probe = BatchProbe {
                    trainer: &mut fork,
                    batch_size,
                };
                let curve = finder::sweep(&mut probe, |batches| {
                    progress(Event::Finding { kind, batches })
                })
                .await?;
                Ok(Event::Rates { kind, curve })
            }
            Command::TimeBatch { kind, batch_size } => {
                let mut fork = self.fork(kind)?;
                let rate = kind.default_learning_rate();
                // The first batch compiles WebGPU's shaders: only the second is timed.
                fork.train(rate, batch_size, 1).await?;
                let started = now();
                let chunk = fork.train(rate, batch_size, 1).await?;
                Ok(Event::BatchTime {
                    kind,
                    batch_size,
                    seconds: (now() - started) / 1000.0,
                    batches_per_epoch: chunk.batches_per_epoch,
                })
            }
            Command::FineTune {
                net,
                pixels,
                labels,
            } => {
                let own = Digits::from_parts(pixels, labels)?;
                let mnist = self.task_data(Task::AllDigits)?;
                // Seeded by the set, so the same digits are mixed with the same MNIST digits.
                let seed = own.len() as u64;
                let tuned = fine_tune(&net, &own, &mnist, seed, device, async |stage| {
                    progress(Event::Tuning(stage));
                    yield_now().await
                })
                .await?;
                Ok(Event::FineTuned(Box::new(tuned)))
            }
        }
    }

    async fn load(
        &self,
        base_url: &str,
        device: &Device,
        progress: impl Fn(Event),
    ) -> Result<Event, EngineError> {
        let download = Download::new(self.load_failed.get());
        *self.download.borrow_mut() = Some(download.clone());
        let mnist = load_mnist(&download, base_url, |loaded, total, waiting_ms| {
            progress(Event::Loading {
                loaded,
                total,
                waiting_ms,
            })
        });
        // On a GPU, the shaders compile meanwhile (the download mostly waits on the network).
        let shaders = async {
            if *device != engine::cpu_device()
                && let Err(error) = warm_up(device).await
            {
                web_sys::console::warn_1(&format!("the shaders' warm-up failed: {error}").into());
            }
        };
        let (mnist, ()) = futures_util::future::join(mnist, shaders).await;
        self.download.borrow_mut().take();
        self.load_failed.set(mnist.is_err());
        let mnist = mnist?;
        // Each step below takes a while on the CPU: the event loop gets a turn in between.
        let overview = mnist.overview(SAMPLES);
        yield_now().await;
        LOADED.set(Some(Arc::new(TaskData::all_digits(mnist))));
        self.pair_data.borrow_mut().take();
        Ok(Event::Loaded(overview))
    }

    fn task_data(&self, task: Task) -> Result<Arc<TaskData>, EngineError> {
        let all_digits = loaded()?;
        let Task::Pair(pair) = task else {
            return Ok(all_digits);
        };
        let mut kept = self.pair_data.borrow_mut();
        match kept.as_ref() {
            Some(data) if data.task == task => Ok(data.clone()),
            _ => Ok(kept.insert(Arc::new(all_digits.of_pair(pair))).clone()),
        }
    }

    async fn reset(&self, spec: ModelSpec, device: &Device) -> Result<Event, EngineError> {
        let trainer = DigitTrainer::new(spec, self.task_data(spec.task())?, device)?;
        let weights = trainer.first_layer_images(MAX_WEIGHT_IMAGES).await?;
        self.trainers.borrow_mut().insert(spec.kind, trainer);
        self.runs.borrow_mut().remove(&spec.kind);
        Ok(Event::ModelReady { spec, weights })
    }

    /// A copy of the model of this kind, to try things on (the finder, a timed batch) while the
    /// learner's model is left as it was.
    fn fork(&self, kind: ModelKind) -> Result<DigitTrainer, EngineError> {
        self.trainers
            .borrow()
            .get(&kind)
            .cloned()
            .ok_or_else(no_model)
    }

    /// Runs `work` on the model of this kind, taken out of the map meanwhile so that no borrow
    /// is held across an await.
    async fn with_trainer(
        &self,
        kind: ModelKind,
        work: impl AsyncFnOnce(&mut DigitTrainer) -> Result<Event, EngineError>,
    ) -> Result<Event, EngineError> {
        let mut trainer = self
            .trainers
            .borrow_mut()
            .remove(&kind)
            .ok_or_else(no_model)?;
        let result = work(&mut trainer).await;
        self.trainers.borrow_mut().insert(kind, trainer);
        result
    }
}

fn no_model() -> EngineError {
    EngineError::InvalidInput("there is no model yet: press Reset".into())
}

/// A model's run, kept between its slices.
struct HeldRun {
    run: Run<DigitNet>,
    /// Epochs the model had trained when the run began: early stopping counts the run's, the
    /// learner's chart counts since the reset.
    epochs_before: Option<usize>,
}

/// How a `Train` slice trains.
struct Start {
    optimizer: Optimizer,
    batch_size: usize,
    sharing: Sharing,
    new_run: bool,
}

/// A Digits model training under a [`Run`]: its batches, split with the second worker by the
/// pace so far, gathered into the chunk the page is shown.
struct DigitBatches<'a> {
    trainer: &'a mut DigitTrainer,
    batch_size: usize,
    peer: Option<&'a Peer>,
    always_share: bool,
    chunk: Option<TrainChunk>,
    shared_batches: usize,
    /// The validation early stopping asked for, shown with the epoch's end.
    validation: Option<Validation>,
}

impl Training for DigitBatches<'_> {
    type Weights = DigitNet;

    async fn train_steps(&mut self, rates: &[f32], _first: usize) -> Result<Vec<f32>, EngineError> {
        let started = now();
        let next = match self.peer {
            Some(mut peer) if peer.share_next(self.always_share) => {
                self.trainer
                    .train_rates(rates, self.batch_size, &mut peer)
                    .await?
            }
            _ => {
                self.trainer
                    .train_rates(rates, self.batch_size, &mut Alone)
                    .await?
            }
        };
        let shared = next.workers == 2;
        if let Some(peer) = self.peer {
            let images = next.batches.len() * self.batch_size;
            peer.record(shared, now() - started, images);
        }
        if shared {
            self.shared_batches += next.batches.len();
        }
        let losses = next.batches.iter().map(|batch| batch.loss).collect();
        self.chunk = Some(match self.chunk.take() {
            Some(chunk) => chunk.followed_by(next),
            None => next,
        });
        Ok(losses)
    }

    async fn held_out_loss(&mut self) -> Result<f32, EngineError> {
        let validation = self.trainer.validate_with(yield_now).await?;
        let loss = validation.loss;
        self.validation = Some(validation);
        Ok(loss)
    }

    fn weights(&self) -> DigitNet {
        self.trainer.weights()
    }

    fn restore(&mut self, weights: DigitNet) {
        self.trainer.restore(weights);
    }

    fn diverged(&self, loss: f32) -> bool {
        self.trainer.diverged(loss)
    }

    fn steps_left_in_epoch(&self) -> Option<usize> {
        Some(self.trainer.batches_left_in_epoch(self.batch_size))
    }

    fn at_epoch_end(&self) -> bool {
        self.trainer.at_epoch_end()
    }
}

/// A slice of a model's run, ending early at the end of an epoch (validated then) or when the
/// run ends.
async fn train(
    trainer: &mut DigitTrainer,
    kind: ModelKind,
    start: Start,
    held: &mut HeldRun,
    weights: bool,
    peer: Option<&Peer>,
) -> Result<Event, EngineError> {
    trainer.set_optimizer(start.optimizer);
    let had_peer = peer.is_some_and(|peer| !peer.is_gone());
    if start.new_run
        && let Some(peer) = peer
    {
        peer.new_run();
    }
    let epochs_before = *held.epochs_before.get_or_insert(trainer.epochs_done());
    let mut batches = DigitBatches {
        trainer,
        batch_size: start.batch_size,
        peer,
        always_share: start.sharing == Sharing::Always,
        chunk: None,
        shared_batches: 0,
        validation: None,
    };
    run_slice(
        &mut held.run,
        &mut batches,
        SLICE_MS,
        usize::MAX,
        BATCHES_PER_READ,
    )
    .await?;
    let DigitBatches {
        trainer,
        chunk,
        shared_batches,
        validation,
        ..
    } = batches;
    let helper_lost = had_peer && peer.is_some_and(|peer| peer.is_gone());
    let mut chunk =
        chunk.ok_or_else(|| EngineError::InvalidInput("no batch was trained".into()))?;
    // Shown as the workers that trained most of the slice, not whichever took its last chunk.
    chunk.workers = if 2 * shared_batches > chunk.batches.len() {
        2
    } else {
        1
    };
    let validation = match (chunk.epoch_complete && !chunk.diverged, validation) {
        (true, Some(validation)) => Some(validation),
        (true, None) => Some(trainer.validate_with(yield_now).await?),
        (false, _) => None,
    };
    let weights = match weights && !chunk.diverged {
        true => Some(trainer.first_layer_images(MAX_WEIGHT_IMAGES).await?),
        false => None,
    };
    // Early stopping's epochs as the learner's chart counts them.
    let end = held.run.end().map(|end| match end {
        RunEnd::EarlyStopped(stopped) => RunEnd::EarlyStopped(Stopped {
            at: stopped.at + epochs_before,
            best_at: stopped.best_at + epochs_before,
            ..stopped
        }),
        end => end,
    });
    Ok(Event::Trained {
        kind,
        chunk,
        validation,
        weights,
        end,
        helper_lost,
    })
}

impl LabHandler for Handler {
    type Command = Command;
    type Event = Event;

    async fn handle(&self, command: Command, context: &Context<'_>) -> Result<Event, EngineError> {
        self.respond(command, context.device, context.peer, |event| {
            context.progress(event)
        })
        .await
    }
}
