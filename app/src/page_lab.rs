//! What every lab of the page is: its state, made once when the page starts, opened when its tab
//! is chosen, and its panel. The page lists its labs from `protocol::with_labs!` (`app.rs`).

use crate::engine_client::EngineClient;
use descent_core::missions::MissionId;
use leptos::prelude::IntoView;

pub trait PageLab: Copy + Send + Sync + 'static {
    /// The lab's state. Labs are made in the list's order, each put in the context at once, so a
    /// lab may read one listed before it (the ReLU lab fits the Quadratic lab's points).
    fn new(engine: EngineClient) -> Self;
    /// Its tab was chosen: start what it needs (its worker, its data).
    fn open(self);
    /// Its panel's content (a concrete view, not an `AnyView`: erasing the type brought in
    /// leptos's server rendering, 41 kB Brotli of the page's download).
    fn view() -> impl IntoView;
    /// The missions it sets and checks, in the lesson's order.
    const MISSIONS: &'static [MissionId] = &[];
    /// Puts the lab in mission `id`'s start, and checks it afresh from there.
    fn set_up(self, _id: MissionId) {}
}
