//! Mini-batch SGD on a digit model, in chunks of batches so a caller can show progress, stop
//! between chunks, and change the rate or batch size as it goes.

use super::data_parallel::{
    Alone, GradientPeer, HalfBatch, combined, flat_weights, gradients, inputs,
};
use super::input_tensor;
use super::model::{DigitNet, DigitNetConfig};
use super::task::TaskTensors;
use super::{
    BatchInspection, BatchReport, ConfusionMatrix, Conv, Dense, ModelKind, ModelSpec, Pair,
    PlainNet, Task, TaskData, TrainChunk, Validation, WeightImages, accuracy, epoch_order,
};
use crate::error::EngineError;
use crate::host::read_floats;
use crate::mnist::{PIXELS, SIDE};
use crate::optimizers::{Optimizer, OptimizerState};
use crate::schedules::RatePlan;
use burn::module::Module;
use burn::optim::GradientsParams;
use burn::tensor::{Device, Tensor};
use std::sync::Arc;

/// One SGD step's results, still on the device.
struct Stepped {
    loss: Tensor<1>,
    correct: Tensor<1>,
    logits: Tensor<2>,
    /// Each layer's ∂L/∂w, first to last.
    weight_gradients: Vec<Tensor<2>>,
}

/// Cloning forks it: the clone trains on without changing the original (tensors are values).
#[derive(Clone)]
pub struct DigitTrainer {
    spec: ModelSpec,
    data: Arc<TaskData>,
    device: Device,
    model: DigitNet,
    optimizer: OptimizerState,
    /// Completed epochs.
    epoch: usize,
    order: Vec<usize>,
    position: usize,
    /// Half batches handed to a peer so far.
    shared: u64,
}

impl DigitTrainer {
    /// Validation runs in slices this big, to bound memory on the device.
    const VALIDATION_SLICE: usize = 2_000;

    pub fn new(spec: ModelSpec, data: Arc<TaskData>, device: &Device) -> Result<Self, EngineError> {
        Self::starting_with(spec, data, device, |device| {
            Ok(crate::seeded(device, spec.seed, |device| {
                DigitNetConfig::of(spec.kind, spec.hidden).init(device)
            }))
        })
    }

    /// Checks the spec against the data, then starts from the model `start` makes.
    fn starting_with(
        spec: ModelSpec,
        data: Arc<TaskData>,
        device: &Device,
        start: impl FnOnce(&Device) -> Result<DigitNet, EngineError>,
    ) -> Result<Self, EngineError> {
        if spec.task() != data.task {
            return Err(EngineError::InvalidInput(format!(
                "a {:?} model cannot learn the {:?} data",
                spec.kind, data.task
            )));
        }
        if spec.kind.has_hidden_layer() && !(1..=4096).contains(&spec.hidden) {
            return Err(EngineError::InvalidInput(format!(
                "the hidden layer needs 1 to 4096 units, not {}",
                spec.hidden
            )));
        }
        if data.train.is_empty() || data.valid.is_empty() {
            return Err(EngineError::InvalidInput(
                "there are no digits to learn".into(),
            ));
        }
        Ok(Self {
            model: start(device)?,
            optimizer: OptimizerState::new(Optimizer::Sgd),
            order: epoch_order(data.train.len(), spec.seed, 0),
            spec,
            data,
            device: device.clone(),
            epoch: 0,
            position: 0,
            shared: 0,
        })
    }

    /// A trainer that carries on from a trained model's numbers, with `seed` for its shuffles.
    pub fn from_plain(
        net: &PlainNet,
        data: Arc<TaskData>,
        seed: u64,
        device: &Device,
    ) -> Result<Self, EngineError> {
        let kind = match (net.task, net.convs.is_empty(), net.layers.len()) {
            (Task::AllDigits, false, _) => ModelKind::Convolutional,
            (Task::AllDigits, true, _) => ModelKind::AllDigits,
            (Task::Pair(_), _, 1) => ModelKind::Linear,
            (Task::Pair(_), _, _) => ModelKind::SimpleNet,
        };
        let spec = ModelSpec {
            kind,
            hidden: net.layers.first().map_or(0, |l| l.outputs),
            seed,
            augment: false,
            pair: match net.task {
                Task::Pair(pair) => pair,
                Task::AllDigits => Pair::BOOK,
            },
        };
        Self::starting_with(spec, data, device, |device| {
            DigitNet::from_plain(net, device)
        })
    }

