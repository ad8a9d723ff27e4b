//! Drawing with plotters on HTML canvases. Pure drawing: values come in already computed.

mod canvas;
pub mod fit_chart;
pub mod history_chart;
pub mod rate_chart;
pub mod surface_chart;

pub use canvas::{DrawResult, event_to_canvas_pixel};
