//! Conservation: a hand-written plan, in any of the styles people write, imports with
//! nothing lost. Documents are generated from template sections and foreign blocks in many
//! styles; every piece of content carries a unique word (`w17`), and each word must appear
//! in the downloaded Markdown (the import rendered again) exactly as often as in the source.
//! What the importer leaves out on purpose (guidance, the template's licence comment) is
//! never a content word; the report says so (tests/import.rs).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test panics")]

use deployment_plan_editor::plan::import::import;
use deployment_plan_editor::plan::{render, Plan};
use proptest::prelude::*;
use std::collections::BTreeMap;

#[path = "common/words.rs"]
mod words;
use words::words;

/// One block of a generated document, with `{}` where content words go.
fn block() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "{} {} paragraph.",
        "A paragraph\nwith a second line {} and `code {}`.",
        "- {}\n- {} item\n  - nested {}\n    1. deeper {}\n- {}",
        "* {}\n* {}",
        "+ {} plus",
        "1. {}\n2. {}\n   continued {}\n3) {}",
        "1) {}\n   ```\n   code in item {}\n   ```",
        "- [ ] {} check\n- [x] {} done",
        "```sh\nrun {} --flag\n# comment {}\n```",
        "~~~\n{}\n~~~",
        "    indented code {}\n    more {}",
        "> quoted {}\n> > nested quote {}",
        "<!-- a comment {} -->",
        "<details>\n<summary>{}</summary>\n\n{}\n</details>",
        "| A | B |\n|---|:-:|\n| {} | {} |\n| {} | {} | {} extra |\n| {} |",
        "| Esc | Pipe |\n| --- | --- |\n| a \\| {} | `x | {}` |",
        "See [docs][d{}] and the note[^{}].\n\n[d{}]: https://example.com/{}\n[^{}]: Footnote {}.",
        "---",
        "***",
        "Term {}\n: definition {}",
        "**Owner:** {}",
        "Owner - {}",
        "_Status_: {}",
        "Approvers: {}, {}",
        "Line with trailing spaces {}  \nand a hard break {}",
        "\tTabbed {} line",
        "&#35; not a heading {} &amp; {}",
    ])
}

/// A heading line before a section body: template sections in several spellings and
/// levels, and foreign sections.
fn heading() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "## Purpose",
        "### purpose",
        "## Scope",
        "## Preconditions",
        "## Prerequisites",
        "## Deployment Steps",
        "## Steps",
        "## Validation",
        "## Rollback",
        "## Rollback Plan:",
        "## Communications",
        "## Review and Approval",
        "## Metadata",
        "## Revision History",
        "## Notes {}",
        "### Sub-heading {}",
        "#### Deep {} ####",
        "Setext {}\n---",
        "Setext one {}\n===",
        "# Second title {}",
    ])
}

/// A generated hand-written document and the number of times each content word occurs.
fn document() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec((heading(), prop::collection::vec(block(), 0..4)), 0..8),
        prop::collection::vec(block(), 0..3),
    )
        .prop_map(|(bom, crlf, title, front_matter, sections, preamble)| {
            let mut n = 0;
            let mut fill = |template: &str| {
                let mut out = String::new();
                for (i, part) in template.split("{}").enumerate() {
                    if i > 0 {
                        n += 1;
                        out.push_str(&format!("w{n}"));
                    }
                    out.push_str(part);
                }
                out
            };
            let mut doc = String::new();
            if bom {
                doc.push('\u{feff}');
            }
            if front_matter {
                doc.push_str(&fill("---\ntitle: {}\n---\n\n"));
            }
            if title {
                doc.push_str(&fill("# Release {}\n\n"));
            }
            for b in preamble {
                doc.push_str(&fill(b));
                doc.push_str("\n\n");
            }
            for (h, blocks) in sections {
                doc.push_str(&fill(h));
                doc.push_str("\n\n");
                for b in blocks {
                    doc.push_str(&fill(b));
                    doc.push_str("\n\n");
                }
            }
            if crlf {
                doc = doc.replace('\n', "\r\n");
            }
            doc
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]
    #[test]
    fn every_content_word_survives_import_and_download(doc in document()) {
        let imported = import(&doc);
        let downloaded = render(&imported.plan);
        prop_assert_eq!(words(&downloaded), words(&doc), "\n--- source ---\n{}\n--- downloaded ---\n{}", doc, downloaded);
        // And the download reads back to the same fields, with every word still there
        // (unrecognised content is Markdown as written: it may be split differently).
        let again = import(&downloaded).plan;
        prop_assert_eq!(words(&render(&again)), words(&doc));
        prop_assert_eq!(
            Plan { extra: String::new(), ..again },
            Plan { extra: String::new(), ..imported.plan.normalized() }
        );
    }
}

#[test]
fn the_word_counter_counts_whole_words() {
    let counted = words("w1 w1, xw2 w3x (w4) w55");
    let want: BTreeMap<String, usize> =
        [("w1", 2), ("w4", 1), ("w55", 1)].into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    assert_eq!(counted, want);
}

/// The hand-written plan of issue 17's "done when": every piece is in a field or kept.
#[test]
fn a_hand_written_plan_keeps_every_piece() {
    let source = include_str!("fixtures/handwritten.md");
    assert!(source.starts_with('\u{feff}'));
    let imported = import(source);
    let plan = &imported.plan;
    assert_eq!(plan.title, "Payments w2 rollout");
    assert!(plan.purpose.contains("[runbook][rb]") && plan.purpose.contains("deploy/w4"));
    assert_eq!(plan.approvers.iter().map(|i| i.text.as_str()).collect::<Vec<_>>(), ["w17", "w18"]);
    assert_eq!(plan.approval_date, "2026-11-20");
    assert_eq!(plan.owner, "w19");
    assert_eq!(plan.status, deployment_plan_editor::plan::Status::Approved);
    assert_eq!(plan.last_updated, "2026-11-21");
    assert!(plan.revisions.is_empty(), "a table with extra cells is kept whole, not half-read");
    let steps: Vec<&str> = plan.steps.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(
        steps,
        [
            "Drain w10\n- sub step w11\n- sub step w12",
            "Deploy w13\n```\nmake deploy w14\n```",
            "Verify w15"
        ]
    );
    let downloaded = render(plan);
    assert_eq!(words(&downloaded), words(source), "{downloaded}");
    // It renders with the same structure: Purpose's code block and quote, the nested steps.
    let html = deployment_plan_editor::plan::html::to_html(&downloaded);
    for piece in [
        "<pre><code class=\"language-sh\">kubectl rollout status deploy/w4",
        "<blockquote>\n<p>Note w5",
        "<li>Drain w10\n<ul>\n<li>sub step w11</li>",
        "<pre><code>make deploy w14\n</code></pre>",
    ] {
        assert!(html.contains(piece), "{piece} not in\n{html}");
    }
    let notes = imported.report.notes.join("\n");
    for expected in ["byte-order mark", "\"Prerequisites\" as Preconditions", "more cells"] {
        assert!(notes.contains(expected), "{expected}: {notes}");
    }
}
