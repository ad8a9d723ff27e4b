//! "As code": a lab's setup as a PyTorch program, shown while open and kept up to date as the
//! lab changes, with Copy and Download .py; and, for a lab that trains a model, its weights as a
//! safetensors file named as the program names them, for `--init` or `load_state_dict`.

use descent_core::weights::Tensor;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// `program` is worked out only while the panel is open: closed, a lab's changes cost nothing.
#[component]
pub fn AsCode(
    /// The `.py` file's name.
    file_name: &'static str,
    /// What the program does, in a sentence.
    about: &'static str,
    program: Memo<String>,
    /// The trained model's parameters, if the lab has one yet.
    #[prop(optional)]
    weights: Option<Callback<(), Option<Vec<Tensor>>>>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let said = RwSignal::new(None::<String>);
    let copy = move |_| {
        spawn_local(async move {
            let copied = crate::files::copy(&program.get_untracked()).await;
            said.set(Some(match copied {
                true => "Program copied.".into(),
                false => {
                    "The browser refused the clipboard: select the program and copy it.".into()
                }
            }));
        });
    };
    let download = move |_| {
        crate::files::download(&program.get_untracked(), file_name);
        said.set(Some(format!("Saved as {file_name}.")));
    };
    let weights_file = file_name.replace(".py", ".safetensors");
    let download_weights = move |weights: Callback<(), Option<Vec<Tensor>>>| {
        said.set(Some(match weights.run(()) {
            Some(tensors) => {
                crate::files::download_bytes(
                    &descent_core::weights::write(&tensors),
                    &weights_file,
                );
                format!("Saved as {weights_file}: run the program with --init {weights_file}.")
            }
            None => "There are no trained weights yet: train the model first.".into(),
        }));
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
            <pre tabindex="0" aria-label="PyTorch program"><code>{move || open.get().then(|| program.get())}</code></pre>
        </details>
    }
}
