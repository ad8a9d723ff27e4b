//! Each mission's check, on a plain picture of its lab's state: what the learner did, never what
//! the page wrote. None passes at a mission's start, so none can be passed by doing nothing.

use crate::Points;
use crate::digits::Stage;
use crate::quadratic::{Coefficients, Evaluation, LossGraph, LossKind, least_squares};
use crate::relu::ReluSum;

/// `by-hand`: how far above the lowest MSE a quadratic reaches on these points a fit by hand
/// may be.
pub const BY_HAND_MARGIN: f32 = 0.10;
/// `gradient-sign`: |∂L/∂c| below this is c at its best.
pub const FLAT_GRADIENT: f32 = 0.05;
/// `one-step`: a prediction this close, relative to where a lands, is right.
pub const ONE_STEP_TOLERANCE: f32 = 0.01;
/// `hinge`: where the hinge must be, and how close.
pub const HINGE_AT: f32 = 1.0;
pub const HINGE_TOLERANCE: f32 = 0.05;
/// `relu-itself`: the MSE against max(0, x) on [−2, 2] below which the sum is max(0, x).
pub const RELU_ITSELF_MSE: f32 = 1e-4;

fn mse(points: &Points, at: Coefficients) -> f32 {
    Evaluation::on_host(points, LossKind::Mse, at).loss
}

/// `by-hand`: the MSE at `at` within [`BY_HAND_MARGIN`] of the least-squares minimum, reached
/// with the sliders alone (`trained`: Step or Train was used since the mission was set up).
pub fn by_hand(points: &Points, at: Coefficients, trained: bool) -> bool {
    let Some(best) = least_squares(points) else {
        return false;
    };
    !trained && mse(points, at) <= (1.0 + BY_HAND_MARGIN) * mse(points, best)
}

/// Which way a learner says a coefficient should move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

/// `gradient-sign`: the learner said the way down from ∂L/∂c's sign at `start`, and has moved c
/// alone (a and b as they were) to where |∂L/∂c| < [`FLAT_GRADIENT`].
pub fn gradient_sign(
    points: &Points,
    start: Coefficients,
    said: Option<Direction>,
    now: Coefficients,
) -> bool {
    let slope = |at| Evaluation::on_host(points, LossKind::Mse, at).gradient.c;
    let downhill = if slope(start) > 0.0 {
        Direction::Down
    } else {
        Direction::Up
    };
    said == Some(downhill)
        && (now.a, now.b) == (start.a, start.b)
        && slope(now).abs() < FLAT_GRADIENT
}

/// `one-step`: the learner's prediction of a after one Step, typed before it, within
/// [`ONE_STEP_TOLERANCE`] of where a landed, and nearer there than where a started (so typing a
/// as it is never passes).
pub fn one_step(predicted: Option<f32>, before: f32, after: f32) -> bool {
    predicted.is_some_and(|p| {
        let miss = (p - after).abs();
        miss <= ONE_STEP_TOLERANCE * after.abs() && miss < (p - before).abs()
    })
}

/// `blow-up`: how close to the largest stable rate the converging run's rate must be.
pub const STABLE_RATE_MARGIN: f64 = 0.20;

/// `blow-up`: a run ended because the loss blew up, and a later run converged at a rate within
/// [`STABLE_RATE_MARGIN`] of the largest stable rate.
pub fn blow_up(blew_up: bool, converged_at: Option<f32>, stable_rate: f64) -> bool {
    blew_up
        && converged_at.is_some_and(|rate| {
            (f64::from(rate) - stable_rate).abs() <= STABLE_RATE_MARGIN * stable_rate
        })
}

/// `mae-vs-mse`: over the points the learner left alone (`others`), the MAE fit stays nearer the
/// fit from before the drag (`reference`) than the MSE fit does.
pub fn mae_vs_mse(
    others: &[f32],
    reference: Coefficients,
    mse_fit: Coefficients,
    mae_fit: Coefficients,
) -> bool {
    let moved = |fit: Coefficients| -> f32 {
        others
            .iter()
            .map(|&x| (fit.value_at(x) - reference.value_at(x)).abs())
            .sum()
    };
    !others.is_empty() && moved(mae_fit) < moved(mse_fit)
}

