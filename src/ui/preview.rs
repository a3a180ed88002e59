//! The live preview, updated in place: every list item and every revision cell is its own
//! keyed element rendered from its own signal, and each small section (title, Purpose,
//! Review and Approval, Metadata, unrecognised content) is rendered from just its fields.
//! Typing into Step 500 of 1,000 re-renders one `<li>`; nothing else is re-parsed.

use super::added::placed_at;
use super::editor::Editor;
use super::fields::is_long;
use crate::plan::added;
use crate::plan::codec::{encode, CELL};
use crate::plan::html::{cell_html, is_loose, item_html, to_html};
use crate::plan::markdown::{
    list_item, one_line, render, render_section, render_title, REVISION_HEADERS,
};
use crate::plan::model::extra_normal;
use crate::plan::{Kind, ListId, Plan, SectionSpec, SECTIONS};
use leptos::prelude::*;

/// Text longer than this is previewed in part: laying out megabytes of text would freeze
/// the page for seconds (the download always has everything).
const PREVIEW_LIMIT: usize = 200_000;

/// Cuts `md` at a line break before the limit; returns the kept part and a note on the rest.
fn shortened(md: &str) -> (&str, Option<String>) {
    if md.len() <= PREVIEW_LIMIT {
        return (md, None);
    }
    let mut cut = PREVIEW_LIMIT;
    while !md.is_char_boundary(cut) {
        cut -= 1;
    }
    let cut = md[..cut].rfind('\n').unwrap_or(cut);
    let hidden = md[cut..].chars().count();
    let note = format!(
        "<p class=\"preview-note\"><em>Preview shortened: {hidden} more characters are not shown here. Download Markdown has everything.</em></p>"
    );
    (&md[..cut], Some(note))
}

/// `render` of `text`, or of its first part followed by a note when it is very long.
fn limited(text: &str, render: impl FnOnce(&str) -> String) -> String {
    let (kept, note) = shortened(text);
    render(kept) + note.as_deref().unwrap_or("")
}

/// A revision cell as it reads inside the table.
fn revision_cell_html(value: &str) -> String {
    limited(value, |kept| cell_html(&encode(&one_line(kept), CELL)))
}

/// A part of the document rendered from Markdown that `md` writes from a few fields.
fn part(md: impl Fn() -> String + Send + Sync + 'static) -> impl IntoView {
    let html = Memo::new(move |_| limited(&md(), to_html));
    view! { <div class="doc-part" inner_html=move || html.get()></div> }
}

/// A list section: its heading and one keyed `<li>` per item.
fn list_part(
    spec: &'static SectionSpec,
    editor: Editor,
    list: ListId,
    numbered: bool,
) -> impl IntoView {
    let items = editor.list(list);
    let marker = if numbered { "1." } else { "-" };
    let with_details = matches!(spec.kind, Kind::List { list, .. } if list.has_details());
    // Only an item with a blank line inside can make the list loose (checked without parsing
    // the others). Read from the settled plan, one source, not from every item's signals:
    // each `<li>` reads this memo, and a memo's read costs as much as its sources.
    let loose = Memo::new(move |_| {
        editor.settled.with(|plan| {
            plan.list(list).iter().any(|i| {
                i.text.contains("\n\n")
                    && is_loose(&list_item(marker, &i.text, with_details.then_some(&i.details)))
            })
        })
    });
    let rows = move || {
        view! {
            <For each=move || editor.on_page(items) key=|item| item.text let:item>
                <li inner_html=move || {
                    let loose = loose.get();
                    let details = with_details.then(|| item.details());
                    item.text.with(|t| limited(t, |kept| item_html(&list_item(marker, kept, details.as_ref()), loose)))
                }></li>
            </For>
        }
    };
    view! {
        <div class="doc-part">
            <h2>{spec.title}</h2>
            {move || {
                if items.with(Vec::is_empty) {
                    None
                } else if numbered {
                    Some(view! { <ol class:long=is_long(items)>{rows()}</ol> }.into_any())
                } else {
                    Some(view! { <ul class:long=is_long(items)>{rows()}</ul> }.into_any())
                }
            }}
        </div>
    }
}

