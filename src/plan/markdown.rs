//! Plan → Markdown, following the template's structure.
//!
//! User text is written as typed except where it would change the document's structure:
//! a line that would start a block (heading, list, quote, fence, table delimiter, HTML
//! block, setext underline) gets one backslash, `|` in table cells and `,` in the
//! comma-separated name lines are escaped, and single-line fields fold newlines into
//! spaces. Inline Markdown (`code`, **bold**, links) is left as written.

use super::model::{ListId, Plan, Revision};
use super::sections::{Kind, SectionSpec, SECTIONS};

/// The heading written when the plan has no title yet.
pub const UNTITLED: &str = "Deployment Plan";

/// The whole document.
pub fn render(plan: &Plan) -> String {
    let mut out = render_title(plan);
    for spec in SECTIONS {
        out.push('\n');
        out.push_str(&render_section(plan, spec));
    }
    out
}

/// The `# Title` line and the blank line after it.
pub fn render_title(plan: &Plan) -> String {
    let title = single_line(&plan.title);
    let title = if title.is_empty() { UNTITLED.to_string() } else { escape_heading(&title) };
    format!("# {title}\n")
}

/// One `## Section` with its body; ends with a newline.
pub fn render_section(plan: &Plan, spec: &SectionSpec) -> String {
    let mut out = format!("## {}\n", spec.title);
    let body = match spec.kind {
        Kind::Text => paragraphs(&plan.purpose),
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

fn list_block(plan: &Plan, list: ListId, numbered: bool) -> String {
    let mut out = String::new();
    for (i, item) in plan.list(list).iter().enumerate() {
        let marker = if numbered { format!("{}. ", i + 1) } else { "- ".to_string() };
        list_item(&mut out, &marker, &item.text);
    }
    out
}

/// Writes one list item. Continuation lines are indented to the item's content column so
/// they stay inside the item; each line is escaped so it cannot start a new block.
fn list_item(out: &mut String, marker: &str, text: &str) {
    let indent = " ".repeat(marker.len());
    // An item may start with at most one blank line, so leading blank lines are dropped.
    let mut lines = text.lines().map(str::trim).skip_while(|l| l.is_empty());
    out.push_str(marker.trim_end());
    if let Some(first) = lines.next() {
        if !first.is_empty() {
            out.push(' ');
            out.push_str(&escape_block_start(first));
        }
    }
    out.push('\n');
    for line in lines {
        if !line.is_empty() {
            out.push_str(&indent);
            out.push_str(&escape_block_start(line));
        }
        out.push('\n');
    }
}

/// Free text as paragraphs: blank lines separate paragraphs, single newlines are kept.
fn paragraphs(text: &str) -> String {
    let mut out = String::new();
    let mut blank_pending = false;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        if blank_pending {
            out.push('\n');
            blank_pending = false;
        }
        out.push_str(&escape_block_start(line));
        out.push('\n');
    }
    out
}

fn approval(plan: &Plan) -> String {
    let names = |list: &[super::model::Item]| {
        list.iter()
            .map(|i| single_line(&i.text).replace(',', "\\,"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    [
        labelled("Approvers", &names(&plan.approvers)),
        labelled("Reviewers", &names(&plan.reviewers)),
        labelled("Approval date", &single_line(&plan.approval_date)),
    ]
    .join("\n")
}

/// `Label: value` on a line of its own, followed by a newline; no trailing space when empty.
fn labelled(label: &str, value: &str) -> String {
    if value.is_empty() {
        format!("{label}:\n")
    } else {
        format!("{label}: {value}\n")
    }
}

fn metadata(plan: &Plan) -> String {
    let body = [
        labelled("Owner", &single_line(&plan.owner)),
        labelled("Reviewers", &single_line(&plan.metadata_reviewers)),
        labelled("Status", plan.status.label()),
        labelled("Last Updated", &single_line(&plan.last_updated)),
    ]
    .concat();
    // The fence is longer than any run of backticks inside, so no value can close it.
    let longest_run = body
        .split(|c| c != '`')
        .map(str::len)
        .max()
        .unwrap_or(0);
    let fence = "`".repeat((longest_run + 1).max(3));
    format!("{fence}\n{body}{fence}\n")
}

const REVISION_HEADERS: [&str; 4] = ["Date", "Version", "Author", "Notes"];

fn revision_table(revisions: &[Revision]) -> String {
    let rows: Vec<[String; 4]> = revisions
        .iter()
        .map(|r| [&r.date, &r.version, &r.author, &r.notes].map(|c| table_cell(c)))
        .collect();
    let mut widths = REVISION_HEADERS.map(|h| h.len());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 4]| {
        let mut s = String::from("|");
        for (cell, w) in cells.iter().zip(widths) {
            let pad = w - cell.chars().count();
            s.push(' ');
            s.push_str(cell);
            s.push_str(&" ".repeat(pad));
            s.push_str(" |");
        }
        s.push('\n');
        s
    };
    let mut out = line(REVISION_HEADERS);
    let dashes = widths.map(|w| "-".repeat(w));
    out.push_str(&line([&dashes[0], &dashes[1], &dashes[2], &dashes[3]]));
    for row in &rows {
        out.push_str(&line([&row[0], &row[1], &row[2], &row[3]]));
    }
    out
}

/// A table cell: one line, `|` escaped so it cannot split the cell.
fn table_cell(text: &str) -> String {
    single_line(text).replace('|', "\\|")
}

/// Folds a value onto one line: inner line breaks become spaces, ends are trimmed.
pub fn single_line(text: &str) -> String {
    text.split(['\n', '\r']).map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Heading text: a trailing run of `#` would be taken as the closing sequence.
fn escape_heading(text: &str) -> String {
    let trimmed = text.trim_end_matches('#');
    if trimmed.len() == text.len() || !(trimmed.is_empty() || trimmed.ends_with([' ', '\t'])) {
        return text.to_string();
    }
    format!("{trimmed}\\{}", &text[trimmed.len()..])
}

/// Escapes a line (already trimmed of leading whitespace) so that it cannot open a block
/// other than a paragraph or close the current one. Inline syntax is untouched.
pub fn escape_block_start(line: &str) -> String {
    let Some(first) = line.chars().next() else {
        return String::new();
    };
    let rest_after = |n: usize| &line[n..];
    let followed_by_space_or_end = |n: usize| {
        rest_after(n).is_empty() || rest_after(n).starts_with([' ', '\t'])
    };
    // A thematic break or setext underline: only `-`, `*`, `_`, `=` (one kind) and spaces.
    let only = |c: char| line.chars().all(|x| x == c || x == ' ' || x == '\t');
    if matches!(first, '-' | '*' | '_' | '=') && only(first) {
        return format!("\\{line}");
    }
    if is_delimiter_row(line) {
        return format!("\\{}", line.replace('|', "\\|"));
    }
    match first {
        '#' | '>' | '<' => return format!("\\{line}"),
        '-' | '+' | '*' if followed_by_space_or_end(1) => return format!("\\{line}"),
        '`' | '~' if line.starts_with("```") || line.starts_with("~~~") => {
            return format!("\\{line}")
        }
        _ => {}
    }
    // An ordered-list marker: up to nine digits, then `.` or `)`, then a space or the end.
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let after = &line[digits..];
        if (after.starts_with('.') || after.starts_with(')')) && followed_by_space_or_end(digits + 1) {
            return format!("{}\\{}", &line[..digits], after);
        }
    }
    line.to_string()
}

/// A GFM table delimiter row such as `--- | :---:`: under a line containing `|` it would
/// turn a paragraph into a table.
fn is_delimiter_row(line: &str) -> bool {
    line.contains('|')
        && line.contains('-')
        && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}
