//! Free text that is Markdown: Purpose (and any free-text section) and the further lines of a
//! list item. It is written as the user wrote it — fences, indentation, quotes, lists,
//! emphasis, links keep their meaning — and only what would break the document's own
//! structure is neutralised, by turning the first character of the offending line into a
//! numeric character reference (shown by every renderer as the character itself):
//! - a heading that would end the section (`## Scope` inside Purpose, or a `---`/`===`
//!   underline making one),
//! - a block that never closes (a code fence or an HTML block such as `<pre>` or `<!--`)
//!   and would swallow the rest of the document.
//!
//! So that [`read`] gives back exactly what was written, a line outside code that itself
//! starts with such a reference gets its `&` written as `&#38;`. [`read`] decodes the one
//! reference at the start of each line outside code, and nothing else.

use super::codec::decode_char;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use std::collections::BTreeSet;
use std::ops::Range;

/// Text as written into the document, and how many lines had to be neutralised.
#[derive(Debug, PartialEq, Eq)]
pub struct Written {
    pub text: String,
    pub neutralised: usize,
}

/// What ends a section: a top-level heading of `level` whose source is the given slice.
pub type Boundary<'a> = &'a dyn Fn(HeadingLevel, &str) -> bool;

/// The heading that follows a section body in the document, appended to check that nothing
/// in the body swallows it.
const PROBE: &str = "## probe\n";

/// Writes `text` (lines separated by `\n`) so that, placed between a heading and the next
/// one with blank lines around it (or inside a list item), it renders as its own Markdown and reads back with
/// [`read`]: headings for which `ends_section` holds and blocks that never close are
/// neutralised.
pub fn write(text: &str, ends_section: Boundary<'_>) -> Written {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut escaped = BTreeSet::new();
    // Each round neutralises at least one more line or stops: at most one round per line.
    loop {
        let written = with_escapes(&lines, &escaped, &BTreeSet::new());
        let found = offenders(&written, ends_section);
        let before = escaped.len();
        escaped.extend(found.into_iter().filter(|&l| escapable(lines[l])));
        if escaped.len() == before {
            break;
        }
    }
    let structural = with_escapes(&lines, &escaped, &BTreeSet::new());
    let code = code_lines(&structural);
    let protect = (0..lines.len())
        .filter(|l| !escaped.contains(l) && !code.contains(l) && leading_reference(lines[*l]))
        .collect();
    Written { text: with_escapes(&lines, &escaped, &protect), neutralised: escaped.len() }
}

/// Reverses [`write`]: the one character reference at the start of each line outside code
/// becomes its character again.
pub fn read(written: &str) -> String {
    let code = code_lines(written);
    let lines: Vec<String> = written
        .split('\n')
        .enumerate()
        .map(|(i, line)| {
            if code.contains(&i) {
                return line.to_string();
            }
            let indent = indent_len(line);
            match decode_char(&line[indent..]) {
                // `&#38;` only ever protects a reference that follows it.
                Some(('&', len)) if !leading_reference(&format!("&{}", &line[indent + len..])) => {
                    line.to_string()
                }
                Some((c, len)) => format!("{}{c}{}", &line[..indent], &line[indent + len..]),
                None => line.to_string(),
            }
        })
        .collect();
    lines.join("\n")
}

