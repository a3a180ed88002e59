//! Sections beyond the template's ten: the optional standard sections (Risk and Impact,
//! Maintenance Window, Contacts and Escalation, Go/No-Go Criteria) and the user's own.
//!
//! One definition ([`OptionalDef`]) drives everything about an optional section: its form
//! ([`controls`]), its Markdown ([`write`]), its import (`import::optional_section`), its
//! validation labels ([`validate`]) and the readiness meter. A custom section has the same
//! parts, chosen by its [`CustomKind`]. Every function takes the table of definitions, so a
//! test can add one and see it everywhere; the app passes [`OPTIONAL`].

use super::codec::{encode, Context, HEADING};
use super::markdown::{free_text, list_item, one_line, table};
use super::model::{item_normal, markdown_text, Item};
use super::sections::SECTIONS;
use serde::{Deserialize, Serialize};

/// How a value of an optional section is entered and checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// One of these labels (a select).
    Choice(&'static [&'static str]),
    /// One line of text.
    Text,
    /// A UTC time, `YYYY-MM-DD HH:MM`.
    Time,
    /// A duration as steps have one (`10 min`, `1 h 30 min`).
    Duration,
}

/// One value of an optional section, written as `- <written>: value`.
#[derive(Clone, Copy, Debug)]
pub struct FieldDef {
    /// The form's label ("Window start").
    pub label: &'static str,
    /// The label in the Markdown ("Window start (UTC)").
    pub written: &'static str,
    pub kind: FieldKind,
    /// Other labels accepted on import.
    pub aliases: &'static [&'static str],
}

/// A section's list of items ("Mitigation 1", "Add mitigation").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListPart {
    pub noun: &'static str,
    pub numbered: bool,
    /// The line written before the list when the section also has values ("Mitigation:");
    /// the noun when not given.
    pub lead: Option<&'static str>,
}

/// A section's table: fixed columns (an optional section's) or the user's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TablePart {
    pub columns: Option<&'static [&'static str]>,
    /// One row's noun: "Add contact", "Remove contact 2".
    pub noun: &'static str,
}

/// The definition of an optional standard section.
#[derive(Clone, Copy, Debug)]
pub struct OptionalDef {
    /// A short machine name, stored in drafts.
    pub key: &'static str,
    pub title: &'static str,
    /// Other headings accepted on import (matched ignoring case and punctuation).
    pub aliases: &'static [&'static str],
    /// The guidance line under the section's title in the form.
    pub help: &'static str,
    /// The key of the template section it is placed after when added.
    pub after: &'static str,
    pub fields: &'static [FieldDef],
    pub list: Option<ListPart>,
    pub table: Option<TablePart>,
}

pub const RISK_LEVELS: &[&str] = &["Low", "Medium", "High"];

