//! The book's two classification losses, on logits.

use burn::tensor::Tensor;
use burn::tensor::activation::{log_softmax, sigmoid};

/// fastbook's `mnist_loss`: with `p = sigmoid(logit)`, the mean of `1 − p` where the target is 1
/// and `p` where it is 0. Written as `t·(1−p) + (1−t)·p`, the same for 0/1 targets, so its
/// gradient needs no masking op. `logits` and `targets` are `[n, 1]`.
pub fn mnist_loss(logits: Tensor<2>, targets: Tensor<2>) -> Tensor<1> {
    let p = sigmoid(logits);
    let miss = targets.clone() * (p.clone().neg() + 1.0) + (targets.neg() + 1.0) * p;
    miss.mean()
}

/// Cross-entropy of logits `[n, classes]` against one-hot targets: `−mean(Σ t·log softmax)`.
/// One-hot rather than indices, so the backward pass needs no scatter (WebGPU lacks the float
/// atomics a scatter-add would use).
pub fn cross_entropy(logits: Tensor<2>, one_hot: Tensor<2>) -> Tensor<1> {
    (log_softmax(logits, 1) * one_hot).sum_dim(1).mean().neg()
}
