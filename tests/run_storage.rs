//! The stored form of a run and the rule that no tab writes over another tab's newer state.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test panics")]

use deployment_plan_editor::plan::example_plan;
use deployment_plan_editor::plan::run::{Action, Phase, Run};
use deployment_plan_editor::storage::runs::*;

fn run() -> Run {
    Run::start("r1", "d1", &example_plan(), "2026-11-27T10:00:00Z")
}

#[test]
fn a_run_reads_back_as_written() {
    let mut r = run();
    r.apply(Action::Start(Phase::Deploy, 0), "2026-11-27T10:01:00Z").unwrap();
    assert_eq!(decode_run(&encode_run(&r)).unwrap(), r);
    assert_eq!(run_id(&run_key("r1")), Some("r1"));
    assert_eq!(run_id("deployment-plan-editor:draft:r1"), None);
}

#[test]
fn newer_or_unreadable_values_are_refused_and_never_overwritten() {
    let newer = encode_run(&run()).replacen("\"schema\":1", "\"schema\":9", 1);
    assert!(decode_run(&newer).unwrap_err().contains("newer version"));
    assert!(matches!(decide_write(Some(&newer), 0), RunWrite::Refuse(_)));
    assert!(matches!(decide_write(Some("{oops"), 0), RunWrite::Refuse(_)));
}

#[test]
fn a_tab_writes_only_over_the_state_it_changed() {
    let mine = run();
    let based_on = mine.rev;
    assert_eq!(decide_write(None, based_on), RunWrite::Write);
    assert_eq!(decide_write(Some(&encode_run(&mine)), based_on), RunWrite::Write);
    // Another tab acted first: its state wins, and this tab is told.
    let mut theirs = mine.clone();
    theirs.apply(Action::Done(Phase::Deploy, 0), "2026-11-27T10:02:00Z").unwrap();
    assert_eq!(
        decide_write(Some(&encode_run(&theirs)), based_on),
        RunWrite::Theirs(Box::new(theirs))
    );
}
