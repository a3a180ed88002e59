//! Native tests of every validation rule: a passing and a failing example each.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test panics")]

use deployment_plan_editor::plan::model::items;
use deployment_plan_editor::plan::validate::*;
use deployment_plan_editor::plan::*;
use proptest::prelude::*;

const TODAY: Date = Date { year: 2026, month: 11, day: 27 };

/// A plan with no findings at all.
fn complete() -> Plan {
    Plan {
        title: "Billing service 2.1.0".into(),
        purpose: "Ship invoice batching.".into(),
        scope: items(1, &["Billing API"]),
        preconditions: items(2, &["Migrations tested in staging"]),
        steps: items(3, &["Enable maintenance mode", "Deploy image billing:2.1.0"]),
        validation: items(5, &["GET /health returns 200", "Error rate below 1% for 15 minutes"]),
        rollback: items(
            7,
            &[
                "Redeploy image billing:2.0.3 with the deploy script",
                "Restore the pre-deploy database snapshot",
            ],
        ),
        communications: items(9, &["Post in #releases"]),
        approvers: items(10, &["Release Manager"]),
        reviewers: items(11, &["SRE on call"]),
        approval_date: "2026-11-20".into(),
        owner: "Pat Lee".into(),
        metadata_reviewers: "Operations".into(),
        status: Status::Approved,
        last_updated: "2026-11-21".into(),
        revisions: vec![
            Revision {
                id: 20,
                date: "2026-11-01".into(),
                version: "0.1.0".into(),
                author: "Pat".into(),
                notes: "First draft".into(),
            },
            Revision {
                id: 21,
                date: "2026-11-21".into(),
                version: "1.0.0".into(),
                author: "Pat".into(),
                notes: "Approved".into(),
            },
        ],
        extra: String::new(),
        header: Default::default(),
        added: Vec::new(),
    }
}

fn check(plan: &Plan) -> Vec<Finding> {
    validate(plan, Some(TODAY))
}

fn rules(plan: &Plan) -> Vec<(&'static str, Field)> {
    check(plan).into_iter().map(|f| (f.rule, f.field)).collect()
}

fn with(f: impl FnOnce(&mut Plan)) -> Plan {
    let mut p = complete();
    f(&mut p);
    p
}

#[test]
fn a_complete_plan_has_no_findings() {
    assert_eq!(check(&complete()), vec![]);
    let r = readiness(&complete(), &[]);
    assert_eq!((r.complete, r.total, r.errors, r.warnings), (10, 10, 0, 0));
}

#[test]
fn required_fields() {
    assert_eq!(rules(&with(|p| p.title = "  ".into())), [("title-required", Field::Title)]);
    assert_eq!(rules(&with(|p| p.purpose.clear())), [("purpose-required", Field::Purpose)]);
    assert_eq!(rules(&with(|p| p.owner.clear())), [("owner-required", Field::Owner)]);
    for list in
        [ListId::Scope, ListId::Steps, ListId::Validation, ListId::Rollback, ListId::Approvers]
    {
        assert_eq!(
            rules(&with(|p| p.list_mut(list).clear())),
            [("list-required", Field::List(list))],
            "{list:?}"
        );
    }
    // Preconditions, Communications and Reviewers may be empty.
    for list in [ListId::Preconditions, ListId::Communications, ListId::Reviewers] {
        assert_eq!(rules(&with(|p| p.list_mut(list).clear())), [], "{list:?}");
    }
}

#[test]
fn empty_items_and_cells_are_errors_not_dropped() {
    let p = with(|p| p.steps.push(Item { id: 99, text: " ".into(), ..Item::default() }));
    let f = check(&p);
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].rule, f[0].field), ("item-empty", Field::Item(ListId::Steps, 99)));
    assert_eq!(f[0].message, "Step 3 is empty: fill it in or remove it.");
    let p = with(|p| p.revisions[1].notes.clear());
    assert_eq!(rules(&p), [("revision-cell-empty", Field::Revision(21, Cell::Notes))]);
}

