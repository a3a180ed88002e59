//! The document header: the HTML comment that plan documents in a repository start with, in
//! the template's layout (a copyright line, an SPDX licence identifier, a `FILE INFORMATION`
//! block). Written when the plan asks for it, read back from an imported document.

use super::codec::{decode, encode, Context};
use super::markdown::one_line;
use serde::{Deserialize, Serialize};

/// The header's values. `notice` holds the other lines of an imported header (a licence
/// notice, "This file is part of…"), written back after the licence line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DocHeader {
    pub enabled: bool,
    pub repository: String,
    pub path: String,
    pub version: String,
    pub brief: String,
    pub group: String,
    pub subgroup: String,
    pub copyright: String,
    pub licence: String,
    pub notice: String,
}

/// One value of the header, as the form shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HeaderField {
    Repository,
    Path,
    Version,
    Brief,
    Group,
    Subgroup,
    Copyright,
    Licence,
    Notice,
}

impl HeaderField {
    pub const ALL: [HeaderField; 9] = [
        HeaderField::Repository,
        HeaderField::Path,
        HeaderField::Version,
        HeaderField::Brief,
        HeaderField::Group,
        HeaderField::Subgroup,
        HeaderField::Copyright,
        HeaderField::Licence,
        HeaderField::Notice,
    ];

    /// The form's label.
    pub fn label(self) -> &'static str {
        match self {
            HeaderField::Repository => "Repository",
            HeaderField::Path => "Path",
            HeaderField::Version => "Document version",
            HeaderField::Brief => "Brief",
            HeaderField::Group => "Group",
            HeaderField::Subgroup => "Subgroup",
            HeaderField::Copyright => "Copyright holder",
            HeaderField::Licence => "Licence",
            HeaderField::Notice => "Licence notice",
        }
    }

    /// A short machine name, used for element ids.
    pub fn key(self) -> &'static str {
        match self {
            HeaderField::Repository => "repository",
            HeaderField::Path => "path",
            HeaderField::Version => "version",
            HeaderField::Brief => "brief",
            HeaderField::Group => "group",
            HeaderField::Subgroup => "subgroup",
            HeaderField::Copyright => "copyright",
            HeaderField::Licence => "licence",
            HeaderField::Notice => "notice",
        }
    }

    /// The `KEY:` of the FILE INFORMATION block, for the values written there.
    fn file_key(self) -> Option<&'static str> {
        Some(match self {
            HeaderField::Group => "DEFGROUP",
            HeaderField::Subgroup => "INGROUP",
            HeaderField::Repository => "REPO",
            HeaderField::Version => "VERSION",
            HeaderField::Brief => "BRIEF",
            HeaderField::Path => "PATH",
            _ => return None,
        })
    }

    pub fn get(self, h: &DocHeader) -> &String {
        match self {
            HeaderField::Repository => &h.repository,
            HeaderField::Path => &h.path,
            HeaderField::Version => &h.version,
            HeaderField::Brief => &h.brief,
            HeaderField::Group => &h.group,
            HeaderField::Subgroup => &h.subgroup,
            HeaderField::Copyright => &h.copyright,
            HeaderField::Licence => &h.licence,
            HeaderField::Notice => &h.notice,
        }
    }

    pub fn get_mut(self, h: &mut DocHeader) -> &mut String {
        match self {
            HeaderField::Repository => &mut h.repository,
            HeaderField::Path => &mut h.path,
            HeaderField::Version => &mut h.version,
            HeaderField::Brief => &mut h.brief,
            HeaderField::Group => &mut h.group,
            HeaderField::Subgroup => &mut h.subgroup,
            HeaderField::Copyright => &mut h.copyright,
            HeaderField::Licence => &mut h.licence,
            HeaderField::Notice => &mut h.notice,
        }
    }
}

/// The order of the FILE INFORMATION block, as in the template.
const FILE_BLOCK: [HeaderField; 6] = [
    HeaderField::Group,
    HeaderField::Subgroup,
    HeaderField::Repository,
    HeaderField::Version,
    HeaderField::Brief,
    HeaderField::Path,
];

impl DocHeader {
    /// In normal form (what a download keeps): nothing when the header is off; else one
    /// line per value, the notice without blank lines at its ends or two in a row.
    pub fn normalized(&self) -> DocHeader {
        if !self.enabled {
            return DocHeader::default();
        }
        let mut h = self.clone();
        for f in HeaderField::ALL {
            let value = f.get(self);
            *f.get_mut(&mut h) = if f == HeaderField::Notice {
                notice_normal(value)
            } else {
                one_line(value).into_owned()
            };
        }
        h
    }

