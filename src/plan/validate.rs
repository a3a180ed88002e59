//! Plan-level validation rules. Each rule has a stable id, a severity, a message that
//! says how to fix the problem, and the field it points to. Pure and total: any plan,
//! however odd, yields a list of findings and never a panic.

use super::header::{is_spdx_expression, HeaderField};
use super::markdown::one_line as single_line;
use super::model::{Detail, Item, ListId, Plan, Revision, Status};
use super::sections::SectionId;
use std::cmp::Ordering;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// A cell of a Revision History row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cell {
    Date,
    Version,
    Author,
    Notes,
}

impl Cell {
    pub const ALL: [Cell; 4] = [Cell::Date, Cell::Version, Cell::Author, Cell::Notes];

    pub fn label(self) -> &'static str {
        match self {
            Cell::Date => "Date",
            Cell::Version => "Version",
            Cell::Author => "Author",
            Cell::Notes => "Notes",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Cell::Date => "date",
            Cell::Version => "version",
            Cell::Author => "author",
            Cell::Notes => "notes",
        }
    }

    pub fn of(self, r: &Revision) -> &str {
        match self {
            Cell::Date => &r.date,
            Cell::Version => &r.version,
            Cell::Author => &r.author,
            Cell::Notes => &r.notes,
        }
    }
}

/// What a finding points to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Title,
    Purpose,
    /// A list as a whole (for example, one that must not be empty).
    List(ListId),
    /// One item of a list, by its stable id.
    Item(ListId, u64),
    ApprovalDate,
    Owner,
    MetadataReviewers,
    Status,
    LastUpdated,
    /// The Revision History as a whole.
    Revisions,
    /// One cell of a revision row, by the row's stable id.
    Revision(u64, Cell),
    /// A value of the document header (under Metadata).
    Header(HeaderField),
    /// A detail of a step (owner, duration, check), by the step's stable id.
    Detail(ListId, u64, Detail),
    /// A part of an added (optional or custom) section, by the section's stable id.
    Added(u64, super::added::Part),
}

