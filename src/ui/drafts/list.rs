//! The drafts list and the trash: what the panel shows, opening, new, duplicate, delete
//! with undo, restore, and re-reading the list after another tab changed it.

use super::{new_id, Drafts};
use crate::plan::Plan;
use crate::storage::schema::{copy_title, DraftSummary, StoredDraft, DRAFT_PREFIX, V1_KEY};
use crate::ui::browser::now_iso;
use crate::ui::notice::Undo;
use leptos::prelude::*;

/// Whether a storage key holds a draft (so that a change to it changes the list).
pub(super) fn concerns_drafts(key: &str) -> bool {
    key.starts_with(DRAFT_PREFIX) || key == V1_KEY
}

pub fn display_title(title: &str) -> String {
    let t = title.trim();
    if t.is_empty() {
        "Untitled draft".into()
    } else {
        t.to_string()
    }
}

impl Drafts {
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

    pub(super) fn upsert_summary(&self, summary: DraftSummary) {
        self.list.update(|list| {
            list.retain(|d| d.id != summary.id);
            list.insert(0, summary);
        });
    }

    pub fn open(&self, id: &str) {
        if !self.may_replace() {
            return;
        }
        match self.with_store(|s| s.read(id)) {
            Some(Ok(Some(draft))) => self.open_loaded(draft),
            Some(Ok(None)) => self.notices.say("That draft is no longer in browser storage."),
            Some(Err(why)) => self.notices.say(format!("That draft could not be opened: {why}.")),
            None => {}
        }
    }

    /// Starts an empty draft; the current one stays in the list.
    pub fn new_draft(&self) {
        if !self.may_replace() {
            return;
        }
        self.start_draft(&Plan::default());
        self.notices.say("Started a new draft. Your other drafts are in the Drafts list.");
    }

    /// Opens `plan` as a new draft (an import): the current draft stays as it is. False
    /// (and the notice says why) when the editor's plan would be lost.
    pub fn open_new(&self, plan: &Plan) -> bool {
        if !self.may_replace() {
            return false;
        }
        self.start_draft(plan);
        self.validation.show_all();
        true
    }

    /// Copies a draft (the current one as it is now) and opens the copy.
    pub fn duplicate(&self, id: &str) {
        if !self.may_replace() {
            return;
        }
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
        // Deleting the draft being edited opens another one.
        if *id == self.current.get_untracked() {
            if !self.may_replace() {
                return;
            }
        } else {
            self.flush();
        }
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
        if !self.may_replace() {
            return;
        }
        let Some(Ok(Some(mut draft))) = self.with_store(|s| s.read(id)) else { return };
        draft.deleted_at = None;
        draft.rev += 1;
        match self.with_store(|s| s.write(&draft)) {
            Some(Ok(())) => {
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
}
