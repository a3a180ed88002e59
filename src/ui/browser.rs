//! Thin wrappers over the browser APIs the UI needs (clock, download, clipboard, focus).
//! Each reports failure as a sentence instead of panicking.

use wasm_bindgen::{JsCast, JsValue};

/// The current time as ISO 8601 (UTC), for stored timestamps.
pub fn now_iso() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

/// Today's date in the browser's time zone as `YYYY-MM-DD`.
pub fn today() -> String {
    let d = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", d.get_full_year(), d.get_month() + 1, d.get_date())
}

/// A stored ISO timestamp as a local wall-clock time such as `10:42:31`.
pub fn local_time(iso: &str) -> String {
    js_sys::Date::new(&JsValue::from_str(iso)).to_locale_time_string("en-GB").into()
}

/// Offers `text` as a file download named `file_name`.
pub fn download(file_name: &str, text: &str, mime: &str) -> Result<(), String> {
    let fail = |what: &str| format!("Could not start the download ({what}).");
    let document =
        web_sys::window().and_then(|w| w.document()).ok_or_else(|| fail("no document"))?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag).map_err(|_| fail("blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("object URL"))?;
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|_| fail("link"))?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_hidden(true);
    let body = document.body().ok_or_else(|| fail("no body"))?;
    body.append_child(&anchor).map_err(|_| fail("link"))?;
    anchor.click();
    anchor.remove();
    // Revoke later: revoking at once can cancel the download in some browsers.
    let _ = leptos::prelude::set_timeout_with_handle(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
    Ok(())
}

/// Copies `text` to the clipboard.
pub async fn copy(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let clipboard = window.navigator().clipboard();
    if clipboard.is_undefined() {
        return Err("this browser gives no clipboard access here".into());
    }
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text)).await.map(|_| ()).map_err(
        |e| {
            js_sys::Error::from(e)
                .message()
                .as_string()
                .unwrap_or_else(|| "the browser refused".into())
        },
    )
}

/// Whether the page came over http(s), not from a file opened from disk.
pub fn hosted() -> bool {
    web_sys::window()
        .and_then(|w| w.location().protocol().ok())
        .is_some_and(|p| p == "http:" || p == "https:")
}

/// Moves focus to the element with `id` once the DOM has caught up: right after the
/// pending DOM updates (so a key pressed again at once still reaches it, e.g. a moved row
/// whose input lost focus when it moved), and again before the next frame in case the
/// element only appears then.
pub fn focus_later(id: String) {
    let again = id.clone();
    leptos::prelude::queue_microtask(move || focus_now(&id));
    leptos::prelude::request_animation_frame(move || focus_now(&again));
}

fn focus_now(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
