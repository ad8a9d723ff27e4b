//! The largest learning rate at which full-batch gradient descent on the MSE still converges.
//!
//! The MSE is quadratic in (a, b, c), so its Hessian H = (2/n)·Σ φφᵀ with φ = (x², x, 1) is the
//! same everywhere, and a step maps the distance to the minimum by (I − rate·H). Along H's
//! eigenvector of largest eigenvalue λmax that factor is 1 − rate·λmax, which stays inside
//! (−1, 1) only while rate < 2/λmax: past it, every step overshoots by more than the last.

use crate::points::Points;

/// A symmetric 3×3 matrix.
pub type Matrix3 = [[f64; 3]; 3];

/// The MSE's Hessian over (a, b, c) for these points.
pub fn mse_hessian(points: &Points) -> Matrix3 {
    let mut hessian = [[0.0; 3]; 3];
    for &x in &points.xs {
        let x = f64::from(x);
        let phi = [x * x, x, 1.0];
        for (row, &p) in hessian.iter_mut().zip(&phi) {
            for (cell, &q) in row.iter_mut().zip(&phi) {
                *cell += p * q;
            }
        }
    }
    let scale = 2.0 / points.len().max(1) as f64;
    hessian.map(|row| row.map(|v| v * scale))
}

/// The eigenvalues of a symmetric 3×3 matrix, largest first, by Jacobi rotations: each zeroes
/// one off-diagonal entry, and a few sweeps leave a diagonal to machine precision even when the
/// eigenvalues span twelve orders of magnitude (x up to 1000 makes x⁴ 10¹²).
pub fn symmetric_eigenvalues(matrix: Matrix3) -> [f64; 3] {
    let mut m = matrix;
    for _sweep in 0..50 {
        let off = m[0][1].powi(2) + m[0][2].powi(2) + m[1][2].powi(2);
        let diagonal = m[0][0].powi(2) + m[1][1].powi(2) + m[2][2].powi(2);
        if off <= 1e-30 * diagonal {
            break;
        }
        for (p, q) in [(0, 1), (0, 2), (1, 2)] {
            if m[p][q] == 0.0 {
                continue;
            }
            let theta = (m[q][q] - m[p][p]) / (2.0 * m[p][q]);
            let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
            let (c, s) = {
                let c = 1.0 / (t * t + 1.0).sqrt();
                (c, t * c)
            };
            // m ← Jᵀ m J, with J the rotation in the (p, q) plane: columns p and q, then rows.
            for row in &mut m {
                let (kp, kq) = (row[p], row[q]);
                row[p] = c * kp - s * kq;
                row[q] = s * kp + c * kq;
            }
            let (row_p, row_q) = (m[p], m[q]);
            m[p] = std::array::from_fn(|k| c * row_p[k] - s * row_q[k]);
            m[q] = std::array::from_fn(|k| s * row_p[k] + c * row_q[k]);
        }
    }
    let mut values = [m[0][0], m[1][1], m[2][2]];
    values.sort_by(|a, b| b.total_cmp(a));
    values
}

/// 2/λmax of the MSE's Hessian: plain gradient descent converges below this rate and blows up
/// above it. `None` without points.
pub fn largest_stable_rate(points: &Points) -> Option<f64> {
    if points.is_empty() {
        return None;
    }
    let [largest, ..] = symmetric_eigenvalues(mse_hessian(points));
    (largest > 0.0).then(|| 2.0 / largest)
}

/// The largest |v| of `values` (0 for none): how far the data reach.
pub fn largest_magnitude(values: &[f32]) -> f32 {
    values.iter().fold(0.0f32, |m, v| m.max(v.abs()))
}

/// The points with x divided by its largest magnitude and y by its own, as the Titanic lab
/// scales each column by its maximum, so both lie in [−1, 1]; with the two divisors (a column of
/// zeros keeps divisor 1).
pub fn scaled_to_unit(points: &Points) -> (Points, f32, f32) {
    let largest = |values: &[f32]| match largest_magnitude(values) {
        0.0 => 1.0,
        m => m,
    };
    let (x_scale, y_scale) = (largest(&points.xs), largest(&points.ys));
    let scaled = Points {
        xs: points.xs.iter().map(|x| x / x_scale).collect(),
        ys: points.ys.iter().map(|y| y / y_scale).collect(),
    };
    (scaled, x_scale, y_scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(pairs: &[(f32, f32)]) -> Points {
        Points {
            xs: pairs.iter().map(|p| p.0).collect(),
            ys: pairs.iter().map(|p| p.1).collect(),
        }
    }

    #[test]
    fn the_hessian_by_hand() {
        // x = 0 and x = 1: φ = (0, 0, 1) and (1, 1, 1); H = (2/2)·(Σφφᵀ).
        let h = mse_hessian(&points(&[(0.0, 5.0), (1.0, -2.0)]));
        assert_eq!(h, [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 2.0]]);
        // A single point at x = 0 moves only c: H = diag(0, 0, 2), λmax = 2, rate 1.
        assert_eq!(largest_stable_rate(&points(&[(0.0, 3.0)])), Some(1.0));
    }

    #[test]
    fn eigenvalues_match_the_characteristic_polynomial() {
        // [[2,1,0],[1,2,1],[0,1,2]] has eigenvalues 2+√2, 2, 2−√2.
        let values = symmetric_eigenvalues([[2.0, 1.0, 0.0], [1.0, 2.0, 1.0], [0.0, 1.0, 2.0]]);
        let expected = [2.0 + 2f64.sqrt(), 2.0, 2.0 - 2f64.sqrt()];
        for (v, e) in values.iter().zip(expected) {
            assert!((v - e).abs() < 1e-12, "{values:?}");
        }
        // The matrix above, and the Hessian of ±1000 data: det = λ1·λ2·λ3, trace = λ1+λ2+λ3.
        let h = mse_hessian(&points(&[(-1000.0, 1.0), (1000.0, 1.0), (3.0, 0.0)]));
        let [l1, l2, l3] = symmetric_eigenvalues(h);
        let trace = h[0][0] + h[1][1] + h[2][2];
        assert!(((l1 + l2 + l3) - trace).abs() < 1e-9 * trace);
        assert!(l1 > l2 && l2 > l3 && l3 > 0.0);
    }

    #[test]
    fn scaling_puts_each_column_in_unit_range() {
        let (scaled, xs, ys) = scaled_to_unit(&points(&[(-1000.0, 20.0), (500.0, -40.0)]));
        assert_eq!((xs, ys), (1000.0, 40.0));
        assert_eq!(scaled, points(&[(-1.0, 0.5), (0.5, -1.0)]));
        let (_, xs, _) = scaled_to_unit(&points(&[(0.0, 1.0)]));
        assert_eq!(xs, 1.0);
    }
}
