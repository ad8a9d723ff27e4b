//! "How the gradient is computed": the loss's computational graph, filled in node by node,
//! values forward and gradients backward, as a diagram and as a table.

use super::missions::QuadraticMissions;
use super::state::QuadraticLab;
use crate::format;
use crate::missions::Missions;
use crate::widgets::NumberBox;
use descent_core::missions::MissionId;
use descent_core::quadratic::{
    Focus, GraphNode, LossGraph, LossKind, Role, finite_difference_gradient,
};
use leptos::prelude::*;
use std::time::Duration;

/// Time between two nodes of the Forward and Backward animations.
const NODE_MS: u64 = 160;

/// How far the walk through the graph has got: values shown in forward order, then gradients
/// in backward order.
#[derive(Clone, Copy)]
struct Walk {
    values: RwSignal<usize>,
    gradients: RwSignal<usize>,
    /// Where the running animation stops; `None` when none runs.
    target: RwSignal<Option<(usize, usize)>>,
    /// Ticks while an animation runs.
    timer: StoredValue<Option<IntervalHandle>>,
    nodes: usize,
}

impl Walk {
    fn new(nodes: usize) -> Self {
        let walk = Self {
            values: RwSignal::new(0),
            gradients: RwSignal::new(0),
            target: RwSignal::new(None),
            timer: StoredValue::new(None),
            nodes,
        };
        on_cleanup(move || walk.stop());
        walk
    }

    /// One node further: the next value, or once every value is in, the next gradient.
    fn advance(self) {
        if self.values.get_untracked() < self.nodes {
            self.values.update(|v| *v += 1);
        } else if self.gradients.get_untracked() < self.nodes {
            self.gradients.update(|g| *g += 1);
        }
    }

    /// Shows the walk from `from` to `to`, a node every `NODE_MS`.
    fn animate(self, from: (usize, usize), to: (usize, usize)) {
        self.stop();
        self.values.set(from.0);
        self.gradients.set(from.1);
        self.target.set(Some(to));
        let timer = set_interval_with_handle(move || self.tick(), Duration::from_millis(NODE_MS));
        self.timer.set_value(timer.ok());
    }

    fn tick(self) {
        match self.target.get_untracked() {
            Some(to) if (self.values.get_untracked(), self.gradients.get_untracked()) < to => {
                self.advance();
            }
            _ => self.stop(),
        }
    }

    /// Jumps to the end of the running animation.
    fn skip(self) {
        if let Some((values, gradients)) = self.target.get_untracked() {
            self.values.set(values);
            self.gradients.set(gradients);
        }
        self.stop();
    }

    fn stop(self) {
        if let Some(timer) = self.timer.try_update_value(Option::take).flatten() {
            timer.clear();
        }
        self.target.set(None);
    }

    fn value_shown(self, index: usize) -> bool {
        self.values.get() > index
    }

    /// Gradients arrive in backward order: the loss first, the first leaf last.
    fn gradient_shown(self, index: usize) -> bool {
        self.gradients.get() >= self.nodes - index
    }

    /// The node revealed last, for highlighting.
    fn current(self) -> Option<usize> {
        match (self.values.get(), self.gradients.get()) {
            (0, 0) => None,
            (v, 0) => Some(v - 1),
            (_, g) => Some(self.nodes - g),
        }
    }
}