    fn task(&self) -> Task {
        self.spec.task()
    }

    /// Trains on with `optimizer` from now on; a new choice starts with no state.
    pub fn set_optimizer(&mut self, optimizer: Optimizer) {
        self.optimizer.choose(optimizer);
    }

    /// The model's weights as they are now, to go back to (early stopping keeps the best).
    pub fn weights(&self) -> DigitNet {
        self.model.clone()
    }

    /// Goes back to weights from [`DigitTrainer::weights`]; the optimizer's state starts afresh.
    pub fn restore(&mut self, weights: DigitNet) {
        self.model = weights;
        self.optimizer.restart();
    }

    /// Up to `max_batches` steps of `batch_size` images at `learning_rate`, stopping at the end
    /// of an epoch.
    pub async fn train(
        &mut self,
        learning_rate: f32,
        batch_size: usize,
        max_batches: usize,
    ) -> Result<TrainChunk, EngineError> {
        self.train_planned(
            &RatePlan::constant(learning_rate),
            0,
            batch_size,
            max_batches,
        )
        .await
    }

    /// Up to `max_batches` steps of `batch_size` images, the i-th at the rate `plan` gives the
    /// run's batch `first + i`, stopping at the end of an epoch. The losses are read back once,
    /// at the end, so the device is not stalled after every batch.
    pub async fn train_planned(
        &mut self,
        plan: &RatePlan,
        first: usize,
        batch_size: usize,
        max_batches: usize,
    ) -> Result<TrainChunk, EngineError> {
        self.train_shared(plan, first, batch_size, max_batches, &mut Alone)
            .await
    }

    /// [`DigitTrainer::train_planned`], each batch split with `peer` while it answers.
    pub async fn train_shared(
        &mut self,
        plan: &RatePlan,
        first: usize,
        batch_size: usize,
        max_batches: usize,
        peer: &mut impl GradientPeer,
    ) -> Result<TrainChunk, EngineError> {
        let count = max_batches.min(self.batches_left_in_epoch(batch_size));
        let rates: Vec<f32> = (first..first + count).map(|i| plan.at(i)).collect();
        self.train_rates(&rates, batch_size, peer).await
    }

    /// A batch of `batch_size` images at each of `rates`, stopping at the end of an epoch, each
    /// batch split with `peer` while it answers. The losses are read back once, at the end, so
    /// the device is not stalled after every batch.
    pub async fn train_rates(
        &mut self,
        rates: &[f32],
        batch_size: usize,
        peer: &mut impl GradientPeer,
    ) -> Result<TrainChunk, EngineError> {
        rates
            .iter()
            .try_for_each(|&rate| crate::error::check_learning_rate(rate))?;
        self.start_batches(batch_size)?;
        let mut losses = Vec::new();
        let mut correct = Vec::new();
        let mut sizes = Vec::new();
        let mut workers = 1;
        for &rate in rates {
            if self.position >= self.order.len() {
                break;
            }
            let indices = self.next_batch(batch_size);
            let (loss, right, engines) = self.shared_step(&indices, rate, peer).await?;
            losses.push(loss);
            correct.push(right);
            sizes.push(indices.len());
            workers = engines;
        }
        let count = sizes.len();
        let values = if count == 0 {
            Vec::new()
        } else {
            read_floats(Tensor::cat([losses, correct].concat(), 0)).await?
        };
        let mut batches = Vec::with_capacity(count);
        for (i, size) in sizes.iter().enumerate() {
            batches.push(BatchReport {
                loss: values[i],
                accuracy: values[count + i] / *size as f32,
                learning_rate: rates[i],
            });
        }
        Ok(TrainChunk {
            workers,
            ..self.chunk(batches, batch_size)
        })
    }

