//! The Leptos UI: the app shell, the toolbar, autosave wiring. Field components live in
//! `fields.rs`, composed per section by `section.rs` from the section table.

mod browser;
mod editor;
mod fields;
mod preview;
mod problems;
mod section;
mod validation;

use crate::plan::validate::{readiness, validate, Date, Field, Severity};
use crate::plan::{example_plan, render, slug::file_name, Plan, SECTIONS};
use crate::storage::{Drafts, Loaded};
use editor::Editor;
use leptos::prelude::*;
use preview::Preview;
use problems::{Action, Problems};
use section::SectionForm;
use validation::{field_state, Validation};
use std::time::Duration;

/// How long after the last change the draft is written.
const AUTOSAVE_DELAY: Duration = Duration::from_millis(500);

pub fn start() {
    leptos::mount::mount_to_body(App);
}

#[derive(Clone, PartialEq)]
enum SaveState {
    /// Nothing typed since the page opened and nothing stored.
    Idle,
    Saved(String),
    Unsaved,
    Failed(String),
    Unavailable(String),
}

impl SaveState {
    fn text(&self) -> String {
        match self {
            SaveState::Idle => "Drafts are saved in this browser as you type".into(),
            SaveState::Saved(at) => format!("Saved {at}"),
            SaveState::Unsaved => "Unsaved changes…".into(),
            SaveState::Failed(why) => format!("Not saved: {why}. Use Download Markdown to keep your work."),
            SaveState::Unavailable(why) => {
                format!("Drafts will not be kept: browser storage is unavailable ({why}). Download Markdown to keep your work.")
            }
        }
    }

    fn class(&self) -> &'static str {
        match self {
            SaveState::Idle | SaveState::Saved(_) => "save-state ok",
            SaveState::Unsaved => "save-state pending",
            SaveState::Failed(_) | SaveState::Unavailable(_) => "save-state bad",
        }
    }
}

/// A message about the last action, optionally with a plan to restore.
#[derive(Clone)]
struct Notice {
    text: String,
    undo: Option<Plan>,
}

