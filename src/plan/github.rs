//! Taking a plan to GitHub with no server, no token and no request of our own: the new-issue
//! link (GitHub's documented `title`, `body` and `labels` query parameters), the issue
//! template and the issue form for `.github/ISSUE_TEMPLATE/`, and reading back an issue
//! that was filed with that form.

use super::markdown::render_section;
use super::model::Plan;
use super::sections::{Kind, SectionId, SectionSpec, SECTIONS};

/// The longest new-issue link we open. GitHub answers `414 URI Too Long` above 8,191 bytes
/// (documented in github/docs pull request #4537, "Document GitHub serverside limit on URL
/// length"); the margin leaves room for what a browser or proxy adds.
pub const URL_LIMIT: usize = 8000;

/// The label every plan is filed with.
pub const LABEL: &str = "deployment";

/// What GitHub writes for a form field left empty.
pub const NO_RESPONSE: &str = "_No response_";

/// Checks `owner/name` as GitHub allows them: an owner of 1–39 letters, digits and single
/// inner hyphens; a name of 1–100 letters, digits, `.`, `-` and `_` (not `.` or `..`).
pub fn check_repository(text: &str) -> Result<(&str, &str), String> {
    let text = text.trim();
    // A repository's address as copied from the browser or a clone URL names it too.
    let text = ["https://github.com/", "http://github.com/", "github.com/"]
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .unwrap_or(text);
    let text = text.trim_end_matches('/');
    let text = text.strip_suffix(".git").unwrap_or(text);
    let example = "Write the repository as owner/name, e.g. octo-org/deployments.";
    let Some((owner, name)) = text.split_once('/') else {
        return Err(format!("\"{text}\" is not owner/name. {example}"));
    };
    let owner_ok = (1..=39).contains(&owner.len())
        && owner.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !owner.starts_with('-')
        && !owner.ends_with('-')
        && !owner.contains("--");
    if !owner_ok {
        return Err(format!(
            "\"{owner}\" is not a GitHub account name: letters, digits and single hyphens, at most 39. {example}"
        ));
    }
    let name_ok = (1..=100).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        && name != "."
        && name != "..";
    if !name_ok {
        return Err(format!(
            "\"{name}\" is not a repository name: letters, digits, '.', '-' and '_', at most 100. {example}"
        ));
    }
    Ok((owner, name))
}

/// Percent-encodes a query value: everything but `A–Z a–z 0–9 - . _ ~` as UTF-8 bytes.
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The new-issue page to open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IssueLink {
    /// The whole plan is in the link.
    Whole(String),
    /// The plan is too long for a link: the page opens with the title and a line asking to
    /// paste the body, which the caller puts on the clipboard.
    Paste(String),
}

/// The body of an issue whose plan did not fit in the link.
pub const PASTE_BODY: &str =
    "The deployment plan was copied to the clipboard (it is too long for a link): paste it here.";

/// The new-issue link for `repository` (`owner/name`, checked) with the plan's title and
/// Markdown.
pub fn issue_link(repository: &str, title: &str, body: &str) -> IssueLink {
    let title_len = title.chars().count();
    let link = |body: &str, title: &str| {
        format!(
            "https://github.com/{}/issues/new?title={}&labels={}&body={}",
            repository,
            encode_component(title),
            encode_component(LABEL),
            encode_component(body)
        )
    };
    let whole = link(body, title);
    if whole.len() <= URL_LIMIT {
        return IssueLink::Whole(whole);
    }
    // The title too may be too long for a link: shortened (the body on the clipboard has it).
    let mut title: Vec<char> = title.chars().collect();
    loop {
        let short: String = title.iter().collect();
        let shown = if short.chars().count() < title_len { format!("{short}…") } else { short };
        let url = link(PASTE_BODY, &shown);
        if url.len() <= URL_LIMIT || title.is_empty() {
            return IssueLink::Paste(url);
        }
        let cut = title.len() - (title.len() / 8).max(1);
        title.truncate(cut);
    }
}

/// One element of the issue form: a section, or a field of Review and Approval or Metadata.
#[derive(Clone, Copy)]
pub struct FormField {
    pub id: &'static str,
    pub label: &'static str,
    pub section: SectionId,
    pub kind: FormKind,
    pub required: bool,
    pub description: &'static str,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    Textarea,
    Input,
    Dropdown(&'static [&'static str]),
}

