//! Descent's web page: leptos components over the engine. The maths lives in `engine`; this crate
//! only holds state, controls and drawing.

mod address;
mod app;
mod backend;
mod digits;
mod engine_client;
mod fault;
mod files;
mod format;
mod frame;
mod latest;
mod networks;
mod offline;
mod plots;
mod quadratic;
mod rate_finder;
mod run_loop;
mod schedule_panel;
mod series;
mod titanic;
mod webgpu_probe;
mod widgets;

fn main() {
    fault::watch_for_bugs();
    leptos::mount::mount_to_body(app::App);
}
