//! Native tests of sections beyond the template: the golden file of every optional section,
//! custom sections of every kind and step details; a definition added in one place showing
//! up everywhere; the rules; moving; reading hand-written sections.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test panics")]

use deployment_plan_editor::plan::added::{
    self, controls, offered, CustomKind, FieldDef, FieldKind, ListPart, OptionalDef, Part, Row,
    Section, OPTIONAL,
};
use deployment_plan_editor::plan::import::{import, import_with};
use deployment_plan_editor::plan::markdown::render_with;
use deployment_plan_editor::plan::model::items;
use deployment_plan_editor::plan::validate::{validate, Field, Severity};
use deployment_plan_editor::plan::*;
use proptest::prelude::*;

const GOLDEN: &str = include_str!("golden/added_sections.md");

fn def(key: &str) -> &'static OptionalDef {
    OPTIONAL.iter().find(|d| d.key == key).unwrap()
}

/// The template's Example with every optional section, a custom section of every kind and
/// step details: what issue 13's "done when" asks a user to build.
fn full_plan() -> Plan {
    let mut plan = example_plan();
    plan.steps[1].details = Details {
        owner: "DBA on call".into(),
        duration: "10 min".into(),
        check: "schema v42".into(),
    };
    plan.steps[2].details.duration = "1 h 30 min".into();
    plan.rollback[0].details.owner = "Release manager".into();
    let mut risk = Section::optional(def("risk"), 0);
    risk.fields = vec!["High".into(), "Sign-in unavailable for up to 5 minutes".into()];
    risk.items =
        items(0, &["Feature flag auth-3-4 off by default", "Impact: measured, not guessed"]);
    let mut window = Section::optional(def("window"), 0);
    window.fields = vec!["2026-12-01 22:00".into(), "2026-12-02 00:00".into(), "5 min".into()];
    let mut contacts = Section::optional(def("contacts"), 0);
    contacts.rows = vec![
        Row { id: 0, cells: vec!["Incident commander".into(), "Pat".into(), "+1 555 0100".into()] },
        Row { id: 0, cells: vec!["DBA".into(), "Sam | Kim".into(), "@dba".into()] },
    ];
    let mut gonogo = Section::optional(def("gonogo"), 0);
    gonogo.items = items(0, &["Error budget above 50 %", "No open incident"]);
    let custom = |title: &str, kind: CustomKind| Section {
        title: title.into(),
        kind,
        after: added::CUSTOM_AFTER.into(),
        ..Section::default()
    };
    let mut notes = custom("Notes", CustomKind::Text);
    notes.text = "Free text with **Markdown**.\n\n- and a list".into();
    let mut checklist = custom("Checklist", CustomKind::List);
    checklist.items = items(0, &["Dashboards open", "Pager on"]);
    let mut order = custom("Order of teams", CustomKind::Numbered);
    order.items = items(0, &["Identity", "Payments"]);
    let mut teams = custom("Teams", CustomKind::Table);
    teams.columns = vec!["Team".into(), "Channel".into()];
    teams.rows = vec![Row { id: 0, cells: vec!["Identity".into(), "#identity".into()] }];
    let mut listy = custom("Looks like a list", CustomKind::Text);
    listy.text = "- but it is text".into();
    let empty = custom("To do", CustomKind::List);
    plan.added = vec![risk, window, contacts, gonogo, notes, checklist, order, teams, listy, empty];
    plan.renumber();
    plan.normalized()
}

#[test]
fn golden_file_of_every_added_section() {
    let plan = full_plan();
    let md = render(&plan);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write("tests/golden/added_sections.md", &md).unwrap();
    }
    assert_eq!(md, GOLDEN);
    // Reads back to the same plan, and writes the same bytes again.
    let back = import(&md);
    assert_eq!(back.plan, plan);
    assert_eq!(render(&back.plan), md);
    assert!(back.report.unrecognised.is_empty(), "{:?}", back.report);
    assert_eq!(back.report.added.len(), 10, "{:?}", back.report.added);
    assert!(back.report.added.contains(&"Teams (custom section, Table)".to_string()));
}

