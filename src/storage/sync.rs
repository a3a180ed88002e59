//! Autosave of the draft being edited and the protocol between tabs, as a pure, synchronous
//! state machine: [`Autosave::step`] takes an [`Input`] and returns the [`Effect`]s the
//! binding (`src/ui/drafts.rs`) performs. No clock, no timer, no storage here: the binding
//! reads and writes localStorage, runs the timer and answers with inputs. Generic over the
//! plan, which it only compares and copies, so that it is tested natively over every
//! interleaving (`tests/sync.rs`).
//!
//! The protocol: every stored draft carries a `rev`. A tab remembers the `rev` it last wrote
//! or loaded (its base) and the plan stored under it. Before every write the binding reads
//! what is stored ([`Effect::CheckStored`] → [`Input::Checked`]); the tab writes `base + 1`
//! only over its own base (that rev with that plan) or over nothing. Anything else is
//! another tab's save, found before a write or told by a storage event: the same plan as
//! this tab's is adopted, a different one is a conflict, shown until the user chooses (load
//! theirs, or keep mine as a copy); nothing is written meanwhile. A draft removed from
//! storage (another tab, the browser) is written again, and the user is told.
//!
//! Before anything replaces what the editor holds (another draft, a new one, an import),
//! the binding flushes and asks [`Autosave::unsaved`]: the editor's plan may go only when it
//! is stored, downloaded as a file (Markdown, or in a backup), or blank; otherwise the action
//! is refused and the user told why ([`Unsaved`]).
//!
//! Contract with the binding: effects are performed in order; `CheckStored` and `Write` are
//! answered at once, before any other input (localStorage is synchronous).

use std::time::Duration;

/// How long after the last change the draft is written.
pub const AUTOSAVE_DELAY: Duration = Duration::from_millis(500);

/// Why nothing is saved while another tab's version is shown.
pub const CONFLICT: &str = "changed in another tab";

/// What the header says about saving.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// Nothing to save yet.
    Idle,
    /// A save is due (the autosave timer runs).
    Saving,
    /// Saved; when, as shown to the user.
    Saved(String),
    /// Not saved, and why; the edit stays in the editor.
    Failed(String),
    /// No browser storage at all (set by the binding; the machine never runs then).
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

/// A message for the user's notice line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// A save found the draft gone although this tab had stored it, and stored it again.
    RemovedSavedAgain,
    /// Another tab cleared storage; this tab stored its draft again.
    ClearedSavedAgain,
    /// Another tab removed this draft's key; this tab stored it again.
    RemovedHereSavedAgain,
    /// The user chose the other tab's version.
    LoadedTheirs,
}

impl Notice {
    pub fn text(self) -> &'static str {
        match self {
            Notice::RemovedSavedAgain => "This draft had been removed from browser storage (by another tab or the browser); it was saved again.",
            Notice::ClearedSavedAgain => {
                "Browser storage was cleared in another tab; this draft was saved again."
            }
            Notice::RemovedHereSavedAgain => {
                "This draft was removed in another tab; it was saved again here."
            }
            Notice::LoadedTheirs => "Loaded the version saved in the other tab.",
        }
    }
}

/// Why the editor's plan must not be replaced now: it is neither stored nor kept in a file,
/// and replacing it would lose it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unsaved {
    /// Another tab's version is shown: the user chooses first.
    Conflict,
    /// Not stored, and why (as the header says it).
    NotStored(String),
    /// No browser storage at all, and why (set by the binding: the machine never runs then).
    NoStorage(String),
}

impl Unsaved {
    /// What the notice line says when an action that replaces the editor is refused.
    pub fn text(&self) -> String {
        match self {
            Unsaved::Conflict => "This draft is not saved: another tab changed it. Choose Load theirs or Keep mine as a copy first.".into(),
            Unsaved::NotStored(why) => format!(
                "This draft is not saved: {why}. Keep it in a file first (Download Markdown or Export backup), then try again."
            ),
            Unsaved::NoStorage(why) => format!(
                "This draft is not kept: browser storage is unavailable ({why}). Download Markdown first to keep it in a file, then try again."
            ),
        }
    }
}

/// A stored version of a draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version<P> {
    pub rev: u64,
    pub plan: P,
    /// When it was saved, as shown to the user.
    pub at: String,
}