impl Field {
    /// The section the field belongs to; `None` for the title.
    pub fn section(self) -> Option<SectionId> {
        Some(match self {
            Field::Title | Field::Added(..) => return None,
            Field::Purpose => SectionId::Purpose,
            Field::List(l) | Field::Item(l, _) | Field::Detail(l, ..) => match l {
                ListId::Scope => SectionId::Scope,
                ListId::Preconditions => SectionId::Preconditions,
                ListId::Steps => SectionId::Steps,
                ListId::Validation => SectionId::Validation,
                ListId::Rollback => SectionId::Rollback,
                ListId::Communications => SectionId::Communications,
                ListId::Approvers | ListId::Reviewers => SectionId::Approval,
            },
            Field::ApprovalDate => SectionId::Approval,
            Field::Owner
            | Field::MetadataReviewers
            | Field::Status
            | Field::LastUpdated
            | Field::Header(_) => SectionId::Metadata,
            Field::Revisions | Field::Revision(..) => SectionId::Revisions,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub field: Field,
    pub message: String,
}

/// A calendar date, `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses exactly `YYYY-MM-DD` and accepts only days that exist (2024-02-29 yes,
    /// 2025-02-29 and 2025-04-31 no). Surrounding spaces are ignored.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.trim().as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |range: std::ops::Range<usize>| -> Option<u16> {
            b[range].iter().try_fold(0u16, |acc, &c| {
                c.is_ascii_digit().then(|| acc * 10 + u16::from(c - b'0'))
            })
        };
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (year >= 1 && (1..=days_in_month).contains(&day)).then_some(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A semantic version `MAJOR.MINOR.PATCH` with an optional pre-release (and build metadata).
pub fn parse_version(text: &str) -> Option<semver::Version> {
    semver::Version::parse(text.trim()).ok()
}

/// Longer than this (in characters), a step should probably be split.
pub const LONG_STEP: usize = 200;
/// A single rollback step with fewer words than this is too vague to act on.
pub const VAGUE_ROLLBACK_WORDS: usize = 6;

/// Checks the whole plan. `today` enables the "in the future" warnings.
pub fn validate(plan: &Plan, today: Option<Date>) -> Vec<Finding> {
    let mut out = Findings(Vec::new());
    required(plan, &mut out);
    items(plan, &mut out);
    dates(plan, today, &mut out);
    revisions(plan, &mut out);
    status(plan, &mut out);
    header(plan, &mut out);
    durations(plan, &mut out);
    placeholders(plan, &mut out);
    warnings(plan, &mut out);
    added(plan, &mut out);
    out.0
}

/// The rules of the sections added to the template (see `added::validate`).
fn added(plan: &Plan, out: &mut Findings) {
    let total = |list: ListId| {
        let (sum, estimated, _) =
            super::duration::total(plan.list(list).iter().map(|i| i.details.duration.as_str()));
        (estimated > 0).then_some(sum)
    };
    let titles: Vec<&str> = super::sections::SECTIONS.iter().map(|s| s.title).collect();
    let problems = super::added::validate(
        &plan.added,
        super::added::OPTIONAL,
        &titles,
        total(ListId::Steps),
        total(ListId::Rollback),
    );
    for (section, p) in problems {
        let field = Field::Added(section, p.part);
        if p.error {
            out.error(p.rule, field, p.message);
        } else {
            out.warning(p.rule, field, p.message);
        }
    }
}

struct Findings(Vec<Finding>);

impl Findings {
    fn error(&mut self, rule: &'static str, field: Field, message: impl Into<String>) {
        self.0.push(Finding { rule, severity: Severity::Error, field, message: message.into() });
    }
    fn warning(&mut self, rule: &'static str, field: Field, message: impl Into<String>) {
        self.0.push(Finding { rule, severity: Severity::Warning, field, message: message.into() });
    }
}

fn blank(text: &str) -> bool {
    text.trim().is_empty()
}

fn required(plan: &Plan, out: &mut Findings) {
    if blank(&plan.title) {
        out.error(
            "title-required",
            Field::Title,
            "Give the plan a title, e.g. the service and version.",
        );
    }
    if blank(&plan.purpose) {
        out.error(
            "purpose-required",
            Field::Purpose,
            "Describe the purpose: what this deployment does and delivers.",
        );
    }
    if blank(&plan.owner) {
        out.error("owner-required", Field::Owner, "Name the plan's owner under Metadata.");
    }
    for (list, message) in [
        (ListId::Scope, "Add at least one scope item: a system, service or component included."),
        (ListId::Steps, "Add at least one deployment step."),
        (ListId::Validation, "Add at least one validation check that shows the deployment worked."),
        (ListId::Rollback, "Add at least one rollback step."),
        (ListId::Approvers, "Add at least one approver."),
    ] {
        if plan.list(list).is_empty() {
            out.error("list-required", Field::List(list), message);
        }
    }
}

fn items(plan: &Plan, out: &mut Findings) {
    for list in ListId::ALL {
        for (i, item) in plan.list(list).iter().enumerate() {
            if blank(&item.text) {
                out.error(
                    "item-empty",
                    Field::Item(list, item.id),
                    format!("{} {} is empty: fill it in or remove it.", list.noun(), i + 1),
                );
            }
        }
    }
    for (i, row) in plan.revisions.iter().enumerate() {
        for cell in Cell::ALL {
            if blank(cell.of(row)) {
                out.error(
                    "revision-cell-empty",
                    Field::Revision(row.id, cell),
                    format!(
                        "{} {} is empty: fill it in or remove the revision.",
                        cell.label(),
                        i + 1
                    ),
                );
            }
        }
    }
}

fn date_message(label: &str, text: &str) -> String {
    format!(
        "{label} \"{}\" is not a real date: write it as YYYY-MM-DD, e.g. 2025-03-14.",
        single_line(text)
    )
}

fn dates(plan: &Plan, today: Option<Date>, out: &mut Findings) {
    for (field, label, text) in [
        (Field::ApprovalDate, "Approval date", &plan.approval_date),
        (Field::LastUpdated, "Last Updated", &plan.last_updated),
    ] {
        if blank(text) || is_placeholder(text) {
            continue;
        }
        match Date::parse(text) {
            None => out.error("date-invalid", field, date_message(label, text)),
            Some(date) if today.is_some_and(|t| date > t) => out.warning(
                if field == Field::ApprovalDate {
                    "approval-date-future"
                } else {
                    "last-updated-future"
                },
                field,
                format!("{label} {date} is in the future: check the date."),
            ),
            Some(_) => {}
        }
    }
    for (i, row) in plan.revisions.iter().enumerate() {
        if !blank(&row.date) && !is_placeholder(&row.date) && Date::parse(&row.date).is_none() {
            out.error(
                "date-invalid",
                Field::Revision(row.id, Cell::Date),
                date_message(&format!("Date {}", i + 1), &row.date),
            );
        }
    }
    let newest = plan.revisions.iter().filter_map(|r| Date::parse(&r.date)).max();
    if let (Some(newest), Some(updated)) = (newest, Date::parse(&plan.last_updated)) {
        if updated < newest {
            out.error(
                "last-updated-before-revision",
                Field::LastUpdated,
                format!("Last Updated ({updated}) is before the newest revision ({newest}): set it to {newest} or later."),
            );
        }
    }
}

fn revisions(plan: &Plan, out: &mut Findings) {
    let mut seen: Vec<semver::Version> = Vec::new();
    // The latest valid date and version above the current row, with their row numbers.
    let mut last_date: Option<(usize, Date)> = None;
    let mut last_version: Option<(usize, semver::Version)> = None;
    for (i, row) in plan.revisions.iter().enumerate() {
        let n = i + 1;
        let version = parse_version(&row.version);
        let field = Field::Revision(row.id, Cell::Version);
        match &version {
            None if !blank(&row.version) && !is_placeholder(&row.version) => out.error(
                "version-invalid",
                field,
                format!(
                    "Version {n} \"{}\" is not a semantic version: write MAJOR.MINOR.PATCH, e.g. 1.2.0 or 2.0.0-rc.1.",
                    single_line(&row.version)
                ),
            ),
            None => {}
            Some(v) if seen.iter().any(|s| s.cmp_precedence(v) == Ordering::Equal) => out.error(
                "version-duplicate",
                field,
                format!("Version {n} ({v}) is already used by an earlier revision: give each revision its own version."),
            ),
            Some(v) => {
                if let Some((pn, pv)) = &last_version {
                    if v.cmp_precedence(pv) == Ordering::Less {
                        out.error(
                            "version-order",
                            field,
                            format!("Version {n} ({v}) is older than version {pn} ({pv}): versions must increase down the table."),
                        );
                    }
                }
            }
        }
        if let Some(v) = version {
            seen.push(v.clone());
            last_version = Some((n, v));
        }
        if let Some(d) = Date::parse(&row.date) {
            if let Some((pn, pd)) = last_date {
                if d < pd {
                    out.error(
                        "revision-date-order",
                        Field::Revision(row.id, Cell::Date),
                        format!("Date {n} ({d}) is before Date {pn} ({pd}): list revisions oldest first."),
                    );
                }
            }
            last_date = Some((n, d));
        }
    }
}

/// A step's duration must be one people and the totals can read.
fn durations(plan: &Plan, out: &mut Findings) {
    for list in ListId::ALL.into_iter().filter(|l| l.has_details()) {
        for (i, item) in plan.list(list).iter().enumerate() {
            let text = item.details.duration.trim();
            if text.is_empty() {
                continue;
            }
            if let Err(message) = super::duration::parse(text) {
                out.error(
                    "duration-format",
                    Field::Detail(list, item.id, Detail::Duration),
                    format!("{} {} duration: {message}", list.noun(), i + 1),
                );
            }
        }
    }
}

/// The document header's licence must be an SPDX expression (only while the header is on).
fn header(plan: &Plan, out: &mut Findings) {
    let licence = plan.header.licence.trim();
    if plan.header.enabled && !licence.is_empty() && !is_spdx_expression(licence) {
        out.error(
            "header-licence",
            Field::Header(HeaderField::Licence),
            format!(
                "Licence \"{licence}\" is not an SPDX licence identifier: write one such as MIT, Apache-2.0 or GPL-3.0-or-later (see spdx.org/licenses), or an expression such as \"MIT OR Apache-2.0\"."
            ),
        );
    }
}

fn status(plan: &Plan, out: &mut Findings) {
    // An Active plan is in force, so it was approved too. (At least one approver is
    // required of every plan by `list-required`.)
    if matches!(plan.status, Status::Approved | Status::Active) && blank(&plan.approval_date) {
        out.error(
            "approval-date-required",
            Field::ApprovalDate,
            format!(
                "The plan is marked {}: record the approval date, or set Status back to In Review.",
                plan.status.label()
            ),
        );
    }
}

/// Template placeholders: TBD, TODO, `<YYYY-MM-DD>`, `<...>`.
pub fn placeholder_in(text: &str) -> Option<String> {
    // Checked for every item of the plan after each edit: the words are only looked at when
    // the text has one of them at all.
    let bytes = text.as_bytes();
    let at = |i: usize, word: &[u8]| {
        bytes[i..].get(..word.len()).is_some_and(|w| w.eq_ignore_ascii_case(word))
    };
    let has_word =
        (0..bytes.len()).any(|i| (bytes[i] | 0x20) == b't' && (at(i, b"tbd") || at(i, b"todo")));
    if has_word {
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            if word.eq_ignore_ascii_case("TBD") || word.eq_ignore_ascii_case("TODO") {
                return Some(word.to_string());
            }
        }
    }
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('>') else { break };
        let inner = &after[..end];
        let looks_like_placeholder = !inner.is_empty()
            && inner.chars().count() <= 40
            && (inner.trim_matches('.').is_empty() && inner.contains('.')
                || inner == "…"
                || inner.chars().all(|c| {
                    c.is_ascii_uppercase()
                        || c.is_ascii_digit()
                        || matches!(c, '-' | '_' | ' ' | '/' | ':')
                }) && inner.chars().any(|c| c.is_ascii_uppercase()));
        if looks_like_placeholder {
            return Some(format!("<{inner}>"));
        }
        rest = &after[end..];
    }
    None
}

fn is_placeholder(text: &str) -> bool {
    placeholder_in(text).is_some()
}

/// A list item that is only a marker, like the template's empty `1.`.
fn only_marker(text: &str) -> bool {
    let t = text.trim();
    let digits = t.trim_end_matches(['.', ')']);
    (!t.is_empty()
        && digits.len() + 1 == t.len()
        && !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit()))
        || matches!(t, "-" | "*" | "+")
}

