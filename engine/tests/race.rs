//! The optimizer race on the quadratic: paths that end where their losses say, momentum crossing
//! the narrow valley sooner than SGD, and a racer that blows up stopping before it does.

use engine::optimizers::Optimizer;
use engine::quadratic::{
    Coefficients, LossKind, QuadraticFit, Racer, StopReason, least_squares, race, valley_preset,
};
use engine::{Points, cpu_device};
use pollster::block_on;

/// The mean squared error of `a·x² + b·x + c` on the points, in f64.
fn mse(points: &Points, p: Coefficients) -> f64 {
    let [a, b, c] = p.to_array().map(f64::from);
    points
        .pairs()
        .map(|(x, y)| {
            let (x, y) = (f64::from(x), f64::from(y));
            (a * x * x + b * x + c - y).powi(2)
        })
        .sum::<f64>()
        / points.len() as f64
}

#[test]
fn momentum_crosses_the_valley_in_fewer_steps_than_sgd() {
    let preset = valley_preset();
    let points = preset.recipe.sample();
    let fit = QuadraticFit::new(&points, LossKind::Mse, &cpu_device()).unwrap();
    let result = block_on(race(&fit, preset.start, &preset.racers, preset.steps)).unwrap();
    let optimum = result.optimum.unwrap();
    assert_eq!(
        optimum.coefficients,
        least_squares(&points).unwrap(),
        "the optimum raced to is the least-squares fit"
    );
    for (racer, path) in preset.racers.iter().zip(&result.paths) {
        assert_eq!(
            path.visited.len(),
            preset.steps + 1,
            "{racer:?} ran every step"
        );
        assert_eq!(path.visited[0].coefficients, preset.start);
        let last = path.visited.last().unwrap();
        let expected = mse(&points, last.coefficients);
        assert!(
            (f64::from(last.loss) - expected).abs() <= 1e-4 * expected,
            "{racer:?}: loss {} at its end, {expected} by hand",
            last.loss
        );
        // Reached means within 1% of the optimum's loss, and not a step sooner.
        let reached = path.reached.unwrap();
        assert!(path.visited[reached].loss <= optimum.loss * 1.01);
        assert!(path.visited[reached - 1].loss > optimum.loss * 1.01);
    }
    let [sgd, momentum, _] = [0, 1, 2].map(|i| result.paths[i].reached.unwrap());
    assert!(momentum * 2 < sgd, "momentum {momentum} steps, SGD {sgd}");
    // SGD zig-zags across the valley: a overshoots the optimum back and forth.
    let a_side: Vec<bool> = result.paths[0].visited[1..10]
        .iter()
        .map(|e| e.coefficients.a > optimum.coefficients.a)
        .collect();
    assert!(
        a_side.windows(2).filter(|w| w[0] != w[1]).count() >= 6,
        "{a_side:?}"
    );
}

#[test]
fn a_racer_that_blows_up_stops_before_its_loss_does() {
    let points = valley_preset().recipe.sample();
    let fit = QuadraticFit::new(&points, LossKind::Mse, &cpu_device()).unwrap();
    let racers = [
        Racer {
            optimizer: Optimizer::Sgd,
            learning_rate: 0.1,
        },
        Racer {
            optimizer: Optimizer::NESTEROV,
            learning_rate: 0.001,
        },
    ];
    let start = Coefficients::new(1.5, 1.5, 1.5);
    let result = block_on(race(&fit, start, &racers, 50)).unwrap();
    let blown = &result.paths[0];
    assert_eq!(blown.stop, Some(StopReason::Diverged));
    assert!(blown.visited.len() < 51);
    assert!(blown.visited.iter().all(|e| e.loss.is_finite()));
    assert_eq!(result.paths[1].stop, None);
    assert_eq!(result.paths[1].visited.len(), 51);
    assert!(block_on(race(&fit, start, &[], 10)).is_err());
    assert!(block_on(race(&fit, start, &racers, 5_000)).is_err());
}