fn indent_len(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// Whether the line's first character can be written as a reference that [`read`] decodes.
fn escapable(line: &str) -> bool {
    line[indent_len(line)..].chars().next().is_some_and(|c| {
        let r = reference(c);
        decode_char(&r).is_some_and(|(d, _)| d == c)
    })
}

fn reference(c: char) -> String {
    format!("&#{};", c as u32)
}

/// Whether the line (after its indentation) starts with a reference [`read`] would decode.
fn leading_reference(line: &str) -> bool {
    decode_char(&line[indent_len(line)..]).is_some()
}

/// The lines joined, the first character of each line in `escaped` written as a reference,
/// and the `&` of each line in `protect` as `&#38;`.
fn with_escapes(lines: &[&str], escaped: &BTreeSet<usize>, protect: &BTreeSet<usize>) -> String {
    let mut out = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum::<usize>() + 16);
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let indent = indent_len(line);
        let first = line[indent..].chars().next();
        match first {
            Some(c) if escaped.contains(&i) || protect.contains(&i) => {
                out.push_str(&line[..indent]);
                out.push_str(&reference(c));
                out.push_str(&line[indent + c.len_utf8()..]);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// Line index of each byte offset's line.
fn line_of(text: &str) -> impl Fn(usize) -> usize + '_ {
    move |at| text.as_bytes()[..at.min(text.len())].iter().filter(|&&b| b == b'\n').count()
}

/// The lines that would end the section or swallow what follows it.
fn offenders(text: &str, ends_section: Boundary<'_>) -> Vec<usize> {
    let doc = format!("{text}\n\n{PROBE}");
    let probe_at = text.len() + 2;
    let line = line_of(&doc);
    let mut found = Vec::new();
    let mut depth = 0usize;
    let mut probe_seen = false;
    let mut top: Vec<Range<usize>> = Vec::new();
    // HTML blocks with the container elements they leave open (in document order).
    let mut html_blocks: Vec<(usize, Vec<(&str, isize)>)> = Vec::new();
    for (event, range) in Parser::new_ext(&doc, super::html::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::HtmlBlock) if depth == 0 && range.start < probe_at => {
                // The comment that starts unrecognised content would take in what follows.
                if doc[range.clone()].trim() == super::markdown::EXTRA_MARK {
                    found.push(line(range.start));
                }
                html_blocks.push((range.start, open_containers(&doc[range.clone()])));
                top.push(range.clone());
                depth += 1;
            }
            Event::Start(tag) => {
                if depth == 0 {
                    if let Tag::Heading { level, .. } = tag {
                        if range.start == probe_at {
                            probe_seen = true;
                        } else if ends_section(level, &doc[range.clone()]) {
                            // An ATX heading (one line) is neutralised at its `#`, a setext
                            // one at its underline (its last line).
                            let src = doc[range.clone()].trim_end_matches('\n');
                            found.push(line(range.start) + src.matches('\n').count());
                        }
                    }
                    top.push(range.clone());
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ if depth == 0 => top.push(range.clone()),
            _ => {}
        }
    }
    if !probe_seen {
        // Something ran past the end of the text: the block that holds the probe's place.
        if let Some(block) = top.iter().find(|r| r.start < probe_at && r.end > text.len()) {
            found.push(line(block.start));
        }
    }
    // An element such as `<details>` or `<div>` opened and never closed takes everything
    // after it into itself once the Markdown is shown as HTML (on GitHub too): the HTML block
    // that leaves it open is neutralised.
    let mut balance: Vec<(&str, isize, usize)> = Vec::new();
    for (start, counts) in &html_blocks {
        for (name, n) in counts {
            match balance.iter_mut().find(|(b, ..)| b == name) {
                Some(entry) => {
                    entry.1 += n;
                    if *n > 0 {
                        entry.2 = *start;
                    }
                }
                None => balance.push((name, *n, *start)),
            }
        }
    }
    found.extend(balance.iter().filter(|(_, n, _)| *n > 0).map(|(_, _, start)| line(*start)));
    found
}

/// Elements that hold what follows them until they are closed.
const CONTAINERS: &[&str] = &[
    "details",
    "div",
    "section",
    "article",
    "aside",
    "table",
    "blockquote",
    "ul",
    "ol",
    "dl",
    "center",
    "main",
    "nav",
    "header",
    "footer",
    "figure",
    "form",
    "fieldset",
    "pre",
    "summary",
];

/// For each container element in `html`: how many more times it is opened than closed.
fn open_containers(html: &str) -> Vec<(&'static str, isize)> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    for name in CONTAINERS {
        let count = |prefix: &str| {
            lower
                .match_indices(prefix)
                .filter(|(at, m)| {
                    let next = lower[at + m.len()..].chars().next();
                    matches!(next, Some(' ' | '\t' | '\n' | '>') | None)
                })
                .count() as isize
        };
        let n = count(&format!("<{name}")) - count(&format!("</{name}"));
        if n != 0 {
            out.push((*name, n));
        }
    }
    out
}

/// The lines inside code blocks (fenced or indented, at any depth), fences included.
fn code_lines(text: &str) -> BTreeSet<usize> {
    let line = line_of(text);
    let mut out = BTreeSet::new();
    let mut open: Vec<usize> = Vec::new();
    for (event, range) in Parser::new_ext(text, super::html::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => open.push(range.start),
            Event::End(TagEnd::CodeBlock) => {
                let start = open.pop().unwrap_or(range.start);
                let end = range.end.max(start);
                let last = line(end.saturating_sub(1).max(start));
                out.extend(line(start)..=last);
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn any_heading(_: HeadingLevel, _: &str) -> bool {
        true
    }

    fn no_heading(_: HeadingLevel, _: &str) -> bool {
        false
    }

    fn h1_h2(level: HeadingLevel, _: &str) -> bool {
        level <= HeadingLevel::H2
    }

    fn round_trip(text: &str) -> String {
        let w = write(text, &h1_h2);
        assert_eq!(read(&w.text), text, "written as {:?}", w.text);
        w.text
    }

    #[test]
    fn markdown_is_written_as_it_is() {
        for text in [
            "Plain words.",
            "```sh\nmake deploy\n```",
            "    indented code",
            "> a quote\n> more",
            "- a\n- b\n  - nested",
            "1. one\n2. two",
            "### A sub-heading\ntext",
            "**bold** and [a link](https://example.com)",
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "<!-- closed -->",
        ] {
            assert_eq!(round_trip(text), text);
        }
    }

    #[test]
    fn what_would_end_the_section_is_neutralised() {
        assert_eq!(round_trip("## Scope\ntext"), "&#35;# Scope\ntext");
        assert_eq!(round_trip("# Title"), "&#35; Title");
        assert_eq!(round_trip("Heading\n---"), "Heading\n&#45;--");
        assert_eq!(round_trip("Heading\n==="), "Heading\n&#61;==");
        assert_eq!(round_trip("\u{a0}#\n-"), "\u{a0}#\n&#45;");
        assert_eq!(round_trip("#x\n---"), "#x\n&#45;--");
        assert_eq!(round_trip("```\nnot closed"), "&#96;``\nnot closed");
        assert_eq!(round_trip("<pre>\nnot closed"), "&#60;pre>\nnot closed");
        assert_eq!(round_trip("<!-- open"), "&#60;!-- open");
        // A fence that is closed keeps its heading-like lines as code.
        assert_eq!(round_trip("```\n## in code\n```"), "```\n## in code\n```");
        // An element left open would take in the sections after it when shown as HTML.
        assert_eq!(round_trip("Intro\n\n<details>\n\nMore"), "Intro\n\n&#60;details>\n\nMore");
        assert_eq!(
            round_trip("<details>\n<summary>Why</summary>\n\nBecause\n\n</details>"),
            "<details>\n<summary>Why</summary>\n\nBecause\n\n</details>"
        );
        // Neutralising the fence turns its lines into text: the heading inside is neutralised too.
        assert_eq!(round_trip("```\n## x"), "&#96;``\n&#35;# x");
        assert_eq!(write("### x", &any_heading).text, "&#35;## x");
    }

    #[test]
    fn references_at_line_starts_are_protected() {
        assert_eq!(round_trip("&#35; typed"), "&#38;#35; typed");
        assert_eq!(round_trip("  &#45; x"), "  &#38;#45; x");
        assert_eq!(round_trip("&#8212; dash"), "&#8212; dash");
        assert_eq!(round_trip("a &#35; b"), "a &#35; b");
        assert_eq!(round_trip("```\n&#35;\n```"), "```\n&#35;\n```");
        assert_eq!(read("&#35;# x"), "## x");
        // Written by hand, `&#38;` before anything else stays as it is (it means `&`).
        assert_eq!(read("&#38;amp; x"), "&#38;amp; x");
        assert_eq!(round_trip("&#38;amp; x"), "&#38;#38;amp; x");
    }

    #[test]
    fn where_no_heading_ends_the_text_only_open_blocks_are_neutralised() {
        let w = write("## x\n&#35;\n```", &no_heading);
        assert_eq!(w.text, "## x\n&#38;#35;\n&#96;``");
        assert_eq!(w.neutralised, 1);
    }
}
