//! Step 2, the baseline: how far does "closer to the average 3 or the average 7?" get?

use super::pictures::{Picture, ink_levels};
use super::state::{DataState, DigitsLab};
use crate::format;
use leptos::prelude::*;

#[component]
pub fn SimilarityPanel() -> impl IntoView {
    let lab = expect_context::<DigitsLab>();
    let ready = move || matches!(lab.data.get(), DataState::Ready(_));
    let mean = move |three: bool| {
        Signal::derive(move || {
            lab.similarity.with(|r| {
                r.as_ref().map(|r| {
                    let mean = if three { &r.mean_three } else { &r.mean_seven };
                    ink_levels(mean)
                })
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
                on:click=move |_| lab.run_similarity()
                disabled=move || !ready() || lab.similarity_running.get()
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
                {move || match lab.similarity.get() {
                    Some(report) => {
                        format!(
                            "Accuracy on {} test 3s and 7s: L1 {}, RMSE {} (the book: 0.9511 by L1).",
                            report.validation_images,
                            format::accuracy(report.l1_accuracy),
                            format::accuracy(report.rmse_accuracy),
                        )
                    }
                    None if lab.similarity_running.get() => "Comparing…".into(),
                    None => String::new(),
                }}
            </p>
        </section>
    }
}
