//! Downloads the MNIST assets, decoding and checking each as its bytes arrive, so the page can
//! show progress, say when the bytes stop coming, and name a bad file.

use crate::clock::{now, within};
use engine::EngineError;
use engine::mnist::{AssetDecoder, MNIST_FILES, Mnist};
use js_sys::{Promise, Reflect, Uint8Array};
use std::collections::HashMap;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, ReadableStreamDefaultReader, RequestCache, RequestInit, Response,
    WorkerGlobalScope,
};

/// While no byte arrives, progress is reported this often (ms), saying how long it has been.
const WAITING_REPORT_MS: i32 = 1000;
/// Progress is reported in steps of at least this many decoded bytes.
const PROGRESS_STEP: u64 = 1 << 20;

/// A download that can be cancelled from outside (a new `Load` replaces it).
#[derive(Clone)]
pub struct Download {
    abort: Option<AbortController>,
    /// Past every cache, the page's service worker included: the last copy was bad.
    fresh: bool,
}

impl Download {
    pub fn new(fresh: bool) -> Self {
        Self {
            abort: AbortController::new().ok(),
            fresh,
        }
    }

    pub fn cancel(&self) {
        if let Some(abort) = &self.abort {
            abort.abort();
        }
    }

    fn fetch(&self, url: &str) -> Promise {
        let scope: WorkerGlobalScope = js_sys::global().unchecked_into();
        let init = RequestInit::new();
        if let Some(abort) = &self.abort {
            init.set_signal(Some(&abort.signal()));
        }
        if self.fresh {
            init.set_cache(RequestCache::Reload);
        }
        scope.fetch_with_str_and_init(url, &init)
    }
}

/// Fetches `{base_url}/<asset>` for the four files. `progress(decoded, total, waiting_ms)` follows
/// the bytes, and every second without one says how long it has waited.
pub async fn load_mnist(
    download: &Download,
    base_url: &str,
    progress: impl Fn(u64, u64, u32),
) -> Result<Mnist, EngineError> {
    let total: u64 = MNIST_FILES.iter().map(|f| f.bytes).sum();
    let mut before = 0;
    let mut reported = 0;
    let mut files = HashMap::new();
    for file in MNIST_FILES {
        let asset = file.asset_name();
        let failed = |why: String| EngineError::Data(format!("{asset}: {why}"));
        let mut last_byte = now();
        let url = format!("{base_url}/{asset}");
        let response: Response = patiently(download.fetch(&url), || {
            progress(before, total, (now() - last_byte) as u32)
        })
        .await
        .map_err(|e| failed(format!("could not be downloaded ({})", describe(&e))))?
        .unchecked_into();
        if !response.ok() {
            return Err(failed(format!(
                "the server answered {} {}",
                response.status(),
                response.status_text()
            )));
        }
        let body = response
            .body()
            .ok_or_else(|| failed("the response has no body".into()))?;
        let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
        let mut decoder = AssetDecoder::new(file);
        loop {
            let read = patiently(reader.read(), || {
                progress(
                    before + decoder.decoded_bytes(),
                    total,
                    (now() - last_byte) as u32,
                )
            })
            .await
            .map_err(|e| failed(format!("the download broke off ({})", describe(&e))))?;
            if Reflect::get(&read, &"done".into()).is_ok_and(|done| done.is_truthy()) {
                break;
            }
            last_byte = now();
            let chunk: Uint8Array = Reflect::get(&read, &"value".into())
                .map_err(|e| failed(describe(&e)))?
                .unchecked_into();
            decoder.push(&chunk.to_vec())?;
            let loaded = before + decoder.decoded_bytes();
            if loaded - reported >= PROGRESS_STEP {
                reported = loaded;
                progress(loaded, total, 0);
            }
        }
        files.insert(file.name, decoder.finish()?);
        before += file.bytes;
        progress(before, total, 0);
    }
    Mnist::from_files(&files)
}

/// Waits for `promise`, calling `still_waiting` every second until it settles.
async fn patiently(promise: Promise, still_waiting: impl Fn()) -> Result<JsValue, JsValue> {
    let mut result = std::pin::pin!(JsFuture::from(promise));
    loop {
        if let Some(settled) = within(WAITING_REPORT_MS, result.as_mut()).await {
            return settled;
        }
        still_waiting();
    }
}

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| format!("{error:?}"))
}