/// `zero-grad`: how far above its lowest the loss must climb with the bug on.
pub const ZERO_GRAD_CLIMB: f32 = 1.5;

/// `zero-grad`'s first half, on the losses of a run with the bug on: some loss is
/// [`ZERO_GRAD_CLIMB`] times the lowest before it, or no longer a number (the run blew up). The
/// mission is done when a run with the bug off then converges.
pub fn climbed(losses: &[f32]) -> bool {
    let mut lowest = f32::INFINITY;
    losses.iter().any(|&loss| {
        lowest = lowest.min(loss);
        !loss.is_finite() || loss >= ZERO_GRAD_CLIMB * lowest
    })
}

/// `backward`: a typed local gradient this close, relative to the graph's, is right.
pub const BACKWARD_TOLERANCE: f64 = 0.01;

/// `backward`: the point whose node the page asks about: the one farthest from the curve, so its
/// residual is the largest and its local gradient the plainest to read.
pub fn backward_point(graph: &LossGraph) -> Option<usize> {
    let residuals = &graph.node("r")?.values;
    (0..residuals.len()).max_by(|&i, &j| residuals[i].abs().total_cmp(&residuals[j].abs()))
}

/// `backward`: the learner typed the local gradient of the loss's term with respect to the
/// residual at `point` (∂(r²)/∂r = 2r under the MSE, ∂|r|/∂r = sign(r) under the MAE), within
/// [`BACKWARD_TOLERANCE`] of the graph's.
pub fn backward(graph: &LossGraph, loss: LossKind, point: usize, typed: Option<f64>) -> bool {
    let Some(&r) = graph.node("r").and_then(|node| node.values.get(point)) else {
        return false;
    };
    let local = match loss {
        LossKind::Mse => 2.0 * r,
        LossKind::Mae => r.signum(),
    };
    typed.is_some_and(|typed| (typed - local).abs() <= BACKWARD_TOLERANCE * local.abs().max(1e-3))
}

/// `seven-steps`: the order the steps are first shown in, for the learner to sort.
pub const SEVEN_STEPS_SHUFFLED: [Stage; 7] = [
    Stage::Loss,
    Stage::Step,
    Stage::Initialise,
    Stage::Stop,
    Stage::Predict,
    Stage::Repeat,
    Stage::Gradient,
];

/// `seven-steps`: the learner's order is the book's, and with it in place they walked one batch
/// stage by stage to the Step.
pub fn seven_steps(order: &[Stage], walked_to_step: bool) -> bool {
    order == Stage::ALL && walked_to_step
}

/// How jumpy a loss curve is: the median change from one batch to the next, over the median
/// loss. Medians, so the few large drops at a run's start (its trend) do not count as noise.
pub fn roughness(losses: &[f32]) -> Option<f32> {
    fn median(mut values: Vec<f32>) -> Option<f32> {
        values.retain(|v| v.is_finite());
        values.sort_by(f32::total_cmp);
        values.get(values.len() / 2).copied()
    }
    let changes = losses.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
    let (change, level) = (median(changes)?, median(losses.to_vec())?);
    (level > 0.0).then(|| change / level)
}

/// One finished training run of a model, as `batch-size` compares them.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainedRun {
    pub batch_size: usize,
    pub epochs: usize,
    /// The training loss of every batch, in order.
    pub losses: Vec<f32>,
}

/// `batch-size`: a run at the smallest batch and one at the largest (`sizes`), for the same
/// epochs (so the same samples), and the learner said which batch size's curve is noisier: the
/// one whose curve [`roughness`] finds rougher.
pub fn batch_size(
    small: &TrainedRun,
    large: &TrainedRun,
    sizes: (usize, usize),
    said: Option<usize>,
) -> bool {
    let (Some(small_rough), Some(large_rough)) =
        (roughness(&small.losses), roughness(&large.losses))
    else {
        return false;
    };
    let noisier = match small_rough > large_rough {
        true => small.batch_size,
        false => large.batch_size,
    };
    (small.batch_size, large.batch_size) == sizes
        && small.epochs == large.epochs
        && said == Some(noisier)
}

