//! Drawing with plotters on HTML canvases. Pure drawing: values come in already computed.

pub mod activation_chart;
mod canvas;
pub mod decision_map;
pub mod fit_chart;
pub mod gradient_chart;
pub mod heatmap;
pub mod histogram_chart;
pub mod history_chart;
pub mod loss_curves;
pub mod network_diagram;
pub mod rate_chart;
pub mod relu_chart;
pub mod schedule_chart;
pub mod surface_chart;

pub use canvas::{DrawResult, event_to_canvas_pixel};
