//! The order in which an epoch visits the training set: a fresh shuffle each epoch, repeatable
//! from the seed.

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;

/// A permutation of `0..len` for `epoch` of a run seeded with `seed`.
pub fn epoch_order(len: usize, seed: u64, epoch: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let stream = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ epoch as u64;
    order.shuffle(&mut ChaCha8Rng::seed_from_u64(stream));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_epoch_is_a_repeatable_permutation() {
        let first = epoch_order(1000, 7, 0);
        let mut sorted = first.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..1000).collect::<Vec<_>>());
        assert_eq!(first, epoch_order(1000, 7, 0));
        assert_ne!(first, epoch_order(1000, 7, 1));
        assert_ne!(first, epoch_order(1000, 8, 0));
    }
}
