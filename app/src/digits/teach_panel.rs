//! "Teach it your digits": the learner's labelled drawings as a grid, how the answering model
//! reads them, the set saved to and read from a file, and fine-tuning on it.

use super::own_digits::Tuning;
use super::pictures::{Picture, ink};
use super::state::DigitsLab;
use crate::format;
use descent_core::digits::fine_tuning::{BATCH, LEARNING_RATE, STEPS, mnist_mixed};
use descent_core::digits::{FineTuned, PlainNet, Task, TuneStage};
use descent_core::mnist::Digits;
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

const FILE_NAME: &str = "descent-digits.csv";

#[component]
pub fn TeachPanel() -> impl IntoView {
    let lab = expect_context::<DigitsLab>();
    let own = lab.own_digits;
    let model = Memo::new(move |_| lab.answering_model());
    let predictions = predictions(model, own.set);
    let score = move || {
        let (right, total) = predictions.with(|p| {
            let labels = own.set.with(|s| s.labels().to_vec());
            let right = p.iter().zip(&labels).filter(|(p, l)| p == l).count();
            (right, labels.len())
        });
        (total > 0 && model.with(Option::is_some)).then(|| {
            format!(
                "The answering model reads {right} of your {total} digits right ({}).",
                format::percent(right as f32 / total as f32)
            )
        })
    };
    view! {
        <section class="digits-panel teach" aria-labelledby="teach-title">
            <h3 id="teach-title">"Teach it your digits"</h3>
            <p class="hint">
                "Label what you draw above (the buttons under the canvas, or keys 0–9 on it): each drawing joins your own set, kept in this browser. See how the model reads your handwriting, then fine-tune it on your digits mixed with MNIST's, and watch what it learns and what it forgets."
            </p>
            <p class="own-score" role="status">{score}</p>
            <DigitGrid predictions />
            {move || {
                own.note
                    .get()
                    .map(|note| {
                        view! { <p class="own-note" class:alarm=note.alarm role="status">{note.text}</p> }
                    })
            }}
            <UnreadableSets />
            <div class="buttons">
                <button on:click=move |_| crate::files::download(&own.text(), FILE_NAME) disabled=move || own.set.with(Digits::is_empty)>
                    "Download your digits"
                </button>
                <label class="file">
                    "Add digits from a file "
                    <input type="file" accept=".csv,text/csv,text/plain" on:change=move |event| {
                        crate::files::read_chosen(event, move |name, text| own.add_file(&name, &text))
                    } />
                </label>
            </div>
            <FineTunePanel model />
        </section>
    }
}

/// The kept sets that could not be read, each to download (to fix it, then add it from the file)
/// or delete.
#[component]
fn UnreadableSets() -> impl IntoView {
    let own = expect_context::<DigitsLab>().own_digits;
    let row = move |(n, key): (usize, String)| {
        let name = format!("unreadable set {}", n + 1);
        let file = format!("descent-digits-unreadable-{}.csv", n + 1);
        let (download_key, forget_key) = (key.clone(), key.clone());
        view! {
            <li>
                {format!("Unreadable set {} ", n + 1)}
                <button
                    aria-label=format!("Download {name}")
                    on:click=move |_| {
                        if let Some(text) = own.unreadable_text(&download_key) {
                            crate::files::download(&text, &file);
                        }
                    }
                >
                    "Download"
                </button>
                <button aria-label=format!("Delete {name}") on:click=move |_| own.forget_unreadable(&forget_key)>
                    "Delete"
                </button>
            </li>
        }
    };
    move || {
        let keys = own.unreadable.get();
        (!keys.is_empty()).then(|| {
            view! {
                <div class="unreadable-sets">
                    <p>
                        {match keys.len() {
                            1 => "1 set of your digits that could not be read is kept in this browser:".to_string(),
                            n => format!("{n} sets of your digits that could not be read are kept in this browser:"),
                        }}
                    </p>
                    <ul>{keys.into_iter().enumerate().map(row).collect_view()}</ul>
                </div>
            }
        })
    }
}

/// What the answering model reads for each of the learner's digits, by image: a digit is read
/// once per model, not again with every change to the set.
fn predictions(model: Memo<Option<Arc<PlainNet>>>, set: RwSignal<Digits>) -> Memo<Vec<u8>> {
    let cache = StoredValue::new((None::<Arc<PlainNet>>, HashMap::<Vec<u8>, u8>::new()));
    Memo::new(move |_| {
        let Some(net) = model.get() else {
            return Vec::new();
        };
        cache.update_value(|(cached, reads)| {
            if !cached.as_ref().is_some_and(|c| Arc::ptr_eq(c, &net)) {
                *cached = Some(net.clone());
                reads.clear();
            }
        });
        set.with(|set| {
            (0..set.len())
                .map(|i| {
                    let image = set.image(i);
                    if let Some(read) = cache.with_value(|(_, reads)| reads.get(image).copied()) {
                        return read;
                    }
                    let read = net.predict(&set.inputs(&[i])).unwrap_or(u8::MAX);
                    cache.update_value(|(_, reads)| {
                        reads.insert(image.to_vec(), read);
                    });
                    read
                })
                .collect()
        })
    })
}

