//! Rank and shape: the stack of 3s as one `[n, 28, 28]` tensor, indexed as PyTorch indexes it
//! (the slice's shape, and the pixels it picks), and the same stack viewed as `[n, 784]`.

use super::grid::{Cells, Grid};
use super::place_box::PlaceBox;
use super::state::Stack;
use crate::format;
use descent_core::mnist::{PIXELS, SIDE};
use descent_core::tensors::{Selection, shown};
use leptos::prelude::*;

/// The four forms the book uses, as examples to start from.
const EXAMPLES: [&str; 4] = [
    "stack[0]",
    "stack[0:8]",
    "stack[:, 14]",
    "stack[0, 7:21, 7:21]",
];
/// Most images, and most rows of a matrix, a result draws.
const SHOWN_IMAGES: usize = 16;
const SHOWN_ROWS: usize = 112;

/// What an index picked: its shape, and as many of its values as are drawn.
#[derive(Debug, Clone, PartialEq)]
struct Picked {
    text: String,
    shape: Vec<usize>,
    cells: Cells,
    /// Values picked beyond those drawn.
    left_out: usize,
}

fn pick(stack: &Stack, text: &str) -> Result<Picked, String> {
    let selection = Selection::parse(text, &[stack.count, SIDE, SIDE])?;
    let shape = selection.shape();
    // Drawn as images side by side (rank 3), a matrix (rank 2), rows of 28 (rank 1) or one cell.
    let (width, rows_each, images) = match shape[..] {
        [n, h, w] => (w, h, n.min(SHOWN_IMAGES)),
        [h, w] => (w, h.min(SHOWN_ROWS), 1),
        [n] => (n.clamp(1, SIDE), n.div_ceil(SIDE).clamp(1, SHOWN_ROWS), 1),
        _ => (1, 1, 1),
    };
    let limit = match shape.len() {
        1 => (width * rows_each).min(selection.len()),
        _ => width * rows_each * images,
    };
    let offsets = selection.offsets(limit);
    let value = |o: usize| f32::from(stack.pixels[o]) / 255.0;
    // Images are laid side by side, a column of paper between two.
    let columns = images * (width + 1) - 1;
    let mut values = vec![0.0; columns * rows_each];
    for (k, &o) in offsets.iter().enumerate() {
        let (image, within) = (
            k / (width * rows_each).max(1),
            k % (width * rows_each).max(1),
        );
        let (row, column) = (within / width, within % width);
        values[row * columns + image * (width + 1) + column] = value(o);
    }
    Ok(Picked {
        text: text.trim().into(),
        left_out: selection.len() - offsets.len(),
        shape,
        cells: Cells::grey(columns, rows_each, values),
    })
}

#[component]
pub fn StackPanel(stack: Stack) -> impl IntoView {
    let dims = [stack.count, SIDE, SIDE];
    let stack = StoredValue::new(stack);
    let picked = RwSignal::new(stack.with_value(|s| pick(s, EXAMPLES[0]).ok()));
    let refusal = RwSignal::new(None::<String>);
    let text = RwSignal::new(EXAMPLES[0].to_string());
    let apply = move |typed: String| {
        text.set(typed.clone());
        match stack.with_value(|s| pick(s, &typed)) {
            Ok(result) => {
                refusal.set(None);
                picked.set(Some(result));
            }
            // Nothing changes but the message.
            Err(why) => refusal.set(Some(why)),
        }
    };
    view! {
        <p>
            "Every training " {stack.with_value(|s| s.digit)} " as one tensor: rank 3 (three axes), shape "
            <code class="stack-shape">{shown(&dims)}</code>
            ": which image, which row, which column."
        </p>
        <div class="index-examples" role="group" aria-label="index examples">
            {EXAMPLES
                .into_iter()
                .map(|example| {
                    view! {
                        <button on:click=move |_| apply(example.into())>
                            <code>{example}</code>
                        </button>
                    }
                })
                .collect::<Vec<_>>()}
        </div>
        <label class="index-box">
            "Index "
            <input
                type="text"
                aria-label="index"
                spellcheck="false"
                prop:value=move || text.get()
                aria-invalid=move || refusal.get().is_some().to_string()
                on:change=move |ev| apply(event_target_value(&ev))
            />
        </label>
        <p class="refusal" role="alert">{move || refusal.get()}</p>
        {move || {
            picked
                .get()
                .map(|p| {
                    let count = p.shape.iter().product::<usize>();
                    let note = match p.left_out {
                        0 => String::new(),
                        n => format!(" (the first {} drawn; {} more not)", format::whole(count - n), format::whole(n)),
                    };
                    view! {
                        <p class="index-result" role="status" aria-label="index result">
                            <code>{p.text.clone()}</code>
                            " has shape "
                            <code class="slice-shape">{shown(&p.shape)}</code>
                            {format!(": rank {}, {} numbers{note}.", p.shape.len(), format::whole(count))}
                        </p>
                        <Grid cells=p.cells label=format!("the pixels {} picks", p.text) class="grid slice-picture" />
                    }
                })
        }}
    }
}

/// The same stack as `[n, 784]`: where pixel (row, column) of an image went.
#[component]
pub fn ReshapePanel(stack: Stack) -> impl IntoView {
    let count = stack.count;
    let stack = StoredValue::new(stack);
    let (image, row, column) = (
        RwSignal::new(0usize),
        RwSignal::new(14usize),
        RwSignal::new(14usize),
    );
    let flat = move || row.get() * SIDE + column.get();
    let view_cells = Signal::derive(move || {
        let shown_rows = 8.min(count);
        let values: Vec<f32> = stack.with_value(|s| {
            s.pixels[..shown_rows * PIXELS]
                .iter()
                .map(|&p| f32::from(p) / 255.0)
                .collect()
        });
        Cells {
            marked: (image.get() < shown_rows).then(|| (image.get(), flat())),
            ..Cells::grey(PIXELS, shown_rows, values)
        }
    });
    let image_cells = Signal::derive(move || Cells {
        marked: Some((row.get(), column.get())),
        ..Cells::grey(SIDE, SIDE, stack.with_value(|s| s.image(image.get())))
    });
    view! {
        <p>
            <code>"stack.view(-1, 28 * 28)"</code>
            " reads the same numbers as shape "
            <code class="view-shape">{shown(&[count, PIXELS])}</code>
            ": nothing moves, each image's 28 rows are laid end to end."
        </p>
        <div class="pixel-pick">
            <PlaceBox label="image" value=image max={count - 1} />
            <PlaceBox label="row" value=row max={SIDE - 1} />
            <PlaceBox label="column" value=column max={SIDE - 1} />
        </div>
        <p class="reshape-result" role="status" aria-label="where the pixel went">
            {move || {
                let (i, r, c) = (image.get(), row.get(), column.get());
                format!(
                    "stack[{i}, {r}, {c}] is stack.view(-1, 784)[{i}, {}]: row {r} × 28 + column {c}.",
                    flat()
                )
            }}
        </p>
        <div class="reshape-pictures">
            <figure>
                <Grid cells=image_cells label="the image, the pixel marked" class="grid picture-large" />
                <figcaption>"[28, 28]"</figcaption>
            </figure>
            <figure>
                <Grid cells=view_cells label="the first 8 rows of the [n, 784] view, the pixel marked" class="grid flat-rows" />
                <figcaption>"the first 8 rows of [n, 784]"</figcaption>
            </figure>
        </div>
    }
}
