//! Markdown → Plan. Reads what the editor writes exactly (see [`super::codec`]) and is
//! tolerant of plans written by hand from the template: `##` or `###` headings, section
//! titles in any case and with small variations, `-`/`*`/`+` bullets, `1.`/`1)` numbers,
//! the Metadata block fenced or as plain `Key: value` lines, tables with extra spaces or
//! alignment rows. Nothing is dropped: content that fits no section is kept in
//! `Plan::extra` and listed in the report.
//!
//! Structure comes from pulldown-cmark's events; text comes from the source ranges of
//! those events, so a value reads back as it was written (inline Markdown included).

use super::added::{self, CustomKind, OptionalDef, Row, Section};
use super::blocktext;
use super::codec::decode;
use super::markdown::{detail_line, REVISION_HEADERS};
use super::model::{Details, Item, Plan, Revision, Status};
use super::sections::{Kind, SectionId, SectionSpec, SECTIONS};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// What an import found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub title_found: bool,
    pub found: Vec<SectionId>,
    pub missing: Vec<SectionId>,
    /// A short description of each piece kept as unrecognised content.
    pub unrecognised: Vec<String>,
    /// Other remarks (an unknown status, a table column that was not understood…).
    pub notes: Vec<String>,
    /// Sections whose template guidance sentence was left out (it is not plan content).
    pub guidance: Vec<SectionId>,
    /// Sections beyond the template's that were read: "Risk and Impact", "Notes (custom
    /// section, List)".
    pub added: Vec<String>,
}

impl Report {
    /// Whether `text` is the template's guidance for `spec`; notes that it was left out.
    fn is_guidance(&mut self, spec: &SectionSpec, text: &str) -> bool {
        // As a sentence (the template), or as a comment (our issue template).
        let text = text.trim();
        let comment = text.strip_prefix("<!--").and_then(|t| t.strip_suffix("-->"));
        let is = text == spec.help || comment.is_some_and(|c| c.trim() == spec.help);
        if is && !self.guidance.contains(&spec.id) {
            self.guidance.push(spec.id);
        }
        is
    }
}

/// The form of [`Imported`] and [`Report`] as the import worker sends them: raise it when
/// either changes (the plan's own form is `storage::schema::SCHEMA`).
pub const WIRE: u32 = 1;

/// Sent from the import worker to the page as JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported {
    pub plan: Plan,
    pub report: Report,
}

/// Said when a file starts with a byte-order mark, which is no text of the plan.
pub const BOM_NOTE: &str =
    "The file starts with a byte-order mark (written by some Windows editors); it was left out.";

/// Said when the text is the body of an issue filed with our issue form.
pub const ISSUE_FORM_NOTE: &str = "Read as a GitHub issue filed with the deployment plan form: each \"### <field>\" heading was read into its section, and \"_No response_\" as an empty field.";

/// Said when a document header comment (licence and FILE INFORMATION) is read into the
/// header fields.
pub const HEADER_NOTE: &str = "Read the document header (licence and FILE INFORMATION) into Metadata's document header fields.";

/// What a block other than a heading or a list is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Other {
    Paragraph,
    Code,
    Table,
    Html,
    /// Link reference definitions (`[d]: https://…`, also footnote-style `[^1]: …`), for
    /// which the parser reports no event: found in the source between the blocks.
    Definitions,
}

/// A top-level block of the document.
#[derive(Debug)]
enum Block {
    Heading { level: HeadingLevel, range: Range<usize> },
    List { range: Range<usize>, items: Vec<Range<usize>> },
    Other { range: Range<usize>, kind: Other },
}

fn blocks(md: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut list_depth = 0usize;
    for (event, range) in Parser::new_ext(md, super::html::options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    out.push(match &tag {
                        Tag::Heading { level, .. } => {
                            Block::Heading { level: *level, range: range.clone() }
                        }
                        Tag::List(_) => Block::List { range: range.clone(), items: Vec::new() },
                        Tag::CodeBlock(_) => {
                            Block::Other { range: range.clone(), kind: Other::Code }
                        }
                        Tag::Table(_) => Block::Other { range: range.clone(), kind: Other::Table },
                        Tag::HtmlBlock => Block::Other { range: range.clone(), kind: Other::Html },
                        _ => Block::Other { range: range.clone(), kind: Other::Paragraph },
                    });
                }
                if matches!(tag, Tag::List(_)) {
                    list_depth += 1;
                }
                if matches!(tag, Tag::Item) && list_depth == 1 {
                    if let Some(Block::List { items, .. }) = out.last_mut() {
                        items.push(range.clone());
                    }
                }
                depth += 1;
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                if matches!(tag, TagEnd::List(_)) {
                    list_depth = list_depth.saturating_sub(1);
                }
            }
            Event::Rule if depth == 0 => out.push(Block::Other { range, kind: Other::Paragraph }),
            Event::Html(_) | Event::InlineHtml(_) | Event::Text(_) if depth == 0 => {
                out.push(Block::Other { range, kind: Other::Html })
            }
            _ => {}
        }
    }
    with_definitions(md, out)
}

