//! The two digits the baseline, the linear model and simple_net tell apart (the book's 3 and 7
//! unless the learner picks others). Picking in one box the digit the other holds swaps them, so
//! the two always differ.

use super::state::DigitsLab;
use crate::widgets::Choice;
use descent_core::digits::{ModelKind, Pair};
use leptos::prelude::*;

#[component]
pub fn PairPicker() -> impl IntoView {
    let lab = expect_context::<DigitsLab>();
    let pair = lab.pair;
    // A new pair starts the two models afresh: not while either trains.
    let busy = Signal::derive(move || {
        [ModelKind::Linear, ModelKind::SimpleNet]
            .iter()
            .any(|&kind| lab.model(kind).run.is_busy())
    });
    let choose = move |first: bool, digit: u8| {
        let now = pair.get_untracked();
        let (a, b) = match first {
            true => (digit, now.second()),
            false => (now.first(), digit),
        };
        lab.set_pair(Pair::new(a, b).unwrap_or(now.swapped()));
    };
    let digits: Vec<u8> = (0..10).collect();
    view! {
        <p class="pair-picker">
            <Choice
                label="first digit"
                caption="Tell apart "
                options=digits.clone()
                key=u8::to_string
                show=u8::to_string
                value=Signal::derive(move || pair.get().first())
                on_set=Callback::new(move |digit| choose(true, digit))
                disabled=busy
            />
            <Choice
                label="second digit"
                caption=" from "
                options=digits
                key=u8::to_string
                show=u8::to_string
                value=Signal::derive(move || pair.get().second())
                on_set=Callback::new(move |digit| choose(false, digit))
                disabled=busy
            />
            <span class="pair-note">
                " (the book's are 3 and 7; the baseline, the linear model and simple_net follow)"
            </span>
        </p>
    }
}