#[component]
fn App() -> impl IntoView {
    let editor = Editor::new();
    let notice = RwSignal::new(None::<Notice>);
    let plan = Memo::new(move |_| editor.snapshot());
    let today = Date::parse(&browser::today());
    let validation = Validation::new(Memo::new(move |_| plan.with(|p| validate(p, today))));
    provide_context(validation);

    // Storage: open it, load the draft; failures are told, never hidden.
    let (drafts, save_state) = match Drafts::open() {
        Ok(mut drafts) => {
            let state = match drafts.load(&browser::now_iso()) {
                Loaded::Nothing => SaveState::Idle,
                Loaded::Draft { plan, saved_at } => {
                    editor.load(&plan);
                    if !plan.is_blank() {
                        validation.show_all();
                    }
                    SaveState::Saved(browser::local_time(&saved_at))
                }
                Loaded::KeptAside { key, reason } => {
                    notice.set(Some(Notice {
                        text: format!(
                            "The saved draft could not be opened: {reason}. It was kept unchanged in browser storage under \"{key}\"."
                        ),
                        undo: None,
                    }));
                    SaveState::Idle
                }
                Loaded::LeftInPlace { reason } => SaveState::Failed(reason),
            };
            (Some(drafts), state)
        }
        Err(why) => (None, SaveState::Unavailable(why)),
    };
    let drafts = StoredValue::new(drafts);
    let save_state = RwSignal::new(save_state);

    // Autosave, debounced: one write AUTOSAVE_DELAY after the last change.
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let save_now = move || {
        if let Some(handle) = pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        drafts.with_value(|d| {
            if let Some(d) = d {
                let now = browser::now_iso();
                save_state.set(match d.save(&plan.get_untracked(), &now) {
                    Ok(()) => SaveState::Saved(browser::local_time(&now)),
                    Err(why) => SaveState::Failed(why),
                });
            }
        });
    };
    Effect::new(move |first: Option<()>| {
        plan.track();
        if first.is_none() || drafts.with_value(Option::is_none) {
            return;
        }
        save_state.set(SaveState::Unsaved);
        if let Some(handle) = pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        pending.set_value(set_timeout_with_handle(save_now, AUTOSAVE_DELAY).ok());
    });
    // Leaving or hiding the page writes what is pending at once.
    let flush = move || {
        if pending.with_value(Option::is_some) {
            save_now();
        }
    };
    let _ = window_event_listener(leptos::ev::pagehide, move |_| flush());
    let _ = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Hidden {
            flush();
        }
    });

    let load_example = move |_| {
        let previous = plan.get_untracked();
        editor.load(&example_plan());
        validation.show_all();
        notice.set(Some(Notice {
            text: "Loaded the template's Example (Authentication service 3.4.0).".into(),
            undo: (!previous.is_blank()).then_some(previous),
        }));
    };
    let download = move || {
        let plan = plan.get_untracked();
        let name = file_name(&plan.title);
        let text = match browser::download(&name, &render(&plan), "text/markdown;charset=utf-8") {
            Ok(()) => format!("Downloaded {name}."),
            Err(why) => why,
        };
        notice.set(Some(Notice { text, undo: None }));
    };
    let copy = move || {
        let md = render(&plan.get_untracked());
        leptos::task::spawn_local(async move {
            let text = match browser::copy(&md).await {
                Ok(()) => "Copied the Markdown to the clipboard.".to_string(),
                Err(why) => format!("Could not copy ({why}). Open the Markdown view below the preview and copy it from there."),
            };
            notice.set(Some(Notice { text, undo: None }));
        });
    };
    // Download and copy work with errors too, but the first attempt shows the problems
    // and asks to confirm.
    let awaiting = RwSignal::new(None::<Action>);
    let confirmed = StoredValue::new(false);
    let run = move |action: Action| match action {
        Action::Download => download(),
        Action::Copy => copy(),
    };
    let attempt = move |action: Action| {
        validation.show_all();
        let has_errors = validation.findings.with_untracked(|f| f.iter().any(|f| f.severity == Severity::Error));
        if has_errors && !confirmed.get_value() {
            awaiting.set(Some(action));
            browser::focus_later("problems".into());
        } else {
            run(action);
        }
    };
    let confirm = move |action: Action| {
        confirmed.set_value(true);
        awaiting.set(None);
        run(action);
    };
    let meter = Memo::new(move |_| plan.with(|p| validation.findings.with(|f| readiness(p, f))));
    let show_problems = move |_| {
        validation.show_all();
        browser::focus_later("problems".into());
    };
    let title_state = field_state(Field::Title);

    let undo = move |_| {
        if let Some(Notice { undo: Some(previous), .. }) = notice.get_untracked() {
            editor.load(&previous);
            notice.set(Some(Notice { text: "Restored your plan.".into(), undo: None }));
        }
    };

    view! {
        <header class="topbar">
            <h1 class="app-title">"Deployment plan editor"</h1>
            <div class="actions">
                <button type="button" class="secondary" on:click=load_example>"Load example"</button>
                <button type="button" on:click=move |_| attempt(Action::Download)>"Download Markdown"</button>
                <button type="button" on:click=move |_| attempt(Action::Copy)>"Copy Markdown"</button>
            </div>
            <div class="readiness">
                <label for="readiness">"Readiness"</label>
                <meter id="readiness" min="0" max=move || meter.get().total value=move || meter.get().complete></meter>
                <span class="readiness-text">{move || {
                    let r = meter.get();
                    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
                    format!("{} of {} sections complete · {} · {}", r.complete, r.total, plural(r.errors, "error"), plural(r.warnings, "warning"))
                }}</span>
                <button type="button" class="link" on:click=show_problems>"Show problems"</button>
            </div>
            <p role="status" class=move || save_state.with(SaveState::class)>{move || save_state.with(SaveState::text)}</p>
        </header>
        <div role="status" class="notice" aria-live="polite">
            {move || notice.get().map(|n| view! {
                <p>
                    {n.text}
                    {n.undo.is_some().then(|| view! { " " <button type="button" class="link" on:click=undo>"Undo"</button> })}
                </p>
            })}
        </div>
        <main class="layout">
            <form class="editor" aria-label="Plan" on:submit=|ev| ev.prevent_default()>
                <Problems awaiting on_confirm=confirm/>
                <div class="field title-field">
                    <label for="title">"Title"</label>
                    <input id="title" type="text" autocomplete="off" placeholder="e.g. Authentication service 3.4.0"
                        aria-invalid=title_state.invalid
                        aria-describedby=title_state.described_by
                        prop:value=move || editor.title.get()
                        on:input=move |ev| editor.title.set(event_target_value(&ev))
                        on:focusout=move |_| validation.touch(Field::Title) />
                    {title_state.view}
                </div>
                {SECTIONS.iter().map(|spec| view! { <SectionForm editor spec/> }).collect_view()}
            </form>
            <div class="output">
                <Preview plan/>
            </div>
        </main>
    }
}
