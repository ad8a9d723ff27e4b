//! The lab's two losses (`LossKind`) on tensors.

use super::LossKind;
use burn::tensor::Tensor;

/// A loss computed on tensors, for training and for scoring a surface.
pub trait TensorLoss {
    /// The loss of predictions against targets, as a one-element tensor.
    fn loss(self, predictions: Tensor<1>, targets: Tensor<1>) -> Tensor<1>;
    /// One loss per column of `[n, m]` residuals, shape `[m]`: many models scored in one pass.
    fn loss_per_column(self, residuals: Tensor<2>) -> Tensor<1>;
}

impl TensorLoss for LossKind {
    fn loss(self, predictions: Tensor<1>, targets: Tensor<1>) -> Tensor<1> {
        pointwise(self, predictions - targets).mean()
    }

    fn loss_per_column(self, residuals: Tensor<2>) -> Tensor<1> {
        let [_, m] = residuals.dims();
        pointwise(self, residuals).mean_dim(0).reshape([m])
    }
}

fn pointwise<const D: usize>(kind: LossKind, residuals: Tensor<D>) -> Tensor<D> {
    match kind {
        LossKind::Mse => residuals.square(),
        LossKind::Mae => residuals.abs(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::tensor::TensorData;

    fn scalar(t: Tensor<1>) -> f32 {
        t.into_data().try_to_vec::<f32>().unwrap()[0]
    }

    #[test]
    fn mse_and_mae_of_hand_checked_points() {
        let device = crate::cpu_device();
        let predictions =
            Tensor::<1>::from_data(TensorData::from([1.0f32, 2.0, 3.0, 4.0]), &device);
        let targets = Tensor::<1>::from_data(TensorData::from([2.0f32, 2.0, 1.0, 8.0]), &device);
        // Residuals -1, 0, 2, -4: squares 1 + 0 + 4 + 16 = 21, absolutes 1 + 0 + 2 + 4 = 7.
        assert_eq!(
            scalar(LossKind::Mse.loss(predictions.clone(), targets.clone())),
            21.0 / 4.0
        );
        assert_eq!(scalar(LossKind::Mae.loss(predictions, targets)), 7.0 / 4.0);
    }

    #[test]
    fn loss_per_column_scores_each_column() {
        let device = crate::cpu_device();
        let residuals = Tensor::<2>::from_data(
            TensorData::new(vec![1.0f32, -3.0, 3.0, 1.0], [2, 2]),
            &device,
        );
        let mse = LossKind::Mse
            .loss_per_column(residuals.clone())
            .into_data()
            .try_to_vec::<f32>()
            .unwrap();
        let mae = LossKind::Mae
            .loss_per_column(residuals)
            .into_data()
            .try_to_vec::<f32>()
            .unwrap();
        assert_eq!(mse, vec![5.0, 5.0]);
        assert_eq!(mae, vec![2.0, 2.0]);
    }
}