/// The optional standard sections, in the order the Add section dialog offers them.
pub const OPTIONAL: &[OptionalDef] = &[
    OptionalDef {
        key: "risk",
        title: "Risk and Impact",
        aliases: &[
            "Risk & Impact",
            "Risks and Impact",
            "Risk",
            "Risks",
            "Risk assessment",
            "Impact",
            "Risk and impact assessment",
            "Risks and mitigations",
        ],
        help: "How likely and how bad a failure would be, and what lowers the risk.",
        after: "scope",
        fields: &[
            FieldDef {
                label: "Risk level",
                written: "Risk level",
                kind: FieldKind::Choice(RISK_LEVELS),
                aliases: &["Risk", "Level"],
            },
            FieldDef {
                label: "Impact",
                written: "Impact",
                kind: FieldKind::Text,
                aliases: &["Impact assessment"],
            },
        ],
        list: Some(ListPart { noun: "Mitigation", numbered: false, lead: Some("Mitigation") }),
        table: None,
    },
    OptionalDef {
        key: "window",
        title: "Maintenance Window",
        aliases: &[
            "Change window",
            "Deployment window",
            "Maintenance",
            "Window",
            "Maintenance window (UTC)",
            "Change window (UTC)",
            "Deployment window (UTC)",
        ],
        help: "When the change may happen (UTC) and how long users are affected.",
        after: "preconditions",
        fields: &[
            FieldDef {
                label: "Window start",
                written: "Window start (UTC)",
                kind: FieldKind::Time,
                aliases: &["Start", "Window start", "Starts"],
            },
            FieldDef {
                label: "Window end",
                written: "Window end (UTC)",
                kind: FieldKind::Time,
                aliases: &["End", "Window end", "Ends"],
            },
            FieldDef {
                label: "Expected downtime",
                written: "Expected downtime",
                kind: FieldKind::Duration,
                aliases: &["Downtime"],
            },
        ],
        list: None,
        table: None,
    },
    OptionalDef {
        key: "contacts",
        title: "Contacts and Escalation",
        aliases: &[
            "Contacts & Escalation",
            "Contacts",
            "Escalation",
            "Escalation contacts",
            "Escalation path",
            "On-call contacts",
        ],
        help: "Who to call during the deployment, and whom to escalate to.",
        after: "communications",
        fields: &[],
        list: None,
        table: Some(TablePart { columns: Some(&["Role", "Name", "Contact"]), noun: "Contact" }),
    },
    OptionalDef {
        key: "gonogo",
        title: "Go/No-Go Criteria",
        aliases: &[
            "Go / No-Go Criteria",
            "Go No Go Criteria",
            "Go-No-Go Criteria",
            "Go/No-Go",
            "Go/No Go Criteria",
            "Go/No-Go checklist",
            "Go / No-Go",
            "Go / No Go",
            "Go No Go",
            "Go/No Go",
            "Go-No-Go",
        ],
        help: "What must hold to start the deployment; if any fails, it does not start.",
        after: "preconditions",
        fields: &[],
        list: Some(ListPart { noun: "Criterion", numbered: false, lead: None }),
        table: None,
    },
];

/// What a custom section holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CustomKind {
    #[default]
    Text,
    List,
    Numbered,
    Table,
}

impl CustomKind {
    pub const ALL: [CustomKind; 4] =
        [CustomKind::Text, CustomKind::List, CustomKind::Numbered, CustomKind::Table];

    /// The label in the Section kind select.
    pub fn label(self) -> &'static str {
        match self {
            CustomKind::Text => "Text",
            CustomKind::List => "List",
            CustomKind::Numbered => "Numbered list",
            CustomKind::Table => "Table",
        }
    }

    pub fn from_label(label: &str) -> Option<CustomKind> {
        CustomKind::ALL.into_iter().find(|k| k.label().eq_ignore_ascii_case(label.trim()))
    }

    /// The comment that says the kind where the content alone would be read as another.
    pub fn marker(self) -> String {
        format!("<!-- section kind: {} -->", self.label().to_lowercase())
    }
}

/// One row of a section's table, with a stable id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub id: u64,
    pub cells: Vec<String>,
}

/// A section added to a plan: an optional one (`optional` names its definition) or a custom
/// one (`kind`). Only the parts its layout has are used.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Section {
    pub id: u64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub optional: String,
    pub kind: CustomKind,
    pub title: String,
    /// The key of the template section it follows ("" = before Purpose).
    pub after: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub text: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<Row>,
}

/// The parts a section has, from its definition or its kind.
#[derive(Clone, Copy, Debug)]
pub struct Layout<'a> {
    pub text: bool,
    pub fields: &'a [FieldDef],
    pub list: Option<ListPart>,
    pub table: Option<TablePart>,
}

const ITEMS: ListPart = ListPart { noun: "Item", numbered: false, lead: None };

