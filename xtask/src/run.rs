//! Running external commands, echoing each one first.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

/// The workspace root (xtask lives one level below it). Read from the environment `cargo run`
/// sets first: with a `CARGO_TARGET_DIR` shared by two clones, the binary cargo runs may have
/// been built in the other one, and the path compiled into it would be that clone's.
pub fn root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest_dir
        .parent()
        .expect("xtask sits inside the workspace")
        .to_path_buf()
}

pub fn in_dir(relative: &str) -> PathBuf {
    root().join(relative)
}

pub struct Step {
    command: Command,
    shown: String,
}

impl Step {
    pub fn new<I, S>(program: &str, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
        let shown = std::iter::once(program.to_string())
            .chain(args.iter().map(|a| a.to_string_lossy().into_owned()))
            .collect::<Vec<_>>()
            .join(" ");
        let mut command = Command::new(program);
        command.args(args).current_dir(root());
        Self { command, shown }
    }

    pub fn in_dir(mut self, dir: PathBuf) -> Self {
        self.command.current_dir(dir);
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.command.env(key, value);
        self
    }

    pub fn run(mut self) -> Result<(), String> {
        eprintln!("\n==> {}", self.shown);
        let started = Instant::now();
        let status = self
            .command
            .status()
            .map_err(|e| format!("could not start `{}`: {e}", self.shown))?;
        took(&self.shown, started);
        if status.success() {
            Ok(())
        } else {
            Err(format!("`{}` failed ({status})", self.shown))
        }
    }

    /// Runs, streaming stdout to the terminal, and returns it for counting.
    pub fn run_teed(mut self) -> Result<String, String> {
        eprintln!("\n==> {}", self.shown);
        let started = Instant::now();
        let mut child = self
            .command
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("could not start `{}`: {e}", self.shown))?;
        let mut captured = String::new();
        for line in BufReader::new(child.stdout.take().expect("piped")).lines() {
            let line = line.map_err(|e| e.to_string())?;
            println!("{line}");
            captured.push_str(&line);
            captured.push('\n');
        }
        let status = child.wait().map_err(|e| e.to_string())?;
        took(&self.shown, started);
        if status.success() {
            Ok(captured)
        } else {
            Err(format!("`{}` failed ({status})", self.shown))
        }
    }

    /// Runs quietly and returns stdout, or `None` if the program is missing or fails.
    pub fn output(mut self) -> Option<String> {
        let output = self.command.stderr(Stdio::null()).output().ok()?;
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
    }
}

/// How long a step took, so a slow CI run shows where its time went.
fn took(shown: &str, started: Instant) {
    let seconds = started.elapsed().as_secs();
    let name: String = shown.chars().take(60).collect();
    eprintln!("<== {name} took {}m {:02}s", seconds / 60, seconds % 60);
}

pub fn cargo<I, S>(args: I) -> Step
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    Step::new("cargo", args)
}
