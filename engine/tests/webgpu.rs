//! The same fits on burn-wgpu as on the CPU backend, step for step. Natively this runs over
//! Vulkan; the test command points wgpu at Mesa's lavapipe so it runs on machines without a GPU.
#![cfg(feature = "webgpu")]

use burn::tensor::wgpu::WgpuBackend;
use engine::quadratic::{
    Coefficient, Coefficients, GradientBuffer, LossKind, NoisyQuadratic, QuadraticFit, SurfaceSpec,
};
use engine::{Device, cpu_device};
use pollster::block_on;
use std::sync::OnceLock;

/// One device for the whole test binary (wgpu registers a runtime once per adapter), pinned to
/// Vulkan so the test never passes quietly on another API.
fn gpu() -> Device {
    static GPU: OnceLock<Device> = OnceLock::new();
    GPU.get_or_init(|| {
        let device = Device::wgpu_options()
            .graphics_api(WgpuBackend::Vulkan)
            .init_async();
        block_on(device)
            .unwrap_or_else(|error| {
                panic!("no Vulkan adapter (mesa-vulkan-drivers gives lavapipe): {error}")
            })
            .autodiff()
    })
    .clone()
}

fn assert_close(cpu: f32, gpu: f32, what: &str) {
    let error = (cpu - gpu).abs() / cpu.abs().max(1.0);
    assert!(
        error <= 1e-4,
        "{what}: CPU {cpu} vs WebGPU {gpu} ({error:e})"
    );
}

fn assert_same_point(cpu: Coefficients, gpu: Coefficients, what: &str) {
    for (k, (c, g)) in cpu.to_array().into_iter().zip(gpu.to_array()).enumerate() {
        assert_close(c, g, &format!("{what}, coefficient {k}"));
    }
}

#[test]
fn training_matches_the_cpu_backend_step_for_step() {
    let points = NoisyQuadratic::default().sample();
    for loss in [LossKind::Mse, LossKind::Mae] {
        // The right loop, and the lesson's bug (a gradient buffer never zeroed).
        let zero = Coefficients::new(0.0, 0.0, 0.0);
        for buffer in [GradientBuffer::Zeroed, GradientBuffer::Accumulating(zero)] {
            let on = |device: &Device| {
                let fit = QuadraticFit::new(&points, loss, device).unwrap();
                block_on(fit.descend(Coefficients::new(1.5, 1.5, 1.5), 0.01, 200, None, buffer))
                    .unwrap()
            };
            let (cpu, gpu) = (on(&cpu_device()), on(&gpu()));
            assert_eq!(
                cpu.visited.len(),
                gpu.visited.len(),
                "{loss:?}: steps taken"
            );
            assert_eq!(cpu.stop, gpu.stop, "{loss:?}: why it stopped");
            for (step, (c, g)) in cpu.visited.iter().zip(&gpu.visited).enumerate() {
                let what = format!("{loss:?}, {buffer:?}, step {step}");
                assert_close(c.loss, g.loss, &format!("{what}, loss"));
                assert_same_point(c.coefficients, g.coefficients, &what);
                assert_same_point(c.gradient, g.gradient, &format!("{what}, gradient"));
            }
            // The right loop really trained: the loss fell by more than half.
            let (first, last) = (gpu.visited[0].loss, gpu.visited.last().unwrap().loss);
            if buffer == GradientBuffer::Zeroed {
                assert!(last < 0.5 * first, "{loss:?}: {first} → {last}");
            }
        }
    }
}

#[test]
fn divergence_is_caught_the_same_way() {
    let points = NoisyQuadratic::default().sample();
    let on = |device: &Device| {
        let fit = QuadraticFit::new(&points, LossKind::Mse, device).unwrap();
        block_on(fit.descend(
            Coefficients::new(1.5, 1.5, 1.5),
            0.5,
            100,
            None,
            GradientBuffer::Zeroed,
        ))
        .unwrap()
    };
    let (cpu, gpu) = (on(&cpu_device()), on(&gpu()));
    assert_eq!(cpu.stop, gpu.stop);
    assert_eq!(cpu.visited.len(), gpu.visited.len());
}

#[test]
fn loss_surface_matches_the_cpu_backend() {
    let points = NoisyQuadratic::default().sample();
    let spec = SurfaceSpec {
        x: Coefficient::A,
        y: Coefficient::C,
        at: Coefficients::new(1.0, -1.0, 2.0),
        x_range: (-5.0, 5.0),
        y_range: (-5.0, 5.0),
        resolution: 40,
    };
    let on = |device: &Device| {
        let fit = QuadraticFit::new(&points, LossKind::Mse, device).unwrap();
        block_on(fit.surface(spec)).unwrap()
    };
    let (cpu, gpu) = (on(&cpu_device()), on(&gpu()));
    assert_eq!(cpu.losses.len(), gpu.losses.len());
    for (k, (c, g)) in cpu.losses.iter().zip(&gpu.losses).enumerate() {
        assert_close(*c, *g, &format!("surface cell {k}"));
    }
}

/// The convolutional net, from the same weights, takes the same SGD steps on both backends:
/// convolution, pooling and their gradients agree.
#[test]
fn the_convolutional_net_trains_the_same_on_both_backends() {
    use engine::digits::{DigitTrainer, ModelKind, ModelSpec, Pair, Task, TaskData};
    use engine::mnist::{Digits, Mnist};
    use std::sync::Arc;
    let mnist = Mnist::load_dir(&engine::mnist::default_dir()).unwrap();
    let none = Digits::from_parts(vec![], vec![]).unwrap();
    let first = |n: usize| (0..n).collect::<Vec<_>>();
    let data = Arc::new(TaskData {
        task: Task::AllDigits,
        train: mnist.train.picked_then(&first(64), &none),
        valid: mnist.test.picked_then(&first(32), &none),
    });
    let spec = ModelSpec {
        kind: ModelKind::Convolutional,
        hidden: 16,
        seed: 3,
        augment: false,
        pair: Pair::BOOK,
    };
    let start = DigitTrainer::new(spec, data.clone(), &cpu_device()).unwrap();
    let start = block_on(start.export()).unwrap();
    let mut losses = Vec::new();
    for device in [cpu_device(), gpu()] {
        let mut trainer = DigitTrainer::from_plain(&start, data.clone(), 3, &device).unwrap();
        let chunk = block_on(trainer.train(0.1, 16, 3)).unwrap();
        let probabilities = block_on(trainer.predict(&mnist.test.inputs(&[0, 1]))).unwrap();
        losses.push((chunk.batches, probabilities));
    }
    let ((cpu, cpu_p), (gpu, gpu_p)) = (&losses[0], &losses[1]);
    assert_eq!(cpu.len(), 3);
    for (k, (c, g)) in cpu.iter().zip(gpu).enumerate() {
        assert_close(c.loss, g.loss, &format!("loss of batch {k}"));
    }
    for (k, (c, g)) in cpu_p.iter().zip(gpu_p).enumerate() {
        assert!(
            (c - g).abs() < 1e-4,
            "probability {k}: CPU {c} vs WebGPU {g}"
        );
    }
}
