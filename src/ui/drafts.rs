//! Drafts: which draft this tab edits, debounced autosave with conflict detection, the
//! drafts list (new, open, duplicate, delete with undo, trash), backup export and import,
//! and the reactions to other tabs and to storage failures.

use super::browser::{self, download, local_time, now_iso};
use super::editor::Editor;
use super::notice::{use_notices, Notices, Undo};
use super::validation::Validation;
use crate::plan::Plan;
use crate::storage::schema::{
    copy_title, merge, Backup, DraftSummary, StoredDraft, DRAFT_PREFIX, V1_KEY,
};
use crate::storage::{Store, Stored};
use leptos::prelude::*;
use std::time::Duration;

/// How long after the last change the draft is written.
pub const AUTOSAVE_DELAY: Duration = Duration::from_millis(500);

#[derive(Clone, PartialEq)]
pub enum SaveState {
    /// Nothing to save yet.
    Idle,
    Saving,
    Saved(String),
    Failed(String),
    Unavailable(String),
}

impl SaveState {
    pub fn text(&self) -> String {
        match self {
            SaveState::Idle => "Drafts are saved in this browser as you type".into(),
            SaveState::Saving => "Saving…".into(),
            SaveState::Saved(at) => format!("Saved {at}"),
            SaveState::Failed(why) => {
                format!("Not saved: {why}. Download Markdown or export a backup to keep your work.")
            }
            SaveState::Unavailable(why) => format!(
                "Drafts will not be kept: browser storage is unavailable ({why}). Download Markdown to keep your work."
            ),
        }
    }

    pub fn class(&self) -> &'static str {
        match self {
            SaveState::Idle | SaveState::Saved(_) => "save-state ok",
            SaveState::Saving => "save-state pending",
            SaveState::Failed(_) | SaveState::Unavailable(_) => "save-state bad",
        }
    }
}

