//! Native tests of the importer: golden imports (the template, its Example, our own
//! exports, a messy hand-written plan), the lossless round trip as a property over
//! generated plans, and never panicking on any input.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test panics")]

use deployment_plan_editor::plan::import::{import, section_for_heading, BOM_NOTE, HEADER_NOTE};
use deployment_plan_editor::plan::model::items;
use deployment_plan_editor::plan::*;
use proptest::prelude::*;

mod common;
use common::any_plan;
use std::time::Instant;

const TEMPLATE: &str = include_str!("fixtures/deployment-plan-template.md");
const GOLDEN: &str = include_str!("golden/example.md");
const MESSY: &str = include_str!("golden/messy.md");

fn template_example() -> &'static str {
    let start = TEMPLATE.find("```text\n").unwrap() + "```text\n".len();
    let end = start + TEMPLATE[start..].find("```").unwrap();
    &TEMPLATE[start..end]
}

#[test]
fn our_own_export_reads_back_exactly() {
    let imported = import(GOLDEN);
    assert_eq!(imported.plan, example_plan().normalized());
    assert_eq!(render(&imported.plan), GOLDEN);
    assert!(imported.report.missing.is_empty());
    assert!(imported.report.unrecognised.is_empty());
    assert!(imported.report.title_found);
}

#[test]
fn the_templates_example_as_written() {
    let imported = import(template_example());
    let p = &imported.plan;
    let want = example_plan();
    assert_eq!(p.title, "");
    assert_eq!(p.purpose, want.purpose);
    for list in [
        ListId::Scope,
        ListId::Preconditions,
        ListId::Steps,
        ListId::Validation,
        ListId::Rollback,
        ListId::Communications,
        ListId::Approvers,
    ] {
        let texts = |v: &Vec<Item>| v.iter().map(|i| i.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(p.list(list)), texts(want.list(list)), "{list:?}");
    }
    assert_eq!(imported.report.found.len(), 8);
    assert_eq!(imported.report.missing, [SectionId::Metadata, SectionId::Revisions]);
    assert!(imported.report.unrecognised.is_empty(), "{:?}", imported.report.unrecognised);
}

#[test]
fn the_template_file_itself() {
    let imported = import(TEMPLATE);
    let p = &imported.plan;
    assert_eq!(p.title, "Deployment Plan Template");
    // Guidance sentences are the template's, not content.
    assert_eq!(p.purpose, "");
    assert!(p.scope.is_empty());
    // The empty numbered steps are kept as empty steps (validation flags them).
    assert_eq!(p.steps.iter().map(|i| i.text.as_str()).collect::<Vec<_>>(), ["", "", ""]);
    assert_eq!(
        (p.owner.as_str(), p.metadata_reviewers.as_str(), p.status, p.last_updated.as_str()),
        (
            "Documentation Lead",
            "Governance, Architecture, Operations",
            Status::Active,
            "<YYYY-MM-DD>"
        )
    );
    assert_eq!(p.revisions.len(), 1);
    assert_eq!(
        (
            p.revisions[0].date.as_str(),
            p.revisions[0].version.as_str(),
            p.revisions[0].author.as_str(),
            p.revisions[0].notes.as_str()
        ),
        ("2025-11-23", "0.0.1", "TBD", "Initial stub")
    );
    // The licence comment fills the document header; the issue-template link and the
    // Example are kept.
    let h = &p.header;
    assert!(h.enabled);
    assert_eq!(
        [
            &h.copyright,
            &h.licence,
            &h.group,
            &h.subgroup,
            &h.repository,
            &h.version,
            &h.brief,
            &h.path
        ],
        [
            "2025 Moko Consulting <hello@mokoconsulting.tech>",
            "GPL-3.0-or-later",
            "MokoStandards",
            "Documentation",
            "https://github.com/mokoconsulting-tech/MokoStandards",
            "2.0",
            "Deployment Plan Template",
            "./docs/templates/deployment-plan.md"
        ]
    );
    assert_eq!(h.file(), "deployment-plan.md");
    assert!(
        h.notice.starts_with(
            "This file is part of a Moko Consulting project.\n\nThis program is free software;"
        ),
        "{}",
        h.notice
    );
    assert!(h.notice.ends_with("GNU General Public License (./LICENSE.md)."), "{}", h.notice);
    assert!(!p.extra.contains("Copyright"));
    assert!(p.extra.contains(".GitHub: Deployment Plan issue template"));
    // The Example (a code block) is a text section of its own, after Review and Approval.
    let example = &p.added[0];
    assert_eq!((example.title.as_str(), example.after.as_str()), ("Example", "approval"));
    assert!(example.text.starts_with("```text\n### Purpose"), "{}", example.text);
    assert!(example.text.contains("### Rollback Plan"));
    assert_eq!(imported.report.unrecognised.len(), 1, "{:?}", imported.report.unrecognised);
    assert!(imported.report.missing.is_empty());
    // Reading our export of it back gives the same plan.
    assert_eq!(import(&render(p)).plan, *p);
}

