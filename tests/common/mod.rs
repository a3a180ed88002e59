//! Generators shared by the property tests: plans whose every field holds text built
//! from the characters that matter to Markdown.

use deployment_plan_editor::plan::model::items;
use deployment_plan_editor::plan::*;
use proptest::prelude::*;

/// Text made of pieces that are hostile to Markdown: block markers, pipes, fences,
/// references, HTML, line breaks, surrounding spaces, non-ASCII.
pub fn any_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "#", "##", "-", "*", "+", "1.", "2)", ">", "|", "`", "```", "~~~", "<", "&", "&#", "&#32;",
        "&#38;", "\\", " ", "  ", "\t", "\n", "\r\n", "=", "_", ":", "---", "[", "]:", ",", ", ",
        "a", "word", "ünï", "日本", "[x](y)", "**", "<b>", "<!--", "\u{a0}",
    ]);
    prop::collection::vec(pieces, 0..10).prop_map(|v| v.concat())
}

/// Details for a step: each empty or any text.
fn any_details() -> impl Strategy<Value = Details> {
    let detail = prop_oneof![Just(String::new()), any_text()];
    (detail.clone(), detail.clone(), detail).prop_map(|(owner, duration, check)| Details {
        owner,
        duration,
        check,
    })
}

fn any_items() -> impl Strategy<Value = Vec<Item>> {
    prop::collection::vec((any_text(), any_details()), 0..4).prop_map(|v| {
        let texts: Vec<&String> = v.iter().map(|(t, _)| t).collect();
        let mut list = items(1, &texts);
        for (item, (_, details)) in list.iter_mut().zip(v) {
            item.details = details;
        }
        list
    })
}

prop_compose! {
    pub fn any_plan()(
        title in any_text(),
        purpose in prop::collection::vec(any_text(), 0..4).prop_map(|v| v.join("\n")),
        lists in prop::collection::vec(any_items(), 8),
        approval_date in any_text(), owner in any_text(), metadata_reviewers in any_text(),
        last_updated in any_text(), status in prop::sample::select(Status::ALL.to_vec()),
        revisions in prop::collection::vec((any_text(), any_text(), any_text(), any_text()), 0..4),
        header in (any::<bool>(), prop::collection::vec(any_text(), 9)),
    ) -> Plan {
        let mut plan = Plan { title, purpose, approval_date, owner, metadata_reviewers, last_updated, status, ..Plan::default() };
        plan.header.enabled = header.0;
        for (field, text) in header::HeaderField::ALL.into_iter().zip(header.1) {
            *field.get_mut(&mut plan.header) = text;
        }
        for (id, list) in ListId::ALL.into_iter().zip(lists) {
            *plan.list_mut(id) = list;
        }
        plan.revisions = revisions.into_iter().enumerate()
            .map(|(i, (date, version, author, notes))| Revision { id: 100 + i as u64, date, version, author, notes })
            .collect();
        plan
    }
}