/// Adds the link reference definitions between `blocks` (which have no event of their own)
/// as blocks, in document order, so that they are kept like any other text. The parser
/// counts definitions after a list's last item into the list: they are taken out of it.
fn with_definitions(md: &str, blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    let mut covered = 0;
    let gap = |from: usize, to: usize, out: &mut Vec<Block>| {
        let text = &md[from..to];
        if let Some(start) = text.find(|c: char| !c.is_whitespace()) {
            let end = text.trim_end().len();
            let range = from + start..from + end;
            out.push(Block::Other { range, kind: Other::Definitions });
        }
    };
    for mut block in blocks {
        let mut inside = Vec::new();
        let whole = block.range();
        if let Block::List { range, items } = &mut block {
            if let (Some(first), Some(last)) = (items.first(), items.last()) {
                let (start, end) = (first.start, last.end);
                let mut at = range.start;
                for item in items.iter() {
                    gap(at, item.start, &mut inside);
                    at = at.max(item.end);
                }
                gap(at.max(end), range.end.max(end), &mut inside);
                *range = start.min(range.start)..end;
            }
        }
        let range = block.range();
        if range.start > covered {
            gap(covered, range.start, &mut out);
        }
        covered = covered.max(whole.end);
        out.push(block);
        out.append(&mut inside);
    }
    if md.len() > covered {
        gap(covered, md.len(), &mut out);
    }
    out
}

impl Block {
    fn range(&self) -> Range<usize> {
        match self {
            Block::Heading { range, .. }
            | Block::Other { range, .. }
            | Block::List { range, .. } => range.clone(),
        }
    }
}

/// Heading text as written: without the `#` marks, an optional closing sequence, and
/// surrounding spaces. A setext heading's text is every line above its underline (a
/// paragraph of several lines can be one), so that none of them is taken for the title alone.
fn heading_text(src: &str) -> String {
    let lines: Vec<&str> = src.trim_end_matches('\n').lines().collect();
    if let [text @ .., _underline] = lines.as_slice() {
        if !text.is_empty() {
            let text: Vec<&str> = text.iter().map(|l| l.trim_matches([' ', '\t'])).collect();
            return decode_heading(&text.join(" "));
        }
    }
    let line = src.lines().next().unwrap_or("").trim_matches([' ', '\t']);
    let line = line.trim_start_matches('#');
    let line = line.trim_matches([' ', '\t']);
    let without_closing = line.trim_end_matches('#');
    let line = if without_closing.is_empty() || without_closing.ends_with([' ', '\t']) {
        without_closing
    } else {
        line
    };
    decode_heading(line.trim_matches([' ', '\t']))
}

/// Heading text decoded; a leading character reference of any character is read too (the
/// writer's mark of a custom section whose title names a known one, see [`shielded`]).
fn decode_heading(text: &str) -> String {
    let first = text.strip_prefix("&#").and_then(|rest| {
        let (n, tail) = rest.split_once(';')?;
        let c = char::from_u32(n.parse().ok().filter(|_| n.len() <= 7)?)?;
        Some((c, tail))
    });
    match first {
        Some((c, tail)) => format!("{c}{}", decode(tail)),
        None => decode(text),
    }
}

pub(crate) fn normalise_title(t: &str) -> String {
    t.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The section a heading names, if any ("Rollback", "rollback plan:", "Deployment steps").
pub fn section_for_heading(text: &str) -> Option<&'static SectionSpec> {
    let wanted = normalise_title(text);
    SECTIONS.iter().find(|s| {
        normalise_title(s.title) == wanted || s.aliases.iter().any(|a| normalise_title(a) == wanted)
    })
}

/// The optional section a heading names, if any.
pub fn optional_for_heading<'d>(text: &str, defs: &'d [OptionalDef]) -> Option<&'d OptionalDef> {
    let wanted = normalise_title(text);
    defs.iter().find(|d| {
        normalise_title(d.title) == wanted || d.aliases.iter().any(|a| normalise_title(a) == wanted)
    })
}

/// Whether a title would be read as a template or optional section's heading.
pub fn known_heading(title: &str, defs: &[OptionalDef]) -> bool {
    section_for_heading(title).is_some() || optional_for_heading(title, defs).is_some()
}

/// Whether a heading's text starts with a character reference: the writer's way of saying
/// "this is a section of the user's own", whatever its title reads as.
fn shielded(src: &str) -> bool {
    src.trim_start_matches([' ', '\t']).trim_start_matches('#').trim_start().starts_with("&#")
}

/// The kind of custom section a section body's Markdown reads as: a kind comment first says
/// it; else one bullet list is a List, one ordered list a Numbered list, one table a Table,
/// and anything else Text. `None` for no content at all.
pub fn content_kind(body: &str) -> Option<CustomKind> {
    let all = blocks(body);
    let first = all.first()?;
    if let Block::Other { kind: Other::Html, range } = first {
        let text = body[range.clone()].trim();
        if let Some(kind) = CustomKind::ALL.into_iter().find(|k| k.marker() == text) {
            return Some(kind);
        }
    }
    Some(match all.as_slice() {
        [Block::List { range, .. }]
            if body[range.clone()].trim_start().starts_with(|c: char| c.is_ascii_digit()) =>
        {
            CustomKind::Numbered
        }
        [Block::List { .. }] => CustomKind::List,
        [Block::Other { kind: Other::Table, .. }] => CustomKind::Table,
        _ => CustomKind::Text,
    })
}

