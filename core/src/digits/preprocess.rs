//! Turns a drawing into what MNIST's digits look like: the ink cropped to its bounding box,
//! scaled so its longer side is 20 pixels (averaging areas, which anti-aliases), placed in a
//! 28×28 field with its centre of mass in the middle, and its grey levels stretched so the
//! darkest stroke is full ink, which makes thin and thick pens look alike.

use crate::mnist::SIDE;

/// The side of the box the digit is scaled into.
const BOX: f32 = 20.0;
/// The longer side at which strokes are measured and adjusted: four times the box.
const WORK: f32 = 80.0;
/// MNIST's strokes are about this wide at the working scale (2.2 pixels in the 28×28 field).
const STROKE: f32 = 9.0;
/// Ink below this level (0–1) is paper: anti-aliasing fringes and stray specks.
const PAPER: f32 = 0.05;

/// `ink` is `width × height` levels in 0–1 (1 is ink). `None` when there is no ink at all.
pub fn mnist_like(ink: &[f32], width: usize, height: usize) -> Option<Vec<f32>> {
    if width == 0 || height == 0 || ink.len() != width * height {
        return None;
    }
    let region = ink_box(ink, width, height)?;
    // Work at four times the final size: enough pixels to measure and change stroke width.
    let scale = WORK / region.2.max(region.3) as f32;
    let (work_w, work_h) = scaled(region, scale);
    let mut work = area_resample(ink, width, region, work_w, work_h);
    let radius = ((STROKE - stroke_width(&work, work_w, work_h)) / 2.0).round();
    let (work, work_w, work_h) = match radius as isize {
        r if r > 0 => {
            let (mut padded, w, h) = pad(&work, work_w, work_h, r as usize);
            morph(&mut padded, w, h, r as usize, f32::max);
            (padded, w, h)
        }
        r if r < 0 => {
            morph(&mut work, work_w, work_h, r.unsigned_abs().min(3), f32::min);
            (work, work_w, work_h)
        }
        _ => (work, work_w, work_h),
    };
    let region = ink_box(&work, work_w, work_h)?;
    let scale = BOX / region.2.max(region.3) as f32;
    let (out_w, out_h) = scaled(region, scale);
    let small = area_resample(&work, work_w, region, out_w, out_h);
    let darkest = small.iter().fold(0.0f32, |m, &v| m.max(v));
    let small: Vec<f32> = small.iter().map(|v| (v / darkest).min(1.0)).collect();
    Some(centre_by_mass(&small, out_w, out_h))
}

/// The bounding box `(left, top, width, height)` of the ink, if any.
fn ink_box(ink: &[f32], width: usize, height: usize) -> Option<(usize, usize, usize, usize)> {
    let (mut left, mut top, mut right, mut bottom) = (width, height, 0, 0);
    for y in 0..height {
        for x in 0..width {
            if ink[y * width + x] > PAPER {
                (left, top) = (left.min(x), top.min(y));
                (right, bottom) = (right.max(x + 1), bottom.max(y + 1));
            }
        }
    }
    (left < right).then(|| (left, top, right - left, bottom - top))
}

fn scaled((_, _, w, h): (usize, usize, usize, usize), scale: f32) -> (usize, usize) {
    let side = |n: usize| ((n as f32 * scale).round() as usize).max(1);
    (side(w), side(h))
}

/// Mean stroke width: a stroke of width `w` and length `L` covers `w·L` pixels and has `2·L` of
/// outline, so `w ≈ 2·area / outline`, counting pixels at least half ink.
fn stroke_width(image: &[f32], w: usize, h: usize) -> f32 {
    let inked = |x: usize, y: usize| image[y * w + x] >= 0.5;
    let (mut area, mut outline) = (0usize, 0usize);
    for y in 0..h {
        for x in 0..w {
            if !inked(x, y) {
                continue;
            }
            area += 1;
            let edges = [
                x == 0 || !inked(x - 1, y),
                x + 1 == w || !inked(x + 1, y),
                y == 0 || !inked(x, y - 1),
                y + 1 == h || !inked(x, y + 1),
            ];
            outline += edges.iter().filter(|&&e| e).count();
        }
    }
    if outline == 0 {
        STROKE
    } else {
        2.0 * area as f32 / outline as f32
    }
}

/// The image with `margin` pixels of paper around it, so a dilation has room.
fn pad(image: &[f32], w: usize, h: usize, margin: usize) -> (Vec<f32>, usize, usize) {
    let (pw, ph) = (w + 2 * margin, h + 2 * margin);
    let mut padded = vec![0.0; pw * ph];
    for y in 0..h {
        padded[(y + margin) * pw + margin..(y + margin) * pw + margin + w]
            .copy_from_slice(&image[y * w..(y + 1) * w]);
    }
    (padded, pw, ph)
}