/// The set as a grid: each digit with its label, what the model read, and a remove button.
#[component]
fn DigitGrid(predictions: Memo<Vec<u8>>) -> impl IntoView {
    let lab = expect_context::<DigitsLab>();
    let own = lab.own_digits;
    view! {
        <ul class="own-digits" aria-label="your digits">
            {move || {
                own.set
                    .with(|set| {
                        (0..set.len())
                            .map(|i| {
                                let label = set.label(i);
                                let pixels = Some(ink(set.image(i).iter().copied()));
                                let read = predictions.with(|p| p.get(i).copied());
                                let wrong = read.is_some_and(|r| r != label);
                                let verdict = match read {
                                    Some(r) if r == label => "read right".to_string(),
                                    Some(r) => format!("read as {r}"),
                                    None => String::new(),
                                };
                                view! {
                                    <li class:wrong=wrong>
                                        <Picture rgba=Signal::stored(pixels) label=format!("your {label}") class="picture own" />
                                        <span class="own-label">{label}</span>
                                        <span class="own-read">{verdict}</span>
                                        <button
                                            class="remove"
                                            aria-label=format!("remove digit {} (a {label})", i + 1)
                                            on:click=move |_| own.remove(i)
                                        >
                                            "×"
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    })
            }}
        </ul>
    }
}

/// Fine-tune the answering model on the set, and show its scores before and after.
#[component]
fn FineTunePanel(model: Memo<Option<Arc<PlainNet>>>) -> impl IntoView {
    let lab = expect_context::<DigitsLab>();
    let own = lab.own_digits;
    let blocked = move || {
        if own.set.with(Digits::is_empty) {
            Some("Label a few digits first.")
        } else if !lab.is_loaded() {
            Some("Waiting for MNIST.")
        } else if !model.with(|m| m.as_ref().is_some_and(|m| m.task == Task::AllDigits)) {
            Some("Choose a model of all ten digits to answer first.")
        } else if matches!(own.tuning.get(), Tuning::Running(_)) {
            Some("Fine-tuning…")
        } else {
            None
        }
    };
    let count = move || own.set.with(Digits::len);
    view! {
        <div class="fine-tune">
            <div class="buttons">
                <button on:click=move |_| lab.fine_tune() disabled=move || blocked().is_some()>
                    "Fine-tune on your digits"
                </button>
                <span class="reason">{blocked}</span>
            </div>
            <p class="hint">
                {move || {
                    format!(
                        "{STEPS} steps of SGD at learning rate {LEARNING_RATE}, in batches of up to {BATCH} from your {} digits mixed with {} from MNIST; before and after, the 10,000 MNIST test digits.",
                        count(),
                        mnist_mixed(count())
                    )
                }}
            </p>
            {move || match own.tuning.get() {
                Tuning::Idle => None,
                Tuning::Running(stage) => Some(view! { <TuneProgress stage /> }.into_any()),
                Tuning::Failed(message) => {
                    Some(view! { <p class="alarm" role="status">{format!("Fine-tuning failed: {message}")}</p> }.into_any())
                }
                Tuning::Done(result) => Some(view! { <TuneResult result=*result /> }.into_any()),
            }}
        </div>
    }
}

/// Where a fine-tuning is: a bar over its steps, and what it is doing in words.
#[component]
fn TuneProgress(stage: Option<TuneStage>) -> impl IntoView {
    let (done, text) = match stage {
        None => (0, "Starting…".to_string()),
        Some(TuneStage::ScoringBefore) => (
            0,
            "Scoring the model on the 10,000 MNIST test digits…".into(),
        ),
        Some(TuneStage::Stepping { done }) => (done, format!("Step {done} of {STEPS}…")),
        Some(TuneStage::ScoringAfter) => (
            STEPS,
            "Scoring the fine-tuned model on the MNIST test digits…".into(),
        ),
    };
    view! {
        <progress max=STEPS value=done aria-label="fine-tuning progress"></progress>
        <span class="tune-stage" role="status">{text}</span>
    }
}

#[component]
fn TuneResult(result: FineTuned) -> impl IntoView {
    let row = |name: String, before: f32, after: f32| {
        view! {
            <tr>
                <th scope="row">{name}</th>
                <td>{format::percent(before)}</td>
                <td>{format::percent(after)}</td>
            </tr>
        }
    };
    view! {
        <div class="table-scroll">
            <table class="tune-result" aria-label="fine-tuning result">
                <thead>
                    <tr>
                        <th>"accuracy"</th>
                        <th>"before"</th>
                        <th>"after"</th>
                    </tr>
                </thead>
                <tbody>
                    {row("your digits".into(), result.before.own, result.after.own)}
                    {row("MNIST test digits".into(), result.before.mnist, result.after.mnist)}
                </tbody>
            </table>
        </div>
        <p class="hint" role="status">
            {format!(
                "{} steps on your digits and {} from MNIST. The fine-tuned model now answers your drawings; the model picker goes back to the others.",
                result.steps,
                result.mnist_mixed
            )}
        </p>
    }
}