/// The text of a list item: the marker removed; further lines (continuations, nested lists,
/// code) kept as Markdown, without the indentation that puts them inside the item.
fn item_text(src: &str, with_details: bool) -> (String, Details) {
    let src = src.trim_end_matches('\n');
    let mut lines = src.split('\n');
    let first = lines.next().unwrap_or("");
    let lead = first.len() - first.trim_start_matches(' ').len();
    let marked = &first[lead..];
    let marker = if marked.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = marked.bytes().take_while(u8::is_ascii_digit).count();
        digits + usize::from(marked[digits..].starts_with(['.', ')']))
    };
    let after_marker = &marked[marker..];
    // The blank columns after the marker (a tab reaches the next multiple of four).
    let marker_end = lead + marker;
    let blank_end = after_marker
        .chars()
        .take_while(|c| matches!(c, ' ' | '\t'))
        .fold(marker_end, |column, c| if c == '\t' { column + 4 - column % 4 } else { column + 1 });
    let spaces = blank_end - marker_end;
    let first_text = after_marker.trim_matches([' ', '\t']);
    // The column where the item's content starts: further lines are indented to it.
    let content = marker_end + if first_text.is_empty() || spaces > 4 { 1 } else { spaces };
    let mut rest: Vec<String> = lines.map(|l| unindent(l, content)).collect();
    // A step's details: the `- Owner: …` lines at the end, each detail once.
    let mut details = Details::default();
    while let Some((detail, value)) =
        rest.last().and_then(|l| detail_line(l)).filter(|_| with_details)
    {
        if !detail.get(&details).is_empty() {
            break;
        }
        *detail.get_mut(&mut details) = decode(value.trim_matches([' ', '\t']));
        rest.pop();
    }
    if rest.is_empty() {
        return (decode(first_text), details);
    }
    let written = format!("{first_text}\n{}", rest.join("\n"));
    let read = blocktext::read(&written);
    let further = read.split_once('\n').map_or("", |(_, r)| r);
    (super::model::item_normal(&format!("{}\n{further}", decode(first_text))), details)
}

/// `line` without up to `columns` columns of leading spaces and tabs (a tab reaches the next
/// multiple of four; what it goes past `columns` by stays as spaces).
fn unindent(line: &str, columns: usize) -> String {
    let mut column = 0;
    for (i, c) in line.char_indices() {
        if column >= columns {
            return line[i..].to_string();
        }
        match c {
            ' ' => column += 1,
            '\t' => {
                column += 4 - column % 4;
                if column > columns {
                    return " ".repeat(column - columns) + &line[i + 1..];
                }
            }
            _ => return line[i..].to_string(),
        }
    }
    String::new()
}

/// Whether a top-level heading (its source) ends a free-text section written by this editor:
/// a level 1 or 2 heading, or one that names a template section. Other headings (`### Notes`)
/// are part of the text.
pub fn ends_section(level: HeadingLevel, src: &str) -> bool {
    level <= HeadingLevel::H2 || section_for_heading(&heading_text(src)).is_some()
}

/// Said when free text had to be neutralised to keep the document's structure.
fn neutralised_note(title: &str, lines: usize) -> String {
    let (n, s) =
        if lines == 1 { ("1 line".to_string(), "s") } else { (format!("{lines} lines"), "") };
    format!(
        "In {title}, {n} that would end the section or run on into the following ones (a heading, or a code fence or HTML block never closed) start{s} with a character reference now, so that they read as text."
    )
}

/// Reads Markdown into a plan. Never fails and never panics; see [`Report`].
pub fn import(md: &str) -> Imported {
    import_with(md, added::OPTIONAL)
}