    fn chunk(&self, batches: Vec<BatchReport>, batch_size: usize) -> TrainChunk {
        let diverged = batches.iter().any(|b| self.task().diverged(b.loss));
        TrainChunk {
            epoch: self.epoch,
            batch: self.position.div_ceil(batch_size),
            batches_per_epoch: self.order.len().div_ceil(batch_size),
            batches,
            epoch_complete: self.position >= self.order.len(),
            diverged,
            workers: 1,
        }
    }

    /// Batches of `batch_size` left in the epoch the next batch is in.
    pub fn batches_left_in_epoch(&self, batch_size: usize) -> usize {
        let images = self.order.len();
        let left = match self.at_epoch_end() {
            true => images,
            false => images - self.position,
        };
        left.div_ceil(batch_size.max(1))
    }

    /// Epochs trained to their end since the reset.
    pub fn epochs_done(&self) -> usize {
        self.epoch + usize::from(self.at_epoch_end())
    }

    /// Whether a batch's loss means training has blown up.
    pub fn diverged(&self, loss: f32) -> bool {
        self.task().diverged(loss)
    }

    /// Whether the last batch ended an epoch (the next starts the next one).
    pub fn at_epoch_end(&self) -> bool {
        self.position >= self.order.len()
    }

    /// Checks a batch size, and starts the next epoch when this one is done: what
    /// `train` and `inspect_batch` do first.
    fn start_batches(&mut self, batch_size: usize) -> Result<(), EngineError> {
        if batch_size == 0 {
            return Err(EngineError::InvalidInput(
                "the batch size must be at least 1".into(),
            ));
        }
        if self.at_epoch_end() {
            self.epoch += 1;
            self.order = epoch_order(self.order.len(), self.spec.seed, self.epoch);
            self.position = 0;
        }
        Ok(())
    }

    /// The next batch's images, by index, moving past them.
    fn next_batch(&mut self, batch_size: usize) -> Vec<usize> {
        let end = (self.position + batch_size).min(self.order.len());
        let indices = self.order[self.position..end].to_vec();
        self.position = end;
        indices
    }

    /// The training images at `indices` as inputs, distorted afresh each epoch when the model
    /// learns from distorted digits.
    fn images(&self, indices: &[usize]) -> Tensor<2> {
        inputs(
            &self.data.train,
            indices,
            &self.spec,
            self.epoch,
            &self.device,
        )
    }

    /// Predict, loss, gradient, step: one SGD step on these training images.
    fn step(&mut self, indices: &[usize], learning_rate: f32) -> Stepped {
        let images = self.images(indices);
        let targets = self.task().targets(&self.data.train, indices, &self.device);
        let logits = self.model.forward(images);
        let loss = self.task().loss(logits.clone(), targets.clone());
        let correct = self.task().correct(logits.clone().inner(), targets.inner());
        let gradients = GradientsParams::from_grads(loss.backward(), &self.model);
        let weight_gradients = self
            .model
            .layers()
            .iter()
            .filter_map(|layer| gradients.get::<2>(layer.weight.id))
            .collect();
        self.model = self
            .optimizer
            .step(f64::from(learning_rate), self.model.clone(), gradients);
        Stepped {
            loss: loss.inner(),
            correct,
            logits: logits.inner(),
            weight_gradients,
        }
    }

