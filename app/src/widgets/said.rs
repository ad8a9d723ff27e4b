use leptos::prelude::*;

/// What a lab says about the learner's own data after an edit, a paste or an upload.
#[derive(Debug, Clone, PartialEq)]
pub enum Said {
    /// The change was made; this is what it did.
    Done(String),
    /// The change was refused and nothing was lost; this is why.
    Refused(String),
}

impl Said {
    /// A file the learner chose was refused: its name, that nothing changed, and why.
    pub fn not_opened(name: &str, why: &str) -> Self {
        Self::Refused(format!("{name} was not opened, and nothing changed. {why}"))
    }
}

/// The line that says it: an alert, marked as one when something was refused.
#[component]
pub fn SaidLine(said: RwSignal<Option<Said>>, class: &'static str) -> impl IntoView {
    let text = move || match said.get() {
        Some(Said::Done(text) | Said::Refused(text)) => text,
        None => String::new(),
    };
    let refused = move || matches!(said.get(), Some(Said::Refused(_)));
    view! {
        <p class=class class:alarm=refused role="alert">
            {text}
        </p>
    }
}