/// [`import`] with `defs` as the optional sections it knows.
pub fn import_with(md: &str, defs: &[OptionalDef]) -> Imported {
    let mut report = Report::default();
    let md = match md.strip_prefix('\u{feff}') {
        Some(rest) => {
            report.notes.push(BOM_NOTE.into());
            rest
        }
        None => md,
    };
    let md = &md.replace("\r\n", "\n").replace('\r', "\n");
    let from_form = super::github::from_issue_body(md);
    if from_form.is_some() {
        report.notes.push(ISSUE_FORM_NOTE.into());
    }
    let md = from_form.as_deref().unwrap_or(md);
    let mut plan = Plan::default();
    let mut extra: Vec<(usize, String)> = Vec::new();
    let all = blocks(md);

    // Split the document at the headings: (section, its body blocks, where its heading ends,
    // the template section it follows).
    let mut current: Option<Target<'_>> = None;
    let mut unknown_heading = false;
    let mut bodies: Vec<(Target<'_>, Vec<&Block>, usize, &'static str)> = Vec::new();
    let mut section_level = HeadingLevel::H2;
    let mut after = "";
    let mut in_extra = false;
    let mut extra_at = md.len();
    for block in &all {
        // After the mark, everything is unrecognised content again, as it was.
        if let Block::Other { kind: Other::Html, range } = block {
            if md[range.clone()].trim() == super::markdown::EXTRA_MARK && !in_extra {
                in_extra = true;
                extra_at = range.start;
                current = None;
                continue;
            }
        }
        if in_extra {
            keep(md, &mut extra, &mut report, block.range(), None);
            continue;
        }
        if let Block::Heading { level, range } = block {
            let text = heading_text(&md[range.clone()]);
            // In free text, a lower heading that names no section is part of the text.
            if let (Some(target), Some((_, body, ..))) = (current, bodies.last_mut()) {
                if target.is_text()
                    && *level > section_level
                    && !ends_section(*level, &md[range.clone()])
                {
                    body.push(block);
                    continue;
                }
            }
            if *level == HeadingLevel::H1
                && !report.title_found
                && bodies.is_empty()
                && current.is_none()
            {
                plan.title = text;
                report.title_found = true;
                continue;
            }
            let shielded = shielded(&md[range.clone()]);
            if let Some(spec) =
                section_for_heading(&text).filter(|_| *level != HeadingLevel::H1 && !shielded)
            {
                if bodies.iter().any(|(t, ..)| matches!(t, Target::Template(s) if s.id == spec.id))
                {
                    report.notes.push(twice(spec.title));
                    current = None;
                    unknown_heading = true;
                    keep(md, &mut extra, &mut report, block.range(), None);
                    continue;
                } else {
                    if normalise_title(&text) != normalise_title(spec.title) {
                        report
                            .notes
                            .push(format!("Read the heading \"{text}\" as {}.", spec.title));
                    }
                    current = Some(Target::Template(spec));
                    section_level = *level;
                    unknown_heading = false;
                    after = spec.key;
                    bodies.push((Target::Template(spec), Vec::new(), range.end, after));
                    continue;
                }
            }
            // Beyond the template: sections at the level the document's sections have, once
            // the document has begun (what comes before its title, such as front matter, is
            // no section).
            if *level != HeadingLevel::H1
                && *level <= section_level
                && (report.title_found || !bodies.is_empty())
            {
                let target = match optional_for_heading(&text, defs).filter(|_| !shielded) {
                    Some(def)
                        if bodies.iter().any(
                            |(t, ..)| matches!(t, Target::Optional(d) if d.key == def.key),
                        ) =>
                    {
                        report.notes.push(twice(def.title));
                        current = None;
                        unknown_heading = true;
                        keep(md, &mut extra, &mut report, block.range(), None);
                        continue;
                    }
                    Some(def) => Target::Optional(def),
                    None => Target::Custom,
                };
                current = Some(target);
                unknown_heading = false;
                bodies.push((target, vec![block], range.end, after));
                continue;
            }
            current = None;
            unknown_heading = true;
            keep(md, &mut extra, &mut report, block.range(), None);
            continue;
        }
        if let (Some(_), Some((_, body, ..))) = (current, bodies.last_mut()) {
            body.push(block);
            continue;
        }
        if let Block::Other { kind: Other::Html, range } = block {
            // The template's own licence comment with its FILE INFORMATION header.
            let text = &md[range.clone()];
            if !unknown_heading && !plan.header.enabled && super::header::is_header(text) {
                let (header, note) = super::header::parse(text);
                plan.header = header;
                report.notes.push(HEADER_NOTE.into());
                report.notes.extend(note);
                continue;
            }
        }
        keep(md, &mut extra, &mut report, block.range(), None);
    }

    for (target, body, heading_end, after) in &bodies {
        let body_end = body.last().map_or(*heading_end, |b| b.range().end);
        let section_end = next_heading_start(md, &all, body_end.max(*heading_end));
        // A section ends where the unrecognised content begins too.
        let section_end =
            if extra_at >= *heading_end { section_end.min(extra_at) } else { section_end };
        let spec = match *target {
            Target::Template(spec) => spec,
            Target::Optional(def) => {
                let mut section = optional_section(md, &body[1..], def, &mut extra, &mut report);
                section.after = after.to_string();
                report.added.push(def.title.to_string());
                plan.added.push(section);
                continue;
            }
            Target::Custom => {
                let heading = body[0];
                let title = heading_text(&md[heading.range()]);
                let source = &md[*heading_end..section_end];
                let mut section = custom_section(source, &title, &mut report);
                section.after = after.to_string();
                plan.added.push(section);
                continue;
            }
        };
        report.found.push(spec.id);
        match spec.kind {
            Kind::Text => {
                let mut source = super::model::markdown_text(&md[*heading_end..section_end]);
                // Our issue template's guidance, as a comment before the text.
                if let Some((first, rest)) = source.split_once('\n') {
                    if report.is_guidance(spec, first) {
                        source = super::model::markdown_text(rest);
                    }
                }
                let text = blocktext::read(&source);
                if !report.is_guidance(spec, &text) {
                    let written = blocktext::write(&text, &ends_section);
                    if written.text != source && written.neutralised > 0 {
                        report.notes.push(neutralised_note(spec.title, written.neutralised));
                    }
                    plan.purpose = text;
                }
            }
            Kind::List { list, .. } => {
                for block in body {
                    match block {
                        Block::List { items, .. } => {
                            for r in items {
                                let (text, details) = item_text(&md[r.clone()], list.has_details());
                                plan.list_mut(list).push(Item { id: 0, text, details });
                            }
                        }
                        other => {
                            // Text in a list section: the template's guidance and its bare
                            // `1.` placeholders (which cannot start a list after a
                            // paragraph) are understood; anything else is kept.
                            let mut leftover = Vec::new();
                            for line in md[other.range()].lines() {
                                let t = line.trim();
                                if t.is_empty() || report.is_guidance(spec, t) {
                                } else if strip_marker(t).is_empty() && t != strip_marker(t) {
                                    plan.list_mut(list).push(Item::default());
                                } else {
                                    leftover.push(line);
                                }
                            }
                            if !leftover.is_empty() {
                                let text = leftover.join("\n");
                                report.unrecognised.push(format!(
                                    "in {}: \"{}\"",
                                    spec.title,
                                    leftover[0].trim()
                                ));
                                extra.push((other.range().start, text));
                            }
                        }
                    }
                }
            }
            Kind::Approval => approval(md, body, spec, &mut plan, &mut extra, &mut report),
            Kind::Metadata => metadata(md, body, spec, &mut plan, &mut extra, &mut report),
            Kind::Revisions => revisions(md, body, spec, &mut plan, &mut extra, &mut report),
        }
    }
    report.missing =
        SECTIONS.iter().map(|s| s.id).filter(|id| !report.found.contains(id)).collect();
    if !report.guidance.is_empty() {
        let titles: Vec<&str> =
            SECTIONS.iter().filter(|s| report.guidance.contains(&s.id)).map(|s| s.title).collect();
        let n = titles.len();
        report.notes.push(format!(
            "Left out the template's guidance sentence in {n} section{} ({}): it explains the template, it is not part of the plan.",
            if n == 1 { "" } else { "s" },
            titles.join(", ")
        ));
    }
    // Unrecognised pieces in document order.
    extra.sort_by_key(|(at, _)| *at);
    let pieces: Vec<String> = extra.into_iter().map(|(_, text)| text).collect();
    plan.extra = super::model::extra_normal(&pieces.join("\n\n"));
    plan.renumber();
    Imported { plan, report }
}

