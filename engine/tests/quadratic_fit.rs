//! The quadratic fit against numbers computed independently, in f64, on the host.

use engine::quadratic::{
    Coefficient, Coefficients, Descending, GradientBuffer, LossKind, NoisyQuadratic, QuadraticFit,
    StopReason, SurfaceSpec,
};
use engine::run::{Run, RunPlan};
use engine::{Points, cpu_device};
use pollster::block_on;
use std::rc::Rc;

fn points(pairs: &[(f32, f32)]) -> Points {
    Points {
        xs: pairs.iter().map(|p| p.0).collect(),
        ys: pairs.iter().map(|p| p.1).collect(),
    }
}

fn lesson_points() -> Points {
    NoisyQuadratic::default().sample()
}

fn fit(points: &Points, loss: LossKind) -> QuadraticFit {
    QuadraticFit::new(points, loss, &cpu_device()).unwrap()
}

/// The loss in f64, straight from its definition.
fn host_loss(points: &Points, loss: LossKind, [a, b, c]: [f64; 3]) -> f64 {
    let residuals = points
        .pairs()
        .map(|(x, y)| a * f64::from(x).powi(2) + b * f64::from(x) + c - f64::from(y));
    let total: f64 = match loss {
        LossKind::Mse => residuals.map(|r| r * r).sum(),
        LossKind::Mae => residuals.map(f64::abs).sum(),
    };
    total / points.len() as f64
}

/// ∇MSE = (2/n) Σ r·(x², x, 1), with r the residual.
fn analytic_mse_gradient(points: &Points, [a, b, c]: [f64; 3]) -> [f64; 3] {
    let n = points.len() as f64;
    points.pairs().fold([0.0; 3], |acc, (x, y)| {
        let (x, y) = (f64::from(x), f64::from(y));
        let r = a * x * x + b * x + c - y;
        [
            acc[0] + 2.0 * r * x * x / n,
            acc[1] + 2.0 * r * x / n,
            acc[2] + 2.0 * r / n,
        ]
    })
}

fn central_difference(points: &Points, loss: LossKind, at: [f64; 3]) -> [f64; 3] {
    let h = 1e-4;
    std::array::from_fn(|k| {
        let (mut up, mut down) = (at, at);
        up[k] += h;
        down[k] -= h;
        (host_loss(points, loss, up) - host_loss(points, loss, down)) / (2.0 * h)
    })
}

/// Least squares by the normal equations (XᵀX)p = Xᵀy, solved by Gaussian elimination.
fn least_squares(points: &Points) -> [f64; 3] {
    let mut m = [[0.0f64; 4]; 3];
    for (x, y) in points.pairs() {
        let (x, y) = (f64::from(x), f64::from(y));
        let row = [x * x, x, 1.0];
        for i in 0..3 {
            for j in 0..3 {
                m[i][j] += row[i] * row[j];
            }
            m[i][3] += row[i] * y;
        }
    }
    for col in 0..3 {
        let pivot = (col..3)
            .max_by(|&p, &q| m[p][col].abs().total_cmp(&m[q][col].abs()))
            .unwrap();
        m.swap(col, pivot);
        let pivot_row = m[col];
        for (r, row) in m.iter_mut().enumerate() {
            if r != col {
                let factor = row[col] / pivot_row[col];
                for (x, p) in row.iter_mut().zip(pivot_row).skip(col) {
                    *x -= factor * p;
                }
            }
        }
    }
    std::array::from_fn(|i| m[i][3] / m[i][i])
}

fn to_f64(c: Coefficients) -> [f64; 3] {
    c.to_array().map(f64::from)
}

fn assert_relative(actual: f32, expected: f64, tolerance: f64, what: &str) {
    let error = (f64::from(actual) - expected).abs() / expected.abs().max(1e-12);
    assert!(
        error <= tolerance,
        "{what}: {actual} vs {expected} (relative error {error:e})"
    );
}

#[test]
fn loss_of_hand_checked_points() {
    // With a = b = c = 1 the predictions at x = 0, 1, 2 are 1, 3, 7; against y = 1, 2, 9 the
    // residuals are 0, 1, -2: MSE (0 + 1 + 4)/3 = 5/3, MAE (0 + 1 + 2)/3 = 1.
    let data = points(&[(0.0, 1.0), (1.0, 2.0), (2.0, 9.0)]);
    let ones = Coefficients::new(1.0, 1.0, 1.0);
    let mse = block_on(fit(&data, LossKind::Mse).evaluate(ones)).unwrap();
    let mae = block_on(fit(&data, LossKind::Mae).evaluate(ones)).unwrap();
    assert_relative(mse.loss, 5.0 / 3.0, 1e-6, "MSE");
    assert_relative(mae.loss, 1.0, 1e-6, "MAE");
}

