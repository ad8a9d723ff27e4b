//! The Digits lab's side of the worker: the loaded MNIST, and one trainer per model kind.

use crate::clock::{Slice, now, yield_now};
use crate::download::{Download, load_mnist};
use crate::finder;
use crate::peer::Peer;
use crate::{Context, LabHandler};
use engine::digits::{
    BatchProbe, DigitNet, DigitTrainer, ModelKind, ModelSpec, Task, TaskData, TrainChunk,
    fine_tune, pixel_similarity, warm_up,
};
use engine::early_stopping::{EarlyStopping, Stopped, Verdict};
use engine::mnist::Digits;
use engine::optimizers::Optimizer;
use engine::schedules::RatePlan;
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

#[derive(Default)]
pub struct Handler {
    data: RefCell<Option<[Arc<TaskData>; 2]>>,
    trainers: RefCell<HashMap<ModelKind, DigitTrainer>>,
    /// Early stopping's watch on each model's validation loss, for the run in progress.
    watches: RefCell<HashMap<ModelKind, EarlyStopping<DigitNet>>>,
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
            Command::PixelSimilarity => {
                let data = self.task_data(Task::ThreeVsSeven)?;
                let report = pixel_similarity(&data.train, &data.valid, device).await?;
                Ok(Event::Similarity(report))
            }
            Command::ResetModel { spec } => self.reset(spec, device).await,
            Command::Train {
                kind,
                optimizer,
                rate,
                run_batch,
                batch_size,
                weights,
                patience,
                sharing,
            } => {
                let plan = Plan {
                    optimizer,
                    rate,
                    run_batch,
                    batch_size,
                    patience,
                    sharing,
                };
                let mut watch = match (run_batch, patience) {
                    (_, 0) | (0, _) => None,
                    _ => self.watches.borrow_mut().remove(&kind),
                };
                let event = self
                    .with_trainer(kind, async |trainer| {
                        train(trainer, kind, plan, &mut watch, weights, peer).await
                    })
                    .await;
                if let Some(watch) = watch {
                    self.watches.borrow_mut().insert(kind, watch);
                }
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
        let three_vs_seven = Task::ThreeVsSeven.data(&mnist);
        yield_now().await;
        let all_digits = TaskData::all_digits(mnist);
        *self.data.borrow_mut() = Some([Arc::new(three_vs_seven), Arc::new(all_digits)]);
        Ok(Event::Loaded(overview))
    }

    fn task_data(&self, task: Task) -> Result<Arc<TaskData>, EngineError> {
        let data = self.data.borrow();
        let [three_vs_seven, all_digits] = data
            .as_ref()
            .ok_or_else(|| EngineError::InvalidInput("the digits are not loaded yet".into()))?;
        Ok(match task {
            Task::ThreeVsSeven => three_vs_seven.clone(),
            Task::AllDigits => all_digits.clone(),
        })
    }

    async fn reset(&self, spec: ModelSpec, device: &Device) -> Result<Event, EngineError> {
        let trainer = DigitTrainer::new(spec, self.task_data(spec.kind.task())?, device)?;
        let weights = trainer.first_layer_images(MAX_WEIGHT_IMAGES).await?;
        self.trainers.borrow_mut().insert(spec.kind, trainer);
        self.watches.borrow_mut().remove(&spec.kind);
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

/// How a `Train` trains.
struct Plan {
    optimizer: Optimizer,
    rate: RatePlan,
    run_batch: usize,
    batch_size: usize,
    patience: usize,
    sharing: Sharing,
}

/// A slice of training, ending early at the end of an epoch or when the loss blows up. At the
/// end of an epoch, early stopping (with a `watch`) checks the validation loss.
async fn train(
    trainer: &mut DigitTrainer,
    kind: ModelKind,
    plan: Plan,
    watch: &mut Option<EarlyStopping<DigitNet>>,
    weights: bool,
    peer: Option<&Peer>,
) -> Result<Event, EngineError> {
    trainer.set_optimizer(plan.optimizer);
    let mut slice = Slice::new(SLICE_MS, usize::MAX);
    let mut chunk: Option<TrainChunk> = None;
    let mut first = plan.run_batch;
    let mut shared_batches = 0;
    let had_peer = peer.is_some_and(|peer| !peer.is_gone());
    if let Some(peer) = peer
        && plan.run_batch == 0
    {
        peer.new_run();
    }
    while let Some(batches) = slice.next(BATCHES_PER_READ) {
        let started = now();
        let next = match peer {
            Some(mut peer) if peer.share_next(plan.sharing == Sharing::Always) => {
                trainer
                    .train_shared(&plan.rate, first, plan.batch_size, batches, &mut peer)
                    .await?
            }
            _ => {
                trainer
                    .train_planned(&plan.rate, first, plan.batch_size, batches)
                    .await?
            }
        };
        let shared = next.workers == 2;
        if let Some(peer) = peer {
            peer.record(
                shared,
                now() - started,
                next.batches.len() * plan.batch_size,
            );
        }
        if shared {
            shared_batches += next.batches.len();
        }
        first += next.batches.len();
        let ends = next.epoch_complete || next.diverged;
        chunk = Some(match chunk {
            Some(chunk) => chunk.followed_by(next),
            None => next,
        });
        if ends {
            break;
        }
    }
    let helper_lost = had_peer && peer.is_some_and(|peer| peer.is_gone());
    let mut chunk =
        chunk.ok_or_else(|| EngineError::InvalidInput("no batch was trained".into()))?;
    // Shown as the workers that trained most of the slice, not whichever took its last chunk.
    chunk.workers = if 2 * shared_batches > chunk.batches.len() {
        2
    } else {
        1
    };
    let validation = match chunk.epoch_complete && !chunk.diverged {
        true => Some(trainer.validate_with(yield_now).await?),
        false => None,
    };
    let stopped = match &validation {
        Some(validation) if plan.patience > 0 => {
            let epoch = chunk.epoch + 1;
            check_validation_loss(trainer, watch, plan.patience, epoch, validation.loss)
        }
        _ => None,
    };
    let weights = match weights && !chunk.diverged {
        true => Some(trainer.first_layer_images(MAX_WEIGHT_IMAGES).await?),
        false => None,
    };
    Ok(Event::Trained {
        kind,
        chunk,
        validation,
        weights,
        stopped,
        helper_lost,
    })
}

/// Early stopping's check after an epoch; when it says stop, the best weights come back.
fn check_validation_loss(
    trainer: &mut DigitTrainer,
    watch: &mut Option<EarlyStopping<DigitNet>>,
    patience: usize,
    epoch: usize,
    loss: f32,
) -> Option<Stopped> {
    let verdict = watch
        .get_or_insert_with(|| EarlyStopping::new(patience))
        .check(f64::from(loss), &trainer.weights(), epoch);
    if verdict != Verdict::Stop {
        return None;
    }
    let watch = watch.take()?;
    let best = watch.best()?;
    trainer.restore(best.weights.clone());
    watch.stopped(epoch)
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
