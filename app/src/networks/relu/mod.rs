//! The ReLU lab: any function from ReLUs. The learner adds units, each `max(0, m·x + b)` times a
//! weight, drags them over a target curve and reads the MSE; Fit runs gradient descent on all of
//! them at once and shows where the hinges land.

mod state;

use super::Networks;
use crate::format;
use crate::plots::relu_chart::{self, ReluPicture};
use engine::relu::{Hinge, ReluSum};
use leptos::prelude::*;
pub use state::ReluLab;
use state::{
    CONSTANT_RANGE, FIT_LEARNING_RATE, FIT_STEPS, FitStatus, MAX_UNITS, SLIDER_RANGE, Target,
    UNIT_COUNTS,
};

/// Samples of each drawn curve.
const CURVE_SAMPLES: usize = 200;

#[component]
pub fn ReluLabView() -> impl IntoView {
    let networks = expect_context::<Networks>();
    let lab = networks.relu;
    let mse = move || {
        let points = lab.points();
        lab.sum.with(|sum| sum.mse(&points))
    };
    let units = move || lab.sum.with(|s| s.hinges.len());
    view! {
        <section class="lab" aria-labelledby="relu-title">
            <h2 id="relu-title">"ReLU lab: any function from ReLUs"</h2>
            <p class="intro">
                "A rectified linear unit is max(0, m·x + b): zero, then a straight line from its hinge at x = −b/m. Add them up, each with a weight, and you can bend a line into any shape. More units, closer fit: that is the universal approximation theorem. Drag the units yourself, or press Fit to let gradient descent move them all at once."
            </p>
            <super::EngineLine />
            <div class="lab-grid">
                <div>
                    <ReluChart />
                    <p class="loss-line">
                        "MSE " <output class="loss relu-mse" aria-label="ReLU MSE">
                            {move || format::number(mse())}
                        </output> {move || format!(" with {} unit{}", units(), if units() == 1 { "" } else { "s" })}
                    </p>
                    <FitControls />
                </div>
                <div>
                    <TargetPicker />
                    <UnitList />
                </div>
            </div>
        </section>
    }
}

#[component]
fn ReluChart() -> impl IntoView {
    let lab = expect_context::<Networks>().relu;
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    crate::frame::redraw_per_frame(
        move || Some((canvas.get()?, lab.points(), lab.sum.get())),
        move |(canvas, points, sum)| {
            if let Err(error) = relu_chart::draw(&canvas, &picture(&points, &sum)) {
                web_sys::console::error_1(&format!("ReLU chart: {error}").into());
            }
        },
    );
    view! {
        <figure class="plot">
            <canvas node_ref=canvas role="img" width="460" height="320" aria-label="sum of ReLUs over the target"></canvas>
            <figcaption>
                "Blue: the target. Red: the sum of the units. Purple: each unit's part, with a triangle at its hinge."
            </figcaption>
        </figure>
    }
}

fn picture(points: &engine::Points, sum: &ReluSum) -> ReluPicture {
    let (lo, hi) = crate::plots::fit_chart::X_RANGE;
    let xs: Vec<f32> = (0..CURVE_SAMPLES)
        .map(|i| lo + (hi - lo) * i as f32 / (CURVE_SAMPLES - 1) as f32)
        .collect();
    let curve = |f: &dyn Fn(f32) -> f32| xs.iter().map(|&x| (x, f(x))).collect::<Vec<_>>();
    ReluPicture {
        points: points.pairs().collect(),
        sum: curve(&|x| sum.at(x)),
        units: sum.hinges.iter().map(|h| curve(&|x| h.at(x))).collect(),
        knees: sum.hinges.iter().filter_map(Hinge::knee).collect(),
    }
}

#[component]
fn TargetPicker() -> impl IntoView {
    let lab = expect_context::<Networks>().relu;
    view! {
        <label class="inline">
            "Target "
            <select
                aria-label="target curve"
                prop:value=move || lab.target.get().key()
                on:change=move |ev| {
                    let key = event_target_value(&ev);
                    if let Some(target) = Target::ALL.into_iter().find(|t| t.key() == key) {
                        lab.set_target(target);
                    }
                }
            >
                {Target::ALL
                    .map(|t| view! { <option value=t.key()>{t.label()}</option> })}
            </select>
        </label>
    }
}