const STATUSES: &[&str] = &["Draft", "In Review", "Approved", "Active", "Retired"];

/// The form's fields for the sections that hold several values.
const SPLIT: &[FormField] = &[
    FormField {
        id: "approvers",
        label: "Approvers",
        section: SectionId::Approval,
        kind: FormKind::Input,
        required: true,
        description: "Who approves the plan, separated by commas.",
    },
    FormField {
        id: "reviewers",
        label: "Reviewers",
        section: SectionId::Approval,
        kind: FormKind::Input,
        required: false,
        description: "Who reviewed the plan, separated by commas.",
    },
    FormField {
        id: "approval-date",
        label: "Approval date",
        section: SectionId::Approval,
        kind: FormKind::Input,
        required: false,
        description: "YYYY-MM-DD.",
    },
    FormField {
        id: "owner",
        label: "Owner",
        section: SectionId::Metadata,
        kind: FormKind::Input,
        required: true,
        description: "Who owns this plan.",
    },
    FormField {
        id: "metadata-reviewers",
        label: "Reviewing teams",
        section: SectionId::Metadata,
        kind: FormKind::Input,
        required: false,
        description: "The Metadata block's Reviewers line: groups or teams.",
    },
    FormField {
        id: "status",
        label: "Status",
        section: SectionId::Metadata,
        kind: FormKind::Dropdown(STATUSES),
        required: false,
        description: "Where the plan stands.",
    },
    FormField {
        id: "last-updated",
        label: "Last Updated",
        section: SectionId::Metadata,
        kind: FormKind::Input,
        required: false,
        description: "YYYY-MM-DD.",
    },
];

/// Whether the editor's rules require a value in this section (see `validate::required`).
fn section_required(id: SectionId) -> bool {
    matches!(
        id,
        SectionId::Purpose
            | SectionId::Scope
            | SectionId::Steps
            | SectionId::Validation
            | SectionId::Rollback
    )
}

/// The label Metadata's `Reviewers:` line has in the form and in the issue body.
fn line_label(field: &FormField) -> &'static str {
    if field.id == "metadata-reviewers" {
        "Reviewers"
    } else {
        field.label
    }
}

/// The issue form's elements in the template's order.
pub fn form_fields() -> Vec<FormField> {
    let mut out = Vec::new();
    for spec in SECTIONS {
        match spec.kind {
            Kind::Approval | Kind::Metadata => {
                out.extend(SPLIT.iter().filter(|f| f.section == spec.id).copied())
            }
            _ => out.push(FormField {
                id: spec.key,
                label: spec.title,
                section: spec.id,
                kind: FormKind::Textarea,
                required: section_required(spec.id),
                description: spec.help,
            }),
        }
    }
    out
}

/// A YAML double-quoted scalar.
fn yaml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A skeleton of the section's body for the form's placeholder and the issue template.
fn skeleton(spec: &SectionSpec) -> String {
    let body = render_section(&Plan::default(), spec);
    body.split_once('\n')
        .map_or(String::new(), |(_, rest)| rest.trim_start_matches('\n').to_string())
}

/// `deployment_plan.yml`: a GitHub issue form with one element per section (and per field
/// of Review and Approval and Metadata), required where the editor requires a value.
pub fn issue_form() -> String {
    let mut out = String::new();
    out.push_str("name: Deployment plan\n");
    out.push_str("description: Plan a deployment (MokoStandards Deployment Plan Template v2.0).\n");
    out.push_str("title: \"Deployment plan: \"\n");
    out.push_str(&format!("labels: [{}]\n", yaml_string(LABEL)));
    out.push_str("body:\n");
    out.push_str("  - type: markdown\n    attributes:\n      value: ");
    out.push_str(&yaml_string(
        "Fill in each section of the deployment plan. Lists: one item per line, starting with `- ` (or `1. ` for steps).",
    ));
    out.push('\n');
    for field in form_fields() {
        let kind = match field.kind {
            FormKind::Textarea => "textarea",
            FormKind::Input => "input",
            FormKind::Dropdown(_) => "dropdown",
        };
        out.push_str(&format!("  - type: {kind}\n    id: {}\n    attributes:\n", field.id));
        out.push_str(&format!("      label: {}\n", yaml_string(field.label)));
        out.push_str(&format!("      description: {}\n", yaml_string(field.description)));
        match field.kind {
            FormKind::Dropdown(options) => {
                out.push_str("      options:\n");
                for o in options {
                    out.push_str(&format!("        - {}\n", yaml_string(o)));
                }
                out.push_str("      default: 0\n");
            }
            FormKind::Textarea => {
                if let Some(spec) = SECTIONS.iter().find(|s| s.id == field.section) {
                    let placeholder = match spec.kind {
                        Kind::List { numbered: true, .. } => "1. \n2. ".to_string(),
                        Kind::List { .. } => "- \n- ".to_string(),
                        _ => skeleton(spec),
                    };
                    if !placeholder.trim().is_empty() {
                        out.push_str(&format!(
                            "      placeholder: {}\n",
                            yaml_string(&placeholder)
                        ));
                    }
                }
            }
            FormKind::Input => {}
        }
        out.push_str(&format!("    validations:\n      required: {}\n", field.required));
    }
    out
}