#[test]
fn a_messy_hand_written_plan() {
    let imported = import(MESSY);
    let p = &imported.plan;
    let texts = |l: ListId| p.list(l).iter().map(|i| i.text.clone()).collect::<Vec<_>>();
    assert_eq!(p.title, "Deployment Plan: Payments API 2.0");
    assert_eq!(
        p.purpose,
        "Move the payments API to the new cluster.\nKeep the old one warm for a day."
    );
    assert_eq!(texts(ListId::Scope), ["Payments API", "Ledger worker"]);
    assert_eq!(
        texts(ListId::Preconditions),
        ["Load test passed", "Change ticket CHG-1234 approved"]
    );
    assert_eq!(
        texts(ListId::Steps),
        [
            "Drain traffic from **blue**",
            "Deploy `payments:2.0.0`\nwith the new config",
            "Switch traffic to green"
        ]
    );
    assert_eq!(
        texts(ListId::Validation),
        ["p95 latency < 300 ms for 30 minutes", "Error rate below 0.5%"]
    );
    assert_eq!(texts(ListId::Rollback), ["Switch traffic back to blue"]);
    assert_eq!(texts(ListId::Communications), ["#payments-releases at start and end"]);
    assert_eq!(texts(ListId::Approvers), ["Jane Doe", "Ops Lead"]);
    assert_eq!(texts(ListId::Reviewers), ["SRE"]);
    assert_eq!(p.approval_date, "2026-11-20");
    assert_eq!(
        (p.owner.as_str(), p.metadata_reviewers.as_str(), p.status, p.last_updated.as_str()),
        ("Jane Doe", "Payments team", Status::InReview, "2026-11-21")
    );
    let rows: Vec<_> = p
        .revisions
        .iter()
        .map(|r| (r.date.as_str(), r.version.as_str(), r.author.as_str(), r.notes.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ("2026-11-01", "1.9.0", "Jane", "Old"),
            ("2026-11-20", "2.0.0-rc.1", "Jane", "Draft | reviewed")
        ]
    );
    // Nothing dropped: the intro and the unknown metadata line are kept; the appendix is a
    // section of its own, after Revision History where it was.
    for kept in ["Some intro text", "Ticket: CHG-1234"] {
        assert!(p.extra.contains(kept), "{kept} missing from {:?}", p.extra);
    }
    let appendix = &p.added[0];
    assert_eq!(
        (appendix.title.as_str(), appendix.kind, appendix.text.as_str(), appendix.after.as_str()),
        ("Appendix", added::CustomKind::Text, "Links to dashboards.", "revisions")
    );
    assert_eq!(imported.report.added, ["Appendix (custom section, Text)"]);
    assert_eq!(imported.report.unrecognised.len(), 2, "{:?}", imported.report.unrecognised);
    assert!(imported.report.missing.is_empty());
    // And it is stable from then on.
    let again = import(&render(p));
    assert_eq!(again.plan, *p);
    assert_eq!(render(&again.plan), render(p));
}

#[test]
fn headings_match_with_variations() {
    for (text, want) in [
        ("Rollback", "Rollback Plan"),
        ("rollback plan:", "Rollback Plan"),
        ("DEPLOYMENT STEPS", "Deployment Steps"),
        ("Review & Approval", "Review and Approval"),
        ("Revision history", "Revision History"),
        ("Prerequisites", "Preconditions"),
    ] {
        assert_eq!(section_for_heading(text).map(|s| s.title), Some(want), "{text}");
    }
    assert!(section_for_heading("Example").is_none());
}

