//! Drawings classified like MNIST: the ready model (`assets/digits-model.bin`, made by the CLI)
//! on MNIST test digits distorted the way a canvas would distort them, after `mnist_like`.

use engine::digits::{PlainNet, accuracy_on, mnist_like};
use engine::mnist::{Digits, Mnist, PIXELS, SIDE};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use std::sync::{Arc, OnceLock};

const CANVAS: usize = 280;

fn test_digits() -> &'static Digits {
    static MNIST: OnceLock<Mnist> = OnceLock::new();
    &MNIST
        .get_or_init(|| {
            Mnist::load_dir(&engine::mnist::default_dir()).unwrap_or_else(|e| panic!("{e}"))
        })
        .test
}

fn ready_model() -> PlainNet {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/digits-model.bin");
    PlainNet::from_bytes(&std::fs::read(path).expect("the ready model is committed")).unwrap()
}

/// How a learner's drawing of this digit could look on a 280×280 canvas: ten times larger,
/// scaled by `scale` and shifted by `shift` canvas pixels, with strokes as thick as the grey level
/// `threshold` outlines (0.1 thick, 0.85 thin), anti-aliased over about a pixel.
fn as_drawn(image: &[u8], scale: f32, shift: (f32, f32), threshold: f32) -> Vec<f32> {
    let level = |x: isize, y: isize| {
        if (0..SIDE as isize).contains(&x) && (0..SIDE as isize).contains(&y) {
            f32::from(image[y as usize * SIDE + x as usize]) / 255.0
        } else {
            0.0
        }
    };
    let zoom = 10.0 * scale;
    let half = CANVAS as f32 / 2.0;
    let mut canvas = vec![0.0; CANVAS * CANVAS];
    for y in 0..CANVAS {
        for x in 0..CANVAS {
            // Bilinear sample of the digit at this canvas pixel's centre.
            let u = (x as f32 + 0.5 - half - shift.0) / zoom + SIDE as f32 / 2.0 - 0.5;
            let v = (y as f32 + 0.5 - half - shift.1) / zoom + SIDE as f32 / 2.0 - 0.5;
            let (x0, y0) = (u.floor() as isize, v.floor() as isize);
            let (fx, fy) = (u - u.floor(), v - v.floor());
            let grey = level(x0, y0) * (1.0 - fx) * (1.0 - fy)
                + level(x0 + 1, y0) * fx * (1.0 - fy)
                + level(x0, y0 + 1) * (1.0 - fx) * fy
                + level(x0 + 1, y0 + 1) * fx * fy;
            canvas[y * CANVAS + x] = ((grey - threshold) * 10.0 + 0.5).clamp(0.0, 1.0);
        }
    }
    canvas
}

#[test]
fn the_ready_model_reads_mnist_as_it_is() {
    let (net, test) = (ready_model(), test_digits());
    assert_eq!(net.shape(), "28×28→conv 5×5×16→conv 5×5×32→64→10");
    let accuracy = accuracy_on(&net, test).unwrap();
    println!("ready model on the 10,000 test digits: {accuracy:.4}");
    assert!(accuracy >= 0.99, "{accuracy}");
}

#[test]
fn distorted_drawings_still_classify_above_098() {
    let (net, test) = (ready_model(), test_digits());
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let count = 1000;
    let thresholds = [0.1, 0.3, 0.5, 0.7, 0.85];
    let mut correct = 0;
    let mut correct_by_pen = [0; 5];
    for n in 0..count {
        let i = (n * 10) % test.len();
        let scale = rng.random_range(0.6..1.4);
        // Keep the 20-pixel digit box inside the canvas.
        let room = ((CANVAS as f32 - 200.0 * scale) / 2.0).max(0.0);
        let shift = (
            rng.random_range(-room..=room),
            rng.random_range(-room..=room),
        );
        let threshold = thresholds[n % 5];
        let drawn = as_drawn(test.image(i), scale, shift, threshold);
        let seen = mnist_like(&drawn, CANVAS, CANVAS).expect("every test digit has ink");
        assert_eq!(seen.len(), PIXELS);
        if net.predict(&seen).unwrap() == test.label(i) {
            correct += 1;
            correct_by_pen[n % 5] += 1;
        }
    }
    let accuracy = correct as f32 / count as f32;
    let by_pen = correct_by_pen.map(|c| c as f32 / (count / 5) as f32);
    println!("ready model on {count} distorted drawings: {accuracy:.4}; thick to thin: {by_pen:?}");
    assert!(accuracy >= 0.98, "{accuracy}");
    // Neither the thickest nor the thinnest pen falls far behind.
    assert!(by_pen.iter().all(|&a| a >= 0.95), "{by_pen:?}");
}

