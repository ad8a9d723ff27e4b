//! Descent's web page: leptos components over the engine. The maths lives in `engine`; this crate
//! only holds state, controls and drawing.

mod address;
mod app;
mod backend;
mod digits;
mod engine_client;
mod format;
mod frame;
mod log_slider;
mod networks;
mod plots;
mod quadratic;
mod rate_finder;
mod webgpu_probe;

fn main() {
    console_error_panic_hook_lite();
    leptos::mount::mount_to_body(app::App);
}

/// Panics in wasm otherwise vanish with "unreachable": log them to the console instead.
fn console_error_panic_hook_lite() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
}
