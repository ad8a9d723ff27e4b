//! The Tensors lab's work on burn: a stack of digits as one `[n, 28, 28]` tensor, and each
//! image's L1 distance from a mean as one operation, `(stack - mean).abs().mean((-1, -2))`, the
//! `[1, 28, 28]` mean broadcast along the stack's first axis without being copied.

use crate::mnist::{PIXELS, SIDE};
use burn::tensor::{Device, Tensor, TensorData};

/// `count` images of 28×28 grey levels (0–255), image after image, as `[count, 28, 28]` in 0–1.
pub fn stack_tensor(pixels: &[u8], device: &Device) -> Tensor<3> {
    let count = pixels.len() / PIXELS;
    let levels: Vec<f32> = pixels[..count * PIXELS]
        .iter()
        .map(|&p| f32::from(p) / 255.0)
        .collect();
    Tensor::from_data(TensorData::new(levels, [count, SIDE, SIDE]), device)
}

/// The stack's average image, `[1, 28, 28]`.
pub fn mean_image(stack: Tensor<3>) -> Tensor<3> {
    stack.mean_dim(0)
}

/// Each image's mean absolute difference from `mean`: `[n]`.
pub fn l1_distances(stack: Tensor<3>, mean: Tensor<3>) -> Tensor<1> {
    (stack - mean).abs().mean_dim(2).mean_dim(1).reshape([-1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpu_device;
    use crate::host::read_floats;
    use descent_core::tensors::{self, Selection};
    use pollster::block_on;

    /// Five images whose every pixel differs, from a simple rule.
    fn pixels() -> Vec<u8> {
        (0..5 * PIXELS)
            .map(|i| ((i * 37 + i / 7) % 256) as u8)
            .collect()
    }

    #[test]
    fn the_tensor_operation_finds_what_the_loop_finds() {
        let device = cpu_device();
        let pixels = pixels();
        let stack = stack_tensor(&pixels, &device);
        let mean = mean_image(stack.clone());
        let on_tensors = block_on(read_floats(l1_distances(stack, mean.clone()))).unwrap();
        let looped_mean = tensors::mean_image(&pixels);
        let looped = tensors::l1_distances(&pixels, &looped_mean);
        assert_eq!(on_tensors.len(), 5);
        for (a, b) in on_tensors.iter().zip(&looped) {
            assert!((a - b).abs() < 1e-5, "{a} against {b}");
        }
        let mean = block_on(read_floats(mean)).unwrap();
        for (a, b) in mean.iter().zip(&looped_mean) {
            assert!((a - b).abs() < 1e-5);
        }
    }

    #[test]
    fn burns_slices_pick_what_the_labs_index_picks() {
        let device = cpu_device();
        let pixels = pixels();
        let values: Vec<f32> = block_on(read_floats(stack_tensor(&pixels, &device))).unwrap();
        let stack = stack_tensor(&pixels, &device);
        for (text, slice) in [
            ("stack[1:4]", [1..4, 0..28, 0..28]),
            ("stack[:, 14]", [0..5, 14..15, 0..28]),
            ("stack[2, 5:10, 20:28]", [2..3, 5..10, 20..28]),
        ] {
            let selection = Selection::parse(text, &[5, SIDE, SIDE]).unwrap();
            let picked: Vec<f32> = selection
                .offsets(usize::MAX)
                .into_iter()
                .map(|o| values[o])
                .collect();
            let sliced = block_on(read_floats(stack.clone().slice(slice).reshape([-1]))).unwrap();
            assert_eq!(picked, sliced, "{text}");
        }
    }
}
