//! The two digits the binary rungs (the baseline, the linear model, simple_net) tell apart: the
//! book's 3 and 7 unless the learner picks another pair.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Two distinct digits, `first` the one a model's output says "yes" to ("is it a 3?").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "[u8; 2]", into = "[u8; 2]")]
pub struct Pair {
    first: u8,
    second: u8,
}

impl Pair {
    /// The book's: 3 versus 7.
    pub const BOOK: Self = Self {
        first: 3,
        second: 7,
    };

    /// The pair, or why there is none: each a digit 0–9, and not the same one.
    pub fn new(first: u8, second: u8) -> Result<Self, String> {
        match (first, second) {
            (f, s) if f > 9 || s > 9 => {
                Err(format!("{f} and {s}: each must be a digit from 0 to 9"))
            }
            (f, s) if f == s => Err(format!("{f} and {s}: pick two different digits")),
            (first, second) => Ok(Self { first, second }),
        }
    }

    pub fn first(self) -> u8 {
        self.first
    }

    pub fn second(self) -> u8 {
        self.second
    }

    /// The same two digits the other way round.
    pub fn swapped(self) -> Self {
        Self {
            first: self.second,
            second: self.first,
        }
    }

    /// As the address writes it: "3,7".
    pub fn key(self) -> String {
        format!("{},{}", self.first, self.second)
    }

    /// Reads [`Pair::key`].
    pub fn from_key(key: &str) -> Option<Self> {
        let (first, second) = key.split_once(',')?;
        Self::new(first.trim().parse().ok()?, second.trim().parse().ok()?).ok()
    }
}

impl Default for Pair {
    fn default() -> Self {
        Self::BOOK
    }
}

/// "3 or 7".
impl fmt::Display for Pair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} or {}", self.first, self.second)
    }
}

impl TryFrom<[u8; 2]> for Pair {
    type Error = String;

    fn try_from([first, second]: [u8; 2]) -> Result<Self, String> {
        Self::new(first, second)
    }
}

impl From<Pair> for [u8; 2] {
    fn from(pair: Pair) -> Self {
        [pair.first, pair.second]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_is_two_different_digits_and_reads_back_from_its_key() {
        assert_eq!(Pair::default(), Pair::new(3, 7).unwrap());
        assert_eq!(Pair::BOOK.to_string(), "3 or 7");
        assert_eq!(Pair::BOOK.swapped(), Pair::new(7, 3).unwrap());
        let pair = Pair::new(2, 4).unwrap();
        assert_eq!(Pair::from_key(&pair.key()), Some(pair));
        assert_eq!(Pair::from_key(" 9 , 0"), Pair::new(9, 0).ok());
        for bad in ["3,3", "3,10", "3", "a,b", "-1,2", "3,7,1", ""] {
            assert_eq!(Pair::from_key(bad), None, "{bad}");
        }
        assert_eq!(
            Pair::new(5, 5).unwrap_err(),
            "5 and 5: pick two different digits"
        );
        assert!(Pair::new(1, 12).is_err());
    }

    #[test]
    fn a_pair_travels_as_two_digits_and_a_bad_one_is_refused() {
        let text = serde_json::to_string(&Pair::new(2, 4).unwrap()).unwrap();
        assert_eq!(text, "[2,4]");
        assert_eq!(
            serde_json::from_str::<Pair>(&text).unwrap(),
            Pair::new(2, 4).unwrap()
        );
        assert!(serde_json::from_str::<Pair>("[4,4]").is_err());
    }
}
