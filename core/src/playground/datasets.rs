//! The playground's 2-D datasets, generated from a seed: four to classify (circle, XOR, two
//! Gaussians, spiral) and two to regress (plane, multi-Gaussian). Points lie in [-6, 6]²; class
//! labels are 0 and 1, regression targets lie in [-1, 1].

use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Normal};
use serde::{Deserialize, Serialize};
use std::f32::consts::PI;

/// Half the side of the square the points lie in.
pub const EXTENT: f32 = 6.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatasetKind {
    Circle,
    Xor,
    Gaussians,
    Spiral,
    Plane,
    MultiGaussian,
}

impl DatasetKind {
    pub const ALL: [Self; 6] = [
        Self::Circle,
        Self::Xor,
        Self::Gaussians,
        Self::Spiral,
        Self::Plane,
        Self::MultiGaussian,
    ];

    pub fn is_regression(self) -> bool {
        matches!(self, Self::Plane | Self::MultiGaussian)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DatasetSpec {
    pub kind: DatasetKind,
    pub samples: usize,
    /// 0 (clean) to 1 (noisy).
    pub noise: f32,
    /// The share of points used for training, 0.1 to 0.9; the rest are the test set.
    pub train_ratio: f32,
    pub seed: u64,
}

impl Default for DatasetSpec {
    fn default() -> Self {
        Self {
            kind: DatasetKind::Circle,
            samples: 500,
            noise: 0.1,
            train_ratio: 0.5,
            seed: 1,
        }
    }
}

/// Points with their labels or targets; the first `train` are the training set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub points: Vec<[f32; 2]>,
    pub targets: Vec<f32>,
    pub train: usize,
}

impl Dataset {
    pub fn generate(spec: DatasetSpec) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
        let n = spec.samples.max(2);
        let noise = spec.noise.clamp(0.0, 1.0);
        let mut samples: Vec<([f32; 2], f32)> = match spec.kind {
            DatasetKind::Circle => circle(&mut rng, n, noise),
            DatasetKind::Xor => xor(&mut rng, n, noise),
            DatasetKind::Gaussians => gaussians(&mut rng, n, noise),
            DatasetKind::Spiral => spiral(&mut rng, n, noise),
            DatasetKind::Plane => regression(&mut rng, n, noise, |x, y| (x + y) / (2.0 * EXTENT)),
            DatasetKind::MultiGaussian => regression(&mut rng, n, noise, multi_gaussian),
        };
        samples.shuffle(&mut rng);
        let train =
            ((n as f32 * spec.train_ratio.clamp(0.1, 0.9)).round() as usize).clamp(1, n - 1);
        Self {
            points: samples.iter().map(|(p, _)| *p).collect(),
            targets: samples.iter().map(|(_, t)| *t).collect(),
            train,
        }
    }

    pub fn len(&self) -> usize {
        self.points.len()
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }
}

fn uniform(rng: &mut ChaCha8Rng, range: f32) -> f32 {
    rng.random_range(-range..=range)
}

/// Inside a circle of radius 2.5 is class 1; a ring from 3.5 to 5 is class 0.
fn circle(rng: &mut ChaCha8Rng, n: usize, noise: f32) -> Vec<([f32; 2], f32)> {
    (0..n)
        .map(|i| {
            let inner = i % 2 == 0;
            let radius = if inner {
                rng.random_range(0.0..2.5)
            } else {
                rng.random_range(3.5..5.0)
            };
            let angle = rng.random_range(0.0..2.0 * PI);
            let jitter = noise * 2.5;
            let point = [
                radius * angle.cos() + uniform(rng, jitter),
                radius * angle.sin() + uniform(rng, jitter),
            ];
            (point, if inner { 1.0 } else { 0.0 })
        })
        .collect()
}

/// Class 1 where x and y share a sign; points kept a little off the axes, then jittered.
fn xor(rng: &mut ChaCha8Rng, n: usize, noise: f32) -> Vec<([f32; 2], f32)> {
    let away = |rng: &mut ChaCha8Rng| {
        let v = rng.random_range(0.3..EXTENT - 0.5);
        if rng.random_bool(0.5) { v } else { -v }
    };
    (0..n)
        .map(|_| {
            let (x, y) = (away(rng), away(rng));
            let jitter = noise * EXTENT * 0.5;
            let point = [x + uniform(rng, jitter), y + uniform(rng, jitter)];
            (point, if x * y > 0.0 { 1.0 } else { 0.0 })
        })
        .collect()
}

/// Two round clouds around (2, 2) (class 1) and (−2, −2) (class 0), spread growing with noise.
fn gaussians(rng: &mut ChaCha8Rng, n: usize, noise: f32) -> Vec<([f32; 2], f32)> {
    let spread = Normal::new(0.0, 0.5 + noise * 3.0).expect("a positive spread");
    (0..n)
        .map(|i| {
            let class = (i % 2) as f32;
            let centre = if class == 1.0 { 2.0 } else { -2.0 };
            let point = [centre + spread.sample(rng), centre + spread.sample(rng)];
            (point, class)
        })
        .collect()
}

/// Two interleaved arms, each turning 1.75 times around the origin.
fn spiral(rng: &mut ChaCha8Rng, n: usize, noise: f32) -> Vec<([f32; 2], f32)> {
    let per_arm = n / 2;
    (0..n)
        .map(|i| {
            let class = (i % 2) as f32;
            let t = (i / 2) as f32 / per_arm.max(1) as f32;
            let radius = 5.0 * t;
            let angle = 1.75 * 2.0 * PI * t + class * PI;
            let jitter = noise;
            let point = [
                radius * angle.sin() + uniform(rng, jitter),
                radius * angle.cos() + uniform(rng, jitter),
            ];
            (point, class)
        })
        .collect()
}

fn regression(
    rng: &mut ChaCha8Rng,
    n: usize,
    noise: f32,
    f: fn(f32, f32) -> f32,
) -> Vec<([f32; 2], f32)> {
    (0..n)
        .map(|_| {
            let (x, y) = (uniform(rng, EXTENT), uniform(rng, EXTENT));
            let jitter = noise * EXTENT;
            // The target is of the clean point; the input the learner sees is jittered.
            let point = [x + uniform(rng, jitter), y + uniform(rng, jitter)];
            (point, f(x, y))
        })
        .collect()
}

/// Six bumps, positive and negative, in [-1, 1].
fn multi_gaussian(x: f32, y: f32) -> f32 {
    const BUMPS: [(f32, f32, f32); 6] = [
        (-4.0, 2.5, 1.0),
        (0.0, 2.5, -1.0),
        (4.0, 2.5, 1.0),
        (-4.0, -2.5, -1.0),
        (0.0, -2.5, 1.0),
        (4.0, -2.5, -1.0),
    ];
    BUMPS
        .iter()
        .map(|(cx, cy, sign)| sign * (-((x - cx).powi(2) + (y - cy).powi(2)) / 2.0).exp())
        .sum::<f32>()
        .clamp(-1.0, 1.0)
}