impl Section {
    /// The definition of an optional section (None for a custom one, or a key not known).
    pub fn def<'a>(&self, defs: &'a [OptionalDef]) -> Option<&'a OptionalDef> {
        defs.iter().find(|d| !self.optional.is_empty() && d.key == self.optional)
    }

    pub fn is_custom(&self) -> bool {
        self.optional.is_empty()
    }

    pub fn layout<'a>(&self, defs: &'a [OptionalDef]) -> Layout<'a> {
        let none = Layout { text: false, fields: &[], list: None, table: None };
        if !self.is_custom() {
            return self.def(defs).map_or(none, |d| Layout {
                fields: d.fields,
                list: d.list,
                table: d.table,
                ..none
            });
        }
        match self.kind {
            CustomKind::Text => Layout { text: true, ..none },
            CustomKind::List => Layout { list: Some(ITEMS), ..none },
            CustomKind::Numbered => {
                Layout { list: Some(ListPart { numbered: true, ..ITEMS }), ..none }
            }
            CustomKind::Table => {
                Layout { table: Some(TablePart { columns: None, noun: "Row" }), ..none }
            }
        }
    }

    /// A new optional section from its definition, placed where the definition says.
    pub fn optional(def: &OptionalDef, id: u64) -> Section {
        Section {
            id,
            optional: def.key.to_string(),
            title: def.title.to_string(),
            after: def.after.to_string(),
            fields: vec![String::new(); def.fields.len()],
            ..Section::default()
        }
    }

    /// A new optional section as the Add section dialog adds it: a table with one row to
    /// fill in, a list without values with one item.
    pub fn new_optional(def: &OptionalDef, mut next_id: impl FnMut() -> u64) -> Section {
        let mut s = Section::optional(def, next_id());
        if let Some(TablePart { columns: Some(columns), .. }) = def.table {
            s.rows.push(Row { id: next_id(), cells: vec![String::new(); columns.len()] });
        }
        if def.list.is_some() && def.fields.is_empty() {
            s.items.push(Item { id: next_id(), ..Item::default() });
        }
        s
    }

    /// A new custom section, placed before Review and Approval. A table starts with two
    /// columns and one row.
    pub fn custom(title: &str, kind: CustomKind, mut next_id: impl FnMut() -> u64) -> Section {
        let id = next_id();
        let mut s = Section {
            id,
            kind,
            title: one_line(title).trim().to_string(),
            after: CUSTOM_AFTER.to_string(),
            ..Section::default()
        };
        match kind {
            CustomKind::List | CustomKind::Numbered => {
                s.items.push(Item { id: next_id(), ..Item::default() })
            }
            CustomKind::Table => {
                s.columns = vec![String::new(); 2];
                s.rows.push(Row { id: next_id(), cells: vec![String::new(); 2] });
            }
            CustomKind::Text => {}
        }
        s
    }

    /// The table's column names: the definition's, or the user's.
    pub fn column_names(&self, layout: &Layout) -> Vec<String> {
        match layout.table.and_then(|t| t.columns) {
            Some(fixed) => fixed.iter().map(|c| c.to_string()).collect(),
            None => self.columns.clone(),
        }
    }

    /// The name of column `i` as labels use it ("Team", or "Column 2" while unnamed).
    pub fn column_label(&self, layout: &Layout, i: usize) -> String {
        column_label(self.column_names(layout).get(i).map_or("", String::as_str), i)
    }

    /// Whether the section holds anything a reader would see.
    pub fn has_content(&self, defs: &[OptionalDef]) -> bool {
        let layout = self.layout(defs);
        (layout.text && !self.text.trim().is_empty())
            || self.fields.iter().any(|f| !f.trim().is_empty())
            || !self.items.is_empty()
            || self.rows.iter().any(|r| r.cells.iter().any(|c| !c.trim().is_empty()))
    }

    /// The normal form (see `Plan::normalized`): only the parts the layout has; one-line
    /// values without line breaks; a known place; an optional section's own title.
    pub fn normalized(&self, defs: &[OptionalDef]) -> Section {
        if !self.is_custom() && self.def(defs).is_none() {
            return self.unknown_as_text().normalized(defs);
        }
        let layout = self.layout(defs);
        let line = |s: &str| one_line(s).into_owned();
        let def = self.def(defs);
        let title = match def {
            Some(d) => d.title.to_string(),
            None => line(&self.title),
        };
        // A place not known (outside data) is the end, where the writer puts it.
        let after = if anchor_index(&self.after).is_some() {
            self.after.clone()
        } else {
            SECTIONS[SECTIONS.len() - 1].key.to_string()
        };
        let fields = layout
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let v = line(self.fields.get(i).map_or("", String::as_str));
                let v = v.trim_matches([' ', '\t']).to_string();
                match f.kind {
                    FieldKind::Choice(options) => canonical_choice(options, &v),
                    _ => v,
                }
            })
            .collect();
        let width = match layout.table {
            Some(TablePart { columns: Some(fixed), .. }) => fixed.len(),
            Some(_) => self.columns.len().max(1),
            None => 0,
        };
        let columns = if layout.table.is_some_and(|t| t.columns.is_none()) {
            (0..width).map(|i| line(self.columns.get(i).map_or("", String::as_str))).collect()
        } else {
            Vec::new()
        };
        let rows = if layout.table.is_some() {
            self.rows
                .iter()
                .map(|r| Row {
                    id: r.id,
                    cells: (0..width)
                        .map(|i| line(r.cells.get(i).map_or("", String::as_str)))
                        .collect(),
                })
                .collect()
        } else {
            Vec::new()
        };
        Section {
            id: self.id,
            optional: if def.is_some() { self.optional.clone() } else { String::new() },
            kind: if def.is_some() { CustomKind::Text } else { self.kind },
            title,
            after,
            text: if layout.text { markdown_text(&self.text) } else { String::new() },
            fields,
            items: if layout.list.is_some() {
                self.items
                    .iter()
                    .map(|i| Item { id: i.id, text: item_normal(&i.text), ..Item::default() })
                    .collect()
            } else {
                Vec::new()
            },
            columns,
            rows,
        }
    }

    /// An optional section whose definition this build does not know (outside data) as a
    /// custom text section holding every value it has, so that nothing is dropped.
    fn unknown_as_text(&self) -> Section {
        let mut lines: Vec<String> =
            self.fields.iter().filter(|f| !f.trim().is_empty()).cloned().collect();
        lines.extend(self.items.iter().map(|i| format!("- {}", i.text)));
        lines.extend(self.rows.iter().map(|r| r.cells.join(" | ")));
        let title =
            if self.title.trim().is_empty() { self.optional.clone() } else { self.title.clone() };
        Section {
            id: self.id,
            title,
            after: self.after.clone(),
            text: lines.join("\n"),
            ..Section::default()
        }
    }

    /// The ids of the section, its items and its rows.
    pub fn ids(&self) -> impl Iterator<Item = u64> + '_ {
        std::iter::once(self.id)
            .chain(self.items.iter().map(|i| i.id))
            .chain(self.rows.iter().map(|r| r.id))
    }
}

