//! The error summary: a region named "Problems" listing every shown problem, each a
//! button that moves focus to its field; and the confirmation asked before the first
//! download or copy of a plan with errors.

use super::browser::focus_later;
use super::validation::{dom_id, use_validation};
use crate::plan::sections::spec;
use crate::plan::validate::{position, Field, Severity};
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Download,
    Copy,
    Run,
}

#[component]
pub fn Problems(
    awaiting: RwSignal<Option<Action>>,
    #[prop(into)] on_confirm: Callback<Action>,
) -> impl IntoView {
    let validation = use_validation();
    // In the order a reader meets them: added sections' problems where those sections are.
    let editor = use_context::<super::editor::Editor>();
    let shown = Memo::new(move |_| {
        let mut shown = validation.shown();
        if let Some(editor) = editor {
            editor.settled.with(|plan| shown.sort_by_key(|f| position(plan, f.field)));
        }
        shown
    });
    let errors = move || {
        validation.findings.with(|f| f.iter().filter(|f| f.severity == Severity::Error).count())
    };
    let prompt = move || {
        awaiting.get().map(|action| {
            let (question, yes) = match action {
                Action::Download => ("Download it anyway?", "Download anyway"),
                Action::Copy => ("Copy it anyway?", "Copy anyway"),
                Action::Run => ("Start the run anyway?", "Start run anyway"),
            };
            let n = errors();
            view! {
                <div class="confirm">
                    <p>
                        {format!("The plan has {n} error{} (listed below). {question} ", if n == 1 { "" } else { "s" })}
                        "The Markdown is the same either way."
                    </p>
                    <button type="button" on:click=move |_| on_confirm.run(action)>{yes}</button>
                    " "
                    <button type="button" class="secondary" on:click=move |_| awaiting.set(None)>"Cancel"</button>
                </div>
            }
        })
    };
    view! {
        <Show when=move || awaiting.with(Option::is_some) || shown.with(|s| !s.is_empty())>
            <section id="problems" class="problems" tabindex="-1" aria-labelledby="problems-heading">
                <h2 id="problems-heading">"Problems"</h2>
                {prompt}
                <ul>
                    {move || shown.get().into_iter().map(|f| {
                        let where_ = match f.field {
                            Field::Added(id, _) => added_title(id),
                            other => other.section().map_or("Title", |id| spec(id).title).to_string(),
                        };
                        let (class, kind) = match f.severity {
                            Severity::Error => ("error", "Error"),
                            Severity::Warning => ("warning", "Warning"),
                        };
                        let target = dom_id(f.field);
                        view! {
                            <li class=class>
                                <button type="button" class="link" on:click=move |_| {
                                    // The field may be further down a list still being put on the page.
                                    if let Some(editor) = editor { editor.show_all() }
                                    focus_later(target.clone())
                                }>
                                    {format!("{kind} in {where_}: {}", f.message)}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}

/// The title of an added section, as its legend shows it.
fn added_title(id: u64) -> String {
    let title = use_context::<super::editor::Editor>()
        .and_then(|e| e.added.with(|v| v.iter().find(|s| s.id == id).map(|s| s.title.get())))
        .unwrap_or_default();
    crate::plan::added::display_title(&title)
}
