//! Broadcasting, as PyTorch and numpy do it: line the two shapes up from the right; each pair of
//! sizes must be equal or one of them 1 (a missing axis counts as 1), and the result takes the
//! larger. The smaller tensor is not copied: it is read again along the axes it lacks.

use super::{LONGEST_TEXT, too_long};

/// Axes a typed shape may have, and the largest size of one.
const MOST_AXES: usize = 6;
const LARGEST_SIZE: usize = 1_000_000;

/// One axis of two shapes lined up from the right: each side's size (`None` where that shape
/// has fewer axes) and the result's, `None` where they clash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Axis {
    pub left: Option<usize>,
    pub right: Option<usize>,
    pub result: Option<usize>,
}

impl Axis {
    /// Which side is read again along this axis, in words.
    pub fn rule(&self) -> String {
        match (self.left, self.right, self.result) {
            (_, _, None) => "differ, and neither is 1: cannot broadcast".into(),
            (Some(l), Some(r), _) if l == r => "equal".into(),
            (None, Some(_), _) => "missing on the left: the left is repeated".into(),
            (Some(_), None, _) => "missing on the right: the right is repeated".into(),
            (Some(1), _, _) => "the left is 1: it is repeated".into(),
            _ => "the right is 1: it is repeated".into(),
        }
    }
}

/// A shape as written: "[28, 28]" or "[6131, 28, 28]".
pub fn shown(shape: &[usize]) -> String {
    let sizes: Vec<String> = shape.iter().map(usize::to_string).collect();
    format!("[{}]", sizes.join(", "))
}

/// Reads a shape typed as "[6131, 28, 28]", "(28, 28)" or "28, 28"; `[]` is a single number.
pub fn parse_shape(text: &str) -> Result<Vec<usize>, String> {
    if text.chars().count() > LONGEST_TEXT {
        return Err(too_long("shape", text));
    }
    let trimmed = text.trim();
    let inner = trimmed
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .or_else(|| trimmed.strip_prefix('(').and_then(|t| t.strip_suffix(')')))
        .unwrap_or(trimmed)
        .trim();
    if inner.is_empty() {
        return Ok(Vec::new());
    }
    let sizes = inner
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| match part.parse::<usize>() {
            Ok(size) if size <= LARGEST_SIZE => Ok(size),
            Ok(size) => Err(format!(
                "A size of {size} is more than this lab takes ({LARGEST_SIZE})."
            )),
            Err(_) => Err(format!(
                "\"{}\" is not a size: a shape lists whole numbers, as in [28, 28].",
                crate::settings::cut(part)
            )),
        })
        .collect::<Result<Vec<_>, _>>()?;
    if sizes.len() > MOST_AXES {
        return Err(format!(
            "That shape has {} axes; this lab takes at most {MOST_AXES}.",
            sizes.len()
        ));
    }
    Ok(sizes)
}

/// The two shapes lined up from the right, axis by axis (the first axis first).
pub fn aligned(left: &[usize], right: &[usize]) -> Vec<Axis> {
    let rank = left.len().max(right.len());
    let at =
        |shape: &[usize], axis: usize| (axis + shape.len()).checked_sub(rank).map(|i| shape[i]);
    (0..rank)
        .map(|axis| {
            let (l, r) = (at(left, axis), at(right, axis));
            let result = match (l.unwrap_or(1), r.unwrap_or(1)) {
                (a, b) if a == b || b == 1 => Some(a),
                (1, b) => Some(b),
                _ => None,
            };
            Axis {
                left: l,
                right: r,
                result,
            }
        })
        .collect()
}

/// The shape `left op right` has, or why the two cannot broadcast.
pub fn broadcast(left: &[usize], right: &[usize]) -> Result<Vec<usize>, String> {
    let axes = aligned(left, right);
    match axes.iter().find(|axis| axis.result.is_none()) {
        Some(clash) => Err(format!(
            "{} and {} cannot broadcast: {} and {} differ and neither is 1.",
            shown(left),
            shown(right),
            clash.left.unwrap_or(1),
            clash.right.unwrap_or(1)
        )),
        None => Ok(axes.iter().filter_map(|axis| axis.result).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule computed the long way: pad the shorter shape with 1s on the left, then compare.
    fn padded_rule(left: &[usize], right: &[usize]) -> Option<Vec<usize>> {
        let rank = left.len().max(right.len());
        let pad = |s: &[usize]| {
            let mut p = vec![1; rank - s.len()];
            p.extend_from_slice(s);
            p
        };
        let (l, r) = (pad(left), pad(right));
        let mut out = Vec::new();
        for i in 0..rank {
            if l[i] != r[i] && l[i] != 1 && r[i] != 1 {
                return None;
            }
            out.push(l[i].max(r[i]));
        }
        Some(out)
    }

    #[test]
    fn the_books_broadcasts_and_refusals() {
        assert_eq!(
            broadcast(&[6131, 28, 28], &[28, 28]),
            Ok(vec![6131, 28, 28])
        );
        assert_eq!(broadcast(&[3, 1], &[1, 4]), Ok(vec![3, 4]));
        assert_eq!(broadcast(&[], &[2, 3]), Ok(vec![2, 3]));
        assert_eq!(
            broadcast(&[28, 28], &[27, 28]),
            Err(
                "[28, 28] and [27, 28] cannot broadcast: 28 and 27 differ and neither is 1.".into()
            )
        );
        // Every pair of small shapes agrees with the padded rule.
        let shapes: Vec<Vec<usize>> = vec![
            vec![],
            vec![1],
            vec![3],
            vec![2, 1],
            vec![2, 3],
            vec![1, 3],
            vec![4, 2, 3],
            vec![4, 1, 1],
        ];
        for a in &shapes {
            for b in &shapes {
                assert_eq!(broadcast(a, b).ok(), padded_rule(a, b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn each_axis_says_which_side_repeats() {
        let axes = aligned(&[6131, 28, 28], &[28, 28]);
        assert_eq!(
            axes[0].rule(),
            "missing on the right: the right is repeated"
        );
        assert_eq!(axes[1].rule(), "equal");
        assert_eq!(
            aligned(&[1, 5], &[3, 5])[0].rule(),
            "the left is 1: it is repeated"
        );
        assert_eq!(
            aligned(&[2], &[3])[0].rule(),
            "differ, and neither is 1: cannot broadcast"
        );
    }

    #[test]
    fn shapes_are_read_as_typed_or_refused_in_words() {
        assert_eq!(parse_shape("[6131, 28, 28]"), Ok(vec![6131, 28, 28]));
        assert_eq!(parse_shape(" (28,28) "), Ok(vec![28, 28]));
        assert_eq!(parse_shape("28"), Ok(vec![28]));
        assert_eq!(parse_shape("[]"), Ok(vec![]));
        assert!(
            parse_shape("[28, -1]")
                .unwrap_err()
                .contains("\"-1\" is not a size")
        );
        assert!(
            parse_shape("[1, 1, 1, 1, 1, 1, 1]")
                .unwrap_err()
                .contains("7 axes")
        );
        assert!(parse_shape("[2000000]").unwrap_err().contains("more than"));
        let long = "9".repeat(10_000);
        assert!(
            parse_shape(&long)
                .unwrap_err()
                .starts_with("That shape is 10000 characters long")
        );
    }
}