/// Why `title` cannot be a new custom section's (none, or one of `taken`, compared as the
/// importer compares headings), if it cannot.
pub fn new_title_problem(title: &str, taken: &[String]) -> Option<String> {
    let norm = super::import::normalise_title;
    if title.trim().is_empty() {
        Some("Give the section a title.".into())
    } else if taken.iter().any(|t| norm(t) == norm(title)) {
        Some(format!(
            "A section titled \"{}\" is already in the plan: choose another title.",
            title.trim()
        ))
    } else {
        None
    }
}

/// A section's title as the form, the outline and the problems show it.
pub fn display_title(title: &str) -> String {
    match title.trim() {
        "" => "Untitled section".to_string(),
        t => t.to_string(),
    }
}

/// Column `i` named `name` as labels use it: the name, or "Column 2" while it has none.
pub fn column_label(name: &str, i: usize) -> String {
    match name.trim() {
        "" => format!("Column {}", i + 1),
        name => name.to_string(),
    }
}

/// A choice in its canonical spelling when it is one of `options` in any case.
pub fn canonical_choice(options: &[&str], value: &str) -> String {
    let t = value.trim();
    options
        .iter()
        .find(|o| o.eq_ignore_ascii_case(t))
        .map_or_else(|| value.to_string(), |o| o.to_string())
}

/// Where a custom section goes when added: before Review and Approval.
pub const CUSTOM_AFTER: &str = "communications";

/// The position of an anchor: 0 before Purpose, `i + 1` after the template's section `i`.
pub fn anchor_index(after: &str) -> Option<usize> {
    if after.is_empty() {
        return Some(0);
    }
    SECTIONS.iter().position(|s| s.key == after).map(|i| i + 1)
}

fn anchor_key(index: usize) -> String {
    index.checked_sub(1).map_or(String::new(), |i| SECTIONS[i].key.to_string())
}

