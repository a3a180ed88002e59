//! Plan → Markdown, following the template's structure. Values go through
//! [`super::codec`], so user text can never change the document's structure and reads
//! back exactly (see `import`).

use super::added;
use super::blocktext;
use super::codec::{encode, Context, CELL, HEADING, LINE, NAME};
use super::model::{Detail, Details, Item, ListId, Plan, Revision};
use super::sections::{Kind, SectionSpec, SECTIONS};
use std::borrow::Cow;
use std::fmt::Write;

/// The whole document. Every piece writes the plan's normal form.
pub fn render(plan: &Plan) -> String {
    render_with(plan, added::OPTIONAL)
}

/// [`render`] with `defs` as the optional sections it knows.
pub fn render_with(plan: &Plan, defs: &[added::OptionalDef]) -> String {
    let mut out = super::header::render(&plan.header);
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&render_title(plan));
    for (i, spec) in std::iter::once(None).chain(SECTIONS.iter().map(Some)).enumerate() {
        if let Some(spec) = spec {
            out.push('\n');
            out.push_str(&render_section(plan, spec));
        }
        let last = i == SECTIONS.len();
        // Sections placed nowhere known (outside data) are not lost: they come last.
        for s in plan.added.iter().filter(|s| match added::anchor_index(&s.after) {
            Some(a) => a == i,
            None => last,
        }) {
            out.push('\n');
            out.push_str(&added::write(s, defs));
        }
    }
    let extra = render_extra(plan);
    if !extra.is_empty() {
        out.push('\n');
        out.push_str(&extra);
    }
    out
}

/// The `# Title` line (just `#` while there is no title).
pub fn render_title(plan: &Plan) -> String {
    let title = encode(&one_line(&plan.title), HEADING);
    if title.is_empty() {
        "#\n".to_string()
    } else {
        format!("# {title}\n")
    }
}

/// One `## Section` with its body; ends with a newline.
pub fn render_section(plan: &Plan, spec: &SectionSpec) -> String {
    let mut out = format!("## {}\n", spec.title);
    let body = match spec.kind {
        Kind::Text => free_text(&plan.purpose),
        Kind::List { list, numbered } => list_block(plan, list, numbered),
        Kind::Approval => approval(plan),
        Kind::Metadata => metadata(plan),
        Kind::Revisions => revision_table(&plan.revisions),
    };
    if !body.is_empty() {
        out.push('\n');
        out.push_str(&body);
    }
    out
}

/// The comment before unrecognised content: what follows it is read back as such, whatever
/// it holds (headings included), not taken into the section before it or into new ones.
pub const EXTRA_MARK: &str = "<!-- Not part of the template: kept as it was written. -->";

/// Unrecognised content kept from an import, written as it was after [`EXTRA_MARK`].
pub fn render_extra(plan: &Plan) -> String {
    let extra = super::model::extra_normal(&plan.extra);
    if extra.is_empty() {
        String::new()
    } else {
        format!("{EXTRA_MARK}\n\n{extra}\n")
    }
}

fn list_block(plan: &Plan, list: ListId, numbered: bool) -> String {
    let items = plan.list(list);
    let mut out = String::with_capacity(items.iter().map(|i| i.text.len() + 8).sum());
    for (i, item) in items.iter().enumerate() {
        let marker = if numbered { format!("{}.", i + 1) } else { "-".to_string() };
        out.push_str(&list_item(&marker, &item.text, list.has_details().then_some(&item.details)));
    }
    out
}

/// A list item as written after `marker` (`-`, `3.`), ending with a newline. The first line
/// is encoded like any line of text; further lines are Markdown (a nested list, a command on
/// its own line, a code block), indented to stay inside the item (see [`blocktext`]). A step's
/// `details` (given for the lists that have them) follow as a nested list, `- Owner: …`.
pub fn list_item(marker: &str, text: &str, details: Option<&Details>) -> String {
    let text = super::model::item_normal(text);
    let (first, rest) = match text.split_once('\n') {
        Some((first, rest)) => (first, Some(rest)),
        None => (text.as_str(), None),
    };
    let first = encode(first, LINE);
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(marker);
    if !first.is_empty() {
        out.push(' ');
        out.push_str(&first);
    }
    out.push('\n');
    let indent = " ".repeat(marker.len() + 1);
    if let Some(rest) = rest {
        // No heading ends an item, but a fence or HTML block left open would run to its end.
        let written = blocktext::write(&format!("{first}\n{rest}"), &|_, _| false).text;
        let mut lines: Vec<String> = written.split('\n').skip(1).map(str::to_string).collect();
        // Text whose last lines read like details is not taken for them (nor looks like them).
        if details.is_some() {
            for line in lines.iter_mut().rev().take_while(|l| detail_line(l).is_some()) {
                let at = line.len() - line.trim_start().len();
                let c = line[at..].chars().next().unwrap_or('-');
                line.replace_range(at..at + c.len_utf8(), &format!("&#{};", c as u32));
            }
        }
        for line in lines {
            if !line.is_empty() {
                out.push_str(&indent);
                out.push_str(&line);
            }
            out.push('\n');
        }
    }
    for d in Detail::ALL {
        let value = one_line(details.map_or("", |details| d.get(details).as_str()));
        let value = value.trim_matches([' ', '\t']);
        if !value.is_empty() {
            let value = encode(value, Context::default());
            let _ = writeln!(out, "{indent}- {}: {value}", d.label());
        }
    }
    out
}

