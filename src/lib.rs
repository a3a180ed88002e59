//! A deployment-plan editor that runs entirely in the browser.

pub mod plan;
pub mod storage;
#[cfg(target_arch = "wasm32")]
pub mod ui;