/// Sections in document order: by anchor, and in their order within one anchor.
pub fn sort(sections: &mut [Section]) {
    sections.sort_by_key(|s| anchor_index(&s.after).unwrap_or(SECTIONS.len()));
}

/// Moves section `id` one place up (`up`) or down in the document, past a template section
/// or another added section. Returns whether it moved.
pub fn move_section(sections: &mut Vec<Section>, id: u64, up: bool) -> bool {
    sort(sections);
    let Some(at) = sections.iter().position(|s| s.id == id) else { return false };
    let anchor = anchor_index(&sections[at].after).unwrap_or(SECTIONS.len());
    if up {
        if at > 0 && anchor_index(&sections[at - 1].after) == Some(anchor) {
            sections.swap(at, at - 1);
        } else if anchor == 0 {
            return false;
        } else {
            // Past the template section it follows: to the end of the group before it.
            sections[at].after = anchor_key(anchor - 1);
        }
    } else if at + 1 < sections.len() && anchor_index(&sections[at + 1].after) == Some(anchor) {
        sections.swap(at, at + 1);
    } else if anchor >= SECTIONS.len() {
        return false;
    } else {
        // Past the next template section: to the start of the group after it.
        let s = sections.remove(at);
        let to = sections
            .iter()
            .position(|o| anchor_index(&o.after).unwrap_or(SECTIONS.len()) > anchor)
            .unwrap_or(sections.len());
        sections.insert(to, Section { after: anchor_key(anchor + 1), ..s });
        return true;
    }
    sort(sections);
    true
}

/// Whether section `id` can move up (or down).
pub fn can_move(sections: &[Section], id: u64, up: bool) -> bool {
    let mut copy = sections.to_vec();
    move_section(&mut copy, id, up)
}

/// The definitions not yet in the plan, as the Add section dialog offers them.
pub fn offered<'a>(sections: &[Section], defs: &'a [OptionalDef]) -> Vec<&'a OptionalDef> {
    defs.iter().filter(|d| !sections.iter().any(|s| s.optional == d.key)).collect()
}

/// A labelled value line as written: `- Risk level: High`.
fn field_line(def: &FieldDef, value: &str) -> String {
    let value = encode(value.trim_matches([' ', '\t']), Context::default());
    if value.is_empty() {
        format!("- {}:\n", def.written)
    } else {
        format!("- {}: {value}\n", def.written)
    }
}

/// The `## Title` heading of an added section. A custom title that the importer would take
/// for a template or optional section starts with a character reference instead.
pub fn heading(section: &Section, defs: &[OptionalDef]) -> String {
    let title = encode(&one_line(&section.title), HEADING);
    // (A title encoded to start with a reference reads as the user's own already.)
    if section.is_custom()
        && !title.starts_with("&#")
        && super::import::known_heading(&section.title, defs)
    {
        let mut chars = title.chars();
        let first = chars.next().map_or(String::new(), |c| format!("&#{};", c as u32));
        return format!("## {first}{}\n", chars.as_str());
    }
    if title.is_empty() {
        "##\n".to_string()
    } else {
        format!("## {title}\n")
    }
}

/// An added section as Markdown: its heading and its body, ending with a newline.
pub fn write(section: &Section, defs: &[OptionalDef]) -> String {
    write_as(section, defs, true)
}

/// An added section as the preview shows it: without the kind comment (which a Markdown
/// viewer hides, and the preview would show as text), unnamed columns named "Column N".
pub fn write_for_preview(section: &Section, defs: &[OptionalDef]) -> String {
    write_as(section, defs, false)
}

