//! Which model reads the learner's drawings: the ready model (fetched once), a model the learner
//! trained (exported after each epoch and on Stop), or one fine-tuned on their own digits.

use super::state::DigitsLab;
use descent_core::digits::{ModelKind, PlainNet};
use leptos::prelude::*;
use protocol::digits::Command;
use std::sync::Arc;
use wasm_bindgen_futures::JsFuture;

/// The ready model for drawings: a CNN the engine's CLI trained (`engine/src/bin/digits.rs`).
const READY_MODEL: &str = "./digits-model.bin";

#[derive(Debug, Clone, PartialEq)]
pub enum ReadyModel {
    Loading,
    Ready(Arc<PlainNet>),
    Failed(String),
}

/// The model that answers drawings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answering {
    Ready,
    Own(ModelKind),
    /// The last model fine-tuned on the learner's digits.
    Tuned,
    /// The model of the last weights file opened.
    Imported,
}

impl Answering {
    /// The value of its option in the model picker.
    pub fn key(&self) -> String {
        match self {
            Self::Ready => "ready".into(),
            Self::Own(kind) => kind.key().into(),
            Self::Tuned => "tuned".into(),
            Self::Imported => "imported".into(),
        }
    }
}

impl DigitsLab {
    /// The model that answers drawings, once there is one.
    pub fn answering_model(&self) -> Option<Arc<PlainNet>> {
        match self.answering.get() {
            Answering::Ready => match self.ready_model.get() {
                ReadyModel::Ready(net) => Some(net),
                _ => None,
            },
            Answering::Own(kind) => self.own_models.with(|models| {
                models
                    .iter()
                    .find(|(k, _)| *k == kind)
                    .map(|(_, n)| n.clone())
            }),
            Answering::Tuned => self.tuned_model.get(),
            Answering::Imported => self.imported_model.get().map(|(_, net)| net),
        }
    }

    /// Fine-tunes the answering model on the learner's digits, in the worker.
    pub fn fine_tune(self) {
        let Some(net) = self.answering_model() else {
            return;
        };
        let (pixels, labels) = self.own_digits.parts();
        let id = self.engine.send(Command::FineTune {
            net: (*net).clone(),
            pixels,
            labels,
        });
        self.own_digits.tuning_sent(id);
    }

    pub(super) fn forget_own_model(self, kind: ModelKind) {
        self.own_models
            .update(|models| models.retain(|(k, _)| *k != kind));
        if self.answering.get_untracked() == Answering::Own(kind) {
            self.answering.set(Answering::Ready);
        }
    }

    pub(super) fn take_export(self, kind: ModelKind, net: PlainNet) {
        let first = self
            .own_models
            .with_untracked(|models| models.iter().all(|(k, _)| *k != kind));
        self.own_models.update(|models| {
            models.retain(|(k, _)| *k != kind);
            models.push((kind, Arc::new(net)));
            models.sort_by_key(|(k, _)| ModelKind::ALL.iter().position(|a| a == k));
        });
        // The learner's own model answers drawings as soon as there is one.
        if first {
            self.answering.set(Answering::Own(kind));
        }
    }
}

pub(super) async fn fetch_ready_model() -> Result<PlainNet, String> {
    let response = crate::files::fetch(READY_MODEL).await?;
    let buffer = JsFuture::from(response.array_buffer().map_err(|e| format!("{e:?}"))?)
        .await
        .map_err(|e| format!("{READY_MODEL}: {e:?}"))?;
    PlainNet::from_bytes(&js_sys::Uint8Array::new(&buffer).to_vec()).map_err(|e| e.to_string())
}