#[test]
fn a_new_plan_is_still_exactly_the_template() {
    assert!(Plan::default().added.is_empty());
    assert_eq!(render(&example_plan()), include_str!("golden/example.md"));
}

/// A definition added in one place appears in the dialog, the form, the Markdown, the
/// import and the validation messages, with no other code changed.
#[test]
fn one_definition_drives_everything() {
    const CANARY: OptionalDef = OptionalDef {
        key: "canary",
        title: "Canary Rollout",
        aliases: &["Canary"],
        help: "How the change reaches users step by step.",
        after: "steps",
        fields: &[
            FieldDef {
                label: "Canary share",
                written: "Canary share",
                kind: FieldKind::Text,
                aliases: &[],
            },
            FieldDef {
                label: "Bake time",
                written: "Bake time",
                kind: FieldKind::Duration,
                aliases: &["Bake"],
            },
        ],
        list: Some(ListPart { noun: "Gate", numbered: true, lead: None }),
        table: None,
    };
    let defs: Vec<OptionalDef> = OPTIONAL.iter().copied().chain([CANARY]).collect();
    // The dialog offers it.
    assert!(offered(&[], &defs).iter().any(|d| d.title == "Canary Rollout"));
    let mut next = 100;
    let mut section = Section::new_optional(&defs[4], || {
        next += 1;
        next
    });
    // The form: its controls and their labels.
    let labels: Vec<String> = controls(&section, &defs).into_iter().map(|c| c.label).collect();
    assert_eq!(labels, ["Canary share", "Bake time", "Add gate"]);
    section.fields = vec!["5 %".into(), "soon".into()];
    section.items = items(200, &["p99 under 300 ms", "No new errors"]);
    let labels: Vec<String> = controls(&section, &defs).into_iter().map(|c| c.label).collect();
    assert_eq!(labels, ["Canary share", "Bake time", "Gate 1", "Gate 2", "Add gate"]);
    // The Markdown, after Deployment Steps.
    let plan = Plan { added: vec![section.clone()], ..example_plan() };
    let md = render_with(&plan, &defs);
    assert!(md.contains("\n## Deployment Steps\n\n1. Place service in maintenance mode\n"), "{md}");
    assert!(
        md.contains("5. Remove maintenance mode\n\n## Canary Rollout\n\n- Canary share: 5 %\n- Bake time: soon\n\nGate:\n\n1. p99 under 300 ms\n2. No new errors\n\n## Validation\n"),
        "{md}"
    );
    // The import, by title and by alias.
    let back = import_with(&md, &defs).plan;
    assert_eq!(back.added.len(), 1);
    assert_eq!(back.added[0].optional, "canary");
    assert_eq!(back.added[0].fields, section.fields);
    assert_eq!(
        back.added[0].items.iter().map(|i| &i.text).collect::<Vec<_>>(),
        ["p99 under 300 ms", "No new errors"]
    );
    let aliased =
        import_with("# T\n\n## Purpose\n\nP\n\n## Canary\n\n- Bake: 10 min\n", &defs).plan;
    assert_eq!(aliased.added[0].fields, ["", "10 min"]);
    // Validation speaks of its fields by their labels.
    let problems = added::validate(&[section], &defs, &[], None, None);
    let messages: Vec<&str> = problems.iter().map(|(_, p)| p.message.as_str()).collect();
    assert_eq!(
        messages,
        ["Bake time: \"soon\" is not a duration: write it like 10 min, 1 h 30 min, 90m or 1.5 h."]
    );
    // Without the definition, the same Markdown is a section of the user's own: nothing lost.
    let unknown = import(&md).plan;
    assert!(unknown.added[0].is_custom());
    assert_eq!(unknown.added[0].title, "Canary Rollout");
}

