//! The labs' PyTorch programs (`descent_core::pytorch`), as the `programs` CLI writes them with
//! the engine's numbers: every one compiles, and the Quadratic lab's, re-done in numpy by
//! `e2e/pytorch/check.py`, ends where the engine does. (Running them under PyTorch itself is
//! `e2e/pytorch/run.sh`, on demand.) Needs a Python with numpy: `DESCENT_PYTHON`, which
//! `cargo xtask test` sets, or `python3`.

use std::path::Path;
use std::process::Command;

fn python(args: &[&str]) {
    let python = std::env::var("DESCENT_PYTHON").unwrap_or_else(|_| "python3".into());
    let output = Command::new(&python)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python} (set DESCENT_PYTHON): {e}"));
    assert!(
        output.status.success(),
        "{python} {args:?} failed:\n{}{}\n(a Python with numpy is needed: `cargo xtask test` makes one)",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    print!("{}", String::from_utf8_lossy(&output.stdout));
}

#[test]
fn every_program_compiles_and_the_quadratics_agree_with_numpy() {
    let dir = std::env::temp_dir().join(format!("descent-programs-{}", std::process::id()));
    let status = Command::new(env!("CARGO_BIN_EXE_programs"))
        .arg(&dir)
        .status()
        .expect("the programs CLI runs");
    assert!(status.success(), "the programs CLI failed");
    let check = Path::new(env!("CARGO_MANIFEST_DIR")).join("../e2e/pytorch/check.py");
    let (check, dir_text) = (check.to_str().unwrap(), dir.to_str().unwrap());
    let programs = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|entry| entry.path().extension().is_some_and(|x| x == "py"))
        .count();
    assert_eq!(programs, 10, "a program per lab and model");
    python(&[check, "compile", dir_text]);
    python(&[check, "numpy-dir", dir_text]);
    let _ = std::fs::remove_dir_all(&dir);
}
