//! The files worker (`files/`) as the page holds it: started the first time a learner asks for a
//! program or a file, so none of its code is in the page's first load, and asked through [`ask`],
//! which waits for the answer. If it cannot start, or stops, every question waiting is answered
//! with why, and the next question starts a new one.

use futures_channel::oneshot;
use protocol::files::{Answer, Ask, FromFiles, ToFiles};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Event, MessageEvent, Worker, WorkerOptions, WorkerType};

/// The worker's loader script, copied into the page's files by trunk.
const LOADER: &str = "./files-loader.js";

/// The questions the worker has not answered yet, by id (a few at most).
type Waiting = Rc<RefCell<Vec<(u64, oneshot::Sender<Result<Answer, String>>)>>>;

struct FilesWorker {
    worker: Worker,
    waiting: Waiting,
    /// It could not start or it stopped: the next question starts a new one.
    failed: Rc<Cell<bool>>,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(Event)>,
}

thread_local! {
    static WORKER: RefCell<Option<FilesWorker>> = const { RefCell::new(None) };
    static NEXT_ID: Cell<u64> = const { Cell::new(0) };
}

/// Asks the files worker, starting it if need be. `Err` says, in words, why there is no answer,
/// or why the worker refused (a file that is not what it should be).
pub async fn ask(ask: Ask) -> Result<Answer, String> {
    let id = NEXT_ID.with(|next| next.replace(next.get() + 1));
    let (sender, answer) = oneshot::channel();
    WORKER
        .with(|slot| {
            let mut slot = slot.borrow_mut();
            if slot.as_ref().is_none_or(|worker| worker.failed.get()) {
                *slot = Some(FilesWorker::start()?);
            }
            let worker = slot.as_ref().expect("started above");
            worker.waiting.borrow_mut().push((id, sender));
            let bytes = js_sys::Uint8Array::from(protocol::encode(&ToFiles { id, ask }).as_slice());
            let transfer = js_sys::Array::of1(&bytes.buffer());
            worker
                .worker
                .post_message_with_transfer(&bytes, &transfer)
                .map_err(|error| format!("the browser refused the message ({error:?})"))
        })
        .map_err(|why| format!("The page's files worker could not be asked: {why}."))?;
    match answer.await {
        Ok(Ok(Answer::Refused(why))) => Err(why),
        Ok(answer) => answer,
        Err(_) => Err("The page's files worker stopped.".into()),
    }
}

impl FilesWorker {
    fn start() -> Result<Self, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Classic);
        options.set_name("files");
        let worker = Worker::new_with_options(LOADER, &options)
            .map_err(|error| format!("the browser refused to start it ({error:?})"))?;
        let waiting = Waiting::default();
        let failed = Rc::new(Cell::new(false));
        // Ends the worker and answers everything waiting with why.
        let fail = {
            let (worker, waiting, failed) = (worker.clone(), waiting.clone(), failed.clone());
            move |why: String| {
                failed.set(true);
                worker.terminate();
                for (_, sender) in waiting.borrow_mut().drain(..) {
                    let _ = sender.send(Err(format!(
                        "The page's files worker could not do it ({why}). Try again: it will be started afresh."
                    )));
                }
            }
        };
        let on_message = {
            let (waiting, fail) = (waiting.clone(), fail.clone());
            Closure::<dyn Fn(MessageEvent)>::new(move |message: MessageEvent| {
                let data = message.data();
                // The loader (or the worker's panic hook) speaks in text.
                if let Some(text) = data.as_string() {
                    return fail(text.strip_prefix("failed: ").unwrap_or(&text).to_string());
                }
                let reply = match data.dyn_into::<js_sys::Uint8Array>() {
                    Ok(bytes) => protocol::decode::<FromFiles>(&bytes.to_vec()),
                    Err(_) => return fail("it sent something that is not a message".into()),
                };
                match reply {
                    Ok(FromFiles { id, answer }) => {
                        let mut waiting = waiting.borrow_mut();
                        if let Some(at) = waiting.iter().position(|(asked, _)| *asked == id) {
                            let _ = waiting.swap_remove(at).1.send(Ok(answer));
                        }
                    }
                    Err(error) => fail(error.to_string()),
                }
            })
        };
        // An `ErrorEvent` for an error thrown in the worker; a plain `Event` when its script
        // could not be loaded at all.
        let on_error = Closure::<dyn Fn(Event)>::new(move |event: Event| {
            event.prevent_default();
            let message = crate::engine_client::worker::error_message(&event);
            fail(message.unwrap_or_else(|| "it failed to load".into()));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Self {
            worker,
            waiting,
            failed,
            _on_message: on_message,
            _on_error: on_error,
        })
    }
}

impl Drop for FilesWorker {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// An answer of another kind than asked for: a page and a worker of different builds.
pub const UNEXPECTED: &str = "The page's files worker gave an answer of another kind.";

/// Text the worker writes: a program, a settings file.
pub async fn text(question: Ask) -> Result<String, String> {
    match ask(question).await? {
        Answer::Text(text) => Ok(text),
        _ => Err(UNEXPECTED.into()),
    }
}

/// Bytes the worker writes: a weights file.
pub async fn bytes(question: Ask) -> Result<Vec<u8>, String> {
    match ask(question).await? {
        Answer::Bytes(bytes) => Ok(bytes),
        _ => Err(UNEXPECTED.into()),
    }
}
