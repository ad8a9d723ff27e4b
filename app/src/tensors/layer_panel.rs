//! A layer as a matrix multiply: `xb @ w1 + b1` on a batch of the stack, one output cell picked
//! and worked out (its row of `xb` times its column of `w1`, plus the bias), ReLU after, and the
//! layer's parameter count.

use super::grid::{Cells, Grid};
use super::place_box::PlaceBox;
use super::state::Stack;
use crate::format;
use crate::widgets::Parameters;
use descent_core::mnist::{PIXELS, SIDE};
use descent_core::tensors::{LayerCell, first_layer, shown};
use leptos::prelude::*;

/// Images in the batch, and units in the layer (the book's simple_net).
const BATCH: usize = 64;
const UNITS: usize = 30;
/// The layer's start is drawn from this seed, as the Digits lab's models are.
const SEED: u64 = 42;

#[component]
pub fn LayerPanel(stack: Stack) -> impl IntoView {
    let batch = BATCH.min(stack.count);
    let inputs: Vec<f32> = (0..batch).flat_map(|i| stack.image(i)).collect();
    let (weights, bias, count) = first_layer(UNITS, SEED);
    let layer = StoredValue::new((inputs, weights, bias));
    let (row, column) = (RwSignal::new(0usize), RwSignal::new(0usize));
    let cell = Memo::new(move |_| {
        layer.with_value(|(x, w, b)| LayerCell::of(x, w, b, row.get(), column.get()))
    });
    let picture = move |values: Vec<f32>, signed: bool| match signed {
        true => Cells::signed(SIDE, SIDE, values),
        false => Cells::grey(SIDE, SIDE, values),
    };
    view! {
        <p>
            "The first " {batch} " images as rows, "
            <code>{format!("xb = stack[:{batch}].view(-1, 784)")}</code> ", shape "
            <code>{shown(&[batch, PIXELS])}</code> ", times a layer's weights "
            <code>"w1"</code> ", shape " <code>{shown(&[PIXELS, UNITS])}</code>
            ", plus its biases " <code>"b1"</code> ", shape " <code>{shown(&[UNITS])}</code>
            " (broadcast down the batch): " <code>"xb @ w1 + b1"</code> " has shape "
            <code class="layer-shape">{shown(&[batch, UNITS])}</code>
            ", one row per image, one column per unit. Each cell is one linear model of the image; thirty of them, then ReLU, are the book's hidden layer. "
            <Parameters count=Signal::derive(move || count.clone()) />
            "."
        </p>
        <div class="pixel-pick">
            <PlaceBox label="batch row" value=row max={batch - 1} />
            <PlaceBox label="unit" value=column max={UNITS - 1} />
        </div>
        <div class="layer-pictures">
            <figure>
                <Grid
                    cells=Signal::derive(move || layer.with_value(|(x, _, _)| picture(x[row.get() * PIXELS..(row.get() + 1) * PIXELS].to_vec(), false)))
                    label="the image's row of xb"
                    class="grid picture-large"
                />
                <figcaption>{move || format!("xb[{}]", row.get())}</figcaption>
            </figure>
            <span class="operator">"×"</span>
            <figure>
                <Grid
                    cells=Signal::derive(move || layer.with_value(|(_, w, _)| picture((0..PIXELS).map(|i| w[i * UNITS + column.get()]).collect(), true)))
                    label="the unit's column of w1"
                    class="grid picture-large"
                />
                <figcaption>{move || format!("w1[:, {}]", column.get())}</figcaption>
            </figure>
            <span class="operator">"="</span>
            <figure>
                <Grid
                    cells=Signal::derive(move || picture(cell.get().products, true))
                    label="each pixel times its weight"
                    class="grid picture-large"
                />
                <figcaption>"784 products"</figcaption>
            </figure>
        </div>
        <p class="layer-cell" role="status" aria-label="the cell worked out">
            {move || {
                let c = cell.get();
                let (r, u) = (row.get(), column.get());
                format!(
                    "(xb @ w1 + b1)[{r}, {u}] = sum of the 784 products {} + b1[{u}] {} = {}; ReLU: max(0, {}) = {}.",
                    format::fixed(c.sum, 4),
                    format::fixed(c.bias, 4),
                    format::fixed(c.output, 4),
                    format::fixed(c.output, 4),
                    format::fixed(c.activated, 4)
                )
            }}
        </p>
    }
}
