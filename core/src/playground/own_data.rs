//! The learner's own playground data: drawn on the plane or uploaded as a CSV of x1, x2, label.
//! Small sets also travel in the address, so a link shares them.

use super::datasets::{Dataset, EXTENT};
use crate::data_text::{DataError, MAX_ROWS, read_numbers, readable};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

/// The columns an upload must have, in order.
pub const COLUMNS: [&str; 3] = ["x1", "x2", "label"];
/// Data whose address form is longer than this stays out of the address (a link that long is
/// cut short by some chat and mail programs).
pub const ADDRESS_LIMIT: usize = 2000;
/// After scaling, a point this close to the origin (in plane units, on either axis) cannot be
/// told from it on the map: about a tenth of a pixel of the 600-pixel-wide ±6 plane.
const INDISTINCT: f32 = EXTENT / 3000.0;

/// Points with a class (0 or 1) or a value in [-1, 1] each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwnData {
    pub points: Vec<[f32; 2]>,
    pub targets: Vec<f32>,
    /// Values to regress, not classes.
    pub regression: bool,
}

/// Uploaded data, with what was changed to make it fit the playground.
#[derive(Debug, Clone, PartialEq)]
pub struct Upload {
    pub data: OwnData,
    pub notices: Vec<String>,
}

impl OwnData {
    /// No points yet: two classes to draw.
    pub fn empty() -> Self {
        Self {
            points: Vec::new(),
            targets: Vec::new(),
            regression: false,
        }
    }

    /// A generated dataset as the learner's own, to draw on.
    pub fn from_dataset(data: &Dataset, regression: bool) -> Self {
        Self {
            points: data.points.clone(),
            targets: data.targets.clone(),
            regression,
        }
    }

