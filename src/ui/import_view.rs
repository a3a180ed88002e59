//! Importing a Markdown plan: a file chosen with "Import Markdown", a file dropped on the
//! page, or text pasted into the "Paste Markdown" dialog. The plan opens as a new draft
//! and an import report says what was found, what is missing and what was kept as
//! unrecognised content.

use super::browser::focus_later;
use super::drafts::Drafts;
use super::notice::Notices;
use crate::plan::import::{Imported, Report};
use crate::plan::sections::spec;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker};

/// The last import's report, with where the text came from.
#[derive(Clone)]
pub struct ImportResult {
    pub source: String,
    pub report: Report,
    /// Characters replaced because the file was not valid UTF-8.
    pub replaced: usize,
}

/// An import under way in the import worker (`src/worker.rs`): the worker and the handler
/// of its answers, which live until the answer has been used or the import is cancelled.
struct Job {
    worker: Worker,
    url: Option<String>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
    /// Gives up when the worker does not say it is ready (its WebAssembly did not load).
    not_ready: Option<TimeoutHandle>,
}

impl Job {
    fn stop(self) {
        self.worker.terminate();
        if let Some(timer) = self.not_ready {
            timer.clear();
        }
        if let Some(url) = &self.url {
            let _ = web_sys::Url::revoke_object_url(url);
        }
        // A handler may be the one running now: let it return before it is freed.
        set_timeout(move || drop(self), std::time::Duration::ZERO);
    }
}

/// How long the import worker may take to load and start (a few hundred KB of WebAssembly,
/// from the cache or the network) before the import is given up.
const READY_WITHIN: std::time::Duration = std::time::Duration::from_secs(15);

/// What the worker is started from: the built files next to the page, or, in the
/// single-file copy (opened from disk, where a worker cannot be loaded from a file), the
/// worker's script with its WebAssembly inlined, kept in the page as text.
fn start_worker() -> Result<(Worker, Option<String>), JsValue> {
    let inlined = document().get_element_by_id("import-worker-js").and_then(|e| e.text_content());
    match inlined {
        Some(script) => {
            let parts = js_sys::Array::of1(&JsValue::from_str(&script));
            let options = web_sys::BlobPropertyBag::new();
            options.set_type("text/javascript");
            let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
            let url = web_sys::Url::create_object_url_with_blob(&blob)?;
            Ok((Worker::new(&url)?, Some(url)))
        }
        None => Ok((Worker::new("./import-worker_loader.js")?, None)),
    }
}

#[derive(Clone, Copy)]
pub struct Importer {
    drafts: Drafts,
    notices: Notices,
    pub last: RwSignal<Option<ImportResult>>,
    /// Where the text of the import under way came from.
    pub running: RwSignal<Option<String>>,
    job: StoredValue<Option<Job>, LocalStorage>,
    /// Counts imports started and ended, so that an answer is used only by its own import.
    serial: StoredValue<u64>,
}

impl Importer {
    pub fn new(drafts: Drafts, notices: Notices) -> Self {
        Importer {
            drafts,
            notices,
            last: RwSignal::new(None),
            running: RwSignal::new(None),
            job: StoredValue::new_local(None),
            serial: StoredValue::new(0),
        }
    }

