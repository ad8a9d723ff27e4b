//! Digits drawn as pen strokes, as the page's canvas draws them, and handwriting styles that
//! MNIST under-represents made from strokes, to train on.
//!
//! MNIST's writers were American: few of them wrote a 1 with a long flag, a 7 with a bar through
//! it, a 4 open at the top, a 9 with a straight stem or a 2 with a loop, so a model trained on
//! MNIST alone misreads them (a flagged 1 as a 7). [`styled_digits`] draws such digits, each
//! slanted, stretched, placed and inked differently, for training alongside MNIST.

use crate::mnist::{Digits, PIXELS};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use super::preprocess::mnist_like;

/// The side of the page's drawing canvas, in pixels.
pub const CANVAS: usize = 280;

/// A stroke: the points a pen passes through, in canvas pixels.
pub type Stroke = Vec<(f32, f32)>;

/// Ink levels (0–1) of `strokes` drawn on the canvas with a round pen `pen` pixels wide, as a
/// canvas draws them (a pixel is inked by how much of it the pen covers, about a pixel's fringe).
pub fn render(strokes: &[Stroke], pen: f32) -> Vec<f32> {
    let mut ink = vec![0.0f32; CANVAS * CANVAS];
    let radius = pen / 2.0;
    for stroke in strokes {
        let segments: Vec<_> = match stroke.len() {
            1 => vec![(stroke[0], stroke[0])],
            _ => stroke.windows(2).map(|w| (w[0], w[1])).collect(),
        };
        for (a, b) in segments {
            let reach = radius + 1.0;
            let clip = |v: f32| (v.max(0.0) as usize).min(CANVAS);
            let (x0, x1) = (clip(a.0.min(b.0) - reach), clip(a.0.max(b.0) + reach + 1.0));
            let (y0, y1) = (clip(a.1.min(b.1) - reach), clip(a.1.max(b.1) + reach + 1.0));
            for y in y0..y1 {
                for x in x0..x1 {
                    let d = distance_to_segment((x as f32 + 0.5, y as f32 + 0.5), a, b);
                    let cover = (radius + 0.5 - d).clamp(0.0, 1.0);
                    let cell = &mut ink[y * CANVAS + x];
                    *cell = cell.max(cover);
                }
            }
        }
    }
    ink
}

fn distance_to_segment(p: (f32, f32), a: (f32, f32), b: (f32, f32)) -> f32 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length2 = dx * dx + dy * dy;
    let t = match length2 {
        0.0 => 0.0,
        _ => (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length2).clamp(0.0, 1.0),
    };
    (p.0 - a.0 - t * dx).hypot(p.1 - a.1 - t * dy)
}

/// A handwriting style MNIST under-represents, with the digit it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    FlaggedOne,
    CrossedSeven,
    OpenFour,
    StraightNine,
    LoopedTwo,
    /// A 7 written fast: a short bar, tilted either way. It keeps a flagged 1's flag, which is
    /// steeper, apart from a 7's bar.
    HurriedSeven,
}

impl Style {
    pub const ALL: [Style; 6] = [
        Style::FlaggedOne,
        Style::CrossedSeven,
        Style::OpenFour,
        Style::StraightNine,
        Style::LoopedTwo,
        Style::HurriedSeven,
    ];

    pub fn label(self) -> u8 {
        match self {
            Style::FlaggedOne => 1,
            Style::CrossedSeven => 7,
            Style::OpenFour => 4,
            Style::StraightNine => 9,
            Style::LoopedTwo => 2,
            Style::HurriedSeven => 7,
        }
    }