/// The handwriting styles MNIST under-represents (tests/data/handwriting-styles.json, which the
/// e2e test draws on the real canvas too), each large and centred and small in a corner, drawn
/// with the page's pen on its canvas: the ready model reads every one right.
#[test]
fn the_ready_model_reads_handwriting_styles_mnist_under_represents() {
    use engine::digits::strokes::{CANVAS, render};
    let styles: serde_json::Value =
        serde_json::from_str(include_str!("data/handwriting-styles.json")).unwrap();
    let net = ready_model();
    let pen = styles["pen"].as_f64().unwrap() as f32;
    let mut wrong = Vec::new();
    for style in styles["styles"].as_array().unwrap() {
        let label = style["label"].as_u64().unwrap() as u8;
        for placement in styles["placements"].as_array().unwrap() {
            let at = |key: &str| placement[key].as_f64().unwrap() as f32;
            let strokes: Vec<Vec<(f32, f32)>> = style["strokes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|stroke| {
                    stroke
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|p| {
                            let (x, y) =
                                (p[0].as_f64().unwrap() as f32, p[1].as_f64().unwrap() as f32);
                            let side = CANVAS as f32;
                            (
                                (at("left") + at("scale") * x) * side,
                                (at("top") + at("scale") * y) * side,
                            )
                        })
                        .collect()
                })
                .collect();
            let seen = mnist_like(&render(&strokes, pen), CANVAS, CANVAS).unwrap();
            let probabilities = net.probabilities(&seen).unwrap();
            let read = net.predict(&seen).unwrap();
            println!(
                "{} ({}): read {read} at {:.2}",
                style["style"], placement["name"], probabilities[read as usize]
            );
            if read != label {
                wrong.push(format!(
                    "{} ({}) read as {read}",
                    style["style"], placement["name"]
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:?}");
}

/// Exporting keeps the maths: a trained burn model and its PlainNet agree on real digits, and
/// the PlainNet taken back into burn agrees with both.
#[test]
fn exported_models_match_the_burn_models_they_came_from() {
    use engine::digits::{DigitTrainer, ModelKind, ModelSpec, Pair, Task};
    let mnist = Mnist::load_dir(&engine::mnist::default_dir()).unwrap();
    let data = Arc::new(Task::AllDigits.data(&mnist));
    let images = mnist.test.inputs(&[0, 1, 2]);
    for kind in [ModelKind::AllDigits, ModelKind::Convolutional] {
        let spec = ModelSpec {
            kind,
            hidden: 16,
            seed: 1,
            augment: kind == ModelKind::Convolutional,
            pair: Pair::BOOK,
        };
        let mut trainer = DigitTrainer::new(spec, data.clone(), &engine::cpu_device()).unwrap();
        pollster::block_on(trainer.train(0.1, 64, 20)).unwrap();
        let net = pollster::block_on(trainer.export()).unwrap();
        let burn = pollster::block_on(trainer.predict(&images)).unwrap();
        let imported = DigitTrainer::from_plain(&net, data.clone(), 1, &engine::cpu_device());
        let again = pollster::block_on(imported.unwrap().predict(&images)).unwrap();
        for (k, image) in images.chunks(PIXELS).enumerate() {
            let plain = net.probabilities(image).unwrap();
            let (burn, again) = (&burn[k * 10..][..10], &again[k * 10..][..10]);
            for ((a, b), c) in plain.iter().zip(burn).zip(again) {
                assert!((a - b).abs() < 1e-5, "{kind:?}: {a} vs {b}");
                assert!((b - c).abs() < 1e-6, "{kind:?}: {b} vs {c} after import");
            }
        }
    }
}

/// Fine-tuning on digits the ready model misreads (MNIST digits turned a quarter turn): it
/// learns them, keeps MNIST, and its "before" score is the ready model's, computed apart.
#[test]
fn fine_tuning_learns_the_learners_digits_and_keeps_mnist() {
    use engine::digits::fine_tuning::{STEPS, mnist_mixed};
    use engine::digits::{Task, TaskData, TuneStage, fine_tune};
    let mnist = Mnist::load_dir(&engine::mnist::default_dir()).unwrap();
    let net = ready_model();
    let turned: Vec<usize> = (0..40).collect();
    let pixels = turned
        .iter()
        .flat_map(|&i| {
            let image = mnist.test.image(i);
            (0..PIXELS).map(move |p| image[(p % SIDE) * SIDE + SIDE - 1 - p / SIDE])
        })
        .collect();
    let labels = turned.iter().map(|&i| mnist.test.label(i)).collect();
    let own = Digits::from_parts(pixels, labels).unwrap();
    // Validation on 1,000 test digits keeps the test quick; the page uses all 10,000.
    let valid_part: Vec<usize> = (1000..2000).collect();
    let none = Digits::from_parts(vec![], vec![]).unwrap();
    let data = TaskData {
        task: Task::AllDigits,
        train: mnist.train,
        valid: mnist.test.picked_then(&valid_part, &none),
    };
    let mut stages = Vec::new();
    let tuned = pollster::block_on(fine_tune(
        &net,
        &own,
        &data,
        5,
        &engine::cpu_device(),
        async |stage| stages.push(stage),
    ));
    let tuned = tuned.unwrap();
    // Told after each validation slice (1,000 digits: one slice) and each turn of steps.
    assert_eq!(stages.first(), Some(&TuneStage::ScoringBefore));
    assert_eq!(stages.last(), Some(&TuneStage::ScoringAfter));
    assert!(stages.contains(&TuneStage::Stepping { done: STEPS }));
    println!(
        "fine-tuned on {} turned digits: own {} -> {}, MNIST {} -> {}",
        own.len(),
        tuned.before.own,
        tuned.after.own,
        tuned.before.mnist,
        tuned.after.mnist
    );
    assert_eq!(tuned.before.own, accuracy_on(&net, &own).unwrap());
    assert!((tuned.before.mnist - accuracy_on(&net, &data.valid).unwrap()).abs() < 1e-6);
    assert_eq!(tuned.mnist_mixed, mnist_mixed(own.len()));
    assert_eq!(mnist_mixed(own.len()), 3 * own.len());
    assert_eq!(tuned.steps, STEPS);
    assert!(tuned.before.own < 0.5, "{:?}", tuned.before);
    assert!(
        tuned.after.own >= tuned.before.own + 0.3,
        "{:?}",
        tuned.after
    );
    assert!(tuned.after.mnist > 0.95, "{:?}", tuned.after);
}
