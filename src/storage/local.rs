//! localStorage I/O. Storage may be missing or throw on any access (blocked by the
//! browser, private mode, a full quota): every access returns a `Result`, nothing here
//! panics. `gloo_storage::LocalStorage::raw()` panics when storage is unavailable, so it
//! is only reached after [`Store::open`] has proved that storage exists.

use super::runs::*;
use super::schema::*;
use crate::plan::run::Run;
use gloo_storage::{LocalStorage, SessionStorage, Storage};
use wasm_bindgen::JsValue;

/// Browser storage that was reachable when the app started.
pub struct Store;

/// What was found at start-up.
pub struct Startup {
    /// Every readable draft, including those in the trash.
    pub drafts: Vec<StoredDraft>,
    /// Sentences for the user about values that could not be read (and where they are).
    pub problems: Vec<String>,
    /// Keys holding values kept aside for recovery.
    pub recovery_keys: Vec<String>,
}

/// The state of a draft's key, as far as a save is concerned.
pub enum Stored {
    Missing,
    /// What another tab may have saved: its `rev`, and what it shows in a conflict.
    Draft(Box<StoredDraft>),
    /// Unreadable or from a newer version: never overwritten.
    Untouchable(String),
}

const CURRENT_KEY: &str = "deployment-plan-editor:current";

impl Store {
    /// Checks that localStorage can be reached; the error says why not.
    pub fn open() -> Result<Store, String> {
        let window = web_sys::window().ok_or("no window")?;
        match window.local_storage() {
            Ok(Some(_)) => Ok(Store),
            Ok(None) => Err("this browser offers no local storage".into()),
            Err(e) => Err(js_message(&e, "the browser blocks local storage")),
        }
    }

    fn raw(&self) -> web_sys::Storage {
        LocalStorage::raw()
    }

    fn get(&self, key: &str) -> Result<Option<String>, String> {
        self.raw().get_item(key).map_err(|e| js_message(&e, "reading browser storage failed"))
    }

    fn set(&self, key: &str, value: &str) -> Result<(), String> {
        self.raw().set_item(key, value).map_err(|e| {
            let name = js_sys::Reflect::get(&e, &"name".into()).ok().and_then(|n| n.as_string());
            if name.as_deref() == Some("QuotaExceededError") {
                format!("browser storage is full ({} KB would not fit)", value.len() / 1024)
            } else {
                js_message(&e, "writing browser storage failed")
            }
        })
    }

    fn keys(&self) -> Vec<String> {
        let storage = self.raw();
        let n = storage.length().unwrap_or(0);
        (0..n).filter_map(|i| storage.key(i).ok().flatten()).collect()
    }

    /// Reads every draft: migrates schema 1, keeps unreadable values aside, leaves
    /// newer-version values untouched, empties the trash of drafts deleted long ago.
    pub fn load_all(&self, now: &str, mut new_id: impl FnMut() -> String) -> Startup {
        let mut out =
            Startup { drafts: Vec::new(), problems: Vec::new(), recovery_keys: Vec::new() };
        for key in self.keys() {
            if key.starts_with(RECOVERY_PREFIX) {
                out.recovery_keys.push(key);
                continue;
            }
            let is_v1 = key == V1_KEY;
            let Some(id) = key
                .strip_prefix(DRAFT_PREFIX)
                .map(str::to_string)
                .or_else(|| is_v1.then(&mut new_id))
            else {
                continue;
            };
            let raw = match self.get(&key) {
                Ok(Some(raw)) => raw,
                Ok(None) => continue,
                Err(e) => {
                    out.problems.push(format!(
                        "A saved draft could not be read ({e}); it was left in place."
                    ));
                    continue;
                }
            };
            match decode(&raw, &id) {
                Decoded::Draft(draft) => {
                    if is_v1 {
                        // Migrate: write the new form first, remove the old one only then.
                        if self.set(&draft_key(&draft.id), &encode(&draft)).is_ok() {
                            let _ = self.raw().remove_item(&key);
                        }
                    }
                    let expired = draft
                        .deleted_at
                        .as_deref()
                        .and_then(|d| days_between(d, now))
                        .is_some_and(|days| days > TRASH_DAYS);
                    if expired {
                        let _ = self.raw().remove_item(&key);
                    } else {
                        out.drafts.push(*draft);
                    }
                }
                Decoded::Future(v) => out.problems.push(format!(
                    "A draft saved by a newer version of this editor (schema {v}) was left untouched under \"{key}\"."
                )),
                Decoded::Corrupt(reason) => {
                    let aside = format!("{RECOVERY_PREFIX}{now}:{id}");
                    match self.set(&aside, &raw) {
                        Ok(()) => {
                            let _ = self.raw().remove_item(&key);
                            out.problems.push(format!(
                                "A saved draft could not be opened ({reason}). Its contents were kept unchanged under \"{aside}\"; you can download them below."
                            ));
                            out.recovery_keys.push(aside);
                        }
                        Err(e) => out.problems.push(format!(
                            "A saved draft could not be opened ({reason}) and could not be copied aside ({e}); it was left in place under \"{key}\"."
                        )),
                    }
                }
            }
        }
        out.drafts.sort_by(|a, b| b.saved_at.cmp(&a.saved_at));
        out
    }

