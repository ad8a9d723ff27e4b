//! The book's distance of each image from the mean, pixel by pixel in a loop: what
//! `(stack - mean).abs().mean((-1, -2))` does in one tensor operation.

use crate::mnist::PIXELS;

/// The average image of a stack of 28×28 grey levels (0–255), in 0–1.
pub fn mean_image(pixels: &[u8]) -> Vec<f32> {
    let count = (pixels.len() / PIXELS).max(1) as f32;
    let mut sums = vec![0.0f32; PIXELS];
    for image in pixels.chunks_exact(PIXELS) {
        for (sum, &p) in sums.iter_mut().zip(image) {
            *sum += f32::from(p);
        }
    }
    sums.iter().map(|s| s / 255.0 / count).collect()
}

/// Each image's mean absolute difference from `mean`, one pixel at a time.
pub fn l1_distances(pixels: &[u8], mean: &[f32]) -> Vec<f32> {
    let mut distances = Vec::with_capacity(pixels.len() / PIXELS);
    for image in pixels.chunks_exact(PIXELS) {
        let mut total = 0.0f32;
        for pixel in 0..PIXELS {
            total += (f32::from(image[pixel]) / 255.0 - mean[pixel]).abs();
        }
        distances.push(total / PIXELS as f32);
    }
    distances
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_images_by_hand() {
        // One image all 0, one all 255: the mean is 0.5 everywhere, each 0.5 away from it.
        let mut pixels = vec![0u8; PIXELS];
        pixels.extend(vec![255u8; PIXELS]);
        let mean = mean_image(&pixels);
        assert!(mean.iter().all(|&m| (m - 0.5).abs() < 1e-6));
        assert_eq!(l1_distances(&pixels, &mean), vec![0.5, 0.5]);
        // Against a mean of 0, an image with one pixel of 255 is 1/784 away.
        let mut one = vec![0u8; PIXELS];
        one[100] = 255;
        let distance = l1_distances(&one, &vec![0.0; PIXELS])[0];
        assert!((distance - 1.0 / 784.0).abs() < 1e-9);
    }
}
