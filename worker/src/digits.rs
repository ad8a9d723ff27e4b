//! The Digits lab's side of the worker: the loaded MNIST, and one trainer per model kind.

use crate::download::load_mnist;
use engine::digits::{
    BatchProbe, DigitTrainer, ModelKind, ModelSpec, Task, TaskData, pixel_similarity,
};
use engine::lr_finder::{FinderSpec, find_learning_rate};
use engine::{Device, EngineError};
use protocol::Event;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;
use web_sys::WorkerGlobalScope;

/// Training samples the data panel shows.
const SAMPLES: usize = 36;
/// First-layer units drawn as images.
const MAX_WEIGHT_IMAGES: usize = 32;
/// A `Train` command runs about this long before answering, so progress shows ~20 times a second.
const TRAIN_SLICE_MS: f64 = 40.0;
/// Batches between reads of the losses inside a slice.
const BATCHES_PER_READ: usize = 4;
/// Progress is reported in steps of at least this many decoded bytes.
const PROGRESS_STEP: u64 = 1 << 20;

#[derive(Default)]
pub struct DigitsLab {
    data: RefCell<Option<[Arc<TaskData>; 2]>>,
    trainers: RefCell<HashMap<ModelKind, DigitTrainer>>,
}

impl DigitsLab {
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

    pub async fn load(
        &self,
        scope: &WorkerGlobalScope,
        base_url: &str,
        post: impl Fn(&Event),
    ) -> Event {
        let mut reported = 0;
        let progress = |loaded: u64, total: u64| {
            if loaded - reported >= PROGRESS_STEP || loaded == total {
                reported = loaded;
                post(&Event::DigitsProgress { loaded, total });
            }
        };
        match load_mnist(scope, base_url, progress).await {
            Ok(mnist) => {
                let overview = mnist.overview(SAMPLES);
                let three_vs_seven = Task::ThreeVsSeven.data(&mnist);
                let all_digits = TaskData::all_digits(mnist);
                *self.data.borrow_mut() = Some([Arc::new(three_vs_seven), Arc::new(all_digits)]);
                Event::DigitsReady { overview }
            }
            Err(message) => Event::DigitsFailed { message },
        }
    }

    pub async fn similarity(&self, request: u64, device: &Device) -> Result<Event, EngineError> {
        let data = self.task_data(Task::ThreeVsSeven)?;
        let report = pixel_similarity(&data.train, &data.valid, device).await?;
        Ok(Event::Similarity { request, report })
    }

    pub async fn reset(&self, spec: ModelSpec, device: &Device) -> Result<Event, EngineError> {
        let trainer = DigitTrainer::new(spec, self.task_data(spec.kind.task())?, device)?;
        let weights = trainer.first_layer_images(MAX_WEIGHT_IMAGES).await?;
        self.trainers.borrow_mut().insert(spec.kind, trainer);
        Ok(Event::ModelReady { spec, weights })
    }

    pub async fn export(&self, kind: ModelKind) -> Result<Event, EngineError> {
        self.with_trainer(kind, async |trainer| {
            let net = trainer.export().await?;
            Ok(Event::ModelExported { kind, net })
        })
        .await
    }

    /// The finder runs on a fork of the model, so the learner's model is left as it was.
    pub async fn find_rate(
        &self,
        request: u64,
        kind: ModelKind,
        batch_size: usize,
    ) -> Result<Event, EngineError> {
        let mut fork = self
            .trainers
            .borrow()
            .get(&kind)
            .cloned()
            .ok_or_else(no_model)?;
        let mut probe = BatchProbe {
            trainer: &mut fork,
            batch_size,
        };
        // Up to 100: far enough that the sweep ends where the loss blows up.
        let spec = FinderSpec {
            end: 100.0,
            ..FinderSpec::default()
        };
        let curve = find_learning_rate(&mut probe, spec).await?;
        Ok(Event::LearningRates {
            request,
            kind,
            curve,
        })
    }

    pub async fn train(
        &self,
        run: u64,
        kind: ModelKind,
        learning_rate: f32,
        batch_size: usize,
        weights: bool,
    ) -> Result<Event, EngineError> {
        self.with_trainer(kind, async |trainer| {
            train_slice(trainer, run, kind, learning_rate, batch_size, weights).await
        })
        .await
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

async fn train_slice(
    trainer: &mut DigitTrainer,
    run: u64,
    kind: ModelKind,
    learning_rate: f32,
    batch_size: usize,
    weights: bool,
) -> Result<Event, EngineError> {
    let start = js_sys::Date::now();
    let mut chunk = trainer
        .train(learning_rate, batch_size, BATCHES_PER_READ)
        .await?;
    while !(chunk.epoch_complete || chunk.diverged) && js_sys::Date::now() - start <= TRAIN_SLICE_MS
    {
        let next = trainer
            .train(learning_rate, batch_size, BATCHES_PER_READ)
            .await?;
        chunk = chunk.followed_by(next);
    }
    let validation = match chunk.epoch_complete && !chunk.diverged {
        true => Some(trainer.validate().await?),
        false => None,
    };
    let weights = match weights && !chunk.diverged {
        true => Some(trainer.first_layer_images(MAX_WEIGHT_IMAGES).await?),
        false => None,
    };
    Ok(Event::Trained {
        run,
        kind,
        chunk,
        validation,
        weights,
    })
}
