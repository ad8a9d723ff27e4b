//! The loss surface (`descent_core::quadratic::LossSurface`) in one batched computation.

use super::descent::QuadraticFit;
use super::loss::TensorLoss;
use super::{LossSurface, SurfaceSpec};
use crate::error::EngineError;
use crate::host::read_floats;
use burn::tensor::{Tensor, TensorData};

impl QuadraticFit {
    /// Scores every grid point at once: predictions for all of them are one `[n, 3] × [3, g]`
    /// matmul, the losses one reduction over the points.
    pub async fn surface(&self, spec: SurfaceSpec) -> Result<LossSurface, EngineError> {
        if spec.x == spec.y || spec.resolution < 2 {
            return Err(EngineError::InvalidInput(
                "a surface needs two different coefficients and at least 2 points per axis".into(),
            ));
        }
        let n = spec.resolution;
        let columns: Vec<f32> = (0..n)
            .flat_map(|j| (0..n).map(move |i| (i, j)))
            .flat_map(|(i, j)| spec.coefficients_at(i, j).to_array())
            .collect();
        let grid: Tensor<2> =
            Tensor::from_data(TensorData::new(columns, [n * n, 3]), self.device());
        let features = self.features().clone().inner();
        let targets = self.targets().clone().inner();
        let [points, _] = features.dims();
        let predictions = features.matmul(grid.inner().transpose());
        let residuals = predictions - targets.reshape([points, 1]);
        let losses = read_floats(self.loss_kind().loss_per_column(residuals)).await?;
        Ok(LossSurface { spec, losses })
    }
}
