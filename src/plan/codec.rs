//! How a value is written into Markdown so that it reads back exactly.
//!
//! Values are written as typed. Only what would change the document's structure or be
//! lost by a Markdown reader is replaced by a numeric character reference (`&#35;` for
//! `#`), which every Markdown renderer shows as the character itself:
//! - leading and trailing spaces and tabs (Markdown trims them),
//! - the first character of a line that would start a block (heading, list, quote,
//!   fence, HTML, thematic break, setext underline, table delimiter, link definition),
//! - `|` in table cells, `,` in comma-separated name lists, trailing `#` in headings,
//! - `&` when it is followed by `#` (so that text which looks like one of these
//!   references is not mistaken for one).
//!
//! [`decode`] reverses exactly this and nothing else a person would not mean.

/// Where a value is written.
#[derive(Clone, Copy, Default)]
pub struct Context {
    /// The value starts a line of a paragraph or list item.
    pub line_start: bool,
    /// The value is a table cell.
    pub cell: bool,
    /// The value is one of a comma-separated list of names.
    pub name: bool,
    /// The value is heading text.
    pub heading: bool,
}

pub const LINE: Context = Context { line_start: true, cell: false, name: false, heading: false };
pub const CELL: Context = Context { line_start: false, cell: true, name: false, heading: false };
pub const NAME: Context = Context { line_start: false, cell: false, name: true, heading: false };
pub const HEADING: Context = Context { line_start: false, cell: false, name: false, heading: true };

/// Characters [`decode`] turns back from `&#N;`.
const DECODED: &[char] = &[
    '\t', ' ', '#', '&', ',', '|', '<', '>', '-', '+', '*', '=', '_', '`', '~', '[', '.', ')', ':',
];

fn reference(c: char) -> String {
    format!("&#{};", c as u32)
}

/// Encodes a single-line value (no line breaks) for `ctx`.
pub fn encode(value: &str, ctx: Context) -> String {
    if needs_nothing(value, ctx) {
        return value.to_string();
    }
    let is_ws = |c: char| c == ' ' || c == '\t';
    let core_start = value.find(|c: char| !is_ws(c)).unwrap_or(value.len());
    let core_end = value
        .rfind(|c: char| !is_ws(c))
        .map_or(core_start, |i| i + value[i..].chars().next().map_or(1, char::len_utf8));
    let (lead, core, trail) =
        (&value[..core_start], &value[core_start..core_end], &value[core_end..]);

    let mut out = String::with_capacity(value.len() + 8);
    for c in lead.chars() {
        out.push_str(&reference(c));
    }
    let mut body = String::with_capacity(core.len());
    let mut chars = core.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' if chars.peek() == Some(&'#') => body.push_str(&reference('&')),
            '|' if ctx.cell => body.push_str(&reference('|')),
            ',' if ctx.name => body.push_str(&reference(',')),
            _ => body.push(c),
        }
    }
    if ctx.heading {
        let kept = body.trim_end_matches('#').len();
        let hashes = body.len() - kept;
        body.truncate(kept);
        body.push_str(&"&#35;".repeat(hashes));
    }
    if ctx.line_start && lead.is_empty() {
        body = escape_block_start(&body);
    }
    out.push_str(&body);
    for c in trail.chars() {
        out.push_str(&reference(c));
    }
    out
}

/// Most values are plain words: nothing to replace (checked without allocating).
fn needs_nothing(value: &str, ctx: Context) -> bool {
    let (Some(first), Some(last)) = (value.chars().next(), value.chars().next_back()) else {
        return true;
    };
    let plain_edge = |c: char| c.is_alphabetic() || (c.is_ascii_digit() && !ctx.line_start);
    plain_edge(first)
        && (plain_edge(last)
            || matches!(last, '.' | ')' | '!' | '?' | '"' | '\'' | '`' | '*' | '_' | '%')
            || last.is_ascii_digit())
        && !value.contains("&#")
        && !(ctx.cell && value.contains('|'))
        && !(ctx.name && value.contains(','))
}

