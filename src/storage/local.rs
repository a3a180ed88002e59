//! localStorage I/O. Storage may be missing or throw on any access (blocked by the
//! browser, private mode, quota): every access goes through a `Result`, and nothing here
//! panics. `gloo_storage::LocalStorage::raw()` panics when storage is unavailable, so it is
//! only reached after [`Drafts::open`] has proved that storage exists.

use super::envelope::{decode, Decoded, Envelope};
use crate::plan::Plan;
use gloo_storage::{LocalStorage, Storage};

pub const DRAFT_KEY: &str = "deployment-plan-editor:draft";
pub const RECOVERY_PREFIX: &str = "deployment-plan-editor:recovery:";

/// Browser storage that was reachable when the app started.
pub struct Drafts {
    /// Set when an unreadable draft could not be kept aside: then the draft key is never
    /// written, so that value is not lost.
    read_only: Option<String>,
}

/// What was found at start-up.
pub enum Loaded {
    Nothing,
    Draft { plan: Plan, saved_at: String },
    /// The stored value could not be read; it was copied to `key` and is still there.
    KeptAside { key: String, reason: String },
    /// The stored value could not be read and could not be copied; it is left in place and
    /// autosave is off.
    LeftInPlace { reason: String },
}

impl Drafts {
    /// Checks that localStorage can be reached; the error says why not.
    pub fn open() -> Result<Drafts, String> {
        let window = web_sys::window().ok_or("no window")?;
        match window.local_storage() {
            Ok(Some(_)) => Ok(Drafts { read_only: None }),
            Ok(None) => Err("this browser offers no local storage".into()),
            Err(e) => Err(js_message(&e, "the browser blocks local storage")),
        }
    }

    /// Reads the saved draft. A value that cannot be read is never treated as empty.
    pub fn load(&mut self, now: &str) -> Loaded {
        let raw = match LocalStorage::raw().get_item(DRAFT_KEY) {
            Ok(Some(raw)) => raw,
            Ok(None) => return Loaded::Nothing,
            Err(e) => {
                let reason = js_message(&e, "reading the saved draft failed");
                self.read_only = Some(reason.clone());
                return Loaded::LeftInPlace { reason };
            }
        };
        let reason = match decode(&raw) {
            Decoded::Draft(env) => return Loaded::Draft { plan: env.plan, saved_at: env.saved_at },
            Decoded::Future(v) => format!("it was saved by a newer version of this editor (schema {v})"),
            Decoded::Corrupt(e) => format!("it is not a readable draft ({e})"),
        };
        let key = format!("{RECOVERY_PREFIX}{now}");
        match LocalStorage::raw().set_item(&key, &raw) {
            Ok(()) => Loaded::KeptAside { key, reason },
            Err(e) => {
                let reason = format!("{reason}; keeping a copy failed: {}", js_message(&e, "storage error"));
                self.read_only = Some(reason.clone());
                Loaded::LeftInPlace { reason }
            }
        }
    }

    /// Saves the plan; the error is a sentence for the user.
    pub fn save(&self, plan: &Plan, now: &str) -> Result<(), String> {
        if let Some(reason) = &self.read_only {
            return Err(format!("autosave is off because the stored draft could not be kept safe: {reason}"));
        }
        LocalStorage::set(DRAFT_KEY, Envelope::new(plan.clone(), now.to_string())).map_err(|e| match e {
            gloo_storage::errors::StorageError::JsError(js) if js.name == "QuotaExceededError" => {
                "browser storage is full".to_string()
            }
            other => other.to_string(),
        })
    }
}

fn js_message(e: &wasm_bindgen::JsValue, fallback: &str) -> String {
    js_sys::Error::from(e.clone())
        .message()
        .as_string()
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| fallback.to_string())
}
