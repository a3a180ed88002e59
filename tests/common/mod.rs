//! Generators shared by the property tests: plans whose every field holds text built
//! from the characters that matter to Markdown.

use deployment_plan_editor::plan::model::items;
use deployment_plan_editor::plan::*;
use proptest::prelude::*;

/// Text made of pieces that are hostile to Markdown: block markers, pipes, fences,
/// references, HTML, line breaks, surrounding spaces, non-ASCII.
pub fn any_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "#",
        "##",
        "-",
        "*",
        "+",
        "1.",
        "2)",
        ">",
        "|",
        "`",
        "```",
        "~~~",
        "<",
        "&",
        "&#",
        "&#32;",
        "&#38;",
        "\\",
        " ",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "=",
        "_",
        ":",
        "---",
        "[",
        "]:",
        ",",
        ", ",
        "a",
        "word",
        "ünï",
        "日本",
        "[x](y)",
        "**",
        "<b>",
        "<!--",
        "\u{a0}",
        "<!-- section kind: list -->",
        "<!-- Not part of the template: kept as it was written. -->",
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

/// An added section: an optional one of any definition, or a custom one of any kind, with
/// hostile text in its title, values, items, column names and cells; at any place.
fn any_section() -> impl Strategy<Value = added::Section> {
    let anchors: Vec<String> =
        std::iter::once(String::new()).chain(SECTIONS.iter().map(|s| s.key.to_string())).collect();
    let defs: Vec<Option<&'static str>> =
        std::iter::once(None).chain(added::OPTIONAL.iter().map(|d| Some(d.key))).collect();
    let value = prop_oneof![
        Just(String::new()),
        Just("High".to_string()),
        Just("2026-12-01 22:00".to_string()),
        any_text()
    ];
    (
        prop::sample::select(defs),
        prop::sample::select(added::CustomKind::ALL.to_vec()),
        prop_oneof![any_text(), Just("Scope".to_string()), Just("Risks".to_string())],
        prop::sample::select(anchors),
        prop::collection::vec(any_text(), 0..3).prop_map(|v| v.join("\n")),
        prop::collection::vec(value, 0..4),
        prop::collection::vec(any_text(), 0..3),
        prop::collection::vec(any_text(), 0..3),
        prop::collection::vec(prop::collection::vec(any_text(), 0..4), 0..3),
    )
        .prop_map(|(def, kind, title, after, text, fields, items, columns, rows)| {
            added::Section {
                id: 0,
                optional: def.unwrap_or_default().to_string(),
                kind,
                title,
                after,
                text,
                fields,
                items: model::items(1, &items),
                columns,
                rows: rows.into_iter().map(|cells| added::Row { id: 0, cells }).collect(),
            }
        })
}

/// Up to four added sections, each optional definition at most once.
fn any_sections() -> impl Strategy<Value = Vec<added::Section>> {
    prop::collection::vec(any_section(), 0..4).prop_map(|mut v| {
        let mut seen = std::collections::HashSet::new();
        v.retain(|s| s.optional.is_empty() || seen.insert(s.optional.clone()));
        v
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
        added in any_sections(),
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
        plan.added = added;
        plan.renumber();
        plan
    }
}