#[component]
pub fn GraphPanel() -> impl IntoView {
    let lab = expect_context::<QuadraticLab>();
    let graph = Memo::new(move |_| {
        lab.points
            .with(|points| LossGraph::new(points, lab.loss_kind.get(), lab.coefficients.get()))
    });
    let focus = RwSignal::new(Focus::All);
    // A new draw of the points may have fewer of them.
    Effect::new(move |_| {
        let count = lab.points.with(|p| p.len());
        if matches!(focus.get_untracked(), Focus::Point(i) if i >= count) {
            focus.set(Focus::All);
        }
    });
    let nodes = graph.with_untracked(|g| g.nodes.len());
    let walk = Walk::new(nodes);
    let animating = move || walk.target.get().is_some();
    let forward = move |_| walk.animate((0, 0), (nodes, 0));
    let backward = move |_| walk.animate((nodes, 0), (nodes, nodes));
    let focus_options = Signal::derive(move || {
        let count = lab.points.with(|p| p.len());
        std::iter::once(Focus::All)
            .chain((0..count).map(Focus::Point))
            .collect::<Vec<_>>()
    });
    let show_focus = move |focus: &Focus| match *focus {
        Focus::All => "all points (the batch)".to_string(),
        Focus::Point(i) => lab.points.with_untracked(|p| {
            format!(
                "point {} (x = {}, y = {})",
                i + 1,
                format::input(p.xs[i]),
                format::input(p.ys[i])
            )
        }),
    };
    // Central differences of the three coefficients, once per change, and only once Backward
    // has begun.
    let finite_differences = Memo::new(move |_| {
        (walk.gradients.get() > 0).then(|| {
            lab.points.with(|points| {
                finite_difference_gradient(
                    points,
                    lab.loss_kind.get(),
                    lab.coefficients.get(),
                    focus.get(),
                )
            })
        })
    });
    let row = move |index: usize| {
        let gradient_shown = move || walk.gradient_shown(index);
        let value = move || match walk.value_shown(index) {
            true => graph.with(|g| {
                describe(
                    &g.nodes[index],
                    focus.get(),
                    |n| &n.values,
                    GraphNode::value,
                )
            }),
            false => "?".into(),
        };
        let gradient = move || match gradient_shown() {
            true => graph.with(|g| node_gradient(lab, &g.nodes[index], focus.get())),
            false => "?".into(),
        };
        let rule = move || match gradient_shown() {
            true => graph.with(|g| g.nodes[index].rule),
            false => "",
        };
        let coefficient = graph.with_untracked(|g| {
            ["a", "b", "c"]
                .iter()
                .position(|&n| n == g.nodes[index].name)
        });
        let finite_difference = move || {
            let k = coefficient.filter(|_| gradient_shown())?;
            finite_differences
                .get()
                .map(|differences| format::number(differences[k] as f32))
        };
        // Memos, so a move of a coefficient leaves the DOM of text that did not change alone.
        let name = Memo::new(move |_| graph.with(|g| g.nodes[index].name));
        let formula = Memo::new(move |_| {
            graph.with(|g| match g.nodes[index].formula {
                "" => String::new(),
                formula if formula == g.nodes[index].name => String::new(),
                formula => format!(" = {formula}"),
            })
        });
        view! {
            <tr class:current=move || walk.current() == Some(index)>
                <th scope="row">{name} {formula}</th>
                <td>{value}</td>
                <td>{gradient}</td>
                <td class="rule">{rule}</td>
                <td>{finite_difference}</td>
            </tr>
        }
    };
    view! {
        <div class="graph-panel">
            <p class="hint">
                "Autodiff records every operation of the forward pass as a graph. "
                <strong>"Forward"</strong>
                " computes each node's value from its inputs; "
                <strong>"Backward"</strong>
                " then walks back from the loss, multiplying each node's gradient by the local derivative of the operation (the chain rule), until it reaches the coefficients."
            </p>
            <div class="graph-controls">
                <crate::widgets::Choice
                    label="point"
                    caption="Show "
                    options=focus_options
                    key=|f: &Focus| match f {
                        Focus::All => "all".to_string(),
                        Focus::Point(i) => i.to_string(),
                    }
                    show=show_focus
                    value=focus
                    on_set=Callback::new(move |f| focus.set(f))
                />
                <div class="buttons" role="group" aria-label="walk the graph">
                    <button on:click=forward>"Forward"</button>
                    <button on:click=backward>"Backward"</button>
                    <button
                        on:click=move |_| walk.advance()
                        disabled=move || {
                            animating() || walk.gradients.get() == nodes
                        }
                    >
                        "Next node"
                    </button>
                    <button on:click=move |_| walk.skip() disabled=move || !animating()>
                        "Skip animation"
                    </button>
                </div>
            </div>
            <BackwardQuestion graph walk />
            <GraphDiagram graph walk focus />
            <div class="table-scroll">
                <table class="graph-table" aria-label="computational graph">
                    <thead>
                        <tr>
                            <th scope="col">"node"</th>
                            <th scope="col">"value"</th>
                            <th scope="col">"gradient"</th>
                            <th scope="col">"local rule"</th>
                            <th scope="col">"finite difference"</th>
                        </tr>
                    </thead>
                    <tbody>{(0..nodes).map(row).collect_view()}</tbody>
                </table>
            </div>
            <p class="hint">
                {move || match focus.get() {
                    Focus::All => format!(
                        "Over the batch each coefficient's gradient is the sum of its {} points' paths: the ∂L/∂a, ∂L/∂b and ∂L/∂c beside the sliders, from burn's autodiff. The last column nudges each coefficient by ±0.00001 and measures the change in the loss.",
                        lab.points.with(|p| p.len()),
                    ),
                    Focus::Point(i) => format!(
                        "Point {}'s path: its share of each gradient. The loss is a mean, so each point's term enters with weight 1/n.",
                        i + 1,
                    ),
                }}
            </p>
        </div>
    }
}

