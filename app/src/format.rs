//! How numbers are written on the page: never NaN or infinity, compact when large.

/// A value for readouts: 4 decimals for everyday magnitudes, scientific beyond.
pub fn number(value: f32) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    let magnitude = value.abs();
    if magnitude != 0.0 && !(1e-3..1e5).contains(&magnitude) {
        format!("{value:.3e}")
    } else {
        format!("{value:.4}")
    }
}

/// A value for a number box: at most 4 decimals, trailing zeros dropped.
pub fn input(value: f32) -> String {
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

/// A value for a number box that may be tiny (an ε of 1e-7): as Rust writes it, shortest
/// first.
pub fn input_precise(value: f32) -> String {
    if value != 0.0 && value.abs() < 1e-3 {
        format!("{value:e}")
    } else {
        input(value)
    }
}

/// A positive value with three significant digits: learning rates, log axes. Below 1e-4 (the
/// rates steep data need) in scientific notation, as Rust writes it shortest.
pub fn significant(value: f32) -> String {
    if !(value.is_finite() && value > 0.0) {
        return "—".into();
    }
    if value < 1e-4 {
        return format!("{value:e}");
    }
    let decimals = (2.0 - value.log10().floor()).max(0.0) as usize;
    let text = format!("{value:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').into()
    } else {
        text
    }
}

/// An accuracy as the book prints it: four decimals.
pub fn accuracy(value: f32) -> String {
    format!("{value:.4}")
}

/// A count on an axis: whole thousands as "20k" from 10,000 up, so labels stay short.
pub fn count(value: usize) -> String {
    if value >= 10_000 && value.is_multiple_of(1000) {
        format!("{}k", value / 1000)
    } else {
        value.to_string()
    }
}

/// `decimals` digits after the point: "0.4216".
pub fn fixed(value: f32, decimals: usize) -> String {
    format!("{value:.decimals$}")
}

/// A whole number with its thousands grouped: "23,581".
pub fn whole(value: usize) -> String {
    let digits = value.to_string();
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// A wait in whole seconds, or minutes and seconds past a minute: "45 s", "2 min 5 s".
pub fn duration(seconds: f64) -> String {
    let seconds = seconds.max(0.0).round() as u64;
    match seconds {
        0..60 => format!("{seconds} s"),
        _ => format!("{} min {} s", seconds / 60, seconds % 60),
    }
}

/// A share as a percentage with one decimal.
pub fn percent(value: f32) -> String {
    format!("{:.1}%", value * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_readable_and_never_nan() {
        assert_eq!(number(4.21), "4.2100");
        assert_eq!(number(0.0), "0.0000");
        assert_eq!(number(123456.0), "1.235e5");
        assert_eq!(number(f32::NAN), "—");
        assert_eq!(number(f32::INFINITY), "—");
    }

    #[test]
    fn inputs_drop_trailing_zeros() {
        assert_eq!(input(1.5), "1.5");
        assert_eq!(input(-0.00001), "0");
        assert_eq!(input(3.0), "3");
        assert_eq!(input(2.12345), "2.1235");
    }

    #[test]
    fn whole_numbers_group_their_thousands() {
        assert_eq!(whole(0), "0");
        assert_eq!(whole(785), "785");
        assert_eq!(whole(23_581), "23,581");
        assert_eq!(whole(1_046_730), "1,046,730");
    }

    #[test]
    fn counts_in_thousands_from_ten_thousand() {
        assert_eq!(count(0), "0");
        assert_eq!(count(5000), "5000");
        assert_eq!(count(10_000), "10k");
        assert_eq!(count(35_000), "35k");
        assert_eq!(count(12_345), "12345");
    }

    #[test]
    fn durations_in_seconds_then_minutes() {
        assert_eq!(duration(44.6), "45 s");
        assert_eq!(duration(125.0), "2 min 5 s");
        assert_eq!(duration(-3.0), "0 s");
    }

    #[test]
    fn significant_digits_for_rates_and_log_axes() {
        assert_eq!(significant(0.01), "0.01");
        assert_eq!(significant(10.0), "10");
        assert_eq!(significant(0.0001), "0.0001");
        assert_eq!(significant(0.0031622776), "0.00316");
        assert_eq!(significant(0.5), "0.5");
        assert_eq!(significant(1.2589), "1.26");
        assert_eq!(significant(1.3e-12), "1.3e-12");
    }
}
