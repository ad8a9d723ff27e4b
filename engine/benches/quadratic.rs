//! Native speed of the Quadratic lab's engine calls: `cargo bench -p engine --bench quadratic`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use engine::cpu_device;
use engine::quadratic::{
    Coefficient, Coefficients, GradientBuffer, LossKind, NoisyQuadratic, QuadraticFit, SurfaceSpec,
};
use pollster::block_on;
use std::hint::black_box;

fn quadratic(c: &mut Criterion) {
    let fit = QuadraticFit::new(
        &NoisyQuadratic::default().sample(),
        LossKind::Mse,
        &cpu_device(),
    )
    .expect("valid points");
    let start = Coefficients::new(1.5, 1.5, 1.5);

    c.bench_function("evaluate (loss + autodiff gradient)", |b| {
        b.iter(|| block_on(fit.evaluate(black_box(start))).unwrap())
    });

    let mut group = c.benchmark_group("descend");
    group.throughput(Throughput::Elements(100));
    group.bench_function("100 SGD steps", |b| {
        b.iter(|| {
            block_on(fit.descend(black_box(start), 1e-4, 100, None, GradientBuffer::Zeroed))
                .unwrap()
        })
    });
    group.finish();

    let spec = SurfaceSpec {
        x: Coefficient::A,
        y: Coefficient::B,
        at: start,
        x_range: (-5.0, 5.0),
        y_range: (-5.0, 5.0),
        resolution: 80,
    };
    c.bench_function("loss surface 80x80", |b| {
        b.iter(|| block_on(fit.surface(black_box(spec))).unwrap())
    });
}

criterion_group!(benches, quadratic);
criterion_main!(benches);
