//! Backups (export every stored draft to a file, merge a file's drafts in) and the download
//! of values kept aside for recovery.

use super::{new_id, Drafts};
use crate::storage::schema::{copy_title, merge, Backup, StoredDraft};
use crate::ui::browser::{self, download, now_iso};
use leptos::prelude::*;

impl Drafts {
    /// Every stored draft, for a backup, and the plan being edited when it is not stored
    /// (a write failed, another tab's version is shown): as a separate draft, marked
    /// "(unsaved)", so that it overwrites nothing when the backup is imported.
    pub fn export_backup(&self) {
        self.flush();
        let Some(startup) = self.with_store(|s| s.load_all(&now_iso(), new_id)) else {
            self.notices.say("There is no browser storage to back up: use Download Markdown.");
            return;
        };
        let mut drafts = startup.drafts;
        let ours = self.plan.get_untracked();
        let mut unsaved_title = None;
        if self.unsaved().is_some() {
            let mut plan = ours.clone();
            plan.title = copy_title(&plan.title, "unsaved");
            unsaved_title = Some(plan.title.clone());
            drafts.insert(0, StoredDraft::new(new_id(), plan, now_iso()));
        }
        let count = drafts.len();
        let name = format!("deployment-plan-drafts-{}.json", browser::today());
        let json = Backup::new(drafts, now_iso()).to_json();
        match download(&name, &json, "application/json") {
            Ok(()) => {
                let plural = if count == 1 { "" } else { "s" };
                match unsaved_title {
                    None => self.notices.say(format!("Exported {count} draft{plural} to {name}.")),
                    Some(title) => {
                        self.kept_in_file(&ours);
                        self.notices.say(format!(
                            "Exported {count} draft{plural} to {name}, with this draft's unsaved version as \"{title}\"."
                        ));
                    }
                }
            }
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
}
