//! Draw a digit: a canvas the learner draws on with any pointer, the 28×28 image the model sees,
//! the model's probabilities and (for a convolutional model) what its filters found, updated with
//! every pointer move; and labels that put the drawing in the learner's own set.

use super::answering::{Answering, ReadyModel};
use super::pictures::{Picture, ink_levels, tiled};
use super::state::DigitsLab;
use super::weights_file::WeightsFile;
use crate::format;
use crate::plots::event_to_canvas_pixel;
use crate::widgets::{Choice, Slider};
use descent_core::digits::{FeatureMaps, ModelKind, PlainNet, Task, mnist_like};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, PointerEvent};

const SIDE: u32 = 280;
const PEN_RANGE: (f32, f32) = (4.0, 40.0);

/// What the model makes of the drawing.
#[derive(Debug, Clone, PartialEq)]
struct Reading {
    /// The 28×28 image the model sees, 0–1.
    seen: Vec<f32>,
    /// The most likely digit and its probability.
    top: (u8, f32),
    /// Probability per digit in display order (0–9, or the pair's two).
    bars: Vec<(u8, f32)>,
    /// What each convolution found (none for a fully connected model).
    maps: Vec<FeatureMaps>,
}

fn read(context: &CanvasRenderingContext2d, net: &PlainNet) -> Option<Reading> {
    let data = context
        .get_image_data(0.0, 0.0, f64::from(SIDE), f64::from(SIDE))
        .ok()?
        .data();
    // Strokes are opaque ink on a transparent canvas: the alpha channel is the ink.
    let ink_levels: Vec<f32> = data
        .chunks_exact(4)
        .map(|p| f32::from(p[3]) / 255.0)
        .collect();
    let seen = mnist_like(&ink_levels, SIDE as usize, SIDE as usize)?;
    let reading = net.read(&seen).ok()?;
    let mut bars: Vec<(u8, f32)> = net
        .task
        .classes()
        .iter()
        .copied()
        .zip(reading.probabilities)
        .collect();
    bars.sort_by_key(|(digit, _)| *digit);
    let top = *bars.iter().max_by(|a, b| a.1.total_cmp(&b.1))?;
    Some(Reading {
        seen,
        top,
        bars,
        maps: reading.maps,
    })
}

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    // Read back on every move: keep the canvas in memory the CPU can read.
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"willReadFrequently".into(), &true.into());
    canvas
        .get_context_with_context_options("2d", &options)
        .ok()
        .flatten()?
        .dyn_into()
        .ok()
}