#[component]
fn FitControls() -> impl IntoView {
    let lab = expect_context::<Networks>().relu;
    let count = RwSignal::new(8usize);
    let status = move || match lab.status.get() {
        FitStatus::Idle => String::new(),
        FitStatus::Fitting { steps } => format!("Fitting: step {steps} of {FIT_STEPS}…"),
        FitStatus::Done { steps } => format!("Fitted: {steps} steps of gradient descent (Adam)."),
        FitStatus::Failed(why) => format!("The fit failed: {why}"),
    };
    let failed = move || matches!(lab.status.get(), FitStatus::Failed(_));
    view! {
        <div class="buttons" role="group" aria-label="ReLU fit">
            <button
                on:click=move |_| lab.fit()
                disabled=move || lab.is_fitting() || lab.sum.with(|s| s.hinges.is_empty())
            >
                "Fit"
            </button>
            <button on:click=move |_| lab.stop() disabled=move || !lab.is_fitting()>
                "Stop"
            </button>
        </div>
        <p class="hint">
            {format!(
                "Fit: {FIT_STEPS} steps of Adam at rate {FIT_LEARNING_RATE} on every m, b, weight and the constant, starting from your units.",
            )}
        </p>
        <p class="train-status relu-status" class:alarm=failed role="status">{status}</p>
        <div class="inline">
            <button on:click=move |_| lab.start_over(count.get_untracked())>"Start over with"</button>
            <select
                aria-label="units to start with"
                prop:value=move || count.get().to_string()
                on:change=move |ev| {
                    if let Ok(n) = event_target_value(&ev).parse() {
                        count.set(n);
                    }
                }
            >
                {UNIT_COUNTS.map(|n| view! { <option value=n.to_string()>{n}</option> })}
            </select>
            "units, spread out"
        </div>
    }
}

#[component]
fn UnitList() -> impl IntoView {
    let lab = expect_context::<Networks>().relu;
    let count = move || lab.sum.with(|s| s.hinges.len());
    view! {
        <div class="relu-units">
            <For each=move || 0..count() key=|i| *i let:index>
                <UnitControls index />
            </For>
            <Slider
                label="constant c".into()
                range=CONSTANT_RANGE
                value=Signal::derive(move || lab.sum.with(|s| s.c))
                on_set=Callback::new(move |v| lab.edit(|s| s.c = v))
            />
            <button on:click=move |_| lab.add_unit() disabled=move || { count() >= MAX_UNITS }>
                "Add a unit"
            </button>
            <p class="hint" role="status" aria-label="units">
                {move || match count() {
                    0 => "No units: the sum is the constant alone. Add a unit to fit.".to_string(),
                    n if n >= MAX_UNITS => format!("{MAX_UNITS} units is the most here."),
                    _ => String::new(),
                }}
            </p>
        </div>
    }
}

#[component]
fn UnitControls(index: usize) -> impl IntoView {
    let lab = expect_context::<Networks>().relu;
    let hinge = move || lab.sum.with(|s| s.hinges.get(index).copied());
    let field =
        move |get: fn(&Hinge) -> f32| Signal::derive(move || hinge().map_or(0.0, |h| get(&h)));
    let setter = move |set: fn(&mut Hinge, f32)| {
        Callback::new(move |v: f32| {
            lab.edit(|s| {
                if let Some(h) = s.hinges.get_mut(index) {
                    set(h, v);
                }
            })
        })
    };
    let knee = move || {
        hinge()
            .and_then(|h| h.knee())
            .map_or("no hinge (m = 0)".into(), |k| {
                format!("hinge at x = {}", format::number(k))
            })
    };
    let n = index + 1;
    view! {
        <fieldset class="relu-unit">
            <legend>{format!("Unit {n}: weight · max(0, m·x + b)")} " · " {knee}</legend>
            <div>
                <Slider label=format!("unit {n} m") range=SLIDER_RANGE value=field(|h| h.m) on_set=setter(|h, v| h.m = v) />
                <Slider label=format!("unit {n} b") range=SLIDER_RANGE value=field(|h| h.b) on_set=setter(|h, v| h.b = v) />
                <Slider label=format!("unit {n} weight") range=SLIDER_RANGE value=field(|h| h.a) on_set=setter(|h, v| h.a = v) />
            </div>
            <button
                aria-label=format!("remove unit {n}")
                on:click=move |_| lab.edit(|s| {
                    if index < s.hinges.len() {
                        s.hinges.remove(index);
                    }
                })
            >
                "Remove"
            </button>
        </fieldset>
    }
}

/// A labelled slider with its value written beside it (the value may lie outside the range
/// after a fit; the slider then rests at its end).
#[component]
fn Slider(
    label: String,
    range: (f32, f32),
    #[prop(into)] value: Signal<f32>,
    on_set: Callback<f32>,
) -> impl IntoView {
    let short = label.rsplit(' ').next().unwrap_or_default().to_string();
    view! {
        <label class="relu-slider">
            <span>{short}</span>
            <input
                type="range"
                aria-label=label
                min=range.0.to_string()
                max=range.1.to_string()
                step="0.01"
                prop:value=move || value.get().to_string()
                on:input=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse() {
                        on_set.run(v);
                    }
                }
            />
            <output>{move || format::number(value.get())}</output>
        </label>
    }
}
