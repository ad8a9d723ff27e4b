//! The page's kit of controls and views, used by every lab: sliders (plain or logarithmic, with
//! their value written or typed), number boxes, a number setting's box or slider drawn from its
//! lab's table, choices, the optimizer picker, and plot canvases that redraw at most once per
//! frame.

mod as_code;
mod choice;
mod copy_link;
mod early_stopping;
mod number_box;
mod optimizer_picker;
mod parameters;
mod path;
mod plot;
mod said;
mod setting_box;
mod settings_file;
mod slider;

pub use as_code::AsCode;
pub use choice::Choice;
pub use copy_link::LabLink;
pub use early_stopping::EarlyStoppingControl;
pub use number_box::NumberBox;
pub use optimizer_picker::OptimizerPicker;
pub use parameters::Parameters;
pub use path::{EverySection, EverySectionShown, Path, PathSection};
pub use plot::{LayeredPlot, PlotCanvas};
pub use said::{Said, SaidLine};
pub use setting_box::{SettingBox, SettingSlider, SetupStore, caption};
pub use settings_file::settings_file;
pub use slider::{Readout, Slider};
