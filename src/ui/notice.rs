//! The message line under the header: the outcome of the last action, announced politely,
//! optionally with an Undo.

use crate::plan::Plan;
use leptos::prelude::*;

#[derive(Clone)]
pub enum Undo {
    /// Put this plan back into the editor, if the editor still holds the plan the Undo was
    /// made for (`Editor::loads` then).
    Plan(Box<Plan>, u64),
    /// As `Plan` (a section was removed), then focus the control with this id.
    PlanAt(Box<Plan>, u64, String),
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

    /// Says `text` and keeps the Undo of the notice shown, if any: after Load example that
    /// Undo may be the only way back to a plan that could not be saved.
    pub fn say_keeping_undo(&self, text: impl Into<String>) {
        let undo = self.0.with_untracked(|n| n.as_ref().and_then(|n| n.undo.clone()));
        self.0.set(Some(Notice { text: text.into(), undo }));
    }
}

pub fn use_notices() -> Notices {
    expect_context::<Notices>()
}
