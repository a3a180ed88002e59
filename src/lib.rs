//! A deployment-plan editor that runs entirely in the browser.

pub mod plan;
pub mod storage;
#[cfg(target_arch = "wasm32")]
pub mod ui;

/// What the import worker and the page must agree on: the plan's stored form and the
/// import answer's form (`plan::import::WIRE`). A page left open across an update may
/// meet the next build's worker; it then asks for a reload instead of misreading it.
pub fn import_wire() -> String {
    format!("{}.{}", storage::schema::SCHEMA, plan::import::WIRE)
}
