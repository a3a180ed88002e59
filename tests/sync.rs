//! Native tests of autosave and the protocol between tabs (`storage::sync`): every
//! transition on its own, then a model of localStorage shared by two tabs, each running the
//! machine the way the UI binding does, through random interleavings of edits, timers,
//! failing writes, late storage events, removed and cleared storage, conflict choices,
//! downloads and actions that replace the editor (open, new, import), which the binding's
//! guard refuses while the editor's plan is not kept.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test panics")]

use deployment_plan_editor::storage::sync::*;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// The machine only compares and copies plans: a number stands for one.
type Plan = u8;
const BLANK: Plan = 0;

fn version(rev: u64, plan: Plan, at: &str) -> Version<Plan> {
    Version { rev, plan, at: at.into() }
}

fn draft(rev: u64, plan: Plan, at: &str) -> Found<Plan> {
    Found::Draft(version(rev, plan, at))
}

fn saved(at: &str) -> Effect<Plan> {
    Effect::SetSaveState(SaveState::Saved(at.into()))
}

fn failed(why: &str) -> Effect<Plan> {
    Effect::SetSaveState(SaveState::Failed(why.into()))
}

fn check(id: &str) -> Effect<Plan> {
    Effect::CheckStored { id: id.into() }
}

fn write(id: &str, rev: u64, plan: Plan) -> Effect<Plan> {
    Effect::Write { id: id.into(), rev, plan }
}

/// Draft "d" opened at rev 3, plan 1, saved at "t3".
fn opened() -> Autosave<Plan> {
    let mut m = Autosave::new("n".into(), BLANK);
    let effects = m.step(Input::Opened { id: "d".into(), version: version(3, 1, "t3") });
    assert_eq!(effects, vec![saved("t3")]);
    m
}

/// `opened()`, then edited to plan 2 and a conflict with another tab's rev 5, plan 7.
fn in_conflict() -> Autosave<Plan> {
    let mut m = opened();
    m.step(Input::Edited(&2));
    assert_eq!(
        m.step(Input::TheirSave { theirs: version(5, 7, "t5"), ours: &2 }),
        vec![
            Effect::CancelTimer,
            Effect::ShowConflict { at: "t5".into() },
            failed("changed in another tab")
        ]
    );
    assert!(m.in_conflict());
    m
}

// ---- one transition at a time ----

#[test]
fn a_new_blank_draft_saves_nothing_until_it_changes() {
    let mut m = Autosave::new("n".into(), BLANK);
    assert_eq!(m.save_state(), &SaveState::Idle);
    assert_eq!(m.step(Input::Edited(&BLANK)), vec![]);
    assert_eq!(m.step(Input::Flush { ours: &BLANK }), vec![]);
    assert_eq!(m.step(Input::StorageCleared), vec![], "nothing was stored: nothing to store again");
    assert_eq!(m.step(Input::KeyRemoved), vec![]);
    assert_eq!(
        m.step(Input::Edited(&4)),
        vec![Effect::StartTimer, Effect::SetSaveState(SaveState::Saving)]
    );
    assert_eq!(m.step(Input::TimerFired), vec![check("n")]);
    assert_eq!(m.step(Input::Checked { found: Found::Missing, ours: &4 }), vec![write("n", 1, 4)]);
    assert_eq!(m.step(Input::WriteSucceeded { at: "t1".into() }), vec![saved("t1")], "no notice");
}

#[test]
fn an_edit_restarts_the_timer_and_says_saving_once() {
    let mut m = opened();
    assert_eq!(
        m.step(Input::Edited(&2)),
        vec![Effect::StartTimer, Effect::SetSaveState(SaveState::Saving)]
    );
    assert_eq!(m.step(Input::Edited(&4)), vec![Effect::StartTimer]);
    assert!(m.timer_pending());
    // Back to the stored plan: the timer still runs (and writes), as before.
    assert_eq!(m.step(Input::Edited(&1)), vec![]);
    assert!(m.timer_pending());
}

#[test]
fn the_timer_checks_storage_then_writes_the_next_rev() {
    let mut m = opened();
    m.step(Input::Edited(&2));
    assert_eq!(m.step(Input::TimerFired), vec![check("d")]);
    assert!(!m.timer_pending());
    assert_eq!(
        m.step(Input::Checked { found: draft(3, 1, "t3"), ours: &2 }),
        vec![write("d", 4, 2)]
    );
    assert_eq!(m.step(Input::WriteSucceeded { at: "t4".into() }), vec![saved("t4")]);
    assert_eq!(m.step(Input::Edited(&2)), vec![], "now stored");
    assert_eq!(m.step(Input::Flush { ours: &2 }), vec![]);
    // The next save goes on from rev 4.
    m.step(Input::SaveNow);
    assert_eq!(
        m.step(Input::Checked { found: draft(4, 2, "t4"), ours: &2 }),
        vec![write("d", 5, 2)]
    );
}

#[test]
fn answers_nobody_asked_for_are_ignored() {
    let mut m = opened();
    assert_eq!(m.step(Input::TimerFired), vec![], "a timer that was dropped");
    assert_eq!(m.step(Input::Checked { found: Found::Missing, ours: &1 }), vec![]);
    assert_eq!(m.step(Input::WriteSucceeded { at: "t9".into() }), vec![]);
    assert_eq!(m.step(Input::WriteFailed { why: "no".into() }), vec![]);
    assert_eq!(m.save_state(), &SaveState::Saved("t3".into()));
}

