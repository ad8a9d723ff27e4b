//! Small images on canvases: digits as ink on paper, weights in two colours by sign.

use leptos::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// RGBA for grey levels, 0 paper (white) to 255 ink (black), as MNIST stores them.
pub fn ink(levels: impl IntoIterator<Item = u8>) -> Vec<u8> {
    levels
        .into_iter()
        .flat_map(|level| {
            let shade = 255 - level;
            [shade, shade, shade, 255]
        })
        .collect()
}

/// RGBA for levels in 0–1 (the engine's images), as [`ink`] draws grey levels.
pub fn ink_levels(levels: &[f32]) -> Vec<u8> {
    ink(levels
        .iter()
        .map(|v| (v * 255.0).round().clamp(0.0, 255.0) as u8))
}

/// RGBA for signed values −127…127: blue where a pixel's ink raises the output, red where it
/// lowers it, white for zero.
pub fn signed(values: &[i8]) -> Vec<u8> {
    values
        .iter()
        .flat_map(|&v| {
            let fade = 255 - (i32::from(v).unsigned_abs() * 2).min(255) as u8;
            if v >= 0 {
                [fade, fade, 255, 255]
            } else {
                [255, fade, fade, 255]
            }
        })
        .collect()
}

/// Columns of the square grid `count` maps of `side` pixels are tiled in (a pixel between
/// them), and the side of the whole picture.
pub fn tile_grid(count: usize, side: usize) -> (usize, u32) {
    let columns = (count as f64).sqrt().ceil().max(1.0) as usize;
    (columns, (columns * (side + 1) - 1) as u32)
}

/// RGBA of feature maps tiled in a square grid, each shaded from black (nothing found) to white
/// (the layer's strongest response), on a grey ground.
pub fn tiled(maps: &descent_core::digits::FeatureMaps) -> Vec<u8> {
    let (columns, whole) = tile_grid(maps.count, maps.side);
    let whole = whole as usize;
    let strongest = maps.values.iter().fold(f32::MIN_POSITIVE, |m, &v| m.max(v));
    let mut rgba = [128u8, 128, 128, 255].repeat(whole * whole);
    for (k, map) in maps.values.chunks_exact(maps.side * maps.side).enumerate() {
        let (left, top) = (
            (k % columns) * (maps.side + 1),
            (k / columns) * (maps.side + 1),
        );
        for (i, v) in map.iter().enumerate() {
            let level = (v / strongest * 255.0).round().clamp(0.0, 255.0) as u8;
            let at = ((top + i / maps.side) * whole + left + i % maps.side) * 4;
            rgba[at..at + 3].fill(level);
        }
    }
    rgba
}

/// A `side × side` image, drawn whenever `rgba` changes; scaled up by CSS without smoothing.
#[component]
pub fn Picture(
    #[prop(into)] rgba: Signal<Option<Vec<u8>>>,
    #[prop(default = 28)] side: u32,
    /// What the picture shows, for assistive tech.
    #[prop(into)]
    label: Signal<String>,
    #[prop(default = "picture")] class: &'static str,
) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    Effect::new(move |_| {
        let Some(canvas) = canvas.get() else { return };
        let Some(rgba) = rgba.get() else { return };
        paint(&canvas, side, &rgba);
    });
    view! { <canvas node_ref=canvas class=class width=side height=side role="img" aria-label=move || label.get()></canvas> }
}

fn paint(canvas: &HtmlCanvasElement, side: u32, rgba: &[u8]) {
    if rgba.len() != (side * side * 4) as usize {
        return;
    }
    let context = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok());
    let image = ImageData::new_with_u8_clamped_array(Clamped(rgba), side);
    if let (Some(context), Ok(image)) = (context, image) {
        let _ = context.put_image_data(&image, 0.0, 0.0);
    }
}