fn placeholders(plan: &Plan, out: &mut Findings) {
    let mut check = |field: Field, label: &dyn Fn() -> String, text: &str| {
        if let Some(p) = placeholder_in(text) {
            let label = label();
            out.error(
                "placeholder",
                field,
                format!(
                    "{label} still has the placeholder \"{p}\": replace it with the real value."
                ),
            );
        }
    };
    check(Field::Title, &|| "Title".into(), &plan.title);
    check(Field::Purpose, &|| "Purpose".into(), &plan.purpose);
    check(Field::ApprovalDate, &|| "Approval date".into(), &plan.approval_date);
    check(Field::Owner, &|| "Owner".into(), &plan.owner);
    check(Field::MetadataReviewers, &|| "Reviewers".into(), &plan.metadata_reviewers);
    check(Field::LastUpdated, &|| "Last Updated".into(), &plan.last_updated);
    for list in ListId::ALL {
        for (i, item) in plan.list(list).iter().enumerate() {
            check(Field::Item(list, item.id), &|| format!("{} {}", list.noun(), i + 1), &item.text);
        }
    }
    for (i, row) in plan.revisions.iter().enumerate() {
        for cell in Cell::ALL {
            check(
                Field::Revision(row.id, cell),
                &|| format!("{} {}", cell.label(), i + 1),
                cell.of(row),
            );
        }
    }
    for list in ListId::ALL {
        for (i, item) in plan.list(list).iter().enumerate() {
            if only_marker(&item.text) {
                out.error(
                    "placeholder",
                    Field::Item(list, item.id),
                    format!(
                        "{} {} is only a list marker (\"{}\"): write the item or remove it.",
                        list.noun(),
                        i + 1,
                        item.text.trim()
                    ),
                );
            }
        }
    }
}

