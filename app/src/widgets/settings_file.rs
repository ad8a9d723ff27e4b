//! A lab's settings as a file: "Download settings (.json)", and "Open settings" from a file picker
//! or a file dropped on the row. The file is read through the lab's table
//! (`descent_core::settings_file`); one that is refused changes nothing and says why.

use super::{Said, SaidLine};
use descent_core::settings::Setting;
use descent_core::settings_file::{self, LARGEST};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The row for lab `lab` (its key, as in `?lab=`) whose settings `table` reads and writes: `setup`
/// gives its settings now, and `apply` puts the lab in the settings of an opened file. Generic
/// only here: the row itself is one component for every lab.
pub fn settings_file<S: Default + 'static>(
    lab: &'static str,
    table: &'static [Setting<S>],
    setup: impl Fn() -> S + Send + Sync + 'static,
    apply: impl Fn(S) + Send + Sync + 'static,
) -> impl IntoView {
    let write = Callback::new(move |()| settings_file::write(lab, table, &setup()));
    let read = Callback::new(move |text: String| {
        let opened =
            settings_file::read(lab, table, &text).map_err(|problems| problems.join(" "))?;
        apply(opened);
        Ok(())
    });
    view! { <SettingsFile lab write read /> }
}

#[component]
fn SettingsFile(
    lab: &'static str,
    /// The lab's settings as a file's text.
    write: Callback<(), String>,
    /// Puts the lab in the settings a file's text holds, or says why not (changing nothing).
    read: Callback<String, Result<(), String>>,
) -> impl IntoView {
    let said = RwSignal::new(None::<Said>);
    let file_name = format!("descent-{lab}-settings.json");
    let download = move |_| {
        crate::files::download(&write.run(()), &file_name);
        said.set(None);
    };
    let open = move |file: Option<web_sys::File>| {
        let Some(file) = file else {
            return;
        };
        spawn_local(async move {
            let bytes = crate::files::read_bytes(&file, LARGEST, settings_file::too_large).await;
            let opened = bytes.and_then(|bytes| {
                let text = String::from_utf8(bytes)
                    .map_err(|_| "This is not a settings file: it is not text.".to_string())?;
                read.run(text)
            });
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
