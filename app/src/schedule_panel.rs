//! A learning-rate schedule for any lab that trains in batches: the kind, its curve over the
//! run's batches with the batch training now marked, and the rate at any batch the learner
//! clicks or types.

use crate::format;
use crate::plots::schedule_chart::{self, PixelToBatch};
use crate::widgets::{Choice, NumberBox, PlotCanvas};
use descent_core::schedules::{RatePlan, Schedule};
use leptos::prelude::*;

#[component]
pub fn SchedulePanel(
    /// Names the controls, so two labs' panels are told apart ("Digits schedule").
    #[prop(into)]
    label: String,
    /// The schedule, its peak rate and the run's length in batches.
    #[prop(into)]
    plan: Signal<RatePlan>,
    /// The run's batch training now, if a run is under way.
    #[prop(into)]
    current: Signal<Option<usize>>,
    on_set: Callback<Schedule>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let to_batch = StoredValue::new_local(None::<PixelToBatch>);
    let reading = RwSignal::new(None::<usize>);
    let last = move || plan.with(|p| p.total.max(1) - 1);
    let read_at = move |batch: usize| reading.set(Some(batch.min(last())));
    let on_click = move |pixel| {
        if let Some(batch) = to_batch.with_value(|map| map.as_ref().and_then(|map| map(pixel))) {
            read_at(batch);
        }
    };
    let readout = move || {
        reading.get().map(|batch| {
            let plan = plan.get();
            format!(
                "Batch {batch} of {}: rate {}",
                plan.total,
                format::significant(plan.at(batch))
            )
        })
    };
    let chart_label = format!("{label}: learning rate at each batch");
    let reading_label = format!("{label}: read the rate at batch");
    view! {
        <div class="schedule-panel">
            <Choice
                label=label
                caption="Schedule "
                options=Signal::derive(move || Schedule::all_for(plan.with(|p| p.total)).to_vec())
                key=|s: &Schedule| s.name().to_string()
                show=|s: &Schedule| s.name().to_string()
                value=Signal::derive(move || plan.with(|p| p.schedule))
                on_set=on_set
                disabled=disabled
            />
            <p class="hint schedule-about">{move || about(plan.with(|p| p.schedule))}</p>
            <figure class="plot">
                <PlotCanvas
                    width=440
                    height=180
                    label=chart_label
                    snapshot=move || Some((plan.get(), current.get(), reading.get()))
                    draw=move |canvas, (plan, current, reading)| {
                        to_batch.set_value(Some(schedule_chart::draw(canvas, &plan, current, reading)?));
                        Ok(())
                    }
                    on_click=Callback::new(on_click)
                />
                <figcaption>
                    "The rate at each batch of the run. Red: the batch training now. Click the chart, or type a batch, to read its rate."
                </figcaption>
            </figure>
            <label class="inline">
                "Rate at batch "
                <NumberBox
                    label=reading_label
                    value=Signal::derive(move || reading.get().map_or(String::new(), |b| b.to_string()))
                    min=0.0
                    max=1e9
                    whole=true
                    on_set=Callback::new(move |batch: f32| read_at(batch as usize))
                />
            </label>
            <output class="schedule-reading" aria-live="polite">{readout}</output>
        </div>
    }
}

/// What the schedule does, in a sentence (fastai's `fit_one_cycle`, HOML chapter 11).
fn about(schedule: Schedule) -> String {
    match schedule {
        Schedule::Constant => "The same rate for every batch.".into(),
        Schedule::StepDecay { every, factor } => format!(
            "The rate is multiplied by {factor} every {every} batches: big steps first, finer ones later."
        ),
        Schedule::WarmupCosine { warmup } => format!(
            "The rate rises in a straight line over the first {warmup} batches, while the first big gradients settle, then falls along a cosine to zero."
        ),
        Schedule::OneCycle { pct_start, div, .. } => format!(
            "fastai's one-cycle: the rate rises along a cosine from a {div}th of the peak over the first {}% of the run, then falls along a cosine to almost nothing.",
            (pct_start * 100.0).round()
        ),
    }
}