    /// One step with the batch split between this engine and `peer` (its half goes out first,
    /// so both work at once): the batch's loss and count right, and how many engines took part.
    /// A peer that does not answer leaves the whole batch to this engine.
    async fn shared_step(
        &mut self,
        indices: &[usize],
        learning_rate: f32,
        peer: &mut impl GradientPeer,
    ) -> Result<(Tensor<1>, Tensor<1>, usize), EngineError> {
        let (own, theirs) = indices.split_at(indices.len().div_ceil(2));
        let shared = !theirs.is_empty() && peer.wants() && {
            self.shared += 1;
            let half = HalfBatch {
                sequence: self.shared,
                spec: self.spec,
                epoch: self.epoch,
                indices: theirs.iter().map(|&i| i as u32).collect(),
                weights: flat_weights(&self.model).await?,
            };
            peer.share(half, &self.data)
        };
        if !shared {
            let stepped = self.step(indices, learning_rate);
            return Ok((stepped.loss, stepped.correct, 1));
        }
        let task = self.task();
        let targets = task.targets(&self.data.train, own, &self.device);
        let (loss, correct, own_gradients) =
            gradients(&self.model, task, self.images(own), targets);
        let answer = peer.gradient().await.filter(|answer| {
            answer.sequence == self.shared && answer.gradient.len() == self.model.num_params()
        });
        let Some(answer) = answer else {
            let stepped = self.step(indices, learning_rate);
            return Ok((stepped.loss, stepped.correct, 1));
        };
        let (own_count, their_count) = (own.len(), theirs.len());
        let gradients = combined(
            &self.model,
            own_gradients,
            own_count,
            &answer.gradient,
            their_count,
        );
        self.model = self
            .optimizer
            .step(f64::from(learning_rate), self.model.clone(), gradients);
        let total = (own_count + their_count) as f32;
        let loss = loss
            .mul_scalar(own_count as f32 / total)
            .add_scalar(answer.loss * their_count as f32 / total);
        Ok((loss, correct.add_scalar(answer.correct), 2))
    }

    /// One batch, as `train` would take it, with what each of its steps produced; `shown` of
    /// its images come back as pictures.
    pub async fn inspect_batch(
        &mut self,
        learning_rate: f32,
        batch_size: usize,
        shown: usize,
    ) -> Result<(TrainChunk, BatchInspection), EngineError> {
        if self.model.first_layer().is_none() {
            return Err(EngineError::InvalidInput(
                "the seven steps follow a fully connected model".into(),
            ));
        }
        crate::error::check_learning_rate(learning_rate)?;
        self.start_batches(batch_size)?;
        let first_unit = |model: &DigitNet| {
            let layer = model.first_layer().expect("checked above: fully connected");
            let weight = layer.weight.val().inner();
            let [inputs, _] = weight.dims();
            weight.slice([0..inputs, 0..1]).reshape([inputs])
        };
        let before = first_unit(&self.model);
        let indices = self.next_batch(batch_size);
        let stepped = self.step(&indices, learning_rate);
        let after = first_unit(&self.model);
        let shown = shown.min(indices.len());
        let outputs = self.task().outputs();
        let predicted = self
            .task()
            .predicted_index(stepped.logits.slice([0..shown, 0..outputs]))
            .reshape([shown]);
        let layers = stepped.weight_gradients.len();
        let sizes: Vec<Tensor<1>> = stepped
            .weight_gradients
            .iter()
            .map(|g| g.clone().abs().mean())
            .collect();
        let first_gradient = stepped.weight_gradients[0].clone();
        let [inputs, _] = first_gradient.dims();
        let first_gradient = first_gradient.slice([0..inputs, 0..1]).reshape([inputs]);
        let values = read_floats(Tensor::cat(
            [
                vec![stepped.loss, stepped.correct, predicted],
                sizes,
                vec![
                    first_gradient,
                    before.clone(),
                    after.clone(),
                    after - before,
                ],
            ]
            .concat(),
            0,
        ))
        .await?;
        let (head, rest) = values.split_at(2 + shown);
        let (gradient_sizes, pictures) = rest.split_at(layers);
        let classes = self.task().classes();
        let inspection = BatchInspection {
            images: indices[..shown]
                .iter()
                .flat_map(|&i| self.data.train.image(i).iter().copied())
                .collect(),
            labels: indices[..shown]
                .iter()
                .map(|&i| self.data.train.label(i))
                .collect(),
            predictions: head[2..].iter().map(|&k| classes[k as usize]).collect(),
            batch_size: indices.len(),
            loss: head[0],
            accuracy: head[1] / indices.len() as f32,
            gradient_sizes: gradient_sizes.to_vec(),
            first_gradient: WeightImages::scaled(&pictures[..PIXELS], SIDE),
            weights_before: WeightImages::scaled(&pictures[PIXELS..2 * PIXELS], SIDE),
            weights_after: WeightImages::scaled(&pictures[2 * PIXELS..3 * PIXELS], SIDE),
            weights_change: WeightImages::scaled(&pictures[3 * PIXELS..], SIDE),
        };
        let report = BatchReport {
            loss: inspection.loss,
            accuracy: inspection.accuracy,
            learning_rate,
        };
        Ok((self.chunk(vec![report], batch_size), inspection))
    }