/// A network's scores after some batches, as the playground shows them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    pub loss: f32,
    /// Share of the points classed right, 0 to 1.
    pub accuracy: f32,
}

/// `loss-not-accuracy`: after the learner's Steps the loss has changed while the accuracy has
/// not (the same share of points classed right).
pub fn loss_not_accuracy(before: Scores, after: Scores) -> bool {
    after.loss != before.loss && after.accuracy == before.accuracy
}

/// `overfit`'s first half: the test loss, as drawn (`test_losses`, in order), has risen above its
/// lowest.
pub fn rose(test_losses: &[f32]) -> bool {
    let lowest = test_losses.iter().copied().fold(f32::INFINITY, f32::min);
    test_losses.last().is_some_and(|&last| last > lowest)
}

/// `overfit`: the test loss rose above its lowest (`rose`, in some run since the set up), then
/// early stopping brought back a network (`restored`: its test loss) at least as good as any the
/// run drew (`test_losses`): the best network, not the last.
pub fn overfit(rose: bool, test_losses: &[f32], restored: Option<f32>) -> bool {
    let lowest = test_losses.iter().copied().fold(f32::INFINITY, f32::min);
    rose && restored.is_some_and(|restored| restored <= lowest)
}

/// `xor-needs-nonlinearity`: the best test accuracy on XOR with linear activations, at every
/// depth tried (at least two), stays below this…
pub const XOR_LINEAR_CEILING: f32 = 0.80;
/// …while with ReLU it passes this.
pub const XOR_RELU_FLOOR: f32 = 0.95;

/// `xor-needs-nonlinearity`: linear networks of at least two depths tried on XOR with x₁ and x₂
/// alone, each under [`XOR_LINEAR_CEILING`] (`linear`: hidden layers and test accuracy), and a
/// ReLU network past [`XOR_RELU_FLOOR`].
pub fn xor_needs_nonlinearity(linear: &[(usize, f32)], relu: Option<f32>) -> bool {
    let mut depths: Vec<usize> = linear.iter().map(|&(depth, _)| depth).collect();
    depths.sort_unstable();
    depths.dedup();
    depths.len() >= 2
        && linear
            .iter()
            .all(|&(_, accuracy)| accuracy < XOR_LINEAR_CEILING)
        && relu.is_some_and(|accuracy| accuracy > XOR_RELU_FLOOR)
}

/// `deeper-not-wider`: the test accuracy on the spiral the learner's network must reach.
pub const SPIRAL_ACCURACY: f32 = 0.90;

/// `deeper-not-wider`: a network with more hidden layers than the wide one it is measured
/// against, fewer weights, and at least [`SPIRAL_ACCURACY`] test accuracy. Networks are
/// `(hidden layers' widths, inputs)`.
pub fn deeper_not_wider(
    wide: (&[usize], usize),
    mine: (&[usize], usize),
    test_accuracy: f32,
) -> bool {
    mine.0.len() > wide.0.len()
        && weights(mine.0, mine.1) < weights(wide.0, wide.1)
        && test_accuracy >= SPIRAL_ACCURACY
}

/// Weights and biases of a network of `inputs`, these hidden widths and one output.
pub fn weights(hidden: &[usize], inputs: usize) -> usize {
    let mut widths = vec![inputs];
    widths.extend_from_slice(hidden);
    widths.push(1);
    crate::parameters::ParameterCount::dense(&widths).total
}

/// `hinge`: some unit turns at x = [`HINGE_AT`], within [`HINGE_TOLERANCE`].
pub fn hinge(sum: &ReluSum) -> bool {
    sum.hinges
        .iter()
        .filter_map(|h| h.knee())
        .any(|knee| (knee - HINGE_AT).abs() <= HINGE_TOLERANCE)
}