    /// The strokes in a unit box (x right, y down), with the style's free proportions drawn
    /// from `rng`.
    fn strokes(self, rng: &mut ChaCha8Rng) -> Vec<Stroke> {
        let mut r = |lo: f32, hi: f32| rng.random_range(lo..=hi);
        match self {
            Style::FlaggedOne => {
                let (stem_x, top_y) = (r(0.5, 0.62), r(0.05, 0.15));
                // Steeper than a 7's top bar, even a hurried, tilted one: from 35° to 65° below
                // the horizontal.
                let flag_dx = r(0.18, 0.36);
                let flag = (stem_x - flag_dx, top_y + flag_dx * r(0.7, 2.1));
                let foot_y = r(0.88, 0.95);
                let mut strokes = vec![vec![
                    flag,
                    (stem_x, top_y),
                    (stem_x + r(-0.04, 0.04), foot_y),
                ]];
                if r(0.0, 1.0) < 0.3 {
                    // A base, as some write it.
                    strokes.push(vec![
                        (stem_x - r(0.12, 0.2), foot_y),
                        (stem_x + r(0.12, 0.2), foot_y),
                    ]);
                }
                strokes
            }
            Style::CrossedSeven => {
                let (left, right, top) = (r(0.15, 0.3), r(0.7, 0.85), r(0.08, 0.18));
                let foot = (r(0.35, 0.5), r(0.88, 0.95));
                let bar_y = r(0.45, 0.58);
                let at_bar = right + (foot.0 - right) * (bar_y - top) / (foot.1 - top);
                vec![
                    vec![(left, top + r(-0.03, 0.05)), (right, top), foot],
                    vec![
                        (at_bar - r(0.18, 0.28), bar_y),
                        (at_bar + r(0.1, 0.22), bar_y + r(-0.03, 0.03)),
                    ],
                ]
            }
            Style::OpenFour => {
                let (arm_top, post) = ((r(0.25, 0.42), r(0.06, 0.15)), r(0.58, 0.72));
                let bar_y = r(0.5, 0.65);
                vec![
                    vec![
                        arm_top,
                        (r(0.12, 0.22), bar_y),
                        (r(0.8, 0.9), bar_y + r(-0.04, 0.02)),
                    ],
                    vec![(post, r(0.05, 0.2)), (post + r(-0.05, 0.03), r(0.88, 0.95))],
                ]
            }
            Style::StraightNine => {
                let (cx, cy, rx, ry) = (r(0.4, 0.5), r(0.25, 0.33), r(0.16, 0.24), r(0.14, 0.2));
                let start = r(-0.3, 0.3);
                // Round the head from its right side, then straight down the stem.
                let mut stroke: Stroke = (0..=24)
                    .map(|i| {
                        let angle = start - (i as f32 / 24.0) * std::f32::consts::TAU;
                        (cx + rx * angle.cos(), cy + ry * angle.sin())
                    })
                    .collect();
                stroke.push((cx + rx + r(-0.03, 0.02), r(0.88, 0.95)));
                vec![stroke]
            }
            Style::LoopedTwo => {
                let (cx, cy, rx, ry) = (r(0.45, 0.55), r(0.28, 0.34), r(0.2, 0.28), r(0.14, 0.2));
                // The top arc, from its left over to its right, then down to the bottom left.
                let mut stroke: Stroke = (0..=12)
                    .map(|i| {
                        let angle = std::f32::consts::PI * (1.1 + 1.15 * i as f32 / 12.0);
                        (cx + rx * angle.cos(), cy + ry * angle.sin())
                    })
                    .collect();
                let (bx, by) = (r(0.2, 0.32), r(0.78, 0.86));
                let size = r(0.06, 0.1);
                stroke.push((bx + size, by - size));
                // A small loop at the bottom left, then the base to the right.
                for i in 0..=10 {
                    let angle = std::f32::consts::PI * (-0.25 - 1.7 * i as f32 / 10.0);
                    stroke.push((bx + size * angle.cos(), by + size * 0.8 * angle.sin()));
                }
                stroke.push((r(0.8, 0.9), by + r(0.0, 0.06)));
                vec![stroke]
            }
            Style::HurriedSeven => {
                let (left, right) = (r(0.2, 0.35), r(0.65, 0.8));
                let (top, rise) = (r(0.03, 0.1), r(0.0, 0.08));
                let foot = (right - r(0.1, 0.35), r(0.9, 0.97));
                let stroke = vec![(left, top + rise), (right, top), foot];
                // Tilted as a hurried hand tilts it, about the box's centre.
                let (sin, cos) = r(-0.4, 0.4).sin_cos();
                let turn = |(x, y): (f32, f32)| {
                    let (x, y) = (x - 0.5, y - 0.5);
                    (0.5 + x * cos - y * sin, 0.5 + x * sin + y * cos)
                };
                vec![stroke.into_iter().map(turn).collect()]
            }
        }
    }
}

