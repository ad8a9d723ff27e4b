//! A lab's settings as one table, kept in the page's address so a link carries a lab's setup:
//! each setting's key, how the setup writes it, and how a value is read back. Reading and writing
//! both go through the table, so the two cannot drift apart. Reading is forgiving: a value that is
//! malformed or out of range is refused (the setting keeps its default) and named, never an error.

use std::str::FromStr;

/// One setting of a setup `S`: its key in the address, and its value.
pub struct Setting<S> {
    pub key: &'static str,
    pub value: Value<S>,
}

/// What a setting holds, and so how the address and the lab's control treat it.
pub enum Value<S> {
    /// A number: the table says what its control shows (label, range, scale, help), and the
    /// address reads and writes it by the same range.
    Number(Number<S>),
    /// Anything else (a choice, a list, points), written and read as text; the lab draws its
    /// control.
    Text {
        write: fn(&S) -> String,
        /// Reads a value into the setup; `None` when it is malformed or out of range.
        read: fn(&mut S, &str) -> Option<()>,
    },
}

/// A number a learner sets, as its control shows it and the address carries it.
pub struct Number<S> {
    /// What the control is called.
    pub label: &'static str,
    /// What it does, in a sentence.
    pub help: &'static str,
    pub range: (f64, f64),
    /// Whole numbers only.
    pub whole: bool,
    pub scale: Scale,
    pub get: fn(&S) -> f64,
    pub set: fn(&mut S, f64),
}

impl<S> Clone for Number<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for Number<S> {}

/// How a number's control spreads its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Linear,
    /// Each power of ten the same width: learning rates.
    Log,
}

impl<S> Number<S> {
    /// As the address writes it: a whole number, or the shortest text of its `f32`.
    pub fn write(&self, setup: &S) -> String {
        let value = (self.get)(setup);
        match self.whole {
            true => format!("{value:.0}"),
            false => (value as f32).to_string(),
        }
    }

    /// Sets it from the address's text, when that is a number in range.
    pub fn read(&self, setup: &mut S, text: &str) -> Option<()> {
        let (lo, hi) = self.range;
        let value = match self.whole {
            true => number::<i64>(text, (lo as i64, hi as i64))? as f64,
            false => f64::from(number::<f32>(text, (lo as f32, hi as f32))?),
        };
        (self.set)(setup, value);
        Some(())
    }
}

impl<S> Setting<S> {
    /// A setting written and read as text.
    pub const fn text(
        key: &'static str,
        write: fn(&S) -> String,
        read: fn(&mut S, &str) -> Option<()>,
    ) -> Self {
        Self {
            key,
            value: Value::Text { write, read },
        }
    }

    /// A number setting.
    pub const fn number(key: &'static str, number: Number<S>) -> Self {
        Self {
            key,
            value: Value::Number(number),
        }
    }

    /// Its value in `setup`, as the address writes it.
    pub fn write(&self, setup: &S) -> String {
        match &self.value {
            Value::Number(number) => number.write(setup),
            Value::Text { write, .. } => write(setup),
        }
    }

    /// Reads a value into `setup`; `None` when it is malformed or out of range.
    pub fn read(&self, setup: &mut S, text: &str) -> Option<()> {
        match &self.value {
            Value::Number(number) => number.read(setup, text),
            Value::Text { read, .. } => read(setup, text),
        }
    }
}

/// A lab's setup, kept in the address through its table of settings.
pub trait LabSetup: Default + Sized + 'static {
    /// Every setting, in the order the address lists them.
    const SETTINGS: &'static [Setting<Self>];

    /// The address pairs of this setup.
    fn to_pairs(&self) -> Vec<(&'static str, String)> {
        write(Self::SETTINGS, self)
    }

    /// The setup address pairs describe, from the defaults: a setting that is malformed or out of
    /// range keeps its default and is named in the refusals returned. Other keys are ignored.
    fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Self, Vec<String>) {
        setup_from(Self::SETTINGS, pairs)
    }
}

