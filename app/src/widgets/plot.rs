use crate::frame::{measured, redraw_per_frame};
use crate::plots::{DrawResult, event_to_canvas_pixel};
use leptos::html::Canvas;
use leptos::prelude::*;
use web_sys::HtmlCanvasElement;

fn report(what: &str, result: DrawResult) {
    if let Err(error) = result {
        web_sys::console::warn_1(&format!("drawing {what} failed: {error}").into());
    }
}

/// A canvas that draws what `snapshot` returns, redrawn at most once per frame whenever the
/// signals it reads change. It is an image named `label`; a click reports the canvas pixel, and
/// `measure` names a User Timing measure of each redraw, for the benchmarks.
#[component]
pub fn PlotCanvas<T, S, D>(
    #[prop(into)] width: Signal<u32>,
    #[prop(into)] height: Signal<u32>,
    #[prop(into)] label: Signal<String>,
    snapshot: S,
    draw: D,
    #[prop(optional)] on_click: Option<Callback<(i32, i32)>>,
    #[prop(optional)] measure: Option<&'static str>,
    #[prop(optional)] class: &'static str,
) -> impl IntoView
where
    T: 'static,
    S: Fn() -> Option<T> + 'static,
    D: Fn(&HtmlCanvasElement, T) -> DrawResult + 'static,
{
    let canvas = NodeRef::<Canvas>::new();
    redraw_per_frame(
        move || Some((canvas.get()?, snapshot()?)),
        move |(canvas, value)| {
            let result = match measure {
                Some(name) => measured(name, || draw(&canvas, value)),
                None => draw(&canvas, value),
            };
            report(
                &canvas.get_attribute("aria-label").unwrap_or_default(),
                result,
            );
        },
    );
    view! {
        <canvas
            node_ref=canvas
            class=class
            role="img"
            width=width
            height=height
            aria-label=label
            on:click=move |event| {
                if let (Some(on_click), Some(canvas)) = (on_click, canvas.get_untracked()) {
                    on_click.run(event_to_canvas_pixel(&canvas, &event));
                }
            }
        ></canvas>
    }
}

/// Two stacked canvases of one size: a base layer redrawn rarely (an axis, a loss surface), and
/// an overlay on top that carries the accessible name and takes clicks (the curve, the path).
#[component]
pub fn LayeredPlot<A, B, SA, DA, SB, DB>(
    width: u32,
    height: u32,
    label: &'static str,
    base: SA,
    draw_base: DA,
    overlay: SB,
    draw_overlay: DB,
    #[prop(optional)] on_click: Option<Callback<(i32, i32)>>,
    /// Laid over both canvases, at their size (the Quadratic lab's point handles).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView
where
    A: 'static,
    B: 'static,
    SA: Fn() -> Option<A> + 'static,
    DA: Fn(&HtmlCanvasElement, A) -> DrawResult + 'static,
    SB: Fn() -> Option<B> + 'static,
    DB: Fn(&HtmlCanvasElement, B) -> DrawResult + 'static,
{
    let base_canvas = NodeRef::<Canvas>::new();
    redraw_per_frame(
        move || Some((base_canvas.get()?, base()?)),
        move |(canvas, value)| report(label, draw_base(&canvas, value)),
    );
    view! {
        <div class="layers">
            <canvas node_ref=base_canvas width=width height=height aria-hidden="true"></canvas>
            <PlotCanvas
                width=width
                height=height
                label=label
                snapshot=overlay
                draw=draw_overlay
                on_click=on_click.unwrap_or_else(|| Callback::new(|_| {}))
                class="overlay"
            />
            {children.map(|children| children())}
        </div>
    }
}
