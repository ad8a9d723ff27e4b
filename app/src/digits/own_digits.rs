//! "Teach it your digits": the learner's labelled drawings, kept in the browser's storage, saved
//! to and read from a file, and the fine-tuning they feed.

use crate::kept;
use descent_core::digits::{FineTuned, TuneStage, own_digits};
use descent_core::mnist::Digits;
use leptos::prelude::*;
use protocol::RequestId;

/// Where the set is kept between visits.
const STORAGE_KEY: &str = "descent.own-digits";
/// Where a kept set that could not be read is moved, so that nothing is lost: the first under
/// this key, each later one under the first free `…unreadable.2`, `…unreadable.3`, and so on.
const UNREADABLE_KEY: &str = "descent.own-digits.unreadable";

#[derive(Debug, Clone, PartialEq)]
pub enum Tuning {
    Idle,
    /// Sent; the stage once the worker has told one.
    Running(Option<TuneStage>),
    Done(Box<FineTuned>),
    Failed(String),
}

/// A line under the set: what just happened to it, and whether it is a problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub text: String,
    pub alarm: bool,
}

#[derive(Clone, Copy)]
pub struct OwnDigits {
    pub set: RwSignal<Digits>,
    pub note: RwSignal<Option<Note>>,
    pub tuning: RwSignal<Tuning>,
    /// The storage keys of the sets moved aside because they could not be read, oldest first.
    pub unreadable: RwSignal<Vec<String>>,
    request: StoredValue<Option<RequestId>>,
}

impl OwnDigits {
    /// The set kept from an earlier visit, if any. One that cannot be read is moved aside, next
    /// to any moved aside before, and said.
    pub fn new() -> Self {
        let empty = || Digits::from_parts(Vec::new(), Vec::new()).expect("empty is valid");
        let storage = kept::storage();
        let saved = storage
            .as_ref()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
        let mut unreadable = storage
            .as_ref()
            .map(|s| kept::moved_aside(s, UNREADABLE_KEY))
            .unwrap_or_default();
        let (set, note) = match saved.map(|text| (own_digits::from_text(&text), text)) {
            None => (empty(), None),
            Some((Ok(set), _)) => (set, None),
            Some((Err(why), text)) => {
                let note = move_aside(storage.as_ref(), &text, &why.to_string(), &mut unreadable);
                (empty(), Some(note))
            }
        };
        Self {
            set: RwSignal::new(set),
            note: RwSignal::new(note),
            tuning: RwSignal::new(Tuning::Idle),
            unreadable: RwSignal::new(unreadable),
            request: StoredValue::new(None),
        }
    }

    /// The text of a set moved aside, as it was kept.
    pub fn unreadable_text(&self, key: &str) -> Option<String> {
        kept::storage()?.get_item(key).ok().flatten()
    }

    /// Deletes a set moved aside, once the learner has what they need of it.
    pub fn forget_unreadable(&self, key: &str) {
        if let Some(storage) = kept::storage() {
            let _ = storage.remove_item(key);
            self.unreadable
                .set(kept::moved_aside(&storage, UNREADABLE_KEY));
        }
    }

    pub fn len(&self) -> usize {
        self.set.with(Digits::len)
    }

    /// Adds a drawing, as the model saw it (28×28 levels in 0–1), with its label.
    pub fn add(&self, label: u8, seen: &[f32]) {
        if self.len() >= own_digits::MAX_DIGITS {
            self.say(
                format!(
                    "Your set is full ({} digits): remove some first.",
                    own_digits::MAX_DIGITS
                ),
                true,
            );
            return;
        }
        let image: Vec<u8> = seen
            .iter()
            .map(|v| (v * 255.0).round().clamp(0.0, 255.0) as u8)
            .collect();
        let mut added = Ok(());
        self.set.update(|set| added = set.push(label, &image));
        match added {
            Ok(()) => self.changed(format!("Added a {label}.")),
            Err(why) => self.say(format!("That drawing could not be added: {why}"), true),
        }
    }

    pub fn remove(&self, index: usize) {
        let label = self
            .set
            .with_untracked(|set| set.labels().get(index).copied());
        self.set.update(|set| set.remove(index));
        if let Some(label) = label {
            self.changed(format!("Removed a {label}."));
        }
    }

