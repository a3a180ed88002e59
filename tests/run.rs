//! Native tests of running a plan: the state machine's legal and illegal transitions, a
//! rollback after a failure, finishing, and the record (a golden file, with fixed times).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test panics")]

use deployment_plan_editor::plan::run::*;
use deployment_plan_editor::plan::*;
use proptest::prelude::*;

fn t(minute: u32) -> String {
    format!("2026-11-27T10:{minute:02}:00Z")
}

fn started() -> Run {
    Run::start("run-1", "draft-1", &example_plan(), &t(0))
}

#[test]
fn a_run_is_a_snapshot_of_the_plan() {
    let mut plan = example_plan();
    let run = Run::start("r", "d", &plan, &t(0));
    plan.steps.clear();
    assert_eq!(run.plan, example_plan());
    assert_eq!(run.steps.len(), 5);
    assert_eq!(run.preconditions, vec![false; 3]);
    assert_eq!(run.checks, vec![None; 3]);
    assert_eq!(run.events[0].text, "Run started: Authentication service 3.4.0");
}

#[test]
fn steps_go_from_pending_to_running_to_done() {
    let mut run = started();
    run.apply(Action::Start(Phase::Deploy, 0), &t(1)).unwrap();
    assert_eq!(run.steps[0].state, StepState::Running);
    assert_eq!(run.steps[0].started.as_deref(), Some(t(1).as_str()));
    run.apply(Action::Note(Phase::Deploy, 0, "took longer".into()), &t(2)).unwrap();
    run.apply(Action::Done(Phase::Deploy, 0), &t(3)).unwrap();
    assert_eq!(run.steps[0].state, StepState::Done);
    assert_eq!(run.steps[0].ended.as_deref(), Some(t(3).as_str()));
    assert_eq!(run.events.last().unwrap().note, "took longer");
    // Done without Start: started and ended at once. Skip only from pending.
    run.apply(Action::Done(Phase::Deploy, 1), &t(4)).unwrap();
    assert_eq!(run.steps[1].started, run.steps[1].ended);
    run.apply(Action::Skip(Phase::Deploy, 2), &t(5)).unwrap();
    assert_eq!(run.steps[2].started, None);
}

#[test]
fn illegal_transitions_are_refused_and_change_nothing() {
    let mut run = started();
    run.apply(Action::Done(Phase::Deploy, 0), &t(1)).unwrap();
    for action in [
        Action::Start(Phase::Deploy, 0),
        Action::Done(Phase::Deploy, 0),
        Action::Skip(Phase::Deploy, 0),
        Action::Start(Phase::Deploy, 9),
        Action::Start(Phase::Rollback, 0),
        Action::Check(7, true),
        Action::Precondition(7, true),
        Action::StartRollback("  ".into()),
    ] {
        let before = run.clone();
        assert!(run.apply(action.clone(), &t(2)).is_err(), "{action:?}");
        assert_eq!(run, before);
    }
    run.apply(Action::Start(Phase::Deploy, 1), &t(3)).unwrap();
    let error = run.apply(Action::Finish(Outcome::Succeeded), &t(4)).unwrap_err();
    assert!(error.contains("still running"), "{error}");
}

#[test]
fn a_failed_step_then_the_rollback_then_finished() {
    let mut run = started();
    run.apply(Action::Precondition(0, true), &t(0)).unwrap();
    run.apply(Action::Done(Phase::Deploy, 0), &t(1)).unwrap();
    run.apply(Action::Start(Phase::Deploy, 1), &t(2)).unwrap();
    assert_eq!(run.suggested_outcome(), Outcome::Succeeded);
    run.apply(Action::Fail(Phase::Deploy, 1), &t(3)).unwrap();
    assert_eq!(run.suggested_outcome(), Outcome::Failed);
    run.apply(Action::Start(Phase::Deploy, 2), &t(4)).unwrap();
    run.apply(Action::StartRollback("Error rate above 5%".into()), &t(5)).unwrap();
    // The step still running did not finish.
    assert_eq!(run.steps[2].state, StepState::Failed);
    assert!(run.apply(Action::StartRollback("again".into()), &t(5)).is_err());
    run.apply(Action::Start(Phase::Rollback, 0), &t(6)).unwrap();
    run.apply(Action::Done(Phase::Rollback, 0), &t(8)).unwrap();
    run.apply(Action::Check(0, true), &t(9)).unwrap();
    run.apply(Action::RunBy("Jane (on call)".into()), &t(9)).unwrap();
    assert_eq!(run.suggested_outcome(), Outcome::RolledBack);
    assert_eq!(run.not_run(), 2);
    run.apply(Action::Finish(Outcome::RolledBack), &t(10)).unwrap();
    assert_eq!(run.finished, Some((Outcome::RolledBack, t(10))));
    // Finished: nothing more.
    assert!(run.apply(Action::Check(1, true), &t(11)).is_err());
    let row = revision_row(&run).unwrap();
    assert_eq!(
        (row.date.as_str(), row.version.as_str(), row.author.as_str(), row.notes.as_str()),
        ("2026-11-27", "0.0.1", "Jane (on call)", "Deployed: Rolled back")
    );
    assert_eq!(
        record_file_name(&run),
        "deployment-record-authentication-service-3-4-0-2026-11-27.md"
    );
    assert_eq!(record(&run), include_str!("golden/record.md"));
}