    /// The `FILE:` value: the last part of the path.
    pub fn file(&self) -> &str {
        let path = self.path.trim();
        path.rsplit(['/', '\\']).next().unwrap_or(path)
    }
}

/// `text` with the `>` of what would close the comment (`-->`, and `--!>`, which HTML
/// parsers also take for its end) written `&#62;`.
fn keep_open(text: &str) -> String {
    text.replace("-->", "--&#62;").replace("--!>", "--!&#62;")
}

/// A value inside the comment: read back exactly, and never closing the comment.
fn value(text: &str) -> String {
    keep_open(&encode(&one_line(text), Context::default()))
}

/// A line of the notice inside the comment: never closing it, never read as the FILE
/// INFORMATION marker (its `#` is written `&#35;`).
fn notice_line(line: &str) -> String {
    let line = keep_open(&line.replace("&#", "&#38;#"));
    if line.trim().eq_ignore_ascii_case(FILE_INFORMATION) {
        line.replacen('#', "&#35;", 1)
    } else {
        line
    }
}

const FILE_INFORMATION: &str = "# FILE INFORMATION";

/// The header comment followed by a blank line, or nothing when the header is off.
pub fn render(h: &DocHeader) -> String {
    if !h.enabled {
        return String::new();
    }
    let h = h.normalized();
    let line = |key: &str, v: &str| {
        let v = value(v);
        if v.is_empty() {
            format!(" {key}:\n")
        } else {
            format!(" {key}: {v}\n")
        }
    };
    let mut out = String::from("<!--\n");
    let copyright = value(&h.copyright);
    out.push_str(format!(" Copyright (C) {copyright}").trim_end_matches(' '));
    out.push_str("\n\n");
    out.push_str(&line("SPDX-License-Identifier", &h.licence));
    if !h.notice.is_empty() {
        out.push('\n');
        for l in h.notice.split('\n') {
            if l.is_empty() {
                out.push('\n');
            } else {
                out.push_str(&format!(" {}\n", notice_line(l)));
            }
        }
    }
    out.push_str(&format!("\n {FILE_INFORMATION}\n"));
    for f in FILE_BLOCK {
        if f == HeaderField::Version {
            out.push_str(&line("FILE", h.file()));
        }
        out.push_str(&line(f.file_key().unwrap_or_default(), f.get(&h)));
    }
    out.push_str("-->\n");
    out
}

/// Whether an HTML comment is a document header (it has a FILE INFORMATION block).
pub fn is_header(comment: &str) -> bool {
    let t = comment.trim();
    t.starts_with("<!--") && t.ends_with("-->") && t.contains("FILE INFORMATION")
}

/// Reads a header comment; also says when its `FILE:` differs from the path's file name
/// (it is written from the path).
pub fn parse(comment: &str) -> (DocHeader, Option<String>) {
    let mut h = DocHeader { enabled: true, ..DocHeader::default() };
    let inner = comment.trim().trim_start_matches("<!--").trim_end_matches("-->");
    let mut notice: Vec<&str> = Vec::new();
    let mut file = None;
    // Each value is read once, and the FILE INFORMATION keys only in that block: any other
    // line is part of the notice.
    let (mut copyright, mut licence, mut block) = (false, false, false);
    for raw in inner.split('\n') {
        let t = raw.trim_matches([' ', '\t']);
        let lower = t.to_ascii_lowercase();
        if let Some(rest) = lower.strip_prefix("copyright").filter(|_| !copyright) {
            copyright = true;
            let skip = t.len() - rest.len();
            let rest = t[skip..].trim_start();
            let rest =
                rest.strip_prefix("(C)").or_else(|| rest.strip_prefix("(c)")).unwrap_or(rest);
            let rest = rest.strip_prefix('©').unwrap_or(rest);
            h.copyright = decode(rest.trim_matches([' ', '\t']));
        } else if lower.starts_with("spdx-license-identifier:") && !licence {
            licence = true;
            h.licence = decode(t["spdx-license-identifier:".len()..].trim_matches([' ', '\t']));
        } else if lower == FILE_INFORMATION.to_ascii_lowercase() && !block {
            block = true;
        } else if let Some((key, v)) = t.split_once(':').filter(|(k, _)| {
            block
                && (FILE_BLOCK.iter().any(|f| f.file_key() == Some(k.trim()))
                    || k.trim().eq_ignore_ascii_case("FILE"))
        }) {
            let v = decode(v.trim_matches([' ', '\t']));
            match FILE_BLOCK.iter().find(|f| f.file_key() == Some(key.trim())) {
                Some(f) => *f.get_mut(&mut h) = v,
                None => file = Some(v),
            }
        } else {
            // One space of indentation is the layout; the rest is the notice's own.
            notice.push(raw.strip_prefix(' ').unwrap_or(raw));
        }
    }
    h.notice = notice_normal(&decode_notice(&notice.join("\n")));
    let note = file.filter(|f| f != h.file()).map(|f| {
        format!(
            "The document header's FILE \"{f}\" is not the file name in its PATH (\"{}\"); it is written from the path.",
            h.file()
        )
    });
    (h, note)
}

