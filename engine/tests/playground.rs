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

#[test]
fn a_fit_in_slices_is_the_fit_in_one_go() {
    use engine::relu::{ReluFit, ReluSum, TargetCurve, fit_relus};
    use engine::run::{Run, RunEnd, RunPlan};
    let points = TargetCurve::Wiggly.points(40);
    let start = ReluSum::spread(6, (-2.0, 2.0));
    let whole = block_on(fit_relus(&points, &start, 0.02, 300, &cpu_device())).unwrap();
    let mut fit =
        ReluFit::new(&points, &start, engine::relu::FIT_OPTIMIZER, &cpu_device()).unwrap();
    let mut run = Run::new(RunPlan::constant(0.02, 300));
    assert_eq!(block_on(run.advance(&mut fit, 100)).unwrap().end, None);
    // Asked for more than is left, the run takes what is left and ends.
    let last = block_on(run.advance(&mut fit, 1000)).unwrap();
    assert_eq!((last.losses.len(), last.end), (200, Some(RunEnd::Limit)));
    assert_eq!(run.steps(), 300);
    let sliced = block_on(fit.sum()).unwrap();
    // The optimiser's state carries over, so slices land where one run does.
    for (a, b) in whole.hinges.iter().zip(&sliced.hinges) {
        assert!((a.m - b.m).abs() < 1e-4 && (a.b - b.b).abs() < 1e-4 && (a.a - b.a).abs() < 1e-4);
    }
    // And a knee is where its unit turns on.
    let hinge = sliced.hinges[0];
    let knee = hinge.knee().unwrap();
    assert!((hinge.m * knee + hinge.b).abs() < 1e-5);
}

fn small_network(hidden: Vec<usize>) -> NetworkSpec {
    NetworkSpec {
        features: vec![Feature::X1, Feature::X2, Feature::X1X2],
        hidden,
        activation: Activation::Tanh,
        loss: PlaygroundLoss::CrossEntropy,
        regularization: Regularization::None,
        regularization_rate: 0.0,
        seed: 3,
    }
}

#[test]
fn the_picture_holds_every_neuron_and_weight_and_shows_xor_learned() {
    use engine::playground::grid;
    let data = Dataset::generate(spec(DatasetKind::Xor, 1));
    let mut trainer =
        PlaygroundTrainer::new(small_network(vec![5, 3]), data, true, &cpu_device()).unwrap();
    block_on(trainer.train(0.1, 10, 500)).unwrap();
    let picture = block_on(trainer.picture(20)).unwrap();
    assert_eq!(picture.output.len(), 400);
    assert_eq!(picture.neurons.len(), 8);
    assert!(picture.neurons.iter().all(|n| n.len() == 400));
    // tanh maps are scaled to their largest magnitude.
    assert!(
        picture
            .neurons
            .iter()
            .all(|n| n.iter().any(|v| v.unsigned_abs() == 127))
    );
    let shapes: Vec<usize> = picture.weights.iter().map(Vec::len).collect();
    assert_eq!(shapes, [3 * 5, 5 * 3, 3]);
    // The grid runs from the top left; on XOR a trained output says class 1 (same signs) in the
    // top-right and bottom-left cells and class 0 in the others.
    let cells = grid(20);
    assert_eq!(cells[0], [-5.7, 5.7]);
    // x₁ over a 4×4 grid: centres −4.5, −1.5, 1.5, 4.5 in every row, scaled by 4.5.
    let x1 = engine::playground::feature_map(Feature::X1, 4);
    assert_eq!(x1, [-127, -42, 42, 127].repeat(4));
    let corner = |i: usize| picture.output[i];
    assert!(
        corner(19) > 64 && corner(380) > 64,
        "{:?}",
        (corner(19), corner(380))
    );
    assert!(
        corner(0) < -64 && corner(399) < -64,
        "{:?}",
        (corner(0), corner(399))
    );
}

#[test]
fn setups_round_trip_through_the_address_and_bad_values_fall_back() {
    use engine::playground::Setup;
    use engine::playground::setup::xor_preset;
    let mut setup = xor_preset(vec![16, 16, 16, 16, 16, 16]);
    setup.network.features = vec![Feature::X1, Feature::SinX2, Feature::X1X2];
    setup.network.activation = Activation::Relu;
    setup.network.regularization = Regularization::L1;
    setup.network.regularization_rate = 0.003;
    setup.learning_rate = 0.3;
    setup.batch_size = 25;
    setup.optimizer = engine::optimizers::Optimizer::Momentum {
        beta: 0.8,
        nesterov: true,
    };
    setup.schedule = engine::schedules::Schedule::WarmupCosine { warmup: 30 };
    setup.stop_after = 300;
    setup.patience = 50;
    setup.data.seed = 77;
    setup.network.seed = 77;
    let mut own = engine::playground::OwnData::empty();
    own.add([1.5, -2.0], true);
    own.add([-0.25, 3.0], false);
    setup.own = Some(own);
    let pairs = setup.to_pairs();
    let (read, problems) = Setup::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
    assert_eq!((read, problems), (setup, Default::default()));

    let bad = [
        ("dataset", "moons"),
        ("noise", "2"),
        ("layers", "4,0"),
        ("features", ""),
        ("lr", "abc"),
        ("batch", "7"),
        ("optimizer", "adam:0.9"),
        ("patience", "-1"),
        ("points", "c1_2_9"),
        ("lab", "playground"),
    ];
    let (read, problems) = Setup::from_pairs(bad);
    assert!(problems.notes.is_empty());
    assert_eq!(
        problems.defaulted,
        [
            "dataset=moons",
            "noise=2",
            "layers=4,0",
            "features=",
            "lr=abc",
            "optimizer=adam:0.9",
            "patience=-1",
            "points=…"
        ]
    );
    let defaults = Setup::default();
    assert_eq!(read.data.kind, defaults.data.kind);
    assert_eq!(read.network.hidden, defaults.network.hidden);
    assert_eq!(read.batch_size, 7);
    // Regression has no classes, so cross-entropy gives way to squared error.
    let (read, _) = Setup::from_pairs([("dataset", "plane")]);
    assert_eq!(read.network.loss, PlaygroundLoss::Mse);
    // A perceptron is no hidden layers at all.
    let (read, problems) = Setup::from_pairs([("layers", "")]);
    assert!(read.network.hidden.is_empty() && problems.message().is_none());
    // An input named twice is one input.
    let (read, problems) = Setup::from_pairs([("features", "x2,x1,x2,x1")]);
    assert_eq!(problems, Default::default());
    assert_eq!(read.network.features, [Feature::X2, Feature::X1]);
}

