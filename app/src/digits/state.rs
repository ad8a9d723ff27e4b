//! The Digits lab's state: the data, the baseline, the models of the ladder, and the answers of
//! the lab's engine worker (started when the lab first opens), each matched to the request that
//! asked for it. Training is `training.rs`'s, a model's state `model_run.rs`'s, and the model
//! that reads drawings `answering.rs`'s.

use super::answering::{Answering, ReadyModel, fetch_ready_model};
use super::model_run::{BatchTime, ModelRun};
use super::own_digits::OwnDigits;
use super::training::WarmupPreset;
use crate::address;
use crate::asked::Asked;
use crate::engine_client::{EngineClient, LabControl, Slot, TakesAnswers};
use crate::run_loop::RunState;
use crate::widgets::Path;
use descent_core::digits::{DigitsSetup, ModelKind, Pair, PlainNet, SimilarityReport};
use descent_core::mnist::MnistOverview;
use descent_core::settings::LabSetup;
use leptos::prelude::*;
use protocol::RequestId;
use protocol::digits::{Command, Event};
use std::sync::Arc;

/// Where trunk puts the assets `cargo xtask fetch-mnist` made.
const ASSETS: &str = "./mnist";
/// What a new worker carries over, said when one takes over.
pub const KEPT: &str =
    "The data was loaded again and the models start afresh: train again to continue.";

#[derive(Debug, Clone, PartialEq)]
pub enum DataState {
    NotLoaded,
    Loading {
        loaded: u64,
        total: u64,
        /// How long no byte has arrived (ms).
        waiting_ms: u32,
        /// At the speed so far, when that is known.
        seconds_left: Option<f64>,
    },
    Ready(Box<MnistOverview>),
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Baseline {
    None,
    Running,
    Done(SimilarityReport),
    Failed(String),
}

/// What a request besides training's asked for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Asking {
    Load,
    Baseline,
    Reset(ModelKind),
    Time(ModelKind),
    Finder(ModelKind),
}

#[derive(Clone, Copy)]
pub struct DigitsLab {
    pub data: RwSignal<DataState>,
    pub baseline: RwSignal<Baseline>,
    /// What the learner has set: every rung's settings, and the rung last changed.
    pub setup: RwSignal<DigitsSetup>,
    /// The two digits the baseline, the linear model and simple_net tell apart (the setup's).
    pub pair: Memo<Pair>,
    pub models: [ModelRun; 4],
    pub ready_model: RwSignal<ReadyModel>,
    /// The learner's models, exported after each epoch and on Stop.
    pub own_models: RwSignal<Vec<(ModelKind, Arc<PlainNet>)>>,
    /// The last model fine-tuned on the learner's digits.
    pub tuned_model: RwSignal<Option<Arc<PlainNet>>>,
    /// The model of the last weights file opened, and which of the lab's models it is.
    pub imported_model: RwSignal<Option<(ModelKind, Arc<PlainNet>)>>,
    pub answering: RwSignal<Answering>,
    pub own_digits: OwnDigits,
    /// The lab's sections, opened one at a time: the rung a link names, or the data first.
    pub sections: Path,
    /// The settings of the address the lab could not use, named.
    pub address_notice: RwSignal<Option<String>>,
    pub(super) engine: EngineClient,
    pub(super) opened: StoredValue<bool>,
    /// Requests in flight besides training's, and what each asked for.
    pub(super) asked: Asked<Asking>,
    pub(super) load_started: StoredValue<f64>,
    pub(super) warmup_preset: StoredValue<Option<WarmupPreset>>,
}