/// The notice's lines without trailing blanks, blank lines at the ends, or two in a row.
fn notice_normal(text: &str) -> String {
    let text = super::model::extra_normal(text);
    let mut out: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        if !(line.is_empty() && out.last() == Some(&"")) {
            out.push(line);
        }
    }
    out.join("\n")
}

fn decode_notice(text: &str) -> String {
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| {
            let at = line.len() - line.trim_start().len();
            match line[at..].strip_prefix("&#35;") {
                Some(rest) => format!("{}#{rest}", &line[..at]),
                None => line.to_string(),
            }
        })
        .collect();
    lines.join("\n").replace("--&#62;", "-->").replace("--!&#62;", "--!>").replace("&#38;#", "&#")
}

/// Whether `text` is an SPDX licence expression (SPDX specification, annex D): identifiers of
/// letters, digits, `-` and `.`, an optional `+`, `LicenseRef-…` (optionally after
/// `DocumentRef-…:`), joined by `AND` / `OR`, `WITH` an exception, and parentheses.
pub fn is_spdx_expression(text: &str) -> bool {
    let spaced = text.replace('(', " ( ").replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut at = 0;
    compound(&tokens, &mut at) && at == tokens.len()
}

fn is_id(token: &str) -> bool {
    !token.is_empty() && token.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

fn is_operator(token: &str, op: &str) -> bool {
    token == op || token == op.to_ascii_lowercase()
}

fn simple(token: &str) -> bool {
    if let Some((doc, lic)) = token.split_once(':') {
        return doc.strip_prefix("DocumentRef-").is_some_and(is_id)
            && lic.strip_prefix("LicenseRef-").is_some_and(is_id);
    }
    let id = token.strip_suffix('+').unwrap_or(token);
    is_id(id) && !["AND", "OR", "WITH", "and", "or", "with"].contains(&id)
}

fn compound(tokens: &[&str], at: &mut usize) -> bool {
    if !term(tokens, at) {
        return false;
    }
    while let Some(t) = tokens.get(*at) {
        if is_operator(t, "AND") || is_operator(t, "OR") {
            *at += 1;
            if !term(tokens, at) {
                return false;
            }
        } else {
            break;
        }
    }
    true
}

fn term(tokens: &[&str], at: &mut usize) -> bool {
    match tokens.get(*at) {
        Some(&"(") => {
            *at += 1;
            if !compound(tokens, at) || tokens.get(*at) != Some(&")") {
                return false;
            }
            *at += 1;
            true
        }
        Some(t) if simple(t) => {
            *at += 1;
            if tokens.get(*at).is_some_and(|t| is_operator(t, "WITH")) {
                *at += 1;
                if !tokens.get(*at).is_some_and(|t| is_id(t)) {
                    return false;
                }
                *at += 1;
            }
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spdx_expressions() {
        for ok in [
            "MIT",
            "GPL-3.0-or-later",
            "Apache-2.0 OR MIT",
            "(MIT AND BSD-3-Clause) OR Apache-2.0",
            "GPL-2.0+ WITH Classpath-exception-2.0",
            "LicenseRef-Internal",
            "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
            "mit or apache-2.0",
        ] {
            assert!(is_spdx_expression(ok), "{ok}");
        }
        for bad in [
            "",
            "MIT AND",
            "(MIT",
            "MIT)",
            "GPL v3",
            "MIT/Apache",
            "AND",
            "MIT WITH",
            "Mit Or Apache-2.0",
        ] {
            assert!(!is_spdx_expression(bad), "{bad}");
        }
    }
}