fn findings_for(plan: &Plan) -> Vec<(String, Severity, Field, String)> {
    validate(plan, None)
        .into_iter()
        .filter(|f| matches!(f.field, Field::Added(..)))
        .map(|f| (f.rule.to_string(), f.severity, f.field, f.message))
        .collect()
}

#[test]
fn rules_of_added_sections() {
    let mut plan = example_plan();
    let mut window = Section::optional(def("window"), 500);
    window.fields = vec!["2026-12-01 22:00".into(), "2026-12-01 21:00".into(), String::new()];
    let mut risk = Section::optional(def("risk"), 501);
    risk.fields = vec!["High".into(), "x".into()];
    let empty =
        Section { id: 502, title: "Scope".into(), after: "scope".into(), ..Section::default() };
    let untitled = Section {
        id: 503,
        kind: CustomKind::List,
        after: "scope".into(),
        items: items(504, &["a"]),
        ..Section::default()
    };
    plan.added = vec![window, risk, empty, untitled];
    let f = findings_for(&plan);
    let has = |rule: &str, field: Field, text: &str| {
        assert!(
            f.iter().any(|(r, _, fi, m)| r == rule && *fi == field && m.contains(text)),
            "{rule} {field:?} {text}: {f:#?}"
        )
    };
    has(
        "window-order",
        Field::Added(500, Part::Value(1)),
        "Window end must be after Window start.",
    );
    has(
        "risk-mitigation",
        Field::Added(501, Part::List),
        "Risk level is High: add at least one mitigation.",
    );
    has(
        "section-empty",
        Field::Added(502, Part::Text),
        "Scope is empty: fill it in or remove the section.",
    );
    has(
        "section-title-duplicate",
        Field::Added(502, Part::Title),
        "Another section is also titled \"Scope\"",
    );
    has("section-title", Field::Added(503, Part::Title), "Give the section a title.");

    // A window shorter than the steps, then shorter than steps and rollback together.
    let mut plan = example_plan();
    for (i, step) in plan.steps.iter_mut().enumerate() {
        step.details.duration = if i == 0 { "50 min".into() } else { "5 min".into() };
    }
    plan.rollback[0].details.duration = "30 min".into();
    let mut window = Section::optional(def("window"), 600);
    window.fields = vec!["2026-12-01 22:00".into(), "2026-12-01 23:00".into(), "5 min".into()];
    plan.added = vec![window];
    let f = findings_for(&plan);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!((f[0].0.as_str(), f[0].1), ("window-steps", Severity::Warning));
    assert!(f[0].3.contains("steps take 1 h 10 min but the window is 1 h"), "{}", f[0].3);
    plan.steps[0].details.duration = "20 min".into();
    let f = findings_for(&plan);
    assert_eq!((f[0].0.as_str(), f[0].1), ("window-rollback", Severity::Warning));
    assert!(f[0].3.contains("together take 1 h 10 min but the window is 1 h"), "{}", f[0].3);
    plan.rollback[0].details.duration = "10 min".into();
    assert!(findings_for(&plan).is_empty());

    // Formats: a time, a duration, a risk level.
    plan.added[0].fields = vec!["1 Dec 22:00".into(), "2026-12-01 24:00".into(), "a while".into()];
    let f = findings_for(&plan);
    let rules: Vec<&str> = f.iter().map(|(r, ..)| r.as_str()).collect();
    assert_eq!(rules, ["time-format", "time-format", "duration-format"]);
    assert!(f[0].3.contains("write it as YYYY-MM-DD HH:MM"));
    let mut risk = Section::optional(def("risk"), 601);
    risk.fields = vec!["Severe".into(), "x".into()];
    plan.added = vec![risk];
    assert_eq!(
        findings_for(&plan)[0].3,
        "Risk level \"Severe\" is not one of Low, Medium, High: choose one."
    );
}

