//! The cleaning, one step at a time, each shown on the file's first passengers before and after.

use super::state::{Data, TitanicLab};
use crate::format;
use crate::plots::histogram_chart;
use crate::widgets::PlotCanvas;
use descent_core::titanic::{COLUMNS, Cleaning, Histogram, Passenger, dummies, log_fare};
use leptos::prelude::*;

#[component]
pub fn CleaningSteps() -> impl IntoView {
    let lab = expect_context::<TitanicLab>();
    move || match lab.data.get() {
        Data::Loading => {
            view! { <p class="titanic-data" role="status">"Loading the passengers…"</p> }.into_any()
        }
        Data::Failed(why) => view! {
            <p class="titanic-data alarm" role="alert">
                {format!("The passengers could not be loaded: {why} ")}
                <button on:click=move |_| lab.load()>"Retry"</button>
            </p>
        }
        .into_any(),
        Data::Loaded { cleaning, examples } => view! { <Steps cleaning examples /> }.into_any(),
    }
}

#[component]
fn Steps(cleaning: Cleaning, examples: Vec<Passenger>) -> impl IntoView {
    let c = &cleaning;
    let filled: Vec<Passenger> = examples.iter().map(|p| c.filled(p)).collect();
    let name = |p: &Passenger| p.name.split(',').next().unwrap_or_default().to_string();
    let missing = |v: Option<String>| v.unwrap_or_else(|| "—".into());
    let raw_rows = examples
        .iter()
        .map(|p| {
            vec![
                p.id.to_string(),
                name(p),
                u8::from(p.survived).to_string(),
                p.class.to_string(),
                format!("{:?}", p.sex).to_lowercase(),
                missing(p.age.map(|a| a.to_string())),
                p.siblings_spouses.to_string(),
                p.parents_children.to_string(),
                missing(p.fare.map(|f| f.to_string())),
                missing(p.embarked.map(|e| e.letter().to_string())),
            ]
        })
        .collect();
    let fill_rows = examples
        .iter()
        .zip(&filled)
        .map(|(before, after)| {
            vec![
                before.id.to_string(),
                missing(before.age.map(|a| a.to_string())),
                missing(after.age.map(|a| a.to_string())),
                missing(before.embarked.map(|e| e.letter().to_string())),
                missing(after.embarked.map(|e| e.letter().to_string())),
            ]
        })
        .collect();
    let fare_rows = filled
        .iter()
        .map(|p| {
            let fare = p.fare.unwrap_or(0.0);
            vec![
                p.id.to_string(),
                fare.to_string(),
                format::number(log_fare(fare)),
            ]
        })
        .collect();
    let unscaled: Vec<[f32; 12]> = filled.iter().map(dummies).collect();
    let dummy_rows = examples
        .iter()
        .zip(&unscaled)
        .map(|(p, row)| {
            let mut cells = vec![
                p.id.to_string(),
                format!("{:?}", p.sex).to_lowercase(),
                p.class.to_string(),
                filled_port(c, p),
            ];
            cells.extend(row[4..].iter().map(|v| v.to_string()));
            cells
        })
        .collect();
    let scaled_rows = examples
        .iter()
        .map(|p| {
            std::iter::once(p.id.to_string())
                .chain(c.features(p).iter().map(|v| format!("{v:.3}")))
                .collect()
        })
        .collect();
    let maxima = vec![
        std::iter::once("maximum".to_string())
            .chain(c.maxima.iter().map(|m| format!("{m:.3}")))
            .collect(),
    ];
    let with_id = |names: &[&str]| {
        std::iter::once("Passenger")
            .chain(names.iter().copied())
            .map(String::from)
            .collect::<Vec<_>>()
    };
    view! {
        <p class="titanic-data" role="status">
            {format!(
                "{} passengers from Kaggle's train.csv; {} of them survived ({}).",
                c.passengers,
                c.survived,
                format::percent(c.survived as f32 / c.passengers as f32),
            )}
        </p>
        <Table
            label="the first passengers as the file has them"
            head=with_id(&["Name", "Survived", "Class", "Sex", "Age", "SibSp", "Parch", "Fare", "Embarked"])
            rows=raw_rows
        />
        <section class="titanic-step" aria-labelledby="titanic-step-1">
            <h4 id="titanic-step-1">"Step 1: fill in what is missing, with the mode"</h4>
            <p class="titanic-step-summary">
                {format!(
                    "Age is missing for {} passengers and the port for {}. The notebook fills each gap with the column's most common value (its mode): age {}, port {} ({}).",
                    c.missing_age,
                    c.missing_embarked,
                    c.age_mode,
                    c.embarked_mode.letter(),
                    c.embarked_mode.name(),
                )}
            </p>
            <Table
                label="step 1: before and after"
                head=with_id(&["Age before", "Age after", "Embarked before", "Embarked after"])
                rows=fill_rows
            />
        </section>
        <section class="titanic-step" aria-labelledby="titanic-step-2">
            <h4 id="titanic-step-2">"Step 2: the fare as log(fare + 1)"</h4>
            <p class="titanic-step-summary">
                "Most fares are under 30 but a few reach 512: on a log scale the long tail no longer swamps the rest. The +1 keeps a free ticket at 0."
            </p>
            <div class="titanic-histograms">
                <FareHistogram histogram=c.fare_before.clone() name="fare" label="fares before: a histogram" />
                <FareHistogram histogram=c.fare_after.clone() name="log(fare + 1)" label="fares after: a histogram of log(fare + 1)" />
            </div>
            <Table label="step 2: before and after" head=with_id(&["Fare", "LogFare"]) rows=fare_rows />
        </section>
        <section class="titanic-step" aria-labelledby="titanic-step-3">
            <h4 id="titanic-step-3">"Step 3: sex, class and port as dummy columns"</h4>
            <p class="titanic-step-summary">
                "A model multiplies its inputs by weights, so categories become columns of 0 and 1: one per sex, class and port."
            </p>
            <Table
                label="step 3: before and after"
                head=with_id(&[&["Sex", "Pclass", "Embarked"][..], &COLUMNS[4..]].concat())
                rows=dummy_rows
            />
        </section>
        <section class="titanic-step" aria-labelledby="titanic-step-4">
            <h4 id="titanic-step-4">"Step 4: each column divided by its maximum"</h4>
            <p class="titanic-step-summary">
                "Age runs to 80 while the dummies are 0 or 1: divided by its largest value, every column lies between 0 and 1, so no input dominates the sum just by its scale."
            </p>
            <Table label="step 4: the maxima" head=with_id(&COLUMNS) rows=maxima />
            <Table label="step 4: after" head=with_id(&COLUMNS) rows=scaled_rows />
        </section>
    }
}

fn filled_port(c: &Cleaning, p: &Passenger) -> String {
    c.filled(p)
        .embarked
        .map(|e| e.letter())
        .unwrap_or("—")
        .into()
}

#[component]
fn FareHistogram(histogram: Histogram, name: &'static str, label: &'static str) -> impl IntoView {
    let caption = format!(
        "{label}, {} bars from {} to {}.",
        histogram.counts.len(),
        format::number(histogram.lo),
        format::number(histogram.hi)
    );
    view! {
        <figure class="plot">
            <PlotCanvas
                width=320
                height=200
                label=label
                snapshot=move || Some(histogram.clone())
                draw=move |canvas, h| histogram_chart::draw(canvas, (h.lo, h.hi), &h.counts, name)
            />
            <figcaption>{caption}</figcaption>
        </figure>
    }
}

/// A table of text cells with a header row, in a region that scrolls sideways on a narrow
/// screen (focusable, so a keyboard can scroll it too).
#[component]
pub fn Table(label: &'static str, head: Vec<String>, rows: Vec<Vec<String>>) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=label>
            <table class="titanic-table" aria-label=label>
                <thead>
                    <tr>{head.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|row| {
                            view! {
                                <tr>{row.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}</tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
