//! The stored forms of drafts, their versions and migrations, and backup merging. Pure:
//! everything here is tested natively; `super::local` does the browser I/O.
//!
//! Schema 3 (current): as schema 2; a plan may hold sections beyond the template's
//! (`Plan::added`). Every draft is saved as schema 3: a build that knows only schema 2 leaves
//! them untouched (as from a newer version) instead of saving one without its added sections.
//! Schema 2: one key per draft, `deployment-plan-editor:draft:<id>`, holding a
//! [`StoredDraft`]. There is no separate index to get out of step: the drafts list is
//! read from the keys themselves. Migrated to schema 3 as it is (it has no added sections).
//! Schema 1 (first release): a single key, `deployment-plan-editor:draft`, holding
//! `{schema: 1, saved_at, plan}`; migrated to a schema-2 draft on start.

use crate::plan::{Plan, Status};
use serde::{Deserialize, Serialize};

/// The schema this build writes.
pub const SCHEMA: u32 = 3;
pub const DRAFT_PREFIX: &str = "deployment-plan-editor:draft:";
pub const V1_KEY: &str = "deployment-plan-editor:draft";
pub const RECOVERY_PREFIX: &str = "deployment-plan-editor:recovery:";
/// The `format` field of a backup file.
pub const BACKUP_FORMAT: &str = "deployment-plan-editor-backup";
/// Deleted drafts stay restorable for this long.
pub const TRASH_DAYS: i64 = 30;

pub fn draft_key(id: &str) -> String {
    format!("{DRAFT_PREFIX}{id}")
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredDraft {
    pub schema: u32,
    pub id: String,
    /// Incremented by every save; a stored `rev` other than the one this tab last saw
    /// means another tab saved the draft.
    pub rev: u64,
    /// ISO 8601 time of the save.
    pub saved_at: String,
    /// Set when the draft is in the trash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<String>,
    pub plan: Plan,
}

impl StoredDraft {
    pub fn new(id: String, plan: Plan, saved_at: String) -> Self {
        StoredDraft { schema: SCHEMA, id, rev: 1, saved_at, deleted_at: None, plan }
    }

    pub fn summary(&self) -> DraftSummary {
        DraftSummary {
            id: self.id.clone(),
            title: self.plan.title.trim().to_string(),
            status: self.plan.status,
            saved_at: self.saved_at.clone(),
            deleted_at: self.deleted_at.clone(),
        }
    }
}

/// What the drafts list shows of a draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftSummary {
    pub id: String,
    pub title: String,
    pub status: Status,
    pub saved_at: String,
    pub deleted_at: Option<String>,
}

/// What a stored value turned out to be.
#[derive(Debug, PartialEq)]
pub enum Decoded {
    Draft(Box<StoredDraft>),
    /// Written by a newer version of the app: left untouched, never overwritten.
    Future(u32),
    /// Not a draft this app can read (corrupt JSON, wrong shape): kept aside, never
    /// treated as empty.
    Corrupt(String),
}

/// Reads a draft key's value, migrating schema 1 (which has no id: `fallback_id` is used).
pub fn decode(raw: &str, fallback_id: &str) -> Decoded {
    #[derive(Deserialize)]
    struct Head {
        schema: u32,
    }
    #[derive(Deserialize)]
    struct V1 {
        saved_at: String,
        plan: Plan,
    }
    match serde_json::from_str::<Head>(raw) {
        Ok(Head { schema }) if schema > SCHEMA => Decoded::Future(schema),
        Ok(Head { schema: 1 }) => match serde_json::from_str::<V1>(raw) {
            Ok(v1) => Decoded::Draft(Box::new(StoredDraft::new(
                fallback_id.to_string(),
                v1.plan,
                v1.saved_at,
            ))),
            Err(e) => Decoded::Corrupt(e.to_string()),
        },
        Ok(_) => match serde_json::from_str::<StoredDraft>(raw) {
            Ok(d) if d.schema == SCHEMA => Decoded::Draft(Box::new(d)),
            Ok(d) if d.schema == 2 => Decoded::Draft(Box::new(StoredDraft { schema: SCHEMA, ..d })),
            Ok(d) => Decoded::Corrupt(format!("unknown schema {}", d.schema)),
            Err(e) => Decoded::Corrupt(e.to_string()),
        },
        Err(e) => Decoded::Corrupt(e.to_string()),
    }
}

#[expect(clippy::expect_used, reason = "plain data with string keys always serializes")]
pub fn encode(draft: &StoredDraft) -> String {
    serde_json::to_string(draft).expect("plain data always serializes")
}

/// A backup of every draft, as one JSON file.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    pub format: String,
    pub schema: u32,
    pub exported_at: String,
    pub drafts: Vec<StoredDraft>,
}