/// What a section heading starts.
#[derive(Clone, Copy)]
enum Target<'d> {
    Template(&'static SectionSpec),
    Optional(&'d OptionalDef),
    /// A section of the user's own; its body's first block is its heading.
    Custom,
}

impl Target<'_> {
    /// Whether lower headings that name no section are part of the section (free text).
    fn is_text(self) -> bool {
        match self {
            Target::Template(spec) => spec.kind == Kind::Text,
            Target::Optional(_) => false,
            Target::Custom => true,
        }
    }
}

/// Said when a section appears twice.
fn twice(title: &str) -> String {
    format!(
        "The section \"{title}\" appears twice; the second one was kept as unrecognised content."
    )
}

/// A custom section from its body's Markdown, of the kind the content has (Text when empty).
fn custom_section(source: &str, title: &str, report: &mut Report) -> Section {
    let kind = content_kind(source).unwrap_or_default();
    // The kind comment is no content: what follows it is read on its own (block ranges are
    // offsets into `rest`).
    let first = blocks(source).into_iter().next().filter(|b| {
        matches!(b, Block::Other { kind: Other::Html, .. })
            && CustomKind::ALL.iter().any(|k| k.marker() == source[b.range()].trim())
    });
    let rest = first.map_or(source, |b| &source[b.range().end..]);
    let all = blocks(rest);
    let mut section = Section { title: title.to_string(), kind, ..Section::default() };
    let text = |section: &mut Section, report: &mut Report| {
        let source = super::model::markdown_text(rest);
        let text = blocktext::read(&source);
        let written = blocktext::write(&text, &ends_section);
        if written.text != source && written.neutralised > 0 {
            report.notes.push(neutralised_note(title, written.neutralised));
        }
        section.kind = CustomKind::Text;
        section.text = text;
    };
    match (kind, all.as_slice()) {
        (CustomKind::List | CustomKind::Numbered, [Block::List { items, .. }]) => {
            for r in items {
                let (text, _) = item_text(&rest[r.clone()], false);
                section.items.push(Item { id: 0, text, ..Item::default() });
            }
        }
        (CustomKind::List | CustomKind::Numbered | CustomKind::Table, []) => {}
        (CustomKind::Table, [Block::Other { kind: Other::Table, range }]) => {
            let rows: Vec<Vec<String>> =
                rest[range.clone()].lines().filter(|l| !l.trim().is_empty()).map(cells).collect();
            let header = rows.first().cloned().unwrap_or_default();
            let body = rows.get(2..).unwrap_or_default();
            if body.iter().any(|r| r.len() > header.len()) {
                // A row wider than the header would lose cells as a table: kept as text.
                report.notes.push(format!("In {title}, a table row has more cells than the table has columns; the section was read as text."));
                text(&mut section, report);
            } else {
                section.columns = header.clone();
                section.rows = body
                    .iter()
                    .map(|r| Row {
                        id: 0,
                        cells: (0..header.len())
                            .map(|i| r.get(i).cloned().unwrap_or_default())
                            .collect(),
                    })
                    .collect();
            }
        }
        _ => text(&mut section, report),
    }
    let label = if title.trim().is_empty() { "(untitled)" } else { title.trim() };
    report.added.push(format!("{label} (custom section, {})", section.kind.label()));
    section
}

