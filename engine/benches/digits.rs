//! Native training throughput of the digit models on the CPU backend, over real MNIST:
//! `cargo bench -p engine --bench digits`. Each iteration is 50 mini-batches of SGD; criterion
//! reports samples per second (an epoch is 60,000 samples). Also the ready model's answer to one
//! drawing, as the page computes it on its main thread (`PlainNet::read`), and the cost of each
//! optimizer per batch on the Digits lab's ten-digit model.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use engine::cpu_device;
use engine::digits::{DigitTrainer, ModelKind, ModelSpec, Pair, PlainNet, Task};
use engine::mnist::Mnist;
use engine::optimizers::Optimizer;
use pollster::block_on;
use std::sync::Arc;
use std::time::{Duration, Instant};

const BATCHES: usize = 50;

fn digits(c: &mut Criterion) {
    let mnist = Mnist::load_dir(&engine::mnist::default_dir()).expect("cargo xtask fetch-mnist");
    let data = Arc::new(Task::AllDigits.data(&mnist));
    let mut group = c.benchmark_group("train");
    group.sample_size(10);
    let runs = [
        (ModelKind::AllDigits, 30, 256, false),
        (ModelKind::AllDigits, 30, 64, false),
        (ModelKind::AllDigits, 128, 256, false),
        (ModelKind::AllDigits, 128, 64, false),
        (ModelKind::Convolutional, 64, 64, false),
        (ModelKind::Convolutional, 64, 64, true),
    ];
    for (kind, hidden, batch, augment) in runs {
        group.throughput(Throughput::Elements((BATCHES * batch) as u64));
        let spec = ModelSpec {
            kind,
            hidden,
            seed: 42,
            augment,
            pair: Pair::BOOK,
        };
        let mut trainer = DigitTrainer::new(spec, data.clone(), &cpu_device()).unwrap();
        let distorted = if augment { ", distorted" } else { "" };
        let name = format!("{} batch {batch}{distorted}", kind.shape(hidden));
        group.bench_function(name, |b| {
            b.iter_custom(|iterations| time_batches(&mut trainer, 0.1, batch, iterations))
        });
    }
    group.finish();
}

/// The lab's ten-digit model at its usual batch, 50 batches per iteration with each optimizer:
/// Adam's cost over SGD's is the ratio of their times.
fn optimizers(c: &mut Criterion) {
    let mnist = Mnist::load_dir(&engine::mnist::default_dir()).expect("cargo xtask fetch-mnist");
    let data = Arc::new(Task::AllDigits.data(&mnist));
    let mut group = c.benchmark_group("optimizer");
    group.sample_size(10);
    let batch = 256;
    group.throughput(Throughput::Elements((BATCHES * batch) as u64));
    for optimizer in Optimizer::ALL {
        let spec = ModelSpec {
            kind: ModelKind::AllDigits,
            hidden: 30,
            seed: 42,
            augment: false,
            pair: Pair::BOOK,
        };
        let mut trainer = DigitTrainer::new(spec, data.clone(), &cpu_device()).unwrap();
        trainer.set_optimizer(optimizer);
        let name = format!(
            "{} batch {batch}, {}",
            spec.kind.shape(30),
            optimizer.name()
        );
        group.bench_function(name, |b| {
            b.iter_custom(|iterations| time_batches(&mut trainer, 0.01, batch, iterations))
        });
    }
    group.finish();
}

/// The time `iterations` × [`BATCHES`] batches take, epoch ends included.
fn time_batches(trainer: &mut DigitTrainer, rate: f32, batch: usize, iterations: u64) -> Duration {
    let mut elapsed = Duration::ZERO;
    for _ in 0..iterations {
        let mut done = 0;
        while done < BATCHES {
            let started = Instant::now();
            let chunk = block_on(trainer.train(rate, batch, BATCHES - done)).unwrap();
            elapsed += started.elapsed();
            done += chunk.batches.len();
        }
    }
    elapsed
}

fn ready_model(c: &mut Criterion) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/digits-model.bin");
    let net = PlainNet::from_bytes(&std::fs::read(path).unwrap()).unwrap();
    let mnist = Mnist::load_dir(&engine::mnist::default_dir()).expect("cargo xtask fetch-mnist");
    let image = mnist.test.inputs(&[0]);
    c.bench_function(
        &format!("ready model {} reads one drawing", net.shape()),
        |b| b.iter(|| net.read(std::hint::black_box(&image)).unwrap()),
    );
}

criterion_group!(benches, digits, optimizers, ready_model);
criterion_main!(benches);
