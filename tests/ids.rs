//! Item and revision ids from outside data (stored drafts, backups, share links): whatever
//! they hold, the editor gets unique ids that new ones can follow, and the content is kept.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test panics")]

mod common;

use common::any_plan;
use deployment_plan_editor::plan::model::MAX_ID;
use deployment_plan_editor::plan::*;
use deployment_plan_editor::storage::schema::{decode, encode, Decoded, StoredDraft};
use proptest::prelude::*;

fn ids(plan: &Plan) -> Vec<u64> {
    ListId::ALL
        .iter()
        .flat_map(|&l| plan.list(l).iter().map(|i| i.id))
        .chain(plan.revisions.iter().map(|r| r.id))
        .collect()
}

/// The plan with every id set to 0: what must not change when ids are made sound.
fn content(plan: &Plan) -> Plan {
    let mut p = plan.clone();
    for l in ListId::ALL {
        p.list_mut(l).iter_mut().for_each(|i| i.id = 0);
    }
    p.revisions.iter_mut().for_each(|r| r.id = 0);
    p
}

/// Ids as outside data may hold them: repeats, zero, the largest values.
fn any_id() -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(0),
        Just(1),
        Just(2),
        Just(u64::MAX),
        Just(u64::MAX - 1),
        Just(MAX_ID),
        Just(MAX_ID + 1),
        any::<u64>()
    ]
}

#[test]
fn repeated_or_huge_ids_are_renumbered_and_sound_ones_kept() {
    let mut plan = example_plan();
    assert!(plan.ids_sound());
    assert_eq!(plan.clone().with_sound_ids(), plan, "sound ids are kept as they are");
    plan.steps[1].id = plan.steps[0].id;
    assert!(!plan.ids_sound());
    let fixed = plan.clone().with_sound_ids();
    assert!(fixed.ids_sound());
    assert_eq!(content(&fixed), content(&plan));
    plan = example_plan();
    plan.scope[0].id = u64::MAX;
    let fixed = plan.clone().with_sound_ids();
    assert!(fixed.max_id() < MAX_ID, "a new id (max + 1) cannot overflow");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// A stored draft with any ids at all loads with unique, small ids and the same content.
    #[test]
    fn any_stored_ids_load_unique(plan in any_plan(), picks in prop::collection::vec(any_id(), 64)) {
        let mut plan = plan;
        let mut next = picks.into_iter().cycle();
        for l in ListId::ALL {
            plan.list_mut(l).iter_mut().for_each(|i| i.id = next.next().unwrap());
        }
        plan.revisions.iter_mut().for_each(|r| r.id = next.next().unwrap());
        let raw = encode(&StoredDraft::new("d".into(), plan.clone(), "2026-11-27T10:00:00Z".into()));
        let Decoded::Draft(draft) = decode(&raw, "d") else { panic!("a stored draft decodes") };
        let loaded = draft.plan.with_sound_ids();
        let mut seen = ids(&loaded);
        let count = seen.len();
        seen.sort_unstable();
        seen.dedup();
        prop_assert_eq!(seen.len(), count, "ids are unique");
        prop_assert!(loaded.max_id() <= MAX_ID);
        prop_assert!(loaded.ids_sound());
        prop_assert_eq!(content(&loaded), content(&plan));
    }

    /// Sound means distinct and at most `MAX_ID`, whatever shortcut checks it (ascending ids,
    /// as the importer gives them, skip the set).
    #[test]
    fn sound_means_distinct_and_small(plan in any_plan(), picks in prop::collection::vec(any_id(), 64), ascending in any::<bool>()) {
        let mut plan = plan;
        let mut next = picks.into_iter().cycle();
        let mut counter = 0u64;
        let mut id = || if ascending { counter += 1; counter } else { next.next().unwrap() };
        for l in ListId::ALL {
            plan.list_mut(l).iter_mut().for_each(|i| i.id = id());
        }
        plan.revisions.iter_mut().for_each(|r| r.id = id());
        let all: Vec<u64> = plan.all_ids().collect();
        let mut distinct = all.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let expected = distinct.len() == all.len() && all.iter().all(|&i| i <= MAX_ID);
        prop_assert_eq!(plan.ids_sound(), expected, "{:?}", all);
    }
}
