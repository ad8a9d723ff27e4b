//! The Tensors lab: under the hood of a layer, on the real MNIST 3s (fastbook chapter 4's rank
//! and shape, indexing, `view`, broadcasting, `@`, and computing without loops).

mod broadcast_panel;
mod grid;
mod layer_panel;
mod place_box;
mod stack_panel;
mod state;
mod timing_panel;

use crate::digits::DataState;
use crate::engine_client::{EngineClient, EngineLine, Slot};
use crate::page_lab::PageLab;
use crate::widgets::{EverySection, Path, PathSection};
use broadcast_panel::BroadcastPanel;
use layer_panel::LayerPanel;
use leptos::prelude::*;
use stack_panel::{ReshapePanel, StackPanel};
pub use state::TensorsLab;
use state::{Stack, StackState};
use timing_panel::TimingPanel;

/// What the lab carries over when its worker is replaced.
const KEPT: &str = "MNIST is loaded again, and the stack taken from it afresh.";

#[component]
pub fn TensorsLabView() -> impl IntoView {
    let lab = expect_context::<TensorsLab>();
    let sections = StoredValue::new(Path::new("tensors-path", "shape"));
    view! {
        <section class="lab" aria-labelledby="tensors-title">
            <h2 id="tensors-title">"Tensors lab"</h2>
            <p class="intro">
                "Under the hood of a layer. The book calls broadcasting the most important technique to learn: here are the tensors it works on, the training 3s of MNIST (the Digits lab's data, downloaded once for both), their shape, how an index picks from them, how a smaller tensor stretches to meet a larger one, and a layer as one matrix multiply."
            </p>
            <EngineLine worker=Slot::Digits kept=KEPT />
            {move || match lab.stack.get() {
                StackState::Ready(stack) => sections_of(sections.get_value(), stack).into_any(),
                StackState::Failed(why) => failed(format!("The stack could not be made: {why}")).into_any(),
                StackState::Waiting => match lab.digits.data.get() {
                    DataState::Failed(why) => failed(format!("MNIST could not be loaded: {why}")).into_any(),
                    DataState::Loading { loaded, total, .. } if total > 0 => view! {
                        <p class="tensors-waiting" role="status">
                            {format!("Loading MNIST… {}%", loaded * 100 / total)}
                        </p>
                    }
                    .into_any(),
                    _ => view! { <p class="tensors-waiting" role="status">"Loading MNIST…"</p> }.into_any(),
                },
            }}
        </section>
    }
}

/// Why there is no stack, and a way to try again.
fn failed(message: String) -> impl IntoView {
    let lab = expect_context::<TensorsLab>();
    view! {
        <div class="tensors-failed" role="alert">
            <p>{message}</p>
            <button on:click=move |_| lab.retry()>"Retry"</button>
        </div>
    }
}

fn sections_of(path: Path, stack: Stack) -> impl IntoView {
    let (shape, reshape, broadcast) = (stack.clone(), stack.clone(), stack.clone());
    view! {
        <EverySection path />
        <PathSection path key="shape" title="Rank and shape">
            <StackPanel stack=shape />
        </PathSection>
        <PathSection path key="reshape" title="Reshape: the same numbers as [n, 784]">
            <ReshapePanel stack=reshape />
        </PathSection>
        <PathSection path key="broadcast" title="Broadcasting">
            <BroadcastPanel stack=broadcast />
        </PathSection>
        <PathSection path key="layer" title="A matrix multiply as a layer">
            <LayerPanel stack />
        </PathSection>
        <PathSection path key="timing" title="Vectorised against a loop">
            <TimingPanel />
        </PathSection>
    }
}

impl PageLab for TensorsLab {
    fn new(engine: EngineClient) -> Self {
        Self::new(engine)
    }

    fn open(self) {
        self.open()
    }

    fn view() -> impl IntoView {
        view! { <TensorsLabView /> }
    }
}
