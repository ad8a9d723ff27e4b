//! The Quadratic lab's computational graph against hand-checked numbers, burn's autodiff and
//! finite differences.

use engine::quadratic::{
    Coefficients, Focus, LossGraph, LossKind, NoisyQuadratic, QuadraticFit, Role,
    finite_difference_gradient,
};
use engine::{Points, cpu_device};
use pollster::block_on;

fn assert_relative(actual: f64, expected: f64, tolerance: f64, what: &str) {
    let error = (actual - expected).abs() / expected.abs().max(1e-3);
    assert!(error <= tolerance, "{what}: {actual} against {expected}");
}

#[test]
fn values_and_gradients_of_two_points_by_hand() {
    // Points (1, 2) and (−2, 0); a = 1, b = 2, c = 3.
    // Point 0: x² = 1, a·x² = 1, b·x = 2, ŷ = 6, r = 4, r² = 16.
    // Point 1: x² = 4, a·x² = 4, b·x = −4, ŷ = 3, r = 3, r² = 9. L = 12.5.
    // Backward: ∂L/∂r² = 1/2, ∂L/∂r = r, so ∂L/∂a = 4·1 + 3·4 = 16, ∂L/∂b = 4·1 + 3·(−2) = −2,
    // ∂L/∂c = 7, and ∂L/∂x at point 1 = r·(2x·a + b) = 3·(−4 + 2) = −6.
    let points = Points {
        xs: vec![1.0, -2.0],
        ys: vec![2.0, 0.0],
    };
    let graph = LossGraph::new(&points, LossKind::Mse, Coefficients::new(1.0, 2.0, 3.0));
    let value = |name, i| graph.node(name).unwrap().values[i];
    let gradient = |name, i| graph.node(name).unwrap().gradients[i];
    assert_eq!(
        [value("x²", 1), value("a·x²", 1), value("b·x", 1)],
        [4.0, 4.0, -4.0]
    );
    assert_eq!(
        [value("ŷ", 0), value("r", 0), value("r²", 0)],
        [6.0, 4.0, 16.0]
    );
    assert_eq!(graph.loss(), 12.5);
    assert_eq!(
        [gradient("r²", 0), gradient("r", 0), gradient("r", 1)],
        [0.5, 4.0, 3.0]
    );
    assert_eq!(gradient("x", 1), -6.0);
    assert_eq!(gradient("y", 0), -4.0);
    assert_eq!(graph.parameter_gradient(), [16.0, -2.0, 7.0]);
    let a = graph.node("a").unwrap();
    assert_eq!(a.role, Role::Parameter);
    assert_eq!(a.gradient(Focus::Point(1)), Some(12.0));
    assert_eq!(a.gradient(Focus::All), Some(16.0));
    assert_eq!(graph.node("r").unwrap().gradient(Focus::All), None);
    assert_eq!(
        graph.node("L").unwrap().gradient(Focus::Point(1)),
        Some(1.0)
    );
    // Every input of a node comes before it: forward order is topological.
    for (i, node) in graph.nodes.iter().enumerate() {
        assert!(node.inputs.iter().all(|&j| j < i), "{}", node.name);
    }
}

#[test]
fn parameter_gradients_match_burns_autodiff_and_finite_differences() {
    let points = NoisyQuadratic::default().sample();
    for loss in [LossKind::Mse, LossKind::Mae] {
        let fit = QuadraticFit::new(&points, loss, &cpu_device()).unwrap();
        for at in [
            Coefficients::new(1.5, 1.5, 1.5),
            Coefficients::new(-2.0, 4.0, 0.5),
        ] {
            let graph = LossGraph::new(&points, loss, at);
            let burn = block_on(fit.evaluate(at)).unwrap();
            let numeric = finite_difference_gradient(&points, loss, at, Focus::All);
            assert_relative(graph.loss(), f64::from(burn.loss), 1e-5, "loss");
            let explicit = graph.parameter_gradient();
            for (k, numeric) in numeric.into_iter().enumerate() {
                let explicit = explicit[k];
                let autodiff = f64::from(burn.gradient.to_array()[k]);
                assert_relative(explicit, autodiff, 1e-5, &format!("{loss:?} gradient {k}"));
                assert_relative(explicit, numeric, 1e-5, &format!("{loss:?} numeric {k}"));
            }
        }
    }
}

/// One point's share of ∂L/∂a is what autodiff gives for a batch of that point alone, over n.
#[test]
fn one_points_path_is_its_share_of_the_batch_gradient() {
    let points = NoisyQuadratic::default().sample();
    let at = Coefficients::new(0.5, -1.0, 2.0);
    let graph = LossGraph::new(&points, LossKind::Mse, at);
    let n = points.len() as f64;
    for i in [0, 7, 19] {
        let alone = Points {
            xs: vec![points.xs[i]],
            ys: vec![points.ys[i]],
        };
        let fit = QuadraticFit::new(&alone, LossKind::Mse, &cpu_device()).unwrap();
        let burn = block_on(fit.evaluate(at)).unwrap();
        let numeric = finite_difference_gradient(&points, LossKind::Mse, at, Focus::Point(i));
        for (k, name) in ["a", "b", "c"].into_iter().enumerate() {
            let path = graph.node(name).unwrap().gradient(Focus::Point(i)).unwrap();
            let autodiff = f64::from(burn.gradient.to_array()[k]) / n;
            assert_relative(path, autodiff, 1e-5, &format!("point {i}, {name}"));
            assert_relative(
                path,
                numeric[k],
                1e-5,
                &format!("point {i}, {name}, numeric"),
            );
        }
    }
}

/// ∂L/∂x, which autodiff never shows for data, against moving one x by ±h.
#[test]
fn an_inputs_gradient_matches_a_finite_difference() {
    let points = NoisyQuadratic::default().sample();
    let at = Coefficients::new(1.5, 1.5, 1.5);
    let graph = LossGraph::new(&points, LossKind::Mse, at);
    let h = 1e-3f32;
    let i = 4;
    let moved = |dx: f32| {
        let mut p = points.clone();
        p.xs[i] += dx;
        LossGraph::new(&p, LossKind::Mse, at).loss()
    };
    let numeric = (moved(h) - moved(-h)) / (2.0 * f64::from(h));
    assert_relative(
        graph.node("x").unwrap().gradients[i],
        numeric,
        1e-3,
        "∂L/∂x",
    );
}
