//! The book's chapter 4 on the real MNIST (fetched by `cargo xtask fetch-mnist`), on the CPU
//! backend: each model must reach the accuracy the issue names, seeded so runs repeat.

use burn::tensor::{Tensor, TensorData};
use engine::digits::{
    DigitTrainer, ModelKind, ModelSpec, Pair, Task, TaskData, cross_entropy, mnist_loss,
    pixel_similarity,
};
use engine::mnist::Mnist;
use engine::{Device, cpu_device};
use std::sync::{Arc, OnceLock};

fn mnist() -> &'static Mnist {
    static MNIST: OnceLock<Mnist> = OnceLock::new();
    MNIST.get_or_init(|| {
        Mnist::load_dir(&engine::mnist::default_dir()).unwrap_or_else(|e| panic!("{e}"))
    })
}

fn task_data(task: Task) -> Arc<TaskData> {
    Arc::new(task.data(mnist()))
}

/// Trains `epochs` whole epochs and returns the validation accuracy.
fn train(kind: ModelKind, hidden: usize, learning_rate: f32, batch: usize, epochs: usize) -> f32 {
    train_pair(Pair::BOOK, kind, hidden, learning_rate, batch, epochs)
}

/// [`train`] on `pair`'s digits.
fn train_pair(
    pair: Pair,
    kind: ModelKind,
    hidden: usize,
    learning_rate: f32,
    batch: usize,
    epochs: usize,
) -> f32 {
    let device = cpu_device();
    let spec = ModelSpec {
        kind,
        hidden,
        seed: 42,
        augment: false,
        pair,
    };
    let mut trainer = DigitTrainer::new(spec, task_data(spec.task()), &device).unwrap();
    for _ in 0..epochs {
        loop {
            let chunk = pollster::block_on(trainer.train(learning_rate, batch, 64)).unwrap();
            assert!(!chunk.diverged);
            if chunk.epoch_complete {
                break;
            }
        }
    }
    pollster::block_on(trainer.validate()).unwrap().accuracy
}

