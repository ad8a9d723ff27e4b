//! Pacing work to the display: waiting for the next frame, and redrawing at most once per frame.

use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Resolves at the browser's next `requestAnimationFrame` callback.
pub async fn next_animation_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let window = web_sys::window().expect("the page has a window");
        let _ = window.request_animation_frame(resolve.unchecked_ref());
    });
    let _ = JsFuture::from(promise).await;
}

/// Calls `draw` with the latest `snapshot` at the next animation frame whenever the signals
/// that `snapshot` reads change: however many changes arrive within a frame, one redraw.
pub fn redraw_per_frame<T: 'static>(
    snapshot: impl Fn() -> Option<T> + 'static,
    draw: impl Fn(T) + 'static,
) {
    let pending = Rc::new(RefCell::new(None::<T>));
    let scheduled = Rc::new(Cell::new(false));
    let draw = Rc::new(draw);
    Effect::new(move |_| {
        let Some(value) = snapshot() else { return };
        *pending.borrow_mut() = Some(value);
        if scheduled.replace(true) {
            return;
        }
        let (pending, scheduled, draw) = (pending.clone(), scheduled.clone(), draw.clone());
        request_animation_frame(move || {
            scheduled.set(false);
            // Released before drawing: a draw that throws must not leave it borrowed for the
            // next frame.
            let value = pending.borrow_mut().take();
            if let Some(value) = value {
                draw(value);
            }
        });
    });
}

/// Runs `work` as a User Timing measure named `name`, so benchmarks can read how long it took
/// from `performance.getEntriesByName(name)`.
pub fn measured<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let performance = web_sys::window().and_then(|w| w.performance());
    let start = format!("{name}-start");
    if let Some(performance) = &performance {
        let _ = performance.mark(&start);
    }
    let result = work();
    if let Some(performance) = &performance {
        let _ = performance.measure_with_start_mark(name, &start);
    }
    result
}