/// `table`'s settings of `setup` as address pairs, in the table's order.
pub fn write<S>(table: &[Setting<S>], setup: &S) -> Vec<(&'static str, String)> {
    table.iter().map(|s| (s.key, s.write(setup))).collect()
}

/// `table`'s settings of `setup` that differ from `default`'s, as address pairs.
pub fn write_changed<S>(
    table: &[Setting<S>],
    setup: &S,
    default: &S,
) -> Vec<(&'static str, String)> {
    table
        .iter()
        .filter_map(|s| {
            let value = s.write(setup);
            (value != s.write(default)).then_some((s.key, value))
        })
        .collect()
}

/// Reads the pairs whose keys are `table`'s onto `setup`, leaving other keys to their owners.
/// Returns each refused pair, as [`shown`] writes it.
pub fn read<'a, S>(
    table: &[Setting<S>],
    setup: &mut S,
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<String> {
    let mut refused = Vec::new();
    for (key, value) in pairs {
        if let Some(setting) = table.iter().find(|s| s.key == key)
            && setting.read(setup, value).is_none()
        {
            refused.push(shown(key, value));
        }
    }
    refused
}

/// The setup `pairs` describe, from `S`'s defaults: a setting that is malformed or out of range
/// keeps its default and is named in the refusals returned; keys not in `table` are ignored.
pub fn setup_from<'a, S: Default>(
    table: &[Setting<S>],
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> (S, Vec<String>) {
    let mut setup = S::default();
    let refused = read(table, &mut setup, pairs);
    (setup, refused)
}

/// `key=value` for a notice, the value cut short: an address can carry kilobytes.
pub fn shown(key: &str, value: &str) -> String {
    format!("{key}={}", cut(value))
}

