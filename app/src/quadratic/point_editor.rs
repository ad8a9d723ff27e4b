//! Handles over the fit chart's points: a click on the chart adds a point, a drag moves one,
//! and Delete or Backspace on a focused point (or a long press on touch) removes it. Arrow keys
//! nudge a focused point, so everything works from the keyboard too.

use super::state::QuadraticLab;
use crate::format;
use crate::plots::fit_chart::View;
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// A press held this long without moving removes the point, on touch screens.
const LONG_PRESS: Duration = Duration::from_millis(600);
/// A pointer that moves further than this (pixels) is dragging, not pressing.
const DRAG_SLOP: f64 = 6.0;
/// An arrow key moves a point by this share of the chart's range.
const NUDGE: f32 = 0.01;

/// A drag in progress: the point, where the press began, and the long press waiting to fire.
struct Drag {
    index: usize,
    start: (f64, f64),
    moved: bool,
    long_press: Option<TimeoutHandle>,
}

/// The handles, as an SVG of the chart's size laid over it. `dragging` is set while a point is
/// being dragged, so the chart can hold its ranges still under the pointer.
#[component]
pub fn PointEditor(view: Memo<View>, dragging: RwSignal<bool>) -> impl IntoView {
    let lab = expect_context::<QuadraticLab>();
    let drag = StoredValue::new_local(None::<Drag>);
    let svg = NodeRef::<leptos::svg::Svg>::new();
    let (width, height) = view.get_untracked().size;
    // The pixel under a pointer, in the chart's own pixels however the page scales it.
    let pixel = move |event: &web_sys::PointerEvent| -> Option<(f64, f64)> {
        let element: web_sys::Element = svg.get_untracked()?.unchecked_into();
        let rect = element.get_bounding_client_rect();
        let (w, h) = view.get_untracked().size;
        Some((
            (f64::from(event.client_x()) - rect.left()) * f64::from(w) / rect.width().max(1.0),
            (f64::from(event.client_y()) - rect.top()) * f64::from(h) / rect.height().max(1.0),
        ))
    };
    let end_drag = move || {
        if let Some(Drag {
            long_press: Some(timer),
            ..
        }) = drag.try_update_value(Option::take).flatten()
        {
            timer.clear();
        }
        dragging.set(false);
    };
    let on_down = move |event: web_sys::PointerEvent| {
        let Some(at) = pixel(&event) else { return };
        event.prevent_default();
        let handle = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.get_attribute("data-point"))
            .and_then(|i| i.parse::<usize>().ok());
        let Some(index) = handle else {
            let (x, y) = view.get_untracked().to_point(at);
            lab.edit_points(|points| points.push(x, y));
            return;
        };
        if let Some(svg) = svg.get_untracked() {
            let element: &web_sys::Element = svg.unchecked_ref();
            let _ = element.set_pointer_capture(event.pointer_id());
        }
        let long_press = (event.pointer_type() == "touch")
            .then(|| {
                set_timeout_with_handle(
                    move || {
                        drag.set_value(None);
                        dragging.set(false);
                        lab.edit_points(|points| points.remove(index));
                    },
                    LONG_PRESS,
                )
                .ok()
            })
            .flatten();
        drag.set_value(Some(Drag {
            index,
            start: at,
            moved: false,
            long_press,
        }));
        dragging.set(true);
    };
    let on_move = move |event: web_sys::PointerEvent| {
        let Some(at) = pixel(&event) else { return };
        let index = drag
            .try_update_value(|drag| {
                let drag = drag.as_mut()?;
                if !drag.moved && (at.0 - drag.start.0).hypot(at.1 - drag.start.1) > DRAG_SLOP {
                    drag.moved = true;
                    if let Some(timer) = drag.long_press.take() {
                        timer.clear();
                    }
                }
                drag.moved.then_some(drag.index)
            })
            .flatten();
        if let Some(index) = index {
            let (x, y) = view.get_untracked().to_point(at);
            lab.edit_points(|points| points.set(index, x, y));
        }
    };
    let on_key = move |index: usize, event: web_sys::KeyboardEvent| {
        let v = view.get_untracked();
        let (dx, dy) = ((v.x.1 - v.x.0) * NUDGE, (v.y.1 - v.y.0) * NUDGE);
        let nudge = match event.key().as_str() {
            "Delete" | "Backspace" => {
                event.prevent_default();
                lab.edit_points(|points| points.remove(index));
                focus_handle(svg, index);
                return;
            }
            "ArrowLeft" => (-dx, 0.0),
            "ArrowRight" => (dx, 0.0),
            "ArrowUp" => (0.0, dy),
            "ArrowDown" => (0.0, -dy),
            _ => return,
        };
        event.prevent_default();
        lab.edit_points(|points| {
            let (x, y) = points.pairs().nth(index).ok_or("no such point")?;
            points.set(index, x + nudge.0, y + nudge.1)
        });
    };
    // Keyed by position, so a handle (and its focus) stays while its point moves.
    let count = move || lab.points.with(|p| p.len());
    let at = move |i: usize| {
        lab.points
            .with(|p| p.pairs().nth(i))
            .map(|(x, y)| ((x, y), view.get().to_pixel((x, y))))
    };
    let handle = move |i: usize| {
        let label = move || {
            at(i).map_or(String::new(), |((x, y), _)| {
                format!(
                    "point {}: x {}, y {}",
                    i + 1,
                    format::input(x),
                    format::input(y)
                )
            })
        };
        view! {
            <circle
                class="point-handle"
                data-point=i.to_string()
                cx=move || at(i).map_or(0.0, |(_, (cx, _))| cx)
                cy=move || at(i).map_or(0.0, |(_, (_, cy))| cy)
                r="8"
                tabindex="0"
                role="button"
                aria-label=label
                aria-keyshortcuts="Delete Backspace ArrowLeft ArrowRight ArrowUp ArrowDown"
                on:keydown=move |event| on_key(i, event)
            ></circle>
        }
    };
    view! {
        <svg
            node_ref=svg
            class="point-editor"
            viewBox=format!("0 0 {width} {height}")
            aria-label="points: click to add one, drag one to move it, Delete removes the focused one"
            role="group"
            on:pointerdown=on_down
            on:pointermove=on_move
            on:pointerup=move |_| end_drag()
            on:pointercancel=move |_| end_drag()
        >
            <For each=move || 0..count() key=|i| *i children=handle />
        </svg>
    }
}

/// After a removal, focus goes to the point that took the removed one's place (or the last).
fn focus_handle(svg: NodeRef<leptos::svg::Svg>, index: usize) {
    request_animation_frame(move || {
        let Some(svg) = svg.get_untracked() else {
            return;
        };
        let element: &web_sys::Element = svg.unchecked_ref();
        let Ok(handles) = element.query_selector_all(".point-handle") else {
            return;
        };
        let count = handles.length();
        if count == 0 {
            return;
        }
        let chosen = (index as u32).min(count - 1);
        if let Some(handle) = handles
            .item(chosen)
            .and_then(|h| h.dyn_into::<web_sys::SvgElement>().ok())
        {
            let _ = handle.focus();
        }
    });
}