/// An optional section from its body blocks: value lines, the list's items, the table.
fn optional_section(
    md: &str,
    body: &[&Block],
    def: &OptionalDef,
    extra: &mut Vec<(usize, String)>,
    report: &mut Report,
) -> Section {
    let mut section = Section::optional(def, 0);
    let mut read = vec![false; def.fields.len()];
    let labels: Vec<Vec<&str>> = def.fields.iter().map(|f| added::labels_of(f).collect()).collect();
    let value = |line: &str, section: &mut Section, read: &mut Vec<bool>| -> bool {
        for (i, l) in labels.iter().enumerate() {
            if let Some(v) = labelled(line, l).filter(|_| !read[i]) {
                read[i] = true;
                let v = decode(v.trim_matches([' ', '\t']));
                section.fields[i] = match def.fields[i].kind {
                    added::FieldKind::Choice(options) => added::canonical_choice(options, &v),
                    _ => v,
                };
                return true;
            }
        }
        false
    };
    let is_lead = |line: &str| {
        def.list.map(|l| l.lead.unwrap_or(l.noun)).is_some_and(|lead| {
            let t = normalise_title(line);
            let lead = normalise_title(lead);
            t == lead || t == format!("{lead}s")
        })
    };
    let mut table_read = false;
    for block in body {
        let mut leftover = Vec::new();
        match block {
            Block::List { items, .. } => {
                for r in items {
                    let src = &md[r.clone()];
                    let first = src.lines().next().unwrap_or("");
                    let one_line = src.trim_end().lines().count() == 1;
                    if one_line && value(strip_marker(first), &mut section, &mut read) {
                        continue;
                    }
                    if def.list.is_some() {
                        let (text, _) = item_text(src, false);
                        section.items.push(Item { id: 0, text, ..Item::default() });
                    } else {
                        leftover.push(src.trim_end());
                    }
                }
            }
            Block::Other { kind: Other::Table, range } if def.table.is_some() && !table_read => {
                table_read = true;
                let columns = def.table.and_then(|t| t.columns).unwrap_or_default();
                let rows: Vec<Vec<String>> =
                    md[range.clone()].lines().filter(|l| !l.trim().is_empty()).map(cells).collect();
                let header = rows.first().cloned().unwrap_or_default();
                let map: Vec<Option<usize>> = columns
                    .iter()
                    .map(|c| header.iter().position(|h| normalise_title(h) == normalise_title(c)))
                    .collect();
                let body = rows.get(2..).unwrap_or_default();
                let unknown = header.iter().enumerate().any(|(h, _)| !map.contains(&Some(h)));
                let wider = body.iter().any(|r| r.len() > header.len());
                if unknown || wider {
                    let why = if unknown {
                        format!("its columns are not {}", columns.join(", "))
                    } else {
                        "a row has more cells than the table has columns".to_string()
                    };
                    report.notes.push(format!(
                        "The {} table was kept as written in the unrecognised content, not read into the form: {why}.",
                        def.title
                    ));
                    keep(md, extra, report, range.clone(), Some(def.title));
                    continue;
                }
                section.rows = body
                    .iter()
                    .map(|r| Row {
                        id: 0,
                        cells: map
                            .iter()
                            .map(|m| m.and_then(|c| r.get(c).cloned()).unwrap_or_default())
                            .collect(),
                    })
                    .collect();
            }
            Block::Other { kind: Other::Paragraph, .. } => {
                for line in md[block.range()].lines() {
                    let t = line.trim();
                    if t.is_empty() || is_lead(t) || value(t, &mut section, &mut read) {
                        continue;
                    }
                    leftover.push(line);
                }
            }
            other => {
                keep(md, extra, report, other.range(), Some(def.title));
            }
        }
        if !leftover.is_empty() {
            report.unrecognised.push(format!("in {}: \"{}\"", def.title, leftover[0].trim()));
            extra.push((block.range().start, leftover.join("\n")));
        }
    }
    section
}

/// Where the section that starts at `heading_end` ends: the next heading of any kind.
fn next_heading_start(md: &str, all: &[Block], heading_end: usize) -> usize {
    all.iter()
        .filter_map(|b| match b {
            Block::Heading { range, .. } if range.start >= heading_end => Some(range.start),
            _ => None,
        })
        .next()
        .unwrap_or(md.len())
}

/// Keeps a block as unrecognised content and says so in the report.
fn keep(
    md: &str,
    extra: &mut Vec<(usize, String)>,
    report: &mut Report,
    range: Range<usize>,
    section: Option<&str>,
) {
    let at = range.start;
    let text = md[range].trim_end_matches(['\n', ' ', '\t']).to_string();
    if text.trim().is_empty() {
        return;
    }
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
    let short: String = first.chars().take(60).collect();
    let short = if first.chars().count() > 60 { format!("{short}…") } else { short };
    report.unrecognised.push(match section {
        Some(s) => format!("in {s}: \"{short}\""),
        None => format!("\"{short}\""),
    });
    extra.push((at, text));
}

