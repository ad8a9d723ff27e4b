//! MNIST: the original files, checked and parsed into digits the models train on.

mod asset;
pub mod files;
mod idx;

pub use asset::{AssetDecoder, decode_asset};
pub use files::{MNIST_FILES, MnistFile, TEST_IMAGES, TEST_LABELS, TRAIN_IMAGES, TRAIN_LABELS};
pub use idx::{IdxImages, parse_images, parse_labels};

use crate::error::EngineError;
use std::collections::HashMap;

/// Pixels per side of an MNIST image.
pub const SIDE: usize = 28;
/// Pixels per MNIST image.
pub const PIXELS: usize = SIDE * SIDE;

/// Grey level `p` as a model input, `p / 255`, by lookup: dividing each of an epoch's 55 million
/// pixels cost the page's worker as much time as a third of its matrix multiplies.
pub const INPUT_LEVELS: [f32; 256] = {
    let mut levels = [0.0; 256];
    let mut p = 0;
    while p < 256 {
        levels[p] = p as f32 / 255.0;
        p += 1;
    }
    levels
};

/// Labelled 28×28 digits, stored as MNIST stores them: one byte per pixel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digits {
    pixels: Vec<u8>,
    labels: Vec<u8>,
}

impl Digits {
    pub fn new(images: IdxImages, labels: Vec<u8>) -> Result<Self, EngineError> {
        if (images.rows, images.cols) != (SIDE, SIDE) {
            return Err(EngineError::Data(format!(
                "images are {}×{}, not 28×28",
                images.rows, images.cols
            )));
        }
        if images.count != labels.len() {
            return Err(EngineError::Data(format!(
                "{} images but {} labels",
                images.count,
                labels.len()
            )));
        }
        Ok(Self {
            pixels: images.pixels,
            labels,
        })
    }

    /// Digits from raw grey levels (784 per image, row by row) and labels 0–9.
    pub fn from_parts(pixels: Vec<u8>, labels: Vec<u8>) -> Result<Self, EngineError> {
        if pixels.len() != labels.len() * PIXELS {
            return Err(EngineError::InvalidInput(format!(
                "{} grey levels are not {} images of 784",
                pixels.len(),
                labels.len()
            )));
        }
        if let Some(label) = labels.iter().find(|&&l| l > 9) {
            return Err(EngineError::InvalidInput(format!(
                "{label} is not a digit label 0–9"
            )));
        }
        Ok(Self { pixels, labels })
    }

    /// One more digit at the end.
    pub fn push(&mut self, label: u8, image: &[u8]) -> Result<(), EngineError> {
        if image.len() != PIXELS || label > 9 {
            return Err(EngineError::InvalidInput(format!(
                "a digit is a label 0–9 and 784 grey levels, not {label} and {}",
                image.len()
            )));
        }
        self.pixels.extend_from_slice(image);
        self.labels.push(label);
        Ok(())
    }

    /// Forgets the digit at `index` (nothing if there is none).
    pub fn remove(&mut self, index: usize) {
        if index < self.len() {
            self.pixels.drain(index * PIXELS..(index + 1) * PIXELS);
            self.labels.remove(index);
        }
    }

    /// The digits at `indices`, in that order, followed by all of `other`.
    pub fn picked_then(&self, indices: &[usize], other: &Digits) -> Self {
        let mut pixels: Vec<u8> = indices
            .iter()
            .flat_map(|&i| self.image(i))
            .copied()
            .collect();
        pixels.extend(&other.pixels);
        let mut labels: Vec<u8> = indices.iter().map(|&i| self.labels[i]).collect();
        labels.extend(&other.labels);
        Self { pixels, labels }
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    pub fn labels(&self) -> &[u8] {
        &self.labels
    }

    /// Every image's grey levels, image after image.
    pub fn pixels(&self) -> &[u8] {
        &self.pixels
    }

    pub fn label(&self, index: usize) -> u8 {
        self.labels[index]
    }

    /// The grey levels of one image, row by row.
    pub fn image(&self, index: usize) -> &[u8] {
        &self.pixels[index * PIXELS..(index + 1) * PIXELS]
    }

    /// Only the digits whose label is in `classes`, in their original order.
    pub fn of_classes(&self, classes: &[u8]) -> Self {
        let keep: Vec<usize> = (0..self.len())
            .filter(|&i| classes.contains(&self.labels[i]))
            .collect();
        Self {
            pixels: keep.iter().flat_map(|&i| self.image(i)).copied().collect(),
            labels: keep.iter().map(|&i| self.labels[i]).collect(),
        }
    }

    /// How many digits of each class, 0 to 9.
    pub fn counts(&self) -> [usize; 10] {
        let mut counts = [0; 10];
        for &label in &self.labels {
            counts[usize::from(label)] += 1;
        }
        counts
    }

    /// The images at `indices` as model inputs: grey levels scaled to 0–1, one row per image.
    pub fn inputs(&self, indices: &[usize]) -> Vec<f32> {
        let mut inputs = vec![0.0; indices.len() * PIXELS];
        for (row, &i) in inputs.chunks_exact_mut(PIXELS).zip(indices) {
            for (input, &p) in row.iter_mut().zip(self.image(i)) {
                *input = INPUT_LEVELS[usize::from(p)];
            }
        }
        inputs
    }
}

/// The full dataset: 60,000 training and 10,000 test digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mnist {
    pub train: Digits,
    pub test: Digits,
}