    /// Loss and accuracy on every validation image, with the confusion matrix for ten digits.
    pub async fn validate(&self) -> Result<Validation, EngineError> {
        self.validate_with(async || {}).await
    }

    /// [`DigitTrainer::validate`], awaiting `between` after each slice of images: a worker gives
    /// its event loop a turn there, since the CPU backend never waits on its own.
    pub async fn validate_with(
        &self,
        mut between: impl AsyncFnMut(),
    ) -> Result<Validation, EngineError> {
        let valid = &self.data.valid;
        let model = self.model.valid();
        let inner = self.device.clone().without_autodiff();
        let classes = self.task().classes();
        let mut loss = 0.0;
        let mut predicted = Vec::with_capacity(valid.len());
        let all: Vec<usize> = (0..valid.len()).collect();
        for slice in all.chunks(Self::VALIDATION_SLICE) {
            let images = input_tensor(valid, slice, &inner);
            let targets = self.task().targets(valid, slice, &inner);
            let logits = model.forward(images);
            let slice_loss = self.task().loss(logits.clone(), targets) * slice.len() as f32;
            let predictions = self.task().predicted_index(logits).reshape([-1]);
            let values = read_floats(Tensor::cat(vec![slice_loss, predictions], 0)).await?;
            loss += values[0];
            predicted.extend(values[1..].iter().map(|&k| classes[k as usize]));
            between().await;
        }
        let actual = valid.labels();
        Ok(Validation {
            loss: loss / valid.len() as f32,
            accuracy: accuracy(actual, &predicted),
            confusion: (self.task() == Task::AllDigits)
                .then(|| ConfusionMatrix::new(actual, &predicted, classes.len())),
        })
    }

    /// The first layer's weights as images, at most `max_units` of them: 28×28 per unit of a
    /// fully connected model, 5×5 per filter of a convolutional one.
    pub async fn first_layer_images(&self, max_units: usize) -> Result<WeightImages, EngineError> {
        let Some(layer) = self.model.first_layer() else {
            let filters = self
                .model
                .convolutions()
                .expect("no dense layer: convolutional");
            let weight = filters.first.weight.val().inner();
            let [count, _, k, _] = weight.dims();
            let shown = weight.narrow(0, 0, count.min(max_units)).reshape([-1]);
            return Ok(WeightImages::scaled(&read_floats(shown).await?, k));
        };
        let weight = layer.weight.val().inner();
        let [inputs, units] = weight.dims();
        let count = units.min(max_units);
        let per_unit = weight.slice([0..inputs, 0..count]).transpose();
        Ok(WeightImages::scaled(&read_floats(per_unit).await?, SIDE))
    }