#[test]
fn a_failed_write_says_why_and_keeps_the_edit_unsaved() {
    let mut m = opened();
    m.step(Input::Edited(&2));
    m.step(Input::TimerFired);
    m.step(Input::Checked { found: draft(3, 1, "t3"), ours: &2 });
    let why = "browser storage is full (9 KB would not fit)";
    assert_eq!(m.step(Input::WriteFailed { why: why.into() }), vec![failed(why)]);
    assert_eq!(
        m.save_state().text(),
        "Not saved: browser storage is full (9 KB would not fit). Download Markdown or export a backup to keep your work."
    );
    // Leaving the page tries again, and the next edit too.
    assert_eq!(m.step(Input::Flush { ours: &2 }), vec![check("d")]);
    assert_eq!(
        m.step(Input::Checked { found: draft(3, 1, "t3"), ours: &2 }),
        vec![write("d", 4, 2)]
    );
    m.step(Input::WriteFailed { why: why.into() });
    assert_eq!(
        m.step(Input::Edited(&2)),
        vec![Effect::StartTimer, Effect::SetSaveState(SaveState::Saving)]
    );
}

#[test]
fn a_flush_writes_an_edit_the_autosave_has_not_seen_yet() {
    let mut m = opened();
    assert_eq!(m.step(Input::Flush { ours: &2 }), vec![check("d")]);
    assert_eq!(
        m.step(Input::Checked { found: draft(3, 1, "t3"), ours: &2 }),
        vec![write("d", 4, 2)]
    );
}

#[test]
fn a_flush_drops_the_timer_and_writes_now() {
    let mut m = opened();
    m.step(Input::Edited(&2));
    assert_eq!(m.step(Input::Flush { ours: &2 }), vec![Effect::CancelTimer, check("d")]);
}

#[test]
fn a_flush_with_nothing_waiting_does_nothing() {
    let mut m = opened();
    assert_eq!(m.step(Input::Flush { ours: &1 }), vec![]);
}

#[test]
fn save_now_writes_even_without_a_change() {
    let mut m = opened();
    assert_eq!(m.step(Input::SaveNow), vec![check("d")]);
    assert_eq!(
        m.step(Input::Checked { found: draft(3, 1, "t3"), ours: &1 }),
        vec![write("d", 4, 1)]
    );
}

#[test]
fn an_untouchable_stored_value_is_never_written_over() {
    let mut m = opened();
    m.step(Input::Edited(&2));
    m.step(Input::TimerFired);
    let why = "a newer version of this editor (schema 9) saved it";
    let found = Found::Untouchable(why.into());
    assert_eq!(m.step(Input::Checked { found, ours: &2 }), vec![failed(why)]);
}

#[test]
fn a_newer_stored_rev_is_a_conflict_and_nothing_is_saved_meanwhile() {
    let mut m = opened();
    m.step(Input::Edited(&2));
    m.step(Input::TimerFired);
    assert_eq!(
        m.step(Input::Checked { found: draft(5, 7, "t5"), ours: &2 }),
        vec![Effect::ShowConflict { at: "t5".into() }, failed("changed in another tab")]
    );
    assert_eq!(
        m.save_state().text(),
        "Not saved: changed in another tab. Download Markdown or export a backup to keep your work."
    );
    for input in [Input::Edited(&3), Input::TimerFired, Input::SaveNow, Input::Flush { ours: &3 }] {
        assert_eq!(m.step(input), vec![], "never \"Saving…\", never a write");
    }
    assert_eq!(m.step(Input::StorageCleared), vec![], "the choice stays with the user");
    assert_eq!(m.step(Input::KeyRemoved), vec![]);
}

#[test]
fn another_tab_saving_this_tabs_plan_is_adopted() {
    let mut m = opened();
    m.step(Input::Edited(&2));
    m.step(Input::TimerFired);
    assert_eq!(m.step(Input::Checked { found: draft(5, 2, "t5"), ours: &2 }), vec![saved("t5")]);
    m.step(Input::SaveNow);
    assert_eq!(
        m.step(Input::Checked { found: draft(5, 2, "t5"), ours: &2 }),
        vec![write("d", 6, 2)]
    );
}

#[test]
fn the_same_rev_with_another_plan_is_a_conflict() {
    let mut m = opened();
    m.step(Input::SaveNow);
    let effects = m.step(Input::Checked { found: draft(3, 9, "t3b"), ours: &1 });
    assert_eq!(effects[0], Effect::ShowConflict { at: "t3b".into() });
}

#[test]
fn a_missing_draft_this_tab_had_stored_is_written_again_and_said() {
    let mut m = opened();
    m.step(Input::Edited(&2));
    m.step(Input::TimerFired);
    assert_eq!(m.step(Input::Checked { found: Found::Missing, ours: &2 }), vec![write("d", 4, 2)]);
    assert_eq!(
        m.step(Input::WriteSucceeded { at: "t4".into() }),
        vec![saved("t4"), Effect::Tell(Notice::RemovedSavedAgain)]
    );
}

#[test]
fn a_missing_draft_whose_rewrite_fails_is_tried_again_on_flush() {
    let mut m = opened();
    m.step(Input::SaveNow);
    m.step(Input::Checked { found: Found::Missing, ours: &1 });
    m.step(Input::WriteFailed { why: "full".into() });
    assert_eq!(m.step(Input::Flush { ours: &1 }), vec![check("d")], "nothing is stored any more");
}

#[test]
fn another_tabs_save_this_tab_knows_is_ignored() {
    let mut m = opened();
    assert_eq!(m.step(Input::TheirSave { theirs: version(3, 1, "t3"), ours: &1 }), vec![]);
    m.step(Input::Edited(&2));
    assert_eq!(m.step(Input::TheirSave { theirs: version(3, 1, "t3"), ours: &2 }), vec![]);
    assert!(m.timer_pending());
}

#[test]
fn another_tabs_save_of_another_plan_is_a_conflict_whatever_its_rev() {
    for rev in [1, 3, 4] {
        let mut m = opened();
        let effects = m.step(Input::TheirSave { theirs: version(rev, 5, "tx"), ours: &1 });
        assert_eq!(
            effects,
            vec![Effect::ShowConflict { at: "tx".into() }, failed("changed in another tab")],
            "rev {rev}"
        );
    }
}