/// A line of an item's further lines that states a detail: `- Owner: DBA on call` (any
/// bullet, the label in any case, a value after the colon); the detail and that value.
pub fn detail_line(line: &str) -> Option<(Detail, &str)> {
    let t = line.trim_start_matches(' ');
    let t = t.strip_prefix(['-', '*', '+'])?.strip_prefix([' ', '\t'])?.trim_start();
    let (label, value) = t.split_once(':')?;
    let detail = Detail::ALL.into_iter().find(|d| d.label().eq_ignore_ascii_case(label.trim()))?;
    // `- Owner:` with nothing after it states nothing: it stays text.
    (!value.trim_matches([' ', '\t']).is_empty()).then_some((detail, value))
}

/// Free text (Purpose): Markdown as written, with only what would break the document
/// neutralised (see [`blocktext`]).
pub fn free_text(text: &str) -> String {
    let text = super::model::markdown_text(text);
    if text.is_empty() {
        return String::new();
    }
    let mut out = blocktext::write(&text, &super::import::ends_section).text;
    out.push('\n');
    out
}

fn approval(plan: &Plan) -> String {
    // An empty list is `Approvers:`; a non-empty one always has the space after the
    // colon, so that a single empty name (`Approvers: `) still reads back.
    let names = |label: &str, list: &[Item]| {
        if list.is_empty() {
            format!("{label}:\n")
        } else {
            let joined: Vec<String> =
                list.iter().map(|i| encode(&one_line(&i.text), NAME)).collect();
            format!("{label}: {}\n", joined.join(", "))
        }
    };
    let date = encode(&one_line(&plan.approval_date), Context::default());
    [
        names("Approvers", &plan.approvers),
        names("Reviewers", &plan.reviewers),
        if date.is_empty() {
            "Approval date:\n".into()
        } else {
            format!("Approval date: {date}\n")
        },
    ]
    .join("\n")
}

/// `Label: value` inside the fenced block: written verbatim (a code block shows
/// everything as typed).
fn fenced_line(label: &str, value: &str) -> String {
    if value.is_empty() {
        format!("{label}:\n")
    } else {
        format!("{label}: {value}\n")
    }
}

fn metadata(plan: &Plan) -> String {
    let body = [
        fenced_line("Owner", &one_line(&plan.owner)),
        fenced_line("Reviewers", &one_line(&plan.metadata_reviewers)),
        fenced_line("Status", plan.status.label()),
        fenced_line("Last Updated", &one_line(&plan.last_updated)),
    ]
    .concat();
    // The fence is longer than any run of backticks inside, so no value can close it.
    let longest_run = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat((longest_run + 1).max(3));
    format!("{fence}\n{body}{fence}\n")
}

pub const REVISION_HEADERS: [&str; 4] = ["Date", "Version", "Author", "Notes"];

fn revision_table(revisions: &[Revision]) -> String {
    let headers = REVISION_HEADERS.map(str::to_string);
    let rows: Vec<Vec<String>> = revisions
        .iter()
        .map(|r| [&r.date, &r.version, &r.author, &r.notes].map(|c| c.to_string()).to_vec())
        .collect();
    table(&headers, &rows)
}

/// A pipe table with aligned columns; headers and cells are encoded (`|` as `&#124;`). Rows
/// have as many cells as there are headers.
pub fn table(headers: &[String], rows: &[Vec<String>]) -> String {
    let cell = |c: &str| encode(&one_line(c), CELL);
    let headers: Vec<String> = headers.iter().map(|h| cell(h)).collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| (0..headers.len()).map(|i| cell(r.get(i).map_or("", String::as_str))).collect())
        .collect();
    // A delimiter cell needs at least three dashes to read well everywhere.
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count().max(3)).collect();
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::from("|");
        for (c, w) in cells.iter().zip(&widths) {
            s.push(' ');
            s.push_str(c);
            s.push_str(&" ".repeat(w - c.chars().count()));
            s.push_str(" |");
        }
        s.push('\n');
        s
    };
    let mut out = line(&headers);
    out.push_str(&line(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>()));
    for row in &rows {
        out.push_str(&line(row));
    }
    out
}

/// A single-line field in normal form (line breaks become spaces).
pub fn one_line(text: &str) -> Cow<'_, str> {
    if text.contains(['\n', '\r']) {
        Cow::Owned(text.replace("\r\n", " ").replace(['\r', '\n'], " "))
    } else {
        Cow::Borrowed(text)
    }
}
