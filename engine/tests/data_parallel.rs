//! Data-parallel training (`engine::digits::data_parallel`): a batch split between the trainer and
//! a peer engine gives the one-engine model up to the order of float sums, and a peer that stops
//! answering leaves exactly the one-engine run. On the real MNIST and the CPU backend.

use engine::cpu_device;
use engine::digits::data_parallel::{
    GradientPeer, HalfBatch, HalfGradient, PeerModel, SharedDigits,
};
use engine::digits::{DigitTrainer, ModelKind, ModelSpec, Pair, PlainNet, Task, TaskData};
use engine::mnist::Mnist;
use engine::schedules::RatePlan;
use pollster::block_on;
use std::sync::{Arc, Mutex, OnceLock};

fn all_digits() -> Arc<TaskData> {
    static DATA: OnceLock<Arc<TaskData>> = OnceLock::new();
    DATA.get_or_init(|| {
        let mnist =
            Mnist::load_dir(&engine::mnist::default_dir()).unwrap_or_else(|e| panic!("{e}"));
        Arc::new(Task::AllDigits.data(&mnist))
    })
    .clone()
}

/// A second engine in the same process: it computes the half it is handed when asked.
struct Twin {
    model: PeerModel,
    half: Option<HalfBatch>,
    /// Answers this many halves, then is gone.
    answers: usize,
    /// Answers with the wrong sequence number, as a late answer to an older half would.
    stale: bool,
    gone: bool,
    has_digits: bool,
}

impl Twin {
    fn new(answers: usize) -> Self {
        Self {
            model: PeerModel::new(&cpu_device()),
            half: None,
            answers,
            stale: false,
            gone: false,
            has_digits: false,
        }
    }
}

impl GradientPeer for Twin {
    fn wants(&self) -> bool {
        !self.gone
    }

    fn share(&mut self, half: HalfBatch, data: &Arc<TaskData>) -> bool {
        if self.gone {
            return false;
        }
        if !self.has_digits {
            self.model.take_digits(SharedDigits::of(data)).unwrap();
            self.has_digits = true;
        }
        self.half = Some(half);
        true
    }

    async fn gradient(&mut self) -> Option<HalfGradient> {
        let half = self.half.take()?;
        if self.answers == 0 {
            self.gone = true;
            return None;
        }
        self.answers -= 1;
        let mut answer = peer_gradient(&mut self.model, half).unwrap();
        if self.stale {
            answer.sequence -= 1;
        }
        Some(answer)
    }
}

/// The backend's random numbers are shared by the process: the tests running beside each other
/// take turns to seed and draw them (a trainer's start, a peer's first model).
static SEEDING: Mutex<()> = Mutex::new(());

fn seeding() -> std::sync::MutexGuard<'static, ()> {
    SEEDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// A peer's answer to `half`.
fn peer_gradient(
    peer: &mut PeerModel,
    half: HalfBatch,
) -> Result<HalfGradient, engine::EngineError> {
    let _turn = seeding();
    block_on(peer.gradient(half))
}

/// A trainer seeded with 7, its weights drawn (burn draws them when first used).
fn trainer(kind: ModelKind, augment: bool) -> DigitTrainer {
    let _turn = seeding();
    let spec = ModelSpec {
        kind,
        hidden: 30,
        seed: 7,
        augment,
        pair: Pair::BOOK,
    };
    let trainer = DigitTrainer::new(spec, all_digits(), &cpu_device()).unwrap();
    block_on(trainer.export()).unwrap();
    trainer
}

/// `batches` batches of `batch` at rate 0.1: the losses and the model.
fn run(
    trainer: &mut DigitTrainer,
    peer: Option<&mut Twin>,
    batches: usize,
    batch: usize,
) -> (Vec<f32>, usize, PlainNet) {
    let plan = RatePlan::constant(0.1);
    let chunk = match peer {
        Some(peer) => block_on(trainer.train_shared(&plan, 0, batch, batches, peer)),
        None => block_on(trainer.train_planned(&plan, 0, batch, batches)),
    }
    .unwrap();
    let losses = chunk.batches.iter().map(|b| b.loss).collect();
    (losses, chunk.workers, block_on(trainer.export()).unwrap())
}

fn weights(net: &PlainNet) -> Vec<f32> {
    net.layers
        .iter()
        .flat_map(|l| l.weight.iter().chain(&l.bias).copied())
        .collect()
}

fn largest_difference(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}

