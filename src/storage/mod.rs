//! Drafts in localStorage: the only code that touches browser storage.
//!
//! - `schema` (pure): the stored forms of drafts, migrations, backup merging.
//! - `runs` (pure): the stored form of a run and when a tab may write it.
//! - `sync` (pure): autosave and the protocol between tabs (revisions, conflicts, storage
//!   removed under a tab) as a state machine; the UI feeds it inputs and performs its effects.
//! - `local` (browser only): the localStorage I/O.

pub mod runs;
pub mod schema;
pub mod sync;

#[cfg(target_arch = "wasm32")]
mod local;
#[cfg(target_arch = "wasm32")]
pub use local::*;
