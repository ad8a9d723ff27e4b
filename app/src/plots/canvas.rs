use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use std::ops::Range;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, MouseEvent};

pub type DrawResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

pub(super) fn drawing_area(
    canvas: &HtmlCanvasElement,
) -> DrawResult<DrawingArea<CanvasBackend, Shift>> {
    let backend =
        CanvasBackend::with_canvas_object(canvas.clone()).ok_or("the canvas has no 2D context")?;
    Ok(backend.into_drawing_area())
}

pub(super) fn context(canvas: &HtmlCanvasElement) -> DrawResult<CanvasRenderingContext2d> {
    let context = canvas
        .get_context("2d")
        .map_err(|_| "the canvas refused a 2D context")?
        .ok_or("the canvas has no 2D context")?;
    Ok(context
        .dyn_into()
        .map_err(|_| "not a 2D rendering context")?)
}

/// Makes the whole canvas transparent again (overlays are redrawn from scratch).
pub(super) fn clear(canvas: &HtmlCanvasElement) -> DrawResult {
    context(canvas)?.clear_rect(
        0.0,
        0.0,
        f64::from(canvas.width()),
        f64::from(canvas.height()),
    );
    Ok(())
}

/// Runs `draw` with the canvas clipped to the plot area, so lines leaving the axes' ranges are
/// cut at the frame instead of spilling over the labels.
pub(super) fn clipped(
    canvas: &HtmlCanvasElement,
    (xs, ys): &(Range<i32>, Range<i32>),
    draw: impl FnOnce() -> DrawResult,
) -> DrawResult {
    let context = context(canvas)?;
    context.save();
    context.begin_path();
    context.rect(
        f64::from(xs.start),
        f64::from(ys.start),
        f64::from(xs.end - xs.start),
        f64::from(ys.end - ys.start),
    );
    context.clip();
    let result = draw();
    context.restore();
    result
}

/// The canvas pixel under a mouse event, allowing for CSS scaling of the element.
pub fn event_to_canvas_pixel(canvas: &HtmlCanvasElement, event: &MouseEvent) -> (i32, i32) {
    let scale = |offset: i32, pixels: u32, css: i32| {
        if css > 0 {
            (f64::from(offset) * f64::from(pixels) / f64::from(css)).round() as i32
        } else {
            offset
        }
    };
    (
        scale(event.offset_x(), canvas.width(), canvas.client_width()),
        scale(event.offset_y(), canvas.height(), canvas.client_height()),
    )
}