impl Mnist {
    /// Parses the four files, given by name as [`MNIST_FILES`] names them, already checked.
    pub fn from_files(files: &HashMap<&'static str, Vec<u8>>) -> Result<Self, EngineError> {
        let file = |f: MnistFile| {
            files
                .get(f.name)
                .map(Vec::as_slice)
                .ok_or_else(|| EngineError::Data(format!("{} is missing", f.asset_name())))
        };
        let digits = |images: MnistFile, labels: MnistFile| -> Result<Digits, EngineError> {
            Digits::new(
                parse_images(images.name, file(images)?)?,
                parse_labels(labels.name, file(labels)?)?,
            )
        };
        Ok(Self {
            train: digits(TRAIN_IMAGES, TRAIN_LABELS)?,
            test: digits(TEST_IMAGES, TEST_LABELS)?,
        })
    }

    /// Reads the gzip'd assets from a directory (natively: tests, benchmarks, the CLI).
    #[cfg(not(target_family = "wasm"))]
    pub fn load_dir(dir: &std::path::Path) -> Result<Self, EngineError> {
        let mut files = HashMap::new();
        for file in MNIST_FILES {
            let path = dir.join(file.asset_name());
            let compressed = std::fs::read(&path).map_err(|e| {
                EngineError::Data(format!(
                    "cannot read {} ({e}); `cargo xtask fetch-mnist` makes it",
                    path.display()
                ))
            })?;
            files.insert(file.name, decode_asset(file, &compressed)?);
        }
        Self::from_files(&files)
    }
}

/// Where `cargo xtask fetch-mnist` puts the assets: `assets/mnist` at the workspace root, unless
/// `DESCENT_MNIST_DIR` says otherwise.
#[cfg(not(target_family = "wasm"))]
pub fn default_dir() -> std::path::PathBuf {
    std::env::var_os("DESCENT_MNIST_DIR").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/mnist"),
        std::path::PathBuf::from,
    )
}

/// What the data panel shows: tensor shapes, class counts and a few labelled samples.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MnistOverview {
    /// `[60000, 28, 28]`, `[10000, 28, 28]`.
    pub train_shape: [usize; 3],
    pub test_shape: [usize; 3],
    pub train_counts: [usize; 10],
    pub test_counts: [usize; 10],
    pub samples: Vec<Sample>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Sample {
    pub label: u8,
    pub pixels: Vec<u8>,
}

impl Mnist {
    /// The overview, with the first `samples` training digits.
    pub fn overview(&self, samples: usize) -> MnistOverview {
        let shape = |d: &Digits| [d.len(), SIDE, SIDE];
        MnistOverview {
            train_shape: shape(&self.train),
            test_shape: shape(&self.test),
            train_counts: self.train.counts(),
            test_counts: self.test.counts(),
            samples: (0..samples.min(self.train.len()))
                .map(|i| Sample {
                    label: self.train.label(i),
                    pixels: self.train.image(i).to_vec(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_the_grey_levels_over_255_in_the_order_asked() {
        // Image k is all grey level 100 k + j at pixel j (mod 256).
        let pixels: Vec<u8> = (0..3 * PIXELS)
            .map(|n| ((n / PIXELS) * 100 + n % PIXELS) as u8)
            .collect();
        let images = IdxImages {
            count: 3,
            rows: SIDE,
            cols: SIDE,
            pixels,
        };
        let digits = Digits::new(images, vec![0, 1, 2]).unwrap();
        let inputs = digits.inputs(&[2, 0]);
        assert_eq!(inputs.len(), 2 * PIXELS);
        for (row, image) in [2usize, 0].into_iter().enumerate() {
            for j in 0..PIXELS {
                let level = ((image * 100 + j) % 256) as f32;
                assert_eq!(inputs[row * PIXELS + j], level / 255.0);
            }
        }
        assert_eq!(INPUT_LEVELS[255], 1.0);
    }
}
