//! The plan model: plain data, serde, no reactivity.

use serde::{Deserialize, Serialize};

/// One entry of a list section. `id` is stable across edits and reorders so that keyed
/// lists in the UI (and per-item preview updates) survive moves.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: u64,
    pub text: String,
    /// Who does a step, how long it takes, how to tell it worked (deployment and rollback
    /// steps only). Absent from stored drafts when empty, as before it existed.
    #[serde(default, skip_serializing_if = "Details::is_empty")]
    pub details: Details,
}

/// A step's details, written as a nested list under the step (`- Owner: DBA on call`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Details {
    pub owner: String,
    pub duration: String,
    pub check: String,
}

/// One of a step's details.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Detail {
    Owner,
    Duration,
    Check,
}

impl Detail {
    pub const ALL: [Detail; 3] = [Detail::Owner, Detail::Duration, Detail::Check];

    /// The label in the Markdown (`- Owner: …`) and, lower-cased, in the form ("Step 2 owner").
    pub fn label(self) -> &'static str {
        match self {
            Detail::Owner => "Owner",
            Detail::Duration => "Duration",
            Detail::Check => "Check",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Detail::Owner => "owner",
            Detail::Duration => "duration",
            Detail::Check => "check",
        }
    }

    pub fn get(self, d: &Details) -> &String {
        match self {
            Detail::Owner => &d.owner,
            Detail::Duration => &d.duration,
            Detail::Check => &d.check,
        }
    }

    pub fn get_mut(self, d: &mut Details) -> &mut String {
        match self {
            Detail::Owner => &mut d.owner,
            Detail::Duration => &mut d.duration,
            Detail::Check => &mut d.check,
        }
    }
}

impl Details {
    pub fn is_empty(&self) -> bool {
        Detail::ALL.iter().all(|d| d.get(self).is_empty())
    }
}

/// The plan's lifecycle state, written as the Metadata block's `Status:` line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    #[default]
    Draft,
    #[serde(rename = "In Review")]
    InReview,
    Approved,
    Active,
    Retired,
}

impl Status {
    pub const ALL: [Status; 5] =
        [Status::Draft, Status::InReview, Status::Approved, Status::Active, Status::Retired];

    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::InReview => "In Review",
            Status::Approved => "Approved",
            Status::Active => "Active",
            Status::Retired => "Retired",
        }
    }

    /// Case-insensitive, whitespace-tolerant inverse of [`Status::label`].
    pub fn from_label(label: &str) -> Option<Status> {
        let wanted: String = label.split_whitespace().collect::<Vec<_>>().join(" ");
        Status::ALL.into_iter().find(|s| s.label().eq_ignore_ascii_case(&wanted))
    }
}

/// One row of the Revision History table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    pub id: u64,
    pub date: String,
    pub version: String,
    pub author: String,
    pub notes: String,
}

/// The plan's list-valued fields, each edited with the same list control.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ListId {
    Scope,
    Preconditions,
    Steps,
    Validation,
    Rollback,
    Communications,
    Approvers,
    Reviewers,
}

impl ListId {
    pub const ALL: [ListId; 8] = [
        ListId::Scope,
        ListId::Preconditions,
        ListId::Steps,
        ListId::Validation,
        ListId::Rollback,
        ListId::Communications,
        ListId::Approvers,
        ListId::Reviewers,
    ];

    /// The noun of one item, as it appears in labels ("Step 3") and, lower-cased, in
    /// button names ("Add step", "Remove step 3").
    pub fn noun(self) -> &'static str {
        match self {
            ListId::Scope => "Scope item",
            ListId::Preconditions => "Precondition",
            ListId::Steps => "Step",
            ListId::Validation => "Validation check",
            ListId::Rollback => "Rollback step",
            ListId::Communications => "Communication",
            ListId::Approvers => "Approver",
            ListId::Reviewers => "Reviewer",
        }
    }

    /// Whether an item may hold several lines (a name in a comma-separated list may not).
    pub fn multi_line(self) -> bool {
        !matches!(self, ListId::Approvers | ListId::Reviewers)
    }

    /// Whether items are steps that may carry details (owner, duration, check).
    pub fn has_details(self) -> bool {
        matches!(self, ListId::Steps | ListId::Rollback)
    }

    /// Whether the order matters (items get Move up / Move down).
    pub fn ordered(self) -> bool {
        matches!(self, ListId::Steps | ListId::Rollback)
    }

    /// A short machine name, used for element ids.
    pub fn key(self) -> &'static str {
        match self {
            ListId::Scope => "scope",
            ListId::Preconditions => "preconditions",
            ListId::Steps => "steps",
            ListId::Validation => "validation",
            ListId::Rollback => "rollback",
            ListId::Communications => "communications",
            ListId::Approvers => "approvers",
            ListId::Reviewers => "reviewers",
        }
    }
}