impl DigitsLab {
    /// The lab as its address sets it up.
    pub fn new(engine: EngineClient) -> Self {
        let (setup, address_notice) = address::setup::<DigitsSetup>("Digits");
        let first = setup.rung.map_or("data", ModelKind::key);
        let setup = RwSignal::new(setup);
        let pair = Memo::new(move |_| setup.with(|s| s.pair));
        let lab = Self {
            setup,
            pair,
            sections: Path::new("digits-path", first),
            data: RwSignal::new(DataState::NotLoaded),
            baseline: RwSignal::new(Baseline::None),
            models: ModelKind::ALL.map(|kind| ModelRun::new(kind, setup, pair)),
            ready_model: RwSignal::new(ReadyModel::Loading),
            own_models: RwSignal::new(Vec::new()),
            tuned_model: RwSignal::new(None),
            imported_model: RwSignal::new(None),
            answering: RwSignal::new(Answering::Ready),
            own_digits: OwnDigits::new(),
            address_notice: RwSignal::new(address_notice),
            engine,
            opened: StoredValue::new(false),
            asked: Asked::new(),
            load_started: StoredValue::new(0.0),
            warmup_preset: StoredValue::new(None),
        };
        engine.connect(lab);
        for model in lab.models {
            // A rung changed by hand is the one the link opens at.
            Effect::new(move |previous: Option<()>| {
                model.settings.track();
                if previous.is_some() {
                    lab.setup.update(|s| s.rung = Some(model.kind));
                }
            });
        }
        // Read, not only tracked: a memo never read has no value to compare a change with.
        Effect::new(move |previous: Option<Pair>| {
            let now = pair.get();
            if previous.is_some_and(|previous| previous != now) {
                untrack(|| lab.pair_changed());
            }
            now
        });
        address::follow(DigitsSetup::keys().collect(), move || {
            setup.with(LabSetup::to_pairs)
        });
        lab
    }

    pub fn model(&self, kind: ModelKind) -> ModelRun {
        self.models[kind.index()]
    }

    pub fn is_loaded(&self) -> bool {
        matches!(self.data.get(), DataState::Ready(_))
    }

    /// The lab became visible: load the data (its worker starts with the request) and the ready
    /// model, once.
    pub fn open(self) {
        if self.opened.get_value() {
            return;
        }
        self.opened.set_value(true);
        if let Some(kind) = self.setup.with_untracked(|s| s.rung) {
            // Once the panel is laid out.
            request_animation_frame(move || scroll_to_rung(kind));
        }
        self.load();
        leptos::task::spawn_local(async move {
            self.ready_model.set(match fetch_ready_model().await {
                Ok(net) => ReadyModel::Ready(Arc::new(net)),
                Err(why) => {
                    ReadyModel::Failed(format!("The ready model could not be loaded: {why}"))
                }
            });
        });
    }

    /// Downloads MNIST; a download still in progress (stalled, say) is cancelled by the worker.
    pub fn load(self) {
        self.data.set(DataState::Loading {
            loaded: 0,
            total: 0,
            waiting_ms: 0,
            seconds_left: None,
        });
        self.load_started.set_value(js_sys::Date::now());
        let load = Command::Load {
            base_url: ASSETS.into(),
        };
        self.asked.ask(self.engine, load, Asking::Load);
    }

    /// The baseline without learning: pixel similarity, in the worker.
    pub fn run_baseline(self) {
        self.baseline.set(Baseline::Running);
        let pair = self.setup.with_untracked(|s| s.pair);
        self.asked.ask(
            self.engine,
            Command::PixelSimilarity { pair },
            Asking::Baseline,
        );
    }

    fn loading(self, loaded: u64, total: u64, waiting_ms: u32) {
        let seconds = (js_sys::Date::now() - self.load_started.get_value()) / 1000.0;
        let speed = loaded as f64 / seconds.max(1e-3);
        let seconds_left = (loaded > 0 && seconds > 2.0)
            .then(|| total.saturating_sub(loaded) as f64 / speed.max(1.0));
        self.data.set(DataState::Loading {
            loaded,
            total,
            waiting_ms,
            seconds_left,
        });
    }
}

impl TakesAnswers for DigitsLab {
    type Event = Event;

