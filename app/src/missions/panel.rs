//! The missions' views: the button that lists them, the list grouped by lab, and the card of the
//! mission set up, with its status said in a live region.

use super::{Missions, describe};
use descent_core::missions::{MissionId, Status};
use leptos::prelude::*;
use protocol::LabKind;

/// Opens and closes the list of missions; says how many are done.
#[component]
pub fn MissionsButton(offered: &'static [MissionId]) -> impl IntoView {
    let missions = expect_context::<Missions>();
    let done = move || {
        missions
            .progress
            .with(|p| offered.iter().filter(|&&id| p.is_done(id)).count())
    };
    view! {
        <button
            class="missions-button"
            aria-expanded=move || missions.listed.get().to_string()
            aria-controls="missions-panel"
            on:click=move |_| missions.listed.update(|shown| *shown = !*shown)
        >
            {move || format!("Missions ({} of {} done)", done(), offered.len())}
        </button>
    }
}

/// Every mission the labs offer, grouped by lab in the lesson's order, each with its status and
/// Set up; Start over forgets what was done.
#[component]
pub fn MissionsPanel(offered: &'static [MissionId]) -> impl IntoView {
    let missions = expect_context::<Missions>();
    let mut labs: Vec<&'static str> = offered.iter().map(|id| id.mission().lab).collect();
    labs.dedup();
    let groups = labs
        .into_iter()
        .map(|lab| {
            let label = LabKind::from_key(lab).map_or(lab, LabKind::label);
            let items = offered
                .iter()
                .filter(|id| id.mission().lab == lab)
                .map(|&id| view! { <MissionItem id /> })
                .collect_view();
            view! {
                <h3>{label}</h3>
                <ol class="mission-list">{items}</ol>
            }
        })
        .collect_view();
    view! {
        <section
            id="missions-panel"
            class="missions-panel"
            aria-labelledby="missions-title"
            hidden=move || !missions.listed.get()
        >
            <h2 id="missions-title">"Missions"</h2>
            <p class="hint">
                "Each mission asks you to do one thing in a lab; the page checks it from what the lab does, and says when it is done. Progress is kept in this browser."
            </p>
            {move || {
                missions
                    .store_notice
                    .get()
                    .map(|notice| view! { <p class="address-notice" role="alert">{notice}</p> })
            }}
            {groups}
            <button on:click=move |_| missions.start_over()>"Start over"</button>
        </section>
    }
}

#[component]
fn MissionItem(id: MissionId) -> impl IntoView {
    let missions = expect_context::<Missions>();
    let mission = id.mission();
    let task_id = format!("mission-{}-task", id.key());
    view! {
        <li class="mission" data-mission=id.key()>
            <span id=task_id.clone()>{mission.task}</span>
            " "
            <span class="mission-status">{move || describe(missions.status(id))}</span>
            " "
            <button aria-describedby=task_id on:click=move |_| missions.set_up(id)>
                "Set up"
            </button>
        </li>
    }
}

/// The mission set up: its task, status, hint on request and, once done, what it showed. The
/// live region that says a mission's status is always in the page, so every change is heard.
#[component]
pub fn MissionCard(tab: RwSignal<LabKind>) -> impl IntoView {
    let missions = expect_context::<Missions>();
    let card = move || {
        let id = missions.current.get()?;
        let mission = id.mission();
        let lab = LabKind::from_key(mission.lab)?;
        let status = move || missions.status(id);
        let elsewhere = move || tab.get() != lab;
        Some(view! {
            <section class="mission-card" aria-labelledby="mission-card-title" data-mission=id.key()>
                <h2 id="mission-card-title">"Mission"</h2>
                <p class="mission-task">{mission.task}</p>
                <p class="mission-state">
                    "Status: " <strong class="mission-status">{move || describe(status())}</strong>
                </p>
                <Show when=elsewhere>
                    <button on:click=move |_| tab.set(lab)>
                        {format!("Go to the {}", lab.label())}
                    </button>
                </Show>
                <button
                    aria-expanded=move || missions.hinted.get().to_string()
                    on:click=move |_| missions.hinted.update(|shown| *shown = !*shown)
                >
                    "Hint"
                </button>
                <button on:click=move |_| missions.set_up(id)>"Set up again"</button>
                <button on:click=move |_| missions.leave()>"Leave mission"</button>
                <Show when=move || missions.hinted.get()>
                    <p class="mission-hint">{mission.hint}</p>
                </Show>
                <Show when=move || status() == Status::Done>
                    <p class="mission-explanation">{mission.explanation}</p>
                </Show>
            </section>
        })
    };
    view! {
        {card}
        <p class="visually-hidden" role="status" aria-live="polite">{move || missions.said.get()}</p>
    }
}
