//! The import worker: reads Markdown into a plan off the page's thread, so that importing a
//! long plan never stops the page, and the importer (with its share of the code) is only
//! loaded on first use. It says it is ready, with the form of its answers
//! ([`import_wire`](deployment_plan_editor::import_wire); a message sent before the
//! WebAssembly has started would be lost), receives the Markdown as a string and answers
//! with the [`Imported`](deployment_plan_editor::plan::import::Imported) as JSON.

#[cfg(target_arch = "wasm32")]
fn main() {
    use deployment_plan_editor::plan::import::import;
    use wasm_bindgen::prelude::*;

    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let text = ev.data().as_string().unwrap_or_default();
            // Serialising plain data cannot fail; an empty answer would read as an error.
            let json = serde_json::to_string(&import(&text)).unwrap_or_default();
            // The page is the only sender, and it waits for this answer.
            let _ = reply.post_message(&JsValue::from_str(&json));
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(&deployment_plan_editor::import_wire()));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This is the editor's import worker: `trunk build` builds it with the app.");
}
