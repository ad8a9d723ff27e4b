//! Indexing a tensor as PyTorch does (`stack[i]`, `stack[i:j]`, `stack[:, r]`,
//! `stack[i, r0:r1, c0:c1]`): a whole number picks one place and drops its axis, a range
//! `start:stop:step` keeps the axis; negative numbers count from the end, ranges are cut to the
//! axis and integers are not. What cannot be indexed is refused in words.

use super::{LONGEST_TEXT, too_long};

/// What one axis of an index picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// One place: the axis goes.
    At(usize),
    /// `len` places from `start`, `step` apart: the axis stays, `len` long.
    Range {
        start: usize,
        step: usize,
        len: usize,
    },
}

/// An index read against a tensor's shape: one pick per axis (those it leaves out are `:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    dims: Vec<usize>,
    picks: Vec<Pick>,
}

impl Selection {
    /// Reads `text` ("stack[0, 5:10, ::2]", or only the part in brackets) against a tensor of
    /// shape `dims`, or says why it cannot index it.
    pub fn parse(text: &str, dims: &[usize]) -> Result<Self, String> {
        if text.chars().count() > LONGEST_TEXT {
            return Err(too_long("index", text));
        }
        let inner = text.trim();
        let inner = inner.strip_prefix("stack").unwrap_or(inner).trim_start();
        let inner = match (inner.strip_prefix('['), inner.ends_with(']')) {
            (Some(rest), true) => &rest[..rest.len() - 1],
            _ => {
                return Err(format!(
                    "\"{inner}\" is not an index: write it as stack[…], for example stack[0, 5:10]."
                ));
            }
        };
        let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
        if parts.len() > dims.len() {
            return Err(format!(
                "The stack has {} axes; this index names {}.",
                dims.len(),
                parts.len()
            ));
        }
        let mut picks = Vec::with_capacity(dims.len());
        for (axis, &part) in parts.iter().enumerate() {
            picks.push(read_pick(part, axis, dims[axis])?);
        }
        picks.extend(dims[picks.len()..].iter().map(|&size| Pick::Range {
            start: 0,
            step: 1,
            len: size,
        }));
        Ok(Self {
            dims: dims.to_vec(),
            picks,
        })
    }

    pub fn picks(&self) -> &[Pick] {
        &self.picks
    }

    /// The result's shape: the length of each axis a range kept.
    pub fn shape(&self) -> Vec<usize> {
        self.picks
            .iter()
            .filter_map(|pick| match pick {
                Pick::At(_) => None,
                Pick::Range { len, .. } => Some(*len),
            })
            .collect()
    }

