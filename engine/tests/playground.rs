//! The playground's engine: datasets from a seed, and HOML's lesson that one linear unit cannot
//! learn XOR while one hidden layer can; the learning-rate finder on a real network.

use engine::cpu_device;
use engine::lr_finder::{FinderSpec, find_learning_rate};
use engine::playground::{
    Activation, Dataset, DatasetKind, DatasetSpec, EXTENT, Feature, NetworkSpec, PlaygroundLoss,
    PlaygroundTrainer, Regularization,
};
use pollster::block_on;

fn spec(kind: DatasetKind, seed: u64) -> DatasetSpec {
    DatasetSpec {
        kind,
        samples: 400,
        noise: 0.1,
        train_ratio: 0.7,
        seed,
    }
}

#[test]
fn datasets_repeat_from_their_seed_and_have_the_stated_shapes() {
    for kind in DatasetKind::ALL {
        let data = Dataset::generate(spec(kind, 3));
        assert_eq!(data, Dataset::generate(spec(kind, 3)), "{kind:?}");
        assert_ne!(data, Dataset::generate(spec(kind, 4)), "{kind:?}");
        assert_eq!(
            (data.len(), data.targets.len(), data.train),
            (400, 400, 280)
        );
        let bound = EXTENT * 2.0;
        assert!(
            data.points.iter().flatten().all(|v| v.abs() < bound),
            "{kind:?}"
        );
        if kind.is_regression() {
            assert!(
                data.targets.iter().all(|t| (-1.0..=1.0).contains(t)),
                "{kind:?}"
            );
        } else {
            assert!(
                data.targets.iter().all(|&t| t == 0.0 || t == 1.0),
                "{kind:?}"
            );
            let ones = data.targets.iter().filter(|&&t| t == 1.0).count();
            assert!(
                (150..=250).contains(&ones),
                "{kind:?}: {ones} of 400 in class 1"
            );
        }
    }
}

#[test]
fn xor_labels_follow_the_signs() {
    let data = Dataset::generate(DatasetSpec {
        noise: 0.0,
        ..spec(DatasetKind::Xor, 1)
    });
    for (p, t) in data.points.iter().zip(&data.targets) {
        assert_eq!(*t == 1.0, p[0] * p[1] > 0.0, "{p:?}");
    }
}

fn xor_accuracy(hidden: Vec<usize>) -> f32 {
    let data = Dataset::generate(DatasetSpec {
        noise: 0.0,
        ..spec(DatasetKind::Xor, 1)
    });
    let network = NetworkSpec {
        features: vec![Feature::X1, Feature::X2],
        hidden,
        activation: Activation::Tanh,
        loss: PlaygroundLoss::CrossEntropy,
        regularization: Regularization::None,
        regularization_rate: 0.0,
        seed: 5,
    };
    let mut trainer = PlaygroundTrainer::new(network, data, true, &cpu_device()).unwrap();
    block_on(trainer.train(0.1, 10, 3000)).unwrap();
    block_on(trainer.scores()).unwrap().train_accuracy.unwrap()
}

#[test]
fn one_hidden_layer_learns_xor_and_a_single_unit_cannot() {
    let network = xor_accuracy(vec![8]);
    let perceptron = xor_accuracy(vec![]);
    println!("XOR train accuracy: one hidden layer {network:.3}, one linear unit {perceptron:.3}");
    assert!(network > 0.95, "{network}");
    assert!(perceptron <= 0.75, "{perceptron}");
}

#[test]
fn the_finder_suggests_rates_below_where_the_loss_explodes() {
    let data = Dataset::generate(spec(DatasetKind::Circle, 2));
    let network = NetworkSpec {
        features: vec![Feature::X1, Feature::X2],
        hidden: vec![8, 8],
        activation: Activation::Relu,
        loss: PlaygroundLoss::CrossEntropy,
        regularization: Regularization::L2,
        regularization_rate: 0.001,
        seed: 1,
    };
    let mut trainer = PlaygroundTrainer::new(network, data, true, &cpu_device()).unwrap();
    let curve = block_on(find_learning_rate(
        &mut trainer,
        FinderSpec {
            start: 1e-6,
            end: 100.0,
            steps: 150,
        },
    ))
    .unwrap();
    let exploded = curve
        .diverged_at
        .expect("a rate of 100 blows this network up");
    println!(
        "finder: minimum/10 {:?}, steepest {:?}, exploded at {exploded}",
        curve.minimum_tenth, curve.steepest
    );
    let (tenth, steepest) = (curve.minimum_tenth.unwrap(), curve.steepest.unwrap());
    assert!(tenth < exploded && steepest < exploded);
    // And the loss did fall on the way: the suggestion is not the sweep's start.
    assert!(tenth > 1e-5, "{tenth}");
}

#[test]
fn more_relus_fit_closer_and_the_fit_beats_its_start() {
    use engine::relu::{ReluSum, TargetCurve, fit_relus};
    for curve in [TargetCurve::Sine, TargetCurve::Step, TargetCurve::Wiggly] {
        let points = curve.points(60);
        let errors: Vec<f32> = [1, 4, 16]
            .iter()
            .map(|&units| {
                let start = ReluSum::spread(units, (-2.0, 2.0));
                let fitted =
                    block_on(fit_relus(&points, &start, 0.02, 2000, &cpu_device())).unwrap();
                assert!(fitted.mse(&points) < start.mse(&points));
                fitted.mse(&points)
            })
            .collect();
        println!("{curve:?}: MSE with 1, 4, 16 units: {errors:?}");
        assert!(
            errors[1] < errors[0] && errors[2] < errors[1],
            "{curve:?}: {errors:?}"
        );
    }
}