    /// Reads `text` in the import worker and opens it as a new draft; `accepted` runs once
    /// it is open. Refused (the notice says why) when the editor's plan cannot be let go;
    /// an import still under way is cancelled by a new one.
    pub fn import_text(
        &self,
        source: String,
        text: String,
        replaced: usize,
        accepted: impl FnOnce() + 'static,
    ) {
        self.stop();
        let (worker, url) = match start_worker() {
            Ok(started) => started,
            Err(_) => {
                self.notices.say(format!(
                    "Could not start the importer for {source}. Nothing was changed."
                ));
                return;
            }
        };
        let this = *self;
        let serial = self.serial.get_value();
        let mut text = Some(text);
        let mut accepted = Some(accepted);
        let name = source.clone();
        let on_message = Closure::new(move |ev: MessageEvent| {
            // The worker says it is ready, then answers with the imported plan.
            if let Some(text) = text.take() {
                if ev.data().as_string() != Some(crate::import_wire()) {
                    this.stop();
                    this.notices.say(format!("Could not import {name}: a newer version of the editor was installed meanwhile. Reload the page, then import again. Nothing was changed."));
                    return;
                }
                this.job.update_value(|job| {
                    if let Some(job) = job {
                        if let Some(timer) = job.not_ready.take() {
                            timer.clear();
                        }
                        let _ = job.worker.post_message(&JsValue::from_str(&text));
                    }
                });
                return;
            }
            this.end_job();
            let answer = ev.data().as_string().unwrap_or_default();
            match serde_json::from_str::<Imported>(&answer) {
                // Opened a task later (reading a long plan's answer and putting it into the
                // editor are each a long piece of work), unless it was cancelled, or another
                // import started, meanwhile.
                Ok(imported) => {
                    let (name, accepted) = (name.clone(), accepted.take());
                    let open = move || {
                        if this.serial.get_value() != serial {
                            return;
                        }
                        this.stop();
                        if let (true, Some(accepted)) =
                            (this.open(name, imported, replaced), accepted)
                        {
                            accepted();
                        }
                    };
                    set_timeout(open, std::time::Duration::ZERO);
                }
                Err(_) => {
                    this.stop();
                    this.notices.say(format!(
                        "Could not import {name}: the importer gave no plan. Nothing was changed."
                    ))
                }
            }
        });
        let name = source.clone();
        // An error in the worker, or its files missing (then the event is no ErrorEvent).
        let on_error = Closure::new(move |ev: web_sys::Event| {
            ev.prevent_default();
            this.stop();
            let why = ev.dyn_ref::<web_sys::ErrorEvent>().map(|e| format!(" ({})", e.message()));
            this.notices.say(format!(
                "Could not import {name}: the importer stopped{}. Nothing was changed.",
                why.unwrap_or_default()
            ));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let name = source.clone();
        let give_up = move || {
            this.stop();
            this.notices.say(format!(
                "Could not import {name}: the importer did not start. Nothing was changed."
            ));
        };
        let not_ready = set_timeout_with_handle(give_up, READY_WITHIN).ok();
        let job = Job { worker, url, _on_message: on_message, _on_error: on_error, not_ready };
        self.job.set_value(Some(job));
        self.running.set(Some(source));
    }

    /// Stops the worker of the import under way, if any.
    fn end_job(&self) {
        if let Some(job) = self.job.try_update_value(Option::take).flatten() {
            job.stop();
        }
    }

    /// Ends the import under way, if any, leaving everything as it was.
    fn stop(&self) {
        self.end_job();
        self.serial.update_value(|n| *n += 1);
        if self.running.with_untracked(Option::is_some) {
            self.running.set(None);
        }
    }

    /// "Cancel import".
    pub fn cancel(&self) {
        if let Some(source) = self.running.get_untracked() {
            self.stop();
            self.notices.say(format!("Cancelled the import of {source}. Nothing was changed."));
        }
    }

    /// Opens an imported plan as a new draft; false (and the notice says why) when the
    /// editor's plan cannot be let go.
    fn open(&self, source: String, imported: Imported, replaced: usize) -> bool {
        let Imported { plan, report } = imported;
        let opened = self.drafts.open_new(&plan);
        // Freeing a long plan takes a while too (18 ms at 40,000 steps): a task later.
        set_timeout(move || drop(plan), std::time::Duration::ZERO);
        if !opened {
            return false;
        }
        let found = report.found.len();
        self.notices.say(format!("Imported {source} as a new draft: {found} of 10 sections found. See the import report."));
        self.last.set(Some(ImportResult { source, report, replaced }));
        focus_later("import-report".into());
        true
    }

    /// Reads a file's bytes; invalid UTF-8 is replaced (and counted), never a failure.
    pub fn import_file(&self, file: web_sys::File) {
        let this = *self;
        let name = file.name();
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => {
                    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                    let text = String::from_utf8_lossy(&bytes);
                    let replaced = match &text {
                        std::borrow::Cow::Borrowed(_) => 0,
                        std::borrow::Cow::Owned(t) => t.matches('\u{FFFD}').count(),
                    };
                    // Refused: the file is still where it was.
                    this.import_text(format!("\"{name}\""), text.into_owned(), replaced, || ());
                }
                Err(_) => {
                    this.notices.say(format!("Could not read \"{name}\". Nothing was changed."))
                }
            }
        });
    }
}

