//! Distorted digits, so a model learns the digit rather than MNIST's way of writing it: each
//! training image is rotated, scaled, sheared and shifted at random, and its strokes thickened or
//! thinned, afresh every epoch. Repeatable: the same seed, epoch and image give the same picture.

use crate::mnist::{PIXELS, SIDE};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

/// How far each distortion goes.
const ROTATION_DEGREES: f32 = 15.0;
const SCALE: (f32, f32) = (0.8, 1.2);
const SHEAR: f32 = 0.3;
const SHIFT_PIXELS: f32 = 2.5;

/// One image distorted as the `epoch`-th visit to training image `index` of a run seeded with
/// `seed` distorts it: grey levels in 0–1.
pub fn distorted(image: &[u8], seed: u64, epoch: usize, index: usize) -> Vec<f32> {
    let mut rng = ChaCha8Rng::seed_from_u64(mix(seed, epoch as u64, index as u64));
    let warped = affine(image, &Affine::random(&mut rng));
    match rng.random_range(0..3) {
        0 => morph(&warped, f32::max),
        1 => thinned(warped),
        _ => warped,
    }
}

/// Strokes eroded by a pixel where they are thick enough to survive it; a thin digit, which
/// erosion would mostly erase, has only its soft edges lightened instead.
fn thinned(image: Vec<f32>) -> Vec<f32> {
    let eroded = morph(&image, f32::min);
    if eroded.iter().sum::<f32>() > 0.5 * image.iter().sum::<f32>() {
        eroded
    } else {
        image.iter().map(|v| v * v).collect()
    }
}