impl Backup {
    pub fn new(drafts: Vec<StoredDraft>, exported_at: String) -> Self {
        Backup { format: BACKUP_FORMAT.into(), schema: SCHEMA, exported_at, drafts }
    }

    #[expect(clippy::expect_used, reason = "plain data with string keys always serializes")]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("plain data always serializes")
    }

    /// Parses a backup file; the error is a sentence for the user.
    pub fn parse(text: &str) -> Result<Backup, String> {
        #[derive(Deserialize)]
        struct Head {
            format: Option<String>,
            #[serde(default)]
            schema: u64,
        }
        let head = serde_json::from_str::<Head>(text).map_err(|e| {
            if e.is_data() {
                "the file is not a backup from this editor".to_string()
            } else {
                format!("the file is not JSON ({e})")
            }
        })?;
        if head.format.as_deref() != Some(BACKUP_FORMAT) {
            return Err("the file is not a backup from this editor".into());
        }
        if head.schema > u64::from(SCHEMA) {
            return Err(format!(
                "the backup was made by a newer version of this editor (schema {})",
                head.schema
            ));
        }
        serde_json::from_str(text).map_err(|e| format!("the backup is damaged ({e})"))
    }
}

/// What importing a backup did.
#[derive(Debug, Default, PartialEq)]
pub struct MergeOutcome {
    /// Drafts to write: new ones, and conflicting ones as copies under new ids.
    pub to_write: Vec<StoredDraft>,
    pub added: usize,
    pub copies: usize,
    pub unchanged: usize,
}

/// Merges `incoming` drafts into `local` ones without ever replacing a local draft: a
/// draft whose id is new is added; one identical to the local draft is skipped; one that
/// differs becomes a separate copy (new id from `new_id`, title marked).
pub fn merge(
    local: &[StoredDraft],
    incoming: Vec<StoredDraft>,
    mut new_id: impl FnMut() -> String,
) -> MergeOutcome {
    let mut out = MergeOutcome::default();
    for mut draft in incoming {
        draft.schema = SCHEMA;
        match local.iter().find(|l| l.id == draft.id) {
            None => {
                out.added += 1;
                out.to_write.push(draft);
            }
            Some(l) if l.plan == draft.plan && l.deleted_at == draft.deleted_at => {
                out.unchanged += 1
            }
            Some(_) => {
                out.copies += 1;
                draft.id = new_id();
                draft.rev = 1;
                draft.plan.title = copy_title(&draft.plan.title, "from backup");
                out.to_write.push(draft);
            }
        }
    }
    out
}

/// "Title (copy)" style names for duplicates and conflict copies.
pub fn copy_title(title: &str, what: &str) -> String {
    let title = title.trim();
    if title.is_empty() {
        format!("Untitled ({what})")
    } else {
        format!("{title} ({what})")
    }
}

