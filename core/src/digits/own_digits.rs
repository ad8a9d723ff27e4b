//! The learner's own digits as a file: a header line, then one digit per line, its label and its
//! 784 grey levels, comma-separated. Plain text, so it opens in a spreadsheet and survives being
//! kept in the browser's storage; every way it can be wrong is refused with the line at fault.

use crate::error::EngineError;
use crate::mnist::{Digits, PIXELS};

/// The first line of every file: it says what the rest is.
pub const HEADER: &str = "descent digits v1: label, then 784 grey levels 0-255 row by row";
/// The most digits a set holds: about 3 MB of text, within any browser's storage.
pub const MAX_DIGITS: usize = 1_000;

/// The digits as the file's text.
pub fn to_text(digits: &Digits) -> String {
    let mut text = String::with_capacity(64 + digits.len() * PIXELS * 4);
    text.push_str(HEADER);
    text.push('\n');
    for i in 0..digits.len() {
        text.push_str(&digits.label(i).to_string());
        for level in digits.image(i) {
            text.push(',');
            text.push_str(&level.to_string());
        }
        text.push('\n');
    }
    text
}

/// Reads [`to_text`]'s format; the error names the first problem and where it is.
pub fn from_text(text: &str) -> Result<Digits, EngineError> {
    let bad = |why: String| EngineError::Data(format!("not a digit set: {why}"));
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    match lines.next() {
        Some((_, first)) if first.trim() == HEADER => {}
        Some(_) => {
            return Err(bad(format!(
                "the first line should be \"{HEADER}\", as in a file this page saved"
            )));
        }
        None => return Err(bad("the file is empty".into())),
    }
    let (mut pixels, mut labels) = (Vec::new(), Vec::new());
    for (index, line) in lines {
        let number = index + 1;
        if labels.len() == MAX_DIGITS {
            return Err(bad(format!("it has more than {MAX_DIGITS} digits")));
        }
        let mut fields = line.split(',').map(str::trim);
        let label = fields.next().unwrap_or_default();
        match label.parse::<u8>() {
            Ok(digit) if digit <= 9 => labels.push(digit),
            _ => {
                return Err(bad(format!(
                    "line {number}: the label \"{label}\" is not 0–9"
                )));
            }
        }
        let start = pixels.len();
        for field in fields {
            let level = field.parse::<u8>().map_err(|_| {
                bad(format!(
                    "line {number}: \"{field}\" is not a grey level 0–255"
                ))
            })?;
            pixels.push(level);
        }
        let count = pixels.len() - start;
        if count != PIXELS {
            return Err(bad(format!(
                "line {number} has {count} grey levels, not {PIXELS}"
            )));
        }
    }
    Digits::from_parts(pixels, labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_digits() -> Digits {
        let mut pixels = vec![0u8; 2 * PIXELS];
        pixels[5] = 255;
        pixels[PIXELS + 700] = 17;
        Digits::from_parts(pixels, vec![3, 9]).unwrap()
    }

    #[test]
    fn a_set_round_trips_through_its_text() {
        let digits = two_digits();
        let text = to_text(&digits);
        assert!(text.starts_with(HEADER));
        assert_eq!(text.lines().count(), 3);
        assert!(text.lines().nth(1).unwrap().starts_with("3,0,0,0,0,0,255,"));
        assert_eq!(from_text(&text).unwrap(), digits);
        // Windows line ends and a trailing blank line read the same.
        assert_eq!(from_text(&text.replace('\n', "\r\n")).unwrap(), digits);
        // A set with no digits is a valid, empty set.
        assert!(from_text(HEADER).unwrap().is_empty());
    }

    #[test]
    fn each_fault_is_named_with_its_line() {
        let text = to_text(&two_digits());
        let error = |text: &str| from_text(text).unwrap_err().to_string();
        assert!(error("").contains("the file is empty"));
        assert!(error("\u{89}PNG\r\n").contains("the first line should be"));
        assert!(error(&text.replacen("\n3,", "\n12,", 1)).contains("line 2: the label \"12\""));
        assert!(error(&text.replacen(",255,", ",256,", 1)).contains("line 2: \"256\" is not"));
        assert!(error(&text.replacen(",17,", ",x,", 1)).contains("line 3: \"x\" is not"));
        let short = text.replacen(",255,", ",", 1);
        assert!(error(&short).contains("line 2 has 783 grey levels, not 784"));
        let long = format!("{text}{},0\n", text.lines().nth(1).unwrap());
        assert!(error(&long).contains("line 4 has 785 grey levels"));
        let line = text.lines().nth(1).unwrap();
        let too_many = format!("{HEADER}\n{}", format!("{line}\n").repeat(MAX_DIGITS + 1));
        assert!(error(&too_many).contains("more than 1000 digits"));
    }
}
