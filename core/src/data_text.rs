//! Numbers the learner pastes or uploads: CSV or whitespace-separated columns, read into rows
//! with a message that names the line and the problem when something is wrong.

use std::fmt;

/// More rows than this are refused: the labs stay responsive, and a table this long is rarely
/// what the learner meant to paste.
pub const MAX_ROWS: usize = 10_000;

/// Why a text could not be read; `line` counts from 1, as an editor does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    pub line: Option<usize>,
    pub problem: String,
}

impl DataError {
    pub fn at(line: usize, problem: impl Into<String>) -> Self {
        Self {
            line: Some(line),
            problem: problem.into(),
        }
    }

    pub fn whole(problem: impl Into<String>) -> Self {
        Self {
            line: None,
            problem: problem.into(),
        }
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "Line {line}: {}", self.problem),
            None => f.write_str(&self.problem),
        }
    }
}

impl std::error::Error for DataError {}

/// A number as a message writes it: up to four significant digits, and in scientific notation
/// (`1e30`, `6e-30`, `1.235e-7`) when it is very large or very small, so a message never prints
/// thirty digits or rounds a small factor to 0.0000.
pub fn readable(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let magnitude = value.abs();
    if magnitude == 0.0 {
        return "0".into();
    }
    if (1e-3..1e5).contains(&magnitude) {
        let decimals = (3 - magnitude.log10().floor() as i32).max(0) as usize;
        let fixed = format!("{value:.decimals$}");
        match fixed.contains('.') {
            true => fixed
                .trim_end_matches('0')
                .trim_end_matches('.')
                .to_string(),
            false => fixed,
        }
    } else {
        let scientific = format!("{value:.3e}");
        let (mantissa, exponent) = scientific.split_once('e').expect("{:e} writes an e");
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        format!("{mantissa}e{exponent}")
    }
}

/// One row of numbers, with the line it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: usize,
    pub values: Vec<f32>,
}

/// Rows of `columns.len()` finite numbers each. Fields are separated by commas, semicolons, tabs
/// or spaces; blank lines and lines starting with `#` are skipped; a first line that holds no
/// number at all is a header, and must have as many names as there are columns.
pub fn read_numbers(text: &str, columns: &[&str]) -> Result<Vec<Row>, DataError> {
    let expected = columns.join(", ");
    let mut rows = Vec::new();
    let mut first = true;
    let mut beyond = 0;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line
            .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
            .filter(|field| !field.is_empty())
            .collect();
        let header = first && fields.iter().all(|f| f.parse::<f32>().is_err());
        first = false;
        if fields.len() != columns.len() {
            let what = if header { "names" } else { "numbers" };
            return Err(DataError::at(
                number,
                format!(
                    "expected {} {what} ({expected}), found {}.",
                    columns.len(),
                    fields.len()
                ),
            ));
        }
        if header {
            continue;
        }
        if rows.len() == MAX_ROWS {
            // Counted, not read: the data is refused anyway, and the message says how much.
            beyond += 1;
            continue;
        }
        let values = fields
            .iter()
            .zip(columns)
            .map(|(field, column)| read_number(field, column).map_err(|p| DataError::at(number, p)))
            .collect::<Result<_, _>>()?;
        rows.push(Row {
            line: number,
            values,
        });
    }
    if rows.is_empty() {
        return Err(DataError::whole(format!(
            "There is no data: expected rows of {expected}."
        )));
    }
    if beyond > 0 {
        return Err(DataError::whole(format!(
            "The data has {} rows; at most {MAX_ROWS} can be used. Take a sample of it first.",
            MAX_ROWS + beyond
        )));
    }
    Ok(rows)
}

fn read_number(field: &str, column: &str) -> Result<f32, String> {
    match field.parse::<f32>() {
        Ok(value) if value.is_finite() => Ok(value),
        Ok(_) => Err(format!("{column} is {field}, not a finite number.")),
        Err(_) => Err(format!("{column} is “{field}”, which is not a number.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_messages_stay_short() {
        for (value, text) in [
            (1e30, "1e30"),
            (6e-30, "6e-30"),
            (-1.25e-7, "-1.25e-7"),
            (1000.0, "1000"),
            (12.3456, "12.35"),
            (0.25, "0.25"),
            (0.0012, "0.0012"),
            (99_999.0, "99999"),
            (123_456.0, "1.235e5"),
            (0.0, "0"),
        ] {
            assert_eq!(readable(value), text, "{value}");
        }
    }

    fn values(text: &str) -> Vec<Vec<f32>> {
        read_numbers(text, &["x", "y"])
            .unwrap()
            .into_iter()
            .map(|r| r.values)
            .collect()
    }

    #[test]
    fn reads_csv_whitespace_and_a_header() {
        assert_eq!(values("x,y\n1,2\n-3.5, 4e1\n"), [[1.0, 2.0], [-3.5, 40.0]]);
        assert_eq!(values("1 2\n\n# a comment\n3\t4"), [[1.0, 2.0], [3.0, 4.0]]);
        assert_eq!(values("1;2"), [[1.0, 2.0]]);
    }

    #[test]
    fn names_the_line_and_the_problem() {
        let error = |text| read_numbers(text, &["x", "y"]).unwrap_err().to_string();
        assert_eq!(
            error("x,y\n1,2\n3,4,5"),
            "Line 3: expected 2 numbers (x, y), found 3."
        );
        assert_eq!(
            error("1,2\n3,abc"),
            "Line 2: y is “abc”, which is not a number."
        );
        assert_eq!(
            error("1,2\nNaN,1"),
            "Line 2: x is NaN, not a finite number."
        );
        assert_eq!(
            error("a,b,c\n1,2"),
            "Line 1: expected 2 names (x, y), found 3."
        );
        assert_eq!(error(""), "There is no data: expected rows of x, y.");
        assert_eq!(error("x,y\n"), "There is no data: expected rows of x, y.");
    }

    #[test]
    fn refuses_more_than_the_row_limit_and_counts_them() {
        let text: String = (0..MAX_ROWS + 5).map(|i| format!("{i},1\n")).collect();
        let error = read_numbers(&text, &["x", "y"]).unwrap_err();
        assert_eq!(error.line, None);
        assert!(
            error.problem.starts_with("The data has 10005 rows"),
            "{error}"
        );
        let text: String = (0..MAX_ROWS).map(|i| format!("{i},1\n")).collect();
        assert_eq!(read_numbers(&text, &["x", "y"]).unwrap().len(), MAX_ROWS);
    }
}
