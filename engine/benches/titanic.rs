//! Native speed of the Titanic lab: reading and cleaning Kaggle's file, and training each model
//! its default 30 full-batch epochs. `cargo bench -p engine --bench titanic` (after
//! `cargo xtask setup`, which fetches the file).

use criterion::{Criterion, criterion_group, criterion_main};
use engine::cpu_device;
use engine::titanic::{ModelKind, Prepared, SEED, TitanicModel, read_passengers};
use pollster::block_on;
use std::hint::black_box;

fn titanic(c: &mut Criterion) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/titanic/train.csv");
    let text =
        std::fs::read_to_string(path).expect("assets/titanic/train.csv: run cargo xtask setup");
    c.bench_function("read and clean 891 passengers", |b| {
        b.iter(|| Prepared::new(&read_passengers(black_box(&text)).unwrap(), SEED).unwrap())
    });
    let data = Prepared::new(&read_passengers(&text).unwrap(), SEED).unwrap();
    let device = cpu_device();
    let mut group = c.benchmark_group("train 30 epochs");
    group.sample_size(20);
    for kind in ModelKind::ALL {
        group.bench_function(kind.name(), |b| {
            b.iter(|| {
                block_on(TitanicModel::train(
                    kind,
                    &data,
                    30,
                    kind.default_learning_rate(),
                    SEED,
                    &device,
                ))
                .unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, titanic);
criterion_main!(benches);
