//! A long lab as a path: its sections are `<details>` opened one at a time (the browser's
//! exclusive accordion, `name`), so the first screen shows where to start and the rest stay one
//! click away, each keeping its state while closed. "Show every section" opens them all, and is
//! remembered in this browser.

use crate::kept;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Where "Show every section" is remembered.
const EVERY_SECTION_KEY: &str = "descent.sections";

/// "Show every section", for every lab at once: made with the page, remembered in this browser.
#[derive(Clone, Copy)]
pub struct EverySectionShown(RwSignal<bool>);

impl EverySectionShown {
    pub fn new() -> Self {
        let every = kept::storage()
            .and_then(|s| s.get_item(EVERY_SECTION_KEY).ok().flatten())
            .is_some_and(|kept| kept == "all");
        Self(RwSignal::new(every))
    }

    fn set(self, every: bool) {
        self.0.set(every);
        if let Some(storage) = kept::storage() {
            let _ = match every {
                true => storage.set_item(EVERY_SECTION_KEY, "all"),
                false => storage.remove_item(EVERY_SECTION_KEY),
            };
        }
    }
}

/// One lab's path: which section is open, or all of them.
#[derive(Clone, Copy)]
pub struct Path {
    /// The accordion's name, shared by its sections.
    name: &'static str,
    pub open: RwSignal<&'static str>,
    every: EverySectionShown,
}

impl Path {
    /// A path whose `first` section is open (none, where no section has that key). The page's
    /// [`EverySectionShown`] must be in the context.
    pub fn new(name: &'static str, first: &'static str) -> Self {
        Self {
            name,
            open: RwSignal::new(first),
            every: expect_context(),
        }
    }
}

/// "Show every section", for a learner who wants the whole lab at once.
#[component]
pub fn EverySection(path: Path) -> impl IntoView {
    view! {
        <label class="every-section">
            <input
                type="checkbox"
                prop:checked=move || path.every.0.get()
                on:change=move |ev| path.every.set(event_target_checked(&ev))
            />
            " Show every section"
        </label>
    }
}

/// One section of a path, its title the summary's heading (a panel's own first heading is then
/// not shown again).
#[component]
pub fn PathSection(
    path: Path,
    key: &'static str,
    /// It may follow the lab's setup (the Digits lab names its pair).
    #[prop(into)]
    title: Signal<String>,
    children: Children,
) -> impl IntoView {
    let on_toggle = move |ev: leptos::ev::Event| {
        let opened = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|details| details.has_attribute("open"));
        if opened && !path.every.0.get_untracked() {
            path.open.set(key);
        }
    };
    view! {
        <details
            class="path-section"
            data-section=key
            name=move || (!path.every.0.get()).then_some(path.name)
            prop:open=move || path.every.0.get() || path.open.get() == key
            on:toggle=on_toggle
        >
            <summary>
                <h3 class="path-title">{move || title.get()}</h3>
            </summary>
            {children()}
        </details>
    }
}
