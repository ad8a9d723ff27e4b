//! Downloads the MNIST assets, decoding and checking each as its bytes arrive, so the page can
//! show progress and a bad file is named.

use engine::mnist::{AssetDecoder, MNIST_FILES, Mnist};
use js_sys::{Reflect, Uint8Array};
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamDefaultReader, Response, WorkerGlobalScope};

/// Fetches `{base_url}/<asset>` for the four files; `progress(decoded, total)` follows the bytes.
pub async fn load_mnist(
    scope: &WorkerGlobalScope,
    base_url: &str,
    mut progress: impl FnMut(u64, u64),
) -> Result<Mnist, String> {
    let total: u64 = MNIST_FILES.iter().map(|f| f.bytes).sum();
    let mut before = 0;
    let mut files = HashMap::new();
    for file in MNIST_FILES {
        let asset = file.asset_name();
        let failed = |why: String| format!("{asset}: {why}");
        let response: Response =
            JsFuture::from(scope.fetch_with_str(&format!("{base_url}/{asset}")))
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
            let read = JsFuture::from(reader.read())
                .await
                .map_err(|e| failed(format!("the download broke off ({})", describe(&e))))?;
            if Reflect::get(&read, &"done".into()).is_ok_and(|done| done.is_truthy()) {
                break;
            }
            let chunk: Uint8Array = Reflect::get(&read, &"value".into())
                .map_err(|e| failed(describe(&e)))?
                .unchecked_into();
            decoder.push(&chunk.to_vec()).map_err(|e| e.to_string())?;
            progress(before + decoder.decoded_bytes(), total);
        }
        files.insert(file.name, decoder.finish().map_err(|e| e.to_string())?);
        before += file.bytes;
    }
    Mnist::from_files(&files).map_err(|e| e.to_string())
}

fn describe(error: &wasm_bindgen::JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| format!("{error:?}"))
}