#[test]
fn another_tabs_save_of_this_tabs_plan_is_adopted_and_the_timer_dropped() {
    let mut m = opened();
    m.step(Input::Edited(&2));
    assert_eq!(
        m.step(Input::TheirSave { theirs: version(4, 2, "t4"), ours: &2 }),
        vec![Effect::CancelTimer, saved("t4")]
    );
    assert_eq!(m.step(Input::Flush { ours: &2 }), vec![]);
}

#[test]
fn during_a_conflict_newer_saves_replace_theirs_and_our_plan_ends_it() {
    let mut m = in_conflict();
    assert_eq!(
        m.step(Input::TheirSave { theirs: version(6, 8, "t6"), ours: &2 }),
        vec![Effect::ShowConflict { at: "t6".into() }]
    );
    assert_eq!(
        m.step(Input::TheirSave { theirs: version(7, 2, "t7"), ours: &2 }),
        vec![Effect::ClearConflict, saved("t7")]
    );
    assert!(!m.in_conflict());
}

#[test]
fn storage_cleared_by_another_tab_writes_the_draft_again_and_says_so() {
    let mut m = opened();
    assert_eq!(m.step(Input::StorageCleared), vec![check("d")]);
    assert_eq!(m.step(Input::Checked { found: Found::Missing, ours: &1 }), vec![write("d", 4, 1)]);
    assert_eq!(
        m.step(Input::WriteSucceeded { at: "t9".into() }),
        vec![saved("t9"), Effect::Tell(Notice::ClearedSavedAgain)]
    );
}

#[test]
fn a_removed_key_is_written_again_with_the_waiting_edit() {
    let mut m = opened();
    m.step(Input::Edited(&2));
    assert_eq!(m.step(Input::KeyRemoved), vec![Effect::CancelTimer, check("d")]);
    assert_eq!(m.step(Input::Checked { found: Found::Missing, ours: &2 }), vec![write("d", 4, 2)]);
    assert_eq!(
        m.step(Input::WriteSucceeded { at: "t9".into() }),
        vec![saved("t9"), Effect::Tell(Notice::RemovedHereSavedAgain)]
    );
}

#[test]
fn a_failed_write_after_storage_was_cleared_is_not_announced_and_is_retried() {
    let mut m = opened();
    m.step(Input::StorageCleared);
    m.step(Input::Checked { found: Found::Missing, ours: &1 });
    assert_eq!(m.step(Input::WriteFailed { why: "full".into() }), vec![failed("full")]);
    assert_eq!(m.step(Input::Flush { ours: &1 }), vec![check("d")]);
}

#[test]
fn storage_cleared_when_another_tab_already_wrote_the_draft_again() {
    // The same plan: adopted, and it is true that the draft is stored again.
    let mut m = opened();
    m.step(Input::StorageCleared);
    assert_eq!(
        m.step(Input::Checked { found: draft(1, 1, "t8"), ours: &1 }),
        vec![saved("t8"), Effect::Tell(Notice::ClearedSavedAgain)]
    );
    // Another plan: a conflict.
    let mut m = opened();
    m.step(Input::StorageCleared);
    let effects = m.step(Input::Checked { found: draft(1, 6, "t8"), ours: &1 });
    assert_eq!(effects[0], Effect::ShowConflict { at: "t8".into() });
}

#[test]
fn a_late_removal_event_after_the_draft_was_stored_again_is_harmless() {
    let mut m = opened();
    m.step(Input::SaveNow);
    m.step(Input::Checked { found: Found::Missing, ours: &1 });
    m.step(Input::WriteSucceeded { at: "t4".into() });
    m.step(Input::Edited(&2));
    assert_eq!(m.step(Input::KeyRemoved), vec![Effect::CancelTimer, check("d")]);
    // What storage holds is this tab's own rev 4: write the waiting edit over it.
    assert_eq!(
        m.step(Input::Checked { found: draft(4, 1, "t4"), ours: &2 }),
        vec![write("d", 5, 2)]
    );
    assert_eq!(m.step(Input::WriteSucceeded { at: "t5".into() }), vec![saved("t5")]);
    // Without an edit waiting: nothing to write.
    m.step(Input::StorageCleared);
    assert_eq!(m.step(Input::Checked { found: draft(5, 2, "t5"), ours: &2 }), vec![]);
}

#[test]
fn load_theirs_puts_their_version_in_the_editor_and_confirms_it_is_stored() {
    let mut m = in_conflict();
    assert_eq!(
        m.step(Input::LoadTheirs),
        vec![
            Effect::ClearConflict,
            Effect::Load(7),
            Effect::Tell(Notice::LoadedTheirs),
            check("d")
        ]
    );
    assert_eq!(m.step(Input::Checked { found: draft(5, 7, "t5"), ours: &7 }), vec![saved("t5")]);
    assert_eq!(m.step(Input::Edited(&7)), vec![]);
    assert_eq!(m.step(Input::LoadTheirs), vec![], "no conflict any more");
}

#[test]
fn load_theirs_when_theirs_is_gone_stores_it_again() {
    let mut m = in_conflict();
    m.step(Input::LoadTheirs);
    assert_eq!(m.step(Input::Checked { found: Found::Missing, ours: &7 }), vec![write("d", 6, 7)]);
    assert_eq!(
        m.step(Input::WriteSucceeded { at: "t6".into() }),
        vec![saved("t6"), Effect::Tell(Notice::RemovedSavedAgain)]
    );
}

#[test]
fn load_theirs_when_theirs_changed_again_shows_the_newer_one() {
    let mut m = in_conflict();
    m.step(Input::LoadTheirs);
    assert_eq!(
        m.step(Input::Checked { found: draft(6, 8, "t6"), ours: &7 }),
        vec![Effect::ShowConflict { at: "t6".into() }]
    );
    assert_eq!(m.save_state(), &SaveState::Failed(CONFLICT.into()));
}

