//! The optimizer race: up to three optimizers from the current point, their paths on the loss
//! surface, their losses on one chart, a replay step by step, and who reached the minimum first.

use super::race::Finished;
use super::state::QuadraticLab;
use crate::format;
use crate::plots::history_chart::{self, Curve};
use crate::plots::surface_chart::RACE_COLOURS;
use crate::widgets::{OptimizerPicker, PlotCanvas, SettingBox};
use descent_core::quadratic::{MAX_RACERS, StopReason, setup};
use leptos::leptos_dom::helpers::IntervalHandle;
use leptos::prelude::*;
use plotters::style::RGBColor;
use std::time::Duration;

/// The replay moves a frame of steps this often.
const REPLAY_TICK_MS: u64 = 40;
/// A whole replay takes about this many ticks, however long the race.
const REPLAY_TICKS: usize = 100;

fn css((RGBColor(r, g, b), _): (RGBColor, ())) -> String {
    format!("rgb({r}, {g}, {b})")
}

fn colour(lane: usize) -> String {
    css((RACE_COLOURS[lane], ()))
}

#[component]
pub fn RacePanel() -> impl IntoView {
    let lab = expect_context::<QuadraticLab>();
    let race = lab.race;
    let status = move || {
        if race.racing.get() {
            Some("Racing…".to_string())
        } else {
            race.error.get()
        }
    };
    view! {
        <section class="panel race" aria-labelledby="race-title">
            <h3 id="race-title">"Optimizer race"</h3>
            <p class="hint">
                "Up to three optimizers start from where you are, each at its own rate, and take the same number of steps on the same loss. Their paths are drawn on the loss surface in their colours."
            </p>
            <div class="race-lanes">
                {(0..MAX_RACERS).map(|lane| view! { <LaneControls lane /> }).collect_view()}
            </div>
            <SettingBox setup=lab number=setup::RACE_LENGTH />
            <div class="buttons">
                <button on:click=move |_| lab.start_race() disabled=move || race.racing.get()>
                    "Race"
                </button>
                <button on:click=move |_| lab.valley_preset() disabled=move || race.racing.get()>
                    "Preset: a narrow valley"
                </button>
            </div>
            <p class="hint">
                "The narrow valley stretches x to run from −4 to 4, so x² reaches 16 and the loss is far steeper along a than along c. Plain SGD at about the largest rate it can take zig-zags across the valley and crawls along it; momentum, at a third of that rate, builds up speed along the floor and arrives first."
            </p>
            <p class="race-status" role="status">{status}</p>
            {move || race.finished.get().map(|finished| view! { <Results finished /> })}
        </section>
    }
}

/// One lane: whether it races, its optimizer and its rate.
#[component]
fn LaneControls(lane: usize) -> impl IntoView {
    let race = expect_context::<QuadraticLab>().race;
    let signal = race.lanes[lane];
    let name = format!("Racer {}", lane + 1);
    let label = format!("{name} optimizer");
    view! {
        <fieldset class="race-lane" data-lane=lane>
            <legend>
                <span class="swatch" style:background-color=colour(lane)></span>
                {name.clone()}
            </legend>
            <label class="inline">
                <input
                    type="checkbox"
                    prop:checked=move || signal.get().racing
                    on:change=move |event| {
                        let racing = event_target_checked(&event);
                        signal.update(|l| l.racing = racing);
                    }
                />
                " races"
            </label>
            <OptimizerPicker
                label
                value=Signal::derive(move || signal.get().racer.optimizer)
                on_set=Callback::new(move |optimizer| signal.update(|l| l.racer.optimizer = optimizer))
            />
            <SettingBox setup=signal number=setup::LANE_RATE name=format!("{name} learning rate") />
        </fieldset>
    }
}

