use super::{NumberBox, Readout, Slider};
use crate::format;
use descent_core::settings::{Number, Scale};
use leptos::prelude::*;

/// Where a table-drawn control reads and writes its setting: a lab's setup signal, or a lab that
/// applies a changed setup through its own actions (moving a point, drawing new data).
pub trait SetupStore<S>: Copy + Send + Sync + 'static {
    /// `number`'s value now (tracked).
    fn number(self, number: Number<S>) -> f64;
    /// Sets `number` to `value`.
    fn set_number(self, number: Number<S>, value: f64);
}

impl<S: Send + Sync + 'static> SetupStore<S> for RwSignal<S> {
    fn number(self, number: Number<S>) -> f64 {
        self.with(|s| (number.get)(s))
    }

    fn set_number(self, number: Number<S>, value: f64) {
        self.update(|s| (number.set)(s, value));
    }
}

/// A setting's label as a caption: starting with a capital.
pub fn caption<S>(number: &Number<S>) -> String {
    let mut caption = number.label.to_string();
    if let Some(first) = caption.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    caption
}

/// A number setting's box, drawn from its lab's table: the table's label, range and help,
/// reading and writing the lab's setup. `name` is its accessible name where the label alone
/// would be ambiguous (each model's "epochs").
#[component]
pub fn SettingBox<S: 'static, H: SetupStore<S>>(
    setup: H,
    number: Number<S>,
    #[prop(optional, into)] name: Option<String>,
    #[prop(optional, into)] disabled: Signal<bool>,
    /// Called after the learner set a new value (a width that starts a fresh model).
    #[prop(optional)]
    on_change: Option<Callback<()>>,
) -> impl IntoView {
    // A memo, so a lab whose whole setup is read (the Quadratic lab's, which a run moves every
    // frame) redraws a control only when its own number changes.
    let current = Memo::new(move |_| setup.number(number));
    let value = Signal::derive(move || {
        let value = current.get();
        match number.whole {
            true => format!("{value:.0}"),
            false => format::input_precise(value as f32),
        }
    });
    view! {
        <label class="inline">
            {caption(&number)} " "
            <NumberBox
                label=name.unwrap_or_else(|| number.label.into())
                help=number.help
                value
                min=number.range.0 as f32
                max=number.range.1 as f32
                whole=number.whole
                disabled
                on_set=Callback::new(move |v: f32| {
                    setup.set_number(number, f64::from(v));
                    if let Some(changed) = on_change {
                        changed.run(());
                    }
                })
            />
        </label>
    }
}

/// A number setting's slider, drawn from its lab's table: its accessible name, scale (a
/// logarithmic one for rates) and help, and beside it a box that takes any value of the table's
/// range, or the value written out. The lab places its caption ([`caption`]).
#[component]
pub fn SettingSlider<S: 'static, H: SetupStore<S>>(
    setup: H,
    number: Number<S>,
    #[prop(optional, into)] name: Option<String>,
    #[prop(optional, into)] id: Option<String>,
    /// The slider's travel where it is narrower than what can be typed (a coefficient's ±5 of
    /// ±1000).
    #[prop(optional)]
    travel: Option<(f32, f32)>,
    /// The range where the lab moves it (steep data reaches lower rates); the slider is drawn
    /// anew when it changes.
    #[prop(optional, into)]
    range: Option<Signal<(f32, f32)>>,
    /// Keyboard and drag step, in the value's units or in decades on a log scale.
    #[prop(default = 0.01)]
    step: f32,
    /// The value written out beside the slider, in place of a box to type it.
    #[prop(optional)]
    text: Option<fn(f32) -> String>,
    /// Rounds what the slider sets (so the rates the book uses can be hit exactly).
    #[prop(optional)]
    snap: Option<fn(f32) -> f32>,
    /// Sets the value when the slider is let go, for settings that rebuild something.
    #[prop(optional)]
    on_release: bool,
) -> impl IntoView {
    let name = name.unwrap_or_else(|| number.label.into());
    let table_range = (number.range.0 as f32, number.range.1 as f32);
    let range = range.unwrap_or_else(|| Signal::stored(table_range));
    let value = Memo::new(move |_| setup.number(number) as f32);
    let on_set = Callback::new(move |v: f32| {
        let v = snap.map_or(v, |snap| snap(v));
        let (lo, hi) = range.get_untracked();
        if v.is_finite() {
            setup.set_number(number, f64::from(v.clamp(lo, hi)));
        }
    });
    let written = match number.scale {
        Scale::Log => format::significant,
        Scale::Linear => format::input,
    };
    view! {
        {move || {
                let bounds = range.get();
                view! {
                    <Slider
                        label=name.clone()
                        id=id.clone()
                        help=number.help
                        range=travel.unwrap_or(bounds)
                        step
                        log=number.scale == Scale::Log
                        value
                        on_set
                        on_release
                        readout=match text {
                            Some(text) => Readout::Text(text),
                            None => Readout::Typed { bounds, text: written },
                        }
                    />
                }
            }}
    }
}
