//! Missions in the page: which one is set up, what the learner has done (kept in the browser),
//! and what is said about it. Each lab checks its own missions from its state (its `missions`
//! module) and reports them done here; the panels are in `panel`.

mod panel;

use crate::address;
use crate::kept;
use descent_core::missions::{MissionId, Progress, Status};
use leptos::prelude::*;
pub use panel::{MissionCard, MissionsButton, MissionsPanel};

/// Where progress is kept between visits.
const STORAGE_KEY: &str = "descent.missions";
/// Where kept progress that could not be read is moved (then `….2`, `….3`…).
const UNREADABLE_KEY: &str = "descent.missions.unreadable";
/// The address parameter naming the mission set up.
pub const MISSION_KEY: &str = "mission";

#[derive(Clone, Copy)]
pub struct Missions {
    /// The mission set up now, if any.
    pub current: RwSignal<Option<MissionId>>,
    pub progress: RwSignal<Progress>,
    /// Bumped on every Set up: the mission's lab puts itself in the mission's start on it.
    pub set_ups: RwSignal<u64>,
    /// What the live region says: a mission set up, a mission done.
    pub said: RwSignal<String>,
    /// Kept progress that could not be read and was moved aside, or could not be kept.
    pub store_notice: RwSignal<Option<String>>,
    /// The list of missions is shown.
    pub listed: RwSignal<bool>,
    /// The current mission's hint is shown.
    pub hinted: RwSignal<bool>,
}

impl Missions {
    /// The progress kept from an earlier visit; kept progress that cannot be read is moved aside
    /// and said.
    pub fn new() -> Self {
        let storage = kept::storage();
        let saved = storage
            .as_ref()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
        let (progress, store_notice) = match saved.map(|text| (Progress::from_text(&text), text)) {
            None => (Progress::default(), None),
            Some((Ok(progress), _)) => (progress, None),
            Some((Err(why), text)) => (Progress::default(), Some(move_aside(storage, &text, &why))),
        };
        Self {
            current: RwSignal::new(None),
            progress: RwSignal::new(progress),
            set_ups: RwSignal::new(0),
            said: RwSignal::new(String::new()),
            store_notice: RwSignal::new(store_notice),
            listed: RwSignal::new(false),
            hinted: RwSignal::new(false),
        }
    }

    /// The mission of `offered` the address names (`?mission=`), or a notice naming what it
    /// could not use.
    pub fn in_address(offered: &[MissionId]) -> Result<Option<MissionId>, String> {
        let pairs = address::pairs();
        let Some((_, key)) = pairs.iter().find(|(k, _)| k == MISSION_KEY) else {
            return Ok(None);
        };
        let named = MissionId::from_key(key).filter(|id| offered.contains(id));
        named.map(Some).ok_or_else(|| {
            format!(
                "The address names a mission this page does not have ({}), so none is set up.",
                descent_core::settings::shown(MISSION_KEY, key)
            )
        })
    }

    /// True while `id` is the mission set up (tracked).
    pub fn is_current(self, id: MissionId) -> bool {
        self.current.get() == Some(id)
    }

    pub fn status(self, id: MissionId) -> Status {
        self.progress.with(|p| p.status(id, self.current.get()))
    }

    /// Makes `id` the mission set up and keeps it in the address; its lab then puts itself in
    /// the mission's start (`set_ups`).
    pub fn set_up(self, id: MissionId) {
        self.current.set(Some(id));
        self.hinted.set(false);
        self.listed.set(false);
        self.set_ups.update(|n| *n += 1);
        address::set_query(MISSION_KEY, id.key());
        self.said.set(format!(
            "Mission set up: {} Status: {}.",
            id.mission().task,
            describe(self.status(id))
        ));
    }

    /// No mission set up: the labs stay as they are.
    pub fn leave(self) {
        self.current.set(None);
        address::remove_query(MISSION_KEY);
        self.said.set("No mission set up.".into());
    }

    /// The current mission's check passed: it is done, kept, and said.
    pub fn finish(self, id: MissionId) {
        if self.progress.with_untracked(|p| p.is_done(id)) {
            return;
        }
        self.progress.update(|p| p.finish(id));
        self.keep();
        self.said
            .set(format!("Mission done: {} Status: done.", id.mission().task));
    }

    /// Forgets every mission done.
    pub fn start_over(self) {
        self.progress.set(Progress::default());
        self.keep();
        self.said
            .set("Progress cleared: no mission is done.".into());
    }

    fn keep(self) {
        let text = self.progress.with_untracked(Progress::to_text);
        let stored = kept::storage().is_some_and(|s| s.set_item(STORAGE_KEY, &text).is_ok());
        if !stored {
            self.store_notice.set(Some(
                "This browser would not keep your progress: it lasts until you leave the page."
                    .into(),
            ));
        }
    }
}

/// A status in words.
pub fn describe(status: Status) -> &'static str {
    match status {
        Status::NotStarted => "not started",
        Status::InProgress => "in progress",
        Status::Done => "done",
    }
}

/// Moves unreadable kept progress aside and says where; nothing done is counted from it.
fn move_aside(storage: Option<web_sys::Storage>, text: &str, why: &str) -> String {
    let could_not = format!("Your kept missions could not be read ({why})");
    let moved = storage.and_then(|storage| {
        let mut unreadable = kept::moved_aside(&storage, UNREADABLE_KEY);
        kept::move_aside(&storage, STORAGE_KEY, UNREADABLE_KEY, text, &mut unreadable)
    });
    match moved {
        Some(key) => format!(
            "{could_not}, so they were moved aside, under \"{key}\" in this browser's storage, and the list starts empty."
        ),
        None => format!("{could_not}, and the list starts empty."),
    }
}
