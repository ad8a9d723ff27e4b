//! Step 2, the baseline: how far does "closer to the average 3 or the average 7?" (or of the
//! pair the learner picked) get?

use super::pair_picker::PairPicker;
use super::pictures::{Picture, ink_levels};
use super::state::{Baseline, DigitsLab};
use crate::format;
use descent_core::digits::Pair;
use leptos::prelude::*;

#[component]
pub fn SimilarityPanel() -> impl IntoView {
    let lab = expect_context::<DigitsLab>();
    let pair = lab.pair;
    let mean = move |first: bool| {
        Signal::derive(move || {
            lab.baseline.with(|b| match b {
                Baseline::Done(r) => {
                    let mean = if first { &r.mean_first } else { &r.mean_second };
                    Some(ink_levels(mean))
                }
                _ => None,
            })
        })
    };
    let digit = move |first: bool| {
        let pair = pair.get();
        if first { pair.first() } else { pair.second() }
    };
    let figure = move |first: bool| {
        view! {
            <figure>
                <Picture
                    rgba=mean(first)
                    label=Signal::derive(move || format!("the mean {}", digit(first)))
                    class="picture large"
                />
                <figcaption>{move || format!("mean {}", digit(first))}</figcaption>
            </figure>
        }
    };
    view! {
        <section class="digits-panel" aria-labelledby="similarity-title">
            <h3 id="similarity-title">
                {move || format!("2. Pixel similarity: {}?", pair.get())}
            </h3>
            <PairPicker />
            <p class="hint">
                {move || {
                    let (first, second) = (digit(true), digit(false));
                    format!(
                        "No learning yet: average every training {first} and every training {second}, then call each test image whichever average it is closer to, by mean absolute difference (L1) or root mean squared difference (RMSE)."
                    )
                }}
            </p>
            <button
                on:click=move |_| lab.run_baseline()
                disabled=move || !lab.is_loaded() || lab.baseline.get() == Baseline::Running
            >
                "Run baseline"
            </button>
            <div class="means">{figure(true)} {figure(false)}</div>
            <p class="similarity-result" role="status">
                {move || match lab.baseline.get() {
                    Baseline::Done(report) => {
                        let (first, second) = (report.pair.first(), report.pair.second());
                        let book = match report.pair {
                            Pair::BOOK => " (the book: 0.9511 by L1)",
                            _ => "",
                        };
                        format!(
                            "Accuracy on {} test {first}s and {second}s: L1 {}, RMSE {}{book}.",
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