/// A link may carry no more points than a file: past the limit, the first ones are used and the
/// page says how many the link carried.
#[test]
fn a_link_with_more_points_than_a_file_may_hold_keeps_the_first_and_says_so() {
    use engine::data_text::MAX_ROWS;
    use engine::playground::Setup;
    let points: Vec<String> = (0..14_527)
        .map(|i| format!("{}_1_{}", i % 7, i % 2))
        .collect();
    let key = format!("c{}", points.join("*"));
    let (read, problems) = Setup::from_pairs([("points", key.as_str()), ("lr", "0.3")]);
    assert_eq!(read.own.as_ref().map(|own| own.len()), Some(MAX_ROWS));
    assert_eq!(read.learning_rate, 0.3);
    assert_eq!(
        problems.message().as_deref(),
        Some(
            "The address carried 14527 points, more than the 10000 a file may hold, so the first 10000 are used."
        )
    );
}

/// HOML's vanishing gradients: on a deep sigmoid network each layer's mean |∂L/∂w| is smaller
/// than the next one's, from the output back to the inputs; ReLU at the same depth keeps the
/// first layer's gradient far larger.
#[test]
fn a_deep_sigmoid_networks_gradients_fade_towards_the_inputs() {
    let device = cpu_device();
    let first_layer = |activation| {
        let setup = engine::playground::setup::deep_preset(activation);
        let data = Dataset::generate(setup.data);
        let trainer = PlaygroundTrainer::new(setup.network, data, true, &device).unwrap();
        let sizes = block_on(trainer.gradient_sizes()).unwrap();
        assert_eq!(sizes.len(), 7, "six hidden layers and the output");
        (sizes[0], sizes)
    };
    let (sigmoid_first, sigmoid) = first_layer(Activation::Sigmoid);
    assert!(
        sigmoid.windows(2).all(|w| w[0] < w[1]),
        "each layer smaller than the next: {sigmoid:?}"
    );
    assert!(sigmoid_first < sigmoid[6] / 100.0, "{sigmoid:?}");
    let (relu_first, relu) = first_layer(Activation::Relu);
    assert!(
        relu_first > 10.0 * sigmoid_first,
        "{relu:?} against {sigmoid:?}"
    );
}

/// One point through a network with one hidden layer, against the chain rule worked by hand
/// from the trace's own values and the picture's weights.
#[test]
fn a_points_trace_follows_the_chain_rule() {
    let device = cpu_device();
    let data = Dataset::generate(spec(DatasetKind::Circle, 5));
    let network = NetworkSpec {
        features: vec![Feature::X1, Feature::X2],
        hidden: vec![3],
        activation: Activation::Tanh,
        loss: PlaygroundLoss::CrossEntropy,
        regularization: Regularization::None,
        regularization_rate: 0.0,
        seed: 9,
    };
    let trainer = PlaygroundTrainer::new(network, data.clone(), true, &device).unwrap();
    let picture = block_on(trainer.picture(4)).unwrap();
    let point = 17;
    let trace = block_on(trainer.trace(point)).unwrap();
    assert_eq!(trace.point, point);
    let widths: Vec<usize> = trace.values.iter().map(Vec::len).collect();
    assert_eq!(widths, [2, 3, 1]);
    assert_eq!(trace.values[0], data.points[point].to_vec());
    // Weights are (inputs × outputs), row-major by input.
    let (w1, w2) = (&picture.weights[0], &picture.weights[1]);
    let (x, h, z) = (&trace.values[0], &trace.values[1], trace.values[2][0]);
    // Cross-entropy on a logit: ∂L/∂z = σ(z) − t.
    let dz = 1.0 / (1.0 + (-z).exp()) - data.targets[point];
    let close = |a: f32, b: f32, what: &str| {
        assert!(
            (a - b).abs() <= 1e-5 * b.abs().max(1.0),
            "{what}: {a} against {b}"
        )
    };
    close(trace.gradients[2][0], dz, "∂L/∂z");
    for j in 0..3 {
        close(
            trace.weight_gradients[1][j],
            h[j] * dz,
            "∂L/∂w, output layer",
        );
        let dh = w2[j] * dz;
        close(trace.gradients[1][j], dh, "∂L/∂h");
        // tanh' = 1 − h².
        let pre = dh * (1.0 - h[j] * h[j]);
        for (i, xi) in x.iter().enumerate() {
            close(
                trace.weight_gradients[0][i * 3 + j],
                xi * pre,
                "∂L/∂w, first layer",
            );
        }
    }
    let dx0: f32 = (0..3)
        .map(|j| w1[j] * trace.gradients[1][j] * (1.0 - h[j] * h[j]))
        .sum();
    close(trace.gradients[0][0], dx0, "∂L/∂x₁");
    assert!(block_on(trainer.trace(data.len())).is_err());
}
