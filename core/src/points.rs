//! Points (x, y) to fit: the Quadratic lab's noisy data, and the ReLU lab's targets.

use crate::data_text::{DataError, read_numbers};
use serde::{Deserialize, Serialize};

/// The most points a learner may paste or add: enough for any table worth reading, few enough
/// that the loss surface still follows a drag.
pub const MAX_POINTS: usize = 1000;
/// Coordinates beyond ±this are refused: their squares swamp every other point's loss.
pub const COORDINATE_LIMIT: f32 = 1000.0;

/// Points (x, y) the model is fitted to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Points {
    pub xs: Vec<f32>,
    pub ys: Vec<f32>,
}

impl Points {
    pub fn len(&self) -> usize {
        self.xs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.xs.is_empty()
    }

    /// Points pasted as text: x,y pairs, one per line (see [`read_numbers`]).
    pub fn from_text(text: &str) -> Result<Self, DataError> {
        let rows = read_numbers(text, &["x", "y"])?;
        if rows.len() > MAX_POINTS {
            return Err(DataError::whole(format!(
                "There are {} points; at most {MAX_POINTS} can be used.",
                rows.len()
            )));
        }
        let mut points = Self {
            xs: Vec::with_capacity(rows.len()),
            ys: Vec::with_capacity(rows.len()),
        };
        for row in rows {
            let [x, y] = row.values[..] else {
                unreachable!("read_numbers gives two values per row")
            };
            check_coordinate("x", x).map_err(|p| DataError::at(row.line, p))?;
            check_coordinate("y", y).map_err(|p| DataError::at(row.line, p))?;
            points.xs.push(x);
            points.ys.push(y);
        }
        Ok(points)
    }

    /// Adds a point at the end; refused past [`MAX_POINTS`] or outside the coordinate limit.
    pub fn push(&mut self, x: f32, y: f32) -> Result<(), String> {
        if self.len() >= MAX_POINTS {
            return Err(format!(
                "There are already {MAX_POINTS} points, the most there can be."
            ));
        }
        check_coordinate("x", x)?;
        check_coordinate("y", y)?;
        self.xs.push(x);
        self.ys.push(y);
        Ok(())
    }

    /// Moves point `index`; refused outside the coordinate limit.
    pub fn set(&mut self, index: usize, x: f32, y: f32) -> Result<(), String> {
        check_coordinate("x", x)?;
        check_coordinate("y", y)?;
        if index >= self.len() {
            return Err(format!("There is no point {}.", index + 1));
        }
        self.xs[index] = x;
        self.ys[index] = y;
        Ok(())
    }

    /// Removes point `index`; the last point stays, since a loss needs at least one.
    pub fn remove(&mut self, index: usize) -> Result<(), String> {
        if self.len() <= 1 {
            return Err("The last point stays: the loss needs at least one.".into());
        }
        if index >= self.len() {
            return Err(format!("There is no point {}.", index + 1));
        }
        self.xs.remove(index);
        self.ys.remove(index);
        Ok(())
    }

    /// The points as text that [`Points::from_text`] reads back.
    pub fn to_text(&self) -> String {
        let mut text = String::from("x,y\n");
        for (x, y) in self.pairs() {
            text.push_str(&format!("{x},{y}\n"));
        }
        text
    }

    /// The points as (x, y) pairs, for tables and scatter plots.
    pub fn pairs(&self) -> impl Iterator<Item = (f32, f32)> + '_ {
        self.xs.iter().copied().zip(self.ys.iter().copied())
    }
}

fn check_coordinate(name: &str, value: f32) -> Result<(), String> {
    match value.is_finite() && value.abs() <= COORDINATE_LIMIT {
        true => Ok(()),
        false => Err(format!(
            "{name} = {value} is out of range: keep x and y within ±{COORDINATE_LIMIT}."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_text_round_trips_and_edits_keep_one_point() {
        let mut points = Points::from_text("x y\n-1 2.5\n0 1\n3 -4\n").unwrap();
        assert_eq!(points.xs, [-1.0, 0.0, 3.0]);
        assert_eq!(points.ys, [2.5, 1.0, -4.0]);
        assert_eq!(Points::from_text(&points.to_text()).unwrap(), points);
        points.set(1, 0.5, 0.25).unwrap();
        points.push(2.0, 2.0).unwrap();
        points.remove(0).unwrap();
        assert_eq!(points.xs, [0.5, 3.0, 2.0]);
        assert!(points.set(0, 2000.0, 0.0).is_err());
        assert!(points.push(f32::NAN, 0.0).is_err());
        points.remove(0).unwrap();
        points.remove(0).unwrap();
        assert!(points.remove(0).is_err(), "the last point stays");
    }

    #[test]
    fn refuses_points_out_of_range_naming_the_line() {
        let error = Points::from_text("1,2\n5000,1").unwrap_err();
        assert_eq!(
            error.to_string(),
            "Line 2: x = 5000 is out of range: keep x and y within ±1000."
        );
        let many: String = (0..=MAX_POINTS)
            .map(|i| format!("{},1\n", i % 100))
            .collect();
        assert!(
            Points::from_text(&many)
                .unwrap_err()
                .problem
                .contains("at most 1000")
        );
    }
}