/// Replaces the character that would make `line` open a block other than a paragraph.
fn escape_block_start(line: &str) -> String {
    let Some(first) = line.chars().next() else { return String::new() };
    let rest = &line[first.len_utf8()..];
    // What the Markdown parser takes for blanks inside a line: also vertical tab and form feed.
    let blank = |c: char| matches!(c, ' ' | '\t' | '\u{b}' | '\u{c}');
    let space_or_end = |s: &str| s.is_empty() || s.starts_with(blank);
    let only = |c: char| line.chars().all(|x| x == c || blank(x));
    let escape_first = || format!("{}{rest}", reference(first));
    match first {
        '#' | '>' | '<' => return escape_first(),
        '-' | '+' | '*' if space_or_end(rest) => return escape_first(),
        '-' | '*' | '_' | '=' if only(first) => return escape_first(),
        '`' if line.starts_with("```") => return escape_first(),
        '~' if line.starts_with("~~~") => return escape_first(),
        '[' if is_link_definition(line) => return escape_first(),
        '|' | '-' | ':' if is_delimiter_row(line) => return escape_first(),
        _ => {}
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let after = &line[digits..];
        if let Some(p @ ('.' | ')')) = after.chars().next() {
            if space_or_end(&after[1..]) {
                return format!("{}{}{}", &line[..digits], reference(p), &after[1..]);
            }
        }
    }
    line.to_string()
}

/// `[label]: destination` at the start of a paragraph defines a link and disappears.
fn is_link_definition(line: &str) -> bool {
    line.find("]:").is_some()
}

/// A GFM table delimiter row such as `--- | :---:`.
fn is_delimiter_row(line: &str) -> bool {
    line.contains('-')
        && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t' | '\u{b}' | '\u{c}'))
}

/// Reverses [`encode`]: turns `&#N;` back into the characters it may stand for.
pub fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("&#") {
        out.push_str(&rest[..at]);
        match decode_char(&rest[at..]) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[at + len..];
            }
            None => {
                out.push_str("&#");
                rest = &rest[at + 2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The reference `&#N;` at the start of `text`, if it stands for one of the characters
/// [`encode`] writes so: the character and the reference's length in bytes.
pub fn decode_char(text: &str) -> Option<(char, usize)> {
    let tail = text.strip_prefix("&#")?;
    let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 || !tail[digits..].starts_with(';') {
        return None;
    }
    let c = tail[..digits].parse::<u32>().ok().and_then(char::from_u32)?;
    DECODED.contains(&c).then_some((c, digits + 3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_unchanged() {
        for s in [
            "Deploy new container images",
            "Run `make deploy` with **care**",
            "R&D",
            "C# rocks",
            "-5 degrees",
            "3.4.0 release",
            "a | b",
        ] {
            assert_eq!(encode(s, LINE), s);
            assert_eq!(decode(s), s);
        }
    }

    #[test]
    fn structure_characters_become_references() {
        assert_eq!(encode("# x", LINE), "&#35; x");
        assert_eq!(encode("- x", LINE), "&#45; x");
        assert_eq!(encode("12. x", LINE), "12&#46; x");
        assert_eq!(encode("---", LINE), "&#45;--");
        assert_eq!(encode("--- | ---", LINE), "&#45;-- | ---");
        assert_eq!(encode("[a]: b", LINE), "&#91;a]: b");
        assert_eq!(encode("  two", LINE), "&#32;&#32;two");
        assert_eq!(encode("end  ", LINE), "end&#32;&#32;");
        assert_eq!(encode("a|b", CELL), "a&#124;b");
        assert_eq!(encode("Doe, Jane", NAME), "Doe&#44; Jane");
        assert_eq!(encode("Release #", HEADING), "Release &#35;");
        assert_eq!(encode("&#32;", LINE), "&#38;#32;");
        // Vertical tab and form feed count as blanks to the parser (found by fuzzing).
        assert_eq!(encode("---\u{b}", LINE), "&#45;--\u{b}");
        assert_eq!(encode("-\u{c}x", LINE), "&#45;\u{c}x");
    }

    #[test]
    fn decode_reverses_encode() {
        for s in [
            "# x",
            "  lead",
            "trail\t",
            "&#32;",
            "&#38;#32;",
            "a|b,c#",
            " ",
            "\t \t",
            "1) x",
            "&",
            "&#",
            "&#12345678;",
            "&#0;",
        ] {
            for ctx in [LINE, CELL, NAME, HEADING] {
                assert_eq!(decode(&encode(s, ctx)), s, "{s:?}");
            }
        }
    }

    #[test]
    fn other_references_are_left_alone() {
        assert_eq!(decode("&#8212; &amp; &#x23;"), "&#8212; &amp; &#x23;");
    }
}
