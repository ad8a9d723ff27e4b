//! A lab's settings as a file a learner keeps: JSON that names its lab and holds each setting of
//! the lab's table (`crate::settings`) under its key, numbers as JSON numbers and the rest as text.
//! Reading is strict, unlike a link's: a file is opened on purpose, so any key the lab does not
//! have, value of the wrong type or out of range refuses the whole file, each problem named, and
//! the lab keeps what it has.

use crate::settings::{Setting, Value, cut, shown_number};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Number as JsonNumber, Value as Json};

/// What a settings file says it is.
const KIND: &str = "descent-settings";
const VERSION: u64 = 1;
/// A settings file is a few kilobytes (own points can make it a few hundred); anything past this
/// is not one, and is refused before it is read.
pub const LARGEST: usize = 1 << 20;

/// One setting as a file holds it. The work is in two halves, so the page needs no JSON: the lab's
/// table turns a setup into entries and entries into a setup ([`entries`], [`setup_of`]), and the
/// files worker turns entries into a file's text and back ([`write`], [`parse`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Entry {
    /// A number, with its text as the file has it (what a refusal quotes).
    Number {
        value: f64,
        text: String,
    },
    Text(String),
    /// Any other JSON value, as what it is in words ("a list").
    Other(String),
}

/// `setup`'s settings, through the lab's `table`.
pub fn entries<S>(table: &[Setting<S>], setup: &S) -> Vec<(String, Entry)> {
    table
        .iter()
        .map(|setting| {
            let entry = match &setting.value {
                Value::Number(number) => {
                    let value = (number.get)(setup);
                    let text = match number.whole {
                        true => (value as i64).to_string(),
                        // The value as the address writes it (the shortest text of its f32), so
                        // the file holds 0.01, not 0.009999999776482582.
                        false => number.write(setup),
                    };
                    Entry::Number { value, text }
                }
                Value::Text { write, .. } => Entry::Text(write(setup)),
            };
            (setting.key.to_string(), entry)
        })
        .collect()
}

/// A settings file of lab `lab` (its key, as in `?lab=`) holding `entries`, numbers as JSON
/// numbers.
pub fn write(lab: &str, entries: &[(String, Entry)]) -> String {
    let settings: Map<String, Json> = entries
        .iter()
        .map(|(key, entry)| {
            let value = match entry {
                Entry::Number { text, .. } => {
                    text.parse::<JsonNumber>().map_or(Json::Null, Json::Number)
                }
                Entry::Text(text) => Json::String(text.clone()),
                Entry::Other(_) => Json::Null,
            };
            (key.clone(), value)
        })
        .collect();
    let file = serde_json::json!({
        "kind": KIND,
        "version": VERSION,
        "lab": lab,
        "settings": settings,
    });
    serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
}

/// The entries of a settings file of lab `lab`, in the order of their keys. `Err` names every
/// problem with the file itself, one per item.
pub fn parse(lab: &str, text: &str) -> Result<Vec<(String, Entry)>, Vec<String>> {
    if text.len() > LARGEST {
        return Err(vec![too_large(text.len())]);
    }
    let json: Json = serde_json::from_str(text).map_err(|error| {
        vec![format!(
            "This is not a settings file: it is not JSON ({error})."
        )]
    })?;
    let Some(file) = json.as_object() else {
        return Err(vec![
            "This is not a settings file: it is JSON, but not an object.".into(),
        ]);
    };
    if file.get("kind").and_then(Json::as_str) != Some(KIND) {
        return Err(vec![format!(
            "This is not a settings file: it has no \"kind\": \"{KIND}\"."
        )]);
    }
    match file.get("version").and_then(Json::as_u64) {
        Some(VERSION) => {}
        _ => {
            return Err(vec![format!(
                "This settings file is of a version this page does not read (it reads version {VERSION})."
            )]);
        }
    }
    match file.get("lab").and_then(Json::as_str) {
        Some(its) if its == lab => {}
        Some(other) => {
            return Err(vec![format!(
                "These are the settings of another lab (\"{}\"), not of this one (\"{lab}\").",
                cut(other)
            )]);
        }
        None => {
            return Err(vec![
                "This settings file does not say which lab it is for.".into(),
            ]);
        }
    }
    let Some(settings) = file.get("settings").and_then(Json::as_object) else {
        return Err(vec![
            "This settings file has no \"settings\" object.".into(),
        ]);
    };
    Ok(settings
        .iter()
        .map(|(key, value)| {
            let entry = match value {
                Json::Number(n) => Entry::Number {
                    value: n.as_f64().unwrap_or(f64::NAN),
                    text: n.to_string(),
                },
                Json::String(text) => Entry::Text(text.clone()),
                other => Entry::Other(kind(other).into()),
            };
            (key.clone(), entry)
        })
        .collect())
}

