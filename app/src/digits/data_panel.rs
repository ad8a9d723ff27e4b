//! Step 1, "look at the data": download progress, then tensor shapes, class counts and samples.

use super::pictures::{Picture, ink};
use super::state::{DataState, DigitsLab};
use crate::format;
use leptos::prelude::*;

/// No byte for this long and the download is called stalled (ms).
const STALLED_MS: u32 = 5_000;
/// A download with more than this left is called slow (s).
const SLOW_S: f64 = 20.0;

#[component]
pub fn DataPanel() -> impl IntoView {
    let lab = expect_context::<DigitsLab>();
    let percent = move || match lab.data.get() {
        DataState::Loading { loaded, total, .. } if total > 0 => loaded * 100 / total,
        DataState::Ready(_) => 100,
        _ => 0,
    };
    let loading = move || matches!(lab.data.get(), DataState::Loading { .. });
    // A download that stalls or crawls says so, and offers to start again.
    let pace = move || match lab.data.get() {
        DataState::Loading { waiting_ms, .. } if waiting_ms >= STALLED_MS => Some(format!(
            "No data has arrived for {} s: the download seems stalled.",
            waiting_ms / 1000
        )),
        DataState::Loading {
            seconds_left: Some(left),
            ..
        } if left > SLOW_S => Some(format!(
            "The download is slow: about {} left at this speed.",
            format::duration(left)
        )),
        _ => None,
    };
    view! {
        <section class="digits-panel" aria-labelledby="data-title">
            <h3 id="data-title">"1. Look at the data"</h3>
            <p class="hint">
                "MNIST: 70,000 handwritten digits, 28×28 grey levels, by Yann LeCun, Corinna Cortes and Christopher Burges (CC BY-SA 3.0). 60,000 are for training; 10,000 are kept aside to test on."
            </p>
            <Show when=loading>
                <label class="data-progress">
                    "Loading MNIST… "
                    <progress max="100" value=percent aria-label="MNIST download"></progress>
                    <span class="percent">{move || format!("{}%", percent())}</span>
                </label>
                // Only the words follow the seconds, and the Retry button sits on its own line:
                // it stays the same element in the same place, so a click is never lost to a
                // re-render or to the words growing a digit.
                <Show when=move || pace().is_some()>
                    <div class="data-pace">
                        <p role="status">{move || pace().unwrap_or_default()}</p>
                        <button on:click=move |_| lab.load()>"Retry"</button>
                    </div>
                </Show>
            </Show>
            {move || match lab.data.get() {
                DataState::Failed(message) => {
                    view! {
                        <p class="run-message alarm data-error" role="alert">
                            {format!("The digits could not be loaded: {message}")}
                        </p>
                        <button on:click=move |_| lab.load()>"Retry"</button>
                    }
                        .into_any()
                }
                DataState::Ready(overview) => {
                    let shape = |s: [usize; 3]| format!("[{}, {}, {}]", s[0], s[1], s[2]);
                    let counts = |c: [usize; 10]| {
                        c.iter().map(usize::to_string).collect::<Vec<_>>().join(" · ")
                    };
                    view! {
                        <p class="data-loaded" role="status">"MNIST loaded and checked: 100%"</p>
                        <dl class="shapes">
                            <dt>"training images"</dt>
                            <dd class="train-shape">
                                {format!("rank 3, shape {}", shape(overview.train_shape))}
                            </dd>
                            <dt>"test images"</dt>
                            <dd class="test-shape">
                                {format!("rank 3, shape {}", shape(overview.test_shape))}
                            </dd>
                            <dt>"training digits 0–9"</dt>
                            <dd>{counts(overview.train_counts)}</dd>
                            <dt>"test digits 0–9"</dt>
                            <dd>{counts(overview.test_counts)}</dd>
                        </dl>
                        <div class="samples" aria-label="sample digits">
                            {overview
                                .samples
                                .into_iter()
                                .map(|sample| {
                                    let label = sample.label;
                                    let rgba = ink(sample.pixels);
                                    view! {
                                        <figure class="sample">
                                            <Picture
                                                rgba=Signal::derive(move || Some(rgba.clone()))
                                                label=format!("a handwritten {label}")
                                            />
                                            <figcaption>{label}</figcaption>
                                        </figure>
                                    }
                                })
                                .collect_view()}
                        </div>
                    }
                        .into_any()
                }
                _ => ().into_any(),
            }}
        </section>
    }
}
