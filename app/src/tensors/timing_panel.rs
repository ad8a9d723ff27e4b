//! Vectorised against a loop: the same distances computed pixel by pixel and as one tensor
//! operation in the engine's worker, both timed, and the ratio.

use super::state::{TensorsLab, Timing};
use crate::format;
use leptos::prelude::*;

#[component]
pub fn TimingPanel() -> impl IntoView {
    let lab = expect_context::<TensorsLab>();
    let said = move || match lab.timing.get() {
        Timing::None => String::new(),
        Timing::Running => "Timing both…".into(),
        Timing::Failed(why) => format!("The timing could not run: {why}"),
        Timing::Done(t) => {
            let ratio = t.looped_ms / t.vectorised_ms.max(1e-3);
            let verdict = if ratio >= 1.0 {
                format!(
                    "the tensor operation took {} of the loop's time ({}× faster)",
                    share(1.0 / ratio),
                    format::significant(ratio as f32)
                )
            } else {
                format!(
                    "the loop was {}× faster here",
                    format::significant((1.0 / ratio) as f32)
                )
            };
            format!(
                "{} distances: the loop took {} ms, one tensor operation {} ms: {verdict}. They agree to within {:.1e}.",
                format::whole(t.distances.len()),
                format::significant(t.looped_ms as f32),
                format::significant(t.vectorised_ms as f32),
                t.disagreement
            )
        }
    };
    view! {
        <p>
            "Both compute each image's distance from the mean: a loop visits 784 pixels of each image one at a time; "
            <code>"(stack - mean).abs().mean((-1, -2))"</code>
            " is one operation the backend runs over every number at once. In Python the loop is the slow part (each step goes through the interpreter, which is why the book says never to loop); here the loop is compiled Rust too, so the gap is the backend's alone: a GPU's thousands of lanes, or the CPU's vector instructions."
        </p>
        <button
            on:click=move |_| lab.time()
            disabled=move || lab.timing.get() == Timing::Running
        >
            "Time both"
        </button>
        <p class="timing-result" role="status" aria-label="timing">{said}</p>
    }
}

/// A fraction as a percentage, "4%".
fn share(fraction: f64) -> String {
    format!("{}%", format::significant((fraction * 100.0) as f32))
}