/// `deployment_plan.md`: an issue template with the template's sections, each with its
/// guidance as an HTML comment (GitHub hides comments when the issue is shown).
pub fn issue_template() -> String {
    let mut out = String::from("---\n");
    out.push_str("name: Deployment plan\n");
    out.push_str("about: Plan a deployment (MokoStandards Deployment Plan Template v2.0).\n");
    out.push_str("title: \"Deployment plan: \"\n");
    out.push_str(&format!("labels: {LABEL}\n"));
    out.push_str("assignees: ''\n---\n");
    for spec in SECTIONS {
        out.push_str(&format!("\n## {}\n\n<!-- {} -->\n", spec.title, spec.help));
        let body = skeleton(spec);
        if !body.is_empty() {
            out.push('\n');
            out.push_str(&body);
        }
    }
    out
}

/// Whether a line is a `### Label` heading of the issue form; the field it names.
fn form_heading(line: &str) -> Option<FormField> {
    let label = line.strip_prefix("### ")?.trim();
    form_fields().into_iter().find(|f| f.label.eq_ignore_ascii_case(label))
}

/// An issue filed with the form, as GitHub writes its body (`### <Label>`, a blank line, the
/// value, `_No response_` for an empty field), rewritten into the template's layout for the
/// importer: sections under `## Title`, the fields of Review and Approval and Metadata as
/// `Label: value` lines. `None` when `md` is not such a body (fewer than three of the form's
/// headings, or a `##` heading of its own).
pub fn from_issue_body(md: &str) -> Option<String> {
    let mut fence: Option<&str> = None;
    let mut parts: Vec<(Option<FormField>, Vec<&str>)> = vec![(None, Vec::new())];
    let mut found = 0;
    for line in md.split('\n') {
        let t = line.trim_start();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
        } else if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
        } else if t.starts_with("## ") || t.starts_with("# ") {
            return None;
        } else if let Some(field) = form_heading(line) {
            found += 1;
            parts.push((Some(field), Vec::new()));
            continue;
        }
        if let Some((_, lines)) = parts.last_mut() {
            lines.push(line);
        }
    }
    if found < 3 {
        return None;
    }
    let mut out = String::new();
    let mut open: Option<SectionId> = None;
    for (field, lines) in parts {
        let value = lines.join("\n");
        let value = value.trim_matches('\n');
        let value = if value.trim() == NO_RESPONSE { "" } else { value };
        let Some(field) = field else {
            out.push_str(value);
            out.push('\n');
            continue;
        };
        let spec = SECTIONS.iter().find(|s| s.id == field.section)?;
        if open != Some(spec.id) {
            out.push_str(&format!("\n## {}\n\n", spec.title));
            open = Some(spec.id);
        }
        match field.kind {
            FormKind::Textarea => out.push_str(value),
            _ => {
                // A single value: its first line after the label, any further lines as they are.
                let (first, rest) = value.split_once('\n').unwrap_or((value, ""));
                let label = line_label(&field);
                if first.is_empty() {
                    out.push_str(&format!("{label}:"));
                } else {
                    out.push_str(&format!("{label}: {first}"));
                }
                if !rest.is_empty() {
                    out.push_str(&format!("\n\n{rest}"));
                }
            }
        }
        out.push_str("\n\n");
    }
    Some(out)
}