#[test]
fn keep_mine_stores_this_tabs_plan_as_a_new_draft() {
    let mut m = in_conflict();
    assert_eq!(m.step(Input::KeepMine { id: "c".into() }), vec![Effect::ClearConflict, check("c")]);
    assert_eq!(m.id(), "c");
    assert_eq!(m.step(Input::Checked { found: Found::Missing, ours: &2 }), vec![write("c", 1, 2)]);
    assert_eq!(m.step(Input::WriteSucceeded { at: "t6".into() }), vec![saved("t6")]);
    assert_eq!(m.step(Input::KeepMine { id: "x".into() }), vec![], "no conflict any more");
}

#[test]
fn opening_a_draft_drops_the_timer_and_the_conflict() {
    let mut m = opened();
    m.step(Input::Edited(&2));
    let opened_e = Input::Opened { id: "e".into(), version: version(2, 4, "t2") };
    assert_eq!(m.step(opened_e), vec![Effect::CancelTimer, saved("t2")]);
    assert_eq!(m.id(), "e");
    let mut m = in_conflict();
    let opened_e = Input::Opened { id: "e".into(), version: version(2, 4, "t2") };
    assert_eq!(m.step(opened_e), vec![Effect::ClearConflict, saved("t2")]);
    assert_eq!(m.step(Input::Edited(&4)), vec![]);
}

#[test]
fn a_started_draft_is_stored_after_the_pause_or_a_flush() {
    // After the pause, as an edit.
    let mut m = opened();
    assert_eq!(
        m.step(Input::Started { id: "s".into() }),
        vec![Effect::StartTimer, Effect::SetSaveState(SaveState::Saving)]
    );
    assert_eq!(m.id(), "s");
    assert_eq!(m.unsaved(&5), Some(Unsaved::NotStored("it has not been saved yet".into())));
    assert_eq!(m.step(Input::TimerFired), vec![check("s")]);
    assert_eq!(m.step(Input::Checked { found: Found::Missing, ours: &5 }), vec![write("s", 1, 5)]);
    assert_eq!(m.step(Input::WriteSucceeded { at: "t1".into() }), vec![saved("t1")]);
    assert_eq!(m.unsaved(&5), None);
    // Before it, when the page is hidden or the draft left: stored at once, under its own id.
    let mut m = opened();
    m.step(Input::Started { id: "s".into() });
    assert_eq!(m.step(Input::Flush { ours: &5 }), vec![Effect::CancelTimer, check("s")]);
    assert_eq!(m.step(Input::Checked { found: Found::Missing, ours: &5 }), vec![write("s", 1, 5)]);
    assert_eq!(m.step(Input::TimerFired), vec![], "the timer was dropped");
    // Started while a timer ran for the draft before: that timer is restarted for this one.
    let mut m = opened();
    m.step(Input::Edited(&2));
    assert_eq!(
        m.step(Input::Started { id: "s".into() }),
        vec![Effect::CancelTimer, Effect::StartTimer]
    );
}

// ---- may the editor be replaced? ----

#[test]
fn a_stored_plan_may_be_replaced_and_an_unsaved_one_may_not() {
    let mut m = opened();
    assert_eq!(m.unsaved(&1), None, "as opened");
    m.step(Input::Edited(&2));
    assert_eq!(m.unsaved(&2), Some(Unsaved::NotStored("it has not been saved yet".into())));
    // The binding flushes first: then it is stored.
    m.step(Input::Flush { ours: &2 });
    m.step(Input::Checked { found: draft(3, 1, "t3"), ours: &2 });
    m.step(Input::WriteSucceeded { at: "t4".into() });
    assert_eq!(m.unsaved(&2), None);
    assert_eq!(
        m.unsaved(&3),
        Some(Unsaved::NotStored("it has not been saved yet".into())),
        "an edit the autosave has not seen"
    );
}

#[test]
fn a_failed_write_keeps_the_editor_until_the_plan_is_downloaded_or_stored() {
    let mut m = opened();
    m.step(Input::Edited(&2));
    m.step(Input::Flush { ours: &2 });
    m.step(Input::Checked { found: draft(3, 1, "t3"), ours: &2 });
    let why = "browser storage is full (9 KB would not fit)";
    m.step(Input::WriteFailed { why: why.into() });
    assert_eq!(m.unsaved(&2), Some(Unsaved::NotStored(why.into())));
    assert_eq!(
        Unsaved::NoStorage("blocked".into()).text(),
        "This draft is not kept: browser storage is unavailable (blocked). Download Markdown first to keep it in a file, then try again."
    );
    assert_eq!(
        Unsaved::NotStored(why.into()).text(),
        "This draft is not saved: browser storage is full (9 KB would not fit). Keep it in a file first (Download Markdown or Export backup), then try again."
    );
    // Downloaded: that plan is kept, and nothing else changes.
    assert_eq!(m.step(Input::KeptInFile(&2)), vec![]);
    assert_eq!(m.unsaved(&2), None);
    assert_eq!(m.save_state(), &SaveState::Failed(why.into()), "still not stored");
    // A later edit is not in the file.
    assert_eq!(m.unsaved(&3), Some(Unsaved::NotStored(why.into())));
    // Back to what is stored: nothing to lose.
    assert_eq!(m.unsaved(&1), None);
    // Room again: the next flush stores it.
    m.step(Input::Flush { ours: &3 });
    m.step(Input::Checked { found: draft(3, 1, "t3"), ours: &3 });
    m.step(Input::WriteSucceeded { at: "t4".into() });
    assert_eq!(m.unsaved(&3), None);
}

