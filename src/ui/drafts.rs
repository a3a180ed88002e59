//! Drafts: which draft this tab edits, and the binding of the autosave state machine
//! (`storage::sync`, where the protocol and its tests live) to the timer, localStorage,
//! other tabs' storage events and the page's lifecycle: it feeds the machine inputs and
//! performs its effects, nothing more. The drafts list and trash are in `drafts/list.rs`,
//! backups and recovery downloads in `drafts/backup.rs`, the persistence request in
//! `drafts/persist.rs`.

mod backup;
mod list;
mod persist;

pub use list::display_title;

use super::browser::{local_time, now_iso};
use super::editor::Editor;
use super::notice::{use_notices, Notices};
use super::validation::Validation;
use crate::plan::Plan;
use crate::storage::schema::{copy_title, draft_key, DraftSummary, StoredDraft};
use crate::storage::sync::{self, Autosave, Found, Input, Unsaved, Version, AUTOSAVE_DELAY};
use crate::storage::{Store, Stored};
use leptos::prelude::*;

pub use crate::storage::sync::SaveState;

/// A fresh draft id: time plus randomness, unique across tabs.
fn new_id() -> String {
    let random = (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
    format!("{:x}-{random:08x}", js_sys::Date::now() as u64)
}

/// A stored draft as the machine sees it.
fn version(draft: StoredDraft) -> Version<Plan> {
    Version { rev: draft.rev, at: local_time(&draft.saved_at), plan: draft.plan }
}

#[derive(Clone, Copy)]
pub struct Drafts {
    store: StoredValue<Option<Store>>,
    editor: Editor,
    plan: Signal<Plan>,
    validation: Validation,
    notices: Notices,
    pub current: RwSignal<String>,
    machine: StoredValue<Autosave<Plan>>,
    timer: StoredValue<Option<TimeoutHandle>>,
    pub list: RwSignal<Vec<DraftSummary>>,
    pub save_state: RwSignal<SaveState>,
    /// Another tab's newer save of the draft this tab edits: when, as shown.
    pub conflict: RwSignal<Option<String>>,
    pub recovery_keys: RwSignal<Vec<String>>,
    pub persisted: RwSignal<Option<bool>>,
}

impl Drafts {
    pub fn start(editor: Editor, plan: Signal<Plan>, validation: Validation) -> Drafts {
        let notices = use_notices();
        let store = Store::open();
        let id = new_id();
        let this = Drafts {
            store: StoredValue::new(store.as_ref().ok().map(|_| Store)),
            editor,
            plan,
            validation,
            notices,
            current: RwSignal::new(id.clone()),
            machine: StoredValue::new(Autosave::new(id, Plan::default())),
            timer: StoredValue::new(None),
            list: RwSignal::new(Vec::new()),
            save_state: RwSignal::new(SaveState::Idle),
            conflict: RwSignal::new(None),
            recovery_keys: RwSignal::new(Vec::new()),
            persisted: RwSignal::new(None),
        };
        match store {
            Err(why) => this.save_state.set(SaveState::Unavailable(why)),
            Ok(store) => {
                let startup = store.load_all(&now_iso(), new_id);
                if !startup.problems.is_empty() {
                    notices.say(startup.problems.join(" "));
                }
                this.recovery_keys.set(startup.recovery_keys);
                let live = |d: &&StoredDraft| d.deleted_at.is_none();
                let chosen = store
                    .current()
                    .and_then(|id| startup.drafts.iter().filter(live).find(|d| d.id == id))
                    .or_else(|| startup.drafts.iter().find(live))
                    .cloned();
                this.list.set(startup.drafts.iter().map(StoredDraft::summary).collect());
                if let Some(draft) = chosen {
                    this.open_loaded(draft);
                }
                this.request_persistence();
            }
        }
        this.watch();
        this
    }

    fn with_store<R>(&self, f: impl FnOnce(&Store) -> R) -> Option<R> {
        self.store.with_value(|s| s.as_ref().map(f))
    }

    pub fn available(&self) -> bool {
        self.store.with_value(Option::is_some)
    }

    /// Autosave on change, flush on hide, warn before closing with unsaved work, and
    /// react to other tabs.
    fn watch(&self) {
        let this = *self;
        if self.available() {
            Effect::new(move |_| {
                let effects = this.editor.settled.with(|p| this.step(Input::Edited(p)));
                this.perform_all(effects);
            });
        }
        let _ = window_event_listener(leptos::ev::pagehide, move |_| this.flush());
        let _ = window_event_listener(leptos::ev::visibilitychange, move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Hidden {
                this.flush();
            }
        });
        let _ = window_event_listener(leptos::ev::beforeunload, move |ev| {
            this.flush();
            let unsafe_to_leave = matches!(this.save_state.get_untracked(), SaveState::Failed(_))
                || this.conflict.with_untracked(Option::is_some);
            if unsafe_to_leave {
                ev.prevent_default();
                ev.set_return_value("Your latest changes are not saved.");
            }
        });
        let _ = window_event_listener(leptos::ev::storage, move |ev| this.on_storage_event(ev));
    }

    // ---- the binding: inputs in, effects out ----

    fn step(&self, input: Input<'_, Plan>) -> Vec<sync::Effect<Plan>> {
        self.machine.try_update_value(|m| m.step(input)).unwrap_or_default()
    }

    /// Gives the machine `input` and does what it asks. Without storage the machine is not
    /// used at all: the header keeps saying that drafts are not kept.
    fn feed(&self, input: Input<'_, Plan>) {
        if self.available() {
            let effects = self.step(input);
            self.perform_all(effects);
        }
    }

    /// Like `feed`, for an input that carries the editor's plan as it is now (which may be
    /// newer than the settled one the autosave follows).
    fn feed_with_plan(&self, input: impl for<'a> FnOnce(&'a Plan) -> Input<'a, Plan>) {
        if self.available() {
            let effects = self.plan.with_untracked(|ours| self.step(input(ours)));
            self.perform_all(effects);
        }
    }

    fn perform_all(&self, effects: Vec<sync::Effect<Plan>>) {
        for effect in effects {
            self.perform(effect);
        }
    }

    fn perform(&self, effect: sync::Effect<Plan>) {
        match effect {
            sync::Effect::StartTimer => {
                self.cancel_timer();
                let this = *self;
                let fire = move || {
                    this.timer.set_value(None);
                    this.feed(Input::TimerFired);
                };
                self.timer.set_value(set_timeout_with_handle(fire, AUTOSAVE_DELAY).ok());
            }
            sync::Effect::CancelTimer => self.cancel_timer(),
            sync::Effect::CheckStored { id } => {
                let found = match self.with_store(|s| s.stored(&id)) {
                    Some(Stored::Missing) => Found::Missing,
                    Some(Stored::Draft(draft)) => Found::Draft(version(*draft)),
                    Some(Stored::Untouchable(why)) => Found::Untouchable(why),
                    None => return,
                };
                self.feed_with_plan(|ours| Input::Checked { found, ours });
            }
            sync::Effect::Write { id, rev, plan } => {
                let now = now_iso();
                let draft = StoredDraft { rev, ..StoredDraft::new(id, plan, now.clone()) };
                match self.with_store(|s| s.write(&draft)) {
                    Some(Ok(())) => {
                        self.upsert_summary(draft.summary());
                        self.with_store(|s| s.remember_current(&draft.id));
                        self.feed(Input::WriteSucceeded { at: local_time(&now) });
                    }
                    Some(Err(why)) => self.feed(Input::WriteFailed { why }),
                    None => {}
                }
            }
            sync::Effect::Load(plan) => {
                self.editor.load(&plan);
                if !plan.is_blank() {
                    self.validation.show_all();
                }
            }
            sync::Effect::ShowConflict { at } => self.conflict.set(Some(at)),
            sync::Effect::ClearConflict => self.conflict.set(None),
            sync::Effect::SetSaveState(state) => self.save_state.set(state),
            sync::Effect::Tell(notice) => self.notices.say(notice.text()),
        }
    }

    /// Drops the debounced save that is waiting, if any.
    fn cancel_timer(&self) {
        if let Some(handle) = self.timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    }

    // ---- the draft being edited ----

    /// Writes a pending change now, including one made so recently that the autosave
    /// check (a task after each edit) has not seen it yet.
    pub fn flush(&self) {
        self.feed_with_plan(|ours| Input::Flush { ours });
    }

    /// Writes the plan now (the keyboard shortcut), unless another tab saved this draft
    /// since this tab last did.
    pub fn save_now(&self) {
        self.feed(Input::SaveNow);
    }

    /// Asked before anything replaces the editor's plan (another draft, a new one, an
    /// import): saves what is pending, then asks the machine whether the plan would be lost.
    /// It would when it is not stored (a write failed, another tab's version is shown, there
    /// is no storage) and was not downloaded: then the notice line says why and how to keep
    /// it, and the answer is no: the caller leaves the editor as it is.
    pub fn may_replace(&self) -> bool {
        self.flush();
        let Some(why) = self.unsaved() else { return true };
        // Without storage the machine never runs: the header has the reason.
        let why = match self.save_state.get_untracked() {
            SaveState::Unavailable(reason) => Unsaved::NoStorage(reason),
            _ => why,
        };
        self.notices.say_keeping_undo(why.text());
        false
    }

    /// Why the editor's plan, as it is now, would be lost if something replaced it.
    fn unsaved(&self) -> Option<Unsaved> {
        self.plan.with_untracked(|ours| self.machine.try_with_value(|m| m.unsaved(ours)).flatten())
    }

    /// `plan` was downloaded as a file: the editor may let it go even if it is not stored.
    pub fn kept_in_file(&self, plan: &Plan) {
        // No effects; told with or without storage.
        let effects = self.step(Input::KeptInFile(plan));
        self.perform_all(effects);
    }

    /// Puts a stored draft into the editor (after `may_replace`, or at start).
    fn open_loaded(&self, draft: StoredDraft) {
        self.editor.load(&draft.plan);
        self.current.set(draft.id.clone());
        if !draft.plan.is_blank() {
            self.validation.show_all();
        }
        self.with_store(|s| s.remember_current(&draft.id));
        let id = draft.id.clone();
        self.feed(Input::Opened { id, version: version(draft) });
    }

    /// Edits `plan` under a new id (after `may_replace`) and stores it in the next task:
    /// putting a long plan into the editor is work enough for this one, and a new draft
    /// does not wait for the autosave pause (a crash meanwhile would lose it).
    fn start_draft(&self, plan: &Plan) {
        self.editor.load(plan);
        let id = new_id();
        self.current.set(id.clone());
        self.feed(Input::Started { id });
        let this = *self;
        set_timeout(move || this.flush(), std::time::Duration::ZERO);
    }

    fn on_storage_event(&self, ev: web_sys::StorageEvent) {
        let key = ev.key();
        let id = self.current.get_untracked();
        match key.as_deref() {
            // localStorage.clear() in another tab: write this draft back at once.
            None => self.feed(Input::StorageCleared),
            Some(k) if k == draft_key(&id) => match ev.new_value() {
                None => self.feed(Input::KeyRemoved),
                // What is stored now, which may be newer than what the event carries.
                Some(_) => {
                    if let Some(Ok(Some(theirs))) = self.with_store(|s| s.read(&id)) {
                        let theirs = version(theirs);
                        self.feed_with_plan(|ours| Input::TheirSave { theirs, ours });
                    }
                }
            },
            Some(k) if !list::concerns_drafts(k) => return,
            Some(_) => {}
        }
        self.refresh();
    }

    /// Conflict: replace this tab's version with the other tab's.
    pub fn load_theirs(&self) {
        self.feed(Input::LoadTheirs);
    }

    /// Conflict: keep the other tab's version under its id, save this tab's as a copy.
    pub fn keep_mine_as_copy(&self) {
        if self.conflict.with_untracked(Option::is_none) {
            return;
        }
        let title = copy_title(&self.editor.title.get_untracked(), "copy");
        self.editor.title.set(title.clone());
        let id = new_id();
        self.current.set(id.clone());
        self.feed(Input::KeepMine { id });
        self.refresh();
        self.notices.say(format!(
            "Kept your version as \"{title}\"; the other tab's version is unchanged."
        ));
    }
}