#[test]
fn the_data_has_mnists_shapes_and_label_counts() {
    let mnist = mnist();
    assert_eq!(mnist.train.len(), 60_000);
    assert_eq!(mnist.test.len(), 10_000);
    assert_eq!(
        mnist.train.counts(),
        [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    );
    let three_vs_seven = Task::Pair(Pair::BOOK).data(mnist);
    // fastbook's MNIST_SAMPLE has exactly these counts.
    assert_eq!(
        (three_vs_seven.train.len(), three_vs_seven.valid.len()),
        (12_396, 2_038)
    );
}

#[test]
fn pixel_similarity_beats_094_on_threes_and_sevens() {
    let data = task_data(Task::Pair(Pair::BOOK));
    let report = pollster::block_on(pixel_similarity(
        Pair::BOOK,
        &data.train,
        &data.valid,
        &cpu_device(),
    ))
    .unwrap();
    println!(
        "pixel similarity: L1 {:.4}, RMSE {:.4}",
        report.l1_accuracy, report.rmse_accuracy
    );
    assert!(report.l1_accuracy > 0.94, "{}", report.l1_accuracy);
    assert!(report.rmse_accuracy > 0.94, "{}", report.rmse_accuracy);
    // The mean 3 checked on the host: the average of pixel 14·28+14 over all training 3s.
    let centre = 14 * 28 + 14;
    let threes: Vec<usize> = (0..data.train.len())
        .filter(|&i| data.train.label(i) == 3)
        .collect();
    let mean = threes
        .iter()
        .map(|&i| f32::from(data.train.image(i)[centre]))
        .sum::<f32>()
        / threes.len() as f32
        / 255.0;
    assert!((report.mean_first[centre] - mean).abs() < 1e-4);
}

/// Any two digits: 2 versus 4 has its own means and baseline, and the linear model learns it.
#[test]
fn another_pair_has_its_own_digits_means_and_models() {
    let pair = Pair::new(2, 4).unwrap();
    let data = task_data(Task::Pair(pair));
    let counts = mnist().train.counts();
    assert_eq!(data.train.len(), counts[2] + counts[4]);
    assert!(data.train.labels().iter().all(|&l| l == 2 || l == 4));
    assert_eq!(data.valid.len(), 1032 + 982, "the test set's 2s and 4s");
    let report = pollster::block_on(pixel_similarity(
        pair,
        &data.train,
        &data.valid,
        &cpu_device(),
    ))
    .unwrap();
    // The mean 4 at one pixel, on the host.
    let pixel = 10 * 28 + 20;
    let fours: Vec<usize> = (0..data.train.len())
        .filter(|&i| data.train.label(i) == 4)
        .collect();
    let mean = fours
        .iter()
        .map(|&i| f32::from(data.train.image(i)[pixel]))
        .sum::<f32>()
        / fours.len() as f32
        / 255.0;
    assert!((report.mean_second[pixel] - mean).abs() < 1e-4);
    assert!(report.l1_accuracy > 0.8, "{}", report.l1_accuracy);
    // A 3-versus-7 baseline refuses these digits.
    let refused = pollster::block_on(pixel_similarity(
        Pair::BOOK,
        &data.train,
        &data.valid,
        &cpu_device(),
    ));
    assert!(refused.is_err());
    let accuracy = train_pair(pair, ModelKind::Linear, 0, 1.0, 256, 1);
    println!("linear on 2 versus 4, 1 epoch: {accuracy:.4}");
    assert!(accuracy > 0.95, "{accuracy}");
}

#[test]
fn the_linear_model_passes_090_after_one_epoch() {
    let accuracy = train(ModelKind::Linear, 0, 1.0, 256, 1);
    println!("linear, 1 epoch: {accuracy:.4}");
    assert!(accuracy > 0.90, "{accuracy}");
}

#[test]
fn simple_net_passes_097_after_a_few_epochs() {
    let accuracy = train(ModelKind::SimpleNet, 30, 0.1, 256, 8);
    println!("simple_net, 8 epochs: {accuracy:.4}");
    assert!(accuracy > 0.97, "{accuracy}");
}

#[test]
fn the_ten_digit_mlp_passes_090_on_the_test_set_after_one_epoch() {
    let accuracy = train(ModelKind::AllDigits, 30, 0.1, 64, 1);
    println!("784-30-10, batch 64, 1 epoch: {accuracy:.4}");
    assert!(accuracy > 0.90, "{accuracy}");
}

fn tensor(values: &[f32], shape: [usize; 2], device: &Device) -> Tensor<2> {
    Tensor::from_data(TensorData::new(values.to_vec(), shape), device)
}

fn scalar(t: Tensor<1>) -> f32 {
    t.into_data().try_to_vec::<f32>().unwrap()[0]
}

#[test]
fn mnist_loss_matches_the_book_by_hand() {
    let device = cpu_device();
    // Logits 0 and ln 3 give p = 0.5 and 0.75. Targets 1 and 0: losses 1 − 0.5 and 0.75.
    let logits = tensor(&[0.0, 3f32.ln()], [2, 1], &device);
    let targets = tensor(&[1.0, 0.0], [2, 1], &device);
    assert!((scalar(mnist_loss(logits, targets)) - 0.625).abs() < 1e-6);
}

#[test]
fn cross_entropy_matches_by_hand() {
    let device = cpu_device();
    // Uniform logits over 4 classes: −ln(1/4) whatever the target.
    let logits = tensor(&[2.0; 4], [1, 4], &device);
    let target = tensor(&[0.0, 0.0, 1.0, 0.0], [1, 4], &device);
    assert!((scalar(cross_entropy(logits, target)) - 4f32.ln()).abs() < 1e-6);
    // Logits (ln 1, ln 3): softmax (0.25, 0.75); target class 1 costs −ln 0.75.
    let logits = tensor(&[0.0, 3f32.ln()], [1, 2], &device);
    let target = tensor(&[0.0, 1.0], [1, 2], &device);
    assert!((scalar(cross_entropy(logits, target)) + 0.75f32.ln()).abs() < 1e-6);
}

#[test]
fn a_far_too_high_rate_is_reported_as_divergence() {
    let spec = ModelSpec {
        kind: ModelKind::AllDigits,
        hidden: 30,
        seed: 42,
        augment: false,
        pair: Pair::BOOK,
    };
    let mut trainer = DigitTrainer::new(spec, task_data(Task::AllDigits), &cpu_device()).unwrap();
    let chunk = pollster::block_on(trainer.train(10.0, 256, 40)).unwrap();
    let losses: Vec<f32> = chunk.batches.iter().map(|b| b.loss).collect();
    println!("losses at rate 10: {losses:?}");
    assert!(chunk.diverged, "{losses:?}");
}

#[test]
fn the_learning_rate_finder_on_the_ten_digit_mlp_suggests_below_the_blow_up() {
    use engine::lr_finder::{FinderSpec, find_learning_rate};
    let spec = ModelSpec {
        kind: ModelKind::AllDigits,
        hidden: 30,
        seed: 42,
        augment: false,
        pair: Pair::BOOK,
    };
    let mut trainer = DigitTrainer::new(spec, task_data(Task::AllDigits), &cpu_device()).unwrap();
    let mut probe = engine::digits::BatchProbe {
        trainer: &mut trainer,
        batch_size: 64,
    };
    let curve = pollster::block_on(find_learning_rate(&mut probe, FinderSpec::default())).unwrap();
    let exploded = curve.diverged_at.expect("a rate of 10 blows the MLP up");
    let (tenth, steepest) = (curve.minimum_tenth.unwrap(), curve.steepest.unwrap());
    println!("finder on 784-30-10: minimum/10 {tenth}, steepest {steepest}, blew up at {exploded}");
    assert!(tenth < exploded && steepest < exploded);
    // The book's rate for this model, 0.1, lies within a decade of the suggestion.
    assert!((0.01..=1.0).contains(&tenth), "{tenth}");
}

/// The seven steps' one batch: the same step `train` takes, with what each stage produced. The
/// weights after are the weights before minus the rate times the gradient (to the pictures'
/// 8-bit precision), and the predictions score the batch's accuracy.
#[test]
fn one_inspected_batch_is_the_step_train_takes() {
    let device = cpu_device();
    for (kind, hidden) in [(ModelKind::Linear, 0), (ModelKind::AllDigits, 30)] {
        let spec = ModelSpec {
            kind,
            hidden,
            seed: 7,
            augment: false,
            pair: Pair::BOOK,
        };
        let mut trainer =
            DigitTrainer::new(spec, task_data(kind.task(Pair::BOOK)), &device).unwrap();
        let mut twin = trainer.clone();
        let rate = 0.5;
        let (chunk, seen) = pollster::block_on(trainer.inspect_batch(rate, 16, 16)).unwrap();
        let trained = pollster::block_on(twin.train(rate, 16, 1)).unwrap();
        assert_eq!(chunk.batch, 1);
        assert!((chunk.batches[0].loss - trained.batches[0].loss).abs() < 1e-6);
        assert_eq!((seen.batch_size, seen.images.len()), (16, 16 * 784));
        assert_eq!(seen.gradient_sizes.len(), 1 + usize::from(hidden > 0));
        assert!(seen.gradient_sizes.iter().all(|g| *g > 0.0));
        let right = seen
            .labels
            .iter()
            .zip(&seen.predictions)
            .filter(|(l, p)| l == p)
            .count();
        assert!(
            (seen.accuracy - right as f32 / 16.0).abs() < 1e-6,
            "{kind:?}"
        );
        let real =
            |w: &engine::digits::WeightImages, i: usize| w.values[i] as f32 * w.scale / 127.0;
        let slack = (seen.weights_before.scale
            + seen.weights_after.scale
            + rate * seen.first_gradient.scale)
            / 127.0;
        for i in (0..784).step_by(7) {
            let change = real(&seen.weights_change, i);
            let step = -rate * real(&seen.first_gradient, i);
            assert!(
                (change - step).abs()
                    <= (seen.weights_change.scale + rate * seen.first_gradient.scale) / 127.0,
                "{kind:?} pixel {i}: change {change}, −rate × gradient {step}"
            );
            let expected = real(&seen.weights_before, i) - rate * real(&seen.first_gradient, i);
            assert!(
                (real(&seen.weights_after, i) - expected).abs() <= slack,
                "{kind:?} pixel {i}"
            );
        }
    }
}

/// The shaders' warm-up (a throwaway step and validation of each fully connected model on blank
/// digits, run while MNIST downloads on WebGPU) runs to its end on any backend.
#[test]
fn the_warm_up_runs_each_fully_connected_model_once() {
    pollster::block_on(engine::digits::warm_up(&cpu_device())).unwrap();
}

/// A model's start is its seed's alone: the same whether another model was made between its
/// making and its first use (as a worker makes its four models in turn) or not.
#[test]
fn a_models_start_depends_on_its_seed_alone() {
    let device = cpu_device();
    let spec = |kind, seed| ModelSpec {
        kind,
        hidden: 30,
        seed,
        augment: false,
        pair: Pair::BOOK,
    };
    let three_vs_seven = task_data(Task::Pair(Pair::BOOK));
    let start = |trainer: &DigitTrainer| pollster::block_on(trainer.export()).unwrap();
    let alone = DigitTrainer::new(
        spec(ModelKind::SimpleNet, 7),
        three_vs_seven.clone(),
        &device,
    )
    .unwrap();
    let alone = start(&alone);
    let first = DigitTrainer::new(
        spec(ModelKind::SimpleNet, 7),
        three_vs_seven.clone(),
        &device,
    )
    .unwrap();
    let _between = DigitTrainer::new(spec(ModelKind::Linear, 42), three_vs_seven, &device).unwrap();
    assert_eq!(start(&first), alone);
}