#[test]
fn autodiff_gradient_matches_the_analytic_gradient_and_finite_differences() {
    let data = lesson_points();
    for at in [
        Coefficients::new(1.5, 1.5, 1.5),
        Coefficients::new(-2.0, 4.0, 0.5),
        Coefficients::new(3.2, 1.7, 0.4),
    ] {
        let evaluation = block_on(fit(&data, LossKind::Mse).evaluate(at)).unwrap();
        let analytic = analytic_mse_gradient(&data, to_f64(at));
        let numeric = central_difference(&data, LossKind::Mse, to_f64(at));
        for k in 0..3 {
            let autodiff = evaluation.gradient.to_array()[k];
            assert_relative(autodiff, analytic[k], 1e-4, "autodiff vs analytic");
            assert_relative(autodiff, numeric[k], 1e-4, "autodiff vs finite difference");
        }
        assert_relative(
            evaluation.loss,
            host_loss(&data, LossKind::Mse, to_f64(at)),
            1e-5,
            "loss",
        );
    }
}

#[test]
fn mae_gradient_agrees_with_finite_differences_away_from_kinks() {
    let data = lesson_points();
    let at = Coefficients::new(1.5, 1.5, 1.5);
    // Finite differences are only valid where no residual is within h of its kink at zero.
    assert!(data.pairs().all(|(x, y)| (at.value_at(x) - y).abs() > 1e-2));
    let evaluation = block_on(fit(&data, LossKind::Mae).evaluate(at)).unwrap();
    let numeric = central_difference(&data, LossKind::Mae, to_f64(at));
    for (autodiff, numeric) in evaluation.gradient.to_array().into_iter().zip(numeric) {
        assert_relative(autodiff, numeric, 1e-4, "MAE gradient");
    }
}

#[test]
fn one_small_step_moves_against_the_gradient_and_lowers_the_loss() {
    let data = lesson_points();
    let start = Coefficients::new(1.5, 1.5, 1.5);
    let descent =
        block_on(fit(&data, LossKind::Mse).descend(start, 0.01, 1, None, GradientBuffer::Zeroed))
            .unwrap();
    assert_eq!(descent.stop, None);
    let [before, after] = descent.visited[..] else {
        panic!("one step visits two points, got {}", descent.visited.len());
    };
    assert!(
        after.loss < before.loss,
        "{} -> {}",
        before.loss,
        after.loss
    );
    for k in 0..3 {
        let expected = before.coefficients.to_array()[k] - 0.01 * before.gradient.to_array()[k];
        assert!((after.coefficients.to_array()[k] - expected).abs() < 1e-6);
    }
}

#[test]
fn training_from_the_lesson_start_reaches_the_least_squares_solution() {
    let data = lesson_points();
    let start = Coefficients::new(1.5, 1.5, 1.5);
    let descent = block_on(fit(&data, LossKind::Mse).descend(
        start,
        0.01,
        10_000,
        None,
        GradientBuffer::Zeroed,
    ))
    .unwrap();
    assert_eq!(descent.stop, Some(StopReason::Converged));
    let reached = descent.visited.last().unwrap().coefficients.to_array();
    let optimum = least_squares(&data);
    for k in 0..3 {
        assert!(
            (f64::from(reached[k]) - optimum[k]).abs() < 1e-2,
            "coefficient {k}: reached {reached:?}, least squares {optimum:?}"
        );
    }
}

#[test]
fn a_too_high_learning_rate_is_reported_as_divergence_without_nan() {
    let data = lesson_points();
    let start = Coefficients::new(1.5, 1.5, 1.5);
    for lr in [10.0, 0.5] {
        let descent = block_on(fit(&data, LossKind::Mse).descend(
            start,
            lr,
            1_000,
            None,
            GradientBuffer::Zeroed,
        ))
        .unwrap();
        assert_eq!(descent.stop, Some(StopReason::Diverged), "lr {lr}");
        assert!(!descent.visited.is_empty());
        for e in &descent.visited {
            assert!(e.loss.is_finite() && e.coefficients.is_finite() && e.gradient.is_finite());
        }
    }
}

