//! Heatmaps of levels −127..127 (TensorFlow Playground's colours: orange negative, white zero,
//! blue positive), painted through a small scratch canvas and scaled up smoothly.

use super::canvas::{DrawResult, context};
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

const NEGATIVE: [f32; 3] = [245.0, 147.0, 34.0];
const POSITIVE: [f32; 3] = [8.0, 119.0, 189.0];

/// The colour of a level: white at zero, towards orange below and blue above.
pub fn colour(level: i8) -> [u8; 3] {
    let t = f32::from(level) / 127.0;
    let (end, t) = if t < 0.0 {
        (NEGATIVE, -t)
    } else {
        (POSITIVE, t)
    };
    end.map(|c| (255.0 + (c - 255.0) * t).round() as u8)
}

pub fn css(level: i8) -> String {
    let [r, g, b] = colour(level);
    format!("rgb({r},{g},{b})")
}

/// Paints square maps onto a canvas, reusing one scratch canvas of the maps' resolution.
pub struct HeatmapPainter {
    scratch: HtmlCanvasElement,
    scratch_context: CanvasRenderingContext2d,
    rgba: Vec<u8>,
}

impl HeatmapPainter {
    pub fn new() -> DrawResult<Self> {
        let scratch: HtmlCanvasElement = web_sys::window()
            .and_then(|w| w.document())
            .ok_or("no document")?
            .create_element("canvas")
            .map_err(|_| "could not create a canvas")?
            .dyn_into()
            .map_err(|_| "not a canvas")?;
        let scratch_context = context(&scratch)?;
        Ok(Self {
            scratch,
            scratch_context,
            rgba: Vec::new(),
        })
    }

    /// Draws `levels` (`resolution`² of them, row-major from the top) into the square at
    /// `(x, y)` of side `side` on `target`.
    pub fn paint(
        &mut self,
        target: &CanvasRenderingContext2d,
        levels: &[i8],
        resolution: usize,
        (x, y, side): (f64, f64, f64),
    ) -> DrawResult {
        let side_px = resolution as u32;
        if self.scratch.width() != side_px {
            self.scratch.set_width(side_px);
            self.scratch.set_height(side_px);
        }
        self.rgba.clear();
        for &level in levels {
            let [r, g, b] = colour(level);
            self.rgba.extend_from_slice(&[r, g, b, 255]);
        }
        let image = ImageData::new_with_u8_clamped_array(Clamped(&self.rgba), side_px)
            .map_err(|_| "the map's size does not match its resolution")?;
        self.scratch_context
            .put_image_data(&image, 0.0, 0.0)
            .map_err(|_| "could not paint the map")?;
        target
            .draw_image_with_html_canvas_element_and_dw_and_dh(&self.scratch, x, y, side, side)
            .map_err(|_| "could not scale the map")?;
        Ok(())
    }
}