#[test]
fn dates_must_exist() {
    for good in ["2024-02-29", "2000-02-29", "2025-12-31", "2025-01-01", " 2025-06-30 "] {
        assert!(Date::parse(good).is_some(), "{good}");
    }
    for bad in [
        "2025-02-29",
        "1900-02-29",
        "2025-02-30",
        "2025-04-31",
        "2025-13-01",
        "2025-00-10",
        "2025-01-00",
        "2025-1-01",
        "25-01-01",
        "2025/01/01",
        "2025-01-01T00:00",
        "",
        "abcd-ef-gh",
        "０２０２-01-01",
        "0000-01-01",
    ] {
        assert!(Date::parse(bad).is_none(), "{bad}");
    }
    assert_eq!(
        rules(&with(|p| p.approval_date = "2025-02-30".into())),
        [("date-invalid", Field::ApprovalDate)]
    );
    let f = check(&with(|p| p.last_updated = "21/11/2026".into()));
    assert_eq!((f[0].rule, f[0].field), ("date-invalid", Field::LastUpdated));
    assert!(f[0].message.contains("YYYY-MM-DD"));
    assert_eq!(
        rules(&with(|p| p.revisions[0].date = "2026-02-29".into())),
        [("date-invalid", Field::Revision(20, Cell::Date))]
    );
}

#[test]
fn versions_are_semantic_unique_and_increasing() {
    for good in ["1.0.0", "0.0.1", "2.0.0-rc.1", "10.20.30", "1.0.0-alpha+build.5"] {
        assert!(parse_version(good).is_some(), "{good}");
    }
    for bad in ["1.0", "v1.0.0", "1.0.0.0", "01.0.0", "one", ""] {
        assert!(parse_version(bad).is_none(), "{bad}");
    }
    assert_eq!(
        rules(&with(|p| p.revisions[1].version = "1.0".into())),
        [("version-invalid", Field::Revision(21, Cell::Version))]
    );
    assert_eq!(
        rules(&with(|p| p.revisions[1].version = "0.1.0".into())),
        [("version-duplicate", Field::Revision(21, Cell::Version))]
    );
    assert_eq!(
        rules(&with(|p| p.revisions[1].version = "0.1.0-rc.1".into())),
        [("version-order", Field::Revision(21, Cell::Version))]
    );
    // A pre-release of the next version is newer.
    assert_eq!(rules(&with(|p| p.revisions[1].version = "1.0.0-rc.1".into())), []);
}

#[test]
fn revision_dates_in_order_and_last_updated_not_before_them() {
    assert_eq!(
        rules(&with(|p| p.revisions[1].date = "2026-10-01".into())),
        [("revision-date-order", Field::Revision(21, Cell::Date))]
    );
    assert_eq!(
        rules(&with(|p| p.last_updated = "2026-11-20".into())),
        [("last-updated-before-revision", Field::LastUpdated)]
    );
    // Same day is fine.
    assert_eq!(rules(&with(|p| p.revisions[1].date = "2026-11-01".into())), []);
}

#[test]
fn approved_or_active_plans_need_an_approval_date() {
    assert_eq!(
        rules(&with(|p| p.approval_date.clear())),
        [("approval-date-required", Field::ApprovalDate)]
    );
    assert_eq!(
        rules(&with(|p| {
            p.approval_date.clear();
            p.status = Status::Active
        })),
        [("approval-date-required", Field::ApprovalDate)]
    );
    assert_eq!(
        rules(&with(|p| {
            p.approval_date.clear();
            p.status = Status::InReview
        })),
        []
    );
    assert_eq!(
        rules(&with(|p| {
            p.approval_date.clear();
            p.status = Status::Draft
        })),
        []
    );
}