/// Whole days between two ISO 8601 timestamps (`YYYY-MM-DD…`), if both parse.
pub fn days_between(from: &str, to: &str) -> Option<i64> {
    let day = |s: &str| -> Option<i64> {
        let d = crate::plan::validate::Date::parse(s.get(..10)?)?;
        // Days from civil (Howard Hinnant's algorithm), enough for a difference.
        let (y, m, d) = (i64::from(d.year), i64::from(d.month), i64::from(d.day));
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(era * 146_097 + doe)
    };
    Some(day(to)? - day(from)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::example_plan;

    fn draft(id: &str, title: &str) -> StoredDraft {
        StoredDraft::new(
            id.into(),
            Plan { title: title.into(), ..Plan::default() },
            "2026-11-27T10:00:00.000Z".into(),
        )
    }

    #[test]
    fn round_trips() {
        let d = StoredDraft::new("a1".into(), example_plan(), "2026-11-27T10:42:31.000Z".into());
        assert_eq!(decode(&encode(&d), "x"), Decoded::Draft(Box::new(d)));
    }

    #[test]
    fn schema_1_is_migrated() {
        let v1 = r#"{"schema":1,"saved_at":"2026-11-01T08:00:00.000Z","plan":{"title":"Old","steps":[{"id":3,"text":"a"}]}}"#;
        let Decoded::Draft(d) = decode(v1, "new-id") else { panic!() };
        assert_eq!((d.id.as_str(), d.rev, d.schema), ("new-id", 1, SCHEMA));
        assert_eq!(d.plan.title, "Old");
        assert_eq!(d.saved_at, "2026-11-01T08:00:00.000Z");
    }

    #[test]
    fn schema_2_is_migrated_unchanged() {
        // As the previous build wrote it: a step with details, unrecognised content.
        let v2 = r###"{"schema":2,"id":"d1","rev":4,"saved_at":"2026-11-20T08:00:00.000Z","plan":{"title":"Old","purpose":"","scope":[],"preconditions":[],"steps":[{"id":3,"text":"a","details":{"owner":"Pat","duration":"5 min","check":""}}],"validation":[],"rollback":[],"communications":[],"approvers":[],"reviewers":[],"approval_date":"","owner":"","metadata_reviewers":"","status":"Draft","last_updated":"","revisions":[],"extra":"## Appendix\n\nLinks.","header":{"enabled":false,"repository":"","path":"","version":"","brief":"","group":"","subgroup":"","copyright":"","licence":"","notice":""}}}"###;
        let Decoded::Draft(d) = decode(v2, "x") else { panic!() };
        assert_eq!((d.id.as_str(), d.rev, d.schema), ("d1", 4, SCHEMA));
        assert_eq!(d.plan.steps[0].details.owner, "Pat");
        assert_eq!(d.plan.extra, "## Appendix\n\nLinks.");
        assert!(d.plan.added.is_empty());
        // Written back as schema 3, with the same plan.
        let again = encode(&d);
        assert!(again.starts_with("{\"schema\":3,"), "{again}");
        assert_eq!(decode(&again, "x"), Decoded::Draft(d));
    }

    #[test]
    fn added_sections_are_stored() {
        let mut plan = example_plan();
        let def = &crate::plan::added::OPTIONAL[0];
        plan.added.push(crate::plan::added::Section::optional(def, 99));
        let d = StoredDraft::new("a1".into(), plan, "2026-11-27T10:42:31.000Z".into());
        assert_eq!(decode(&encode(&d), "x"), Decoded::Draft(Box::new(d)));
    }

    #[test]
    fn corrupt_values_are_reported_not_emptied() {
        for raw in [
            "",
            "{",
            "null",
            "[]",
            "{\"schema\":1}",
            "{\"schema\":2}",
            "{\"schema\":\"x\",\"plan\":{}}",
            "{\"schema\":2,\"id\":\"a\",\"rev\":1,\"saved_at\":\"\",\"plan\":{\"title\":5}}",
            "{\"schema\":0,\"plan\":{}}",
        ] {
            assert!(matches!(decode(raw, "x"), Decoded::Corrupt(_)), "{raw}");
        }
    }

    #[test]
    fn future_versions_are_left_alone() {
        assert_eq!(decode("{\"schema\":7,\"whatever\":true}", "x"), Decoded::Future(7));
    }

    #[test]
    fn backup_round_trip_and_rejections() {
        let b =
            Backup::new(vec![draft("a", "A"), draft("b", "B")], "2026-11-27T11:00:00.000Z".into());
        assert_eq!(Backup::parse(&b.to_json()).unwrap(), b);
        assert!(Backup::parse("not json").unwrap_err().contains("not JSON"));
        assert!(Backup::parse("{\"format\":\"other\"}").unwrap_err().contains("not a backup"));
        assert!(Backup::parse("[1, 2]").unwrap_err().contains("not a backup"));
        assert!(Backup::parse("{\"format\": 3}").unwrap_err().contains("not a backup"));
        assert!(Backup::parse(&format!("{{\"format\":\"{BACKUP_FORMAT}\",\"schema\":9}}"))
            .unwrap_err()
            .contains("newer"));
        assert!(Backup::parse(&format!("{{\"format\":\"{BACKUP_FORMAT}\",\"schema\":2}}"))
            .unwrap_err()
            .contains("damaged"));
    }

    #[test]
    fn merge_never_replaces_a_local_draft() {
        let local = vec![draft("a", "A"), draft("b", "B")];
        let mut changed_b = draft("b", "B");
        changed_b.plan.purpose = "newer".into();
        changed_b.rev = 9;
        let incoming = vec![draft("a", "A"), changed_b, draft("c", "C")];
        let mut n = 0;
        let out = merge(&local, incoming, || {
            n += 1;
            format!("new{n}")
        });
        assert_eq!((out.added, out.copies, out.unchanged), (1, 1, 1));
        let ids: Vec<_> = out.to_write.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["new1", "c"]);
        assert_eq!(out.to_write[0].plan.title, "B (from backup)");
        assert_eq!(out.to_write[0].plan.purpose, "newer");
        assert_eq!(out.to_write[0].rev, 1);
    }

    #[test]
    fn copy_titles() {
        assert_eq!(copy_title(" Plan ", "copy"), "Plan (copy)");
        assert_eq!(copy_title("", "copy"), "Untitled (copy)");
    }

    #[test]
    fn day_differences() {
        assert_eq!(days_between("2026-11-27T10:00:00Z", "2026-11-28T00:00:00Z"), Some(1));
        assert_eq!(days_between("2024-02-28", "2024-03-01"), Some(2));
        assert_eq!(days_between("2025-12-31", "2026-01-30"), Some(30));
        assert_eq!(days_between("garbage", "2026-01-30"), None);
    }
}