/// The setup a file's `entries` describe, from the lab's defaults (a setting the file leaves out
/// keeps its default). `Err` names every problem, one per item; then nothing is taken.
pub fn setup_of<S: Default>(
    table: &[Setting<S>],
    entries: &[(String, Entry)],
) -> Result<S, Vec<String>> {
    let mut setup = S::default();
    let problems: Vec<String> = entries
        .iter()
        .filter_map(|(key, entry)| take(table, &mut setup, key, entry).err())
        .collect();
    match problems.is_empty() {
        true => Ok(setup),
        false => Err(problems),
    }
}

/// The refusal of a file of `bytes` bytes, before it is read.
pub fn too_large(bytes: usize) -> String {
    format!(
        "This file is {}; a settings file is at most {}, so it was not read.",
        size(bytes),
        size(LARGEST)
    )
}

/// Reads one setting of the file into `setup`, or says why not.
fn take<S>(table: &[Setting<S>], setup: &mut S, key: &str, entry: &Entry) -> Result<(), String> {
    let Some(setting) = table.iter().find(|s| s.key == key) else {
        return Err(format!("\"{}\": this lab has no such setting.", cut(key)));
    };
    match (&setting.value, entry) {
        (Value::Number(number), Entry::Number { value: v, text: n }) => {
            let (lo, hi) = number.range;
            let whole = number.whole;
            let v = *v;
            if !v.is_finite() {
                return Err(format!("\"{key}\": {n} is not a number it can hold."));
            }
            if whole && v.fract() != 0.0 {
                return Err(format!("\"{key}\": {n} is not a whole number."));
            }
            if !(lo..=hi).contains(&v) {
                return Err(format!(
                    "\"{key}\": {n} is out of range ({} to {}).",
                    shown_number(lo),
                    shown_number(hi)
                ));
            }
            (number.set)(setup, v);
            Ok(())
        }
        (Value::Number(_), other) => Err(format!(
            "\"{key}\": a number is wanted, not {}.",
            in_words(other)
        )),
        (Value::Text { .. }, Entry::Text(text)) => setting
            .read(setup, text)
            .ok_or_else(|| format!("\"{key}\": \"{}\" is not a value it takes.", cut(text))),
        (Value::Text { .. }, other) => Err(format!(
            "\"{key}\": text is wanted, not {}.",
            in_words(other)
        )),
    }
}

/// What an entry is, in words.
fn in_words(entry: &Entry) -> &str {
    match entry {
        Entry::Number { .. } => "a number",
        Entry::Text(_) => "text",
        Entry::Other(what) => what,
    }
}

/// What a JSON value is, in words.
fn kind(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "true or false",
        Json::Number(_) => "a number",
        Json::String(_) => "text",
        Json::Array(_) => "a list",
        Json::Object(_) => "an object",
    }
}