#[test]
fn a_conflict_keeps_the_editor_until_the_user_chooses() {
    let mut m = in_conflict();
    assert_eq!(m.unsaved(&2), Some(Unsaved::Conflict));
    assert_eq!(m.unsaved(&1), Some(Unsaved::Conflict), "what this tab had stored is overwritten");
    assert_eq!(
        Unsaved::Conflict.text(),
        "This draft is not saved: another tab changed it. Choose Load theirs or Keep mine as a copy first."
    );
    m.step(Input::Flush { ours: &2 });
    assert_eq!(m.unsaved(&2), Some(Unsaved::Conflict), "a flush changes nothing");
    // Keep mine: stored as a copy.
    let mut keep = in_conflict();
    keep.step(Input::KeepMine { id: "c".into() });
    keep.step(Input::Checked { found: Found::Missing, ours: &2 });
    keep.step(Input::WriteSucceeded { at: "t6".into() });
    assert_eq!(keep.unsaved(&2), None);
    // Keep mine, but the copy cannot be written.
    let mut full = in_conflict();
    full.step(Input::KeepMine { id: "c".into() });
    full.step(Input::Checked { found: Found::Missing, ours: &2 });
    full.step(Input::WriteFailed { why: "full".into() });
    assert_eq!(full.unsaved(&2), Some(Unsaved::NotStored("full".into())));
    // Load theirs: the editor holds what is stored.
    m.step(Input::LoadTheirs);
    m.step(Input::Checked { found: draft(5, 7, "t5"), ours: &7 });
    assert_eq!(m.unsaved(&7), None);
    // Downloaded while the conflict is shown: kept in a file.
    let mut file = in_conflict();
    file.step(Input::KeptInFile(&2));
    assert_eq!(file.unsaved(&2), None);
}

#[test]
fn a_blank_editor_may_always_be_replaced() {
    let mut m = opened();
    m.step(Input::Started { id: "s".into() });
    m.step(Input::TimerFired);
    m.step(Input::Checked { found: Found::Missing, ours: &BLANK });
    m.step(Input::WriteFailed { why: "full".into() });
    assert_eq!(m.unsaved(&BLANK), None, "nothing to lose");
    assert_eq!(m.unsaved(&4), Some(Unsaved::NotStored("full".into())));
    // A new machine holds a blank, never stored plan.
    let m = Autosave::new("n".into(), BLANK);
    assert_eq!(m.unsaved(&BLANK), None);
    assert_eq!(m.unsaved(&4), Some(Unsaved::NotStored("it has not been saved yet".into())));
}

#[test]
fn a_started_draft_whose_first_write_fails_is_kept() {
    // An import: a new draft holding a plan never stored.
    let mut m = opened();
    m.step(Input::Started { id: "s".into() });
    assert_eq!(m.unsaved(&5), Some(Unsaved::NotStored("it has not been saved yet".into())));
    m.step(Input::Flush { ours: &5 });
    m.step(Input::Checked { found: Found::Missing, ours: &5 });
    m.step(Input::WriteFailed { why: "full".into() });
    assert_eq!(m.unsaved(&5), Some(Unsaved::NotStored("full".into())));
}

#[test]
fn a_draft_taken_over_by_a_newer_version_is_not_stored_any_more() {
    let mut m = opened();
    m.step(Input::SaveNow);
    let why = "a newer version of this editor (schema 9) saved it";
    m.step(Input::Checked { found: Found::Untouchable(why.into()), ours: &1 });
    // This tab's plan is what it had stored, but storage holds something else now.
    assert_eq!(m.unsaved(&1), Some(Unsaved::NotStored(why.into())));
    assert_eq!(m.step(Input::Flush { ours: &1 }), vec![check("d")], "tried again");
}

#[test]
fn the_texts_are_word_for_word() {
    assert_eq!(SaveState::Idle.text(), "Drafts are saved in this browser as you type");
    assert_eq!(SaveState::Saving.text(), "Saving…");
    assert_eq!(SaveState::Saved("10:04:05".into()).text(), "Saved 10:04:05");
    assert_eq!(
        SaveState::Unavailable("blocked".into()).text(),
        "Drafts will not be kept: browser storage is unavailable (blocked). Download Markdown to keep your work."
    );
    assert_eq!(SaveState::Saving.class(), "save-state pending");
    assert_eq!(SaveState::Failed("x".into()).class(), "save-state bad");
    assert_eq!(
        Notice::RemovedSavedAgain.text(),
        "This draft had been removed from browser storage (by another tab or the browser); it was saved again."
    );
    assert_eq!(
        Notice::ClearedSavedAgain.text(),
        "Browser storage was cleared in another tab; this draft was saved again."
    );
    assert_eq!(
        Notice::RemovedHereSavedAgain.text(),
        "This draft was removed in another tab; it was saved again here."
    );
    assert_eq!(Notice::LoadedTheirs.text(), "Loaded the version saved in the other tab.");
}

// ---- the model: one localStorage, two tabs ----

const TABS: usize = 2;

/// A storage event on its way to a tab.
#[derive(Clone, Debug)]
enum Event {
    Cleared,
    Changed { id: String, removed: bool },
}

struct Tab {
    machine: Autosave<Plan>,
    /// What the binding knows: the draft id, the editor, the timer, the banner, the header.
    id: String,
    editor: Plan,
    /// An edit the settled-plan effect has not seen yet.
    settle: bool,
    timer: bool,
    conflict: Option<String>,
    state: SaveState,
    inbox: VecDeque<Event>,
}

struct World {
    storage: BTreeMap<String, Version<Plan>>,
    /// Every write fails, as with a full quota.
    full: bool,
    tabs: Vec<Tab>,
    clock: u64,
    ids: u64,
    /// Drafts the browser removed without telling any tab (no storage event).
    evicted: BTreeSet<String>,
    /// Plans downloaded as files (kept outside the browser).
    files: BTreeSet<Plan>,
    /// Actions that would have replaced the editor but were refused: its plan was not kept.
    refused: usize,
    /// Editors replaced whose plan was kept only in a downloaded file.
    replaced_from_file: usize,
    /// Every notice told, and every conflict shown, for the coverage test.
    told: Vec<Notice>,
    conflicts: usize,
}

