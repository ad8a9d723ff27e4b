use crate::address::set_query;
use crate::backend::{Backend, BackendChoice, Probe, Requested, choose};
use crate::engine_client::{EngineClient, Slot};
use crate::missions::{MissionCard, Missions, MissionsButton, MissionsPanel};
use crate::offline::UpdateBanner;
use crate::page_lab::PageLab;
use crate::webgpu_probe;
use crate::widgets::Choice;
use descent_core::missions::MissionId;
use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::LabKind;
use wasm_bindgen::JsCast;

/// Each lab's state and panel, from the one list of labs (`protocol::with_labs!`): made in the
/// list's order, each put in the context for its views, and opened by its kind.
macro_rules! page_labs {
    ($($variant:ident($module:ident, $key:literal, $label:literal, $slot:ident, $page:ident)),* $(,)?) => {
        #[derive(Clone, Copy)]
        struct Labs {
            $($module: super::$module::$page),*
        }

        impl Labs {
            fn new(engine: EngineClient) -> Self {
                $(
                    let $module = <super::$module::$page as PageLab>::new(engine);
                    provide_context($module);
                )*
                Self { $($module),* }
            }

            fn open(self, lab: LabKind) {
                match lab {
                    $(LabKind::$variant => self.$module.open()),*
                }
            }

            /// Puts mission `id`'s lab in its start.
            fn set_up(self, id: MissionId) {
                match LabKind::from_key(id.mission().lab) {
                    $(Some(LabKind::$variant) => self.$module.set_up(id),)*
                    None => {}
                }
            }

            /// Every mission a lab checks, in the lesson's order.
            fn offered() -> Vec<MissionId> {
                MissionId::ALL
                    .into_iter()
                    .filter(|id| false $(|| <super::$module::$page as PageLab>::MISSIONS.contains(id))*)
                    .collect()
            }
        }

        /// Every lab's panel, the one of the chosen tab shown.
        fn panels(tab: RwSignal<LabKind>) -> impl IntoView {
            view! {
                $(
                    <div
                        id=concat!($key, "-panel")
                        role="tabpanel"
                        hidden=move || tab.get() != LabKind::$variant
                    >
                        {<super::$module::$page as PageLab>::view()}
                    </div>
                )*
            }
        }
    };
}

protocol::with_labs!(page_labs);

/// The whole page: a header naming the backend, then the labs.
#[component]
pub fn App() -> impl IntoView {
    let engine = EngineClient::new();
    provide_context(engine);
    let missions = Missions::new();
    provide_context(missions);
    provide_context(crate::widgets::EverySectionShown::new());
    let labs = Labs::new(engine);
    let offered: &'static [MissionId] = Labs::offered().leak();
    let query = crate::address::query();
    let (mission, mission_notice) = match Missions::in_address(offered) {
        Ok(mission) => (mission, None),
        Err(notice) => (None, Some(notice)),
    };
    let tab = RwSignal::new(
        mission
            .and_then(|id| LabKind::from_key(id.mission().lab))
            .unwrap_or_else(|| lab_in(&query)),
    );
    // Set up: the mission's lab is opened and put in the mission's start.
    Effect::new(move |_| {
        if missions.set_ups.get() == 0 {
            return;
        }
        let Some(id) = missions.current.get_untracked() else {
            return;
        };
        if let Some(lab) = LabKind::from_key(id.mission().lab) {
            tab.set(lab);
            set_query("lab", lab.key());
        }
        labs.set_up(id);
    });
    if let Some(id) = mission {
        missions.set_up(id);
    }
    let (requested, address_notice) = Requested::from_query(&query);
    let requested = RwSignal::new(requested);
    // WebGPU is probed only when something other than the CPU is asked for, once.
    let probe = RwSignal::new(None::<Probe>);
    let probing = StoredValue::new(false);
    Effect::new(move |_| {
        if requested.get() != Requested::Cpu && !probing.get_value() {
            probing.set_value(true);
            spawn_local(async move { probe.set(Some(webgpu_probe::probe().await)) });
        }
    });
    let choice = Memo::new(move |_| probe.with(|p| choose(requested.get(), p.as_ref())));
    Effect::new(move |_| {
        if let Some(choice) = choice.get() {
            engine.set_backend(choice.backend);
        }
    });
    let update_waiting = crate::offline::register();
    Effect::new(move |_| labs.open(tab.get()));
    view! {
        <header class="page-header">
            <h1>"Descent"</h1>
            <p class="tagline">"See how a neural network learns, by touching it."</p>
            <BackendBadge choice />
            <BackendPicker requested />
            <MissionsButton offered />
            {address_notice
                .into_iter()
                .chain(mission_notice)
                .map(|notice| view! { <p class="address-notice" role="status">{notice}</p> })
                .collect_view()}
            <UpdateBanner waiting=update_waiting />
        </header>
        <main>
            <MissionsPanel offered />
            <LabTabs tab />
            <MissionCard tab />
            {panels(tab)}
        </main>
        <footer class="page-footer">
            <p>"Built with burn, leptos and plotters. The quadratic and ReLU labs follow fast.ai lesson 3, \"How does a neural net really work?\"; the digits lab, fastbook chapter 4; the playground, Hands-On Machine Learning chapter 10 and TensorFlow Playground; the Titanic lab, the lesson's notebook \"Linear model and neural net from scratch\", on Kaggle's Titanic passengers. MNIST by Yann LeCun, Corinna Cortes and Christopher J.C. Burges, CC BY-SA 3.0."</p>
        </footer>
    }
}