fn write_as(section: &Section, defs: &[OptionalDef], kind_comment: bool) -> String {
    let s = section.normalized(defs);
    let layout = s.layout(defs);
    let mut parts: Vec<String> = Vec::new();
    if layout.text && !s.text.is_empty() {
        parts.push(free_text(&s.text));
    }
    if !layout.fields.is_empty() {
        parts.push(layout.fields.iter().zip(&s.fields).map(|(f, v)| field_line(f, v)).collect());
    }
    if let Some(list) = layout.list.filter(|_| !s.items.is_empty()) {
        // After the values, a line says where the list starts (two lists in a row would
        // read as one).
        if !layout.fields.is_empty() {
            parts.push(format!("{}:\n", list.lead.unwrap_or(list.noun)));
        }
        let labels: Vec<&str> = layout.fields.iter().flat_map(labels_of).collect();
        let mut out = String::new();
        for (i, item) in s.items.iter().enumerate() {
            let marker = if list.numbered { format!("{}.", i + 1) } else { "-".to_string() };
            let written = list_item(&marker, &item.text, None);
            out.push_str(&shield_labels(&written, &labels));
        }
        parts.push(out);
    }
    if layout.table.is_some() {
        let mut names = s.column_names(&layout);
        if !kind_comment {
            // The preview names an unnamed column as the form does: an empty header cell
            // tells a screen reader nothing.
            names = (0..names.len()).map(|i| s.column_label(&layout, i)).collect();
        }
        let rows: Vec<Vec<String>> = s.rows.iter().map(|r| r.cells.clone()).collect();
        parts.push(table(&names, &rows));
    }
    let body = parts.join("\n");
    // The content alone must say the custom kind; where it would not, a comment does (and
    // before text that starts with such a comment, which the reader would take for it).
    let says_kind = body.trim_start().starts_with("<!-- section kind:");
    let body = if kind_comment
        && s.is_custom()
        && (says_kind || super::import::content_kind(&body) != Some(s.kind))
    {
        format!("{}\n\n{body}", s.kind.marker())
    } else {
        body
    };
    let mut out = heading(&s, defs);
    if !body.trim_matches(['\n', ' ', '\t']).is_empty() {
        out.push('\n');
        out.push_str(body.trim_end_matches('\n'));
        out.push('\n');
    }
    out
}

/// The labels a value line is read by.
pub fn labels_of(f: &FieldDef) -> impl Iterator<Item = &'static str> {
    [f.written, f.label].into_iter().chain(f.aliases.iter().copied())
}

/// A written list item whose first line would read as a value line (`- Impact: …`) with the
/// separator as a character reference, so that it stays an item.
fn shield_labels(written: &str, labels: &[&str]) -> String {
    let (first, rest) = written.split_once('\n').unwrap_or((written, ""));
    let text = super::import::strip_marker(first);
    if super::import::labelled(text, labels).is_none() {
        return written.to_string();
    }
    let Some(sep) = super::import::separator(text) else { return written.to_string() };
    // The separator starts with `:` or a space, both of which read back from a reference.
    let at = first.len() - text.len() + sep;
    let c = if first[at..].starts_with(':') { ':' } else { ' ' };
    format!("{}&#{};{}\n{rest}", &first[..at], c as u32, &first[at + 1..])
}

/// A UTC time `YYYY-MM-DD HH:MM` as minutes since 0000-03-01 (for comparing and subtracting).
pub fn parse_time(text: &str) -> Option<i64> {
    let t = text.trim();
    let (date, time) = t.split_once([' ', 'T'])?;
    let date = super::validate::Date::parse(date)?;
    let time = time.trim().trim_end_matches("UTC").trim_end_matches('Z').trim();
    let (h, m) = time.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    if h > 23 || m > 59 {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm), shifted to start in March.
    let (y, mo, d) = (i64::from(date.year), i64::from(date.month), i64::from(date.day));
    let y = if mo <= 2 { y - 1 } else { y };
    let mp = (mo + 9) % 12;
    let days = 365 * y + y / 4 - y / 100 + y / 400 + (153 * mp + 2) / 5 + d - 1;
    Some(days * 1440 + h * 60 + m)
}

/// A part of an added section that a finding points to (and a control edits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    /// The section as a whole (empty) — its first control.
    Whole,
    /// A custom section's title.
    Title,
    /// A Text section's text.
    Text,
    /// Value `i` of an optional section.
    Value(usize),
    /// The list as a whole (its Add button).
    List,
    /// One item, by id.
    Item(u64),
    /// The name of custom column `i`.
    Column(usize),
    /// The columns as a whole (their Add column button).
    Columns,
    /// A cell: row id, column.
    Cell(u64, usize),
    /// The table as a whole (its Add row button).
    Rows,
}