#[derive(Clone, Debug)]
enum Op {
    /// The user types: the editor changes, the settled-plan effect runs later.
    Edit(usize, Plan),
    Settle(usize),
    /// The autosave timer runs out.
    Fire(usize),
    /// The page is hidden (or left).
    Hide(usize),
    /// Ctrl+S.
    SaveNow(usize),
    /// The oldest storage event waiting for this tab arrives.
    Deliver(usize),
    /// A third tab clears storage.
    Clear,
    /// A third tab removes this tab's draft key.
    Remove(usize),
    /// The browser drops this tab's draft without an event.
    Evict(usize),
    /// A third tab saves this tab's draft (rev + 1), as a trash move or another editor does.
    OtherWrite(usize, Plan),
    /// The quota fills up, or frees up.
    Full(bool),
    /// The tab opens the draft another tab edits (or its own, again).
    Open(usize, usize),
    /// New draft.
    New(usize),
    /// A plan opened as a new draft: an import, a shared link, a duplicate.
    Import(usize, Plan),
    /// Download Markdown: the editor's plan is kept in a file.
    Download(usize),
    LoadTheirs(usize),
    KeepMine(usize),
}

fn any_op() -> impl Strategy<Value = Op> {
    let tab = || 0..TABS;
    // Few plans, so that tabs often hold the same one.
    let plan = || 1..4u8;
    prop_oneof![
        6 => (tab(), plan()).prop_map(|(t, p)| Op::Edit(t, p)),
        4 => tab().prop_map(Op::Settle),
        4 => tab().prop_map(Op::Fire),
        2 => tab().prop_map(Op::Hide),
        1 => tab().prop_map(Op::SaveNow),
        6 => tab().prop_map(Op::Deliver),
        1 => Just(Op::Clear),
        1 => tab().prop_map(Op::Remove),
        1 => tab().prop_map(Op::Evict),
        2 => (tab(), plan()).prop_map(|(t, p)| Op::OtherWrite(t, p)),
        2 => any::<bool>().prop_map(Op::Full),
        2 => (tab(), tab()).prop_map(|(t, u)| Op::Open(t, u)),
        1 => tab().prop_map(Op::New),
        1 => (tab(), plan()).prop_map(|(t, p)| Op::Import(t, p)),
        1 => tab().prop_map(Op::Download),
        2 => tab().prop_map(Op::LoadTheirs),
        2 => tab().prop_map(Op::KeepMine),
    ]
}

impl World {
    fn new() -> World {
        let tabs = (0..TABS)
            .map(|t| {
                let id = format!("fresh{t}");
                Tab {
                    machine: Autosave::new(id.clone(), BLANK),
                    id,
                    editor: BLANK,
                    settle: false,
                    timer: false,
                    conflict: None,
                    state: SaveState::Idle,
                    inbox: VecDeque::new(),
                }
            })
            .collect();
        World {
            storage: BTreeMap::new(),
            full: false,
            tabs,
            clock: 0,
            ids: 0,
            evicted: BTreeSet::new(),
            files: BTreeSet::new(),
            refused: 0,
            replaced_from_file: 0,
            told: Vec::new(),
            conflicts: 0,
        }
    }

    fn now(&mut self) -> String {
        self.clock += 1;
        format!("t{}", self.clock)
    }

    fn fresh_id(&mut self) -> String {
        self.ids += 1;
        format!("d{}", self.ids)
    }

    /// Storage events go to every tab but the one that made the change.
    fn tell_tabs(&mut self, except: Option<usize>, event: &Event) {
        for (t, tab) in self.tabs.iter_mut().enumerate() {
            if Some(t) != except {
                tab.inbox.push_back(event.clone());
            }
        }
    }

    fn feed(&mut self, t: usize, input: Input<'_, Plan>) {
        let effects = self.tabs[t].machine.step(input);
        for effect in effects {
            self.perform(t, effect);
        }
    }

    /// What the binding does with each effect.
    fn perform(&mut self, t: usize, effect: Effect<Plan>) {
        match effect {
            Effect::StartTimer => self.tabs[t].timer = true,
            Effect::CancelTimer => {
                assert!(self.tabs[t].timer, "tab {t} drops a timer that does not run");
                self.tabs[t].timer = false;
            }
            Effect::CheckStored { id } => {
                assert_eq!(id, self.tabs[t].id, "tab {t} checks another draft");
                let found = self.storage.get(&id).cloned().map_or(Found::Missing, Found::Draft);
                let ours = self.tabs[t].editor;
                self.feed(t, Input::Checked { found, ours: &ours });
            }
            Effect::Write { id, rev, plan } => {
                assert_eq!(id, self.tabs[t].id, "tab {t} writes another draft");
                assert_eq!(
                    plan, self.tabs[t].editor,
                    "tab {t} writes what its editor does not hold"
                );
                // (b) Never over another tab's save: only over the rev this tab knows, or nothing.
                if let Some(stored) = self.storage.get(&id) {
                    assert_eq!(
                        stored.rev + 1,
                        rev,
                        "tab {t} writes rev {rev} of {id} over rev {} (plan {}) that it has not seen",
                        stored.rev,
                        stored.plan
                    );
                }
                if self.full {
                    self.feed(t, Input::WriteFailed { why: "browser storage is full".into() });
                } else {
                    let at = self.now();
                    self.storage.insert(id.clone(), Version { rev, plan, at: at.clone() });
                    self.evicted.remove(&id);
                    self.tell_tabs(Some(t), &Event::Changed { id, removed: false });
                    self.feed(t, Input::WriteSucceeded { at });
                }
            }
            Effect::Load(plan) => {
                self.tabs[t].editor = plan;
                self.tabs[t].settle = true;
            }
            Effect::ShowConflict { at } => {
                self.conflicts += 1;
                self.tabs[t].conflict = Some(at);
            }
            Effect::ClearConflict => {
                assert!(self.tabs[t].conflict.is_some(), "tab {t} clears a conflict never shown");
                self.tabs[t].conflict = None;
            }
            Effect::SetSaveState(state) => {
                assert_ne!(state, self.tabs[t].state, "tab {t}: only changes are reported");
                self.tabs[t].state = state;
            }
            Effect::Tell(notice) => {
                if notice != Notice::LoadedTheirs {
                    // "… it was saved again": it must be true.
                    let tab = &self.tabs[t];
                    assert_eq!(
                        self.storage.get(&tab.id).map(|v| v.plan),
                        Some(tab.editor),
                        "tab {t} says {notice:?} but storage does not hold its plan"
                    );
                }
                self.told.push(notice);
            }
        }
    }

