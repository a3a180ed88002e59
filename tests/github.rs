//! Native tests of the GitHub export: the new-issue link and its length limit, the issue
//! template and issue form (golden files; the form parsed as YAML and checked against the
//! schema's required keys), and issues filed with the form read back.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test panics")]

use deployment_plan_editor::plan::github::*;
use deployment_plan_editor::plan::import::{import, ISSUE_FORM_NOTE};
use deployment_plan_editor::plan::*;
use proptest::prelude::*;
use std::collections::HashSet;

/// Decodes a percent-encoded query value.
fn decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&value[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn param<'a>(url: &'a str, name: &str) -> &'a str {
    let query = url.split_once('?').unwrap().1;
    query.split('&').find_map(|p| p.strip_prefix(&format!("{name}="))).unwrap()
}

#[test]
fn repositories_are_checked() {
    for ok in ["octo-org/deployments", "a/b", "A1-b/x.y_z", "mokoconsulting-tech/MokoStandards"] {
        assert!(check_repository(ok).is_ok(), "{ok}");
    }
    for bad in
        ["", "octo", "/x", "x/", "-a/b", "a-/b", "a--b/c", "a/b/c", "a b/c", "a/..", "a/.", "a/b c"]
    {
        assert!(check_repository(bad).is_err(), "{bad}");
    }
    assert_eq!(check_repository(&format!("{}/x", "a".repeat(39))).map(|_| ()), Ok(()));
    // Addresses copied from the browser or a clone URL.
    for url in [
        "https://github.com/octo-org/deployments",
        "github.com/octo-org/deployments/",
        "https://github.com/octo-org/deployments.git",
    ] {
        assert_eq!(check_repository(url), Ok(("octo-org", "deployments")), "{url}");
    }
    assert!(check_repository(&format!("{}/x", "a".repeat(40))).is_err());
}

#[test]
fn the_example_fits_in_a_link_and_every_character_survives() {
    let plan = example_plan();
    let body = render(&plan);
    let IssueLink::Whole(url) = issue_link("octo-org/deployments", &plan.title, &body) else {
        panic!("the Example is short enough for a link")
    };
    assert!(url.starts_with("https://github.com/octo-org/deployments/issues/new?"));
    assert_eq!(decode(param(&url, "body")), body);
    assert_eq!(decode(param(&url, "title")), plan.title);
    assert_eq!(decode(param(&url, "labels")), LABEL);
}

#[test]
fn the_limit_is_tested_on_both_sides() {
    let base = match issue_link("o/r", "T", "") {
        IssueLink::Whole(url) => url.len(),
        IssueLink::Paste(_) => unreachable!(),
    };
    let fits = "a".repeat(URL_LIMIT - base);
    assert!(matches!(issue_link("o/r", "T", &fits), IssueLink::Whole(u) if u.len() == URL_LIMIT));
    let over = "a".repeat(URL_LIMIT - base + 1);
    let IssueLink::Paste(url) = issue_link("o/r", "T", &over) else { panic!("over the limit") };
    assert_eq!(decode(param(&url, "body")), PASTE_BODY);
    assert_eq!(decode(param(&url, "title")), "T");
    assert!(url.len() < URL_LIMIT);
    // A title too long for a link is shortened there (the clipboard has the whole plan).
    let IssueLink::Paste(url) = issue_link("o/r", &"é".repeat(2000), &over) else { panic!() };
    assert!(url.len() <= URL_LIMIT, "{}", url.len());
    assert!(decode(param(&url, "title")).ends_with("é…"));
    // Multi-byte characters count as their encoded bytes.
    let room = (URL_LIMIT - base) / 6;
    assert!(matches!(issue_link("o/r", "T", &"é".repeat(room)), IssueLink::Whole(_)));
    assert!(matches!(issue_link("o/r", "T", &"é".repeat(room + 1)), IssueLink::Paste(_)));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]
    #[test]
    fn any_text_survives_the_link(body in "\\PC{0,200}", title in "\\PC{0,40}") {
        if let IssueLink::Whole(url) = issue_link("o/r", &title, &body) {
            prop_assert_eq!(decode(param(&url, "body")), body);
            prop_assert_eq!(decode(param(&url, "title")), title);
        }
    }
}

#[test]
fn issue_template_matches_golden_file() {
    assert_eq!(issue_template(), include_str!("golden/deployment_plan.md"));
}

