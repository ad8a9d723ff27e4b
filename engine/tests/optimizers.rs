//! Each optimizer's first three steps on the quadratic against the textbook update rules,
//! computed by hand in f64 from the analytic MSE gradient; and early stopping on a held-out set.

use engine::optimizers::Optimizer;
use engine::quadratic::{Coefficients, LossKind, OptimizerRun, QuadraticFit};
use engine::run::Training;
use engine::{Points, cpu_device};
use pollster::block_on;

const XS: [f32; 5] = [-2.0, -1.0, 0.0, 1.0, 2.0];
const YS: [f32; 5] = [9.0, 2.0, 1.0, 4.0, 15.0];
const START: [f64; 3] = [1.5, 1.5, 1.5];
const RATE: f64 = 0.01;

/// ∂L/∂(a, b, c) of the mean squared error: the mean of 2·r·(x², x, 1).
fn gradient([a, b, c]: [f64; 3]) -> [f64; 3] {
    let mut g = [0.0; 3];
    for (&x, &y) in XS.iter().zip(&YS) {
        let (x, y) = (f64::from(x), f64::from(y));
        let r = a * x * x + b * x + c - y;
        for (gi, feature) in g.iter_mut().zip([x * x, x, 1.0]) {
            *gi += 2.0 * r * feature / XS.len() as f64;
        }
    }
    g
}

/// Three steps of `update(step number from 1, p, g, state) -> p`, by hand.
fn by_hand<S: Default>(
    mut update: impl FnMut(i32, [f64; 3], [f64; 3], &mut S) -> [f64; 3],
) -> Vec<[f64; 3]> {
    let mut state = S::default();
    let mut p = START;
    (1..=3)
        .map(|t| {
            p = update(t, p, gradient(p), &mut state);
            p
        })
        .collect()
}

fn engine_steps(optimizer: Optimizer) -> Vec<[f64; 3]> {
    let device = cpu_device();
    let points = Points {
        xs: XS.to_vec(),
        ys: YS.to_vec(),
    };
    let fit = QuadraticFit::new(&points, LossKind::Mse, &device).unwrap();
    let start = Coefficients::from_array(START.map(|v| v as f32));
    let mut run = OptimizerRun::new(&fit, start, optimizer, f32::INFINITY);
    // One step per call, as a run split across slices is: the state carries over.
    (0..3)
        .map(|step| {
            block_on(run.train_steps(&[RATE as f32], step)).unwrap();
            let reached = run.reached.last().unwrap();
            reached.coefficients.to_array().map(f64::from)
        })
        .collect()
}

fn assert_agree(optimizer: Optimizer, expected: Vec<[f64; 3]>) {
    let actual = engine_steps(optimizer);
    for (step, (a, e)) in actual.iter().zip(&expected).enumerate() {
        for (x, y) in a.iter().zip(e) {
            assert!(
                (x - y).abs() <= 1e-6 * y.abs(),
                "{optimizer:?}, step {}: engine {a:?}, by hand {e:?}",
                step + 1
            );
        }
    }
}

fn each(p: [f64; 3], f: impl Fn(usize) -> f64) -> [f64; 3] {
    [0, 1, 2].map(|i| p[i] - f(i))
}

#[test]
fn sgd_steps_against_the_gradient() {
    let expected = by_hand(|_, p, g, _: &mut ()| each(p, |i| RATE * g[i]));
    assert_agree(Optimizer::Sgd, expected);
}

/// The velocity: `v = g` at the first step, then `v ← β·v + g`.
fn accumulate(v: &mut [f64; 3], t: i32, g: [f64; 3], beta: f64) {
    for i in 0..3 {
        v[i] = if t == 1 { g[i] } else { beta * v[i] + g[i] };
    }
}

#[test]
fn momentum_accumulates_a_velocity() {
    let beta = 0.9;
    let expected = by_hand(|t, p, g, v: &mut [f64; 3]| {
        accumulate(v, t, g, beta);
        each(p, |i| RATE * v[i])
    });
    assert_agree(Optimizer::MOMENTUM, expected);
}

#[test]
fn nesterov_steps_along_the_gradient_plus_the_velocity_ahead() {
    let beta = 0.9;
    let expected = by_hand(|t, p, g, v: &mut [f64; 3]| {
        accumulate(v, t, g, beta);
        each(p, |i| RATE * (g[i] + beta * v[i]))
    });
    assert_agree(Optimizer::NESTEROV, expected);
}

