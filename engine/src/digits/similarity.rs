//! The book's baseline: no training at all, just "is this image closer to the average 3 or the
//! average 7?" (or of any pair's two digits), by mean absolute difference (L1) or root mean
//! squared difference.

use super::{Pair, SimilarityReport, input_tensor};
use crate::error::EngineError;
use crate::host::read_floats;
use crate::mnist::{Digits, PIXELS};
use burn::tensor::{Device, Tensor};

/// Fits the pair's two means on `train` and classifies `valid`; both must hold only its digits.
pub async fn pixel_similarity(
    pair: Pair,
    train: &Digits,
    valid: &Digits,
    device: &Device,
) -> Result<SimilarityReport, EngineError> {
    let (first, second) = (pair.first(), pair.second());
    let only_the_pair = |d: &Digits| d.labels().iter().all(|&l| l == first || l == second);
    if !only_the_pair(train) || !only_the_pair(valid) || valid.is_empty() {
        return Err(EngineError::InvalidInput(format!(
            "pixel similarity needs {first}s and {second}s only"
        )));
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
    let (mean_first, mean_second) = (mean_of(first)?, mean_of(second)?);
    let all: Vec<usize> = (0..valid.len()).collect();
    let x = input_tensor(valid, &all, device);
    let l1 = |mean: &Tensor<2>| (x.clone() - mean.clone()).abs().mean_dim(1);
    let rmse = |mean: &Tensor<2>| (x.clone() - mean.clone()).square().mean_dim(1).sqrt();
    // One read: [is-first by L1; is-first by RMSE; mean first; mean second].
    let readout = Tensor::cat(
        vec![
            l1(&mean_first)
                .lower(l1(&mean_second))
                .float()
                .reshape([-1]),
            rmse(&mean_first)
                .lower(rmse(&mean_second))
                .float()
                .reshape([-1]),
            mean_first.reshape([-1]),
            mean_second.reshape([-1]),
        ],
        0,
    );
    let values = read_floats(readout).await?;
    let n = valid.len();
    let accuracy = |says_first: &[f32]| {
        let share = |digit: u8| {
            let of_digit: Vec<bool> = (0..n)
                .filter(|&i| valid.label(i) == digit)
                .map(|i| (says_first[i] > 0.5) == (digit == first))
                .collect();
            of_digit.iter().filter(|&&right| right).count() as f32 / of_digit.len().max(1) as f32
        };
        (share(first) + share(second)) / 2.0
    };
    Ok(SimilarityReport {
        pair,
        l1_accuracy: accuracy(&values[..n]),
        rmse_accuracy: accuracy(&values[n..2 * n]),
        mean_first: values[2 * n..2 * n + PIXELS].to_vec(),
        mean_second: values[2 * n + PIXELS..].to_vec(),
        validation_images: n,
    })
}
