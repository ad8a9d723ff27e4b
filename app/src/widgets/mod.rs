//! The page's kit of controls and views, used by every lab: sliders (plain or logarithmic, with
//! their value written or typed), number boxes, choices, and plot canvases that redraw at most
//! once per frame.

mod choice;
mod number_box;
mod plot;
mod slider;

pub use choice::Choice;
pub use number_box::NumberBox;
pub use plot::{LayeredPlot, PlotCanvas};
pub use slider::{Readout, Slider};
