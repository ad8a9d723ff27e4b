//! Files the learner saves or chooses: text or bytes saved through a link the page clicks, and
//! files picked in an `<input type="file">` or dropped on the page.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Saves `text` as `file_name`.
pub fn download(text: &str, file_name: &str) {
    save(&text.into(), file_name);
}

/// Saves `bytes` as `file_name`.
pub fn download_bytes(bytes: &[u8], file_name: &str) {
    save(&js_sys::Uint8Array::from(bytes).into(), file_name);
}

/// Saves one part (text or bytes) as `file_name`, typed by its extension.
fn save(part: &wasm_bindgen::JsValue, file_name: &str) {
    let kind = match file_name.rsplit('.').next() {
        Some("csv") => "text/csv",
        Some("json") => "application/json",
        Some("py") => "text/x-python",
        _ => "application/octet-stream",
    };
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(kind);
    let parts = js_sys::Array::of1(part);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(link) = link {
        link.set_href(&url);
        link.set_download(file_name);
        link.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Reads the file chosen in the input that fired `event`, then calls `read(name, text)`; a file
/// that cannot be read gives empty text. The input is emptied so the same file can be chosen
/// again.
pub fn read_chosen(event: web_sys::Event, read: impl FnOnce(String, String) + 'static) {
    let Some(file) = chosen(&event) else {
        return;
    };
    leptos::task::spawn_local(async move {
        let text = JsFuture::from(file.text()).await.ok();
        read(
            file.name(),
            text.and_then(|t| t.as_string()).unwrap_or_default(),
        );
    });
}

/// The file chosen in the input that fired `event`; the input is emptied so the same file can be
/// chosen again.
pub fn chosen(event: &web_sys::Event) -> Option<web_sys::File> {
    let input = event
        .target()?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()?;
    let file = input.files()?.get(0);
    input.set_value("");
    file
}

/// The first file dropped by `event`.
pub fn dropped(event: &web_sys::DragEvent) -> Option<web_sys::File> {
    event.data_transfer()?.files()?.get(0)
}

/// The bytes of `file`, when it is at most `largest` bytes (a larger one is refused unread, in
/// the words `too_large` gives its size).
pub async fn read_bytes(
    file: &web_sys::File,
    largest: usize,
    too_large: impl FnOnce(usize) -> String,
) -> Result<Vec<u8>, String> {
    let size = file.size() as usize;
    if size > largest {
        return Err(too_large(size));
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("{} could not be read.", file.name()))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Puts `text` on the clipboard; false where the browser refuses.
pub async fn copy(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    JsFuture::from(window.navigator().clipboard().write_text(text))
        .await
        .is_ok()
}

/// The response for `url` on this site, if the server answered it with success.
pub async fn fetch(url: &str) -> Result<web_sys::Response, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| format!("{url} could not be fetched: the network or the server failed"))?
        .unchecked_into();
    match response.ok() {
        true => Ok(response),
        false => Err(format!("{url}: the server answered {}", response.status())),
    }
}

/// The text at `url` on this site.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let response = fetch(url).await?;
    let text = JsFuture::from(response.text().map_err(|e| format!("{e:?}"))?)
        .await
        .map_err(|_| format!("{url} was cut short"))?;
    Ok(text.as_string().unwrap_or_default())
}