#[test]
fn issue_form_matches_golden_file_and_the_schema() {
    let form = issue_form();
    assert_eq!(form, include_str!("golden/deployment_plan.yml"));
    let yaml: serde_yaml::Value = serde_yaml::from_str(&form).unwrap();
    for key in ["name", "description", "body"] {
        assert!(yaml.get(key).is_some(), "top-level {key} is required");
    }
    assert!(yaml["title"].is_string());
    assert_eq!(yaml["labels"][0].as_str(), Some(LABEL));
    let body = yaml["body"].as_sequence().unwrap();
    let mut ids = HashSet::new();
    let mut labels = HashSet::new();
    for element in body {
        let kind = element["type"].as_str().unwrap();
        assert!(["markdown", "textarea", "input", "dropdown", "checkboxes"].contains(&kind));
        let attributes = &element["attributes"];
        if kind == "markdown" {
            assert!(attributes["value"].is_string());
            continue;
        }
        let id = element["id"].as_str().unwrap();
        assert!(id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "{id}");
        assert!(ids.insert(id.to_string()), "duplicate id {id}");
        let label = attributes["label"].as_str().unwrap();
        assert!(labels.insert(label.to_string()), "duplicate label {label}");
        assert!(element["validations"]["required"].is_bool());
        if kind == "dropdown" {
            let options = attributes["options"].as_sequence().unwrap();
            assert_eq!(options.len(), Status::ALL.len());
        }
    }
    // The ids are the sections' machine names; required exactly where the editor requires a value.
    for spec in SECTIONS.iter().filter(|s| !matches!(s.kind, Kind::Approval | Kind::Metadata)) {
        assert!(ids.contains(spec.key), "{}", spec.key);
    }
    let required: Vec<&str> = body
        .iter()
        .filter(|e| e["validations"]["required"].as_bool() == Some(true))
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        required,
        ["purpose", "scope", "steps", "validation", "rollback", "approvers", "owner"]
    );
    let empty = validate::validate(&Plan::default(), None);
    let rules: HashSet<&str> = empty.iter().map(|f| f.rule).collect();
    assert!(rules.contains("owner-required") && rules.contains("purpose-required"));
}

/// An issue filed with the form, as GitHub writes its body.
const ISSUE_BODY: &str = "### Purpose\n\nMove payments to the new cluster.\n\n### Scope\n\n- Payments API\n- Ledger worker\n\n### Preconditions\n\n_No response_\n\n### Deployment Steps\n\n1. Drain blue\n2. Deploy green\n\n### Validation\n\n- Error rate under 1%\n\n### Rollback Plan\n\n1. Switch back to blue\n\n### Communications\n\n_No response_\n\n### Approvers\n\nDevOps Lead, Release Manager\n\n### Reviewers\n\n_No response_\n\n### Approval date\n\n2026-11-20\n\n### Owner\n\nPayments Team\n\n### Reviewing teams\n\nSRE\n\n### Status\n\nIn Review\n\n### Last Updated\n\n2026-11-21\n\n### Revision History\n\n| Date | Version | Author | Notes |\n|------|---------|--------|-------|\n| 2026-11-21 | 1.0.0 | Payments Team | First plan |\n";

#[test]
fn an_issue_filed_with_the_form_imports_into_its_fields() {
    let imported = import(ISSUE_BODY);
    let p = &imported.plan;
    let texts = |l: ListId| p.list(l).iter().map(|i| i.text.clone()).collect::<Vec<_>>();
    assert_eq!(p.purpose, "Move payments to the new cluster.");
    assert_eq!(texts(ListId::Scope), ["Payments API", "Ledger worker"]);
    assert!(texts(ListId::Preconditions).is_empty());
    assert_eq!(texts(ListId::Steps), ["Drain blue", "Deploy green"]);
    assert_eq!(texts(ListId::Validation), ["Error rate under 1%"]);
    assert_eq!(texts(ListId::Rollback), ["Switch back to blue"]);
    assert!(texts(ListId::Communications).is_empty());
    assert_eq!(texts(ListId::Approvers), ["DevOps Lead", "Release Manager"]);
    assert!(texts(ListId::Reviewers).is_empty());
    assert_eq!(p.approval_date, "2026-11-20");
    assert_eq!(p.owner, "Payments Team");
    assert_eq!(p.metadata_reviewers, "SRE");
    assert_eq!(p.status, Status::InReview);
    assert_eq!(p.last_updated, "2026-11-21");
    assert_eq!(p.revisions.len(), 1);
    assert_eq!(p.revisions[0].notes, "First plan");
    assert!(p.extra.is_empty(), "{}", p.extra);
    assert!(imported.report.notes.iter().any(|n| n == ISSUE_FORM_NOTE));
    assert!(imported.report.unrecognised.is_empty(), "{:?}", imported.report.unrecognised);
}

#[test]
fn an_issue_from_the_template_imports_without_its_guidance() {
    let mut filled = issue_template();
    filled = filled.replacen(
        "<!-- Describe the objective of this deployment and what it delivers. -->\n",
        "<!-- Describe the objective of this deployment and what it delivers. -->\n\nShip it.\n",
        1,
    );
    let body = filled.split_once("---\n").unwrap().1.split_once("---\n").unwrap().1;
    let imported = import(body);
    assert_eq!(imported.plan.purpose, "Ship it.");
    assert!(imported.plan.extra.is_empty(), "{}", imported.plan.extra);
}

#[test]
fn ordinary_documents_are_not_read_as_issue_bodies() {
    assert_eq!(from_issue_body(&render(&example_plan())), None);
    assert_eq!(from_issue_body("### Purpose\n\nx\n\n### Notes\n\ny"), None);
}