    /// The file's digits, added to the set; a bad file is refused and the set left as it was.
    pub fn add_file(&self, name: &str, text: &str) {
        let read = own_digits::from_text(text);
        let read = read.and_then(|digits| {
            let total = self.len() + digits.len();
            if total > own_digits::MAX_DIGITS {
                return Err(descent_core::EngineError::Data(format!(
                    "with it the set would hold {total} digits, more than {}",
                    own_digits::MAX_DIGITS
                )));
            }
            Ok(digits)
        });
        match read {
            Ok(digits) => {
                self.set.update(|set| {
                    for i in 0..digits.len() {
                        let _ = set.push(digits.label(i), digits.image(i));
                    }
                });
                self.changed(format!("Added {} digits from {name}.", digits.len()));
            }
            Err(why) => self.say(format!("{name} was not added: {why}."), true),
        }
    }

    /// The set as the file the learner downloads.
    pub fn text(&self) -> String {
        self.set.with_untracked(own_digits::to_text)
    }

    /// Grey levels and labels, for the worker.
    pub fn parts(&self) -> (Vec<u8>, Vec<u8>) {
        self.set.with_untracked(|set| {
            let pixels = (0..set.len()).flat_map(|i| set.image(i).to_vec()).collect();
            (pixels, set.labels().to_vec())
        })
    }

    pub fn tuning_sent(&self, id: RequestId) {
        self.request.set_value(Some(id));
        self.tuning.set(Tuning::Running(None));
    }

    pub fn progress(&self, id: RequestId, stage: TuneStage) {
        if self.is_tuning(id) {
            self.tuning.set(Tuning::Running(Some(stage)));
        }
    }

    pub fn is_tuning(&self, id: RequestId) -> bool {
        self.request.get_value() == Some(id)
    }

    pub fn tuned(&self, result: FineTuned) {
        self.request.set_value(None);
        self.tuning.set(Tuning::Done(Box::new(result)));
    }

    pub fn failed(&self, id: RequestId, message: &str) {
        if self.is_tuning(id) {
            self.request.set_value(None);
            self.tuning.set(Tuning::Failed(message.to_string()));
        }
    }

    /// A new worker never heard of a fine-tuning in flight: the learner can press it again.
    pub fn restarted(&self) {
        if self.request.get_value().is_some() {
            self.request.set_value(None);
            self.tuning.set(Tuning::Idle);
        }
    }

    /// Keeps the set and says what changed, with how many digits it now holds.
    fn changed(&self, what: String) {
        let text = self.text();
        let stored = kept::storage().is_some_and(|s| s.set_item(STORAGE_KEY, &text).is_ok());
        if stored {
            // An unreadable set left in the main key (see `move_aside`) is replaced now.
            self.unreadable
                .update(|keys| keys.retain(|key| key != STORAGE_KEY));
        }
        let count = self.len();
        let held = format!(
            "{count} digit{} in your set",
            if count == 1 { "" } else { "s" }
        );
        match stored {
            true => self.say(format!("{what} {held}, kept in this browser."), false),
            false => self.say(
                format!(
                    "{what} {held}, but this browser would not keep it: download it to keep it."
                ),
                true,
            ),
        }
    }

    fn say(&self, text: String, alarm: bool) {
        self.note.set(Some(Note { text, alarm }));
    }
}

/// Moves `text`, a kept set that could not be read, aside next to the sets moved aside before
/// (`unreadable`, which gains it), and says so. If the browser will not store it there, it stays
/// where it was, and is offered for download from there.
fn move_aside(
    storage: Option<&web_sys::Storage>,
    text: &str,
    why: &str,
    unreadable: &mut Vec<String>,
) -> Note {
    let could_not = format!("Your saved digits could not be read ({why})");
    let Some(storage) = storage else {
        return Note {
            text: format!("{could_not}."),
            alarm: true,
        };
    };
    let text = match kept::move_aside(storage, STORAGE_KEY, UNREADABLE_KEY, text, unreadable) {
        Some(key) => {
            let sets = match unreadable.len() {
                1 => "1 unreadable set is".to_string(),
                n => format!("{n} unreadable sets are"),
            };
            format!(
                "{could_not}. They were moved aside, under \"{key}\": {sets} kept in this browser, none overwritten. Download them below to fix or keep them; new drawings start a new set."
            )
        }
        None => {
            unreadable.push(STORAGE_KEY.to_string());
            format!(
                "{could_not}, and this browser would not store a copy aside. Download them below before you draw: your next drawing is saved in their place."
            )
        }
    };
    Note { text, alarm: true }
}