/// What the binding found under the draft's key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found<P> {
    Missing,
    Draft(Version<P>),
    /// Unreadable or from a newer version of the app: never overwritten. Says why.
    Untouchable(String),
}

#[derive(Debug)]
pub enum Input<'a, P> {
    /// A stored draft was put into the editor (at start, or opened from the list).
    Opened { id: String, version: Version<P> },
    /// The editor holds a new draft, `id`, never stored: stored as an edit is, after the
    /// autosave pause or on a flush (the binding flushes a task after it starts a draft).
    Started { id: String },
    /// The editor's plan, as settled after a change: saved after a pause if it differs
    /// from what is stored.
    Edited(&'a P),
    /// The autosave timer ran out.
    TimerFired,
    /// Save now if anything is waiting: the page is being hidden or left, or another draft
    /// is about to be opened. `ours` is the editor's plan right now.
    Flush { ours: &'a P },
    /// Save now, even without a change (the keyboard shortcut).
    SaveNow,
    /// The answer to [`Effect::CheckStored`]: what is stored, and the editor's plan now.
    Checked { found: Found<P>, ours: &'a P },
    /// The answer to a [`Effect::Write`] that worked; `at` is when, as shown.
    WriteSucceeded { at: String },
    /// The answer to a [`Effect::Write`] that did not; `why` is a sentence for the user.
    WriteFailed { why: String },
    /// Another tab stored this draft: `theirs` is what storage holds now (read by the
    /// binding when the storage event arrives, however late), `ours` the editor's plan.
    TheirSave { theirs: Version<P>, ours: &'a P },
    /// Another tab removed this draft's key.
    KeyRemoved,
    /// Another tab cleared all of storage.
    StorageCleared,
    /// Conflict resolved: replace this tab's version with the other tab's.
    LoadTheirs,
    /// Conflict resolved: the other tab's version stays; this tab's plan (already renamed
    /// by the binding) is stored as a new draft, `id`.
    KeepMine { id: String },
    /// This plan was downloaded as a file (Markdown, or in a backup): the editor may be
    /// replaced while it holds it, even unsaved. Nothing else changes (the header still says
    /// whether it is stored).
    KeptInFile(&'a P),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect<P> {
    /// (Re)start the autosave timer: drop the one waiting, if any; after
    /// [`AUTOSAVE_DELAY`] answer [`Input::TimerFired`].
    StartTimer,
    /// Drop the autosave timer.
    CancelTimer,
    /// Read what is stored under draft `id` and answer [`Input::Checked`].
    CheckStored {
        id: String,
    },
    /// Store `plan` as revision `rev` of draft `id` and answer [`Input::WriteSucceeded`]
    /// or [`Input::WriteFailed`].
    Write {
        id: String,
        rev: u64,
        plan: P,
    },
    /// Put `plan` into the editor (the user chose the other tab's version).
    Load(P),
    /// Show that another tab saved this draft (at `at`) and that it is not saved over.
    ShowConflict {
        at: String,
    },
    ClearConflict,
    SetSaveState(SaveState),
    Tell(Notice),
}

/// Why storage is being checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Check {
    /// To write the editor's plan.
    Save,
    /// To write the draft again after another tab removed it or cleared storage; say so
    /// once it is stored.
    Rewrite(Notice),
    /// To confirm that the version just loaded is what storage holds.
    Verify,
}

#[derive(Debug)]
struct Writing<P> {
    rev: u64,
    plan: P,
    announce: Option<Notice>,
}

/// The autosave state of the one draft a tab edits.
#[derive(Debug)]
pub struct Autosave<P> {
    id: String,
    /// The `rev` this tab last wrote or loaded (0: never stored).
    base: u64,
    /// The plan stored under `base`; `None` when nothing of this draft is known to be stored.
    stored: Option<P>,
    timer: bool,
    checking: Option<Check>,
    writing: Option<Writing<P>>,
    /// Another tab's version, shown instead of saving over it.
    conflict: Option<Version<P>>,
    state: SaveState,
    /// The empty plan: nothing to lose.
    blank: P,
    /// The plan last downloaded as a file.
    in_file: Option<P>,
}

impl<P: Clone + PartialEq> Autosave<P> {
    /// A new, never stored draft `id` whose editor holds `blank`: no save until it changes.
    pub fn new(id: String, blank: P) -> Self {
        Autosave {
            id,
            base: 0,
            stored: Some(blank.clone()),
            timer: false,
            checking: None,
            writing: None,
            conflict: None,
            state: SaveState::Idle,
            blank,
            in_file: None,
        }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn save_state(&self) -> &SaveState {
        &self.state
    }

    /// Whether another tab's version is shown.
    pub fn in_conflict(&self) -> bool {
        self.conflict.is_some()
    }

    /// Whether the autosave timer runs.
    pub fn timer_pending(&self) -> bool {
        self.timer
    }

    /// Whether replacing the editor's plan, `ours`, now would lose it, and why. Asked after
    /// [`Input::Flush`], so that whatever can be saved is. `None`: it is stored (as far as
    /// this tab knows: another tab may have saved over it since, knowingly), downloaded as a
    /// file, or blank. While another tab's version is shown, only a download or a blank
    /// editor lets it go: the user chooses first.
    pub fn unsaved(&self, ours: &P) -> Option<Unsaved> {
        if *ours == self.blank || self.in_file.as_ref() == Some(ours) {
            return None;
        }
        if self.conflict.is_some() {
            return Some(Unsaved::Conflict);
        }
        if self.stored.as_ref() == Some(ours) {
            return None;
        }
        Some(Unsaved::NotStored(match &self.state {
            SaveState::Failed(why) | SaveState::Unavailable(why) => why.clone(),
            SaveState::Idle | SaveState::Saving | SaveState::Saved(_) => {
                "it has not been saved yet".into()
            }
        }))
    }

    pub fn step(&mut self, input: Input<'_, P>) -> Vec<Effect<P>> {
        let mut out = Vec::new();
        match input {
            Input::Opened { id, version } => {
                self.reset(id, &mut out);
                self.base = version.rev;
                self.stored = Some(version.plan);
                self.set_state(SaveState::Saved(version.at), &mut out);
            }
            Input::Started { id } => {
                self.reset(id, &mut out);
                // Not in this task: the one that opens a long plan (an import) has work enough.
                self.timer = true;
                out.push(Effect::StartTimer);
                self.set_state(SaveState::Saving, &mut out);
            }
            Input::Edited(plan) => {
                if self.conflict.is_none() && self.stored.as_ref() != Some(plan) {
                    self.timer = true;
                    out.push(Effect::StartTimer);
                    self.set_state(SaveState::Saving, &mut out);
                }
            }
            Input::TimerFired => {
                if self.timer {
                    self.timer = false;
                    self.check(Check::Save, &mut out);
                }
            }
            Input::Flush { ours } => {
                if self.conflict.is_none() && (self.timer || self.stored.as_ref() != Some(ours)) {
                    self.cancel_timer(&mut out);
                    self.check(Check::Save, &mut out);
                }
            }
            Input::SaveNow => {
                if self.conflict.is_none() {
                    self.cancel_timer(&mut out);
                    self.check(Check::Save, &mut out);
                }
            }
            Input::Checked { found, ours } => {
                if let Some(check) = self.checking.take() {
                    self.on_checked(check, found, ours, &mut out);
                }
            }
            Input::WriteSucceeded { at } => {
                if let Some(written) = self.writing.take() {
                    self.base = written.rev;
                    self.stored = Some(written.plan);
                    if !self.timer {
                        self.set_state(SaveState::Saved(at), &mut out);
                    }
                    out.extend(written.announce.map(Effect::Tell));
                }
            }
            Input::WriteFailed { why } => {
                if self.writing.take().is_some() {
                    self.set_state(SaveState::Failed(why), &mut out);
                }
            }
            Input::TheirSave { theirs, ours } => {
                let known = theirs.rev == self.base && self.stored.as_ref() == Some(&theirs.plan);
                if known && self.conflict.is_none() {
                    // What this tab wrote or loaded: nothing changed for it.
                } else if theirs.plan == *ours {
                    self.adopt(theirs, &mut out);
                } else {
                    self.show_conflict(theirs, &mut out);
                }
            }
            Input::KeyRemoved => self.rewrite(Notice::RemovedHereSavedAgain, &mut out),
            Input::StorageCleared => self.rewrite(Notice::ClearedSavedAgain, &mut out),
            Input::LoadTheirs => {
                if let Some(theirs) = self.conflict.take() {
                    out.push(Effect::ClearConflict);
                    self.base = theirs.rev;
                    out.push(Effect::Load(theirs.plan.clone()));
                    self.stored = Some(theirs.plan);
                    out.push(Effect::Tell(Notice::LoadedTheirs));
                    // It may have changed or gone since it was shown.
                    self.check(Check::Verify, &mut out);
                }
            }
            Input::KeepMine { id } => {
                if self.conflict.is_some() {
                    self.reset(id, &mut out);
                    self.check(Check::Save, &mut out);
                }
            }
            Input::KeptInFile(plan) => self.in_file = Some(plan.clone()),
        }
        out
    }

    fn on_checked(&mut self, check: Check, found: Found<P>, ours: &P, out: &mut Vec<Effect<P>>) {
        if self.conflict.is_some() {
            return;
        }
        let announce = match found {
            Found::Untouchable(why) => {
                // What this tab stored is not there any more.
                self.stored = None;
                return self.set_state(SaveState::Failed(why), out);
            }
            Found::Draft(theirs) => {
                let known = theirs.rev == self.base && self.stored.as_ref() == Some(&theirs.plan);
                if !known {
                    // Another tab saved (or stored this draft again) since this tab last did.
                    if theirs.plan != *ours {
                        return self.show_conflict(theirs, out);
                    }
                    self.adopt(theirs, out);
                    if let Check::Rewrite(notice) = check {
                        out.push(Effect::Tell(notice));
                    }
                    return;
                }
                if check != Check::Save && self.stored.as_ref() == Some(ours) {
                    // Stored as this tab knows it (a late event, or the version just loaded).
                    return self.set_state(SaveState::Saved(theirs.at), out);
                }
                None
            }
            Found::Missing => {
                self.stored = None;
                match check {
                    Check::Rewrite(notice) => Some(notice),
                    _ if self.base > 0 => Some(Notice::RemovedSavedAgain),
                    _ => None,
                }
            }
        };
        let rev = self.base + 1;
        out.push(Effect::Write { id: self.id.clone(), rev, plan: ours.clone() });
        self.writing = Some(Writing { rev, plan: ours.clone(), announce });
    }

    /// Another tab's version is the same as this tab's plan: take its rev, nothing to save.
    fn adopt(&mut self, theirs: Version<P>, out: &mut Vec<Effect<P>>) {
        self.cancel_timer(out);
        if self.conflict.take().is_some() {
            out.push(Effect::ClearConflict);
        }
        self.base = theirs.rev;
        self.stored = Some(theirs.plan);
        self.set_state(SaveState::Saved(theirs.at), out);
    }

    fn show_conflict(&mut self, theirs: Version<P>, out: &mut Vec<Effect<P>>) {
        self.cancel_timer(out);
        out.push(Effect::ShowConflict { at: theirs.at.clone() });
        self.conflict = Some(theirs);
        self.set_state(SaveState::Failed(CONFLICT.into()), out);
    }

    /// The draft's key was removed: if this tab had stored it, store it again now (unless
    /// it is back already: the event may come late).
    fn rewrite(&mut self, notice: Notice, out: &mut Vec<Effect<P>>) {
        if self.conflict.is_none() && self.base > 0 {
            self.cancel_timer(out);
            self.check(Check::Rewrite(notice), out);
        }
    }

    /// Switches to draft `id`, which this tab has not stored.
    fn reset(&mut self, id: String, out: &mut Vec<Effect<P>>) {
        self.cancel_timer(out);
        if self.conflict.take().is_some() {
            out.push(Effect::ClearConflict);
        }
        self.id = id;
        self.base = 0;
        self.stored = None;
        self.checking = None;
        self.writing = None;
    }

    fn check(&mut self, why: Check, out: &mut Vec<Effect<P>>) {
        self.checking = Some(why);
        out.push(Effect::CheckStored { id: self.id.clone() });
    }

    fn cancel_timer(&mut self, out: &mut Vec<Effect<P>>) {
        if self.timer {
            self.timer = false;
            out.push(Effect::CancelTimer);
        }
    }

    fn set_state(&mut self, state: SaveState, out: &mut Vec<Effect<P>>) {
        if self.state != state {
            self.state = state.clone();
            out.push(Effect::SetSaveState(state));
        }
    }
}