#[test]
fn two_engines_train_the_one_engine_model_up_to_float_sums() {
    // 30 batches of 255 (an odd size: halves of 128 and 127 images, weighted by their counts).
    let (alone_losses, alone_workers, alone) =
        run(&mut trainer(ModelKind::AllDigits, false), None, 30, 255);
    let mut twin = Twin::new(usize::MAX);
    let (shared_losses, shared_workers, shared) = run(
        &mut trainer(ModelKind::AllDigits, false),
        Some(&mut twin),
        30,
        255,
    );
    assert_eq!((alone_workers, shared_workers), (1, 2));
    // The loss fell: the run learned, so the comparison is not between two untrained models.
    assert!(alone_losses[29] < 0.8 * alone_losses[0], "{alone_losses:?}");
    assert!(largest_difference(&alone_losses, &shared_losses) < 1e-4);
    let (a, b) = (weights(&alone), weights(&shared));
    let scale = a.iter().fold(0.0f32, |m, w| m.max(w.abs()));
    assert!(largest_difference(&a, &b) < 1e-4 * scale);
    // Not the same bits: the sums were taken in another order.
    assert_ne!(a, b);
}

#[test]
fn the_convolutional_net_on_distorted_digits_splits_the_same_way() {
    let (alone_losses, _, alone) = run(&mut trainer(ModelKind::Convolutional, true), None, 2, 64);
    let mut twin = Twin::new(usize::MAX);
    let (shared_losses, workers, shared) = run(
        &mut trainer(ModelKind::Convolutional, true),
        Some(&mut twin),
        2,
        64,
    );
    assert_eq!(workers, 2);
    assert!(largest_difference(&alone_losses, &shared_losses) < 1e-4);
    let conv =
        |net: &PlainNet| -> Vec<f32> { net.convs.iter().flat_map(|c| c.weight.clone()).collect() };
    assert!(largest_difference(&conv(&alone), &conv(&shared)) < 1e-5);
    assert!(largest_difference(&weights(&alone), &weights(&shared)) < 1e-5);
}

#[test]
fn a_peer_that_stops_answering_leaves_exactly_the_one_engine_run() {
    let (alone_losses, _, alone) = run(&mut trainer(ModelKind::AllDigits, false), None, 12, 64);
    // Answers 5 halves, then is gone: batches 6 to 12 are this engine's alone.
    let mut twin = Twin::new(5);
    let mut shared_trainer = trainer(ModelKind::AllDigits, false);
    let (losses, workers, _) = run(&mut shared_trainer, Some(&mut twin), 12, 64);
    assert_eq!(workers, 1);
    assert!(
        largest_difference(&alone_losses, &losses) < 1e-4,
        "{alone_losses:?}\n{losses:?}"
    );
    // A peer that answers only stale halves is never used: bit for bit the one-engine run.
    let mut stale = Twin::new(usize::MAX);
    stale.stale = true;
    let (stale_losses, workers, stale_net) = run(
        &mut trainer(ModelKind::AllDigits, false),
        Some(&mut stale),
        12,
        64,
    );
    assert_eq!(workers, 1);
    assert_eq!(stale_losses, alone_losses);
    assert_eq!(weights(&stale_net), weights(&alone));
}

#[test]
fn a_peer_refuses_halves_it_cannot_compute() {
    let spec = ModelSpec {
        kind: ModelKind::AllDigits,
        hidden: 30,
        seed: 7,
        augment: false,
        pair: Pair::BOOK,
    };
    let params = 784 * 30 + 30 + 30 * 10 + 10;
    let half = |weights: usize, indices: Vec<u32>| HalfBatch {
        sequence: 1,
        spec,
        epoch: 0,
        indices,
        weights: vec![0.0; weights],
    };
    let mut peer = PeerModel::new(&cpu_device());
    let no_digits = peer_gradient(&mut peer, half(params, vec![1, 2])).unwrap_err();
    assert!(
        no_digits.to_string().contains("no AllDigits digits"),
        "{no_digits}"
    );
    peer.take_digits(SharedDigits::of(&all_digits())).unwrap();
    let answer = peer_gradient(&mut peer, half(params, vec![1, 2])).unwrap();
    assert_eq!(answer.gradient.len(), params);
    let short = peer_gradient(&mut peer, half(params - 1, vec![1, 2])).unwrap_err();
    assert!(short.to_string().contains("do not fit"), "{short}");
    let outside = peer_gradient(&mut peer, half(params, vec![60_000])).unwrap_err();
    assert!(
        outside.to_string().contains("not in the 60000 digits"),
        "{outside}"
    );
}
