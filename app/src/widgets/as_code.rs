//! "As code": a lab's setup as a PyTorch program, shown while open and kept up to date as the
//! lab changes, with Copy and Download .py; and, for a lab that trains a model, its weights as a
//! safetensors file named as the program names them, for `--init` or `load_state_dict`. The
//! files worker writes both (`crate::files_worker`).

use crate::files_worker;
use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::files::{Ask, Model, Program};

/// `program` is read only while the panel is open: closed, a lab's changes cost nothing.
#[component]
pub fn AsCode(
    /// The `.py` file's name.
    file_name: &'static str,
    /// What the program does, in a sentence.
    about: &'static str,
    program: Memo<Program>,
    /// The trained model, if the lab has one yet.
    #[prop(optional)]
    weights: Option<Callback<(), Option<Model>>>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let said = RwSignal::new(None::<String>);
    // The program as last written, or why it could not be; `None` while the first is written.
    let written = RwSignal::new(None::<Result<String, String>>);
    let retry = RwSignal::new(0u32);
    // Only the latest question's answer is shown: answers to earlier ones may come after it.
    let asked = StoredValue::new(0u64);
    Effect::new(move |_| {
        retry.track();
        if !open.get() {
            return;
        }
        let question = Ask::Program(program.get());
        asked.update_value(|n| *n += 1);
        let this = asked.get_value();
        spawn_local(async move {
            let answer = files_worker::text(question).await;
            if asked.get_value() == this {
                written.set(Some(answer));
            }
        });
    });
    let shown = move || written.with_untracked(|w| w.as_ref().and_then(|w| w.clone().ok()));
    let copy = move |_| {
        let Some(program) = shown() else {
            return said.set(Some("The program is still being written.".into()));
        };
        spawn_local(async move {
            let copied = crate::files::copy(&program).await;
            said.set(Some(match copied {
                true => "Program copied.".into(),
                false => {
                    "The browser refused the clipboard: select the program and copy it.".into()
                }
            }));
        });
    };
    let download = move |_| {
        let Some(program) = shown() else {
            return said.set(Some("The program is still being written.".into()));
        };
        crate::files::download(&program, file_name);
        said.set(Some(format!("Saved as {file_name}.")));
    };
    let weights_file = file_name.replace(".py", ".safetensors");
    let download_weights = move |weights: Callback<(), Option<Model>>| {
        let Some(model) = weights.run(()) else {
            return said.set(Some(
                "There are no trained weights yet: train the model first.".into(),
            ));
        };
        let weights_file = weights_file.clone();
        spawn_local(async move {
            said.set(Some(match files_worker::bytes(Ask::Weights(model)).await {
                Ok(bytes) => {
                    crate::files::download_bytes(&bytes, &weights_file);
                    format!("Saved as {weights_file}: run the program with --init {weights_file}.")
                }
                Err(why) => why,
            }));
        });
    };
    view! {
        <details class="as-code" on:toggle=move |event| {
            let details: web_sys::HtmlDetailsElement = event_target(&event);
            open.set(details.open());
        }>
            <summary>"As code (PyTorch)"</summary>
            <p class="hint">{about}</p>
            <div class="as-code-actions">
                <button on:click=copy>"Copy"</button>
                <button on:click=download>"Download .py"</button>
                {weights.map(|weights| {
                    let download_weights = download_weights.clone();
                    view! {
                        <button on:click=move |_| download_weights(weights)>
                            "Download weights (.safetensors)"
                        </button>
                    }
                })}
                <output role="status" aria-label="program">{move || said.get()}</output>
            </div>
            {move || written.get().and_then(Result::err).map(|why| view! {
                <p class="alarm" role="alert">
                    {why} " "
                    <button on:click=move |_| retry.update(|n| *n += 1)>"Try again"</button>
                </p>
            })}
            <pre tabindex="0" aria-label="PyTorch program"><code>{move || {
                open.get().then(|| match written.get() {
                    None => "# Writing the program…".to_string(),
                    Some(Ok(program)) => program,
                    Some(Err(_)) => String::new(),
                })
            }}</code></pre>
        </details>
    }
}