/// One control of an added section's form, as the UI renders it: which part it edits, its
/// visible label and its kind. The form is built from this list, so a definition alone
/// decides what the form shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Control {
    pub part: Part,
    pub label: String,
    pub kind: ControlKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ControlKind {
    Line,
    Lines,
    Choice(Vec<&'static str>),
    /// An item of a list (multi-line).
    Item,
    /// A button that adds an item, row or column.
    Add,
}

/// The controls of a section's form, in order.
pub fn controls(section: &Section, defs: &[OptionalDef]) -> Vec<Control> {
    let layout = section.layout(defs);
    let c = |part, label: String, kind| Control { part, label, kind };
    let mut out = Vec::new();
    if section.is_custom() {
        out.push(c(Part::Title, "Section title".into(), ControlKind::Line));
    }
    if layout.text {
        out.push(c(Part::Text, section.title.clone(), ControlKind::Lines));
    }
    for (i, f) in layout.fields.iter().enumerate() {
        let kind = match f.kind {
            FieldKind::Choice(options) => ControlKind::Choice(options.to_vec()),
            _ => ControlKind::Line,
        };
        out.push(c(Part::Value(i), f.label.into(), kind));
    }
    if let Some(list) = layout.list {
        for (i, item) in section.items.iter().enumerate() {
            out.push(c(Part::Item(item.id), format!("{} {}", list.noun, i + 1), ControlKind::Item));
        }
        out.push(c(Part::List, format!("Add {}", list.noun.to_lowercase()), ControlKind::Add));
    }
    if let Some(table) = layout.table {
        let width = section.column_names(&layout).len();
        if table.columns.is_none() {
            for i in 0..width {
                out.push(c(Part::Column(i), format!("Column {} name", i + 1), ControlKind::Line));
            }
            out.push(c(Part::Columns, "Add column".into(), ControlKind::Add));
        }
        for (n, row) in section.rows.iter().enumerate() {
            for i in 0..width {
                let label = format!("{} {}", section.column_label(&layout, i), n + 1);
                out.push(c(Part::Cell(row.id, i), label, ControlKind::Item));
            }
        }
        out.push(c(Part::Rows, format!("Add {}", table.noun.to_lowercase()), ControlKind::Add));
    }
    out
}

/// A finding about an added section, before it becomes a `validate::Finding`.
pub struct Problem {
    pub rule: &'static str,
    pub error: bool,
    pub part: Part,
    pub message: String,
}

/// The rules of added sections. `steps` and `rollback` are the plan's estimated totals in
/// seconds (when any step has a duration).
pub fn validate(
    sections: &[Section],
    defs: &[OptionalDef],
    template_titles: &[&str],
    steps: Option<u64>,
    rollback: Option<u64>,
) -> Vec<(u64, Problem)> {
    let mut out = Vec::new();
    let norm = |t: &str| super::import::normalise_title(t);
    for s in sections {
        let mut p = |rule, error, part, message: String| {
            out.push((s.id, Problem { rule, error, part, message }))
        };
        let layout = s.layout(defs);
        let title = if s.title.trim().is_empty() { "This section" } else { s.title.trim() };
        if s.is_custom() && s.title.trim().is_empty() {
            p("section-title", true, Part::Title, "Give the section a title.".into());
        } else {
            let same = template_titles.iter().filter(|t| norm(t) == norm(&s.title)).count()
                + sections.iter().filter(|o| norm(&o.title) == norm(&s.title)).count();
            if same > 1 {
                let part = if s.is_custom() { Part::Title } else { Part::Whole };
                p(
                    "section-title-duplicate",
                    true,
                    part,
                    format!("Another section is also titled \"{title}\": give each section its own title."),
                );
            }
        }
        // Empty: nothing filled in and no item or row to fill (those have messages of their own).
        if !s.has_content(defs) && s.items.is_empty() && s.rows.is_empty() {
            let first = controls(s, defs)
                .into_iter()
                .find(|c| c.part != Part::Title)
                .map_or(Part::Whole, |c| c.part);
            p(
                "section-empty",
                true,
                first,
                format!("{title} is empty: fill it in or remove the section."),
            );
        }
        for (i, item) in s.items.iter().enumerate() {
            if item.text.trim().is_empty() {
                let noun = layout.list.map_or("Item", |l| l.noun);
                p(
                    "item-empty",
                    true,
                    Part::Item(item.id),
                    format!("{noun} {} is empty: fill it in or remove it.", i + 1),
                );
            }
        }
        if layout.table.is_some_and(|t| t.columns.is_none()) {
            for (i, c) in s.columns.iter().enumerate() {
                if c.trim().is_empty() {
                    p(
                        "column-name",
                        true,
                        Part::Column(i),
                        format!("Name column {} of {title}.", i + 1),
                    );
                }
            }
        }
        for (n, row) in s.rows.iter().enumerate() {
            if row.cells.iter().all(|c| c.trim().is_empty()) {
                p(
                    "row-empty",
                    true,
                    Part::Cell(row.id, 0),
                    format!("Row {} of {title} is empty: fill it in or remove it.", n + 1),
                );
            }
        }
        let mut times = Vec::new();
        for (i, f) in layout.fields.iter().enumerate() {
            let v = s.fields.get(i).map_or("", |v| v.trim());
            match f.kind {
                FieldKind::Choice(options) if !v.is_empty() && !options.contains(&v) => p(
                    "choice",
                    true,
                    Part::Value(i),
                    format!("{} \"{v}\" is not one of {}: choose one.", f.label, options.join(", ")),
                ),
                FieldKind::Time if !v.is_empty() => match parse_time(v) {
                    Some(t) => times.push((i, t)),
                    None => p(
                        "time-format",
                        true,
                        Part::Value(i),
                        format!("{} \"{v}\" is not a UTC time: write it as YYYY-MM-DD HH:MM, e.g. 2026-12-01 22:00.", f.label),
                    ),
                },
                FieldKind::Duration if !v.is_empty() => {
                    if let Err(m) = super::duration::parse(v) {
                        p("duration-format", true, Part::Value(i), format!("{}: {m}", f.label));
                    }
                }
                _ => {}
            }
        }
        // Risk level High asks for a mitigation.
        let high = layout.fields.iter().enumerate().any(|(i, f)| {
            matches!(f.kind, FieldKind::Choice(o) if o == RISK_LEVELS)
                && s.fields.get(i).is_some_and(|v| v.trim() == "High")
        });
        if high && layout.list.is_some() && s.items.iter().all(|i| i.text.trim().is_empty()) {
            p(
                "risk-mitigation",
                true,
                Part::List,
                "Risk level is High: add at least one mitigation.".into(),
            );
        }
        // A window needs both ends once it has one.
        let time_fields: Vec<usize> = (0..layout.fields.len())
            .filter(|&i| layout.fields[i].kind == FieldKind::Time)
            .collect();
        if let [a, b] = time_fields[..] {
            let blank = |i: usize| s.fields.get(i).is_none_or(|v| v.trim().is_empty());
            for (set, missing) in [(a, b), (b, a)] {
                if !blank(set) && blank(missing) {
                    let f = &layout.fields[missing];
                    p(
                        "time-missing",
                        true,
                        Part::Value(missing),
                        format!("{} is empty: give the window both ends.", f.label),
                    );
                }
            }
        }
        // A window: the end after the start, and the steps inside it.
        if let [(a, start), (b, end)] = times[..] {
            if end <= start {
                let (from, to) = (layout.fields[a].label, layout.fields[b].label);
                p("window-order", true, Part::Value(b), format!("{to} must be after {from}."));
            } else {
                let window = u64::try_from(end - start).unwrap_or(0) * 60;
                let text = super::duration::text;
                if let Some(steps) = steps.filter(|&t| t > window) {
                    p(
                        "window-steps",
                        false,
                        Part::Value(b),
                        format!("The deployment steps take {} but the window is {}: widen the window or shorten the steps.", text(steps), text(window)),
                    );
                } else if let Some(total) =
                    rollback.map(|r| r + steps.unwrap_or(0)).filter(|&t| t > window)
                {
                    p(
                        "window-rollback",
                        false,
                        Part::Value(b),
                        format!("The deployment and rollback steps together take {} but the window is {}: a rollback would overrun it.", text(total), text(window)),
                    );
                }
            }
        }
    }
    out
}