/// A whole deployment plan. Unknown or missing fields deserialize to their defaults so
/// that drafts saved by older versions still load.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Plan {
    pub title: String,
    pub purpose: String,
    pub scope: Vec<Item>,
    pub preconditions: Vec<Item>,
    pub steps: Vec<Item>,
    pub validation: Vec<Item>,
    pub rollback: Vec<Item>,
    pub communications: Vec<Item>,
    pub approvers: Vec<Item>,
    pub reviewers: Vec<Item>,
    pub approval_date: String,
    pub owner: String,
    /// Metadata's free-text `Reviewers:` line (groups or teams), distinct from the
    /// individual reviewers listed under Review and Approval.
    pub metadata_reviewers: String,
    pub status: Status,
    pub last_updated: String,
    pub revisions: Vec<Revision>,
    /// Markdown from an imported file that fits no section of the template. Kept, shown
    /// to the user, and written at the end of the document so that nothing is lost.
    pub extra: String,
    /// The document header comment (licence and FILE INFORMATION), written when enabled.
    pub header: super::header::DocHeader,
    /// Sections beyond the template's (optional and custom ones), in document order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<super::added::Section>,
}

impl Plan {
    pub fn list(&self, id: ListId) -> &Vec<Item> {
        match id {
            ListId::Scope => &self.scope,
            ListId::Preconditions => &self.preconditions,
            ListId::Steps => &self.steps,
            ListId::Validation => &self.validation,
            ListId::Rollback => &self.rollback,
            ListId::Communications => &self.communications,
            ListId::Approvers => &self.approvers,
            ListId::Reviewers => &self.reviewers,
        }
    }

    pub fn list_mut(&mut self, id: ListId) -> &mut Vec<Item> {
        match id {
            ListId::Scope => &mut self.scope,
            ListId::Preconditions => &mut self.preconditions,
            ListId::Steps => &mut self.steps,
            ListId::Validation => &mut self.validation,
            ListId::Rollback => &mut self.rollback,
            ListId::Communications => &mut self.communications,
            ListId::Approvers => &mut self.approvers,
            ListId::Reviewers => &mut self.reviewers,
        }
    }

    /// The largest item or revision id in use, so new ids never collide.
    pub fn max_id(&self) -> u64 {
        self.all_ids().max().unwrap_or(0)
    }

    /// Every item, revision row, added section and its items' and rows' id.
    pub fn all_ids(&self) -> impl Iterator<Item = u64> + '_ {
        ListId::ALL
            .iter()
            .flat_map(|&l| self.list(l).iter().map(|i| i.id))
            .chain(self.revisions.iter().map(|r| r.id))
            .chain(self.added.iter().flat_map(super::added::Section::ids))
    }

    /// The normal form every plan is written and read back in: line breaks (as `\n`) only in
    /// the multi-line fields — Purpose ([`markdown_text`]), list items ([`item_normal`]) and
    /// unrecognised content ([`extra_normal`]); in any other field a line break becomes a
    /// space; item and row ids numbered 1, 2, 3… in document order.
    /// `import(render(p)) == p.normalized()`.
    pub fn normalized(&self) -> Plan {
        let line = |s: &str| s.replace("\r\n", " ").replace(['\r', '\n'], " ");
        let mut p = Plan {
            title: line(&self.title),
            purpose: markdown_text(&self.purpose),
            approval_date: line(&self.approval_date),
            owner: line(&self.owner),
            metadata_reviewers: line(&self.metadata_reviewers),
            status: self.status,
            last_updated: line(&self.last_updated),
            revisions: self
                .revisions
                .iter()
                .map(|r| Revision {
                    id: r.id,
                    date: line(&r.date),
                    version: line(&r.version),
                    author: line(&r.author),
                    notes: line(&r.notes),
                })
                .collect(),
            extra: extra_normal(&self.extra),
            header: self.header.normalized(),
            added: self.added.iter().map(|s| s.normalized(super::added::OPTIONAL)).collect(),
            ..Plan::default()
        };
        super::added::sort(&mut p.added);
        for id in ListId::ALL {
            let text = |t: &str| if id.multi_line() { item_normal(t) } else { line(t) };
            *p.list_mut(id) = self
                .list(id)
                .iter()
                .map(|i| {
                    let mut details = Details::default();
                    if id.has_details() {
                        for d in Detail::ALL {
                            *d.get_mut(&mut details) =
                                line(d.get(&i.details)).trim_matches([' ', '\t']).to_string();
                        }
                    }
                    Item { id: i.id, text: text(&i.text), details }
                })
                .collect();
        }
        p.renumber();
        p
    }

    /// Whether item and revision ids are fit for the editor: unique (each is a control's DOM
    /// id) and small enough that new ids can follow them. Stored drafts, backups and share
    /// links are outside data: they may hold anything.
    pub fn ids_sound(&self) -> bool {
        // Ids in document order, as the importer gives them, are distinct: a long imported
        // plan is checked without a set.
        let mut last = 0;
        let ascending = self.all_ids().all(|id| {
            let up = id > last;
            last = id;
            up
        });
        if ascending {
            return last <= MAX_ID;
        }
        let mut seen = std::collections::HashSet::new();
        self.all_ids().all(|id| id <= MAX_ID && seen.insert(id))
    }

    /// The plan with sound ids: as it is when they are (see [`Plan::ids_sound`]), else
    /// renumbered 1, 2, 3… in document order.
    pub fn with_sound_ids(mut self) -> Plan {
        if !self.ids_sound() {
            self.renumber();
        }
        self
    }

    /// Gives items and revision rows the ids 1, 2, 3… in document order.
    pub fn renumber(&mut self) {
        let mut next = 0;
        for id in ListId::ALL {
            for item in self.list_mut(id) {
                next += 1;
                item.id = next;
            }
        }
        for row in &mut self.revisions {
            next += 1;
            row.id = next;
        }
        let mut fresh = || {
            next += 1;
            next
        };
        for s in &mut self.added {
            s.id = fresh();
            s.items.iter_mut().for_each(|i| i.id = fresh());
            s.rows.iter_mut().for_each(|r| r.id = fresh());
        }
    }

    /// True when nothing has been entered (the status alone does not count).
    pub fn is_blank(&self) -> bool {
        let blank = Plan { status: self.status, ..Plan::default() };
        *self == blank
    }
}