/// A node's value or gradient in `focus` as text; a per-point node over the batch is summed up
/// as its range.
fn describe(
    node: &GraphNode,
    focus: Focus,
    all: impl Fn(&GraphNode) -> &Vec<f64>,
    one: impl Fn(&GraphNode, Focus) -> Option<f64>,
) -> String {
    match one(node, focus) {
        Some(v) => format::number(v as f32),
        None => {
            let values = all(node);
            let low = values.iter().copied().fold(f64::INFINITY, f64::min);
            let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            format!(
                "{} values, {} to {}",
                values.len(),
                format::number(low as f32),
                format::number(high as f32)
            )
        }
    }
}

/// A node's gradient: over the batch, a coefficient shows burn's autodiff gradient (the graph's
/// own sum equals it, as the engine's tests check).
fn node_gradient(lab: QuadraticLab, node: &GraphNode, focus: Focus) -> String {
    let burn = lab
        .evaluation
        .get()
        .filter(|e| e.coefficients == lab.coefficients.get());
    match (focus, node.role, burn) {
        (Focus::All, Role::Parameter, Some(e)) => {
            let k = ["a", "b", "c"].iter().position(|&n| n == node.name);
            k.map_or_else(String::new, |k| format::number(e.gradient.to_array()[k]))
        }
        _ => describe(node, focus, |n| &n.gradients, GraphNode::gradient),
    }
}

/// The graph as boxes and arrows: columns by depth, each box with its value and gradient once
/// the walk has reached it. The table below says the same to a screen reader.
#[component]
fn GraphDiagram(graph: Memo<LossGraph>, walk: Walk, focus: RwSignal<Focus>) -> impl IntoView {
    const COLUMN: f64 = 118.0;
    const ROW: f64 = 58.0;
    const BOX_W: f64 = 100.0;
    const BOX_H: f64 = 46.0;
    let layout = graph.with_untracked(layout);
    let rows = layout.iter().map(|&(_, row)| row).max().unwrap_or(0) + 1;
    let columns = layout.iter().map(|&(column, _)| column).max().unwrap_or(0) + 1;
    let at = move |i: usize| {
        let (column, row) = layout[i];
        (4.0 + column as f64 * COLUMN, 4.0 + row as f64 * ROW)
    };
    let edges = graph.with_untracked(|g| {
        g.nodes
            .iter()
            .enumerate()
            .flat_map(|(i, node)| node.inputs.iter().map(move |&j| (j, i)))
            .collect::<Vec<_>>()
    });
    let edge_views = edges
        .into_iter()
        .map(|(from, to)| {
            let ((x1, y1), (x2, y2)) = (at(from), at(to));
            let active = move || walk.value_shown(to) || walk.gradient_shown(from);
            view! {
                <line
                    class="edge"
                    class:active=active
                    x1=x1 + BOX_W
                    y1=y1 + BOX_H / 2.0
                    x2=x2
                    y2=y2 + BOX_H / 2.0
                ></line>
            }
        })
        .collect_view();
    let node_views = (0..walk.nodes)
        .map(|i| {
            let (x, y) = at(i);
            let value = move || match walk.value_shown(i) {
                true => graph.with(|g| in_box(g.nodes[i].value(focus.get()), &g.nodes[i])),
                false => String::new(),
            };
            let gradient = move || match walk.gradient_shown(i) {
                true => graph.with(|g| {
                    format!(
                        "∂ {}",
                        in_box(g.nodes[i].gradient(focus.get()), &g.nodes[i])
                    )
                }),
                false => String::new(),
            };
            let role = graph.with_untracked(|g| match g.nodes[i].role {
                Role::Input => "input",
                Role::Parameter => "parameter",
                Role::Operation => "operation",
                Role::Loss => "loss",
            });
            view! {
                <g class=format!("node {role}") class:current=move || walk.current() == Some(i)>
                    <rect x=x y=y width=BOX_W height=BOX_H rx=6></rect>
                    <text x=x + BOX_W / 2.0 y=y + 14.0 class="name">
                        {Memo::new(move |_| graph.with(|g| g.nodes[i].name))}
                    </text>
                    <text x=x + BOX_W / 2.0 y=y + 28.0>{value}</text>
                    <text x=x + BOX_W / 2.0 y=y + 41.0 class="gradient">{gradient}</text>
                </g>
            }
        })
        .collect_view();
    let width = 8.0 + (columns as f64 - 1.0) * COLUMN + BOX_W;
    let height = 8.0 + (rows as f64 - 1.0) * ROW + BOX_H;
    view! {
        <svg
            class="graph-diagram"
            viewBox=format!("0 0 {width} {height}")
            width=width
            height=height
            aria-hidden="true"
        >
            {edge_views}
            {node_views}
        </svg>
    }
}

