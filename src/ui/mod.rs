//! The Leptos UI: the app shell and toolbar. Field components live in `fields.rs`,
//! composed per section by `section.rs` from the section table; drafts in `drafts.rs` (the
//! binding of the autosave state machine, `storage::sync`) and `drafts/` (list and trash,
//! backups, persistence); validation display in `validation.rs` and `problems.rs`.

mod added;
mod browser;
mod drafts;
mod drafts_view;
mod editor;
mod fields;
mod github;
mod help;
mod import_view;
mod notice;
mod offline;
mod outline;
mod preview;
mod problems;
mod run;
mod section;
mod share_view;
mod theme;
mod validation;

use crate::plan::validate::{readiness, validate, Date, Field, Severity};
use crate::plan::{example_plan, render, slug::file_name, SECTIONS};
use added::{AddSection, AddedSections};
use drafts::Drafts;
use drafts_view::{ConflictBanner, DraftsPanel};
use editor::Editor;
use fields::{Control, Input};
use github::GitHubExport;
use help::{Help, Shortcuts};
use import_view::{ImportControls, ImportProgress, ImportReport, Importer};
use leptos::prelude::*;
use notice::{Notices, Undo};
use outline::Outline;
use preview::Preview;
use problems::{Action, Problems};
use run::{RunView, Runner};
use section::SectionForm;
use share_view::{SharedPlanOffer, Sharing};
use theme::ThemeSwitch;
use validation::Validation;
use wasm_bindgen::JsCast;

#[derive(Clone, Copy, PartialEq)]
enum Pane {
    Form,
    Preview,
}

impl Pane {
    fn key(self) -> &'static str {
        match self {
            Pane::Form => "form",
            Pane::Preview => "preview",
        }
    }
}

pub fn start() {
    // index.html's static page is painted first: on a fast load the WebAssembly can arrive
    // before the first frame, and the page would stay blank until the app is built.
    // (A callback before the next frame, then a task after it.)
    request_animation_frame(|| {
        set_timeout(
            || {
                if let Some(loading) = document().get_element_by_id("loading") {
                    loading.remove();
                }
                mount_to_body(App);
            },
            std::time::Duration::ZERO,
        )
    });
}