    fn deliver(&mut self, t: usize) {
        let Some(event) = self.tabs[t].inbox.pop_front() else { return };
        match event {
            Event::Cleared => self.feed(t, Input::StorageCleared),
            Event::Changed { id, removed } if id == self.tabs[t].id => {
                if removed {
                    self.feed(t, Input::KeyRemoved);
                } else if let Some(theirs) = self.storage.get(&id).cloned() {
                    // The binding reads what is stored now, not what the event carried.
                    let ours = self.tabs[t].editor;
                    self.feed(t, Input::TheirSave { theirs, ours: &ours });
                }
            }
            Event::Changed { .. } => {}
        }
    }

    fn flush(&mut self, t: usize) {
        let ours = self.tabs[t].editor;
        self.feed(t, Input::Flush { ours: &ours });
    }

    /// The binding's guard before anything replaces the editor's plan: flush, then ask the
    /// machine. Refused: the header or the banner already says why, and the plan stays.
    /// Allowed: the latest edit is not lost.
    fn leave(&mut self, t: usize) -> bool {
        self.flush(t);
        let tab = &self.tabs[t];
        if let Some(why) = tab.machine.unsaved(&tab.editor) {
            match why {
                Unsaved::Conflict => assert!(tab.conflict.is_some(), "tab {t}: no banner"),
                Unsaved::NotStored(why) => {
                    assert_eq!(tab.state, SaveState::Failed(why), "tab {t}: the header")
                }
                Unsaved::NoStorage(_) => panic!("tab {t}: the machine never says NoStorage"),
            }
            self.refused += 1;
            return false;
        }
        assert!(
            !matches!(tab.state, SaveState::Saving | SaveState::Unavailable(_)),
            "tab {t} leaves in state {:?}",
            tab.state
        );
        // Stored, unless another tab changed it and the event is still on its way: then this
        // tab's version was stored and the other tab saved over it knowingly.
        let news = tab.inbox.iter().any(|e| match e {
            Event::Cleared => true,
            Event::Changed { id, .. } => *id == tab.id,
        });
        let in_file = self.files.contains(&tab.editor);
        assert!(
            tab.editor == BLANK || self.stored(t) || news || in_file,
            "tab {t} replaces its editor's plan {} ({:?}), which is neither stored nor downloaded",
            tab.editor,
            tab.state
        );
        if !(tab.editor == BLANK || self.stored(t) || news) {
            self.replaced_from_file += 1;
        }
        true
    }

    fn apply(&mut self, op: &Op) {
        match *op {
            Op::Edit(t, plan) => {
                self.tabs[t].editor = plan;
                self.tabs[t].settle = true;
            }
            Op::Settle(t) => {
                if std::mem::take(&mut self.tabs[t].settle) {
                    let ours = self.tabs[t].editor;
                    self.feed(t, Input::Edited(&ours));
                }
            }
            Op::Fire(t) => {
                if std::mem::take(&mut self.tabs[t].timer) {
                    self.feed(t, Input::TimerFired);
                }
            }
            Op::Hide(t) => self.flush(t),
            Op::SaveNow(t) => self.feed(t, Input::SaveNow),
            Op::Deliver(t) => self.deliver(t),
            Op::Clear => {
                self.storage.clear();
                self.tell_tabs(None, &Event::Cleared);
            }
            Op::Remove(t) => {
                let id = self.tabs[t].id.clone();
                if self.storage.remove(&id).is_some() {
                    self.tell_tabs(None, &Event::Changed { id, removed: true });
                }
            }
            Op::Evict(t) => {
                let id = self.tabs[t].id.clone();
                if self.storage.remove(&id).is_some() {
                    self.evicted.insert(id);
                }
            }
            Op::OtherWrite(t, plan) => {
                let id = self.tabs[t].id.clone();
                let rev = self.storage.get(&id).map_or(1, |v| v.rev + 1);
                if !self.full {
                    let at = self.now();
                    self.storage.insert(id.clone(), Version { rev, plan, at });
                    self.evicted.remove(&id);
                    self.tell_tabs(None, &Event::Changed { id, removed: false });
                }
            }
            Op::Full(full) => self.full = full,
            Op::Open(t, u) => {
                let id = self.tabs[u].id.clone();
                if !self.leave(t) {
                    return;
                }
                if let Some(version) = self.storage.get(&id).cloned() {
                    self.tabs[t].editor = version.plan;
                    self.tabs[t].settle = true;
                    self.tabs[t].id = id.clone();
                    self.feed(t, Input::Opened { id, version });
                }
            }
            Op::New(t) => self.start(t, BLANK),
            Op::Import(t, plan) => self.start(t, plan),
            Op::Download(t) => {
                let ours = self.tabs[t].editor;
                self.files.insert(ours);
                self.feed(t, Input::KeptInFile(&ours));
            }
            Op::LoadTheirs(t) => {
                if self.tabs[t].conflict.is_some() {
                    self.feed(t, Input::LoadTheirs);
                }
            }
            Op::KeepMine(t) => {
                if self.tabs[t].conflict.is_some() {
                    let id = self.fresh_id();
                    self.tabs[t].id = id.clone();
                    self.feed(t, Input::KeepMine { id });
                }
            }
        }
    }

    /// A new draft holding `plan`, never stored, replaces the editor's (if it may).
    fn start(&mut self, t: usize, plan: Plan) {
        if !self.leave(t) {
            return;
        }
        let id = self.fresh_id();
        self.tabs[t].editor = plan;
        self.tabs[t].settle = true;
        self.tabs[t].id = id.clone();
        self.feed(t, Input::Started { id });
    }

