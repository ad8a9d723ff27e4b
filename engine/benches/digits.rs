//! Native training throughput of the digit MLPs on the CPU backend, over real MNIST:
//! `cargo bench -p engine --bench digits`. Each iteration is 50 mini-batches of SGD; criterion
//! reports samples per second (an epoch is 60,000 samples).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use engine::cpu_device;
use engine::digits::{DigitTrainer, ModelKind, ModelSpec, Task};
use engine::mnist::Mnist;
use pollster::block_on;
use std::sync::Arc;
use std::time::{Duration, Instant};

const BATCHES: usize = 50;

fn digits(c: &mut Criterion) {
    let mnist = Mnist::load_dir(&engine::mnist::default_dir()).expect("cargo xtask fetch-mnist");
    let data = Arc::new(Task::AllDigits.data(&mnist));
    let mut group = c.benchmark_group("train 784-H-10");
    group.sample_size(10);
    for (hidden, batch) in [(30, 256), (30, 64), (128, 256), (128, 64)] {
        group.throughput(Throughput::Elements((BATCHES * batch) as u64));
        let spec = ModelSpec {
            kind: ModelKind::AllDigits,
            hidden,
            seed: 42,
        };
        let mut trainer = DigitTrainer::new(spec, data.clone(), &cpu_device()).unwrap();
        group.bench_function(format!("784-{hidden}-10 batch {batch}"), |b| {
            b.iter_custom(|iterations| {
                let mut elapsed = Duration::ZERO;
                for _ in 0..iterations {
                    let mut done = 0;
                    while done < BATCHES {
                        let started = Instant::now();
                        let chunk = block_on(trainer.train(0.1, batch, BATCHES - done)).unwrap();
                        elapsed += started.elapsed();
                        done += chunk.batches.len();
                    }
                }
                elapsed
            })
        });
    }
    group.finish();
}

criterion_group!(benches, digits);
criterion_main!(benches);