/// The replay controls, the loss curves, and each racer's result at the step replayed.
#[component]
fn Results(finished: Finished) -> impl IntoView {
    let lab = expect_context::<QuadraticLab>();
    let race = lab.race;
    let last = finished.last_step();
    let timer = StoredValue::new(None::<IntervalHandle>);
    let stop_replay = move || {
        if let Some(timer) = timer.try_update_value(Option::take).flatten() {
            timer.clear();
        }
    };
    on_cleanup(stop_replay);
    let replay = move |_| {
        stop_replay();
        race.replay.set(0);
        let stride = last.div_ceil(REPLAY_TICKS).max(1);
        let tick = move || {
            let next = (race.replay.get_untracked() + stride).min(last);
            race.replay.set(next);
            if next >= last {
                stop_replay();
            }
        };
        timer.set_value(set_interval_with_handle(tick, Duration::from_millis(REPLAY_TICK_MS)).ok());
    };
    let nudge = move |by: isize| {
        stop_replay();
        race.replay
            .update(|step| *step = step.saturating_add_signed(by).min(last));
    };
    let curves: Vec<(usize, Vec<(usize, f32)>)> = finished
        .racers
        .iter()
        .zip(&finished.race.paths)
        .map(|((lane, _), path)| {
            (
                *lane,
                path.visited
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (i, e.loss))
                    .collect(),
            )
        })
        .collect();
    let loss_name = lab.loss_kind.get_untracked().label();
    let optimum = finished.race.optimum;
    let rows = finished
        .racers
        .iter()
        .copied()
        .zip(finished.race.paths.clone())
        .map(|((lane, racer), path)| {
            let steps = path.visited.len() - 1;
            let visited = StoredValue::new(path.visited);
            let at = move || {
                let step = race.replay.get().min(steps);
                (step, visited.with_value(|v| v[step]))
            };
            let reached = match (path.reached, path.stop, optimum) {
                (Some(step), _, _) => format!("at step {step}"),
                (None, Some(StopReason::Diverged), _) => {
                    format!("no: it blew up after step {steps}")
                }
                (None, _, Some(_)) => format!("not in {steps} steps"),
                (None, _, None) => "—".into(),
            };
            view! {
                <tr data-lane=lane>
                    <th scope="row">
                        <span class="swatch" style:background-color=colour(lane)></span>
                        {format!("{} {}", racer.optimizer.name(), lane + 1)}
                    </th>
                    <td>{format::significant(racer.learning_rate)}</td>
                    <td class="race-step">{move || at().0}</td>
                    <td class="race-loss">{move || format::number(at().1.loss)}</td>
                    <td class="race-a">{move || format::input(at().1.coefficients.a)}</td>
                    <td class="race-b">{move || format::input(at().1.coefficients.b)}</td>
                    <td class="race-c">{move || format::input(at().1.coefficients.c)}</td>
                    <td class="race-reached">{reached}</td>
                </tr>
            }
        })
        .collect_view();
    let optimum_line = match optimum {
        Some(o) => format!(
            "The least-squares minimum: {} {} at a = {}, b = {}, c = {}. A racer has reached it once its loss is within 1% of that.",
            loss_name,
            format::number(o.loss),
            format::input(o.coefficients.a),
            format::input(o.coefficients.b),
            format::input(o.coefficients.c),
        ),
        None => "The MAE has no minimum in closed form, so no racer is said to reach it: compare their losses.".into(),
    };
    view! {
        <div class="race-replay inline-group">
            <label class="inline">
                "Replay step "
                <input
                    type="range"
                    min="0"
                    max=last
                    step="1"
                    aria-label="replay step"
                    prop:value=move || race.replay.get().to_string()
                    on:input=move |event| {
                        stop_replay();
                        if let Ok(step) = event_target_value(&event).parse() {
                            race.replay.set(step);
                        }
                    }
                />
                <output class="replay-step">{move || format!("{} of {last}", race.replay.get())}</output>
            </label>
            <button on:click=move |_| nudge(-1) aria-label="step back">"◀"</button>
            <button on:click=move |_| nudge(1) aria-label="step forward">"▶"</button>
            <button on:click=replay>"Replay"</button>
        </div>
        <figure class="plot">
            <PlotCanvas
                width=480
                height=220
                label="each racer's loss at each step"
                snapshot=move || Some((curves.clone(), race.replay.get()))
                draw=move |canvas, (curves, replay)| {
                    let drawn: Vec<Curve> = curves
                        .iter()
                        .map(|(lane, points)| Curve {
                            points: &points[..(replay + 1).min(points.len())],
                            colour: RACE_COLOURS[*lane],
                        })
                        .collect();
                    history_chart::draw_curves(canvas, &drawn, None, "step", loss_name)
                }
            />
            <figcaption>"Each racer's loss at each step (log scale), in its colour, up to the step replayed."</figcaption>
        </figure>
        <div class="table-scroll">
            <table class="race-results" aria-label="race results">
                <thead>
                    <tr>
                        <th scope="col">"racer"</th>
                        <th scope="col">"rate"</th>
                        <th scope="col">"step"</th>
                        <th scope="col">{loss_name}</th>
                        <th scope="col">"a"</th>
                        <th scope="col">"b"</th>
                        <th scope="col">"c"</th>
                        <th scope="col">"reached the minimum"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <p class="hint race-optimum">{optimum_line}</p>
    }
}