/// `Label: value` with the label matched case-insensitively against `labels`, in the forms
/// people write: `Owner: Jane`, `**Owner:** Jane`, `**Owner**: Jane`, `_Owner_: Jane`,
/// `Owner - Jane`. The separator is the first `:` or ` - ` (` – `, ` — `); emphasis marks
/// around the label are not part of the value.
pub(crate) fn labelled<'a>(line: &'a str, labels: &[&str]) -> Option<&'a str> {
    let (at, len) = separator_at(line)?;
    let (label, value) = (&line[..at], &line[at + len..]);
    let wanted = normalise_title(label);
    if !labels.iter().any(|l| normalise_title(l) == wanted) {
        return None;
    }
    // `**Owner:** Jane`: the marks that close the label's emphasis come after the colon.
    let opening = label.trim_start().bytes().take_while(|b| matches!(b, b'*' | b'_')).count();
    let closing = value.bytes().take_while(|b| matches!(b, b'*' | b'_')).count();
    Some(if opening > 0 && closing == opening { &value[closing..] } else { value })
}

/// Where a `Label: value` line's separator starts, and its length.
fn separator_at(line: &str) -> Option<(usize, usize)> {
    [":", " - ", " – ", " — "]
        .iter()
        .filter_map(|sep| line.find(sep).map(|at| (at, sep.len())))
        .min_by_key(|(at, _)| *at)
}

/// Where a `Label: value` line's separator starts (see [`labelled`]).
pub(crate) fn separator(line: &str) -> Option<usize> {
    separator_at(line).map(|(at, _)| at)
}

/// Splits what follows `Approvers:` into names (written with `,` as `&#44;`). Nothing at
/// all is no name; a lone space is one empty name.
fn names(after_colon: &str) -> Vec<Item> {
    if after_colon.is_empty() {
        return Vec::new();
    }
    let value = after_colon.strip_prefix(' ').unwrap_or(after_colon);
    value
        .split(',')
        .map(|n| Item { text: decode(n.trim_matches([' ', '\t'])), ..Item::default() })
        .collect()
}

/// Lines of the paragraphs and list items in a section body: (as written, without the
/// list marker). An item's further lines (continuations, nested lists) follow it as they
/// are, so that nothing in them is passed over.
fn body_lines<'a>(md: &'a str, block: &Block) -> Vec<(&'a str, &'a str)> {
    match block {
        Block::List { items, .. } => items
            .iter()
            .flat_map(|r| {
                let mut lines = md[r.clone()].lines();
                let first = lines.next().unwrap_or("");
                std::iter::once((first, strip_marker(first))).chain(lines.map(|l| (l, l)))
            })
            .collect(),
        other => md[other.range()].lines().map(|l| (l, l)).collect(),
    }
}

