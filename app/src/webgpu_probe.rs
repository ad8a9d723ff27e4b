//! Asks the browser what WebGPU it offers, through plain JS reflection (web-sys's WebGPU types
//! need unstable cfg flags, and the probe only reads a few fields).

use crate::backend::Probe;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A browser can leave `requestAdapter()` unanswered; the page does not wait longer than this.
const PATIENCE_S: u32 = 3;

pub async fn probe() -> Probe {
    let answer = std::pin::pin!(adapter());
    let timeout = std::pin::pin!(sleep(PATIENCE_S * 1000));
    match futures_util::future::select(answer, timeout).await {
        futures_util::future::Either::Left((Ok(probe), _)) => probe,
        futures_util::future::Either::Left((Err(error), _)) => {
            Probe::Failed(error.as_string().unwrap_or_else(|| format!("{error:?}")))
        }
        futures_util::future::Either::Right(_) => Probe::NoAnswer(PATIENCE_S),
    }
}

async fn sleep(ms: u32) {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = JsFuture::from(promise).await;
}

async fn adapter() -> Result<Probe, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let gpu = Reflect::get(&window.navigator(), &"gpu".into())?;
    if gpu.is_undefined() || gpu.is_null() {
        return Ok(Probe::NoApi);
    }
    let request: Function = Reflect::get(&gpu, &"requestAdapter".into())?.dyn_into()?;
    let adapter = JsFuture::from(request.call0(&gpu)?.dyn_into::<Promise>()?).await?;
    if adapter.is_undefined() || adapter.is_null() {
        return Ok(Probe::NoAdapter);
    }
    let info = Reflect::get(&adapter, &"info".into())?;
    let text = |key: &str| {
        Reflect::get(&info, &key.into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    // `isFallbackAdapter` moved from the adapter to its info; read either.
    let flag = |object: &JsValue| {
        Reflect::get(object, &"isFallbackAdapter".into())
            .ok()
            .and_then(|v| v.as_bool())
    };
    let software = flag(&info).or_else(|| flag(&adapter)).unwrap_or(false)
        || text("architecture") == "swiftshader";
    let name = [text("vendor"), text("architecture"), text("description")]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(Probe::Adapter {
        name: if name.is_empty() {
            "unnamed adapter".into()
        } else {
            name
        },
        software,
    })
}
