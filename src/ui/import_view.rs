//! Importing a Markdown plan: a file chosen with "Import Markdown", a file dropped on the
//! page, or text pasted into the "Paste Markdown" dialog. The plan opens as a new draft
//! and an import report says what was found, what is missing and what was kept as
//! unrecognised content.

use super::browser::focus_later;
use super::drafts::Drafts;
use super::notice::Notices;
use crate::plan::import::{import, Report};
use crate::plan::sections::spec;
use leptos::prelude::*;

/// The last import's report, with where the text came from.
#[derive(Clone)]
pub struct ImportResult {
    pub source: String,
    pub report: Report,
    /// Characters replaced because the file was not valid UTF-8.
    pub replaced: usize,
}

#[derive(Clone, Copy)]
pub struct Importer {
    drafts: Drafts,
    notices: Notices,
    pub last: RwSignal<Option<ImportResult>>,
}

impl Importer {
    pub fn new(drafts: Drafts, notices: Notices) -> Self {
        Importer { drafts, notices, last: RwSignal::new(None) }
    }

    /// Opens `text` as a new draft; false (and the notice says why) when the editor's plan
    /// cannot be let go.
    pub fn import_text(&self, source: String, text: &str, replaced: usize) -> bool {
        let imported = import(text);
        if !self.drafts.open_new(&imported.plan) {
            return false;
        }
        let found = imported.report.found.len();
        self.notices.say(format!("Imported {source} as a new draft: {found} of 10 sections found. See the import report."));
        self.last.set(Some(ImportResult { source, report: imported.report, replaced }));
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
                    let _ = this.import_text(format!("\"{name}\""), &text, replaced);
                }
                Err(_) => {
                    this.notices.say(format!("Could not read \"{name}\". Nothing was changed."))
                }
            }
        });
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
        if importer.import_text("the pasted Markdown".into(), &text, 0) {
            if let Some(t) = pasted.get() {
                t.set_value("");
            }
        }
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