/// Words that name something a person can check.
const MEASURABLE: &[&str] = &[
    "health",
    "healthy",
    "status",
    "metric",
    "metrics",
    "latency",
    "rate",
    "dashboard",
    "alert",
    "alerts",
    "smoke",
    "test",
    "tests",
    "probe",
    "endpoint",
    "log",
    "logs",
    "error",
    "errors",
    "count",
    "p50",
    "p95",
    "p99",
    "slo",
    "sla",
    "uptime",
    "http",
    "returns",
    "response",
    "monitor",
    "synthetic",
    "canary",
];

fn measurable(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit() || c == '%' || c == '`')
        || text
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| MEASURABLE.iter().any(|m| w.eq_ignore_ascii_case(m)))
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

fn warnings(plan: &Plan, out: &mut Findings) {
    let filled =
        |items: &[Item]| items.iter().filter(|i| !blank(&i.text)).cloned().collect::<Vec<_>>();
    let rollback = filled(&plan.rollback);
    if let [only] = rollback.as_slice() {
        if word_count(&only.text) < VAGUE_ROLLBACK_WORDS {
            out.warning(
                "rollback-vague",
                Field::Item(ListId::Rollback, only.id),
                "The rollback plan is a single short step: say how to revert (which version, which command, who decides).",
            );
        }
    }
    for (i, item) in plan.validation.iter().enumerate() {
        if !blank(&item.text) && !measurable(&item.text) {
            out.warning(
                "validation-unmeasurable",
                Field::Item(ListId::Validation, item.id),
                format!("Validation check {} names nothing measurable: add a number, status code, metric or named check.", i + 1),
            );
        }
    }
    let owner = plan.owner.trim();
    for (i, item) in plan.approvers.iter().enumerate() {
        if !owner.is_empty() && item.text.trim().eq_ignore_ascii_case(owner) {
            out.warning(
                "approver-is-owner",
                Field::Item(ListId::Approvers, item.id),
                format!(
                    "Approver {} is also the plan's owner: ask someone else to approve.",
                    i + 1
                ),
            );
        }
    }
    for list in [ListId::Steps, ListId::Rollback] {
        for (i, item) in plan.list(list).iter().enumerate() {
            let len = item.text.trim().chars().count();
            if len > LONG_STEP {
                out.warning(
                    "step-long",
                    Field::Item(list, item.id),
                    format!(
                        "{} {} is {len} characters long: consider splitting it into several steps.",
                        list.noun(),
                        i + 1
                    ),
                );
            }
        }
    }
}

