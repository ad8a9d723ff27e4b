//! Tensors read back from the device to the host.

use crate::error::EngineError;
use burn::tensor::Tensor;

/// Reads a tensor back to the host through the async API, which every backend supports.
pub async fn read_floats<const D: usize>(tensor: Tensor<D>) -> Result<Vec<f32>, EngineError> {
    tensor
        .into_data_async()
        .await
        .map_err(|e| EngineError::Read(format!("{e:?}")))?
        .try_to_vec::<f32>()
        .map_err(|e| EngineError::Read(format!("{e:?}")))
}
