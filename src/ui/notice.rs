//! The message line under the header: the outcome of the last action, announced politely,
//! optionally with an Undo.

use crate::plan::Plan;
use leptos::prelude::*;

#[derive(Clone)]
pub enum Undo {
    /// Put this plan back into the editor.
    Plan(Plan),
    /// Take this draft out of the trash.
    Restore(String),
}

#[derive(Clone)]
pub struct Notice {
    pub text: String,
    pub undo: Option<Undo>,
}

#[derive(Clone, Copy)]
pub struct Notices(pub RwSignal<Option<Notice>>);

impl Notices {
    pub fn say(&self, text: impl Into<String>) {
        self.0.set(Some(Notice { text: text.into(), undo: None }));
    }

    pub fn say_with_undo(&self, text: impl Into<String>, undo: Undo) {
        self.0.set(Some(Notice { text: text.into(), undo: Some(undo) }));
    }
}

pub fn use_notices() -> Notices {
    expect_context::<Notices>()
}
