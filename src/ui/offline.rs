//! Offline use: registers the service worker (assets/sw.js) that caches the app shell, and
//! says quietly when a new version has been downloaded and will be used after a reload.

use super::notice::Notices;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub fn register_service_worker(notices: Notices) {
    let Some(window) = web_sys::window() else { return };
    // Service workers need http(s); the file:// copy works without one.
    if !super::browser::hosted() {
        return;
    }
    let navigator = window.navigator();
    if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let container = navigator.service_worker();
    let promise = container.register("./sw.js");
    leptos::task::spawn_local(async move {
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(promise).await else { return };
        let registration: web_sys::ServiceWorkerRegistration = registration.unchecked_into();
        let reg = registration.clone();
        let on_update = Closure::<dyn FnMut()>::new(move || {
            let Some(worker) = reg.installing() else { return };
            let watched = worker.clone();
            let on_state = Closure::<dyn FnMut()>::new(move || {
                let controlled = web_sys::window()
                    .and_then(|w| w.navigator().service_worker().controller())
                    .is_some();
                if watched.state() == web_sys::ServiceWorkerState::Installed && controlled {
                    notices.say("A new version of the editor is ready: reload the page to use it. Your draft is saved.");
                }
            });
            worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        registration.set_onupdatefound(Some(on_update.as_ref().unchecked_ref()));
        on_update.forget();
    });
}