    /// The model as plain numbers, to run on the host ([`PlainNet`]).
    pub async fn export(&self) -> Result<PlainNet, EngineError> {
        let mut convs = Vec::new();
        for conv in self.model.convolutions().iter().flat_map(|c| c.layers()) {
            let [outputs, inputs, kernel, _] = conv.weight.dims();
            let bias = match &conv.bias {
                Some(bias) => read_floats(bias.val().inner()).await?,
                None => vec![0.0; outputs],
            };
            convs.push(Conv {
                inputs,
                outputs,
                kernel,
                weight: read_floats(conv.weight.val().inner().reshape([-1])).await?,
                bias,
            });
        }
        let mut layers = Vec::new();
        for linear in self.model.layers() {
            let [inputs, outputs] = linear.weight.dims();
            let bias = match &linear.bias {
                Some(bias) => read_floats(bias.val().inner()).await?,
                None => vec![0.0; outputs],
            };
            layers.push(Dense {
                inputs,
                outputs,
                weight: read_floats(linear.weight.val().inner()).await?,
                bias,
            });
        }
        PlainNet::new(self.task(), convs, layers)
    }

    /// Probabilities of each class in [`Task::classes`] order for images `[n, 784]` in 0–1, by
    /// burn's forward pass: the reference the exported [`PlainNet`] is tested against.
    pub async fn predict(&self, images: &[f32]) -> Result<Vec<f32>, EngineError> {
        if images.is_empty() || !images.len().is_multiple_of(PIXELS) {
            return Err(EngineError::InvalidInput(format!(
                "{} values are not whole 28×28 images",
                images.len()
            )));
        }
        let inner = self.device.clone().without_autodiff();
        let n = images.len() / PIXELS;
        let x = Tensor::from_data(
            burn::tensor::TensorData::new(images.to_vec(), [n, PIXELS]),
            &inner,
        );
        let logits = self.model.valid().forward(x);
        let probabilities = match self.task() {
            Task::Pair(_) => {
                let first = burn::tensor::activation::sigmoid(logits);
                Tensor::cat(vec![first.clone().neg() + 1.0, first], 1)
            }
            Task::AllDigits => burn::tensor::activation::softmax(logits, 1),
        };
        read_floats(probabilities).await
    }
}

/// The learning-rate finder's view of a trainer: one mini-batch of `batch_size` per step.
pub struct BatchProbe<'a> {
    pub trainer: &'a mut DigitTrainer,
    pub batch_size: usize,
}

impl crate::lr_finder::RateProbe for BatchProbe<'_> {
    async fn step(&mut self, learning_rate: f32) -> Result<f32, EngineError> {
        let chunk = self
            .trainer
            .train(learning_rate, self.batch_size, 1)
            .await?;
        Ok(chunk.batches.first().map_or(f32::NAN, |b| b.loss))
    }
}

/// A throwaway step and validation of each fully connected model at its default shape (batches
/// of 256, 30 hidden units), on blank digits. On WebGPU the first run of each kernel compiles its
/// shader, seconds on a software adapter: a worker runs this while MNIST downloads, so the
/// learner's first Train shows its first batch without that wait.
pub async fn warm_up(device: &Device) -> Result<(), EngineError> {
    const BATCH: usize = 256;
    for kind in [
        ModelKind::Linear,
        ModelKind::SimpleNet,
        ModelKind::AllDigits,
    ] {
        let spec = ModelSpec {
            kind,
            hidden: 30,
            seed: 0,
            augment: false,
            pair: Pair::BOOK,
        };
        let classes = spec.task().classes();
        let labels = (0..BATCH).map(|i| classes[i % classes.len()]).collect();
        let blank = crate::mnist::Digits::from_parts(vec![0; BATCH * PIXELS], labels)?;
        let data = TaskData {
            task: spec.task(),
            train: blank.clone(),
            valid: blank,
        };
        let mut trainer = DigitTrainer::new(spec, Arc::new(data), device)?;
        trainer
            .train(kind.default_learning_rate(), BATCH, 1)
            .await?;
        trainer.validate().await?;
    }
    Ok(())
}