#[test]
fn readiness_counts_added_sections() {
    let mut plan = example_plan();
    let mut gonogo = Section::optional(def("gonogo"), 700);
    gonogo.items = items(701, &["ok"]);
    plan.added = vec![
        gonogo,
        Section { id: 702, title: "Empty".into(), after: "scope".into(), ..Section::default() },
    ];
    let findings = validate(&plan, None);
    let r = validate::readiness(&plan, &findings);
    assert_eq!(r.total, 12);
    let without = Plan { added: Vec::new(), ..plan.clone() };
    let base = validate::readiness(&without, &validate(&without, None));
    assert_eq!(r.complete, base.complete + 1, "the filled section counts, the empty one does not");
}

#[test]
fn moving_past_template_sections_and_others() {
    let s = |id: u64, after: &str| Section { id, after: after.into(), ..Section::default() };
    let mut v = vec![s(1, "scope"), s(2, "scope"), s(3, "preconditions")];
    assert!(added::move_section(&mut v, 2, true));
    assert_eq!(v.iter().map(|s| s.id).collect::<Vec<_>>(), [2, 1, 3]);
    // Up past Scope: now after Purpose.
    assert!(added::move_section(&mut v, 2, true));
    assert_eq!((v[0].id, v[0].after.as_str()), (2, "purpose"));
    // Down past Scope again: first of Scope's group.
    assert!(added::move_section(&mut v, 2, false));
    assert_eq!(
        v.iter().map(|s| (s.id, s.after.as_str())).collect::<Vec<_>>(),
        [(2, "scope"), (1, "scope"), (3, "preconditions")]
    );
    // The ends: before Purpose, after Revision History.
    let mut top = vec![s(9, "")];
    assert!(!added::can_move(&top, 9, true));
    assert!(added::move_section(&mut top, 9, false));
    assert_eq!(top[0].after, "purpose");
    let mut bottom = vec![s(8, "revisions")];
    assert!(!added::can_move(&bottom, 8, false));
    assert!(added::move_section(&mut bottom, 8, true));
    assert_eq!(bottom[0].after, "metadata");
}

proptest! {
    /// Any moves keep every section, in document order, and each move is undone by the
    /// opposite one.
    #[test]
    fn moves_keep_every_section(
        anchors in prop::collection::vec(0..=SECTIONS.len(), 1..6),
        moves in prop::collection::vec((0usize..6, any::<bool>()), 0..20),
    ) {
        let key = |a: usize| if a == 0 { String::new() } else { SECTIONS[a - 1].key.to_string() };
        let mut v: Vec<Section> = anchors.iter().enumerate()
            .map(|(i, &a)| Section { id: i as u64, after: key(a), ..Section::default() })
            .collect();
        added::sort(&mut v);
        for (pick, up) in moves {
            let id = (pick % v.len()) as u64;
            let before = v.clone();
            if added::move_section(&mut v, id, up) {
                let mut back = v.clone();
                prop_assert!(added::move_section(&mut back, id, !up));
                prop_assert_eq!(&back, &before);
            } else {
                prop_assert_eq!(&v, &before);
            }
            let mut sorted = v.clone();
            added::sort(&mut sorted);
            prop_assert_eq!(&sorted, &v);
            prop_assert_eq!(v.len(), anchors.len());
        }
    }
}