/// A 64-bit seed from three numbers (SplitMix64's finaliser over their sum of odd multiples).
fn mix(seed: u64, epoch: u64, index: u64) -> u64 {
    let mut z = seed
        .wrapping_mul(0x9e37_79b9_7f4a_7c15)
        .wrapping_add(epoch.wrapping_mul(0xbf58_476d_1ce4_e5b9))
        .wrapping_add(index.wrapping_mul(0x94d0_49bb_1331_11eb));
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The map from an output pixel back to where it is sampled in the original, about the centre.
struct Affine {
    /// Inverse of rotation · scale · shear, row-major 2×2.
    inverse: [f32; 4],
    shift: (f32, f32),
}

impl Affine {
    fn random(rng: &mut ChaCha8Rng) -> Self {
        let angle = rng
            .random_range(-ROTATION_DEGREES..=ROTATION_DEGREES)
            .to_radians();
        let scale = rng.random_range(SCALE.0..=SCALE.1);
        let shear = rng.random_range(-SHEAR..=SHEAR);
        let shift = (
            rng.random_range(-SHIFT_PIXELS..=SHIFT_PIXELS),
            rng.random_range(-SHIFT_PIXELS..=SHIFT_PIXELS),
        );
        let (sin, cos) = angle.sin_cos();
        // Forward: rotate, then scale, then shear x by y.
        let forward = [
            scale * (cos + shear * sin),
            scale * (shear * cos - sin),
            scale * sin,
            scale * cos,
        ];
        let det = forward[0] * forward[3] - forward[1] * forward[2];
        Self {
            inverse: [
                forward[3] / det,
                -forward[1] / det,
                -forward[2] / det,
                forward[0] / det,
            ],
            shift,
        }
    }
}

/// Each output pixel samples the original bilinearly where the inverse map sends it.
fn affine(image: &[u8], map: &Affine) -> Vec<f32> {
    let level = |x: isize, y: isize| {
        if (0..SIDE as isize).contains(&x) && (0..SIDE as isize).contains(&y) {
            f32::from(image[y as usize * SIDE + x as usize]) / 255.0
        } else {
            0.0
        }
    };
    let centre = (SIDE as f32 - 1.0) / 2.0;
    let [a, b, c, d] = map.inverse;
    let mut out = vec![0.0; PIXELS];
    for y in 0..SIDE {
        for x in 0..SIDE {
            let (px, py) = (
                x as f32 - centre - map.shift.0,
                y as f32 - centre - map.shift.1,
            );
            let (u, v) = (a * px + b * py + centre, c * px + d * py + centre);
            let (x0, y0) = (u.floor() as isize, v.floor() as isize);
            let (fx, fy) = (u - u.floor(), v - v.floor());
            out[y * SIDE + x] = level(x0, y0) * (1.0 - fx) * (1.0 - fy)
                + level(x0 + 1, y0) * fx * (1.0 - fy)
                + level(x0, y0 + 1) * (1.0 - fx) * fy
                + level(x0 + 1, y0 + 1) * fx * fy;
        }
    }
    out
}

/// Grey-level dilation (`f32::max`) or erosion (`f32::min`) over each pixel and its four
/// neighbours: strokes one pixel thicker or thinner.
fn morph(image: &[f32], pick: fn(f32, f32) -> f32) -> Vec<f32> {
    let at = |x: isize, y: isize| {
        if (0..SIDE as isize).contains(&x) && (0..SIDE as isize).contains(&y) {
            image[y as usize * SIDE + x as usize]
        } else {
            0.0
        }
    };
    let mut out = vec![0.0; PIXELS];
    for y in 0..SIDE as isize {
        for x in 0..SIDE as isize {
            out[y as usize * SIDE + x as usize] = [(1, 0), (-1, 0), (0, 1), (0, -1)]
                .iter()
                .fold(at(x, y), |m, (dx, dy)| pick(m, at(x + dx, y + dy)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 2-pixel-wide vertical bar down the middle, rows 4 to 23.
    fn bar() -> Vec<u8> {
        let mut image = vec![0u8; PIXELS];
        for y in 4..24 {
            image[y * SIDE + 13] = 255;
            image[y * SIDE + 14] = 255;
        }
        image
    }

    #[test]
    fn the_same_seed_epoch_and_image_give_the_same_picture() {
        let image = bar();
        let first = distorted(&image, 42, 3, 17);
        assert_eq!(first, distorted(&image, 42, 3, 17));
        assert_ne!(first, distorted(&image, 43, 3, 17));
        assert_ne!(first, distorted(&image, 42, 4, 17));
        assert_ne!(first, distorted(&image, 42, 3, 18));
        assert!(first.iter().all(|v| (0.0..=1.0).contains(v)));
    }

    #[test]
    fn the_identity_map_keeps_the_image() {
        let image = bar();
        let identity = Affine {
            inverse: [1.0, 0.0, 0.0, 1.0],
            shift: (0.0, 0.0),
        };
        let expected: Vec<f32> = image.iter().map(|&p| f32::from(p) / 255.0).collect();
        assert_eq!(affine(&image, &identity), expected);
        // A whole-pixel shift moves the bar one column right.
        let shifted = affine(
            &image,
            &Affine {
                shift: (1.0, 0.0),
                ..identity
            },
        );
        assert_eq!(shifted[10 * SIDE + 15], 1.0);
        assert_eq!(shifted[10 * SIDE + 13], 0.0);
    }

    #[test]
    fn distortions_keep_the_ink_within_reason() {
        // Over many draws, the ink stays within a factor of three of the original's: the digit is
        // moved and reshaped, never erased or smeared over the field.
        let image = bar();
        let ink: f32 = image.iter().map(|&p| f32::from(p) / 255.0).sum();
        for index in 0..200 {
            let total: f32 = distorted(&image, 1, 0, index).iter().sum();
            assert!(total > ink / 3.0 && total < 3.0 * ink, "{index}: {total}");
        }
        // Dilation widens the two-pixel bar to four, erosion to none.
        let levels: Vec<f32> = image.iter().map(|&p| f32::from(p) / 255.0).collect();
        let thick = morph(&levels, f32::max);
        assert_eq!(thick[10 * SIDE + 12..10 * SIDE + 16], [1.0; 4]);
        assert!(morph(&levels, f32::min).iter().all(|&v| v == 0.0));
    }
}
