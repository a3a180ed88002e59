//! The one declarative table of the template's sections. The form, the Markdown writer
//! and the accessible names all read it; adding a section is one entry.

use super::model::ListId;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SectionId {
    Purpose,
    Scope,
    Preconditions,
    Steps,
    Validation,
    Rollback,
    Communications,
    Approval,
    Metadata,
    Revisions,
}

/// How a section is edited and written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Multi-line free text (Purpose).
    Text,
    /// A list of items. `numbered` lists are written `1.`, `2.`, … in Markdown.
    List { list: ListId, numbered: bool },
    /// Approvers, reviewers and the approval date.
    Approval,
    /// Owner, Reviewers, Status, Last Updated.
    Metadata,
    /// The Revision History table.
    Revisions,
}

#[derive(Clone, Copy, Debug)]
pub struct SectionSpec {
    pub id: SectionId,
    /// The template's heading; also the accessible name of the section's group.
    pub title: &'static str,
    pub kind: Kind,
    /// The template's guidance sentence for the section.
    pub help: &'static str,
    /// A short machine name, used for element ids.
    pub key: &'static str,
    /// Other headings accepted on import (matched ignoring case and punctuation).
    pub aliases: &'static [&'static str],
}

/// The template's sections, in the template's order.
pub const SECTIONS: &[SectionSpec] = &[
    SectionSpec {
        id: SectionId::Purpose,
        title: "Purpose",
        kind: Kind::Text,
        help: "Describe the objective of this deployment and what it delivers.",
        key: "purpose",
        aliases: &["Objective", "Summary", "Overview"],
    },
    SectionSpec {
        id: SectionId::Scope,
        title: "Scope",
        kind: Kind::List { list: ListId::Scope, numbered: false },
        help: "Define which systems, services, or components are included.",
        key: "scope",
        aliases: &["In scope", "Scope of deployment"],
    },
    SectionSpec {
        id: SectionId::Preconditions,
        title: "Preconditions",
        kind: Kind::List { list: ListId::Preconditions, numbered: false },
        help: "List all requirements that must be satisfied before deployment begins.",
        key: "preconditions",
        aliases: &["Prerequisites", "Pre-conditions", "Pre-requisites", "Requirements"],
    },
    SectionSpec {
        id: SectionId::Steps,
        title: "Deployment Steps",
        kind: Kind::List { list: ListId::Steps, numbered: true },
        help: "Provide clearly ordered steps for deploying the change.",
        key: "steps",
        aliases: &["Steps", "Deployment", "Deployment plan steps", "Procedure"],
    },
    SectionSpec {
        id: SectionId::Validation,
        title: "Validation",
        kind: Kind::List { list: ListId::Validation, numbered: false },
        help: "Define the method for confirming the deployment succeeded.",
        key: "validation",
        aliases: &["Verification", "Validation steps", "Post-deployment validation", "Checks"],
    },
    SectionSpec {
        id: SectionId::Rollback,
        title: "Rollback Plan",
        // Ordered in the form (move up/down) but written with `-` like the template's Example.
        kind: Kind::List { list: ListId::Rollback, numbered: false },
        help: "Outline the steps to revert the deployment safely if needed.",
        key: "rollback",
        aliases: &["Rollback", "Roll back", "Roll back plan", "Rollback steps", "Backout plan"],
    },
    SectionSpec {
        id: SectionId::Communications,
        title: "Communications",
        kind: Kind::List { list: ListId::Communications, numbered: false },
        help: "List notification requirements, responsible parties, and timing.",
        key: "communications",
        aliases: &["Communication", "Communication plan", "Notifications"],
    },
    SectionSpec {
        id: SectionId::Approval,
        title: "Review and Approval",
        kind: Kind::Approval,
        help: "Document approvers, reviewers, and the approval date.",
        key: "approval",
        aliases: &["Review & Approval", "Approval", "Approvals", "Review"],
    },
    SectionSpec {
        id: SectionId::Metadata,
        title: "Metadata",
        kind: Kind::Metadata,
        help: "Who owns the plan, who reviews it, its status and when it last changed.",
        key: "metadata",
        aliases: &["Meta data", "Document metadata"],
    },
    SectionSpec {
        id: SectionId::Revisions,
        title: "Revision History",
        kind: Kind::Revisions,
        help: "Record each revision of the plan: date, version, author and notes.",
        key: "revisions",
        aliases: &["Revisions", "Change history", "Changelog", "Change log"],
    },
];

#[expect(clippy::expect_used, reason = "a test checks that every SectionId has an entry")]
pub fn spec(id: SectionId) -> &'static SectionSpec {
    SECTIONS.iter().find(|s| s.id == id).expect("every SectionId has an entry in SECTIONS")
}