/// Grey-level dilation (`f32::max`) or erosion (`f32::min`) by a square of side `2r + 1`, as two
/// one-dimensional passes.
fn morph(image: &mut [f32], w: usize, h: usize, r: usize, pick: fn(f32, f32) -> f32) {
    let pass = |image: &mut [f32], len: usize, lines: usize, at: &dyn Fn(usize, usize) -> usize| {
        let mut line = vec![0.0; len];
        for l in 0..lines {
            for (i, v) in line.iter_mut().enumerate() {
                *v = image[at(l, i)];
            }
            for i in 0..len {
                let (from, to) = (i.saturating_sub(r), (i + r).min(len - 1));
                image[at(l, i)] = line[from..=to].iter().copied().reduce(pick).unwrap_or(0.0);
            }
        }
    };
    pass(image, w, h, &|row, i| row * w + i);
    pass(image, h, w, &|column, i| i * w + column);
}

/// Resamples the `(left, top, w, h)` region to `out_w × out_h`: each output pixel is the mean of
/// the input area it covers, partial pixels weighted by their overlap.
fn area_resample(
    ink: &[f32],
    width: usize,
    (left, top, w, h): (usize, usize, usize, usize),
    out_w: usize,
    out_h: usize,
) -> Vec<f32> {
    let (sx, sy) = (w as f32 / out_w as f32, h as f32 / out_h as f32);
    // Overlap of input pixel i with the output pixel spanning [start, end) in input units.
    let spans = |start: f32, end: f32, limit: usize| {
        let first = start.floor() as usize;
        let last = (end.ceil() as usize).min(limit);
        (first..last).map(move |i| (i, (end.min(i as f32 + 1.0) - start.max(i as f32)).max(0.0)))
    };
    let mut out = vec![0.0; out_w * out_h];
    for oy in 0..out_h {
        for ox in 0..out_w {
            let (x0, y0) = (ox as f32 * sx, oy as f32 * sy);
            let mut sum = 0.0;
            for (y, wy) in spans(y0, y0 + sy, h) {
                for (x, wx) in spans(x0, x0 + sx, w) {
                    sum += ink[(top + y) * width + left + x] * wx * wy;
                }
            }
            out[oy * out_w + ox] = sum / (sx * sy);
        }
    }
    out
}

/// Places the image in the 28×28 field so its centre of mass falls on the field's centre.
fn centre_by_mass(image: &[f32], w: usize, h: usize) -> Vec<f32> {
    let total: f32 = image.iter().sum();
    let (mut cx, mut cy) = (0.0, 0.0);
    for (i, v) in image.iter().enumerate() {
        cx += (i % w) as f32 * v;
        cy += (i / w) as f32 * v;
    }
    // Pixel centres: the field's centre of mass is at 13.5 + 0.5 = 14 in MNIST's convention.
    let half = SIDE as f32 / 2.0;
    let dx = (half - 0.5 - cx / total).round() as isize;
    let dy = (half - 0.5 - cy / total).round() as isize;
    let mut field = vec![0.0; SIDE * SIDE];
    for y in 0..h {
        for x in 0..w {
            let (fx, fy) = (x as isize + dx, y as isize + dy);
            if (0..SIDE as isize).contains(&fx) && (0..SIDE as isize).contains(&fy) {
                field[fy as usize * SIDE + fx as usize] = image[y * w + x];
            }
        }
    }
    field
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_drawing_is_no_digit() {
        assert_eq!(mnist_like(&[0.0; 100], 10, 10), None);
        assert_eq!(mnist_like(&[0.01; 100], 10, 10), None);
        assert_eq!(mnist_like(&[], 0, 0), None);
        assert_eq!(mnist_like(&[1.0; 3], 2, 2), None);
    }

    #[test]
    fn a_tall_bar_is_scaled_to_20_and_centred() {
        // A 10×100 bar of ink on a 200×200 canvas, far from the middle.
        let mut ink = vec![0.0; 200 * 200];
        for y in 20..120 {
            for x in 150..160 {
                ink[y * 200 + x] = 1.0;
            }
        }
        let field = mnist_like(&ink, 200, 200).unwrap();
        let rows: Vec<usize> = (0..SIDE)
            .filter(|y| field[y * SIDE..(y + 1) * SIDE].iter().any(|&v| v > 0.0))
            .collect();
        let cols: Vec<usize> = (0..SIDE)
            .filter(|&x| (0..SIDE).any(|y| field[y * SIDE + x] > 0.0))
            .collect();
        assert_eq!(rows.len(), 20);
        assert_eq!(cols, vec![13, 14]);
        assert_eq!((rows[0], rows[19]), (4, 23));
        assert!(field.iter().all(|&v| v == 0.0 || (v - 1.0).abs() < 1e-6));
    }

    #[test]
    fn area_averaging_halves_a_half_covered_pixel() {
        // A 4×4 block whose left half is ink: halved, each side keeps its level; to one pixel,
        // the mean; to 3×1, the middle column straddles both halves equally.
        let ink: Vec<f32> = (0..16).map(|i| if i % 4 < 2 { 1.0 } else { 0.0 }).collect();
        let out = area_resample(&ink, 4, (0, 0, 4, 4), 2, 2);
        assert_eq!(out, vec![1.0, 0.0, 1.0, 0.0]);
        let out = area_resample(&ink, 4, (0, 0, 4, 4), 1, 1);
        assert_eq!(out, vec![0.5]);
        let out = area_resample(&ink, 4, (0, 0, 4, 4), 3, 1);
        assert!((out[1] - 0.5).abs() < 1e-6, "{out:?}");
    }
}
