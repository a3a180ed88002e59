//! The request for persistent storage, so that the browser does not clear drafts on its own.

use super::Drafts;
use leptos::prelude::*;

impl Drafts {
    /// Asks once for persistent storage and records the answer.
    pub(super) fn request_persistence(&self) {
        let persisted = self.persisted;
        leptos::task::spawn_local(async move {
            let Some(window) = web_sys::window() else { return };
            let manager = window.navigator().storage();
            let ask = |p: Result<js_sys::Promise, wasm_bindgen::JsValue>| async move {
                let promise = p.ok()?;
                wasm_bindgen_futures::JsFuture::from(promise).await.ok()?.as_bool()
            };
            let granted = match ask(manager.persisted()).await {
                Some(true) => Some(true),
                _ => ask(manager.persist()).await,
            };
            persisted.set(granted);
        });
    }
}
