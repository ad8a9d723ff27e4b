//! What the lab reports: the loss, the state of a run, and the data as a table.

use super::controls::x_reach;
use super::state::{Finish, QuadraticLab, STEEP_DATA_RATE, STEP_LIMIT};
use crate::format;
use crate::run_loop::RunState;
use crate::widgets::{NumberBox, SaidLine};
use descent_core::data_text::readable;
use descent_core::points::COORDINATE_LIMIT;
use descent_core::quadratic::{NoisyQuadratic, QuadraticSetup};
use leptos::prelude::*;

/// "MSE 4.2137": the loss at the current coefficients, with its kind.
#[component]
pub fn LossReadout() -> impl IntoView {
    let lab = expect_context::<QuadraticLab>();
    let text = move || {
        let kind = lab.loss_kind.get().label();
        match lab.evaluation.get() {
            Some(e) => format!("{kind} {}", format::number(e.loss)),
            None => format!("{kind} …"),
        }
    };
    view! {
        <p class="loss-line">
            "Loss: " <output class="loss" aria-label="loss" aria-live="off">
                {text}
            </output>
        </p>
    }
}

/// How the last Step or Train went, in plain words.
#[component]
pub fn RunMessage() -> impl IntoView {
    let lab = expect_context::<QuadraticLab>();
    let steps = move || lab.steps.get();
    let message = move || match lab.run.state.get() {
        RunState::Idle | RunState::Stepping => String::new(),
        RunState::Running => format!("Training… step {}", steps()),
        RunState::Stopping => "Stopping…".into(),
        RunState::Stopped => format!("Stopped after {} steps.", steps()),
        RunState::Finished(Finish::Converged) => format!(
            "Converged after {} steps: the gradient is practically zero, so steps no longer move the coefficients.",
            steps()
        ),
        RunState::Finished(Finish::StepLimit) => {
            format!("Stopped at the step limit ({STEP_LIMIT} steps).")
        }
        RunState::Finished(Finish::Diverged) => blew_up(lab),
        RunState::Failed(reason) => format!("Something went wrong: {reason}"),
    };
    let alarming = move || {
        matches!(
            lab.run.state.get(),
            RunState::Finished(Finish::Diverged) | RunState::Failed(_)
        )
    };
    view! {
        <p
            class="run-message"
            class:alarm=alarming
            role=move || if alarming() { "alert" } else { "status" }
        >
            {message}
        </p>
    }
}

/// Why the loss blew up, and what can be done: the largest stable rate, when the loss has one,
/// and the points' scale, when that is what makes it so small.
fn blew_up(lab: QuadraticLab) -> String {
    let rate = lab.learning_rate.get();
    match lab.stable_rate.get() {
        Some(stable) if f64::from(rate) > stable => {
            let mut text = format!(
                "The loss blew up: the learning rate {} is above the largest stable rate here (≈ {}), so each step overshoots the minimum by more than the last. Lower it below {} or press Reset.",
                readable(rate.into()),
                readable(stable),
                readable(stable)
            );
            if stable < STEEP_DATA_RATE {
                text.push_str(&format!(
                    " The points' scale is the cause (x reaches {}): Scale the data to ±1, above, brings the rate back to everyday values.",
                    readable(x_reach(lab).into())
                ));
            }
            text
        }
        _ => "The loss blew up: each step overshoots the minimum by more than the last. Lower the learning rate or press Reset.".into(),
    }
}

/// The points as a table: an accessible alternative to the chart, a way to check the numbers,
/// and a way to edit them. Rows are keyed by position, so a box keeps its focus while its
/// value changes.
#[component]
pub fn DataTable() -> impl IntoView {
    let lab = expect_context::<QuadraticLab>();
    let count = move || lab.points.with(|p| p.len());
    let coordinate = move |index: usize, axis: usize| {
        Signal::derive(move || {
            lab.points.with(|p| {
                let values = if axis == 0 { &p.xs } else { &p.ys };
                values
                    .get(index)
                    .map_or(String::new(), |v| format!("{v:.4}"))
            })
        })
    };
    let set = move |index: usize, axis: usize| {
        Callback::new(move |value: f32| {
            lab.edit_points(|points| {
                let (x, y) = points.pairs().nth(index).ok_or("no such point")?;
                match axis {
                    0 => points.set(index, value, y),
                    _ => points.set(index, x, value),
                }
            })
        })
    };
    let (lo, hi) = (-COORDINATE_LIMIT, COORDINATE_LIMIT);
    view! {
        <details class="data-table">
            <summary>{move || format!("Data as a table ({} points): edit, add or remove", count())}</summary>
            <table aria-label="data points">
                <thead>
                    <tr>
                        <th scope="col">"x"</th>
                        <th scope="col">"y"</th>
                        <th scope="col"><span class="visually-hidden">"remove"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || 0..count() key=|i| *i let:i>
                        <tr>
                            <td>
                                <NumberBox label=format!("x of point {}", i + 1) value=coordinate(i, 0) min=lo max=hi on_set=set(i, 0) />
                            </td>
                            <td>
                                <NumberBox label=format!("y of point {}", i + 1) value=coordinate(i, 1) min=lo max=hi on_set=set(i, 1) />
                            </td>
                            <td>
                                <button
                                    aria-label=format!("remove point {}", i + 1)
                                    on:click=move |_| lab.edit_points(|points| points.remove(i))
                                >
                                    "×"
                                </button>
                            </td>
                        </tr>
                    </For>
                </tbody>
            </table>
            <button on:click=move |_| lab.edit_points(|points| points.push(0.0, 0.0))>"Add a point"</button>
        </details>
    }
}

/// "Paste data", "Back to the lesson's data", and what the last edit did or why it was refused.
#[component]
pub fn PointsEditing() -> impl IntoView {
    let lab = expect_context::<QuadraticLab>();
    let text = RwSignal::new(String::new());
    let lesson = Memo::new(move |_| {
        lab.points
            .with(|p| *p == NoisyQuadratic::default().sample())
            && lab.recipe.with(|r| *r == NoisyQuadratic::default())
    });
    view! {
        <div class="points-editing">
            <p class="hint">
                "Your own data: click the chart to add a point, drag a point to move it, and press Delete on a focused point (Tab reaches them) or hold it on a touch screen to remove it. Arrow keys nudge a focused point."
            </p>
            <details class="paste-data">
                <summary>"Paste data"</summary>
                <label for="paste-points">"x,y pairs, one per line (commas, spaces or tabs; a header line is fine)"</label>
                <textarea
                    id="paste-points"
                    rows="6"
                    placeholder="x,y\n-1.5,6.2\n0,1.1\n2,14.8"
                    prop:value=text
                    on:input=move |e| text.set(event_target_value(&e))
                ></textarea>
                <button on:click=move |_| {
                    if lab.paste_points(&text.get_untracked()) {
                        text.set(String::new());
                    }
                }>"Use these points"</button>
            </details>
            <button on:click=move |_| lab.restore_lesson_data() disabled=move || lesson.get()>
                "Back to the lesson's data"
            </button>
            <SaidLine said=lab.points_message class="points-message" />
            <p class="hint points-link" role="status">
                {move || {
                    lab.own_points
                        .get()
                        .filter(|points| !QuadraticSetup::points_fit_link(points))
                        .map(|points| {
                            format!(
                                "Your {} points are too many for the lab's link: paste them as text to share them.",
                                points.len(),
                            )
                        })
                }}
            </p>
        </div>
    }
}
