//! The template's worked Example (Authentication service 3.4.0) as data, with the
//! template's own Metadata block and Revision History row.

use super::model::{items, Plan, Revision, Status};

pub fn example_plan() -> Plan {
    Plan {
        title: "Authentication service 3.4.0".into(),
        purpose: "Deploy version 3.4.0 of the authentication service.".into(),
        scope: items(1, &["Authentication API", "User session handler"]),
        preconditions: items(
            10,
            &[
                "Database migrations tested",
                "Staging verification completed",
                "On-call engineer notified",
            ],
        ),
        steps: items(
            20,
            &[
                "Place service in maintenance mode",
                "Apply database migrations",
                "Deploy new container images",
                "Run smoke tests",
                "Remove maintenance mode",
            ],
        ),
        validation: items(
            30,
            &["Successful login attempts", "API health check returns 200", "No errors in logs"],
        ),
        rollback: items(
            40,
            &["Revert to previous container image", "Roll back database migration"],
        ),
        communications: items(
            50,
            &["Notify product and support teams", "Confirm deployment status in release channel"],
        ),
        approvers: items(60, &["DevOps Lead", "Release Manager"]),
        reviewers: Vec::new(),
        approval_date: String::new(),
        owner: "Documentation Lead".into(),
        metadata_reviewers: "Governance, Architecture, Operations".into(),
        status: Status::Active,
        last_updated: "<YYYY-MM-DD>".into(),
        revisions: vec![Revision {
            id: 70,
            date: "2025-11-23".into(),
            version: "0.0.1".into(),
            author: "TBD".into(),
            notes: "Initial stub".into(),
        }],
        extra: String::new(),
        header: Default::default(),
        added: Vec::new(),
    }
}
