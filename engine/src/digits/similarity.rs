//! The book's baseline: no training at all, just "is this image closer to the average 3 or the
//! average 7?", by mean absolute difference (L1) or root mean squared difference.

use super::{SimilarityReport, input_tensor};
use crate::error::EngineError;
use crate::host::read_floats;
use crate::mnist::{Digits, PIXELS};
use burn::tensor::{Device, Tensor};

/// Fits the two means on `train` and classifies `valid`; both must hold only 3s and 7s.
pub async fn pixel_similarity(
    train: &Digits,
    valid: &Digits,
    device: &Device,
) -> Result<SimilarityReport, EngineError> {
    let only_threes_and_sevens = |d: &Digits| d.labels().iter().all(|&l| l == 3 || l == 7);
    if !only_threes_and_sevens(train) || !only_threes_and_sevens(valid) || valid.is_empty() {
        return Err(EngineError::InvalidInput(
            "pixel similarity needs 3s and 7s only".into(),
        ));
    }
    let mean_of = |digit: u8| -> Result<Tensor<2>, EngineError> {
        let indices: Vec<usize> = (0..train.len())
            .filter(|&i| train.label(i) == digit)
            .collect();
        if indices.is_empty() {
            return Err(EngineError::InvalidInput(format!("no {digit}s to average")));
        }
        Ok(input_tensor(train, &indices, device).mean_dim(0))
    };
    let (three, seven) = (mean_of(3)?, mean_of(7)?);
    let all: Vec<usize> = (0..valid.len()).collect();
    let x = input_tensor(valid, &all, device);
    let l1 = |mean: &Tensor<2>| (x.clone() - mean.clone()).abs().mean_dim(1);
    let rmse = |mean: &Tensor<2>| (x.clone() - mean.clone()).square().mean_dim(1).sqrt();
    // One read: [is-3 by L1; is-3 by RMSE; mean 3; mean 7].
    let readout = Tensor::cat(
        vec![
            l1(&three).lower(l1(&seven)).float().reshape([-1]),
            rmse(&three).lower(rmse(&seven)).float().reshape([-1]),
            three.reshape([-1]),
            seven.reshape([-1]),
        ],
        0,
    );
    let values = read_floats(readout).await?;
    let n = valid.len();
    let accuracy = |says_three: &[f32]| {
        let share = |digit: u8| {
            let of_digit: Vec<bool> = (0..n)
                .filter(|&i| valid.label(i) == digit)
                .map(|i| (says_three[i] > 0.5) == (digit == 3))
                .collect();
            of_digit.iter().filter(|&&right| right).count() as f32 / of_digit.len().max(1) as f32
        };
        (share(3) + share(7)) / 2.0
    };
    Ok(SimilarityReport {
        l1_accuracy: accuracy(&values[..n]),
        rmse_accuracy: accuracy(&values[n..2 * n]),
        mean_three: values[2 * n..2 * n + PIXELS].to_vec(),
        mean_seven: values[2 * n + PIXELS..].to_vec(),
        validation_images: n,
    })
}
