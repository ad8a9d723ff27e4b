//! Numbers on the host: even grids, and tensors read back from the device.

use crate::error::EngineError;
use burn::tensor::Tensor;

/// `count` evenly spaced values from `start` to `end` inclusive, like `torch.linspace`.
pub fn linspace(start: f32, end: f32, count: usize) -> Vec<f32> {
    match count {
        0 => Vec::new(),
        1 => vec![start],
        _ => {
            let step = (end - start) / (count - 1) as f32;
            (0..count).map(|i| start + step * i as f32).collect()
        }
    }
}

/// Reads a tensor back to the host through the async API, which every backend supports.
pub async fn read_floats<const D: usize>(tensor: Tensor<D>) -> Result<Vec<f32>, EngineError> {
    tensor
        .into_data_async()
        .await
        .map_err(|e| EngineError::Read(format!("{e:?}")))?
        .try_to_vec::<f32>()
        .map_err(|e| EngineError::Read(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linspace_matches_torch() {
        assert_eq!(linspace(-2.0, 2.0, 5), vec![-2.0, -1.0, 0.0, 1.0, 2.0]);
        assert!(linspace(0.0, 1.0, 0).is_empty());
        assert_eq!(linspace(3.0, 9.0, 1), vec![3.0]);
    }
}