#[test]
fn times_and_durations() {
    assert_eq!(epoch_seconds("1970-01-01T00:00:00Z"), Some(0));
    assert_eq!(epoch_seconds("2026-11-27T10:00:00.000Z"), Some(1_795_773_600));
    assert_eq!(
        epoch_seconds("2024-02-29T00:00:01Z").unwrap()
            - epoch_seconds("2024-02-28T00:00:01Z").unwrap(),
        86_400
    );
    assert_eq!(epoch_seconds("yesterday"), None);
    assert_eq!(duration_text(42), "42 s");
    assert_eq!(duration_text(303), "5 min 03 s");
    assert_eq!(duration_text(3900), "1 h 05 min");
}

fn any_action() -> impl Strategy<Value = Action> {
    let phase = prop::sample::select(vec![Phase::Deploy, Phase::Rollback]);
    prop_oneof![
        (0..5usize, any::<bool>()).prop_map(|(i, b)| Action::Precondition(i, b)),
        (phase.clone(), 0..7usize).prop_map(|(p, i)| Action::Start(p, i)),
        (phase.clone(), 0..7usize).prop_map(|(p, i)| Action::Done(p, i)),
        (phase.clone(), 0..7usize).prop_map(|(p, i)| Action::Fail(p, i)),
        (phase.clone(), 0..7usize).prop_map(|(p, i)| Action::Skip(p, i)),
        (phase, 0..7usize, "[a-z|]{0,5}").prop_map(|(p, i, n)| Action::Note(p, i, n)),
        (0..5usize, any::<bool>()).prop_map(|(i, b)| Action::Check(i, b)),
        "[a-z ]{0,5}".prop_map(Action::StartRollback),
        prop::sample::select(Outcome::ALL.to_vec()).prop_map(Action::Finish),
        Just(Action::AddedToHistory),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]
    /// Whatever is done, in any order: a refused action changes nothing; an accepted one only
    /// adds to the record; a done, failed or skipped step never runs again;
    /// after the finish nothing changes; the run survives storage as JSON.
    #[test]
    fn any_sequence_keeps_the_run_sound(actions in prop::collection::vec(any_action(), 0..40)) {
        let mut run = started();
        for (n, action) in actions.into_iter().enumerate() {
            let before = run.clone();
            let result = run.apply(action.clone(), &t((n % 60) as u32));
            match result {
                Err(_) => prop_assert_eq!(&run, &before),
                Ok(()) => {
                    // The record only grows, and what it says stays as it was.
                    prop_assert_eq!(&run.events[..before.events.len()], &before.events[..]);
                    prop_assert!(run.rev >= before.rev);
                    // After the finish only the Revision History mark changes.
                    prop_assert!(before.finished.is_none() || action == Action::AddedToHistory);
                    for (old, new) in before.steps.iter().chain(&before.rollback).zip(run.steps.iter().chain(&run.rollback)) {
                        if matches!(old.state, StepState::Done | StepState::Failed | StepState::Skipped) {
                            prop_assert_eq!(old.state, new.state);
                        }
                    }
                }
            }
        }
        let json = serde_json::to_string(&run).unwrap();
        prop_assert_eq!(serde_json::from_str::<Run>(&json).unwrap(), run);
    }
}

#[test]
fn the_schedule_compares_time_spent_with_what_the_plan_allows() {
    let mut plan = example_plan();
    assert_eq!(schedule(&Run::start("r", "d", &plan, &t(0)), &t(5)), None);
    plan.steps[0].details.duration = "10 min".into();
    plan.steps[1].details.duration = "20 min".into();
    let mut run = Run::start("r", "d", &plan, &t(0));
    let late = |run: &Run, now: u32| schedule(run, &t(now)).map(|s| s.late / 60);
    let s = schedule(&run, &t(0)).unwrap();
    assert_eq!((s.estimate, s.estimated, s.steps), (1800, 2, 5));
    // Nothing started for 20 minutes: 20 behind.
    assert_eq!(late(&run, 20), Some(20));
    run.apply(Action::Start(Phase::Deploy, 0), &t(20)).unwrap();
    // Step 1 running 15 minutes against its 10: 5 more behind.
    assert_eq!(late(&run, 35), Some(25));
    run.apply(Action::Done(Phase::Deploy, 0), &t(35)).unwrap();
    // Skipping step 2 takes no time and allows none.
    run.apply(Action::Skip(Phase::Deploy, 1), &t(35)).unwrap();
    assert_eq!(late(&run, 35), Some(25));
    // Within an estimate, a running step is on time.
    let mut quick = Run::start("q", "d", &plan, &t(0));
    quick.apply(Action::Start(Phase::Deploy, 0), &t(0)).unwrap();
    assert_eq!(late(&quick, 5), Some(0));
    quick.apply(Action::Done(Phase::Deploy, 0), &t(5)).unwrap();
    // Done in 5 of 10 minutes: 5 ahead.
    assert_eq!(late(&quick, 5), Some(-5));
}

#[test]
fn a_finished_run_goes_into_the_revision_history_once() {
    let mut run = started();
    assert!(run.apply(Action::AddedToHistory, &t(1)).is_err());
    run.apply(Action::Finish(Outcome::Succeeded), &t(1)).unwrap();
    run.apply(Action::AddedToHistory, &t(2)).unwrap();
    assert!(run.in_history);
    assert!(run.apply(Action::AddedToHistory, &t(3)).is_err());
}