/// While an import is under way: what is being read, and "Cancel import".
#[component]
pub fn ImportProgress(importer: Importer) -> impl IntoView {
    move || {
        importer.running.get().map(|source| {
            view! {
                <p class="importing">
                    <progress aria-label="Importing"></progress>
                    {format!(" Importing {source}… ")}
                    <button type="button" class="secondary" on:click=move |_| importer.cancel()>"Cancel import"</button>
                </p>
            }
        })
    }
}

/// "Import Markdown" (a labelled file input) and "Paste Markdown" (a dialog).
#[component]
pub fn ImportControls(importer: Importer) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let pasted = NodeRef::<leptos::html::Textarea>::new();
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            importer.import_file(file);
        }
        input.set_value("");
    };
    let open_dialog = move |_| {
        if let Some(d) = dialog.get() {
            let _ = d.show_modal();
        }
    };
    let close = move || {
        if let Some(d) = dialog.get() {
            d.close();
        }
    };
    let do_import = move |_| {
        let text = pasted.get().map(|t| t.value()).unwrap_or_default();
        if text.trim().is_empty() {
            return;
        }
        close();
        // Refused: the pasted text stays in the dialog for the next try.
        importer.import_text("the pasted Markdown".into(), text, 0, move || {
            if let Some(t) = pasted.get_untracked() {
                t.set_value("");
            }
        });
    };
    // Dropping a file anywhere on the page imports it.
    let _ = window_event_listener(leptos::ev::dragover, |ev| ev.prevent_default());
    let _ = window_event_listener(leptos::ev::drop, move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            importer.import_file(file);
        }
    });
    view! {
        <label class="file-button">
            "Import Markdown"
            <input type="file" accept=".md,.markdown,.txt,text/markdown,text/plain" on:change=on_file/>
        </label>
        <button type="button" class="secondary" on:click=open_dialog>"Paste Markdown"</button>
        <dialog node_ref=dialog class="paste-dialog" aria-labelledby="paste-heading">
            <h2 id="paste-heading">"Paste Markdown"</h2>
            <p class="help">"Paste a deployment plan written in Markdown. It opens as a new draft; the current draft is kept."</p>
            <label for="paste-text">"Markdown to import"</label>
            <textarea id="paste-text" node_ref=pasted rows="14"></textarea>
            <div class="dialog-actions">
                <button type="button" on:click=do_import>"Import"</button>
                <button type="button" class="secondary" on:click=move |_| close()>"Cancel"</button>
            </div>
        </dialog>
    }
}

/// The report of the last import, a region named "Import report".
#[component]
pub fn ImportReport(importer: Importer) -> impl IntoView {
    move || {
        importer.last.get().map(|result| {
            let r = result.report;
            let titles = |ids: &[crate::plan::SectionId]| ids.iter().map(|id| spec(*id).title).collect::<Vec<_>>().join(", ");
            let found = titles(&r.found);
            let missing = titles(&r.missing);
            view! {
                <section id="import-report" class="import-report" tabindex="-1" aria-labelledby="import-report-heading">
                    <h2 id="import-report-heading">"Import report"</h2>
                    <p>{format!("From {}: {} of 10 sections found{}.", result.source, r.found.len(),
                        if r.title_found { ", and the title" } else { "; no title" })}</p>
                    <ul>
                        {(!found.is_empty()).then(|| view! { <li>{format!("Found: {found}.")}</li> })}
                        {(!r.added.is_empty()).then(|| view! {
                            <li>{format!("Sections beyond the template, added to the plan: {}.", r.added.join(", "))}</li>
                        })}
                        {(!missing.is_empty()).then(|| view! { <li>{format!("Missing (left empty): {missing}.")}</li> })}
                        {(result.replaced > 0).then(|| view! {
                            <li>{format!("The file was not valid UTF-8: {} unreadable byte sequence(s) were replaced with \u{FFFD}.", result.replaced)}</li>
                        })}
                        {(!r.unrecognised.is_empty()).then(|| view! {
                            <li>
                                {format!("Not understood, kept under \"Unrecognised content\" at the end of the form and of the Markdown ({}):", r.unrecognised.len())}
                                <ul>{r.unrecognised.iter().map(|u| view! { <li>{u.clone()}</li> }).collect_view()}</ul>
                            </li>
                        })}
                        {r.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}
                    </ul>
                    <button type="button" class="secondary" on:click=move |_| importer.last.set(None)>"Close report"</button>
                </section>
            }
        })
    }
}