    /// How many numbers it picks.
    pub fn len(&self) -> usize {
        self.shape().iter().product()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Where the first `limit` numbers it picks sit in the tensor laid out row by row, in the
    /// result's order.
    pub fn offsets(&self, limit: usize) -> Vec<usize> {
        let strides: Vec<usize> = (0..self.dims.len())
            .map(|axis| self.dims[axis + 1..].iter().product())
            .collect();
        let lens: Vec<usize> = self
            .picks
            .iter()
            .map(|pick| match pick {
                Pick::At(_) => 1,
                Pick::Range { len, .. } => *len,
            })
            .collect();
        let total = lens.iter().product::<usize>().min(limit);
        let mut at = vec![0; lens.len()];
        let mut offsets = Vec::with_capacity(total);
        for _ in 0..total {
            offsets.push(
                self.picks
                    .iter()
                    .zip(&at)
                    .zip(&strides)
                    .map(|((pick, &k), stride)| match pick {
                        Pick::At(i) => i * stride,
                        Pick::Range { start, step, .. } => (start + k * step) * stride,
                    })
                    .sum(),
            );
            // The next place, the last axis fastest.
            for axis in (0..at.len()).rev() {
                at[axis] += 1;
                if at[axis] < lens[axis] {
                    break;
                }
                at[axis] = 0;
            }
        }
        offsets
    }
}

/// One axis's part of an index, against its `size`.
fn read_pick(part: &str, axis: usize, size: usize) -> Result<Pick, String> {
    let number = |text: &str| -> Result<Option<i64>, String> {
        match text.trim() {
            "" => Ok(None),
            t => t.parse::<i64>().map(Some).map_err(|_| {
                format!(
                    "\"{t}\" is not a whole number: an index is a number (i) or a range (start:stop or start:stop:step)."
                )
            }),
        }
    };
    let size_i = size as i64;
    if !part.contains(':') {
        let Some(i) = number(part)? else {
            return Err(format!(
                "Axis {axis} has an empty index: write a number, or : for all of it."
            ));
        };
        let at = if i < 0 { i + size_i } else { i };
        if !(0..size_i).contains(&at) {
            return Err(format!(
                "Index {i} is out of range for axis {axis}, whose size is {size} (from {} to {}).",
                -size_i,
                size_i - 1
            ));
        }
        return Ok(Pick::At(at as usize));
    }
    let bounds: Vec<&str> = part.split(':').collect();
    if bounds.len() > 3 {
        return Err(format!(
            "\"{part}\" has {} colons; a range is start:stop or start:stop:step.",
            bounds.len() - 1
        ));
    }
    let step = match bounds.get(2) {
        Some(text) => number(text)?.unwrap_or(1),
        None => 1,
    };
    if step <= 0 {
        return Err(format!(
            "A step of {step} on axis {axis}: PyTorch steps forwards only (step 1 or more); torch.flip reverses an axis."
        ));
    }
    // Python's rule for ranges: negatives count from the end, then both ends are cut to the axis.
    let clamp = |bound: Option<i64>, default: i64| {
        let b = bound.map_or(default, |b| if b < 0 { b + size_i } else { b });
        b.clamp(0, size_i)
    };
    let start = clamp(number(bounds[0])?, 0);
    let stop = clamp(number(bounds[1])?, size_i);
    let len = if stop > start {
        (stop - start + step - 1) / step
    } else {
        0
    };
    Ok(Pick::Range {
        start: start as usize,
        step: step as usize,
        len: len as usize,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const STACK: [usize; 3] = [5, 4, 3];

    /// What `index` picks from a tensor of `STACK`'s shape holding 0, 1, 2, … row by row,
    /// computed with explicit loops over each axis's own list of places.
    fn looped(places: [Vec<usize>; 3]) -> Vec<usize> {
        let mut values = Vec::new();
        for &i in &places[0] {
            for &r in &places[1] {
                for &c in &places[2] {
                    values.push((i * STACK[1] + r) * STACK[2] + c);
                }
            }
        }
        values
    }

    fn picked(text: &str) -> (Vec<usize>, Vec<usize>) {
        let selection = Selection::parse(text, &STACK).unwrap();
        (selection.shape(), selection.offsets(usize::MAX))
    }

    #[test]
    fn each_form_of_the_issue_picks_what_loops_pick() {
        let all = |n: usize| (0..n).collect::<Vec<_>>();
        assert_eq!(
            picked("stack[2]"),
            (vec![4, 3], looped([vec![2], all(4), all(3)]))
        );
        assert_eq!(
            picked("stack[1:4]"),
            (vec![3, 4, 3], looped([vec![1, 2, 3], all(4), all(3)]))
        );
        assert_eq!(
            picked("stack[:, 1]"),
            (vec![5, 3], looped([all(5), vec![1], all(3)]))
        );
        assert_eq!(
            picked("stack[4, 1:3, 0:2]"),
            (vec![2, 2], looped([vec![4], vec![1, 2], vec![0, 1]]))
        );
        assert_eq!(
            picked("[::2, -1, 1:]"),
            (vec![3, 2], looped([vec![0, 2, 4], vec![3], vec![1, 2]]))
        );
        assert_eq!(picked("stack[-5, 0, -1]"), (vec![], vec![2]));
    }

    #[test]
    fn ranges_are_cut_to_the_axis_as_in_python() {
        assert_eq!(picked("stack[3:100]").0, vec![2, 4, 3]);
        assert_eq!(picked("stack[4:2]").0, vec![0, 4, 3]);
        assert_eq!(picked("stack[-100:2]").0, vec![2, 4, 3]);
        assert_eq!(picked("stack[0:5:2]").0, vec![3, 4, 3]);
        assert!(Selection::parse("stack[4:2]", &STACK).unwrap().is_empty());
    }

    #[test]
    fn what_cannot_index_is_refused_in_words() {
        let refused = |text: &str| Selection::parse(text, &STACK).unwrap_err();
        assert_eq!(
            refused("stack[5]"),
            "Index 5 is out of range for axis 0, whose size is 5 (from -5 to 4)."
        );
        assert!(refused("stack[0, -5]").contains("out of range for axis 1"));
        assert!(refused("stack[::-1]").starts_with("A step of -1 on axis 0"));
        assert!(refused("stack[:, ::0]").starts_with("A step of 0 on axis 1"));
        assert_eq!(
            refused("stack[0, 0, 0, 0]"),
            "The stack has 3 axes; this index names 4."
        );
        assert!(refused("stack[a]").starts_with("\"a\" is not a whole number"));
        assert!(refused("stack[1:2:3:4]").contains("3 colons"));
        assert!(refused("stack 1").contains("is not an index"));
        assert!(refused("stack[,]").contains("empty index"));
        let long = format!("stack[{}]", "1".repeat(10_000));
        assert_eq!(
            refused(&long),
            "That index is 10007 characters long; one here is at most 100, so it was not read."
        );
    }

    #[test]
    fn offsets_stop_at_the_limit() {
        let selection = Selection::parse("stack[:]", &STACK).unwrap();
        assert_eq!(selection.len(), 60);
        assert_eq!(selection.offsets(4), vec![0, 1, 2, 3]);
    }
}