/// Bytes in words: "1 GB", "50 MB", "812 bytes".
pub fn size(bytes: usize) -> String {
    const GB: usize = 1 << 30;
    const MB: usize = 1 << 20;
    const KB: usize = 1 << 10;
    match bytes {
        b if b >= GB => format!("{:.0} GB", b as f64 / GB as f64),
        b if b >= MB => format!("{:.0} MB", b as f64 / MB as f64),
        b if b >= KB => format!("{:.0} kB", b as f64 / KB as f64),
        b => format!("{b} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quadratic::{LossKind, QuadraticSetup};
    use crate::settings::LabSetup;
    use crate::{digits, playground, relu, titanic};

    fn write<S>(lab: &str, table: &[Setting<S>], setup: &S) -> String {
        super::write(lab, &entries(table, setup))
    }

    fn read<S: Default>(lab: &str, table: &[Setting<S>], text: &str) -> Result<S, Vec<String>> {
        parse(lab, text).and_then(|entries| setup_of(table, &entries))
    }

    fn round_trips<S: Default + PartialEq + std::fmt::Debug>(
        lab: &str,
        table: &[Setting<S>],
        setup: S,
    ) {
        let text = write(lab, table, &setup);
        assert_eq!(read(lab, table, &text), Ok(setup), "{text}");
    }

    #[test]
    fn every_labs_setup_round_trips_through_a_file() {
        let mut quadratic = QuadraticSetup {
            learning_rate: 0.03,
            loss: LossKind::Mae,
            ..QuadraticSetup::default()
        };
        quadratic.coefficients.a = -2.25;
        round_trips("quadratic", QuadraticSetup::SETTINGS, quadratic);
        round_trips(
            "relu",
            relu::ReluSetup::SETTINGS,
            relu::ReluSetup::default(),
        );
        let digits = digits::DigitsSetup::default();
        round_trips("digits", digits::DigitsSetup::SETTINGS, digits);
        let playground = playground::setup::xor_preset(vec![4, 2]);
        round_trips("playground", &playground::setup::SETTINGS, playground);
        let titanic = titanic::TitanicSetup::default();
        round_trips("titanic", titanic::TitanicSetup::SETTINGS, titanic);
        // Numbers are JSON numbers, written as the address writes them.
        let text = write(
            "quadratic",
            QuadraticSetup::SETTINGS,
            &QuadraticSetup::default(),
        );
        let json: Json = serde_json::from_str(&text).unwrap();
        assert_eq!(json["settings"]["q_lr"], serde_json::json!(0.01));
        assert_eq!(json["settings"]["q_loss"], serde_json::json!("mse"));
    }

    fn refusals(text: &str) -> Vec<String> {
        read("quadratic", QuadraticSetup::SETTINGS, text).unwrap_err()
    }

    fn file(settings: &str) -> String {
        format!(
            r#"{{"kind": "descent-settings", "version": 1, "lab": "quadratic", "settings": {settings}}}"#
        )
    }

    #[test]
    fn a_file_missing_a_setting_keeps_its_default() {
        let text = file(r#"{"q_lr": 0.5}"#);
        let setup = read("quadratic", QuadraticSetup::SETTINGS, &text).unwrap();
        assert_eq!(setup.learning_rate, 0.5);
        assert_eq!(setup.coefficients, QuadraticSetup::default().coefficients);
    }

    #[test]
    fn bad_files_are_refused_with_every_problem_named() {
        assert_eq!(
            refusals(&file(
                r#"{"q_lr": 50, "q_loss": 3, "zz": 1, "q_race_steps": 2.5}"#
            )),
            vec![
                "\"q_loss\": text is wanted, not a number.",
                "\"q_lr\": 50 is out of range (0.0001 to 10).",
                "\"q_race_steps\": 2.5 is not a whole number.",
                "\"zz\": this lab has no such setting.",
            ]
        );
        assert_eq!(
            refusals(&file(r#"{"q_lr": "fast", "q_loss": "hinge"}"#)),
            vec![
                "\"q_loss\": \"hinge\" is not a value it takes.",
                "\"q_lr\": a number is wanted, not text.",
            ]
        );
        assert!(
            refusals("{not json")[0].starts_with("This is not a settings file: it is not JSON")
        );
        assert!(refusals("[1, 2]")[0].contains("not an object"));
        assert!(refusals(r#"{"settings": {}}"#)[0].contains("\"kind\""));
        let relu = write(
            "relu",
            relu::ReluSetup::SETTINGS,
            &relu::ReluSetup::default(),
        );
        assert_eq!(
            refusals(&relu),
            vec![
                "These are the settings of another lab (\"relu\"), not of this one (\"quadratic\")."
            ]
        );
        let huge = " ".repeat(3 * LARGEST);
        assert_eq!(
            refusals(&huge),
            vec!["This file is 3 MB; a settings file is at most 1 MB, so it was not read."]
        );
        let long_key = format!("{{\"{}\": 1}}", "k".repeat(10_000));
        assert_eq!(
            refusals(&file(&long_key)),
            vec![format!(
                "\"{}…\": this lab has no such setting.",
                "k".repeat(24)
            )]
        );
        assert_eq!(size(50 << 20), "50 MB");
    }
}
