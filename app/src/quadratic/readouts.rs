//! What the lab reports: the loss, the state of a run, and the data as a table.

use super::state::{Finish, Lab, STEP_LIMIT};
use crate::format;
use crate::run_loop::RunState;
use leptos::prelude::*;

/// "MSE 4.2137": the loss at the current coefficients, with its kind.
#[component]
pub fn LossReadout() -> impl IntoView {
    let lab = expect_context::<Lab>();
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
    let lab = expect_context::<Lab>();
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
        RunState::Finished(Finish::Diverged) => {
            "The loss blew up: the learning rate is too high for this point, so each step \
             overshoots the minimum by more than the last. Lower the learning rate or press Reset."
                .into()
        }
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

/// The points as a table: an accessible alternative to the chart, and a way to check the numbers.
#[component]
pub fn DataTable() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let rows = move || {
        lab.points.with(|points| {
            points
                .pairs()
                .map(|(x, y)| {
                    view! {
                        <tr>
                            <td>{format!("{x:.4}")}</td>
                            <td>{format!("{y:.4}")}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <details class="data-table">
            <summary>{move || format!("Data as a table ({} points)", lab.points.with(|p| p.len()))}</summary>
            <table aria-label="data points">
                <thead>
                    <tr>
                        <th scope="col">"x"</th>
                        <th scope="col">"y"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </details>
    }
}