/// Where a field is in the document, for listing problems in the order a reader meets them:
/// the title, then each template section followed by the sections added after it.
pub fn position(plan: &Plan, field: Field) -> (usize, usize) {
    use super::sections::SECTIONS;
    match field {
        Field::Title => (0, 0),
        Field::Added(id, _) => {
            let at = plan.added.iter().position(|s| s.id == id).unwrap_or(usize::MAX);
            let anchor = plan
                .added
                .get(at)
                .and_then(|s| super::added::anchor_index(&s.after))
                .unwrap_or(SECTIONS.len());
            (2 * anchor + 1, at)
        }
        other => {
            let i = other
                .section()
                .and_then(|id| SECTIONS.iter().position(|s| s.id == id))
                .unwrap_or(0);
            (2 * (i + 1), 0)
        }
    }
}

/// How complete the plan is: sections that have content and no errors, out of all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Readiness {
    pub complete: usize,
    pub total: usize,
    pub errors: usize,
    pub warnings: usize,
}

/// Whether a section has content, as the readiness meter and the outline count it.
pub fn has_content(plan: &Plan, id: SectionId) -> bool {
    match id {
        SectionId::Purpose => !blank(&plan.purpose),
        SectionId::Scope => !plan.scope.is_empty(),
        SectionId::Preconditions => !plan.preconditions.is_empty(),
        SectionId::Steps => !plan.steps.is_empty(),
        SectionId::Validation => !plan.validation.is_empty(),
        SectionId::Rollback => !plan.rollback.is_empty(),
        SectionId::Communications => !plan.communications.is_empty(),
        SectionId::Approval => !plan.approvers.is_empty(),
        SectionId::Metadata => !blank(&plan.owner),
        SectionId::Revisions => !plan.revisions.is_empty(),
    }
}

pub fn readiness(plan: &Plan, findings: &[Finding]) -> Readiness {
    use super::sections::SECTIONS;
    let has_content = |id: SectionId| has_content(plan, id);
    let errors_in = |id: SectionId| {
        findings.iter().any(|f| f.severity == Severity::Error && f.field.section() == Some(id))
    };
    let added_complete = plan
        .added
        .iter()
        .filter(|s| {
            s.has_content(super::added::OPTIONAL)
                && !findings.iter().any(|f| {
                    f.severity == Severity::Error
                        && matches!(f.field, Field::Added(id, _) if id == s.id)
                })
        })
        .count();
    Readiness {
        complete: SECTIONS.iter().filter(|s| has_content(s.id) && !errors_in(s.id)).count()
            + added_complete,
        total: SECTIONS.len() + plan.added.len(),
        errors: findings.iter().filter(|f| f.severity == Severity::Error).count(),
        warnings: findings.iter().filter(|f| f.severity == Severity::Warning).count(),
    }
}
