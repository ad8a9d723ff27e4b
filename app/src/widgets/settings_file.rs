//! A lab's settings as a file: "Download settings (.json)", and "Open settings" from a file picker
//! or a file dropped on the row. The file is read through the lab's table
//! (`descent_core::settings_file`); one that is refused changes nothing and says why.

use super::{Said, SaidLine};
use crate::files_worker;
use descent_core::settings::Setting;
use descent_core::settings_file::{self, Entry, LARGEST};
use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::files::{Answer, Ask};

/// The row for lab `lab` (its key, as in `?lab=`) whose settings `table` reads and writes: `setup`
/// gives its settings now, and `apply` puts the lab in the settings of an opened file. Generic
/// only here: the row itself is one component for every lab.
pub fn settings_file<S: Default + 'static>(
    lab: &'static str,
    table: &'static [Setting<S>],
    setup: impl Fn() -> S + Send + Sync + 'static,
    apply: impl Fn(S) + Send + Sync + 'static,
) -> impl IntoView {
    let entries = Callback::new(move |()| settings_file::entries(table, &setup()));
    let take = Callback::new(move |entries: Vec<(String, Entry)>| {
        let opened =
            settings_file::setup_of(table, &entries).map_err(|problems| problems.join(" "))?;
        apply(opened);
        Ok(())
    });
    view! { <SettingsFile lab entries take /> }
}

#[component]
fn SettingsFile(
    lab: &'static str,
    /// The lab's settings now, as a file holds them.
    entries: Callback<(), Vec<(String, Entry)>>,
    /// Puts the lab in the settings a file holds, or says why not (changing nothing).
    take: Callback<Vec<(String, Entry)>, Result<(), String>>,
) -> impl IntoView {
    let said = RwSignal::new(None::<Said>);
    let file_name = format!("descent-{lab}-settings.json");
    let download = move |_| {
        let question = Ask::WriteSettings {
            lab: lab.into(),
            entries: entries.run(()),
        };
        let file_name = file_name.clone();
        spawn_local(async move {
            match files_worker::text(question).await {
                Ok(text) => {
                    crate::files::download(&text, &file_name);
                    said.set(None);
                }
                Err(why) => said.set(Some(Said::Refused(why))),
            }
        });
    };
    let open = move |file: Option<web_sys::File>| {
        let Some(file) = file else {
            return;
        };
        spawn_local(async move {
            let opened = read(lab, &file, take).await;
            let name = file.name();
            said.set(Some(match opened {
                Ok(()) => Said::Done(format!("Opened {name}: the lab is set up as it says.")),
                Err(why) => Said::not_opened(&name, &why),
            }));
        });
    };
    let dragging = RwSignal::new(false);
    view! {
        <div
            class="settings-file"
            class:dragging=dragging
            on:dragover=move |event| {
                event.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=move |event| {
                event.prevent_default();
                dragging.set(false);
                open(crate::files::dropped(&event));
            }
        >
            <button on:click=download>"Download settings (.json)"</button>
            <label class="file-button">
                "Open settings… "
                <input
                    type="file"
                    accept=".json,application/json"
                    aria-label="open a settings file"
                    on:change=move |event| open(crate::files::chosen(&event))
                />
            </label>
            <span class="hint">"or drop a settings file here"</span>
            <SaidLine said class="settings-file-said" />
        </div>
    }
}

/// Puts lab `lab` in the settings `file` holds, through `take`, or says why not.
async fn read(
    lab: &str,
    file: &web_sys::File,
    take: Callback<Vec<(String, Entry)>, Result<(), String>>,
) -> Result<(), String> {
    let bytes = crate::files::read_bytes(file, LARGEST, settings_file::too_large).await?;
    let text = String::from_utf8(bytes)
        .map_err(|_| "This is not a settings file: it is not text.".to_string())?;
    let question = Ask::ReadSettings {
        lab: lab.into(),
        text,
    };
    match files_worker::ask(question).await? {
        Answer::Settings(entries) => take.run(entries),
        _ => Err(files_worker::UNEXPECTED.into()),
    }
}