#[test]
fn hand_written_sections_become_sections_of_their_kind() {
    let md = "# Plan\n\n## Purpose\n\nShip it.\n\n## Background\n\nWhy we do it.\n\n### Details\n\nMore.\n\n## Scope\n\n- API\n\n## Checklist\n\n* one\n* two\n\n## Order\n\n1) first\n2) second\n\n## Teams\n\n| Team | Channel |\n|:--|--|\n| Identity | #id |\n| SRE |\n\n## Risks\n\n**Risk level:** high\nImpact - brief outage\n\nMitigations:\n\n- flag\n\n## Change window\n\n- Start: 2026-12-01 22:00\n- End: 2026-12-01 23:00\n\n## Contacts\n\n| Name | Role | Contact |\n|---|---|---|\n| Pat | IC | 1 |\n\n## Go / No-Go Criteria\n\n- green\n";
    let imported = import(md);
    let p = &imported.plan;
    let got: Vec<(&str, &str, CustomKind)> =
        p.added.iter().map(|s| (s.title.as_str(), s.optional.as_str(), s.kind)).collect();
    assert_eq!(
        got,
        [
            ("Background", "", CustomKind::Text),
            ("Checklist", "", CustomKind::List),
            ("Order", "", CustomKind::Numbered),
            ("Teams", "", CustomKind::Table),
            ("Risk and Impact", "risk", CustomKind::Text),
            ("Maintenance Window", "window", CustomKind::Text),
            ("Contacts and Escalation", "contacts", CustomKind::Text),
            ("Go/No-Go Criteria", "gonogo", CustomKind::Text),
        ]
    );
    assert_eq!(p.added[0].text, "Why we do it.\n\n### Details\n\nMore.");
    assert_eq!(p.added[0].after, "purpose");
    let risk = &p.added[4];
    assert_eq!(risk.fields, ["High", "brief outage"]);
    assert_eq!(risk.items[0].text, "flag");
    assert_eq!(p.added[3].columns, ["Team", "Channel"]);
    assert_eq!(p.added[3].rows[1].cells, ["SRE", ""]);
    assert_eq!(p.added[5].fields, ["2026-12-01 22:00", "2026-12-01 23:00", ""]);
    // Columns in another order are read by name.
    assert_eq!(p.added[6].rows[0].cells, ["IC", "Pat", "1"]);
    assert!(imported.report.unrecognised.is_empty(), "{:?}", imported.report);
    assert!(imported.report.added.contains(&"Checklist (custom section, List)".to_string()));
    // And what was read is written and read back the same.
    let again = import(&render(p)).plan;
    assert_eq!(again, p.normalized());
}

#[test]
fn share_links_and_backups_carry_added_sections() {
    use deployment_plan_editor::plan::share;
    let plan = full_plan();
    let link = share::encode(&plan).unwrap();
    assert_eq!(share::decode(&link).unwrap(), plan);
    // A backup holds drafts as stored: the plan's JSON.
    let json = serde_json::to_string(&plan).unwrap();
    assert!(json.contains("\"added\":[{"));
    assert_eq!(serde_json::from_str::<Plan>(&json).unwrap(), plan);
    // A plan without added sections is stored as before (no "added" key).
    assert!(!serde_json::to_string(&example_plan()).unwrap().contains("added"));
}

#[test]
fn found_in_qa() {
    // The dialog refuses a blank title and one another section has.
    let taken = vec!["Scope".to_string(), "Notes".to_string()];
    assert_eq!(added::new_title_problem("  ", &taken).unwrap(), "Give the section a title.");
    assert!(added::new_title_problem("notes:", &taken).unwrap().contains("already in the plan"));
    assert_eq!(added::new_title_problem("Appendix", &taken), None);
    // Titles as people write them.
    for title in ["Go / No-Go", "GO / NO-GO", "Go No Go", "Maintenance Window (UTC)"] {
        let p = import(&format!("# T\n\n## Purpose\n\nP\n\n## {title}\n\n- x\n")).plan;
        assert!(!p.added[0].is_custom(), "{title}");
    }
    // A window with one end asks for the other.
    let mut plan = example_plan();
    let mut window = Section::optional(def("window"), 900);
    window.fields = vec!["2026-12-01 22:00".into(), String::new(), String::new()];
    plan.added = vec![window];
    let f = findings_for(&plan);
    assert_eq!(
        (f[0].0.as_str(), f[0].3.as_str()),
        ("time-missing", "Window end is empty: give the window both ends.")
    );
    // A new table: its empty row and unnamed columns are the problems, not "empty section".
    let mut next = 0;
    let table = Section::custom("Matrix", CustomKind::Table, || {
        next += 1;
        next + 1000
    });
    plan.added = vec![table];
    let rules: Vec<String> = findings_for(&plan).into_iter().map(|f| f.0).collect();
    assert_eq!(rules, ["column-name", "column-name", "row-empty"]);
    // A contacts row wider than the table is said to be the reason.
    let md = "# T\n\n## Contacts\n\n| Role | Name | Contact |\n|---|---|---|\n| IC | Pat | +1 | extra |\n";
    let imported = import(md);
    assert!(
        imported
            .report
            .notes
            .iter()
            .any(|n| n.ends_with("a row has more cells than the table has columns.")),
        "{:?}",
        imported.report.notes
    );
    assert!(imported.plan.extra.contains("| extra |"));
}