/// A number in a box; a per-point node over the whole batch says how many it holds.
fn in_box(number: Option<f64>, node: &GraphNode) -> String {
    number.map_or_else(
        || format!("{} values", node.values.len()),
        |v| format::number(v as f32),
    )
}

/// Each node's (column, row): its column is its depth in the graph, and rows fill in order.
fn layout(graph: &LossGraph) -> Vec<(usize, usize)> {
    let mut depth = vec![0usize; graph.nodes.len()];
    for (i, node) in graph.nodes.iter().enumerate() {
        depth[i] = node.inputs.iter().map(|&j| depth[j] + 1).max().unwrap_or(0);
    }
    let mut next_row = vec![0usize; graph.nodes.len()];
    depth
        .iter()
        .map(|&d| {
            next_row[d] += 1;
            (d, next_row[d] - 1)
        })
        .collect()
}

/// The `backward` mission's question: once Backward has reached the residual r, the local
/// gradient of the loss's term at the point the page picked.
#[component]
fn BackwardQuestion(graph: Memo<LossGraph>, walk: Walk) -> impl IntoView {
    let missions = expect_context::<Missions>();
    let tracker = expect_context::<QuadraticMissions>();
    let lab = expect_context::<QuadraticLab>();
    let residual = graph.with_untracked(|g| g.nodes.iter().position(|n| n.name == "r"));
    let reached = move || residual.is_some_and(|index| walk.gradient_shown(index));
    let asked = move || {
        let point = tracker.backward_point()? + 1;
        Some(match lab.loss_kind.get() {
            LossKind::Mse => format!(
                "Point {point} is the farthest from the curve. Its local gradient ∂(r²)/∂r:"
            ),
            LossKind::Mae => {
                format!("Point {point} is the farthest from the curve. Its local gradient ∂|r|/∂r:")
            }
        })
    };
    let typed = move || {
        tracker
            .local_gradient()
            .map(|v| format::input(v as f32))
            .unwrap_or_default()
    };
    view! {
        <Show when=move || missions.is_current(MissionId::Backward)>
            <div class="mission-question">
                <span>{asked}</span>
                <NumberBox
                    label="local gradient at the picked point"
                    value=Signal::derive(typed)
                    min=-1e6
                    max=1e6
                    disabled=Signal::derive(move || !reached())
                    on_set=Callback::new(move |v: f32| tracker.type_local_gradient(f64::from(v)))
                />
                <Show when=move || !reached()>
                    <span class="hint">"Run Backward until it reaches r first."</span>
                </Show>
            </div>
        </Show>
    }
}
