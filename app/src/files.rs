//! Files the learner saves or chooses: text saved through a link the page clicks, and the text
//! of a file picked in an `<input type="file">`.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Saves `text` as `file_name`.
pub fn download(text: &str, file_name: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
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
    let Some(input) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return;
    };
    input.set_value("");
    leptos::task::spawn_local(async move {
        let text = JsFuture::from(file.text()).await.ok();
        read(
            file.name(),
            text.and_then(|t| t.as_string()).unwrap_or_default(),
        );
    });
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