#[component]
fn App() -> impl IntoView {
    let editor = Editor::new();
    provide_context(editor);
    let notices = Notices(RwSignal::new(None));
    provide_context(notices);
    // The plan as it is now, read when an action needs it. Not a memo: a memo would track
    // every field of the plan and, in Leptos, copy that list of sources on each read.
    let plan = Signal::derive(move || editor.snapshot());
    let today = Date::parse(&browser::today());
    Effect::new(move |_| {
        editor.track();
        editor.settle_soon();
    });
    let validation =
        Validation::new(Memo::new(move |_| editor.settled.with(|p| validate(p, today))));
    provide_context(validation);
    let drafts = Drafts::start(editor, plan, validation);
    let runner = Runner::start(editor, drafts, notices);
    provide_context(runner);
    let importer = Importer::new(drafts, notices);
    offline::register_service_worker(notices);
    let sharing = Sharing::start(drafts, notices);

    let load_example = move |_| {
        let previous = plan.get_untracked();
        editor.load(&example_plan());
        validation.show_all();
        let text = "Loaded the template's Example (Authentication service 3.4.0).";
        if previous.is_blank() {
            notices.say(text);
        } else {
            notices.say_with_undo(text, Undo::Plan(Box::new(previous), editor.loads()));
        }
    };
    let download = move || {
        let plan = plan.get_untracked();
        let name = file_name(&plan.title);
        match browser::download(&name, &render(&plan), "text/markdown;charset=utf-8") {
            Ok(()) => {
                drafts.kept_in_file(&plan);
                notices.say(format!("Downloaded {name}."));
            }
            Err(why) => notices.say(why),
        }
    };
    let copy = move || {
        let md = render(&plan.get_untracked());
        leptos::task::spawn_local(async move {
            match browser::copy(&md).await {
                Ok(()) => notices.say("Copied the Markdown to the clipboard."),
                Err(why) => notices.say(format!(
                    "Could not copy ({why}). Open the Markdown view below the preview and copy it from there."
                )),
            }
        });
    };
    // Download and copy work with errors too, but the first attempt shows the problems
    // and asks to confirm.
    let awaiting = RwSignal::new(None::<Action>);
    let confirmed = StoredValue::new(false);

    let run = move |action: Action| match action {
        Action::Download => download(),
        Action::Copy => copy(),
        Action::Run => runner.begin(&plan.get_untracked()),
    };
    let attempt = move |action: Action| {
        // Check exactly what is about to leave.
        editor.settle_now();
        validation.show_all();
        let has_errors =
            validation.findings.with_untracked(|f| f.iter().any(|f| f.severity == Severity::Error));
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
    let meter =
        Memo::new(move |_| editor.settled.with(|p| validation.findings.with(|f| readiness(p, f))));
    let show_problems = move |_| {
        validation.show_all();
        browser::focus_later("problems".into());
    };

    let undo = move |_| match notices.0.get_untracked().and_then(|n| n.undo) {
        // Another plan was opened since: this Undo would overwrite it.
        Some(Undo::Plan(_, loads) | Undo::PlanAt(_, loads, _)) if loads != editor.loads() => {
            notices.say("Nothing was undone: another plan has been opened since.");
        }
        Some(Undo::Plan(previous, _)) => {
            editor.load(&previous);
            notices.say("Restored your plan.");
        }
        Some(Undo::PlanAt(previous, _, focus)) => {
            editor.load(&previous);
            notices.say("Restored the section.");
            browser::focus_later(focus);
        }
        Some(Undo::Restore(id)) => drafts.restore(&id),
        None => {}
    };
    let shortcuts = Shortcuts {
        save: Callback::new(move |()| drafts.save_now()),
        download: Callback::new(move |()| attempt(Action::Download)),
    };
    // On narrow screens one pane shows at a time; the switch is hidden on wide ones.
    let pane = RwSignal::new(Pane::Form);
    let pane_button = move |which: Pane, label: &'static str| {
        view! {
            <button type="button" aria-pressed=move || (pane.get() == which).to_string() on:click=move |_| pane.set(which)>{label}</button>
        }
    };
    // The header's secondary actions: a second row on wide screens; on narrow ones a
    // disclosure ("Menu", aria-expanded) whose panel opens over the page. It closes on
    // Escape, on Menu again, and when focus leaves it (but not for its own dialogs).
    let menu_open = RwSignal::new(false);
    let menu = NodeRef::<leptos::html::Div>::new();
    let toggle = NodeRef::<leptos::html::Button>::new();
    let close_menu = move |refocus: bool| {
        if menu_open.get_untracked() {
            menu_open.set(false);
            if refocus {
                if let Some(t) = toggle.get_untracked() {
                    let _ = t.focus();
                }
            }
        }
    };
    let in_dialog = |target: Option<web_sys::EventTarget>| {
        target
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("dialog").ok().flatten())
            .is_some()
    };
    let menu_focusout = move |ev: leptos::ev::FocusEvent| {
        let inside = ev
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .zip(menu.get_untracked())
            .is_some_and(|(node, menu)| menu.contains(Some(&node)));
        if !inside {
            close_menu(false);
        }
    };
    let menu_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && menu_open.get_untracked() && !in_dialog(ev.target()) {
            ev.prevent_default();
            close_menu(true);
        }
    };
    let show_form = Callback::new(move |()| pane.set(Pane::Form));
    let settled = Signal::from(editor.settled);
    // While a long plan is put on the page in slices, how far it has got.
    let putting = move || {
        let shown = editor.shown.get();
        (shown != usize::MAX).then(|| {
            let total = editor.longest();
            view! {
                <p class="putting">
                    <progress max=total value=shown aria-label="Putting the plan on the page"></progress>
                    {format!(" Putting the plan on the page: {shown} of {total} rows…")}
                </p>
            }
        })
    };
    view! {
        <header class="topbar">
            <h1 class="app-title">"Deployment plan editor"</h1>
            <div class="menu-area" node_ref=menu on:focusout=menu_focusout on:keydown=menu_keydown>
                <div class="actions primary">
                    <button type="button" on:click=move |_| attempt(Action::Download)>"Download Markdown"</button>
                    <button type="button" on:click=move |_| attempt(Action::Copy)>"Copy Markdown"</button>
                    <button type="button" class="secondary menu-toggle" node_ref=toggle
                        aria-expanded=move || menu_open.get().to_string() aria-controls="more-actions"
                        on:click=move |_| menu_open.update(|o| *o = !*o)>"Menu"</button>
                </div>
                <div id="more-actions" class="actions more" class:open=move || menu_open.get()>
                    <button type="button" class="secondary" on:click=move |ev| { load_example(ev); close_menu(true); }>"Load example"</button>
                    <button type="button" class="secondary" on:click=move |_| { sharing.copy_link(&plan.get_untracked()); close_menu(true); }>"Copy share link"</button>
                    <button type="button" class="secondary" on:click=move |_| { close_menu(false); attempt(Action::Run); }>"Start run"</button>
                    <Show when=move || runner.run.with(Option::is_some) && !runner.open.get()>
                        <button type="button" class="secondary" on:click=move |_| { close_menu(false); runner.open.set(true); }>"Resume run"</button>
                    </Show>
                    <ImportControls importer/>
                    <Help shortcuts/>
                    <ThemeSwitch/>
                    <Outline plan=settled on_jump=show_form class="in-menu"/>
                </div>
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
            <p role="status" class=move || drafts.save_state.with(|s| s.class())>{move || drafts.save_state.with(|s| s.text())}</p>
        </header>
        <div role="status" class="notice" aria-live="polite">
            {move || notices.0.get().map(|n| view! {
                <p>
                    {n.text}
                    {n.undo.is_some().then(|| view! { " " <button type="button" class="link" on:click=undo>"Undo"</button> })}
                </p>
            })}
        </div>
        // Outside the form: an import may be started from the menu while a run is shown.
        <ImportProgress importer/>
        <ConflictBanner drafts/>
        <SharedPlanOffer sharing/>
        <nav class="pane-switch" aria-label="View">
            {pane_button(Pane::Form, "Form")}
            {pane_button(Pane::Preview, "Preview")}
        </nav>
        <Show when=move || runner.open.get()>
            <main class="run-main"><RunView runner/></main>
        </Show>
        <main class="layout" data-pane=move || pane.get().key() hidden=move || runner.open.get()>
            <Outline plan=settled on_jump=show_form class="beside"/>
            <form class="editor" aria-label="Plan" on:submit=|ev| ev.prevent_default()>
                <ImportReport importer/>
                {putting}
                <DraftsPanel drafts/>
                <Problems awaiting on_confirm=confirm/>
                <div class="field title-field">
                    <Control field=Field::Title name="Title"
                        input=Input::Line { value: editor.title, placeholder: "e.g. Authentication service 3.4.0" }/>
                </div>
                <AddedSections editor at=0/>
                {SECTIONS.iter().enumerate().map(|(i, spec)| {
                    // New custom sections go after Communications: the button is there.
                    let add = (spec.key == crate::plan::added::CUSTOM_AFTER).then(|| view! { <AddSection editor/> });
                    view! { <SectionForm editor spec/><AddedSections editor at=i + 1/>{add} }
                }).collect_view()}
                <Show when=move || editor.extra.with(|e| !e.is_empty())>
                    <fieldset class="section" id="section-extra" aria-describedby="extra-help">
                        <legend id="extra-legend">"Unrecognised content"</legend>
                        <p class="help" id="extra-help">
                            "Kept from an imported file because it fits no section of the template. It is written at the end of the Markdown. Move what you need into a section, then delete the rest."
                        </p>
                        <textarea id="extra" rows="6" aria-labelledby="extra-legend"
                            prop:value=move || editor.extra.get()
                            on:input=move |ev| editor.extra.set(event_target_value(&ev))></textarea>
                    </fieldset>
                </Show>
            </form>
            <div class="output">
                <Preview editor/>
                <GitHubExport plan notices/>
            </div>
        </main>
    }
}
