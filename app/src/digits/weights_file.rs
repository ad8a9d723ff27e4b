//! The answering model as a weights file: "Download weights (.safetensors)", named as the lab's
//! PyTorch program names its parameters, and "Open weights" to have a file's model (one trained
//! from that program, say) answer the canvas. A file that is not one of the lab's models is
//! refused, the tensor and shape named, and nothing changes.

use super::answering::Answering;
use super::state::DigitsLab;
use crate::files_worker;
use crate::widgets::{Said, SaidLine};
use descent_core::digits::{ModelKind, Pair, PlainNet};
use descent_core::weights::{self, LARGEST};
use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::files::{Answer, Ask, Model};
use std::sync::Arc;

#[component]
pub fn WeightsFile() -> impl IntoView {
    let lab = expect_context::<DigitsLab>();
    let said = RwSignal::new(None::<Said>);
    let download = move |_| {
        let Some(net) = lab.answering_model() else {
            return;
        };
        let name = format!(
            "descent-digits-{}.safetensors",
            lab.answering.get_untracked().key()
        );
        let net = Model::Digits((*net).clone());
        spawn_local(async move {
            said.set(Some(match files_worker::bytes(Ask::Weights(net)).await {
                Ok(bytes) => {
                    crate::files::download_bytes(&bytes, &name);
                    Said::Done(format!(
                        "Saved as {name}: load it with model.load_state_dict(safetensors.torch.load_file(\"{name}\"))."
                    ))
                }
                Err(why) => Said::Refused(why),
            }));
        });
    };
    let open = move |event: web_sys::Event| {
        let Some(file) = crate::files::chosen(&event) else {
            return;
        };
        spawn_local(async move {
            let name = file.name();
            let pair = lab.setup.with_untracked(|s| s.pair);
            said.set(Some(match read(&file, pair).await {
                Ok((kind, net)) => {
                    let shape = net.shape();
                    let digits = net.task.name();
                    lab.imported_model.set(Some((kind, Arc::new(net))));
                    lab.answering.set(Answering::Imported);
                    Said::Done(format!(
                        "Opened {name}: a {} model ({shape}, {}); it answers your drawings now.",
                        kind.key(),
                        digits
                    ))
                }
                Err(why) => Said::not_opened(&name, &why),
            }));
        });
    };
    view! {
        <div class="weights-file">
            <button
                on:click=download
                disabled=move || lab.answering_model().is_none()
            >
                "Download weights (.safetensors)"
            </button>
            <label class="file-button">
                "Open weights… "
                <input
                    type="file"
                    accept=".safetensors"
                    aria-label="open a weights file"
                    on:change=open
                />
            </label>
            <SaidLine said class="weights-file-said" />
        </div>
    }
}

/// The digit model a weights file holds, or why it holds none; a one-output model tells `pair`
/// apart.
async fn read(file: &web_sys::File, pair: Pair) -> Result<(ModelKind, PlainNet), String> {
    let bytes = crate::files::read_bytes(file, LARGEST, weights::too_large).await?;
    match files_worker::ask(Ask::OpenDigitsWeights { bytes, pair }).await? {
        Answer::DigitsModel(kind, net) => Ok((kind, net)),
        _ => Err(files_worker::UNEXPECTED.into()),
    }
}