/// The largest stable rate, 2/λmax of the MSE's Hessian, is where the real descent turns: on the
/// lesson's data (about 0.22) and on data at x = ±1000 (about 10⁻¹²), 10% below it Train settles,
/// 10% above it the loss blows up. Scaling the data brings it back to an everyday rate.
#[test]
fn the_largest_stable_rate_is_where_descent_turns_from_settling_to_blowing_up() {
    use engine::quadratic::{largest_stable_rate, scaled_to_unit};
    let far = points(&[
        (-1000.0, 1000.0),
        (-400.0, 170.0),
        (0.0, 3.0),
        (500.0, 240.0),
        (1000.0, -1000.0),
    ]);
    for (data, expected) in [
        (lesson_points(), (0.2, 0.24)),
        (far.clone(), (1e-12, 5e-12)),
    ] {
        let rate = largest_stable_rate(&data).unwrap();
        println!("largest stable rate: {rate:e}");
        assert!((expected.0..expected.1).contains(&rate), "{rate}");
        let fit = fit(&data, LossKind::Mse);
        let start = Coefficients::new(1.5, 1.5, 1.5);
        let run = |factor: f64| {
            block_on(fit.descend(
                start,
                (rate * factor) as f32,
                400,
                None,
                GradientBuffer::Zeroed,
            ))
            .unwrap()
        };
        let below = run(0.9);
        assert_ne!(below.stop, Some(StopReason::Diverged));
        assert!(below.visited.last().unwrap().loss < below.visited[0].loss);
        assert_eq!(run(1.1).stop, Some(StopReason::Diverged));
    }
    let (scaled, x_scale, _) = scaled_to_unit(&far);
    assert_eq!(x_scale, 1000.0);
    let rate = largest_stable_rate(&scaled).unwrap();
    assert!((0.1..2.0).contains(&rate), "{rate}");
}

/// Divergence is judged against where the run began: a start far from the data (c = 1000, a loss
/// near 10⁶) is no reason to stop a small step, and a rate of 10 from there still blows up.
#[test]
fn divergence_is_relative_to_where_the_run_started() {
    let data = lesson_points();
    let far = Coefficients::new(1.5, 1.5, 1000.0);
    let fit = fit(&data, LossKind::Mse);
    let small = block_on(fit.descend(far, 1e-4, 5, None, GradientBuffer::Zeroed)).unwrap();
    assert_eq!(small.stop, None);
    assert_eq!(small.visited.len(), 6);
    let losses: Vec<f32> = small.visited.iter().map(|e| e.loss).collect();
    assert!(losses[0] > 9e5, "{losses:?}");
    assert!(losses.windows(2).all(|w| w[1] < w[0]), "{losses:?}");
    // The same run, carried on in a second call, keeps the first call's yardstick.
    let last = small.visited.last().unwrap().coefficients;
    let more =
        block_on(fit.descend(last, 1e-4, 5, Some(losses[0]), GradientBuffer::Zeroed)).unwrap();
    assert_eq!(more.stop, None);
    // A rate of 10 from there blows up, and is not mistaken for convergence on the way, where
    // the gradient is small beside a huge loss.
    for start in [far, last] {
        let blown =
            block_on(fit.descend(start, 10.0, 100, Some(losses[0]), GradientBuffer::Zeroed))
                .unwrap();
        assert_eq!(blown.stop, Some(StopReason::Diverged), "from {start:?}");
    }
    // A run that began near the data diverges on a point that a fresh run would start from.
    let near = small.visited[0].loss / 1e5;
    let judged = block_on(fit.descend(far, 1e-4, 1, Some(near), GradientBuffer::Zeroed)).unwrap();
    assert_eq!(judged.stop, Some(StopReason::Diverged));
    assert!(judged.visited.is_empty());
}

#[test]
fn bad_inputs_are_errors_not_panics() {
    let empty = Points {
        xs: vec![],
        ys: vec![],
    };
    assert!(QuadraticFit::new(&empty, LossKind::Mse, &cpu_device()).is_err());
    let data = lesson_points();
    let start = Coefficients::new(1.5, 1.5, 1.5);
    for lr in [0.0, -1.0, f32::NAN, f32::INFINITY] {
        assert!(
            block_on(fit(&data, LossKind::Mse).descend(start, lr, 1, None, GradientBuffer::Zeroed))
                .is_err()
        );
    }
}

