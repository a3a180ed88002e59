//! The heart of the editor, in pure Rust: the plan model, the table of the template's
//! sections, Markdown rendering and the safe preview HTML. No web APIs here; everything
//! is tested natively with `cargo test`.

pub mod added;
pub mod blocktext;
pub mod codec;
pub mod duration;
pub mod example;
pub mod github;
pub mod header;
pub mod html;
pub mod import;
pub mod markdown;
pub mod model;
pub mod run;
pub mod sections;
pub mod share;
pub mod slug;
pub mod validate;

pub use example::example_plan;
pub use markdown::render;
pub use model::{Detail, Details, Item, ListId, Plan, Revision, Status};
pub use sections::{Kind, SectionId, SectionSpec, SECTIONS};
