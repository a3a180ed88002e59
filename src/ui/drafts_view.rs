//! The drafts panel and the conflict banner.

use super::browser::{hosted, local_time};
use super::drafts::{display_title, Drafts};
use leptos::prelude::*;

#[component]
pub fn ConflictBanner(drafts: Drafts) -> impl IntoView {
    move || {
        drafts.conflict.get().map(|at| {
            view! {
                <div class="conflict" role="alert">
                    <p>
                        {format!(
                            "This draft was changed in another tab (saved there at {at}). Your version here is not saved over it."
                        )}
                    </p>
                    <button type="button" on:click=move |_| drafts.load_theirs()>"Load theirs"</button>
                    " "
                    <button type="button" class="secondary" on:click=move |_| drafts.keep_mine_as_copy()>"Keep mine as a copy"</button>
                </div>
            }
        })
    }
}

#[component]
pub fn DraftsPanel(drafts: Drafts) -> impl IntoView {
    // How each draft's last run stands (run mode provides it).
    let runs = use_context::<super::run::Runner>();
    let live = Memo::new(move |_| drafts.shown());
    let trash = Memo::new(move |_| {
        drafts
            .list
            .with(|l| l.iter().filter(|d| d.deleted_at.is_some()).cloned().collect::<Vec<_>>())
    });
    let on_backup_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(text) => drafts.import_backup(&text.as_string().unwrap_or_default()),
                Err(_) => drafts.import_backup(""),
            }
        });
    };
    // Storage is best-effort until the browser says otherwise (it answers a moment after
    // start): saying so from the first frame keeps the form below from moving then.
    let persisted = move || {
        match drafts.persisted.get() {
        _ if !drafts.available() => "Drafts are not kept: browser storage is unavailable.",
        Some(true) => "Storage is persistent: the browser will not clear these drafts on its own.",
        Some(false) | None => "Storage is best-effort: the browser may clear drafts when space runs low. Export a backup now and then.",
    }
    };
    // On narrow screens the panel folds into a disclosure that names the current draft and
    // its save state; on wide ones the button is hidden and the panel always open.
    let open = RwSignal::new(false);
    let summary_title = move || {
        live.with(|l| {
            drafts.current.with(|c| l.iter().find(|d| &d.id == c).map(|d| display_title(&d.title)))
        })
    };
    // "saved 20:38:16": lower case, as it follows the title.
    let summary_state = move || {
        let state = drafts.save_state.with(|s| s.text());
        let mut chars = state.chars();
        chars.next().map(|c| c.to_lowercase().chain(chars).collect::<String>()).unwrap_or_default()
    };
    view! {
        <section class="drafts" aria-labelledby="drafts-heading">
            <div class="drafts-head">
                <h2 id="drafts-heading">"Drafts"</h2>
                <button type="button" class="secondary drafts-toggle" aria-controls="drafts-body"
                    aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                    <span class="drafts-summary">
                        <span class="drafts-summary-title">{summary_title}</span>
                        <span class="visually-hidden">" · "</span>
                        <span class="drafts-summary-state">{summary_state}</span>
                    </span>
                </button>
            </div>
            <div id="drafts-body" class="drafts-body" class:open=move || open.get()>
            <div class="drafts-actions">
                <button type="button" class="secondary" on:click=move |_| drafts.new_draft()>"New draft"</button>
                <button type="button" class="secondary" on:click=move |_| drafts.export_backup()>"Export backup"</button>
                <label class="file-button">
                    "Import backup"
                    <input type="file" accept=".json,application/json" on:change=on_backup_file/>
                </label>
                // The single-file build sits next to the hosted app; opened from disk there is
                // nothing next to it to download.
                {hosted().then(|| view! {
                    <a class="file-button" href="deployment-plan-editor.html" download="deployment-plan-editor.html">
                        "Download offline copy"
                    </a>
                })}
            </div>
            <ul class="draft-list live">
                <For each=move || live.get() key=|d| (d.id.clone(), d.title.clone(), d.saved_at.clone(), d.status) let:d>
                    {
                        let title = display_title(&d.title);
                        if d.saved_at.is_empty() {
                            // The draft being edited, before its first save.
                            return view! {
                                <li class="current">
                                    <span class="draft-title" aria-current="true">{title}</span>
                                    <span class="draft-meta">{format!(
                                        "{} · {} · editing",
                                        d.status.label(),
                                        if drafts.available() { "not saved yet" } else { "not kept: no browser storage" }
                                    )}</span>
                                </li>
                            }
                            .into_any();
                        }
                        let (id_open, id_dup, id_del) = (d.id.clone(), d.id.clone(), d.id.clone());
                        let id_cur = d.id.clone();
                        let id_run = d.id.clone();
                        let current = Memo::new(move |_| drafts.current.get() == id_cur);
                        view! {
                            <li class:current=current>
                                <button type="button" class="link draft-title" title=title.clone() aria-current=move || current.get().then_some("true")
                                    on:click=move |_| drafts.open(&id_open)>{title.clone()}</button>
                                <span class="draft-meta">
                                    {format!("{} · saved {}", d.status.label(), local_time(&d.saved_at))}
                                    {move || current.get().then_some(" · editing")}
                                    {move || runs.and_then(|r| r.last.with(|m| m.get(&id_run).map(|t| format!(" · {t}"))))}
                                </span>
                                <button type="button" class="icon" aria-label=format!("Duplicate {title}")
                                    on:click=move |_| drafts.duplicate(&id_dup)>"Duplicate"</button>
                                <button type="button" class="icon danger" aria-label=format!("Delete {title}")
                                    on:click=move |_| drafts.delete(&id_del)>"Delete"</button>
                            </li>
                        }
                        .into_any()
                    }
                </For>
            </ul>
            <Show when=move || trash.with(|t| !t.is_empty())>
                <details class="trash">
                    <summary>{move || format!("Trash ({})", trash.with(Vec::len))}</summary>
                    <p class="help">"Deleted drafts are kept here for 30 days."</p>
                    <ul class="draft-list">
                        <For each=move || trash.get() key=|d| d.id.clone() let:d>
                            {
                                let title = display_title(&d.title);
                                let id = d.id.clone();
                                view! {
                                    <li>
                                        <span class="draft-title">{title.clone()}</span>
                                        <button type="button" class="icon" aria-label=format!("Restore {title}")
                                            on:click=move |_| drafts.restore(&id)>"Restore"</button>
                                    </li>
                                }
                            }
                        </For>
                    </ul>
                </details>
            </Show>
            <Show when=move || drafts.recovery_keys.with(|k| !k.is_empty())>
                <div class="recovery">
                    <p>"Unreadable drafts kept aside for recovery:"</p>
                    <ul>
                        <For each=move || drafts.recovery_keys.get() key=|k| k.clone() let:key>
                            {
                                let k = key.clone();
                                view! {
                                    <li>
                                        <code>{key.clone()}</code>" "
                                        <button type="button" class="link" on:click=move |_| drafts.download_recovery(&k)>"Download recovered data"</button>
                                    </li>
                                }
                            }
                        </For>
                    </ul>
                </div>
            </Show>
            <p class="help persist">{persisted}</p>
            </div>
        </section>
    }
}
