//! Trains the book's digit models on the real MNIST and prints the book's table, so the numbers
//! can be checked without a browser:
//!
//! `cargo run -p engine --release --bin digits -- [--model linear|simple_net|all_digits|cnn|all]
//!  [--epochs N] [--hidden H] [--batch B] [--lr R] [--seed S] [--augment on|off] [--decay F]
//!  [--styles N] [--save FILE]`
//!
//! `--augment` trains on distorted digits (on by default for the CNN only); `--decay` multiplies
//! the learning rate by F after each epoch (1 by default: a constant rate). `--styles N` adds N
//! drawings of each handwriting style MNIST under-represents (a 1 with a flag, a crossed 7, …;
//! `engine::digits::strokes`) to the ten-digit training set. `--save` writes the
//! last model trained as a `PlainNet` file: the Digits lab's ready model is the README's command.
//!
//! Without `--epochs`, each model trains as long as the book trains it. Data: `assets/mnist`
//! (`cargo xtask fetch-mnist`), or `DESCENT_MNIST_DIR`.

use engine::cpu_device;
use engine::digits::strokes::styled_digits;
use engine::digits::{DigitTrainer, ModelKind, ModelSpec, Pair, Task, TaskData, pixel_similarity};
use engine::mnist::Mnist;
use pollster::block_on;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