/// A fresh draft id: time plus randomness, unique across tabs.
fn new_id() -> String {
    let random = (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
    format!("{:x}-{random:08x}", js_sys::Date::now() as u64)
}

#[derive(Clone, Copy)]
pub struct Drafts {
    store: StoredValue<Option<Store>>,
    editor: Editor,
    plan: Memo<Plan>,
    validation: Validation,
    notices: Notices,
    pub current: RwSignal<String>,
    /// The `rev` of the stored copy this tab last wrote or loaded (0: never stored).
    base_rev: StoredValue<u64>,
    /// The plan as last written or loaded, so loading a draft does not count as a change.
    last_stored: StoredValue<Option<Plan>>,
    pending: StoredValue<Option<TimeoutHandle>>,
    pub list: RwSignal<Vec<DraftSummary>>,
    pub save_state: RwSignal<SaveState>,
    /// Another tab's newer save of the draft this tab edits.
    pub conflict: RwSignal<Option<StoredDraft>>,
    pub recovery_keys: RwSignal<Vec<String>>,
    pub persisted: RwSignal<Option<bool>>,
}

impl Drafts {
    pub fn start(editor: Editor, plan: Memo<Plan>, validation: Validation) -> Drafts {
        let notices = use_notices();
        let store = Store::open();
        let this = Drafts {
            store: StoredValue::new(store.as_ref().ok().map(|_| Store)),
            editor,
            plan,
            validation,
            notices,
            current: RwSignal::new(new_id()),
            base_rev: StoredValue::new(0),
            last_stored: StoredValue::new(Some(Plan::default())),
            pending: StoredValue::new(None),
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

    /// The drafts list as shown: the live drafts, and first the one being edited when it
    /// has not been stored yet, so its first save changes a row instead of adding one
    /// (which would move the whole form down under the user's pointer).
    pub fn shown(&self) -> Vec<DraftSummary> {
        let current = self.current.get();
        let mut shown: Vec<DraftSummary> =
            self.list.with(|l| l.iter().filter(|d| d.deleted_at.is_none()).cloned().collect());
        if !shown.iter().any(|d| d.id == current) {
            let unsaved = DraftSummary {
                id: current,
                title: self.editor.title.get(),
                status: self.editor.status.get(),
                saved_at: String::new(),
                deleted_at: None,
            };
            shown.insert(0, unsaved);
        }
        shown
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
        Effect::new(move |_| {
            let changed = this.editor.settled.with(|p| this.differs_from_stored(p));
            if changed && this.available() {
                this.schedule();
            }
        });
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

    fn schedule(&self) {
        let this = *self;
        self.save_state.set(SaveState::Saving);
        self.cancel_pending();
        self.pending
            .set_value(set_timeout_with_handle(move || this.save_now(), AUTOSAVE_DELAY).ok());
    }

    /// Whether `plan` is not what was last written or loaded.
    fn differs_from_stored(&self, plan: &Plan) -> bool {
        self.last_stored.with_value(|l| l.as_ref() != Some(plan))
    }

    /// Drops the debounced save that is waiting, if any.
    fn cancel_pending(&self) {
        if let Some(handle) = self.pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    }

    /// Writes a pending change now, including one made so recently that the autosave
    /// check (a task after each edit) has not seen it yet.
    pub fn flush(&self) {
        let unsaved = || self.plan.with_untracked(|p| self.differs_from_stored(p));
        if self.pending.with_value(Option::is_some) || (self.available() && unsaved()) {
            self.save_now();
        }
    }

    /// Writes the plan, unless another tab saved this draft since this tab last did.
    pub fn save_now(&self) {
        self.cancel_pending();
        if self.conflict.with_untracked(Option::is_some) {
            // Not "Saving…" for ever: until the banner's choice, nothing is written.
            self.save_state.set(SaveState::Failed("another tab changed this draft".into()));
            return;
        }
        let id = self.current.get_untracked();
        let base = self.base_rev.get_value();
        let Some(stored) = self.with_store(|s| s.stored(&id)) else { return };
        match stored {
            Stored::Rev(rev) if rev != base => {
                if let Some(Ok(Some(theirs))) = self.with_store(|s| s.read(&id)) {
                    self.conflict.set(Some(theirs));
                    self.save_state.set(SaveState::Failed("another tab changed this draft".into()));
                }
                return;
            }
            Stored::Untouchable(why) => {
                self.save_state.set(SaveState::Failed(why));
                return;
            }
            Stored::Missing if base > 0 => {
                self.notices.say("This draft had been removed from browser storage (by another tab or the browser); it was saved again.");
            }
            _ => {}
        }
        let plan = self.plan.get_untracked();
        let now = now_iso();
        let draft =
            StoredDraft { rev: base + 1, ..StoredDraft::new(id, plan.clone(), now.clone()) };
        match self.with_store(|s| s.write(&draft)) {
            Some(Ok(())) => {
                self.base_rev.set_value(draft.rev);
                self.last_stored.set_value(Some(plan));
                self.save_state.set(SaveState::Saved(local_time(&now)));
                self.upsert_summary(draft.summary());
                self.with_store(|s| s.remember_current(&draft.id));
            }
            Some(Err(why)) => self.save_state.set(SaveState::Failed(why)),
            None => {}
        }
    }

    fn upsert_summary(&self, summary: DraftSummary) {
        self.list.update(|list| {
            list.retain(|d| d.id != summary.id);
            list.insert(0, summary);
        });
    }

    /// Puts a stored draft into the editor.
    fn open_loaded(&self, draft: StoredDraft) {
        self.editor.load(&draft.plan);
        self.current.set(draft.id.clone());
        self.base_rev.set_value(draft.rev);
        self.save_state.set(SaveState::Saved(local_time(&draft.saved_at)));
        if !draft.plan.is_blank() {
            self.validation.show_all();
        }
        self.last_stored.set_value(Some(draft.plan));
        self.conflict.set(None);
        self.with_store(|s| s.remember_current(&draft.id));
    }

    pub fn open(&self, id: &str) {
        self.flush();
        match self.with_store(|s| s.read(id)) {
            Some(Ok(Some(draft))) => self.open_loaded(draft),
            Some(Ok(None)) => self.notices.say("That draft is no longer in browser storage."),
            Some(Err(why)) => self.notices.say(format!("That draft could not be opened: {why}.")),
            None => {}
        }
    }

    /// Starts an empty draft; the current one stays in the list.
    pub fn new_draft(&self) {
        self.start_draft(&Plan::default());
        self.notices.say("Started a new draft. Your other drafts are in the Drafts list.");
    }

    /// Opens `plan` as a new draft (an import): the current draft stays as it is.
    pub fn open_new(&self, plan: &Plan) {
        self.start_draft(plan);
        self.validation.show_all();
    }

    /// Saves what is pending, then edits `plan` under a new id and saves it.
    fn start_draft(&self, plan: &Plan) {
        self.flush();
        self.editor.load(plan);
        self.current.set(new_id());
        self.base_rev.set_value(0);
        self.conflict.set(None);
        self.save_now();
    }

    /// Copies a draft (the current one as it is now) and opens the copy.
    pub fn duplicate(&self, id: &str) {
        self.flush();
        let source = if *id == self.current.get_untracked() {
            Some(self.plan.get_untracked())
        } else {
            self.with_store(|s| s.read(id).ok().flatten().map(|d| d.plan)).flatten()
        };
        let Some(mut plan) = source else { return };
        plan.title = copy_title(&plan.title, "copy");
        self.start_draft(&plan);
        self.notices.say(format!("Opened a copy: \"{}\".", plan.title));
    }

    /// Moves a draft to the trash (restorable with Undo, or from the trash).
    pub fn delete(&self, id: &str) {
        self.flush();
        let Some(Ok(Some(mut draft))) = self.with_store(|s| s.read(id)) else {
            self.notices
                .say("That draft could not be deleted: it is not readable in browser storage.");
            return;
        };
        draft.deleted_at = Some(now_iso());
        draft.rev += 1;
        if let Some(Err(why)) = self.with_store(|s| s.write(&draft)) {
            self.notices.say(format!("Could not delete the draft: {why}."));
            return;
        }
        let title = display_title(&draft.plan.title);
        self.upsert_summary(draft.summary());
        if *id == self.current.get_untracked() {
            let next = self.list.with_untracked(|l| {
                l.iter().find(|d| d.deleted_at.is_none()).map(|d| d.id.clone())
            });
            match next {
                Some(next) => self.open(&next),
                None => self.new_draft(),
            }
        }
        self.notices.say_with_undo(format!("Deleted \"{title}\"."), Undo::Restore(id.to_string()));
    }

    /// Takes a draft out of the trash and opens it.
    pub fn restore(&self, id: &str) {
        let Some(Ok(Some(mut draft))) = self.with_store(|s| s.read(id)) else { return };
        draft.deleted_at = None;
        draft.rev += 1;
        match self.with_store(|s| s.write(&draft)) {
            Some(Ok(())) => {
                self.flush();
                self.notices.say(format!("Restored \"{}\".", display_title(&draft.plan.title)));
                self.upsert_summary(draft.summary());
                self.open_loaded(draft);
            }
            Some(Err(why)) => self.notices.say(format!("Could not restore the draft: {why}.")),
            None => {}
        }
    }

    /// Re-reads the drafts list from storage (after another tab changed it).
    pub fn refresh(&self) {
        if let Some(startup) = self.with_store(|s| s.load_all(&now_iso(), new_id)) {
            if !startup.problems.is_empty() {
                self.notices.say(startup.problems.join(" "));
            }
            self.recovery_keys.set(startup.recovery_keys);
            self.list.set(startup.drafts.iter().map(StoredDraft::summary).collect());
        }
    }

    fn on_storage_event(&self, ev: web_sys::StorageEvent) {
        let key = ev.key();
        let mine = format!("{DRAFT_PREFIX}{}", self.current.get_untracked());
        match key.as_deref() {
            // localStorage.clear() in another tab: write this draft back at once.
            None => {
                self.base_rev.set_value(0);
                self.save_now();
                self.notices
                    .say("Browser storage was cleared in another tab; this draft was saved again.");
            }
            Some(k) if k == mine => match ev.new_value() {
                None => {
                    self.base_rev.set_value(0);
                    self.save_now();
                    self.notices
                        .say("This draft was removed in another tab; it was saved again here.");
                }
                Some(_) => {
                    if let Some(Ok(Some(theirs))) =
                        self.with_store(|s| s.read(&self.current.get_untracked()))
                    {
                        if theirs.rev != self.base_rev.get_value() {
                            if theirs.plan == self.plan.get_untracked() {
                                self.base_rev.set_value(theirs.rev);
                            } else {
                                self.conflict.set(Some(theirs));
                            }
                        }
                    }
                }
            },
            Some(k) if !k.starts_with(DRAFT_PREFIX) && k != V1_KEY => return,
            Some(_) => {}
        }
        self.refresh();
    }

    /// Conflict: replace this tab's version with the other tab's.
    pub fn load_theirs(&self) {
        if let Some(theirs) = self.conflict.get_untracked() {
            self.cancel_pending();
            self.open_loaded(theirs);
            self.notices.say("Loaded the version saved in the other tab.");
        }
    }

    /// Conflict: keep the other tab's version under its id, save this tab's as a copy.
    pub fn keep_mine_as_copy(&self) {
        let mut mine = self.plan.get_untracked();
        mine.title = copy_title(&mine.title, "copy");
        self.editor.title.set(mine.title.clone());
        self.conflict.set(None);
        self.current.set(new_id());
        self.base_rev.set_value(0);
        self.save_now();
        self.refresh();
        self.notices.say(format!(
            "Kept your version as \"{}\"; the other tab's version is unchanged.",
            mine.title
        ));
    }

    /// Every stored draft, for a backup.
    pub fn export_backup(&self) {
        self.flush();
        let Some(startup) = self.with_store(|s| s.load_all(&now_iso(), new_id)) else {
            self.notices.say("There is no browser storage to back up: use Download Markdown.");
            return;
        };
        let count = startup.drafts.len();
        let name = format!("deployment-plan-drafts-{}.json", browser::today());
        let json = Backup::new(startup.drafts, now_iso()).to_json();
        match download(&name, &json, "application/json") {
            Ok(()) => self.notices.say(format!(
                "Exported {count} draft{} to {name}.",
                if count == 1 { "" } else { "s" }
            )),
            Err(why) => self.notices.say(why),
        }
    }

    /// Merges a backup file's drafts in; never replaces a local draft.
    pub fn import_backup(&self, text: &str) {
        let notices = self.notices;
        let backup = match Backup::parse(text) {
            Ok(b) => b,
            Err(why) => {
                notices.say(format!("Could not import the backup: {why}. Nothing was changed."));
                return;
            }
        };
        self.flush();
        let Some(startup) = self.with_store(|s| s.load_all(&now_iso(), new_id)) else {
            notices.say("Could not import the backup: browser storage is unavailable.");
            return;
        };
        let outcome = merge(&startup.drafts, backup.drafts, new_id);
        let failed: Vec<String> = outcome
            .to_write
            .iter()
            .filter_map(|d| self.with_store(|s| s.write(d)).and_then(Result::err))
            .collect();
        self.refresh();
        let mut text = format!(
            "Imported the backup: {} new, {} kept as separate copies (they differed from drafts here), {} already here.",
            outcome.added, outcome.copies, outcome.unchanged
        );
        if let Some(why) = failed.first() {
            text.push_str(&format!(" {} could not be saved: {why}.", failed.len()));
        }
        notices.say(text);
    }

    pub fn download_recovery(&self, key: &str) {
        if let Some(Some(raw)) = self.with_store(|s| s.read_raw(key)) {
            let name = format!("recovered-draft-{}.json", key.rsplit(':').next().unwrap_or("data"));
            if let Err(why) = download(&name, &raw, "application/json") {
                self.notices.say(why);
            }
        }
    }

    /// Asks once for persistent storage and records the answer.
    fn request_persistence(&self) {
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

pub fn display_title(title: &str) -> String {
    let t = title.trim();
    if t.is_empty() {
        "Untitled draft".into()
    } else {
        t.to_string()
    }
}
