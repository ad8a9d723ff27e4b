//! fastbook's seven steps as a strip that lights the stage the trainer is in, and one batch
//! walked through stage by stage with what each stage produced.

use super::model_run::ModelRun;
use super::pictures::{Picture, ink, signed};
use super::state::DigitsLab;
use crate::format;
use descent_core::digits::{Stage, WeightImages};
use descent_core::mnist::PIXELS;
use leptos::prelude::*;

#[component]
pub fn SevenSteps(model: ModelRun) -> impl IntoView {
    let lab = expect_context::<DigitsLab>();
    let strip = Stage::ALL
        .into_iter()
        .enumerate()
        .map(|(i, stage)| {
            let current = move || model.stage.get() == stage;
            view! {
                <li class:current=current aria-current=move || current().then_some("step")>
                    {format!("{} {}", i + 1, stage.name())}
                </li>
            }
        })
        .collect_view();
    let inspecting = move || model.inspection.with(Option::is_some);
    let can_advance = move || inspecting() && model.stage.get().next().is_some();
    view! {
        <div class="seven-steps">
            <ol class="stage-strip" aria-label="the seven steps">
                {strip}
            </ol>
            <div class="buttons">
                <button
                    on:click=move |_| lab.inspect_batch(model)
                    disabled=move || !lab.is_loaded() || model.run.is_busy()
                >
                    "One batch, stage by stage"
                </button>
                <button
                    on:click=move |_| {
                        if let Some(next) = model.stage.get_untracked().next() {
                            model.stage.set(next);
                        }
                    }
                    disabled=move || !can_advance()
                >
                    "Next stage"
                </button>
            </div>
            <div class="stage-view" aria-live="polite">
                {move || inspecting().then(|| view! { <StageView model /> })}
            </div>
        </div>
    }
}

/// What the current stage of the inspected batch produced.
#[component]
fn StageView(model: ModelRun) -> impl IntoView {
    move || {
        // The parent shows this only with an inspection; a reset may clear it first.
        let Some(seen) = model.inspection.get() else {
            return ().into_any();
        };
        match model.stage.get() {
            Stage::Predict => {
                let shown = seen.labels.len();
                let pictures = (0..shown)
                    .map(|i| {
                        let rgba = ink(seen.images[i * PIXELS..(i + 1) * PIXELS].iter().copied());
                        let (label, predicted) = (seen.labels[i], seen.predictions[i]);
                        view! {
                            <figure class="sample" class:wrong=label != predicted>
                                <Picture
                                    rgba=Signal::derive(move || Some(rgba.clone()))
                                    label=format!("a {label}")
                                />
                                <figcaption>{format!("{label} → {predicted}")}</figcaption>
                            </figure>
                        }
                    })
                    .collect_view();
                view! {
                    <p class="stage-text">
                        {format!(
                            "Predict: the model's guess for each of the batch's {} images, before this batch's step (label → prediction; the first {shown} shown).",
                            seen.batch_size,
                        )}
                    </p>
                    <div class="samples">{pictures}</div>
                }
                .into_any()
            }
            Stage::Loss => view! {
                <p class="stage-text">
                    {format!(
                        "Loss: one number that scores all {} predictions: {} (accuracy {}). Lower is better, and unlike accuracy it changes smoothly as the weights change, so it has a gradient.",
                        seen.batch_size,
                        format::number(seen.loss),
                        format::percent(seen.accuracy),
                    )}
                </p>
            }
            .into_any(),
            Stage::Gradient => {
                let sizes = seen
                    .gradient_sizes
                    .iter()
                    .enumerate()
                    .map(|(i, size)| {
                        view! { <li>{format!("layer {}: mean |∂L/∂w| {}", i + 1, format::number(*size))}</li> }
                    })
                    .collect_view();
                view! {
                    <p class="stage-text">
                        "Gradient: backward gives every weight its ∂L/∂w, how the loss changes as that weight grows."
                    </p>
                    <ul class="gradient-sizes" aria-label="gradient size of each layer">{sizes}</ul>
                    <WeightPicture
                        image=seen.first_gradient.clone()
                        label="first layer's gradient, unit 1"
                        caption="∂L/∂w of the first unit's 784 weights: blue where the loss rises as the weight grows, red where it falls."
                    />
                }
                .into_any()
            }
            Stage::Step => view! {
                <p class="stage-text">
                    {format!(
                        "Step: every weight moves against its gradient, w ← w − {} × ∂L/∂w. The first unit's 784 weights before and after look alike, as one step is small; the change, drawn to its own scale, is the gradient's picture reversed.",
                        format::significant(model.learning_rate.get_untracked()),
                    )}
                </p>
                <div class="means">
                    <WeightPicture
                        image=seen.weights_before.clone()
                        label="weights before the step"
                        caption="Before"
                    />
                    <WeightPicture
                        image=seen.weights_after.clone()
                        label="weights after the step"
                        caption="After"
                    />
                    <WeightPicture
                        image=seen.weights_change.clone()
                        label="change of the weights"
                        caption="Change (enlarged)"
                    />
                </div>
            }
            .into_any(),
            Stage::Repeat => view! {
                <p class="stage-text">
                    "Repeat: the next batch goes through the same predict, loss, gradient and step. Press One batch again, or Train to repeat until the epochs are done; Stop ends it."
                </p>
            }
            .into_any(),
            Stage::Initialise | Stage::Stop => ().into_any(),
        }
    }
}

#[component]
fn WeightPicture(image: WeightImages, label: &'static str, caption: &'static str) -> impl IntoView {
    let rgba = signed(&image.values[..PIXELS.min(image.values.len())]);
    view! {
        <figure class="sample">
            <Picture rgba=Signal::derive(move || Some(rgba.clone())) label class="picture large" />
            <figcaption>{caption}</figcaption>
        </figure>
    }
}
