//! Values drawn as a grid of grey squares (0 paper, 1 ink) or of two colours by sign, on a
//! canvas of any width and height, scaled up by CSS without smoothing.

use crate::digits::pictures::{ink_levels, signed};
use leptos::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, ImageData};

/// What a grid shows: `width × height` values, row by row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cells {
    pub width: usize,
    pub height: usize,
    pub values: Vec<f32>,
    /// Two colours by sign (a difference, a weight) instead of grey levels.
    pub signed: bool,
    /// A square to outline in orange, `(row, column)`.
    pub marked: Option<(usize, usize)>,
}

impl Cells {
    pub fn grey(width: usize, height: usize, values: Vec<f32>) -> Self {
        Self {
            width,
            height,
            values,
            ..Self::default()
        }
    }

    pub fn signed(width: usize, height: usize, values: Vec<f32>) -> Self {
        Self {
            signed: true,
            ..Self::grey(width, height, values)
        }
    }

    fn rgba(&self) -> Vec<u8> {
        let mut rgba = if self.signed {
            let largest = self.values.iter().fold(1e-6f32, |m, v| m.max(v.abs()));
            let scaled: Vec<i8> = self
                .values
                .iter()
                .map(|v| (v / largest * 127.0).round() as i8)
                .collect();
            signed(&scaled)
        } else {
            ink_levels(&self.values)
        };
        rgba.resize(self.width * self.height * 4, 255);
        if let Some((row, column)) = self.marked {
            let at = (row * self.width + column) * 4;
            if let Some(pixel) = rgba.get_mut(at..at + 4) {
                pixel.copy_from_slice(&[255, 140, 0, 255]);
            }
        }
        rgba
    }
}

#[component]
pub fn Grid(
    #[prop(into)] cells: Signal<Cells>,
    #[prop(into)] label: Signal<String>,
    #[prop(default = "grid")] class: &'static str,
) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    Effect::new(move |_| {
        let Some(canvas) = canvas.get() else { return };
        cells.with(|cells| {
            if cells.width == 0 || cells.height == 0 {
                return;
            }
            canvas.set_width(cells.width as u32);
            canvas.set_height(cells.height as u32);
            let context = canvas
                .get_context("2d")
                .ok()
                .flatten()
                .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok());
            let rgba = cells.rgba();
            let image = ImageData::new_with_u8_clamped_array(Clamped(&rgba), cells.width as u32);
            if let (Some(context), Ok(image)) = (context, image) {
                let _ = context.put_image_data(&image, 0.0, 0.0);
            }
        });
    });
    view! {
        <canvas
            node_ref=canvas
            class=class
            role="img"
            aria-label=move || label.get()
        ></canvas>
    }
}