    /// Holds after every step.
    fn check_always(&self) {
        for (t, tab) in self.tabs.iter().enumerate() {
            let m = &tab.machine;
            assert_eq!(m.save_state(), &tab.state, "tab {t}: the header follows the machine");
            assert_eq!(m.timer_pending(), tab.timer, "tab {t}: the timer follows the machine");
            assert_eq!(m.in_conflict(), tab.conflict.is_some(), "tab {t}: the banner");
            assert_eq!(m.id(), tab.id, "tab {t}: the draft id");
            // (c) "Saving…" only while a save is on its way.
            if tab.state == SaveState::Saving {
                assert!(tab.timer, "tab {t} says Saving… with no timer and no write");
            }
            // A conflict is always said in the header; the header never claims one that is not shown.
            let conflict_said = tab.state == SaveState::Failed(CONFLICT.into());
            assert_eq!(tab.conflict.is_some(), conflict_said, "tab {t}: {:?}", tab.state);
        }
    }

    /// Every settle, event and timer, until nothing is left.
    fn quiesce(&mut self) {
        for _ in 0..100 {
            let busy = self.tabs.iter().any(|t| t.settle || t.timer || !t.inbox.is_empty());
            if !busy {
                return;
            }
            for t in 0..TABS {
                while !self.tabs[t].inbox.is_empty() {
                    self.deliver(t);
                }
                self.apply(&Op::Settle(t));
                self.apply(&Op::Fire(t));
                self.check_always();
            }
        }
        panic!("the tabs never settle");
    }

    fn hide_all(&mut self) {
        for t in 0..TABS {
            self.flush(t);
        }
        self.quiesce();
    }

    /// Whether storage holds what tab `t`'s editor holds (or the browser dropped it unseen),
    /// or there is nothing to hold: a blank draft never edited.
    fn stored(&self, t: usize) -> bool {
        let tab = &self.tabs[t];
        self.storage.get(&tab.id).map(|v| v.plan) == Some(tab.editor)
            || self.evicted.contains(&tab.id)
            || (tab.state == SaveState::Idle && tab.editor == BLANK)
    }

    /// (a) At rest, each tab's latest edit is stored, or the tab says it is not saved
    /// (and keeps it in the editor); "Saved" only when it is stored.
    fn check_at_rest(&self) {
        for (t, tab) in self.tabs.iter().enumerate() {
            assert!(!tab.timer);
            match &tab.state {
                SaveState::Saved(_) => {
                    assert!(self.stored(t), "tab {t} says Saved but storage lacks its edit")
                }
                SaveState::Failed(_) => {}
                SaveState::Idle => assert_eq!(tab.editor, BLANK, "tab {t} never saved an edit"),
                other => panic!("tab {t} at rest says {other:?}"),
            }
        }
    }
}

fn run(ops: &[Op]) -> World {
    let mut world = World::new();
    for op in ops {
        world.apply(op);
        world.check_always();
    }
    // Quiet: every edit settled, every event delivered, every timer run, pages hidden.
    world.quiesce();
    world.hide_all();
    world.check_at_rest();
    // Room again: hiding the page saves everything that failed, unless a conflict waits.
    world.full = false;
    world.hide_all();
    world.check_at_rest();
    for t in 0..TABS {
        let tab = &world.tabs[t];
        assert!(
            tab.conflict.is_some() || world.stored(t),
            "tab {t} ({:?}) has an edit that is still not stored once there is room",
            tab.state
        );
    }
    // The user keeps their version wherever a conflict is shown: then every tab's edit is stored.
    for _ in 0..3 {
        for t in 0..TABS {
            world.apply(&Op::KeepMine(t));
        }
        world.quiesce();
    }
    world.hide_all();
    world.check_at_rest();
    for t in 0..TABS {
        assert!(world.tabs[t].conflict.is_none());
        assert!(world.stored(t), "tab {t}: its edit is not stored at the end");
    }
    world
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn no_interleaving_loses_an_edit_or_overwrites_another_tab(
        ops in prop::collection::vec(any_op(), 0..80)
    ) {
        run(&ops);
    }
}

/// The random interleavings do reach the paths that matter.
#[test]
fn the_model_reaches_conflicts_failures_and_rewrites() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut conflicts, mut failures, mut refused, mut from_file, mut told) =
        (0, 0, 0, 0, Vec::new());
    for _ in 0..300 {
        let ops = prop::collection::vec(any_op(), 40..80).new_tree(&mut runner).unwrap().current();
        let mut world = World::new();
        for op in &ops {
            world.apply(op);
            let failed =
                |tab: &Tab| matches!(&tab.state, SaveState::Failed(why) if why != CONFLICT);
            failures += world.tabs.iter().filter(|tab| failed(tab)).count();
        }
        conflicts += world.conflicts;
        refused += world.refused;
        from_file += world.replaced_from_file;
        told.extend(world.told);
    }
    assert!(conflicts > 100, "{conflicts} conflicts");
    assert!(failures > 100, "{failures} failed states");
    for notice in [
        Notice::RemovedSavedAgain,
        Notice::ClearedSavedAgain,
        Notice::RemovedHereSavedAgain,
        Notice::LoadedTheirs,
    ] {
        assert!(told.contains(&notice), "never told {notice:?}");
    }
    // Opening another draft, New or an import while the header says "Not saved" is refused;
    // once the plan is downloaded, it goes ahead.
    assert!(refused > 100, "{refused} refusals");
    assert!(from_file > 0, "{from_file} editors replaced after a download");
}

#[test]
fn two_tabs_editing_the_same_draft() {
    // Tab 0 saves; tab 1 opens the draft and saves a change; tab 0 then sees a conflict.
    let world = run(&[
        Op::Edit(0, 1),
        Op::Settle(0),
        Op::Fire(0),
        Op::Open(1, 0),
        Op::Edit(1, 2),
        Op::Settle(1),
        Op::Fire(1),
        Op::Edit(0, 3),
        Op::Settle(0),
        Op::Deliver(0),
    ]);
    // Keep mine made a copy: both versions are stored.
    let plans: BTreeSet<Plan> = world.storage.values().map(|v| v.plan).collect();
    assert!(plans.contains(&2) && plans.contains(&3), "{plans:?}");
}