    /// What a save would overwrite.
    pub fn stored(&self, id: &str) -> Stored {
        match self.get(&draft_key(id)) {
            Ok(None) => Stored::Missing,
            Ok(Some(raw)) => match decode(&raw, id) {
                Decoded::Draft(d) => Stored::Draft(d),
                Decoded::Future(v) => Stored::Untouchable(format!(
                    "a newer version of this editor (schema {v}) saved it"
                )),
                Decoded::Corrupt(e) => {
                    Stored::Untouchable(format!("the stored copy is unreadable ({e})"))
                }
            },
            Err(e) => Stored::Untouchable(e),
        }
    }

    pub fn read(&self, id: &str) -> Result<Option<StoredDraft>, String> {
        match self.get(&draft_key(id))? {
            None => Ok(None),
            Some(raw) => match decode(&raw, id) {
                Decoded::Draft(d) => Ok(Some(*d)),
                Decoded::Future(v) => {
                    Err(format!("it was saved by a newer version of this editor (schema {v})"))
                }
                Decoded::Corrupt(e) => Err(format!("it is unreadable ({e})")),
            },
        }
    }

    /// Writes a draft; the error is a sentence for the user.
    pub fn write(&self, draft: &StoredDraft) -> Result<(), String> {
        self.set(&draft_key(&draft.id), &encode(draft))
    }

    /// A stored run by id.
    pub fn read_run(&self, id: &str) -> Result<Option<Run>, String> {
        self.get(&run_key(id))?.map(|raw| decode_run(&raw)).transpose()
    }

    /// Writes a run changed from revision `based_on`, unless another tab wrote a newer one.
    pub fn write_run(&self, run: &Run, based_on: u64) -> Result<RunWrite, String> {
        let key = run_key(&run.id);
        let decision = decide_write(self.get(&key)?.as_deref(), based_on);
        if decision == RunWrite::Write {
            self.set(&key, &encode_run(run))?;
        }
        Ok(decision)
    }

    /// The last run of each draft that has one (by start time).
    pub fn last_runs(&self) -> std::collections::HashMap<String, Run> {
        let mut out: std::collections::HashMap<String, Run> = std::collections::HashMap::new();
        for key in self.keys() {
            let Some(Ok(run)) = run_id(&key)
                .and_then(|_| self.get(&key).ok().flatten())
                .map(|raw| decode_run(&raw))
            else {
                continue;
            };
            if out.get(&run.draft).is_none_or(|r| r.started < run.started) {
                out.insert(run.draft.clone(), run);
            }
        }
        out
    }

    pub fn read_raw(&self, key: &str) -> Option<String> {
        self.get(key).ok().flatten()
    }

    /// The draft this tab was editing before a reload (per tab, in sessionStorage).
    pub fn current(&self) -> Option<String> {
        web_sys::window()?.session_storage().ok()??;
        SessionStorage::raw().get_item(CURRENT_KEY).ok().flatten()
    }

    pub fn remember_current(&self, id: &str) {
        if web_sys::window().and_then(|w| w.session_storage().ok().flatten()).is_some() {
            let _ = SessionStorage::raw().set_item(CURRENT_KEY, id);
        }
    }
}

/// The key of the remembered colour theme ("light" or "dark"; absent: follow the system).
/// index.html reads it too, before the first paint, so the page never flashes the wrong theme.
pub const THEME_KEY: &str = "deployment-plan-editor:theme";

/// The key of the remembered GitHub repository (`owner/name`) for Open as GitHub issue.
pub const GITHUB_REPOSITORY_KEY: &str = "deployment-plan-editor:github-repository";

/// A small preference from localStorage; `None` when absent or storage is unavailable.
pub fn read_pref(key: &str) -> Option<String> {
    web_sys::window()?.local_storage().ok()??.get_item(key).ok().flatten()
}

/// Remembers (or with `None` forgets) a preference; silently does nothing without storage.
pub fn write_pref(key: &str, value: Option<&str>) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = match value {
            Some(v) => storage.set_item(key, v),
            None => storage.remove_item(key),
        };
    }
}

fn js_message(e: &JsValue, fallback: &str) -> String {
    js_sys::Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| fallback.to_string())
}
