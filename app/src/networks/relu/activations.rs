//! The activations on their own: sigmoid, tanh and ReLU, each with its derivative (what
//! backpropagation multiplies by), read at an x the learner picks.

use crate::format;
use crate::plots::activation_chart::{self, ActivationPicture, X_RANGE};
use crate::widgets::{PlotCanvas, Readout, Slider};
use descent_core::playground::Activation;
use leptos::prelude::*;

const SHOWN: [(Activation, &str); 3] = [
    (Activation::Sigmoid, "sigmoid"),
    (Activation::Tanh, "tanh"),
    (Activation::Relu, "ReLU"),
];
const SAMPLES: usize = 161;

#[component]
pub fn Activations() -> impl IntoView {
    let x = RwSignal::new(0.5f32);
    let rows = SHOWN
        .into_iter()
        .map(|(activation, name)| {
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    <td>{move || format!("{:.4}", activation.at(x.get()))}</td>
                    <td>{move || format!("{:.4}", activation.slope(x.get()))}</td>
                </tr>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <section class="activations" aria-labelledby="activations-title">
            <h3 id="activations-title">"The activations on their own"</h3>
            <p class="hint">
                "A layer's outputs go through an activation before the next layer. Its derivative is what backpropagation multiplies each gradient by on the way back: sigmoid's is at most ¼ and tanh's at most 1, and both fade to 0 far from the middle, so deep stacks of them learn slowly; ReLU's is 1 wherever the unit is on."
            </p>
            <figure class="plot">
                <PlotCanvas
                    width=460
                    height=260
                    label="sigmoid, tanh and ReLU with their derivatives"
                    snapshot=move || Some(x.get())
                    draw=|canvas, x| activation_chart::draw(canvas, &picture(x))
                />
                <figcaption>
                    "Thick: the activation. Thin: its derivative. Blue: sigmoid. Green: tanh. Red: ReLU."
                </figcaption>
            </figure>
            <label class="inline">
                "x "
                <Slider
                    label="activation x"
                    range=X_RANGE
                    value=x
                    on_set=Callback::new(move |value| x.set(value))
                    readout=Readout::Typed { bounds: X_RANGE, text: format::input }
                    help="Where the table reads each activation and its derivative."
                />
            </label>
            <table aria-label="activations at x">
                <thead>
                    <tr>
                        <th scope="col">"activation"</th>
                        <th scope="col">"f(x)"</th>
                        <th scope="col">"f′(x)"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

fn picture(x: f32) -> ActivationPicture {
    let (lo, hi) = X_RANGE;
    let xs: Vec<f32> = (0..SAMPLES)
        .map(|i| lo + (hi - lo) * i as f32 / (SAMPLES - 1) as f32)
        .collect();
    let curve = |f: &dyn Fn(f32) -> f32| xs.iter().map(|&x| (x, f(x))).collect::<Vec<_>>();
    ActivationPicture {
        curves: SHOWN
            .iter()
            .map(|(a, _)| (curve(&|x| a.at(x)), curve(&|x| a.slope(x))))
            .collect(),
        x,
    }
}
