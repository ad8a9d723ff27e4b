//! Counts passed and failed tests across cargo and Playwright, for the closing line CI reads.

use std::path::Path;

#[derive(Default)]
pub struct Summary {
    passed: usize,
    failed: usize,
}

impl Summary {
    /// Adds up cargo's `test result: ok. 8 passed; 0 failed; ...` lines.
    pub fn add_cargo_output(&mut self, output: &str) {
        for line in output.lines().filter(|l| l.starts_with("test result:")) {
            self.passed += count_before(line, " passed");
            self.failed += count_before(line, " failed");
        }
    }

    /// Adds the stats of Playwright's JSON report (expected = passed).
    pub fn add_playwright_report(&mut self, path: &Path) -> Result<(), String> {
        let report = std::fs::read_to_string(path)
            .map_err(|e| format!("no Playwright report at {}: {e}", path.display()))?;
        let stats = report
            .rfind("\"stats\"")
            .map(|i| &report[i..])
            .ok_or("the Playwright report has no stats")?;
        self.passed += json_number(stats, "expected") + json_number(stats, "flaky");
        self.failed += json_number(stats, "unexpected");
        Ok(())
    }

    pub fn print(&self) {
        println!("\ntests: {} passed, {} failed", self.passed, self.failed);
    }
}

fn count_before(line: &str, marker: &str) -> usize {
    line.find(marker)
        .and_then(|end| line[..end].rsplit([' ', '.']).next()?.parse().ok())
        .unwrap_or(0)
}

fn json_number(json: &str, key: &str) -> usize {
    let pattern = format!("\"{key}\":");
    json.find(&pattern)
        .map(|i| json[i + pattern.len()..].trim_start())
        .and_then(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_cargo_results() {
        let mut s = Summary::default();
        s.add_cargo_output(
            "test result: ok. 10 passed; 0 failed; 0 ignored\nnoise\ntest result: FAILED. 3 passed; 2 failed; 0 ignored\n",
        );
        assert_eq!((s.passed, s.failed), (13, 2));
    }

    #[test]
    fn reads_playwright_stats() {
        let stats = r#"{"suites":[],"stats":{"startTime":"x","duration":1.5,"expected":17,"skipped":0,"unexpected":1,"flaky":2}}"#;
        assert_eq!(json_number(stats, "expected"), 17);
        assert_eq!(json_number(stats, "unexpected"), 1);
        assert_eq!(json_number(stats, "flaky"), 2);
        assert_eq!(json_number(stats, "missing"), 0);
    }
}
