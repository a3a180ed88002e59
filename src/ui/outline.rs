//! The outline: a `nav` named "Outline" listing the plan's sections from the section table,
//! each with its state (complete, its error count, or empty), that moves focus to the
//! section's first field. Shown beside the form on wide screens and in the header's menu on
//! narrow ones (two instances; CSS shows one).

use super::added::placed_at;
use super::editor::{Editor, SectionSig};
use super::validation::use_validation;
use crate::plan::added::OPTIONAL;
use crate::plan::validate::{has_content, Field, Severity};
use crate::plan::{Plan, SECTIONS};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[derive(Clone, PartialEq)]
enum State {
    Complete,
    Errors(usize),
    Empty,
}

/// Focuses the first control of the section with `key` (its first item, its text, or its
/// Add button when it has none).
fn focus_section(key: &str) {
    let Some(section) = document().get_element_by_id(&format!("section-{key}")) else { return };
    // A field first (an added section's Move and Remove buttons come before its fields).
    let first = ["input:not([type=file]), textarea, select", "button:not([disabled])"]
        .into_iter()
        .find_map(|selector| section.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = first {
        let _ = el.focus();
    }
}

/// One entry: the section's title and state, a link that focuses its first field.
fn entry(
    key: String,
    title: Signal<String>,
    state: Memo<State>,
    jump: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    view! {
        <li class=move || match state.get() {
            State::Complete => "complete",
            State::Errors(_) => "has-errors",
            State::Empty => "empty",
        }>
            <a href=format!("#section-{key}") on:click=jump>
                <span class="outline-title">{title}</span>
                " "
                <span class="outline-state">{move || match state.get() {
                    State::Complete => "Complete".to_string(),
                    State::Errors(1) => "1 error".to_string(),
                    State::Errors(n) => format!("{n} errors"),
                    State::Empty => "Empty".to_string(),
                }}</span>
            </a>
        </li>
    }
}

/// The entry of an added section.
fn added_entry(s: SectionSig, plan: Signal<Plan>, on_jump: Callback<()>) -> impl IntoView {
    let validation = use_validation();
    let state = Memo::new(move |_| {
        let errors = validation.findings.with(|f| {
            f.iter()
                .filter(|f| {
                    f.severity == Severity::Error
                        && matches!(f.field, Field::Added(id, _) if id == s.id)
                })
                .count()
        });
        let content = plan.with(|p| {
            p.added.iter().find(|a| a.id == s.id).is_some_and(|a| a.has_content(OPTIONAL))
        });
        if errors > 0 {
            State::Errors(errors)
        } else if content {
            State::Complete
        } else {
            State::Empty
        }
    });
    let key = format!("added-{}", s.id);
    let focus_key = key.clone();
    let jump = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        on_jump.run(());
        let key = focus_key.clone();
        request_animation_frame(move || focus_section(&key));
    };
    let title = Signal::derive(move || s.title.with(|t| crate::plan::added::display_title(t)));
    entry(key, title, state, jump)
}

#[component]
pub fn Outline(
    /// The plan the findings belong to (the readiness meter's).
    plan: Signal<Plan>,
    /// Runs before focus moves (the narrow layout shows the form pane).
    #[prop(into)]
    on_jump: Callback<()>,
    /// An extra class for where this instance sits.
    class: &'static str,
) -> impl IntoView {
    let validation = use_validation();
    let states = Memo::new(move |_| {
        plan.with(|p| {
            validation.findings.with(|findings| {
                SECTIONS
                    .iter()
                    .map(|spec| {
                        let errors = findings
                            .iter()
                            .filter(|f| {
                                f.severity == Severity::Error && f.field.section() == Some(spec.id)
                            })
                            .count();
                        if errors > 0 {
                            State::Errors(errors)
                        } else if has_content(p, spec.id) {
                            State::Complete
                        } else {
                            State::Empty
                        }
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    // The sections added to the template, where they are placed.
    let editor = use_context::<Editor>();
    let added_at = move |at: usize| {
        editor.map(|editor| {
            view! {
                <For each=move || placed_at(editor, at) key=|s| s.title let:s>
                    {added_entry(s, plan, on_jump)}
                </For>
            }
        })
    };
    let entries = SECTIONS
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let key = spec.key;
            let state = Memo::new(move |_| states.with(|s| s[i].clone()));
            let jump = move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                on_jump.run(());
                // After the pane switch (if any) has shown the form.
                request_animation_frame(move || focus_section(key));
            };
            view! { {entry(key.to_string(), Signal::stored(spec.title.to_string()), state, jump)}{added_at(i + 1)} }
        })
        .collect_view();
    let entries = view! { {added_at(0)}{entries} };
    view! {
        <nav class=format!("outline {class}") aria-label="Outline">
            <h2 class="outline-heading">"Outline"</h2>
            <ul>{entries}</ul>
        </nav>
    }
}
