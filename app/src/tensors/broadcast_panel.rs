//! Broadcasting: `stack − mean3` without copying the mean, the rule checked for any two shapes
//! typed, then each image's L1 distance as one vector, `.mean((-1, -2))`.

use super::grid::{Cells, Grid};
use super::place_box::PlaceBox;
use super::state::Stack;
use crate::format;
use descent_core::mnist::SIDE;
use descent_core::tensors::{aligned, broadcast, l1_distances, parse_shape, shown};
use leptos::prelude::*;

/// Distances listed under the vector.
const LISTED: usize = 6;

#[component]
pub fn BroadcastPanel(stack: Stack) -> impl IntoView {
    let count = stack.count;
    let digit = stack.digit;
    let stack = StoredValue::new(stack);
    let image = RwSignal::new(0usize);
    let (row, column) = (RwSignal::new(14usize), RwSignal::new(14usize));
    let difference = Memo::new(move |_| {
        stack.with_value(|s| {
            s.image(image.get())
                .iter()
                .zip(s.mean.iter())
                .map(|(x, m)| x - m)
                .collect::<Vec<f32>>()
        })
    });
    let distances = StoredValue::new(stack.with_value(|s| l1_distances(&s.pixels, &s.mean)));
    let mean_cells = stack.with_value(|s| Cells::grey(SIDE, SIDE, s.mean.to_vec()));
    // The mean drawn once per image it is read against: four shown, the rest said.
    let stretched = (0..4)
        .map(|_| view! { <Grid cells=mean_cells.clone() label="the mean again" class="grid picture-small" /> })
        .collect::<Vec<_>>();
    view! {
        <p>
            <code>"stack - mean" {digit}</code> ": shapes " <code>{shown(&[count, SIDE, SIDE])}</code>
            " and " <code>{shown(&[SIDE, SIDE])}</code>
            " line up from the right; the mean has no first axis, so it is read again for each of the "
            {format::whole(count)} " images. It is never copied: PyTorch gives the missing axis a stride of 0."
        </p>
        <div class="stretched" aria-label="the mean stretched along the first axis" role="group">
            {stretched}
            <span class="stretched-more">{format!("… {} times", format::whole(count))}</span>
        </div>
        <div class="pixel-pick">
            <PlaceBox label="image" value=image max={count - 1} />
            <PlaceBox label="row" value=row max={SIDE - 1} />
            <PlaceBox label="column" value=column max={SIDE - 1} />
        </div>
        <div class="difference-pictures">
            <figure>
                <Grid
                    cells=Signal::derive(move || Cells::grey(SIDE, SIDE, stack.with_value(|s| s.image(image.get()))))
                    label="the image"
                    class="grid picture-large"
                />
                <figcaption>{move || format!("stack[{}]", image.get())}</figcaption>
            </figure>
            <span class="operator">"−"</span>
            <figure>
                <Grid cells=mean_cells.clone() label=format!("the mean {digit}") class="grid picture-large" />
                <figcaption>{format!("mean{digit}")}</figcaption>
            </figure>
            <span class="operator">"="</span>
            <figure>
                <Grid
                    cells=Signal::derive(move || Cells {
                        marked: Some((row.get(), column.get())),
                        ..Cells::signed(SIDE, SIDE, difference.get())
                    })
                    label="the difference, blue above the mean, red below"
                    class="grid picture-large"
                />
                <figcaption>"the difference"</figcaption>
            </figure>
        </div>
        <p class="difference-at" role="status" aria-label="difference at the pixel">
            {move || {
                let (i, r, c) = (image.get(), row.get(), column.get());
                let at = r * SIDE + c;
                let (x, m) = stack.with_value(|s| (s.image(i)[at], s.mean[at]));
                format!(
                    "At row {r}, column {c}: {} − {} = {}",
                    format::fixed(x, 4),
                    format::fixed(m, 4),
                    format::fixed(x - m, 4)
                )
            }}
        </p>
        <ShapeRule default_left=shown(&[count, SIDE, SIDE]) default_right=shown(&[SIDE, SIDE]) />
        <p>
            <code>"(stack - mean" {digit} ").abs().mean((-1, -2))"</code>
            " averages each image's 784 differences: one distance per image, a vector of shape "
            <code class="distances-shape">{shown(&[count])}</code> "."
        </p>
        <p class="distances" role="status" aria-label="distances">
            {distances.with_value(|d| {
                let first: Vec<String> = d.iter().take(LISTED).map(|v| format::fixed(*v, 4)).collect();
                let mean = d.iter().sum::<f32>() / d.len().max(1) as f32;
                format!(
                    "[{}, …]; their mean {}",
                    first.join(", "),
                    format::fixed(mean, 4)
                )
            })}
        </p>
    }
}

/// Two shapes typed, lined up from the right axis by axis, and the result or why there is none.
#[component]
fn ShapeRule(default_left: String, default_right: String) -> impl IntoView {
    let left = RwSignal::new(default_left);
    let right = RwSignal::new(default_right);
    let checked = move || {
        let (l, r) = (parse_shape(&left.get()), parse_shape(&right.get()));
        match (l, r) {
            (Ok(l), Ok(r)) => Ok((aligned(&l, &r), broadcast(&l, &r))),
            (Err(why), _) | (_, Err(why)) => Err(why),
        }
    };
    let shape_box = |label: &'static str, value: RwSignal<String>| {
        view! {
            <label>
                {label} " "
                <input
                    type="text"
                    aria-label=label
                    spellcheck="false"
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
            </label>
        }
    };
    view! {
        <div class="shape-rule">
            <p>"The rule, for any two shapes: line them up from the right; each pair of sizes must be equal, or one of them 1 (a missing axis counts as 1)."</p>
            {shape_box("left shape", left)}
            {shape_box("right shape", right)}
            {move || match checked() {
                Err(why) => view! { <p class="refusal" role="alert">{why}</p> }.into_any(),
                Ok((axes, result)) => {
                    let rows = axes
                        .iter()
                        .map(|axis| {
                            let size = |s: Option<usize>| s.map_or("–".to_string(), |s| s.to_string());
                            view! {
                                <tr>
                                    <td>{size(axis.left)}</td>
                                    <td>{size(axis.right)}</td>
                                    <td>{size(axis.result)}</td>
                                    <td>{axis.rule()}</td>
                                </tr>
                            }
                        })
                        .collect::<Vec<_>>();
                    let verdict = match result {
                        Ok(shape) => format!("They broadcast to {}.", shown(&shape)),
                        Err(why) => why,
                    };
                    view! {
                        <table class="broadcast-axes" aria-label="the shapes lined up">
                            <thead>
                                <tr>
                                    <th scope="col">"left"</th>
                                    <th scope="col">"right"</th>
                                    <th scope="col">"result"</th>
                                    <th scope="col">"rule"</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                        <p class="broadcast-verdict" role="status" aria-label="broadcast">{verdict}</p>
                    }
                    .into_any()
                }
            }}
        </div>
    }
}
