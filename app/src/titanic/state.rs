//! The Titanic lab's state: the passengers (fetched once, cleaned in the worker), the three
//! models and their training, and the learner's own passenger with each model's answer.

use crate::address;
use crate::asked::Asked;
use crate::engine_client::{EngineClient, LabControl, TakesAnswers};
use crate::widgets::Path;
use descent_core::settings::LabSetup;
use descent_core::titanic::{Cleaning, ModelKind, Passenger, TitanicSetup, TrainingReport};
use leptos::prelude::*;
use protocol::RequestId;
use protocol::titanic::{Command, Event};

/// Where the page serves Kaggle's `train.csv` (copied from assets/titanic by trunk).
pub const DATA_URL: &str = "titanic/train.csv";

/// The passengers, as far as they have come.
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    Loading,
    Failed(String),
    Loaded {
        cleaning: Cleaning,
        examples: Vec<Passenger>,
    },
}

/// One model's panel: how its last training went (its settings are the lab's setup's).
#[derive(Clone, Copy)]
pub struct Model {
    pub kind: ModelKind,
    pub training: RwSignal<bool>,
    pub report: RwSignal<Option<TrainingReport>>,
    pub error: RwSignal<Option<String>>,
}

impl Model {
    fn new(kind: ModelKind) -> Self {
        Self {
            kind,
            training: RwSignal::new(false),
            report: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }
}

/// What a request was for, so its answer or failure goes to the right place.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Asking {
    Load,
    Train(ModelKind),
    Predict,
}

#[derive(Clone, Copy)]
pub struct TitanicLab {
    engine: EngineClient,
    pub data: RwSignal<Data>,
    pub models: [Model; 3],
    /// What the learner has set: each model's epochs and rate, and their passenger.
    pub setup: RwSignal<TitanicSetup>,
    /// The cleaning, the models and the form, opened one at a time: the cleaning first.
    pub sections: Path,
    /// The learner's passenger, for "Would you have survived?".
    pub passenger: Memo<Passenger>,
    /// Each trained model's chance that the passenger survived.
    pub chances: RwSignal<Vec<(ModelKind, f32)>>,
    /// The settings of the address the lab could not use, named.
    pub address_notice: RwSignal<Option<String>>,
    /// The file's text, kept to hand a new worker.
    csv: StoredValue<Option<String>>,
    asked: Asked<Asking>,
    opened: StoredValue<bool>,
}

impl TitanicLab {
    /// The lab as its address sets it up.
    pub fn new(engine: EngineClient) -> Self {
        let (setup, address_notice) = address::setup::<TitanicSetup>("Titanic");
        let setup_signal = RwSignal::new(setup);
        let lab = Self {
            engine,
            data: RwSignal::new(Data::Loading),
            models: ModelKind::ALL.map(Model::new),
            passenger: Memo::new(move |_| setup_signal.with(|s| s.passenger.clone())),
            setup: setup_signal,
            chances: RwSignal::new(Vec::new()),
            address_notice: RwSignal::new(address_notice),
            sections: Path::new("titanic-path", "cleaning"),
            csv: StoredValue::new(None),
            asked: Asked::new(),
            opened: StoredValue::new(false),
        };
        engine.connect(lab);
        lab.follow_passenger();
        address::follow(Vec::new(), move || lab.setup.with(LabSetup::to_pairs));
        lab
    }

    /// The lab became visible: fetch the passengers, once.
    pub fn open(self) {
        if !self.opened.get_value() {
            self.opened.set_value(true);
            self.load();
        }
    }

    /// Fetches the file (again, after a failure) and has the worker clean it.
    pub fn load(self) {
        self.data.set(Data::Loading);
        leptos::task::spawn_local(async move {
            match crate::files::fetch_text(DATA_URL).await {
                Ok(csv) => {
                    self.csv.set_value(Some(csv.clone()));
                    self.ask(Command::Load { csv }, Asking::Load);
                }
                Err(message) => self.data.set(Data::Failed(message)),
            }
        });
    }

    pub fn model(self, kind: ModelKind) -> Model {
        self.models[kind.index()]
    }

    pub fn train(self, kind: ModelKind) {
        let model = self.model(kind);
        model.training.set(true);
        model.error.set(None);
        let settings = self.setup.with_untracked(|s| s.model(kind));
        self.ask(
            Command::Train {
                kind,
                epochs: settings.epochs,
                learning_rate: settings.learning_rate,
            },
            Asking::Train(kind),
        );
    }

    pub fn train_all(self) {
        for kind in ModelKind::ALL {
            self.train(kind);
        }
    }

    /// The chances follow the passenger and the trained models.
    fn follow_passenger(self) {
        Effect::new(move |_| {
            let passenger = self.passenger.get();
            let trained = self
                .models
                .iter()
                .any(|m| m.report.with(|r| r.as_ref().is_some_and(|r| !r.diverged())));
            if trained {
                self.ask(Command::Predict { passenger }, Asking::Predict);
            } else {
                self.chances.set(Vec::new());
            }
        });
    }

    fn ask(self, command: Command, asking: Asking) {
        self.asked.ask(self.engine, command, asking);
    }
}

impl TakesAnswers for TitanicLab {
    type Event = Event;

    fn answer(&self, id: RequestId, event: Event) {
        let asked = self.asked.take(id);
        match (asked, event) {
            (Some(Asking::Load), Event::Loaded { cleaning, examples }) => {
                self.data.set(Data::Loaded { cleaning, examples });
            }
            (Some(Asking::Train(kind)), Event::Trained(report)) => {
                let model = self.model(kind);
                model.training.set(false);
                if report.diverged() {
                    model.error.set(Some(format!(
                        "The loss blew up at a learning rate of {}: lower it and train again.",
                        report.learning_rate
                    )));
                }
                model.report.set(Some(report));
            }
            (Some(Asking::Predict), Event::Predicted(chances)) => self.chances.set(chances),
            _ => {}
        }
    }
}

impl LabControl for TitanicLab {
    fn failed(&self, id: RequestId, message: String) {
        match self.asked.take(id) {
            Some(Asking::Load) => self.data.set(Data::Failed(message)),
            Some(Asking::Train(kind)) => {
                let model = self.model(kind);
                model.training.set(false);
                model.error.set(Some(message));
            }
            Some(Asking::Predict) | None => {}
        }
    }

    /// The new worker gets the passengers again, and each model that had trained trains again
    /// from the same seed, so it comes back the same.
    fn restarted(&self) {
        self.asked.forget_all();
        let Some(csv) = self.csv.get_value() else {
            if self.opened.get_value() {
                self.load();
            }
            return;
        };
        self.ask(Command::Load { csv }, Asking::Load);
        for model in self.models {
            let had = model.report.with_untracked(Option::is_some);
            if had || model.training.get_untracked() {
                self.train(model.kind);
            }
        }
    }
}
