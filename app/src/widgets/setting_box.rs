use super::NumberBox;
use crate::format;
use descent_core::settings::Number;
use leptos::prelude::*;

/// A number setting's control, drawn from its lab's table: the table's label, range and help,
/// reading and writing the lab's setup. `name` is its accessible name where the label alone
/// would be ambiguous (each model's "epochs").
#[component]
pub fn SettingBox<S: Send + Sync + 'static>(
    setup: RwSignal<S>,
    number: Number<S>,
    #[prop(optional, into)] name: Option<String>,
    #[prop(optional, into)] disabled: Signal<bool>,
    /// Called after the learner set a new value (a width that starts a fresh model).
    #[prop(optional)]
    on_change: Option<Callback<()>>,
) -> impl IntoView {
    let value = Signal::derive(move || {
        let value = setup.with(|s| (number.get)(s));
        match number.whole {
            true => format!("{value:.0}"),
            false => format::input_precise(value as f32),
        }
    });
    // Shown as a caption starts; named as the table writes it.
    let mut caption = number.label.to_string();
    if let Some(first) = caption.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    view! {
        <label class="inline">
            {caption} " "
            <NumberBox
                label=name.unwrap_or_else(|| number.label.into())
                help=number.help
                value
                min=number.range.0 as f32
                max=number.range.1 as f32
                whole=number.whole
                disabled
                on_set=Callback::new(move |v: f32| {
                    setup.update(|s| (number.set)(s, f64::from(v)));
                    if let Some(changed) = on_change {
                        changed.run(());
                    }
                })
            />
        </label>
    }
}
