//! Installs the tools the build and tests need, skipping each one already present.

use crate::run::{Step, cargo, in_dir, root};
use std::path::Path;

const TRUNK_VERSION: &str = "0.21.14";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const CHROMIUM: &str = "/usr/bin/chromium";
/// Mesa's software Vulkan driver: native burn-wgpu tests run on it where there is no GPU.
pub const LAVAPIPE_ICD: &str = "/usr/share/vulkan/icd.d/lvp_icd.x86_64.json";

pub fn all() -> Result<(), String> {
    web_build_tools()?;
    debian_package("chromium", CHROMIUM)?;
    debian_package("mesa-vulkan-drivers", LAVAPIPE_ICD)?;
    e2e_packages()?;
    crate::mnist::fetch()?;
    crate::mnist::fetch_titanic()
}

/// What `trunk build` needs: the wasm target, trunk, and wasm-bindgen-cli at the locked version.
pub fn web_build_tools() -> Result<(), String> {
    rust_components()?;
    trunk()?;
    wasm_bindgen()
}

fn rust_components() -> Result<(), String> {
    let installed = Step::new("rustup", ["target", "list", "--installed"])
        .output()
        .unwrap_or_default();
    if !installed.lines().any(|l| l.trim() == WASM_TARGET) {
        Step::new("rustup", ["target", "add", WASM_TARGET]).run()?;
    }
    for (component, probe) in [("rustfmt", "fmt"), ("clippy", "clippy")] {
        if cargo([probe, "--version"]).output().is_none() {
            Step::new("rustup", ["component", "add", component]).run()?;
        }
    }
    Ok(())
}

fn trunk() -> Result<(), String> {
    let have = Step::new("trunk", ["--version"])
        .output()
        .unwrap_or_default();
    if have.trim() == format!("trunk {TRUNK_VERSION}") {
        return Ok(());
    }
    cargo(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]).run()
}

fn wasm_bindgen() -> Result<(), String> {
    let wanted = locked_version("wasm-bindgen")?;
    let have = Step::new("wasm-bindgen", ["--version"])
        .output()
        .unwrap_or_default();
    if have.trim() == format!("wasm-bindgen {wanted}") {
        return Ok(());
    }
    // Not --locked: one of its locked dependencies is missing from the index.
    cargo([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &wanted,
        "--force",
    ])
    .run()
}

/// The version of `package` recorded in Cargo.lock.
fn locked_version(package: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == format!("name = \"{package}\"") {
            let version = lines.next().unwrap_or_default();
            if let Some(v) = version.trim().strip_prefix("version = \"") {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err(format!("{package} is not in Cargo.lock"))
}

/// Installs a Debian package unless the file it provides is already there.
fn debian_package(package: &str, provides: &str) -> Result<(), String> {
    if Path::new(provides).exists() {
        return Ok(());
    }
    let as_root = Step::new("id", ["-u"])
        .output()
        .is_some_and(|id| id.trim() == "0");
    let apt = |args: &[&str]| {
        let mut all = vec!["apt-get"];
        all.extend_from_slice(args);
        if as_root {
            Step::new(all[0], &all[1..]).env("DEBIAN_FRONTEND", "noninteractive")
        } else {
            Step::new("sudo", all).env("DEBIAN_FRONTEND", "noninteractive")
        }
    };
    apt(&["update"]).run()?;
    apt(&["install", "-y", "--no-install-recommends", package]).run()
}

/// A Python with numpy, for the checks of the labs' PyTorch programs (`e2e/pytorch/check.py`):
/// a virtual environment beside the build output (so CI's persistent target directory keeps
/// it), numpy from PyPI, made once. Returns its interpreter.
pub fn python_with_numpy() -> Result<String, String> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root().join("target"), std::path::PathBuf::from);
    let venv = target.join("descent-python");
    let python = venv.join("bin/python").to_string_lossy().into_owned();
    if Step::new(&python, ["-c", "import numpy"])
        .output()
        .is_some()
    {
        return Ok(python);
    }
    let make_venv = || {
        Step::new(
            "python3",
            ["-m".into(), "venv".into(), venv.clone().into_os_string()],
        )
        .run()
    };
    if make_venv().is_err() {
        // Debian's own Python keeps venv apart; it brings python3 along where that is missing.
        debian_package("python3-venv", "/usr/share/doc/python3-venv")?;
        make_venv()?;
    }
    Step::new(&python, ["-m", "pip", "install", "--quiet", "numpy"]).run()?;
    Ok(python)
}

/// `npm ci` in e2e/ (Playwright, and workbox-build for `dist`), unless the lockfile is the one
/// installed last (a copy is kept in node_modules; npm's own record of the install leaves out
/// the root and the packages for other platforms, so it never equals the lockfile).
pub fn e2e_packages() -> Result<(), String> {
    let e2e = in_dir("e2e");
    let stamp = e2e.join("node_modules/.descent-package-lock.json");
    let lock = std::fs::read_to_string(e2e.join("package-lock.json"))
        .map_err(|e| format!("cannot read e2e/package-lock.json: {e}"))?;
    if std::fs::read_to_string(&stamp).is_ok_and(|installed| installed == lock) {
        return Ok(());
    }
    // Debian's Chromium is used: Playwright must never download a browser.
    Step::new("npm", ["ci", "--no-audit", "--no-fund"])
        .in_dir(e2e)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        .run()?;
    std::fs::write(&stamp, lock).map_err(|e| format!("cannot write {}: {e}", stamp.display()))
}
