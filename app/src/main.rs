//! Descent's web page: leptos components over the engine workers. The maths lives in
//! `descent-core` (what the page shows) and `engine` (training, in the workers); this crate only
//! holds state, controls and drawing.

mod address;
mod app;
mod asked;
mod backend;
mod digits;
mod engine_client;
mod fault;
mod files;
mod files_worker;
mod format;
mod frame;
mod kept;
mod latest;
mod missions;
mod networks;
mod offline;
mod page_lab;
mod plots;
mod quadratic;
mod rate_finder;
mod run_loop;
mod schedule_panel;
mod series;
mod tensors;
mod titanic;
mod webgpu_probe;
mod widgets;

// Every lab at the crate's root, where the page's list of labs finds it (`app.rs`).
use networks::{playground, relu};

fn main() {
    fault::watch_for_bugs();
    leptos::mount::mount_to_body(app::App);
}