/// `count` drawings of each style, as the model sees them (28×28 grey levels 0–255): slanted,
/// stretched, wobbly, large or small anywhere on the canvas, with thin or thick pens. The same
/// seed gives the same drawings.
pub fn styled_digits(count: usize, seed: u64) -> Digits {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut digits = Digits::from_parts(Vec::new(), Vec::new()).expect("empty is valid");
    for _ in 0..count {
        for style in Style::ALL {
            let strokes = style.strokes(&mut rng);
            let placed = place(&strokes, &mut rng);
            let pen = rng.random_range(6.0..=30.0);
            let seen = mnist_like(&render(&placed, pen), CANVAS, CANVAS).expect("strokes ink");
            let image: Vec<u8> = seen.iter().map(|v| (v * 255.0).round() as u8).collect();
            debug_assert_eq!(image.len(), PIXELS);
            digits
                .push(style.label(), &image)
                .expect("a 28×28 image and a digit");
        }
    }
    digits
}

/// The unit-box strokes slanted, squeezed, wobbled, scaled and placed on the canvas.
fn place(strokes: &[Stroke], rng: &mut ChaCha8Rng) -> Vec<Stroke> {
    let slant = rng.random_range(-0.3f32..=0.3);
    let aspect = rng.random_range(0.7f32..=1.15);
    let size = rng.random_range(110.0f32..=250.0);
    let room = CANVAS as f32 - size;
    let (left, top) = (rng.random_range(0.0..=room), rng.random_range(0.0..=room));
    strokes
        .iter()
        .map(|stroke| {
            stroke
                .iter()
                .map(|&(x, y)| {
                    let (x, y) = (
                        x + rng.random_range(-0.02..=0.02),
                        y + rng.random_range(-0.02..=0.02),
                    );
                    // Slant about the middle: the top leans right for a positive slant.
                    let x = 0.5 + (x - 0.5) * aspect + slant * (0.5 - y);
                    (left + x * size, top + y * size)
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pen_inks_the_pixels_it_covers() {
        let ink = render(&[vec![(100.0, 140.0), (180.0, 140.0)]], 10.0);
        // On the line, fully; 4.5 pixels off it (inside the 5-pixel radius), fully; 6 off, not.
        assert_eq!(ink[140 * CANVAS + 140], 1.0);
        assert_eq!(ink[144 * CANVAS + 140], 1.0);
        assert_eq!(ink[146 * CANVAS + 140], 0.0);
        // Round caps: a pixel past the end within the radius is inked, one beyond is not.
        assert_eq!(ink[140 * CANVAS + 183], 1.0);
        assert_eq!(ink[140 * CANVAS + 187], 0.0);
        // A dot is a disc.
        let dot = render(&[vec![(50.0, 50.0)]], 20.0);
        let inked = dot.iter().filter(|&&v| v > 0.5).count() as f32;
        assert!(
            (inked - std::f32::consts::PI * 100.0).abs() < 15.0,
            "{inked}"
        );
    }

    #[test]
    fn styled_digits_are_repeatable_labelled_and_look_like_mnist() {
        let digits = styled_digits(4, 9);
        assert_eq!(digits.len(), 24);
        assert_eq!(&digits.labels()[..6], &[1, 7, 4, 9, 2, 7]);
        assert_eq!(digits, styled_digits(4, 9));
        assert_ne!(digits, styled_digits(4, 10));
        for i in 0..digits.len() {
            // Stretched so the darkest stroke is full ink, as the page's drawings are.
            assert!(digits.image(i).contains(&255));
        }
    }
}
