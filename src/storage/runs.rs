//! The stored form of a run (pure): one key per run, written at every action, never over
//! another tab's newer state.

use crate::plan::run::Run;
use serde::{Deserialize, Serialize};

pub const RUN_SCHEMA: u32 = 1;
const RUN_PREFIX: &str = "deployment-plan-editor:run:";
/// The run this browser is in the middle of (so that a reload returns to it).
pub const ACTIVE_RUN_KEY: &str = "deployment-plan-editor:active-run";

pub fn run_key(id: &str) -> String {
    format!("{RUN_PREFIX}{id}")
}

/// The run id of a storage key, if it is a run's.
pub fn run_id(key: &str) -> Option<&str> {
    key.strip_prefix(RUN_PREFIX)
}

#[derive(Serialize, Deserialize)]
struct Stored {
    schema: u32,
    run: Run,
}

#[derive(Deserialize)]
struct Version {
    schema: u32,
}

pub fn encode_run(run: &Run) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        schema: u32,
        run: &'a Run,
    }
    serde_json::to_string(&Out { schema: RUN_SCHEMA, run }).unwrap_or_default()
}

/// A stored run, or why it cannot be used (never overwritten then).
pub fn decode_run(raw: &str) -> Result<Run, String> {
    let version: Version =
        serde_json::from_str(raw).map_err(|e| format!("the stored run is unreadable ({e})"))?;
    if version.schema > RUN_SCHEMA {
        return Err(format!(
            "the run was saved by a newer version of this editor (schema {})",
            version.schema
        ));
    }
    serde_json::from_str::<Stored>(raw)
        .map(|s| s.run)
        .map_err(|e| format!("the stored run is unreadable ({e})"))
}

/// What a tab may do with its changed run, given what is stored under its key.
#[derive(Debug, PartialEq, Eq)]
pub enum RunWrite {
    /// Write it: the stored run is the one this tab changed (or there is none).
    Write,
    /// Another tab wrote a newer state: show that one; this tab's change is not written.
    Theirs(Box<Run>),
    /// The stored value cannot be read or is from a newer version: left as it is.
    Refuse(String),
}

/// Decides a write of a run changed from revision `based_on`.
pub fn decide_write(stored: Option<&str>, based_on: u64) -> RunWrite {
    match stored.map(decode_run) {
        None => RunWrite::Write,
        Some(Ok(theirs)) if theirs.rev == based_on => RunWrite::Write,
        Some(Ok(theirs)) => RunWrite::Theirs(Box::new(theirs)),
        Some(Err(why)) => RunWrite::Refuse(why),
    }
}