fn main() {
    if let Err(message) = run() {
        eprintln!("digits: {message}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let options = Options::parse(std::env::args().skip(1))?;
    let started = Instant::now();
    let mnist = Mnist::load_dir(&engine::mnist::default_dir()).map_err(|e| e.to_string())?;
    println!(
        "MNIST loaded and checked in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let device = cpu_device();
    let mut data = HashMap::new();
    for kind in &options.models {
        data.entry(kind.task(Pair::BOOK)).or_insert_with(|| {
            let mut task = kind.task(Pair::BOOK).data(&mnist);
            if options.styles > 0 && task.task == Task::AllDigits {
                let styled = styled_digits(options.styles, options.seed);
                let all: Vec<usize> = (0..task.train.len()).collect();
                task.train = task.train.picked_then(&all, &styled);
                println!(
                    "{} drawings in handwriting styles MNIST under-represents join the training set",
                    styled.len()
                );
            }
            Arc::new(task)
        });
    }
    if options.models.contains(&ModelKind::Linear) {
        let three_vs_seven = &data[&ModelKind::Linear.task(Pair::BOOK)];
        let report = block_on(pixel_similarity(
            Pair::BOOK,
            &three_vs_seven.train,
            &three_vs_seven.valid,
            &device,
        ))
        .map_err(|e| e.to_string())?;
        println!(
            "\npixel similarity (3 vs 7, {} images): L1 {:.4}, RMSE {:.4}   (book: 0.9511)",
            report.validation_images, report.l1_accuracy, report.rmse_accuracy
        );
    }
    let mut last = None;
    for &kind in &options.models {
        last = Some(train(kind, &options, data[&kind.task(Pair::BOOK)].clone())?);
    }
    if let (Some(path), Some(trainer)) = (&options.save, last) {
        let net = block_on(trainer.export()).map_err(|e| e.to_string())?;
        std::fs::write(path, net.to_bytes()).map_err(|e| format!("cannot write {path}: {e}"))?;
        println!("\nsaved {} to {path}", net.shape());
    }
    Ok(())
}

fn train(kind: ModelKind, options: &Options, data: Arc<TaskData>) -> Result<DigitTrainer, String> {
    let (book_epochs, book) = match kind {
        ModelKind::Linear => (20, "book: ~0.968-0.979"),
        ModelKind::SimpleNet => (40, "book: 0.9828"),
        ModelKind::AllDigits => (1, "PyTorch and TF.js: ~0.89-0.90 at batch 256"),
        ModelKind::Convolutional => (10, "LeNet-5: 0.99"),
    };
    let epochs = options.epochs.unwrap_or(book_epochs);
    let mut rate = options.rate.unwrap_or(kind.default_learning_rate());
    let spec = ModelSpec {
        kind,
        hidden: options.hidden,
        seed: options.seed,
        augment: options.augment.unwrap_or(kind == ModelKind::Convolutional),
        pair: Pair::BOOK,
    };
    let samples = data.train.len();
    let mut trainer = DigitTrainer::new(spec, data, &cpu_device()).map_err(|e| e.to_string())?;
    println!(
        "\n{} ({kind:?}), lr {rate}, batch {}, {epochs} epochs, seed {}{}   ({book})",
        kind.shape(options.hidden),
        options.batch,
        options.seed,
        if spec.augment {
            ", distorted digits"
        } else {
            ""
        }
    );
    println!("epoch  train loss  valid loss  valid accuracy  seconds  samples/s  rate");
    for epoch in 1..=epochs {
        let started = Instant::now();
        let (mut loss, mut batches) = (0.0, 0);
        loop {
            let chunk =
                block_on(trainer.train(rate, options.batch, 64)).map_err(|e| e.to_string())?;
            loss += chunk.batches.iter().map(|b| b.loss).sum::<f32>();
            batches += chunk.batches.len();
            if chunk.diverged {
                return Err("the loss blew up: lower the learning rate".into());
            }
            if chunk.epoch_complete {
                break;
            }
        }
        let seconds = started.elapsed().as_secs_f64();
        let validation = block_on(trainer.validate()).map_err(|e| e.to_string())?;
        println!(
            "{epoch:>5}  {:>10.4}  {:>10.4}  {:>14.4}  {seconds:>7.3}  {:>9.0}  {rate:.4}",
            loss / batches.max(1) as f32,
            validation.loss,
            validation.accuracy,
            samples as f64 / seconds
        );
        rate *= options.decay;
    }
    Ok(trainer)
}

struct Options {
    models: Vec<ModelKind>,
    epochs: Option<usize>,
    hidden: usize,
    batch: usize,
    rate: Option<f32>,
    seed: u64,
    augment: Option<bool>,
    decay: f32,
    styles: usize,
    save: Option<String>,
}

impl Options {
    fn parse(mut args: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut options = Self {
            models: ModelKind::ALL.to_vec(),
            epochs: None,
            hidden: 30,
            batch: 256,
            rate: None,
            seed: 42,
            augment: None,
            decay: 1.0,
            styles: 0,
            save: None,
        };
        while let Some(flag) = args.next() {
            let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
            let bad = || format!("{flag}: cannot read {value:?}");
            match flag.as_str() {
                "--model" => {
                    options.models = match value.as_str() {
                        "linear" => vec![ModelKind::Linear],
                        "simple_net" => vec![ModelKind::SimpleNet],
                        "all_digits" => vec![ModelKind::AllDigits],
                        "cnn" => vec![ModelKind::Convolutional],
                        "all" => ModelKind::ALL.to_vec(),
                        _ => return Err(format!("unknown model {value:?}")),
                    }
                }
                "--epochs" => options.epochs = Some(value.parse().map_err(|_| bad())?),
                "--hidden" => options.hidden = value.parse().map_err(|_| bad())?,
                "--batch" => options.batch = value.parse().map_err(|_| bad())?,
                "--lr" => options.rate = Some(value.parse().map_err(|_| bad())?),
                "--seed" => options.seed = value.parse().map_err(|_| bad())?,
                "--augment" => {
                    options.augment = Some(match value.as_str() {
                        "on" => true,
                        "off" => false,
                        _ => return Err(bad()),
                    })
                }
                "--decay" => options.decay = value.parse().map_err(|_| bad())?,
                "--styles" => options.styles = value.parse().map_err(|_| bad())?,
                "--save" => options.save = Some(value),
                _ => return Err(format!("unknown option {flag}")),
            }
        }
        Ok(options)
    }
}