/// The Revision History table: one keyed row per revision, one cell per field.
fn revisions_part(spec: &'static SectionSpec, editor: Editor) -> impl IntoView {
    let rows = editor.revisions;
    view! {
        <div class="doc-part">
            <h2>{spec.title}</h2>
            <table>
                <thead><tr>{REVISION_HEADERS.map(|h| view! { <th>{h}</th> }).into_iter().collect_view()}</tr></thead>
                <tbody class:long=is_long(rows)>
                    <For each=move || editor.on_page(rows) key=|row| row.date let:row>
                        <tr>
                            {row.cells().map(|(_, value)| view! { <td inner_html=move || value.with(|v| revision_cell_html(v))></td> }).into_iter().collect_view()}
                        </tr>
                    </For>
                </tbody>
            </table>
        </div>
    }
}

/// A plan holding only what `spec`'s section shows, read from the editor (so the section
/// depends on its own fields alone).
fn section_fields(editor: Editor, spec: &SectionSpec) -> Plan {
    let mut plan = Plan::default();
    match spec.kind {
        Kind::Text => plan.purpose = editor.purpose.get(),
        Kind::Approval => {
            plan.approvers = editor.items(ListId::Approvers);
            plan.reviewers = editor.items(ListId::Reviewers);
            plan.approval_date = editor.approval_date.get();
        }
        Kind::Metadata => {
            plan.owner = editor.owner.get();
            plan.metadata_reviewers = editor.metadata_reviewers.get();
            plan.status = editor.status.get();
            plan.last_updated = editor.last_updated.get();
        }
        Kind::List { .. } | Kind::Revisions => {}
    }
    plan
}

#[component]
pub fn Preview(editor: Editor) -> impl IntoView {
    let title = part(move || {
        editor.title.with(|t| render_title(&Plan { title: t.clone(), ..Plan::default() }))
    });
    // Added sections, each rendered from its own values, where they are placed.
    let added_at = move |at: usize| {
        view! {
            <For each=move || placed_at(editor, at) key=|s| s.title let:s>
                {part(move || added::write_for_preview(&s.snapshot(), added::OPTIONAL))}
            </For>
        }
    };
    let sections = SECTIONS
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let section = match spec.kind {
                Kind::List { list, numbered } => list_part(spec, editor, list, numbered).into_any(),
                Kind::Revisions => revisions_part(spec, editor).into_any(),
                _ => part(move || render_section(&section_fields(editor, spec), spec)).into_any(),
            };
            view! { {section}{added_at(i + 1)} }
        })
        .collect_view();
    let sections = view! { {added_at(0)}{sections} };
    // Unrecognised content as it is (the comment before it in the Markdown is not shown).
    let extra = part(move || editor.extra.with(|e| extra_normal(e)));
    // The raw Markdown is generated only while its view is open: a keystroke in a plan of
    // 1,000 steps must not render it in vain. The summary's click writes it at once, before
    // the details opens: the `toggle` event comes a task later, and until then the open box
    // would be empty. `toggle` still keeps up with any other way of opening or closing it.
    let details = NodeRef::<leptos::html::Details>::new();
    let code = NodeRef::<leptos::html::Code>::new();
    let (source_open, set_source_open) = signal(false);
    let source = Memo::new(move |_| source_open.get().then(|| editor.settled.with(render)));
    let show = move |md: Option<&str>| {
        if let Some(code) = code.get_untracked() {
            code.set_text_content(Some(md.unwrap_or("")));
        }
    };
    // While open, every change of the plan.
    Effect::new(move |_| source.with(|md| show(md.as_deref())));
    let set_open = move |open: bool| {
        if source_open.get_untracked() != open {
            set_source_open.set(open);
            source.with_untracked(|md| show(md.as_deref()));
        }
    };
    let on_summary_click = move |_| {
        if let Some(details) = details.get_untracked() {
            set_open(!details.open());
        }
    };
    view! {
        <section class="preview" aria-labelledby="preview-heading">
            <p id="preview-heading" class="pane-title">"Preview"</p>
            <article class="doc">{title}{sections}{extra}</article>
        </section>
        <details class="source" node_ref=details on:toggle=move |ev| {
            set_open(event_target::<web_sys::HtmlDetailsElement>(&ev).open());
        }>
            <summary on:click=on_summary_click>"Markdown"</summary>
            <pre class="markdown" tabindex="0" role="region" aria-label="Markdown source"><code node_ref=code></code></pre>
        </details>
    }
}