#[test]
fn rmsprop_divides_by_the_root_mean_square() {
    let (alpha, epsilon) = (0.9, 1e-7);
    let expected = by_hand(|_, p, g, s: &mut [f64; 3]| {
        for i in 0..3 {
            s[i] = alpha * s[i] + (1.0 - alpha) * g[i] * g[i];
        }
        each(p, |i| RATE * g[i] / (s[i].sqrt() + epsilon))
    });
    assert_agree(Optimizer::RMSPROP, expected);
}

#[test]
fn adam_uses_bias_corrected_moments() {
    let (beta1, beta2, epsilon) = (0.9, 0.999, 1e-7);
    let expected = by_hand(|t, p, g, (m, v): &mut ([f64; 3], [f64; 3])| {
        for i in 0..3 {
            m[i] = beta1 * m[i] + (1.0 - beta1) * g[i];
            v[i] = beta2 * v[i] + (1.0 - beta2) * g[i] * g[i];
        }
        each(p, |i| {
            let m_hat = m[i] / (1.0 - beta1.powi(t));
            let v_hat = v[i] / (1.0 - beta2.powi(t));
            RATE * m_hat / (v_hat.sqrt() + epsilon)
        })
    });
    assert_agree(Optimizer::ADAM, expected);
}

/// Early stopping on the quadratic: fitted to five points, checked on five others, with a rate
/// so high that the fit overshoots and the held-out loss climbs back. Restoring the best
/// coefficients gives exactly the best held-out loss recorded.
#[test]
fn early_stopping_restores_the_weights_of_the_best_validation_loss() {
    use engine::early_stopping::{EarlyStopping, Verdict};
    let device = cpu_device();
    let train = QuadraticFit::new(
        &Points {
            xs: XS.to_vec(),
            ys: YS.to_vec(),
        },
        LossKind::Mse,
        &device,
    )
    .unwrap();
    let held_out = QuadraticFit::new(
        &Points {
            xs: vec![-1.5, -0.5, 0.5, 1.5, 2.5],
            ys: vec![3.0, 0.5, 2.0, 9.0, 20.0],
        },
        LossKind::Mse,
        &device,
    )
    .unwrap();
    let start = Coefficients::from_array(START.map(|v| v as f32));
    let mut run = OptimizerRun::new(&train, start, Optimizer::MOMENTUM, f32::INFINITY);
    let mut stopping = EarlyStopping::new(5);
    let mut stopped_at = None;
    for step in 1..=200 {
        block_on(run.train_steps(&[0.05], step - 1)).unwrap();
        let coefficients = run.reached.last().unwrap().coefficients;
        let loss = block_on(held_out.evaluate(coefficients)).unwrap().loss;
        if stopping.check(f64::from(loss), &coefficients, step) == Verdict::Stop {
            stopped_at = Some(step);
            break;
        }
    }
    let stopped_at = stopped_at.expect("the held-out loss stopped improving");
    let best = stopping.best().unwrap();
    assert_eq!(
        stopped_at,
        best.at + 5,
        "stops after 5 checks without a better loss"
    );
    let restored = block_on(held_out.evaluate(best.weights)).unwrap().loss;
    assert_eq!(f64::from(restored), best.loss);
}

#[test]
fn early_stopping_waits_patience_checks_and_ignores_non_finite_losses() {
    use engine::early_stopping::{EarlyStopping, Verdict};
    let mut stopping = EarlyStopping::new(2);
    assert_eq!(
        stopping.check(f64::NAN, &0, 0),
        Verdict::Waiting { waited: 1 }
    );
    assert_eq!(stopping.check(3.0, &1, 1), Verdict::Improved);
    assert_eq!(stopping.check(3.0, &2, 2), Verdict::Waiting { waited: 1 });
    assert_eq!(stopping.check(2.0, &3, 3), Verdict::Improved);
    assert_eq!(stopping.check(2.5, &4, 4), Verdict::Waiting { waited: 1 });
    assert_eq!(stopping.check(f64::INFINITY, &5, 5), Verdict::Stop);
    let best = stopping.best().unwrap();
    assert_eq!((best.weights, best.loss, best.at), (3, 2.0, 3));
}
