//! Drafts in localStorage: the only code that touches browser storage.

pub mod schema;

#[cfg(target_arch = "wasm32")]
mod local;
#[cfg(target_arch = "wasm32")]
pub use local::*;