    pub fn len(&self) -> usize {
        self.points.len()
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// Reads a CSV (or whitespace-separated) file of x1, x2, label. Labels that are all 0 or 1
    /// (or −1 and 1, as TensorFlow Playground writes them) are classes; anything else is a value
    /// to regress, scaled into [-1, 1] if it goes beyond. Points beyond the plane's ±6 are scaled
    /// into it. Each change is said in the notices.
    pub fn from_csv(text: &str) -> Result<Upload, DataError> {
        let rows = read_numbers(text, &COLUMNS)?;
        if rows.len() < 2 {
            return Err(DataError::whole(
                "There is only one point: the playground needs two or more, to train on some and test on the rest.",
            ));
        }
        let mut points: Vec<[f32; 2]> = rows.iter().map(|r| [r.values[0], r.values[1]]).collect();
        let mut targets: Vec<f32> = rows.iter().map(|r| r.values[2]).collect();
        let mut notices = Vec::new();
        let is = |wanted: &[f32]| targets.iter().all(|t| wanted.contains(t));
        let regression = if is(&[0.0, 1.0]) {
            false
        } else if is(&[-1.0, 1.0]) {
            targets.iter_mut().for_each(|t| *t = f32::from(*t > 0.0));
            notices.push("Labels −1 and 1 are read as the classes 0 and 1.".into());
            false
        } else {
            let largest = targets.iter().fold(0.0f32, |m, t| m.max(t.abs()));
            if largest > 1.0 {
                targets.iter_mut().for_each(|t| *t /= largest);
                notices.push(format!(
                    "The labels are values, so the playground regresses them; they were divided by {} to lie in [−1, 1].",
                    readable(largest.into())
                ));
            }
            true
        };
        let farthest = points
            .iter()
            .fold(0.0f32, |m, p| m.max(p[0].abs()).max(p[1].abs()));
        if farthest > EXTENT {
            let scale = EXTENT / farthest;
            let was_apart = |p: &[f32; 2]| p[0] != 0.0 || p[1] != 0.0;
            let squeezed = points
                .iter()
                .filter(|p| {
                    was_apart(p) && (p[0] * scale).abs().max((p[1] * scale).abs()) < INDISTINCT
                })
                .count();
            points
                .iter_mut()
                .for_each(|p| *p = [p[0] * scale, p[1] * scale]);
            notices.push(format!(
                "The points reach {}, so they were scaled by {} to fit the plane's ±{EXTENT}.",
                readable(farthest.into()),
                readable(scale.into())
            ));
            if squeezed > 0 {
                notices.push(format!(
                    "That squeezed {squeezed} of the {} points to within {} of the origin, where they cannot be told apart: remove the far points, or scale each column of the file yourself.",
                    points.len(),
                    readable(INDISTINCT.into())
                ));
            }
        }
        Ok(Upload {
            data: Self {
                points,
                targets,
                regression,
            },
            notices,
        })
    }

    /// The data as a CSV file that [`OwnData::from_csv`] reads back.
    pub fn to_csv(&self) -> String {
        let mut text = COLUMNS.join(",");
        text.push('\n');
        for (p, t) in self.points.iter().zip(&self.targets) {
            text.push_str(&format!("{},{},{}\n", p[0], p[1], t));
        }
        text
    }

    /// A short form for the address: `c` (classes) or `r` (values), then each point as
    /// `x1_x2_label` to two decimals, joined by `*`. These characters pass through an address
    /// unescaped. `None` when that is longer than [`ADDRESS_LIMIT`].
    pub fn to_key(&self) -> Option<String> {
        let mut key = String::from(if self.regression { "r" } else { "c" });
        for (i, (p, t)) in self.points.iter().zip(&self.targets).enumerate() {
            if i > 0 {
                key.push('*');
            }
            key.push_str(&format!("{}_{}_{}", short(p[0]), short(p[1]), short(*t)));
            if key.len() > ADDRESS_LIMIT {
                return None;
            }
        }
        Some(key)
    }

    /// Reads [`OwnData::to_key`]'s form; `None` if it is malformed or out of range. At most
    /// [`MAX_ROWS`] points are read, as from a file: the count of the points beyond them comes
    /// back too, so the page can say they were left out.
    pub fn from_key(key: &str) -> Option<(Self, usize)> {
        let (kind, rest) = key.split_at_checked(1)?;
        let regression = match kind {
            "c" => false,
            "r" => true,
            _ => return None,
        };
        let mut data = Self {
            points: Vec::new(),
            targets: Vec::new(),
            regression,
        };
        let mut points = rest.split('*').filter(|p| !p.is_empty());
        for point in points.by_ref().take(MAX_ROWS) {
            let values: Vec<f32> = point
                .split('_')
                .map(|v| v.parse().ok().filter(|v: &f32| v.is_finite()))
                .collect::<Option<_>>()?;
            let [x1, x2, label] = values[..] else {
                return None;
            };
            let label_ok = match regression {
                true => label.abs() <= 1.0,
                false => label == 0.0 || label == 1.0,
            };
            if !label_ok || x1.abs() > EXTENT || x2.abs() > EXTENT {
                return None;
            }
            data.points.push([x1, x2]);
            data.targets.push(label);
        }
        Some((data, points.count()))
    }

    /// The points shuffled by `seed`, the first `train_ratio` of them to train on; at least one
    /// on each side when there are two or more.
    pub fn dataset(&self, train_ratio: f32, seed: u64) -> Dataset {
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
        let n = self.len();
        let train = ((n as f32 * train_ratio.clamp(0.1, 0.9)).round() as usize)
            .clamp(1.min(n), n.saturating_sub(1).max(1.min(n)));
        Dataset {
            points: order.iter().map(|&i| self.points[i]).collect(),
            targets: order.iter().map(|&i| self.targets[i]).collect(),
            train,
        }
    }

    /// Adds a point of class `class` (drawing).
    pub fn add(&mut self, point: [f32; 2], class: bool) {
        self.points.push(point.map(|v| v.clamp(-EXTENT, EXTENT)));
        self.targets.push(f32::from(class));
    }

    /// Removes every point within `radius` of `at` (the drawing eraser); how many went.
    pub fn erase_near(&mut self, at: [f32; 2], radius: f32) -> usize {
        let before = self.len();
        let keep: Vec<bool> = self
            .points
            .iter()
            .map(|p| (p[0] - at[0]).hypot(p[1] - at[1]) > radius)
            .collect();
        let mut flags = keep.iter();
        self.points
            .retain(|_| *flags.next().expect("one flag per point"));
        let mut flags = keep.iter();
        self.targets
            .retain(|_| *flags.next().expect("one flag per target"));
        before - self.len()
    }
}

/// A number to two decimals without trailing zeros: `1.5`, `-3`, `0.25`.
fn short(value: f32) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    match text {
        "-0" => "0".into(),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_classes_values_and_scales_what_does_not_fit() {
        let upload = OwnData::from_csv("x1,x2,label\n1,2,0\n-3,4,1\n").unwrap();
        assert_eq!(upload.data.points, [[1.0, 2.0], [-3.0, 4.0]]);
        assert_eq!(upload.data.targets, [0.0, 1.0]);
        assert!(!upload.data.regression && upload.notices.is_empty());

        let upload = OwnData::from_csv("1 2 -1\n3 4 1\n").unwrap();
        assert_eq!(upload.data.targets, [0.0, 1.0]);
        assert_eq!(upload.notices.len(), 1);

        let upload = OwnData::from_csv("12,0,4\n-3,3,-2\n").unwrap();
        assert!(upload.data.regression);
        assert_eq!(upload.data.targets, [1.0, -0.5]);
        assert_eq!(upload.data.points, [[6.0, 0.0], [-1.5, 1.5]]);
        assert_eq!(upload.notices.len(), 2);
    }

    #[test]
    fn bad_files_name_their_line() {
        let error = |text| OwnData::from_csv(text).unwrap_err().to_string();
        assert_eq!(
            error("x1,x2,label\n1,2,0\n1,2\n"),
            "Line 3: expected 3 numbers (x1, x2, label), found 2."
        );
        assert_eq!(
            error("1,2,0\n1,two,1\n"),
            "Line 2: x2 is “two”, which is not a number."
        );
        assert!(error("1,2,0").contains("only one point"));
        assert!(error("").contains("no data"));
    }

    #[test]
    fn the_address_form_round_trips_small_data_only() {
        let mut data = OwnData::empty();
        data.add([1.25, -3.0], true);
        data.add([0.333, 5.5], false);
        let key = data.to_key().unwrap();
        assert_eq!(key, "c1.25_-3_1*0.33_5.5_0");
        let (back, beyond) = OwnData::from_key(&key).unwrap();
        assert_eq!(beyond, 0);
        assert_eq!(back.points, [[1.25, -3.0], [0.33, 5.5]]);
        assert_eq!(back.targets, data.targets);
        assert_eq!(OwnData::from_key("c1_2"), None);
        assert_eq!(OwnData::from_key("c1_2_7"), None);
        assert_eq!(OwnData::from_key("x1_2_1"), None);
        for i in 0..400 {
            data.add([i as f32 / 100.0, -5.55], i % 2 == 0);
        }
        assert_eq!(data.to_key(), None, "too long for an address");
        let csv = OwnData::from_csv(&data.to_csv()).unwrap().data;
        assert_eq!(csv, data);
    }

    #[test]
    fn a_key_with_more_points_than_a_file_may_hold_keeps_the_first_ones() {
        let points: Vec<String> = (0..MAX_ROWS + 4527)
            .map(|i| format!("{}_0_{}", (i % 10) as f32 * 0.5, i % 2))
            .collect();
        let key = format!("c{}", points.join("*"));
        let (data, beyond) = OwnData::from_key(&key).unwrap();
        assert_eq!((data.len(), beyond), (MAX_ROWS, 4527));
        assert_eq!(data.points[3], [1.5, 0.0]);
        assert_eq!(data.targets[3], 1.0);
    }

    #[test]
    fn huge_coordinates_are_said_readably_with_the_points_they_squeeze() {
        let upload = OwnData::from_csv("x1,x2,label\n1e30,0,1\n1,2,0\n-3,0.5,1\n0,0,0\n").unwrap();
        assert_eq!(
            upload.notices,
            [
                "The points reach 1e30, so they were scaled by 6e-30 to fit the plane's ±6.",
                "That squeezed 2 of the 4 points to within 0.002 of the origin, where they cannot be told apart: remove the far points, or scale each column of the file yourself."
            ]
        );
        let upload = OwnData::from_csv("1000,0,1\n-500,250,0\n").unwrap();
        assert_eq!(
            upload.notices,
            ["The points reach 1000, so they were scaled by 0.006 to fit the plane's ±6."]
        );
    }

    #[test]
    fn the_split_is_seeded_and_erasing_removes_only_near_points() {
        let mut data = OwnData::empty();
        for i in 0..10 {
            data.add([i as f32 * 0.5, 0.0], i % 2 == 0);
        }
        let split = data.dataset(0.8, 7);
        assert_eq!(split.train, 8);
        assert_eq!(split, data.dataset(0.8, 7));
        assert_ne!(split.points, data.points, "shuffled");
        assert_eq!(data.erase_near([1.0, 0.1], 0.6), 3);
        assert_eq!(data.len(), 7);
    }
}