#[test]
fn placeholders_are_errors() {
    assert_eq!(rules(&with(|p| p.owner = "TBD".into())), [("placeholder", Field::Owner)]);
    assert_eq!(
        rules(&with(|p| p.purpose = "todo: write this".into())),
        [("placeholder", Field::Purpose)]
    );
    assert_eq!(
        rules(&with(|p| p.last_updated = "<YYYY-MM-DD>".into())),
        [("placeholder", Field::LastUpdated)]
    );
    assert_eq!(
        rules(&with(|p| p.steps[0].text = "Deploy <...>".into())),
        [("placeholder", Field::Item(ListId::Steps, 3))]
    );
    assert_eq!(
        rules(&with(|p| p.steps[0].text = "1.".into())),
        [("placeholder", Field::Item(ListId::Steps, 3))]
    );
    assert_eq!(
        rules(&with(|p| p.revisions[0].author = "TBD".into())),
        [("placeholder", Field::Revision(20, Cell::Author))]
    );
    // Words that merely contain the letters are fine, and so is HTML-like text.
    for ok in [
        "Outbound queue",
        "Mastodon",
        "Run `make <target>`",
        "<img src=x onerror=alert(1)>",
        "1.5 seconds",
    ] {
        assert_eq!(placeholder_in(ok), None, "{ok}");
    }
}

#[test]
fn warnings() {
    let f = check(&with(|p| p.rollback = items(50, &["Revert if needed"])));
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].rule, f[0].severity, f[0].field),
        ("rollback-vague", Severity::Warning, Field::Item(ListId::Rollback, 50))
    );
    assert_eq!(
        rules(&with(|p| p.validation[0].text = "Everything looks fine".into())),
        [("validation-unmeasurable", Field::Item(ListId::Validation, 5))]
    );
    assert_eq!(
        rules(&with(|p| p.approval_date = "2026-12-01".into())),
        [("approval-date-future", Field::ApprovalDate)]
    );
    assert_eq!(
        rules(&with(|p| p.last_updated = "2027-01-01".into())),
        [("last-updated-future", Field::LastUpdated)]
    );
    assert_eq!(validate(&with(|p| p.last_updated = "2027-01-01".into()), None), []);
    assert_eq!(
        rules(&with(|p| p.approvers[0].text = "pat lee".into())),
        [("approver-is-owner", Field::Item(ListId::Approvers, 10))]
    );
    assert_eq!(
        rules(&with(|p| p.steps[0].text = "word ".repeat(50))),
        [("step-long", Field::Item(ListId::Steps, 3))]
    );
    let r = readiness(
        &with(|p| p.last_updated = "2027-01-01".into()),
        &check(&with(|p| p.last_updated = "2027-01-01".into())),
    );
    assert_eq!((r.complete, r.errors, r.warnings), (10, 0, 1));
}

#[test]
fn the_template_example_has_exactly_the_errors_its_placeholders_deserve() {
    let mut errors: Vec<_> = check(&example_plan())
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.rule, f.field))
        .collect();
    errors.sort_by_key(|e| format!("{e:?}"));
    assert_eq!(
        errors,
        [
            ("approval-date-required", Field::ApprovalDate),
            ("placeholder", Field::LastUpdated),
            ("placeholder", Field::Revision(70, Cell::Author)),
        ]
    );
}

#[test]
fn readiness_counts_sections() {
    let blank = Plan::default();
    let r = readiness(&blank, &check(&blank));
    assert_eq!((r.complete, r.total), (0, 10));
    assert_eq!(r.errors, 8);
    let p = with(|p| p.owner = "TBD".into());
    let r = readiness(&p, &check(&p));
    assert_eq!((r.complete, r.errors), (9, 1));
}

/// Whether `field` is something the form shows for `plan`: an item or revision row that
/// exists, or a fixed field.
fn exists(plan: &Plan, field: Field) -> bool {
    match field {
        Field::Item(list, id) => plan.list(list).iter().any(|i| i.id == id),
        Field::Revision(id, _) => plan.revisions.iter().any(|r| r.id == id),
        _ => true,
    }
}

