//! A lab's settings as a file: "Download settings (.json)", and "Open settings" from a file picker
//! or a file dropped on the row. The file is read through the lab's table
//! (`descent_core::settings_file`); one that is refused changes nothing and says why.

use super::{Said, SaidLine};
use descent_core::settings::Setting;
use descent_core::settings_file::{self, LARGEST};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// `lab` is the lab's key (`?lab=`); `setup` gives its settings now, and `apply` puts the lab in
/// the settings of an opened file.
#[component]
pub fn SettingsFile<S>(
    lab: &'static str,
    table: &'static [Setting<S>],
    setup: Callback<(), S>,
    apply: Callback<S>,
) -> impl IntoView
where
    S: Default + 'static,
{
    let said = RwSignal::new(None::<Said>);
    let file_name = format!("descent-{lab}-settings.json");
    let download = move |_| {
        let text = settings_file::write(lab, table, &setup.run(()));
        crate::files::download(&text, &file_name);
        said.set(None);
    };
    let open = move |file: Option<web_sys::File>| {
        let Some(file) = file else {
            return;
        };
        spawn_local(async move {
            let bytes = crate::files::read_bytes(&file, LARGEST, settings_file::too_large).await;
            let read = bytes.and_then(|bytes| {
                let text = String::from_utf8(bytes)
                    .map_err(|_| "This is not a settings file: it is not text.".to_string())?;
                settings_file::read(lab, table, &text).map_err(|problems| problems.join(" "))
            });
            let name = file.name();
            said.set(Some(match read {
                Ok(opened) => {
                    apply.run(opened);
                    Said::Done(format!("Opened {name}: the lab is set up as it says."))
                }
                Err(why) => {
                    Said::Refused(format!("{name} was not opened, and nothing changed. {why}"))
                }
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