    fn answer(&self, id: RequestId, event: Event) {
        let lab = *self;
        // Progress leaves its request in flight; an answer takes it.
        let asked = match event {
            Event::Loading { .. } | Event::Finding { .. } => lab.asked.what(id),
            _ => lab.asked.take(id),
        };
        match (asked, event) {
            (
                Some(Asking::Load),
                Event::Loading {
                    loaded,
                    total,
                    waiting_ms,
                },
            ) => lab.loading(loaded, total, waiting_ms),
            (Some(Asking::Load), Event::Loaded(overview)) => {
                lab.data.set(DataState::Ready(Box::new(overview)));
                for model in lab.models {
                    lab.reset(model);
                }
            }
            (Some(Asking::Baseline), Event::Similarity(report)) => {
                lab.baseline.set(Baseline::Done(report));
            }
            (Some(Asking::Reset(kind)), Event::ModelReady { weights, .. }) => {
                lab.model(kind).weights.set(Some(weights));
            }
            (
                Some(Asking::Time(kind)),
                Event::BatchTime {
                    batch_size,
                    seconds,
                    batches_per_epoch,
                    ..
                },
            ) => {
                lab.model(kind).batch_time.set(Some(BatchTime {
                    batch_size,
                    seconds,
                    batches_per_epoch,
                }));
            }
            (_, Event::Tuning(stage)) => lab.own_digits.progress(id, stage),
            (_, Event::FineTuned(tuned)) if lab.own_digits.is_tuning(id) => {
                lab.tuned_model.set(Some(Arc::new(tuned.net.clone())));
                lab.answering.set(Answering::Tuned);
                lab.own_digits.tuned(*tuned);
            }
            (
                _,
                Event::Trained {
                    kind,
                    chunk,
                    validation,
                    weights,
                    end,
                    helper_lost,
                },
            ) => {
                let model = lab.model(kind);
                if model.run.is_current(id) {
                    lab.engine
                        .trained_with(Slot::Digits, chunk.workers, helper_lost);
                    lab.take_progress(model, chunk, validation, weights, end);
                }
            }
            (
                _,
                Event::Inspected {
                    kind,
                    chunk,
                    inspection,
                },
            ) => {
                let model = lab.model(kind);
                if model.run.is_current(id) {
                    lab.take_inspection(model, chunk, *inspection);
                }
            }
            (_, Event::Exported { kind, net }) => lab.take_export(kind, net),
            (Some(Asking::Finder(kind)), Event::Finding { batches, .. }) => {
                lab.model(kind).finding.set(Some(batches));
            }
            (Some(Asking::Finder(kind)), Event::Rates { curve, .. }) => {
                let model = lab.model(kind);
                model.rate_curve.set(Some(curve));
                model.finding.set(None);
            }
            // Answers to requests since superseded (an older load, a model reset again).
            _ => {}
        }
    }
}

impl LabControl for DigitsLab {
    fn failed(&self, id: RequestId, message: String) {
        match self.asked.take(id) {
            Some(Asking::Load) => self.data.set(DataState::Failed(message)),
            Some(Asking::Baseline) => self.baseline.set(Baseline::Failed(message)),
            Some(Asking::Finder(kind)) => {
                let model = self.model(kind);
                model.finding.set(None);
                model.run.set(RunState::Failed(message));
            }
            Some(Asking::Reset(kind)) => self.model(kind).run.set(RunState::Failed(message)),
            // A batch that could not be timed is simply not said.
            Some(Asking::Time(_)) => {}
            None => {
                self.own_digits.failed(id, &message);
                for model in self.models {
                    model.run.fail(id, message.clone());
                }
            }
        }
    }

    /// The new worker knows nothing: the data is loaded again, and each model starts afresh
    /// when it has arrived.
    fn restarted(&self) {
        self.asked.forget_all();
        for model in self.models {
            model.clear();
            self.forget_own_model(model.kind);
        }
        self.baseline.set(Baseline::None);
        self.own_digits.restarted();
        if self.opened.get_value() {
            self.load();
        }
    }
}

/// Brings a rung's panel into view, as a link to it opens the lab.
fn scroll_to_rung(kind: ModelKind) {
    let heading = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&model_heading_id(kind)));
    // Its panel: the heading itself is not shown where the path's summary names the rung.
    if let Some(panel) = heading.and_then(|h| h.parent_element()) {
        panel.scroll_into_view();
    }
}

/// The id of a rung's heading.
pub fn model_heading_id(kind: ModelKind) -> String {
    format!("model-{}", kind.key())
}