/// Names the backend the Quadratic lab's engine runs on; its tooltip says why.
#[component]
fn BackendBadge(choice: Memo<Option<BackendChoice>>) -> impl IntoView {
    let status = expect_context::<EngineClient>().status(Slot::Quadratic);
    let text = move || match status.backend.get() {
        Some(Backend::WebGpu) => {
            let adapter = choice.with(|c| c.as_ref().and_then(|c| c.adapter.clone()));
            format!("Backend: WebGPU ({})", adapter.unwrap_or_default())
        }
        Some(Backend::Cpu) => "Backend: CPU (wasm)".into(),
        None if status.broken.with(Option::is_some) => "Backend: stopped".into(),
        None => "Backend: starting…".into(),
    };
    let why = move || {
        let notice = status.notice.get().map(|n| n.describe(""));
        match notice.or_else(|| choice.get().map(|c| c.reason)) {
            Some(reason) => format!("{} The engine runs in a Web Worker.", reason.trim_end()),
            None => "Checking what WebGPU this browser offers…".into(),
        }
    };
    view! {
        <span class="backend-badge" role="status" aria-label="backend" title=why>
            {text}
        </span>
    }
}

/// Lets the learner force a backend; the choice is kept in the address (`?backend=`).
#[component]
fn BackendPicker(requested: RwSignal<Requested>) -> impl IntoView {
    view! {
        <Choice
            label="Train on"
            caption="Train on "
            options=vec![Requested::Auto, Requested::WebGpu, Requested::Cpu]
            key=|r| r.as_query_value().into()
            show=|r| {
                match r {
                    Requested::Auto => "Automatic",
                    Requested::WebGpu => "WebGPU",
                    Requested::Cpu => "CPU",
                }
                    .into()
            }
            value=requested
            on_set=Callback::new(move |chosen: Requested| {
                requested.set(chosen);
                set_query("backend", chosen.as_query_value());
            })
        />
    }
}

/// The lab `?lab=` opens (`?lab=digits`: the Digits lab); the Quadratic lab without one.
fn lab_in(query: &str) -> LabKind {
    web_sys::UrlSearchParams::new_with_str(query)
        .ok()
        .and_then(|params| params.get("lab"))
        .and_then(|key| LabKind::from_key(&key))
        .unwrap_or(LabKind::ALL[0])
}

/// Buttons that switch labs; arrow keys move between them, as tabs do.
#[component]
fn LabTabs(tab: RwSignal<LabKind>) -> impl IntoView {
    let select = move |chosen: LabKind| {
        tab.set(chosen);
        set_query("lab", chosen.key());
    };
    let on_key = move |event: leptos::ev::KeyboardEvent| {
        let count = LabKind::ALL.len();
        let current = LabKind::ALL
            .iter()
            .position(|&t| t == tab.get())
            .unwrap_or(0);
        let index = match event.key().as_str() {
            "ArrowRight" => (current + 1) % count,
            "ArrowLeft" => (current + count - 1) % count,
            "Home" => 0,
            "End" => count - 1,
            _ => return,
        };
        let next = LabKind::ALL[index];
        select(next);
        // Focus follows the selection, as in any tab list.
        let button = event
            .current_target()
            .and_then(|nav| nav.dyn_into::<web_sys::Element>().ok())
            .and_then(|nav| nav.query_selector_all("[role=tab]").ok())
            .and_then(|tabs| tabs.item(index as u32))
            .and_then(|button| button.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(button) = button {
            let _ = button.focus();
        }
    };
    view! {
        <nav class="lab-tabs" role="tablist" aria-label="labs" on:keydown=on_key>
            {LabKind::ALL
                .iter()
                .map(|&which| {
                    view! {
                        <button
                            role="tab"
                            aria-selected=move || (tab.get() == which).to_string()
                            tabindex=move || if tab.get() == which { "0" } else { "-1" }
                            on:click=move |_| select(which)
                        >
                            {which.label()}
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}
