//! Waiting for the next animation frame, so animated loops yield to painting and input.

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
