//! Step 2, the baseline: how far does "closer to the average 3 or the average 7?" get?

use super::pictures::{Picture, ink_levels};
use super::state::{Baseline, DigitsLab};
use crate::format;
use leptos::prelude::*;

#[component]
pub fn SimilarityPanel() -> impl IntoView {
    let lab = expect_context::<DigitsLab>();
    let mean = move |three: bool| {
        Signal::derive(move || {
            lab.baseline.with(|b| match b {
                Baseline::Done(r) => {
                    let mean = if three { &r.mean_three } else { &r.mean_seven };
                    Some(ink_levels(mean))
                }
                _ => None,
            })
        })
    };
    view! {
        <section class="digits-panel" aria-labelledby="similarity-title">
            <h3 id="similarity-title">"2. Pixel similarity: 3 or 7?"</h3>
            <p class="hint">
                "No learning yet: average every training 3 and every training 7, then call each test image whichever average it is closer to, by mean absolute difference (L1) or root mean squared difference (RMSE)."
            </p>
            <button
                on:click=move |_| lab.run_baseline()
                disabled=move || !lab.is_loaded() || lab.baseline.get() == Baseline::Running
            >
                "Run baseline"
            </button>
            <div class="means">
                <figure>
                    <Picture rgba=mean(true) label="the mean 3" class="picture large" />
                    <figcaption>"mean 3"</figcaption>
                </figure>
                <figure>
                    <Picture rgba=mean(false) label="the mean 7" class="picture large" />
                    <figcaption>"mean 7"</figcaption>
                </figure>
            </div>
            <p class="similarity-result" role="status">
                {move || match lab.baseline.get() {
                    Baseline::Done(report) => {
                        format!(
                            "Accuracy on {} test 3s and 7s: L1 {}, RMSE {} (the book: 0.9511 by L1).",
                            report.validation_images,
                            format::accuracy(report.l1_accuracy),
                            format::accuracy(report.rmse_accuracy),
                        )
                    }
                    Baseline::Running => "Comparing…".into(),
                    Baseline::Failed(why) => format!("The baseline could not run: {why}"),
                    Baseline::None => String::new(),
                }}
            </p>
        </section>
    }
}