/// `relu-itself`: one unit whose sum is max(0, x) on [−2, 2] (MSE below [`RELU_ITSELF_MSE`]).
pub fn relu_itself(sum: &ReluSum) -> bool {
    const SAMPLES: usize = 201;
    let error: f32 = (0..SAMPLES)
        .map(|i| {
            let x = -2.0 + 4.0 * i as f32 / (SAMPLES - 1) as f32;
            (sum.at(x) - x.max(0.0)).powi(2)
        })
        .sum();
    sum.hinges.len() == 1 && error / (SAMPLES as f32) < RELU_ITSELF_MSE
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quadratic::{NoisyQuadratic, START};
    use crate::relu::{Hinge, ReluSetup};

    fn lesson() -> Points {
        NoisyQuadratic::default().sample()
    }

    #[test]
    fn by_hand_takes_a_fit_near_the_minimum_made_with_the_sliders() {
        let points = lesson();
        let best = least_squares(&points).unwrap();
        assert!(!by_hand(&points, START, false), "the start is far off");
        assert!(by_hand(&points, best, false));
        assert!(!by_hand(&points, best, true), "Step or Train was used");
        // Near the minimum the MSE rises with the square of the distance: a small miss is fine,
        // a large one is not.
        let near = Coefficients::new(best.a + 0.02, best.b, best.c);
        let far = Coefficients::new(best.a + 0.5, best.b, best.c);
        assert!(by_hand(&points, near, false));
        assert!(!by_hand(&points, far, false));
    }

    #[test]
    fn gradient_sign_needs_the_right_way_and_a_flat_slope_with_a_and_b_held() {
        let points = lesson();
        // At the start ∂L/∂c is negative on the lesson's data (the curve sits below the points),
        // so c must go up.
        let start = START;
        let slope = Evaluation::on_host(&points, LossKind::Mse, start)
            .gradient
            .c;
        assert!(slope < 0.0);
        // c's best for this a and b: the MSE is a parabola in c, lowest where its slope is zero.
        let best_c = start.c - slope / 2.0;
        let flat = Coefficients::new(start.a, start.b, best_c);
        assert!(gradient_sign(&points, start, Some(Direction::Up), flat));
        assert!(!gradient_sign(&points, start, Some(Direction::Down), flat));
        assert!(!gradient_sign(&points, start, None, flat));
        assert!(!gradient_sign(&points, start, Some(Direction::Up), start));
        let moved_a = Coefficients::new(start.a + 0.1, start.b, best_c);
        assert!(!gradient_sign(&points, start, Some(Direction::Up), moved_a));
    }

    #[test]
    fn one_step_takes_a_close_prediction_typed_before_the_step() {
        // a = 1.5, ∂L/∂a = −12.97, rate 0.01: a lands at 1.6297.
        let (before, after) = (1.5, 1.6297);
        assert!(one_step(Some(1.63), before, after));
        assert!(one_step(Some(1.62), before, after), "within 1% of 1.63");
        assert!(!one_step(Some(1.37), before, after), "the wrong way");
        assert!(!one_step(Some(before), before, after), "a as it was");
        assert!(!one_step(None, before, after));
        // A step too small to tell from staying put is not passed by typing a as it is.
        assert!(!one_step(Some(1.5), 1.5, 1.5001));
    }

    #[test]
    fn blow_up_needs_a_blow_up_then_a_run_near_the_stable_rate() {
        let stable = 0.22;
        assert!(blow_up(true, Some(0.2), stable));
        assert!(blow_up(true, Some(0.26), stable));
        assert!(
            !blow_up(true, Some(0.01), stable),
            "the lesson's rate is far below it"
        );
        assert!(!blow_up(false, Some(0.2), stable), "nothing blew up first");
        assert!(!blow_up(true, None, stable));
    }

    #[test]
    fn mae_vs_mse_compares_how_far_each_fit_moved_at_the_other_points() {
        let reference = Coefficients::new(3.0, 2.0, 1.0);
        let others = [-1.0, 0.0, 1.0];
        let pulled = Coefficients::new(3.5, 2.0, 1.0);
        assert!(mae_vs_mse(&others, reference, pulled, reference));
        assert!(!mae_vs_mse(&others, reference, reference, pulled));
        assert!(
            !mae_vs_mse(&others, reference, pulled, pulled),
            "equal is not less"
        );
        assert!(!mae_vs_mse(&[], reference, pulled, reference));
    }

    #[test]
    fn zero_grad_needs_the_loss_to_climb_half_again_above_its_lowest() {
        assert!(climbed(&[10.0, 4.0, 2.0, 2.5, 3.0]));
        assert!(
            !climbed(&[10.0, 4.0, 2.0, 2.5, 2.9]),
            "below 1.5 × its lowest"
        );
        assert!(
            !climbed(&[10.0, 9.0]),
            "falling from the start is not a climb"
        );
        assert!(!climbed(&[]));
        assert!(climbed(&[10.0, 2.0, f32::NAN]), "a blow-up is a climb");
        assert!(climbed(&[10.0, 2.0, f32::INFINITY]));
        assert!(!climbed(&[10.0, 2.0]));
    }

    #[test]
    fn backward_takes_the_local_gradient_of_the_farthest_points_term() {
        let points = lesson();
        let graph = LossGraph::new(&points, LossKind::Mse, START);
        let point = backward_point(&graph).unwrap();
        // By hand: the residual of every point at the start, and the largest.
        let residual = |i: usize| START.value_at(points.xs[i]) - points.ys[i];
        let farthest = (0..points.len())
            .max_by(|&i, &j| residual(i).abs().total_cmp(&residual(j).abs()))
            .unwrap();
        assert_eq!(point, farthest);
        let two_r = 2.0 * f64::from(residual(point));
        assert!(backward(&graph, LossKind::Mse, point, Some(two_r)));
        assert!(backward(&graph, LossKind::Mse, point, Some(two_r * 1.005)));
        assert!(
            !backward(&graph, LossKind::Mse, point, Some(two_r / 2.0)),
            "r, not 2r"
        );
        assert!(!backward(&graph, LossKind::Mse, point, None));
        assert!(!backward(&graph, LossKind::Mse, 99, Some(two_r)));
        let mae = LossGraph::new(&points, LossKind::Mae, START);
        assert!(backward(&mae, LossKind::Mae, point, Some(two_r.signum())));
    }

    #[test]
    fn seven_steps_needs_the_books_order_and_the_walk() {
        assert!(!seven_steps(&SEVEN_STEPS_SHUFFLED, true), "as first shown");
        assert!(seven_steps(&Stage::ALL, true));
        assert!(!seven_steps(&Stage::ALL, false));
        let mut swapped = Stage::ALL;
        swapped.swap(2, 3);
        assert!(!seven_steps(&swapped, true));
    }

    #[test]
    fn batch_size_asks_for_the_rougher_curve_of_two_runs_over_the_same_samples() {
        // Noise around a falling trend, by hand: the small batch jumps by 0.2 about a loss near
        // 0.5, the large one falls smoothly from 1 by 0.05 a batch (upper medians: 0.6 and 0.8).
        let jumpy: Vec<f32> = (0..40)
            .map(|i| 0.5 + if i % 2 == 0 { 0.1 } else { -0.1 })
            .collect();
        let smooth: Vec<f32> = (0..10).map(|i| 1.0 - 0.05 * i as f32).collect();
        assert!((roughness(&jumpy).unwrap() - 0.2 / 0.6).abs() < 1e-6);
        assert!((roughness(&smooth).unwrap() - 0.05 / 0.8).abs() < 1e-6);
        let run = |batch_size, epochs, losses: &Vec<f32>| TrainedRun {
            batch_size,
            epochs,
            losses: losses.clone(),
        };
        let (small, large) = (run(16, 1, &jumpy), run(1024, 1, &smooth));
        assert!(batch_size(&small, &large, (16, 1024), Some(16)));
        assert!(
            !batch_size(&small, &large, (16, 1024), Some(1024)),
            "the wrong curve"
        );
        assert!(!batch_size(&small, &large, (16, 1024), None));
        assert!(
            !batch_size(&small, &run(1024, 2, &smooth), (16, 1024), Some(16)),
            "other epochs"
        );
        assert!(
            !batch_size(&run(32, 1, &jumpy), &large, (16, 1024), Some(32)),
            "not the smallest"
        );
        // The answer is the data's: were the large batch's curve the rougher, it would be right.
        let (calm, wild) = (run(16, 1, &smooth), run(1024, 1, &jumpy));
        assert!(batch_size(&calm, &wild, (16, 1024), Some(1024)));
        assert_eq!(roughness(&[]), None);
    }

    #[test]
    fn the_playgrounds_checks_need_what_they_name() {
        let scores = |loss, accuracy| Scores { loss, accuracy };
        assert!(loss_not_accuracy(scores(0.7, 0.5), scores(0.69, 0.5)));
        assert!(
            !loss_not_accuracy(scores(0.7, 0.5), scores(0.7, 0.5)),
            "nothing changed"
        );
        assert!(!loss_not_accuracy(scores(0.7, 0.5), scores(0.6, 0.55)));

        let run = [0.6, 0.4, 0.3, 0.35, 0.5];
        assert!(rose(&run));
        assert!(!rose(&[0.6, 0.4, 0.3]), "still at its lowest");
        assert!(!rose(&[]));
        assert!(overfit(true, &run, Some(0.3)));
        // Early stopping checks every batch, the curve only some: its best may be lower still.
        assert!(overfit(true, &run, Some(0.29)));
        assert!(!overfit(false, &run, Some(0.3)), "never rose");
        assert!(!overfit(true, &run, None), "not brought back");
        assert!(!overfit(true, &run, Some(0.35)), "not the best network");

        assert!(xor_needs_nonlinearity(&[(0, 0.5), (2, 0.75)], Some(0.97)));
        assert!(
            !xor_needs_nonlinearity(&[(2, 0.5), (2, 0.6)], Some(0.97)),
            "one depth"
        );
        assert!(!xor_needs_nonlinearity(&[(0, 0.5), (2, 0.85)], Some(0.97)));
        assert!(!xor_needs_nonlinearity(&[(0, 0.5), (2, 0.75)], Some(0.9)));
        assert!(!xor_needs_nonlinearity(&[(0, 0.5), (2, 0.75)], None));

        // 2 inputs → 8 → 8 → 1: (2·8 + 8) + (8·8 + 8) + (8·1 + 1) = 24 + 72 + 9 weights.
        assert_eq!(weights(&[8, 8], 2), 105);
        assert_eq!(weights(&[], 2), 3);
        let wide: &[usize] = &[64];
        assert_eq!(weights(wide, 2), 257);
        assert!(deeper_not_wider((wide, 2), (&[8, 8, 8], 2), 0.93));
        assert!(
            !deeper_not_wider((wide, 2), (&[8, 8, 8], 2), 0.85),
            "not accurate enough"
        );
        assert!(
            !deeper_not_wider((wide, 2), (&[16, 16], 2), 0.95),
            "more weights"
        );
        assert!(!deeper_not_wider((wide, 2), (&[32], 2), 0.95), "not deeper");
    }

    #[test]
    fn hinge_and_relu_itself_check_the_units() {
        let unit = |m, b, a| Hinge { m, b, a };
        let sum = |hinges: Vec<Hinge>| ReluSum { hinges, c: 0.0 };
        let start = ReluSetup::default().sum;
        assert!(!hinge(&start), "the lesson's units turn at ±0.5");
        assert!(hinge(&sum(vec![unit(2.0, -2.0, 1.0)])));
        assert!(hinge(&sum(vec![
            unit(-1.0, 1.04, 1.0),
            unit(0.0, 1.0, 1.0)
        ])));
        assert!(!hinge(&sum(vec![unit(1.0, -1.1, 1.0)])));
        assert!(
            !hinge(&sum(vec![unit(0.0, -1.0, 1.0)])),
            "m = 0 turns nowhere"
        );

        assert!(!relu_itself(&start));
        assert!(relu_itself(&sum(vec![unit(1.0, 0.0, 1.0)])));
        // The same line from a steeper unit scaled down.
        assert!(relu_itself(&sum(vec![unit(2.0, 0.0, 0.5)])));
        assert!(
            !relu_itself(&sum(vec![unit(1.0, 0.1, 1.0)])),
            "its hinge at −0.1"
        );
        assert!(
            !relu_itself(&sum(vec![unit(1.0, 0.0, 1.0), unit(0.0, 0.0, 0.0)])),
            "one unit"
        );
        // −max(0, −x) is min(0, x): the mirror image, not the ReLU.
        assert!(!relu_itself(&sum(vec![unit(-1.0, 0.0, -1.0)])));
    }
}
