//! Live validation in the UI: the findings are a `Memo` of the plan; a field shows its
//! problem once it was touched (blurred) or once the user asked for everything (a
//! download or copy attempt, Load example, a restored draft).

use crate::plan::validate::{Field, Finding, Severity};
use leptos::prelude::*;
use std::collections::HashSet;

#[derive(Clone, Copy)]
pub struct Validation {
    pub findings: Memo<Vec<Finding>>,
    touched: RwSignal<HashSet<Field>>,
    show_all: RwSignal<bool>,
    /// Fields blurred while a pointer button is down: shown once it is released, so a
    /// message appearing under the blurred field cannot move the button being clicked
    /// out from under the pointer (which would swallow the click).
    deferred: StoredValue<Vec<Field>>,
    pointer_down: StoredValue<bool>,
}

impl Validation {
    pub fn new(findings: Memo<Vec<Finding>>) -> Self {
        let this = Validation {
            findings,
            touched: RwSignal::default(),
            show_all: RwSignal::new(false),
            deferred: StoredValue::new(Vec::new()),
            pointer_down: StoredValue::new(false),
        };
        let _ = window_event_listener(leptos::ev::pointerdown, move |_| {
            this.pointer_down.set_value(true)
        });
        let release = move || {
            this.pointer_down.set_value(false);
            // After the click that this release completes.
            set_timeout(move || this.flush_deferred(), std::time::Duration::ZERO);
        };
        let _ = window_event_listener(leptos::ev::pointerup, move |_| release());
        let _ = window_event_listener(leptos::ev::pointercancel, move |_| release());
        this
    }

    pub fn touch(&self, field: Field) {
        if self.pointer_down.get_value() {
            self.deferred.update_value(|d| d.push(field));
        } else {
            self.mark(std::iter::once(field));
        }
    }

    fn flush_deferred(&self) {
        let fields = self.deferred.try_update_value(std::mem::take).unwrap_or_default();
        self.mark(fields.into_iter());
    }

    fn mark(&self, fields: impl Iterator<Item = Field>) {
        let new: Vec<Field> =
            fields.filter(|f| !self.touched.with_untracked(|t| t.contains(f))).collect();
        if !new.is_empty() {
            self.touched.update(|t| t.extend(new));
        }
    }

    pub fn show_all(&self) {
        self.show_all.set(true);
    }

    /// Whether problems of `field` are to be shown now.
    pub fn visible(&self, field: Field) -> bool {
        self.show_all.get() || self.touched.with(|t| t.contains(&field))
    }

    /// The visible findings, in form order.
    pub fn shown(&self) -> Vec<Finding> {
        self.findings.with(|fs| fs.iter().filter(|f| self.visible(f.field)).cloned().collect())
    }

    /// The first problem of `field` (errors before warnings) while it is visible. A memo,
    /// so a field re-renders only when its own message changes.
    pub fn message(&self, field: Field) -> Memo<Option<(Severity, String)>> {
        let this = *self;
        Memo::new(move |_| {
            if !this.visible(field) {
                return None;
            }
            this.findings.with(|fs| {
                fs.iter()
                    .filter(|f| f.field == field)
                    .min_by_key(|f| f.severity)
                    .map(|f| (f.severity, f.message.clone()))
            })
        })
    }
}

pub fn use_validation() -> Validation {
    expect_context::<Validation>()
}

/// The DOM id of the control a field is edited with (and the target of a summary link).
pub fn dom_id(field: Field) -> String {
    match field {
        Field::Title => "title".into(),
        Field::Purpose => "purpose".into(),
        Field::List(list) => format!("add-{}", list.key()),
        Field::Item(list, id) => format!("{}-{id}", list.key()),
        Field::ApprovalDate => "approval-date".into(),
        Field::Owner => "owner".into(),
        Field::MetadataReviewers => "metadata-reviewers".into(),
        Field::Status => "status".into(),
        Field::LastUpdated => "last-updated".into(),
        Field::Revisions => "add-revision".into(),
        Field::Revision(id, cell) => format!("revision-{id}-{}", cell.key()),
        Field::Header(f) => format!("header-{}", f.key()),
        Field::Detail(list, id, d) => format!("{}-{id}-{}", list.key(), d.key()),
        Field::Added(id, part) => super::added::part_id(id, part),
    }
}

/// The attributes and message element that tie a control to its problem.
pub struct FieldState {
    pub invalid: Signal<Option<&'static str>>,
    pub described_by: Signal<Option<String>>,
    pub view: AnyView,
}

/// State for the control of `field`: `aria-invalid` when an error shows, and the message
/// element referenced by `aria-describedby`.
pub fn field_state(field: Field) -> FieldState {
    let validation = use_validation();
    let message = validation.message(field);
    let error_id = format!("{}-problem", dom_id(field));
    let invalid = Signal::derive(move || {
        message.with(|m| matches!(m, Some((Severity::Error, _)))).then_some("true")
    });
    let described_by = {
        let error_id = error_id.clone();
        Signal::derive(move || message.with(Option::is_some).then(|| error_id.clone()))
    };
    let view = view! {
        {move || message.get().map(|(severity, text)| {
            let (class, prefix) = match severity {
                Severity::Error => ("problem error", "Error: "),
                Severity::Warning => ("problem warning", "Warning: "),
            };
            view! { <p class=class id=error_id.clone()><span class="visually-hidden">{prefix}</span>{text}</p> }
        })}
    }
    .into_any();
    FieldState { invalid, described_by, view }
}