pub(crate) fn strip_marker(line: &str) -> &str {
    let t = line.trim_start();
    if let Some(rest) = t.strip_prefix(['-', '*', '+']) {
        return rest;
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    t[digits..].strip_prefix(['.', ')']).filter(|_| digits > 0).unwrap_or(line)
}

/// Whether a field is read for the first time (and marks it read): a second line for a
/// field is kept as written, not read over the first.
fn first_time(read: &mut bool) -> bool {
    !std::mem::replace(read, true)
}

fn approval(
    md: &str,
    body: &[&Block],
    spec: &SectionSpec,
    plan: &mut Plan,
    extra: &mut Vec<(usize, String)>,
    report: &mut Report,
) {
    // Each field is read once; a second line for it is kept as written, not read over the
    // first (which would lose it).
    let (mut approvers_set, mut reviewers_set, mut date_set) = (false, false, false);
    for block in body {
        let mut leftover = Vec::new();
        for (raw, line) in body_lines(md, block) {
            if let Some(v) = labelled(line, &["Approvers", "Approver", "Approved by"])
                .filter(|_| first_time(&mut approvers_set))
            {
                plan.approvers = names(v);
            } else if let Some(v) = labelled(line, &["Reviewers", "Reviewer", "Reviewed by"])
                .filter(|_| first_time(&mut reviewers_set))
            {
                plan.reviewers = names(v);
            } else if let Some(v) = labelled(line, &["Approval date", "Date", "Approved on"])
                .filter(|_| first_time(&mut date_set))
            {
                plan.approval_date = decode(v.trim_matches([' ', '\t']));
            } else if line.trim().is_empty() || report.is_guidance(spec, line) {
            } else if !approvers_set
                && !matches!(
                    block,
                    Block::Other { kind: Other::Code | Other::Table | Other::Definitions, .. }
                )
            {
                // The template's Example: "DevOps Lead, Release Manager".
                plan.approvers = names(line.trim_start_matches([' ', '\t']));
                approvers_set = true;
            } else {
                leftover.push(raw);
            }
        }
        if !leftover.is_empty() {
            extra.push((block.range().start, leftover.join("\n")));
            report.unrecognised.push(format!("in {}: \"{}\"", spec.title, leftover[0].trim()));
        }
    }
}

fn metadata(
    md: &str,
    body: &[&Block],
    spec: &SectionSpec,
    plan: &mut Plan,
    extra: &mut Vec<(usize, String)>,
    report: &mut Report,
) {
    // Each field is read once; a second line for it is kept as written.
    let (mut owner, mut reviewers, mut status, mut updated) = (false, false, false, false);
    for block in body {
        let code = matches!(block, Block::Other { kind: Other::Code, .. });
        let mut leftover = Vec::new();
        let mut fences = Vec::new();
        for (raw, line) in body_lines(md, block) {
            let trimmed = line.trim();
            if code
                && (trimmed.starts_with("```") || trimmed.starts_with("~~~"))
                && trimmed.chars().all(|c| c == '`' || c == '~' || c.is_alphanumeric())
            {
                fences.push(raw);
                continue;
            }
            // In the fenced block values are verbatim; in plain lines they are Markdown.
            let value = |v: &str| {
                if code {
                    v.strip_prefix(' ').unwrap_or(v).to_string()
                } else {
                    decode(v.trim_matches([' ', '\t']))
                }
            };
            if let Some(v) = labelled(line, &["Owner"]).filter(|_| first_time(&mut owner)) {
                plan.owner = value(v);
            } else if let Some(v) =
                labelled(line, &["Reviewers", "Reviewer"]).filter(|_| first_time(&mut reviewers))
            {
                plan.metadata_reviewers = value(v);
            } else if let Some(v) = labelled(line, &["Status"]).filter(|_| first_time(&mut status))
            {
                match Status::from_label(v.trim()) {
                    Some(s) => plan.status = s,
                    None if v.trim().is_empty() => {}
                    None => {
                        report.notes.push(format!(
                            "Status \"{}\" is not one of {}; the plan is marked Draft and the line is kept as unrecognised content.",
                            v.trim(),
                            Status::ALL.map(Status::label).join(", ")
                        ));
                        leftover.push(raw);
                    }
                }
            } else if let Some(v) = labelled(line, &["Last Updated", "Updated", "Last Update"])
                .filter(|_| first_time(&mut updated))
            {
                plan.last_updated = value(v);
            } else if !trimmed.is_empty() && !report.is_guidance(spec, trimmed) {
                leftover.push(raw);
            }
        }
        if !leftover.is_empty() {
            report.unrecognised.push(format!("in {}: \"{}\"", spec.title, leftover[0].trim()));
            // What is left of a code block stays a code block, in its own fences (closed
            // where the document left it open, so that no line of it becomes a heading).
            if let Some(open) = fences.first() {
                let close = fences.get(1).copied().unwrap_or(open);
                leftover.insert(0, open);
                leftover.push(close);
            }
            extra.push((block.range().start, leftover.join("\n")));
        }
    }
}

/// Splits a table row at the pipes that are not escaped.
fn cells(row: &str) -> Vec<String> {
    let row = row.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let row = row.strip_suffix('|').filter(|r| !r.ends_with('\\')).unwrap_or(row);
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut chars = row.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => out.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    out.push(cell);
    out.into_iter().map(|c| decode(c.trim_matches([' ', '\t']))).collect()
}

fn is_delimiter(cells: &[String]) -> bool {
    cells.iter().all(|c| {
        let c = c.trim();
        !c.is_empty() && c.trim_matches(':').chars().all(|x| x == '-') && c.contains('-')
    })
}

fn revisions(
    md: &str,
    body: &[&Block],
    spec: &SectionSpec,
    plan: &mut Plan,
    extra: &mut Vec<(usize, String)>,
    report: &mut Report,
) {
    let mut seen_table = false;
    for block in body {
        let Block::Other { kind: Other::Table, range } = block else {
            let r = block.range();
            if !report.is_guidance(spec, &md[r.clone()]) {
                keep(md, extra, report, r, Some(spec.title));
            }
            continue;
        };
        let mut rows = md[range.clone()].lines().filter(|l| !l.trim().is_empty()).map(cells);
        let Some(header) = rows.next() else { continue };
        let column =
            |name: &str| header.iter().position(|h| normalise_title(h) == normalise_title(name));
        let map: Vec<Option<usize>> = REVISION_HEADERS.iter().map(|h| column(h)).collect();
        let unknown: Vec<&String> = header
            .iter()
            .enumerate()
            .filter(|(h, _)| !map.contains(&Some(*h)))
            .map(|(_, n)| n)
            .collect();
        let first_table = plan.revisions.is_empty() && !seen_table;
        seen_table = true;
        if map.iter().all(Option::is_none) || !first_table {
            // Not the revision table (or a second one): kept whole.
            keep(md, extra, report, range.clone(), Some(spec.title));
            continue;
        }
        // A table the form cannot hold whole is not half-read: kept as written, and said.
        let rows: Vec<Vec<String>> = rows.collect();
        let widest = rows.iter().map(Vec::len).max().unwrap_or(0);
        let why = if !unknown.is_empty() {
            let names: Vec<String> = unknown.iter().map(|n| format!("\"{n}\"")).collect();
            Some(format!("it has columns the template does not ({})", names.join(", ")))
        } else if widest > header.len() {
            Some(format!(
                "a row has more cells than the table has columns ({widest} for {})",
                header.len()
            ))
        } else {
            None
        };
        if let Some(why) = why {
            report.notes.push(format!(
                "The Revision History table was kept as written in the unrecognised content, not read into the form: {why}."
            ));
            keep(md, extra, report, range.clone(), Some(spec.title));
            continue;
        }
        let mut rows = rows.into_iter().peekable();
        if rows.peek().is_some_and(|r| is_delimiter(r)) {
            rows.next();
        }
        for row in rows {
            let get = |i: usize| map[i].and_then(|c| row.get(c).cloned()).unwrap_or_default();
            plan.revisions.push(Revision {
                id: 0,
                date: get(0),
                version: get(1),
                author: get(2),
                notes: get(3),
            });
        }
    }
}