/// The largest item or revision id kept as it is on load: far beyond any real plan, far
/// below where adding one could overflow (and exact in JavaScript numbers).
pub const MAX_ID: u64 = 1 << 52;

/// `\r\n` and `\r` become `\n`; empty lines at the start and end are dropped.
pub fn multi_line(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    match (first, last) {
        (Some(a), Some(b)) => lines[a..=b].join("\n"),
        _ => String::new(),
    }
}

/// Free Markdown text (Purpose) in normal form: `\r\n` and `\r` become `\n`; lines of
/// nothing but spaces and tabs at the start and end are dropped.
pub fn markdown_text(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let blank = |l: &&str| l.trim_matches([' ', '\t']).is_empty();
    let first = lines.iter().position(|l| !blank(l));
    let last = lines.iter().rposition(|l| !blank(l));
    match (first, last) {
        (Some(a), Some(b)) => lines[a..=b].join("\n"),
        _ => String::new(),
    }
}

/// A list item's text in normal form: `\r\n` and `\r` become `\n`; empty lines at the start
/// are dropped; a further line of nothing but spaces and tabs is empty (a blank line in
/// Markdown), the tabs of a further line's block prefix become spaces (see
/// `expand_leading_tabs`), and empty lines at the end are dropped. A single line is kept as
/// it is.
pub fn item_normal(text: &str) -> String {
    if !text.contains(['\n', '\r']) {
        return text.to_string();
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines: Vec<String> =
        text.split('\n').skip_while(|l| l.is_empty()).map(str::to_string).collect();
    for line in lines.iter_mut().skip(1) {
        if line.trim_matches([' ', '\t']).is_empty() {
            line.clear();
        } else {
            *line = expand_leading_tabs(line);
        }
    }
    while lines.len() > 1 && lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines.join("\n")
}

/// A further line of an item with the tabs of its block prefix (indentation, list and quote
/// markers) as the spaces they stand for. Inside an item a line starts at the item's content
/// column, not at a tab stop, so a tab there would count for fewer columns than on its own:
/// spaces mean the same everywhere.
fn expand_leading_tabs(line: &str) -> String {
    let prefix = line
        .find(|c: char| !matches!(c, ' ' | '\t' | '>' | '-' | '*' | '+' | '.' | ')' | '0'..='9'))
        .unwrap_or(line.len());
    if !line[..prefix].contains('\t') {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len() + 8);
    for c in line[..prefix].chars() {
        if c == '\t' {
            let column = out.chars().count();
            out.push_str(&" ".repeat(4 - column % 4));
        } else {
            out.push(c);
        }
    }
    out.push_str(&line[prefix..]);
    out
}

/// Unrecognised Markdown in normal form: as [`multi_line`], and without spaces or tabs at
/// the ends of lines.
pub fn extra_normal(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let trimmed: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches([' ', '\t'])).collect();
    multi_line(&trimmed.join("\n"))
}

/// Builds a list of items with consecutive ids starting at `first_id`.
pub fn items<S: AsRef<str>>(first_id: u64, texts: &[S]) -> Vec<Item> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| Item {
            id: first_id + i as u64,
            text: t.as_ref().to_string(),
            details: Details::default(),
        })
        .collect()
}