#[component]
pub fn DrawPanel() -> impl IntoView {
    let lab = expect_context::<DigitsLab>();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    // Fetched once the canvas is mounted; every stroke and read-back uses it.
    let drawing = StoredValue::new_local(None::<CanvasRenderingContext2d>);
    let pen = RwSignal::new(18.0f32);
    let last = StoredValue::new(None::<(f64, f64)>);
    let reading = RwSignal::new(None::<Reading>);
    let model = Memo::new(move |_| lab.answering_model());
    let classify = move || {
        let result = match (drawing.get_value(), model.get_untracked()) {
            (Some(context), Some(net)) => read(&context, &net),
            _ => None,
        };
        reading.set(result);
    };
    // A different model answers the same drawing at once.
    Effect::new(move |_| {
        model.track();
        classify();
    });
    let stroke_to = move |event: &PointerEvent| {
        let (Some(canvas), Some(from)) = (canvas.get_untracked(), last.get_value()) else {
            return;
        };
        let (x, y) = event_to_canvas_pixel(&canvas, event);
        let to = (f64::from(x), f64::from(y));
        if let Some(context) = drawing.get_value() {
            context.set_line_width(f64::from(pen.get_untracked()));
            context.set_line_cap("round");
            context.set_line_join("round");
            context.set_stroke_style_str("#000");
            context.begin_path();
            context.move_to(from.0, from.1);
            context.line_to(to.0, to.1);
            context.stroke();
        }
        last.set_value(Some(to));
        classify();
    };
    let on_down = move |event: PointerEvent| {
        let Some(canvas) = canvas.get_untracked() else {
            return;
        };
        event.prevent_default();
        let _ = canvas.set_pointer_capture(event.pointer_id());
        let (x, y) = event_to_canvas_pixel(&canvas, &event);
        last.set_value(Some((f64::from(x), f64::from(y))));
        stroke_to(&event);
    };
    let on_move = move |event: PointerEvent| {
        if last.get_value().is_some() {
            event.prevent_default();
            stroke_to(&event);
        }
    };
    let on_up = move |_: PointerEvent| last.set_value(None);
    // `pointerrawupdate` arrives as soon as the pointer moves; `pointermove` waits for the next
    // frame (about 15 ms here). Use the first where the browser has it.
    let raw_moves = web_sys::window()
        .is_some_and(|w| js_sys::Reflect::has(&w, &"onpointerrawupdate".into()).unwrap_or(false));
    Effect::new(move |_| {
        let Some(canvas) = canvas.get() else { return };
        drawing.set_value(context(&canvas));
        if raw_moves {
            let handler = Closure::<dyn Fn(PointerEvent)>::new(on_move);
            let _ = canvas.add_event_listener_with_callback(
                "pointerrawupdate",
                handler.as_ref().unchecked_ref(),
            );
            // The canvas lives as long as the page.
            handler.forget();
        }
    });
    let clear = move || {
        if let Some(context) = drawing.get_value() {
            context.clear_rect(0.0, 0.0, f64::from(SIDE), f64::from(SIDE));
        }
        reading.set(None);
    };
    // The drawing joins the learner's set under this label, and the canvas is ready for the next.
    let label = move |digit: u8| {
        if let Some(seen) = reading.with_untracked(|r| r.as_ref().map(|r| r.seen.clone())) {
            lab.own_digits.add(digit, &seen);
            clear();
        }
    };
    let on_key = move |event: web_sys::KeyboardEvent| {
        if let Some(digit) = event.key().parse::<u8>().ok().filter(|d| *d <= 9) {
            event.prevent_default();
            label(digit);
        }
    };
    let seen = Signal::derive(move || reading.with(|r| r.as_ref().map(|r| ink_levels(&r.seen))));
    // A memo, so the six views of the maps borrow one copy per move.
    let maps =
        Memo::new(move |_| reading.with(|r| r.as_ref().map_or(Vec::new(), |r| r.maps.clone())));
    let has_drawing = move || reading.with(Option::is_some);
    view! {
        <section class="digits-panel" aria-labelledby="draw-title">
            <h3 id="draw-title">"Draw a digit"</h3>
            <p class="hint">
                "Draw with the mouse, a finger or a pen. The model sees what MNIST's digits look like: your ink cropped, scaled into a 20×20 box and centred by its centre of mass in 28×28 pixels."
            </p>
            <div class="draw-row">
                <div>
                    <canvas
                        node_ref=canvas
                        class="digit-canvas"
                        width=SIDE
                        height=SIDE
                        role="img"
                        aria-label="digit canvas"
                        tabindex="0"
                        aria-keyshortcuts="0 1 2 3 4 5 6 7 8 9"
                        on:keydown=on_key
                        on:pointerdown=on_down
                        on:pointermove=move |event| {
                            if !raw_moves {
                                on_move(event)
                            }
                        }
                        on:pointerup=on_up
                        on:pointercancel=on_up
                    ></canvas>
                    <div class="buttons">
                        <button on:click=move |_| clear()>"Clear"</button>
                        <label class="inline">
                            "Pen "
                            <Slider
                                label="pen width"
                                range=PEN_RANGE
                                step=1.0
                                value=pen
                                on_set=Callback::new(move |width| pen.set(width))
                            />
                        </label>
                    </div>
                    <div class="label-row" role="group" aria-label="label this drawing">
                        <span>"It is a "</span>
                        {(0..=9u8)
                            .map(|digit| {
                                view! {
                                    <button
                                        aria-label=format!("label as {digit}")
                                        disabled=move || !has_drawing()
                                        on:click=move |_| label(digit)
                                    >
                                        {digit}
                                    </button>
                                }
                            })
                            .collect_view()}
                    </div>
                    <p class="hint">"Or press 0–9 on the canvas: the drawing joins your own set below."</p>
                </div>
                <figure class="seen">
                    <Picture rgba=seen label="what the model sees" class="picture seen-image" />
                    <figcaption>"What the model sees (28×28)"</figcaption>
                </figure>
                <div class="answer">
                    <ModelPicker />
                    <WeightsFile />
                    {move || match reading.get() {
                        None => {
                            let prompt = match lab.ready_model.get() {
                                ReadyModel::Failed(message) => message,
                                ReadyModel::Loading if model.get().is_none() => "Loading the ready model…".into(),
                                _ => "Draw a digit (0–9) in the box.".into(),
                            };
                            view! { <p class="draw-prompt" role="status">{prompt}</p> }.into_any()
                        }
                        Some(reading) => {
                            let (top, confidence) = reading.top;
                            view! {
                                <p class="top-class" role="status" aria-label="prediction">
                                    {top}
                                </p>
                                <p class="confidence">
                                    {format!("{}% sure", (confidence * 100.0).round())}
                                </p>
                                <ol class="probabilities" aria-label="class probabilities">
                                    {reading
                                        .bars
                                        .into_iter()
                                        .map(|(digit, p)| {
                                            view! {
                                                <li class:top=digit == top>
                                                    <span class="digit">{digit}</span>
                                                    <span class="bar" style:width=format!("{:.1}%", p * 100.0)></span>
                                                    <span class="value">{format::accuracy(p)}</span>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ol>
                            }
                                .into_any()
                        }
                    }}
                </div>
            </div>
            <FeatureMapsView maps />
        </section>
    }
}

/// Each convolution's maps of the drawing, tiled in one picture per layer: light where a filter
/// found its pattern.
#[component]
fn FeatureMapsView(maps: Memo<Vec<FeatureMaps>>) -> impl IntoView {
    let layer = move |index: usize| {
        let picture = Signal::derive(move || maps.with(|m| m.get(index).map(tiled)));
        let shape = move || {
            maps.with(|m| {
                m.get(index)
                    .map(|m| format!("{} maps of {}×{}", m.count, m.side, m.side))
                    .unwrap_or_default()
            })
        };
        // A memo: the picture's canvas is made again only when its size changes.
        let side = Memo::new(move |_| maps.with(|m| m.get(index).map_or(1, tiled_side)));
        view! {
            <figure class="feature-maps">
                {move || {
                    view! {
                        <Picture
                            rgba=picture
                            side=side.get()
                            label=format!("feature maps of convolution {}", index + 1)
                            class="picture maps"
                        />
                    }
                }}
                <figcaption>{format!("Convolution {}: ", index + 1)} {shape}</figcaption>
            </figure>
        }
    };
    view! {
        <Show when=move || maps.with(|m| !m.is_empty())>
            <div class="maps-row" aria-label="what the filters see">
                <p class="hint">
                    "What the convolutional model's filters find in your drawing, after ReLU: each small square is one filter slid over the image, light where it matched."
                </p>
                {layer(0)}
                {layer(1)}
            </div>
        </Show>
    }
}

/// The side of the square picture [`tiled`] makes of these maps.
fn tiled_side(maps: &FeatureMaps) -> u32 {
    super::pictures::tile_grid(maps.count, maps.side).1
}

/// Which model answers: the ready one, or one the learner trained.
#[component]
fn ModelPicker() -> impl IntoView {
    let lab = expect_context::<DigitsLab>();
    let options = Signal::derive(move || {
        std::iter::once(Answering::Ready)
            .chain(lab.own_models.with(|models| {
                models
                    .iter()
                    .map(|(kind, _)| Answering::Own(*kind))
                    .collect::<Vec<_>>()
            }))
            .chain(
                lab.tuned_model
                    .with(Option::is_some)
                    .then_some(Answering::Tuned),
            )
            .chain(
                lab.imported_model
                    .with(Option::is_some)
                    .then_some(Answering::Imported),
            )
            .collect::<Vec<_>>()
    });
    let show = move |answering: &Answering| match answering {
        Answering::Ready => match lab.ready_model.get() {
            ReadyModel::Ready(net) => format!("Ready model ({}, all ten digits)", net.shape()),
            _ => "Ready model".into(),
        },
        Answering::Own(kind) => {
            let name = match kind {
                ModelKind::Linear => "linear model",
                ModelKind::SimpleNet => "simple_net",
                ModelKind::AllDigits => "ten-digit model",
                ModelKind::Convolutional => "convolutional net",
            };
            // A two-digit model says which two.
            let pair = lab.own_models.with(|models| {
                models
                    .iter()
                    .find(|(k, _)| k == kind)
                    .and_then(|(_, net)| match net.task {
                        Task::Pair(pair) => Some(pair),
                        Task::AllDigits => None,
                    })
            });
            match pair {
                Some(pair) => format!("Your {name} ({pair})"),
                None => format!("Your {name}"),
            }
        }
        Answering::Tuned => "Fine-tuned on your digits".into(),
        Answering::Imported => lab.imported_model.with(|imported| match imported {
            Some((kind, net)) => {
                format!("From your weights file ({}, {})", kind.key(), net.shape())
            }
            None => "From your weights file".into(),
        }),
    };
    view! {
        <Choice
            label="model answering"
            caption="Answering: "
            options
            key=Answering::key
            show
            value=lab.answering
            on_set=Callback::new(move |answering| lab.answering.set(answering))
        />
    }
}
