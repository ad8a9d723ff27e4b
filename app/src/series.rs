//! A history that stays cheap to draw however long a session runs: past [`Series::CAP`] points,
//! every other point is dropped (the newest always kept), so it covers its whole span at a
//! coarser grain, finest where it is newest.

#[derive(Debug, Clone, PartialEq)]
pub struct Series<T> {
    points: Vec<(usize, T)>,
}

impl<T> Default for Series<T> {
    fn default() -> Self {
        Self { points: Vec::new() }
    }
}

impl<T> Series<T> {
    pub const CAP: usize = 2000;

    /// Adds `value` at position `at` (a step, a batch).
    pub fn push(&mut self, at: usize, value: T) {
        self.points.push((at, value));
        if self.points.len() > Self::CAP {
            let last = self.points.len() - 1;
            let mut index = 0;
            self.points.retain(|_| {
                index += 1;
                (index - 1) % 2 == 0 || index - 1 == last
            });
        }
    }

    pub fn points(&self) -> &[(usize, T)] {
        &self.points
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_history_stays_bounded_keeps_its_span_and_its_newest_point() {
        let mut series = Series::default();
        for step in 0..200_000 {
            series.push(step, step as f32 * 0.5);
            assert!(series.points().len() <= Series::<f32>::CAP);
        }
        let points = series.points();
        assert_eq!(points[0], (0, 0.0), "the start is kept");
        assert_eq!(points.last(), Some(&(199_999, 99_999.5)), "and the newest");
        assert!(points.windows(2).all(|w| w[0].0 < w[1].0), "in order");
        assert!(points.len() > Series::<f32>::CAP / 2);
        // Every point is one that was pushed, at its own position.
        assert!(points.iter().all(|&(at, v)| v == at as f32 * 0.5));
    }

    #[test]
    fn a_short_history_is_kept_whole() {
        let mut series = Series::default();
        for step in 0..10 {
            series.push(step * 3, step);
        }
        assert_eq!(series.points().len(), 10);
        assert_eq!(series.points()[4], (12, 4));
    }
}