/// `text` for a notice: cut short after 24 characters, since a file or an address can carry
/// kilobytes where a learner expects a word.
pub fn cut(text: &str) -> String {
    const LONGEST: usize = 24;
    match text.char_indices().nth(LONGEST) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// A range's end for a sentence, as its `f32` is written (`0.0001`, not `9.99…e-5`).
pub fn shown_number(value: f64) -> String {
    (value as f32).to_string()
}

/// A number within `lo..=hi` (so never NaN, and infinite only if the range is).
pub fn number<T: FromStr + PartialOrd>(value: &str, (lo, hi): (T, T)) -> Option<T> {
    value.parse().ok().filter(|v| *v >= lo && *v <= hi)
}

/// The item of `all` whose key is `value`.
pub fn find<T: Copy>(all: &[T], key: fn(T) -> &'static str, value: &str) -> Option<T> {
    all.iter().copied().find(|&item| key(item) == value)
}

/// A comma-separated list, each item read by `item`; empty text is the empty list.
pub fn list<T>(value: &str, item: impl Fn(&str) -> Option<T>) -> Option<Vec<T>> {
    if value.is_empty() {
        return Some(Vec::new());
    }
    value.split(',').map(item).collect()
}

/// Items as a comma-separated list.
pub fn join<T>(items: &[T], show: impl Fn(&T) -> String) -> String {
    items.iter().map(show).collect::<Vec<_>>().join(",")
}

/// Checks what a lab's table promises of its numbers: the default lies in its range and reads
/// back as written; both ends of the range are taken; just past either end, and a fraction where
/// a whole number goes, are refused.
#[cfg(test)]
fn assert_numbers_keep_their_ranges<S: Default>(table: &[Setting<S>]) {
    let default = S::default();
    for setting in table {
        let Value::Number(number) = &setting.value else {
            continue;
        };
        let key = setting.key;
        let (lo, hi) = number.range;
        let value = (number.get)(&default);
        assert!(
            lo < hi && (lo..=hi).contains(&value),
            "{key}: default {value} out of range"
        );
        let mut setup = S::default();
        let written = number.write(&default);
        assert_eq!(
            number.read(&mut setup, &written),
            Some(()),
            "{key}={written}"
        );
        assert_eq!(number.write(&setup), written, "{key}");
        assert!(
            !number.label.is_empty() && number.help.ends_with('.'),
            "{key}: label and help"
        );
        let step = if number.whole { 1.0 } else { (hi - lo) * 1e-3 };
        let text = |v: f64| match number.whole {
            true => format!("{v:.0}"),
            false => format!("{}", v as f32),
        };
        for (v, taken) in [
            (lo, true),
            (hi, true),
            (lo - step, false),
            (hi + step, false),
        ] {
            let read = number.read(&mut S::default(), &text(v)).is_some();
            assert_eq!(read, taken, "{key}={}", text(v));
        }
        if number.whole {
            assert!(
                number
                    .read(&mut S::default(), &format!("{}.5", lo as i64))
                    .is_none()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_outside_their_range_or_not_numbers_are_refused() {
        let range = (0.0f32, 10.0);
        assert_eq!(number("2.5", range), Some(2.5));
        for bad in [
            "",
            "NaN",
            "inf",
            "1e309",
            "-0.1",
            "10.01",
            "١٢",
            "<b>1</b>",
            "javascript:1",
        ] {
            assert_eq!(number::<f32>(bad, range), None, "{bad}");
        }
        assert_eq!(number("7", (0u64, 9)), Some(7));
        assert_eq!(number::<u64>("-1", (0, 9)), None);
    }

    #[test]
    fn a_number_setting_writes_what_it_reads_and_refuses_what_its_control_would() {
        #[derive(Default)]
        struct Setup {
            epochs: usize,
            rate: f32,
        }
        let epochs = Number::<Setup> {
            label: "epochs",
            help: "",
            range: (1.0, 100.0),
            whole: true,
            scale: Scale::Linear,
            get: |s| s.epochs as f64,
            set: |s, v| s.epochs = v as usize,
        };
        let rate = Number::<Setup> {
            whole: false,
            range: (1e-5, 10.0),
            get: |s| f64::from(s.rate),
            set: |s, v| s.rate = v as f32,
            ..epochs
        };
        let mut setup = Setup::default();
        assert_eq!(epochs.read(&mut setup, "12"), Some(()));
        assert_eq!(rate.read(&mut setup, "0.1"), Some(()));
        assert_eq!((setup.epochs, setup.rate), (12, 0.1));
        assert_eq!(
            (epochs.write(&setup), rate.write(&setup)),
            ("12".into(), "0.1".into())
        );
        // The range's ends are in it; past them, or a fraction where a whole number goes, not.
        for (number, text, taken) in [
            (&epochs, "100", true),
            (&epochs, "101", false),
            (&epochs, "0", false),
            (&epochs, "2.5", false),
            (&epochs, "1e1", false),
            (&rate, "0.00001", true),
            (&rate, "10.5", false),
            (&rate, "NaN", false),
        ] {
            assert_eq!(number.read(&mut setup, text).is_some(), taken, "{text}");
        }
    }

    #[test]
    fn every_labs_numbers_keep_their_ranges() {
        use crate::{digits, playground, quadratic, relu, titanic};
        assert_numbers_keep_their_ranges(quadratic::QuadraticSetup::SETTINGS);
        assert_numbers_keep_their_ranges(digits::setup::DigitsSetup::SETTINGS);
        assert_numbers_keep_their_ranges(relu::ReluSetup::SETTINGS);
        assert_numbers_keep_their_ranges(titanic::TitanicSetup::SETTINGS);
        assert_numbers_keep_their_ranges(&playground::setup::SETTINGS);
    }

    #[test]
    fn shown_values_are_cut_short() {
        assert_eq!(shown("lr", "0.1"), "lr=0.1");
        let long = "9".repeat(10_000);
        assert_eq!(shown("lr", &long), format!("lr={}…", "9".repeat(24)));
        // Cut at a character, not inside one.
        assert_eq!(
            shown("k", &"é".repeat(30)),
            format!("k={}…", "é".repeat(24))
        );
    }
}