#[test]
fn unknown_status_is_reported_and_kept() {
    let imported = import("# T\n\n## Metadata\n\n```\nStatus: Deprecated\n```\n");
    assert_eq!(imported.plan.status, Status::Draft);
    assert!(imported.report.notes[0].contains("Deprecated"));
    assert!(imported.plan.extra.contains("Status: Deprecated"));
}

#[test]
fn hostile_values_read_back() {
    for text in [
        "# h",
        "- x",
        "1. y",
        "> q",
        "---",
        "===",
        "| a | b |",
        "--- | ---",
        "```",
        "~~~",
        "<img src=x onerror=alert(1)>",
        "&#32;",
        "&amp;",
        "  lead",
        "trail  ",
        "\t",
        " ",
        "a, b",
        "x|y",
        "C#",
        "#",
        "Title ##",
        "[a]: b",
        "`code` **bold**",
        "\\",
        "\\|",
        "日本語 ✓",
    ] {
        let plan = Plan {
            title: text.into(),
            purpose: format!("{text}\n{text}"),
            owner: text.into(),
            approval_date: text.into(),
            steps: items(1, &[text, text]),
            approvers: items(3, &[text]),
            reviewers: items(4, &[text, ""]),
            revisions: vec![Revision {
                id: 9,
                date: text.into(),
                version: text.into(),
                author: text.into(),
                notes: text.into(),
            }],
            ..Plan::default()
        };
        let md = render(&plan);
        assert_eq!(import(&md).plan, plan.normalized(), "{text:?}\n{md}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]
    #[test]
    fn import_of_render_is_the_plan(plan in any_plan()) {
        let md = render(&plan);
        let back = import(&md);
        prop_assert_eq!(&back.plan, &plan.normalized(), "\n{}", md);
        prop_assert_eq!(render(&back.plan), md);
        prop_assert!(back.report.unrecognised.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]
    #[test]
    fn import_never_panics_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        check_stable(&import(&text).plan)?;
    }

    #[test]
    fn import_never_panics_on_markdownish_text(text in prop::collection::vec(prop::sample::select(vec![
        "# ", "## Scope\n", "### Rollback\n", "- ", "1. ", "\n", "\n\n", "| a | b |\n", "|---|---|\n", "```\n", "Owner: x\n",
        "Approvers: a, b\n", "<!-- c -->\n", "> q\n", "text ", "    code\n", "* ", "## Metadata\n", "## Revision History\n",
        "## Notes\n", "## Risks\n", "### Escalation\n", "- Risk level: High\n", "Mitigation:\n",
        "<!-- section kind: list -->\n", "<!-- section kind: text -->\n",
        "<!-- Not part of the template: kept as it was written. -->\n",
    ]), 0..40)) {
        check_stable(&import(&text.concat()).plan)?;
    }
}

/// What an import found survives being written and read again: the sections exactly,
/// unrecognised content without losing a character (its layout may settle).
fn check_stable(plan: &Plan) -> Result<(), TestCaseError> {
    let again = import(&render(plan)).plan;
    let visible = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    prop_assert_eq!(visible(&again.extra), visible(&plan.extra));
    prop_assert_eq!(
        Plan { extra: String::new(), ..again },
        Plan { extra: String::new(), ..plan.normalized() }
    );
    Ok(())
}

#[test]
fn a_large_file_imports_quickly() {
    let mut plan = example_plan();
    plan.steps = items(
        1,
        &(0..40_000)
            .map(|i| format!("Step number {i} with `code` and **bold** text"))
            .collect::<Vec<_>>(),
    );
    plan.purpose = "A long paragraph of text. ".repeat(40_000);
    let md = render(&plan);
    assert!(md.len() > 2_500_000);
    let started = Instant::now();
    let imported = import(&md);
    let took = started.elapsed();
    // About 1 s in a debug build here and 0.1 s in release (the benchmark has the exact
    // figures); ten times that catches a quadratic path without failing on a busy machine.
    assert!(took.as_secs() < 10, "import of {:.1} MB took {took:?}", md.len() as f64 / 1e6);
    assert_eq!(imported.plan, plan.normalized(), "the large plan reads back exactly");
}

#[test]
fn only_a_header_comment_is_read_as_the_header() {
    let imported = import("<!-- reviewer: check step 3 -->\n\n# T\n\n## Purpose\n\nP\n");
    assert_eq!(imported.plan.extra, "<!-- reviewer: check step 3 -->");
    assert_eq!(imported.report.unrecognised.len(), 1);
    assert!(!imported.plan.header.enabled);
}

#[test]
fn the_document_header_round_trips_byte_for_byte() {
    let mut plan = example_plan();
    plan.header = header::DocHeader {
        enabled: true,
        repository: "octo-org/deployments".into(),
        path: "plans/payments.md".into(),
        version: "1.2".into(),
        brief: "Payments --> cluster B".into(),
        group: "Platform".into(),
        subgroup: "Ops --!> team".into(),
        copyright: "2026 Octo Org".into(),
        licence: "Apache-2.0".into(),
        notice: "Internal use only.\n\n  Indented &#35; line\n# FILE INFORMATION".into(),
    };
    let md = render(&plan);
    assert!(md.starts_with("<!--\n Copyright (C) 2026 Octo Org\n\n SPDX-License-Identifier: Apache-2.0\n\n Internal use only.\n\n   Indented &#38;#35; line\n &#35; FILE INFORMATION\n\n # FILE INFORMATION\n DEFGROUP: Platform\n INGROUP: Ops --!&#62; team\n REPO: octo-org/deployments\n FILE: payments.md\n VERSION: 1.2\n BRIEF: Payments --&#62; cluster B\n PATH: plans/payments.md\n-->\n\n# Authentication service 3.4.0\n"), "{md}");
    let back = import(&md);
    assert_eq!(back.plan, plan.normalized());
    assert_eq!(render(&back.plan), md);
    assert!(back.report.notes.iter().any(|n| n == HEADER_NOTE));
    // Switched off, the values stay in the plan but nothing is written.
    plan.header.enabled = false;
    assert!(render(&plan).starts_with("# Authentication service 3.4.0\n"));
}

#[test]
fn a_byte_order_mark_is_left_out_and_reported() {
    let imported = import("\u{feff}# Release 2.0\r\n\r\n## Purpose\r\n\r\nShip it.\r\n");
    assert!(imported.report.title_found);
    assert_eq!(imported.plan.title, "Release 2.0");
    assert_eq!(imported.plan.purpose, "Ship it.");
    assert!(imported.report.notes.iter().any(|n| n == BOM_NOTE), "{:?}", imported.report.notes);
    assert!(imported.report.unrecognised.is_empty());
    let plain = import("# Release 2.0\n");
    assert!(plain.report.notes.is_empty());
}

#[test]
fn label_styles_people_write_are_read_as_labels() {
    for line in [
        "- **Owner:** Jane Roe",
        "- **Owner**: Jane Roe",
        "- __Owner:__ Jane Roe",
        "- _Owner_: Jane Roe",
        "- *Owner*: Jane Roe",
        "- Owner - Jane Roe",
        "- Owner — Jane Roe",
        "Owner: Jane Roe",
    ] {
        let md = format!("# T\n\n## Metadata\n\n{line}\n- **Status:** Approved\n");
        let imported = import(&md);
        assert_eq!(imported.plan.owner, "Jane Roe", "{line}");
        assert_eq!(imported.plan.status, Status::Approved, "{line}");
        assert!(imported.report.unrecognised.is_empty(), "{line}: {:?}", imported.report);
    }
    // A value that itself starts with emphasis is kept as written.
    let imported = import("# T\n\n## Metadata\n\n- Owner: **Jane**\n");
    assert_eq!(imported.plan.owner, "**Jane**");
    // Approval lines too.
    let imported = import(
        "# T\n\n## Review and Approval\n\n- **Approvers:** A, B\n- **Approval date**: 2026-01-02\n",
    );
    assert_eq!(
        imported.plan.approvers.iter().map(|i| i.text.as_str()).collect::<Vec<_>>(),
        ["A", "B"]
    );
    assert_eq!(imported.plan.approval_date, "2026-01-02");
}

#[test]
fn extra_table_cells_and_split_code_spans_are_kept_and_reported() {
    let md = "# T\n\n## Revision History\n\n| Date | Version | Author | Notes |\n|---|---|---|---|\n| 2026-01-02 | 1.0.0 | Pat | First | extra cell |\n| 2026-01-03 | 1.1.0 | Sam | uses `a | b` pipes |\n";
    let imported = import(md);
    // Not half-read: the whole table is kept, once, and the form's table stays empty.
    assert!(imported.plan.revisions.is_empty());
    assert_eq!(imported.plan.extra.matches("| 2026-01-02 | 1.0.0 | Pat |").count(), 1);
    assert!(
        imported.report.notes.iter().any(|n| n.contains("more cells")),
        "{:?}",
        imported.report
    );
    // Nothing is lost: the table as written is in the unrecognised content.
    assert!(imported.plan.extra.contains("extra cell"), "{}", imported.plan.extra);
    assert!(imported.plan.extra.contains("`a | b`"), "{}", imported.plan.extra);
    assert!(render(&imported.plan).contains("| 2026-01-03 | 1.1.0 | Sam | uses `a | b` pipes |"));
    // An escaped pipe is a pipe in the cell, as on GitHub.
    let imported = import("# T\n\n## Revision History\n\n| Date | Version | Author | Notes |\n|---|---|---|---|\n| 2026-01-02 | 1.0.0 | Pat | a \\| b |\n");
    assert_eq!(imported.plan.revisions[0].notes, "a | b");
    assert!(imported.report.notes.is_empty(), "{:?}", imported.report);
}

#[test]
fn link_reference_and_footnote_definitions_are_kept() {
    let md = "# T\n\n## Scope\n\n- API ([docs][d])\n- Billing[^1]\n\n[d]: https://docs.example.com \"Docs\"\n[^1]: Only the EU region.\n\n## Purpose\n\nSee [the runbook][rb].\n\n[rb]: <https://runbook.example.com>\n";
    let imported = import(md);
    assert_eq!(imported.plan.scope.len(), 2);
    assert_eq!(imported.plan.scope[0].text, "API ([docs][d])");
    let extra = &imported.plan.extra;
    assert_eq!(extra.matches("[d]: https://docs.example.com \"Docs\"").count(), 1, "{extra}");
    assert!(extra.contains("[^1]: Only the EU region."), "{extra}");
    assert!(
        imported.plan.purpose.contains("[rb]: <https://runbook.example.com>"),
        "{:?}",
        imported.plan.purpose
    );
    assert!(
        imported.report.unrecognised.iter().any(|u| u.contains("[d]:")),
        "{:?}",
        imported.report
    );
    // Written back, the reference still resolves: the preview links to the definition.
    let out = render(&imported.plan);
    let html = html::to_html(&out);
    assert!(html.contains("href=\"https://docs.example.com\""), "{html}");
    assert!(html.contains("href=\"https://runbook.example.com\""), "{html}");
}

#[test]
fn what_the_import_leaves_out_or_reinterprets_is_reported() {
    let imported = import(TEMPLATE);
    let notes = &imported.report.notes;
    assert!(notes.iter().any(|n| n == HEADER_NOTE), "{notes:?}");
    let guidance = notes.iter().find(|n| n.starts_with("Left out the template's guidance"));
    // Metadata and Revision History have no guidance sentence in the template.
    assert!(guidance.is_some_and(|g| g.contains("in 8 sections (Purpose, Scope,")), "{notes:?}");
    let renamed =
        import("# T\n\n## Prerequisites\n\n- Backups verified\n\n## Rollback\n\n1. Revert\n");
    assert_eq!(
        renamed.report.notes,
        [
            "Read the heading \"Prerequisites\" as Preconditions.",
            "Read the heading \"Rollback\" as Rollback Plan."
        ]
    );
    // The editor's own Markdown needs no remark at all.
    let own = import(&render(&example_plan()));
    assert!(own.report.notes.is_empty(), "{:?}", own.report.notes);
}

/// Found by the fuzzer: a setext heading whose text spans several lines was matched by its
/// first line alone ("Metadata") and its other lines were lost.
#[test]
fn a_setext_heading_of_several_lines_is_not_a_section_by_its_first_line() {
    let imported = import("Metadata\nOwner: w1 release\n---\n\nText.\n");
    assert!(!imported.report.found.contains(&SectionId::Metadata), "{:?}", imported.report);
    // Before the document's title it is no section of its own either: it is kept.
    assert!(imported.plan.extra.contains("Owner: w1 release"), "{:?}", imported.plan.extra);
    let imported = import("# T\n\nMetadata\nOwner: w1 release\n---\n\nText.\n");
    let section = &imported.plan.added[0];
    assert_eq!(
        (section.title.as_str(), section.text.as_str()),
        ("Metadata Owner: w1 release", "Text.")
    );
    // A one-line setext heading still names a section.
    let imported = import("Metadata\n--------\n\nOwner: Pat\n");
    assert_eq!(imported.plan.owner, "Pat");
}

#[test]
fn free_text_keeps_its_block_structure() {
    let md = "# Plan\n\n## Purpose\n\nWhy we deploy:\n\n```sh\nmake deploy\n## not a heading\n```\n\n    indented code\n\n> a quote\n> more\n\n### Background\n\n- **a**\n  - nested\n\n## Scope\n\n- API\n";
    let imported = import(md);
    let purpose = &imported.plan.purpose;
    assert_eq!(
        purpose,
        "Why we deploy:\n\n```sh\nmake deploy\n## not a heading\n```\n\n    indented code\n\n> a quote\n> more\n\n### Background\n\n- **a**\n  - nested"
    );
    assert_eq!(imported.plan.scope.len(), 1);
    assert!(imported.report.unrecognised.is_empty(), "{:?}", imported.report);
    // Written back as it was: the preview and GitHub show the same blocks.
    let out = render(&imported.plan);
    assert!(out.contains(&format!("## Purpose\n\n{purpose}\n\n## Scope")), "{out}");
    let html = html::to_html(&out);
    for tag in ["<pre><code class=\"language-sh\">", "<blockquote>", "<h3>Background</h3>", "<ul>"]
    {
        assert!(html.contains(tag), "{tag} missing in {html}");
    }
}

#[test]
fn free_text_that_would_swallow_the_document_is_neutralised_and_reported() {
    let md = "# Plan\n\n## Purpose\n\nRun:\n\n```\nmake deploy\n";
    let imported = import(md);
    assert_eq!(imported.plan.purpose, "Run:\n\n```\nmake deploy");
    assert!(
        imported.report.notes.iter().any(|n| n.starts_with("In Purpose, 1 line that would end")),
        "{:?}",
        imported.report.notes
    );
    let out = render(&imported.plan);
    assert!(out.contains("Run:\n\n&#96;``\nmake deploy\n\n## Scope"), "{out}");
    // Our own download reads back with no such note.
    let again = import(&out);
    assert_eq!(again.plan, imported.plan);
    assert!(again.report.notes.iter().all(|n| !n.starts_with("In Purpose")));
}

#[test]
fn list_items_keep_nested_lists_paragraphs_and_code() {
    let md = "## Deployment Steps\n\n1. Deploy\n   - sub a\n   - sub b\n2. Migrate\n\n   Then check:\n\n   ```sh\n   kubectl rollout status deploy/x\n   ```\n3. Done\n- lazy\nline\n";
    let imported = import(md);
    let steps: Vec<&str> = imported.plan.steps.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(
        steps,
        [
            "Deploy\n- sub a\n- sub b",
            "Migrate\n\nThen check:\n\n```sh\nkubectl rollout status deploy/x\n```",
            "Done",
            "lazy\nline"
        ]
    );
    let out = render(&imported.plan);
    assert!(
        out.contains("1. Deploy\n   - sub a\n   - sub b\n2. Migrate\n\n   Then check:\n\n   ```sh\n   kubectl rollout status deploy/x\n   ```\n3. Done\n4. lazy\n   line\n"),
        "{out}"
    );
    assert_eq!(import(&out).plan.steps, imported.plan.steps);
    // A tab after the marker reaches the content column as spaces would.
    let tabbed = import("## Scope\n\n-\ttab item\n\ttab continuation\n");
    assert_eq!(tabbed.plan.scope[0].text, "tab item\ntab continuation");
}