#[test]
fn surface_values_equal_the_loss_at_each_grid_point() {
    let data = lesson_points();
    for loss in [LossKind::Mse, LossKind::Mae] {
        let spec = SurfaceSpec {
            x: Coefficient::A,
            y: Coefficient::C,
            at: Coefficients::new(0.0, 2.5, 0.0),
            x_range: (-5.0, 5.0),
            y_range: (-4.0, 6.0),
            resolution: 7,
        };
        let surface = block_on(fit(&data, loss).surface(spec)).unwrap();
        assert_eq!(surface.losses.len(), 49);
        for (i, j) in [(0, 0), (6, 0), (3, 4), (6, 6)] {
            let at = spec.coefficients_at(i, j);
            assert_eq!(at.b, 2.5, "the held coefficient keeps its value");
            assert_relative(
                surface.loss_at(i, j),
                host_loss(&data, loss, to_f64(at)),
                1e-5,
                "surface",
            );
        }
        assert_eq!(spec.coefficients_at(6, 6), Coefficients::new(5.0, 2.5, 6.0));
    }
}

/// The lesson's loop without `zero_grad()`: each step moves by the sum of every gradient so far,
/// so the coefficients overshoot and the loss climbs back within 30 steps at the lesson's rate.
#[test]
fn forgetting_to_zero_the_gradients_turns_the_loss_back_up() {
    let data = lesson_points();
    let fit = fit(&data, LossKind::Mse);
    let start = Coefficients::new(1.5, 1.5, 1.5);
    let losses = |buffer| {
        let descent = block_on(fit.descend(start, 0.01, 30, None, buffer)).unwrap();
        assert_eq!(descent.stop, None);
        descent.visited.iter().map(|e| e.loss).collect::<Vec<f32>>()
    };
    let fixed = losses(GradientBuffer::Zeroed);
    assert!(fixed.windows(2).all(|w| w[1] <= w[0]), "{fixed:?}");
    let buggy = losses(GradientBuffer::Accumulating(Coefficients::new(
        0.0, 0.0, 0.0,
    )));
    let lowest = (0..buggy.len())
        .min_by(|&i, &j| buggy[i].total_cmp(&buggy[j]))
        .unwrap();
    assert!(lowest > 0 && lowest < 30, "{buggy:?}");
    assert!(buggy[30] > 2.0 * buggy[lowest], "{buggy:?}");

    // Step by step against the definition: p₂ = p₁ − lr·(g₀ + g₁), with the buffer carried
    // between calls.
    let first = block_on(fit.descend(
        start,
        0.01,
        1,
        None,
        GradientBuffer::Accumulating(Coefficients::new(0.0, 0.0, 0.0)),
    ))
    .unwrap();
    let second =
        block_on(fit.descend(first.visited[1].coefficients, 0.01, 1, None, first.buffer)).unwrap();
    let [g0, g1] =
        [first.visited[0].gradient, first.visited[1].gradient].map(Coefficients::to_array);
    let p1 = first.visited[1].coefficients.to_array();
    let p2 = second.visited[1].coefficients.to_array();
    for k in 0..3 {
        assert!(
            (p2[k] - (p1[k] - 0.01 * (g0[k] + g1[k]))).abs() < 1e-5,
            "{p2:?}"
        );
    }
    let GradientBuffer::Accumulating(sum) = second.buffer else {
        panic!("the buffer stays accumulating");
    };
    for k in 0..3 {
        assert!((sum.to_array()[k] - (g0[k] + g1[k])).abs() < 1e-4);
    }
}

/// The lab's Train: one run kept between slices, as the worker keeps it, walks the path of one
/// call of the same steps (the bug's buffer included), and ends at its step limit.
#[test]
fn a_run_kept_between_slices_takes_the_path_of_one_call_and_ends_at_its_limit() {
    let fit = Rc::new(fit(&lesson_points(), LossKind::Mse));
    let start = Coefficients::new(1.5, 1.5, 1.5);
    for buffer in [
        GradientBuffer::Zeroed,
        GradientBuffer::Accumulating(Coefficients::new(0.0, 0.0, 0.0)),
    ] {
        let whole = block_on(fit.descend(start, 0.01, 12, None, buffer)).unwrap();
        let mut descending = block_on(Descending::start(fit.clone(), start, buffer, None)).unwrap();
        let mut run = Run::new(RunPlan::constant(0.01, 12));
        let mut path = vec![descending.at()];
        let mut slices = 0;
        while run.end().is_none() {
            block_on(run.advance(&mut descending, 5)).unwrap();
            path.extend(descending.take_reached());
            slices += 1;
        }
        assert_eq!(slices, 3, "5 + 5 + 2 steps");
        assert_eq!(path, whole.visited, "{buffer:?}");
        assert_eq!(descending.buffer(), whole.buffer);
        assert_eq!(StopReason::of(run.end()), Some(StopReason::StepLimit));
    }
}