#[test]
fn every_finding_points_at_a_field_of_the_plan() {
    let mut with_problems = example_plan();
    with_problems.steps[1].text = "TBD".into();
    with_problems.revisions[0].date = "2026-02-30".into();
    for plan in [Plan::default(), example_plan(), with_problems] {
        let findings = check(&plan);
        assert!(!findings.is_empty());
        for f in findings {
            assert!(exists(&plan, f.field), "{f:?} points at nothing in the plan");
            assert!(!f.message.trim().is_empty(), "{f:?} has no message");
        }
    }
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".*",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}(-[a-z0-9.]{0,5})?",
        Just("TBD".to_string()),
        Just("<YYYY-MM-DD>".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    #[test]
    fn findings_point_at_the_plan_and_errors_block_completion(
        texts in prop::collection::vec(any_text(), 14),
        lists in prop::collection::vec(prop::collection::vec(any_text(), 0..3), 8),
        rows in prop::collection::vec(prop::collection::vec(any_text(), 4), 0..5),
        status in prop::sample::select(Status::ALL.to_vec()),
    ) {
        let mut plan = Plan {
            title: texts[0].clone(), purpose: texts[1].clone(), approval_date: texts[2].clone(),
            owner: texts[3].clone(), metadata_reviewers: texts[4].clone(), last_updated: texts[5].clone(),
            status, ..Plan::default()
        };
        for (id, l) in ListId::ALL.into_iter().zip(lists) {
            *plan.list_mut(id) = items(1, &l);
        }
        plan.revisions = rows.into_iter().enumerate().map(|(i, r)| Revision {
            id: 100 + i as u64, date: r[0].clone(), version: r[1].clone(), author: r[2].clone(), notes: r[3].clone(),
        }).collect();
        let findings = validate(&plan, Some(TODAY));
        for f in &findings {
            prop_assert!(exists(&plan, f.field), "{:?} points at nothing in the plan", f);
            prop_assert!(!f.message.trim().is_empty());
        }
        // A section with an error is never counted complete.
        let mut with_errors: Vec<_> = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.field.section())
            .collect();
        with_errors.sort_by_key(|s| format!("{s:?}"));
        with_errors.dedup();
        let sections_with_errors = with_errors.iter().filter(|s| s.is_some()).count();
        let r = readiness(&plan, &findings);
        prop_assert!(r.complete + sections_with_errors <= r.total, "{:?}", r);
    }
}

#[test]
fn the_header_licence_must_be_an_spdx_expression() {
    let mut plan = example_plan();
    plan.header.licence = "GPL v3".into();
    let rules = |p: &Plan| validate(p, None).into_iter().map(|f| f.rule).collect::<Vec<_>>();
    // Only while the header is written.
    assert!(!rules(&plan).contains(&"header-licence"));
    plan.header.enabled = true;
    let findings = validate(&plan, None);
    let finding = findings.iter().find(|f| f.rule == "header-licence").unwrap();
    assert_eq!(finding.field, Field::Header(header::HeaderField::Licence));
    assert!(finding.message.contains("SPDX"), "{}", finding.message);
    plan.header.licence = "GPL-3.0-or-later".into();
    assert!(!rules(&plan).contains(&"header-licence"));
}

#[test]
fn step_durations_must_read_as_durations() {
    let mut plan = example_plan();
    plan.steps[1].details.duration = "10 min".into();
    plan.rollback[0].details.duration = "a while".into();
    let findings = validate(&plan, None);
    let bad: Vec<&Finding> = findings.iter().filter(|f| f.rule == "duration-format").collect();
    assert_eq!(bad.len(), 1, "{findings:?}");
    assert_eq!(
        bad[0].field,
        Field::Detail(ListId::Rollback, plan.rollback[0].id, Detail::Duration)
    );
    assert!(
        bad[0].message.starts_with(
            "Rollback step 1 duration: \"a while\" is not a duration: write it like 10 min"
        ),
        "{}",
        bad[0].message
    );
}