#[test]
fn found_in_review() {
    // A kind comment before a list or a table: the items and cells are read after it (this
    // panicked: their places were counted from before the comment).
    for body in
        ["- a\n- b\n", "| A | B |\n|---|---|\n| 1 | 2 |\n", "1. one\n2. two\n3. three\n4. four\n"]
    {
        for kind in ["list", "table", "numbered list", "text"] {
            let md = format!("# T\n\n## Notes\n\n<!-- section kind: {kind} -->\n\n{body}");
            let p = import(&md).plan;
            let again = import(&render(&p)).plan;
            assert_eq!(again, p.normalized(), "{md}");
        }
    }
    let p = import("# T\n\n## Notes\n\n<!-- section kind: list -->\n\n- a\n- b\n").plan;
    assert_eq!(p.added[0].items.iter().map(|i| i.text.as_str()).collect::<Vec<_>>(), ["a", "b"]);
    // Titles that name a known section once spaces are ignored keep their spaces.
    for title in [" Scope", "\u{a0}Risks", "Scope ", "&#32;Scope"] {
        let mut plan = example_plan();
        plan.added = vec![Section {
            id: 800,
            title: title.into(),
            after: "scope".into(),
            text: "x".into(),
            ..Section::default()
        }];
        let back = import(&render(&plan)).plan;
        assert_eq!(back.added[0].title, plan.normalized().added[0].title, "{title:?}");
    }
    // An optional section this build does not know keeps its values, as text.
    let mut plan = example_plan();
    plan.added = vec![Section {
        id: 801,
        optional: "from-the-future".into(),
        title: "Capacity".into(),
        after: "scope".into(),
        fields: vec!["40 %".into()],
        items: items(802, &["scale out"]),
        ..Section::default()
    }];
    let md = render(&plan);
    assert!(md.contains("## Capacity\n\n40 %\n- scale out\n"), "{md}");
    assert_eq!(import(&md).plan, plan.normalized());
}

#[test]
fn problems_are_listed_in_document_order() {
    use deployment_plan_editor::plan::validate::position;
    let mut plan = example_plan();
    plan.added = vec![
        Section { id: 900, after: "scope".into(), ..Section::default() },
        Section { id: 901, after: "scope".into(), ..Section::default() },
    ];
    let order = [
        Field::Title,
        Field::Purpose,
        Field::List(ListId::Scope),
        Field::Added(900, Part::Title),
        Field::Added(901, Part::Text),
        Field::List(ListId::Preconditions),
        Field::Owner,
    ];
    let keys: Vec<(usize, usize)> = order.iter().map(|&f| position(&plan, f)).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert!(keys.windows(2).all(|w| w[0] != w[1] || w[0].0 == 0));
}

#[test]
fn the_preview_names_unnamed_columns() {
    let mut next = 0;
    let table = Section::custom("Matrix", CustomKind::Table, || {
        next += 1;
        next
    });
    let preview = added::write_for_preview(&table, OPTIONAL);
    assert!(preview.contains("| Column 1 | Column 2 |"), "{preview}");
    assert!(added::write(&table, OPTIONAL).contains("|     |     |"));
}
