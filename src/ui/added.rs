//! Sections added to the template: the Add section dialog, and each added section's form,
//! composed from its layout (`plan::added`) with the same field components as the rest.

use super::browser::focus_later;
use super::editor::{Editor, RowSig, SectionSig};
use super::fields::{append_and_focus, Control, Input, ListField, ListOf, Name};
use super::notice::{use_notices, Undo};
use super::validation::{field_state, use_validation};
use crate::plan::added::{
    self, CustomKind, FieldKind, OptionalDef, Part, Section, TablePart, OPTIONAL,
};
use crate::plan::validate::Field;
use leptos::prelude::*;

/// The DOM id of the control that edits `part` of section `id`.
pub fn part_id(id: u64, part: Part) -> String {
    match part {
        Part::Whole => format!("added-{id}-remove"),
        Part::Title => format!("added-{id}-title"),
        Part::Text => format!("added-{id}-text"),
        Part::Value(i) => format!("added-{id}-value-{i}"),
        Part::List => format!("added-{id}-add-item"),
        Part::Item(item) => format!("added-{id}-item-{item}"),
        Part::Column(i) => format!("added-{id}-column-{i}"),
        Part::Cell(row, i) => format!("added-{id}-cell-{row}-{i}"),
        Part::Rows => format!("added-{id}-add-row"),
        Part::Columns => format!("added-{id}-add-column"),
    }
}

fn field(s: SectionSig, part: Part) -> Field {
    Field::Added(s.id, part)
}

/// The title an added section shows (its legend, and the names of its buttons).
fn shown_title(s: SectionSig) -> impl Fn() -> String + Copy + Send + Sync {
    move || s.title.with(|t| added::display_title(t))
}

/// The Add section button and its dialog: the optional standard sections not yet in the
/// plan, and a custom section of any kind.
#[component]
pub fn AddSection(editor: Editor) -> impl IntoView {
    let notices = use_notices();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let title = RwSignal::new(String::new());
    let kind = RwSignal::new(CustomKind::Text);
    let title_problem = RwSignal::new(None::<String>);
    let open = move |_| {
        // A fresh start: no title or problem left from the last time.
        title.set(String::new());
        title_problem.set(None);
        if let Some(d) = dialog.get_untracked() {
            if !d.open() {
                let _ = d.show_modal();
            }
        }
    };
    let close = move || {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
    };
    let add = move |section: Section| {
        let sig = editor.section_sig(&section);
        let name = section.title.clone();
        let first = added::controls(&section, OPTIONAL).first().map(|c| c.part);
        editor.added.update(|v| {
            v.push(sig);
            let order = order_of(v);
            reorder(v, &order);
        });
        close();
        notices.say(format!("Added the section {}.", added::display_title(&name)));
        focus_later(part_id(section.id, first.unwrap_or(Part::Whole)));
    };
    // The optional sections not in the plan yet (by key: a definition has no equality).
    let offered = Memo::new(move |_| {
        let present: Vec<Section> = editor.added.with(|v| {
            v.iter()
                .map(|s| Section { optional: s.optional.get_value(), ..Section::default() })
                .collect()
        });
        added::offered(&present, OPTIONAL).into_iter().map(|d| d.key).collect::<Vec<_>>()
    });
    let buttons = move || {
        offered
            .get()
            .into_iter()
            .filter_map(|key| OPTIONAL.iter().find(|d| d.key == key))
            .map(|def: &'static OptionalDef| {
                let on_click = move |_| add(Section::new_optional(def, || editor.fresh_id()));
                view! { <li><button type="button" class="secondary" on:click=on_click>{def.title}</button></li> }
            })
            .collect_view()
    };
    // A title is needed, and one no other section has.
    let add_custom = move || {
        let wanted = title.get_untracked();
        let taken: Vec<String> =
            crate::plan::SECTIONS
                .iter()
                .map(|s| s.title.to_string())
                .chain(editor.added.with_untracked(|v| {
                    v.iter().map(|s| s.title.get_untracked()).collect::<Vec<_>>()
                }))
                .collect();
        if let Some(problem) = added::new_title_problem(&wanted, &taken) {
            title_problem.set(Some(problem));
            focus_later("custom-section-title".to_string());
            return;
        }
        title_problem.set(None);
        let section = Section::custom(&wanted, kind.get_untracked(), || editor.fresh_id());
        title.set(String::new());
        add(section);
    };
    view! {
        <div class="add-section">
            <button type="button" class="add" id="add-section-button" aria-haspopup="dialog" on:click=open>"Add section"</button>
        </div>
        <dialog node_ref=dialog class="add-section-dialog" aria-labelledby="add-section-heading">
            <h2 id="add-section-heading">"Add section"</h2>
            <p class="help">"Sections beyond the template's. Each is written as a section of its own in the Markdown."</p>
            <h3>"Standard sections"</h3>
            <Show when=move || offered.with(Vec::is_empty)>
                <p class="help">"All of them are in the plan."</p>
            </Show>
            <ul class="offered">{buttons}</ul>
            <h3>"A section of your own"</h3>
            <div class="field">
                <label for="custom-section-title">"Section title"</label>
                <input id="custom-section-title" type="text" autocomplete="off"
                    aria-invalid=move || title_problem.with(Option::is_some).then_some("true")
                    aria-describedby=move || title_problem.with(Option::is_some).then_some("custom-section-title-problem")
                    prop:value=move || title.get()
                    on:input=move |ev| title.set(event_target_value(&ev))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            add_custom();
                        }
                    }/>
                {move || title_problem.get().map(|p| view! {
                    <p class="problem error" id="custom-section-title-problem"><span class="visually-hidden">"Error: "</span>{p}</p>
                })}
            </div>
            <div class="field">
                <label for="custom-section-kind">"Section kind"</label>
                <select id="custom-section-kind"
                    prop:value=move || kind.get().label()
                    on:change=move |ev| {
                        if let Some(k) = CustomKind::from_label(&event_target_value(&ev)) {
                            kind.set(k);
                        }
                    }>
                    {CustomKind::ALL.map(|k| view! { <option value=k.label()>{k.label()}</option> }).into_iter().collect_view()}
                </select>
            </div>
            <div class="dialog-actions">
                <button type="button" on:click=move |_| add_custom()>"Add custom section"</button>
                <button type="button" class="secondary" on:click=move |_| close()>"Close"</button>
            </div>
        </dialog>
    }
}

/// The sections' ids and places, as plain data (tracks the places).
fn places(v: &[SectionSig]) -> Vec<Section> {
    v.iter().map(|s| Section { id: s.id, after: s.after.get(), ..Section::default() }).collect()
}

/// The sections' ids and places after sorting by place (the pure order of `added::sort`).
fn order_of(v: &[SectionSig]) -> Vec<(u64, String)> {
    let mut plain = places(v);
    added::sort(&mut plain);
    plain.into_iter().map(|s| (s.id, s.after)).collect()
}

/// Puts `v` in `order` and gives each section its place.
fn reorder(v: &mut Vec<SectionSig>, order: &[(u64, String)]) {
    let old = std::mem::take(v);
    for (id, after) in order {
        if let Some(s) = old.iter().find(|s| s.id == *id) {
            if s.after.get_untracked() != *after {
                s.after.set(after.clone());
            }
            v.push(*s);
        }
    }
}

/// The added sections placed at `at` (0 before Purpose, `i + 1` after template section `i`).
#[component]
pub fn AddedSections(editor: Editor, at: usize) -> impl IntoView {
    view! {
        <For each=move || placed_at(editor, at) key=|s| s.title let:s>
            <AddedSectionForm editor s/>
        </For>
    }
}

/// The added sections placed at `at`, in order (tracks the list and their places).
pub fn placed_at(editor: Editor, at: usize) -> Vec<SectionSig> {
    editor.added.with(|v| {
        v.iter()
            .filter(|s| {
                s.after
                    .with(|a| added::anchor_index(a).unwrap_or(crate::plan::SECTIONS.len()) == at)
            })
            .copied()
            .collect()
    })
}

/// One added section: a fieldset named by its title, with Move up/down and Remove.
#[component]
fn AddedSectionForm(editor: Editor, s: SectionSig) -> impl IntoView {
    let notices = use_notices();
    let def = OPTIONAL.iter().find(|d| d.key == s.optional.get_value());
    let plain = Section { optional: s.optional.get_value(), kind: s.kind, ..Section::default() };
    let layout = plain.layout(OPTIONAL);
    let title = shown_title(s);
    let legend_id = format!("section-added-{}-legend", s.id);
    let moves = move |up: bool| {
        let mut moved = editor.added.with_untracked(|v| places(v));
        if added::move_section(&mut moved, s.id, up) {
            let order: Vec<(u64, String)> = moved.into_iter().map(|m| (m.id, m.after)).collect();
            editor.added.update(|v| reorder(v, &order));
            let way = if up { "up" } else { "down" };
            notices.say(format!("Moved the section {} {way}.", title()));
            // At an end its button is disabled: focus goes to the other one.
            let further = editor.added.with_untracked(|v| added::can_move(&places(v), s.id, up));
            let other = if up { "down" } else { "up" };
            focus_later(format!("added-{}-{}", s.id, if further { way } else { other }));
        }
    };
    let can = move |up: bool| editor.added.with(|v| added::can_move(&places(v), s.id, up));
    let remove = move |_| {
        let previous = untrack(|| editor.snapshot());
        editor.added.update(|v| v.retain(|o| o.id != s.id));
        notices.say_with_undo(
            format!("Removed the section {}.", title()),
            Undo::PlanAt(Box::new(previous), editor.loads(), part_id(s.id, Part::Whole)),
        );
        focus_later("add-section-button".to_string());
    };
    let help = def.map(|d| view! { <p class="help">{d.help}</p> });
    let title_field = s.optional.with_value(String::is_empty).then(|| {
        view! {
            <div class="field">
                <Control field=field(s, Part::Title) name="Section title" input=Input::Line { value: s.title, placeholder: "" }/>
            </div>
        }
    });
    let text = layout.text.then(|| {
        let name = Name::LabelledBy(legend_id.clone());
        view! { <Control field=field(s, Part::Text) name input=Input::Lines { value: s.text }/> }
    });
    let values = (!layout.fields.is_empty()).then(|| {
        let controls = layout
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let value = s.fields.with_untracked(|v| v.get(i).copied()).unwrap_or_else(|| {
                    let v = editor.new_value();
                    s.fields.update(|all| all.push(v));
                    v
                });
                let input = match f.kind {
                    FieldKind::Choice(options) => Input::Choice {
                        options: std::iter::once("").chain(options.iter().copied()).collect(),
                        value: value.into(),
                        set: Callback::new(move |v| value.set(v)),
                    },
                    FieldKind::Time => Input::Line { value, placeholder: "YYYY-MM-DD HH:MM" },
                    FieldKind::Duration => Input::Line { value, placeholder: "30 min" },
                    FieldKind::Text => Input::Line { value, placeholder: "" },
                };
                let name: Name = f.label.into();
                let hint = (f.kind == FieldKind::Time).then(|| view! { <span class="hint">"UTC"</span> });
                view! { <div class="field"><Control field=field(s, Part::Value(i)) name input>{hint}</Control></div> }
            })
            .collect_view();
        view! { <div class="grid">{controls}</div> }
    });
    let list = layout
        .list
        .map(|part| view! { <ListField editor items=s.items of=ListOf::Added(s.id, part)/> });
    let table = layout.table.map(|part| view! { <AddedTable editor s part/> });
    view! {
        <fieldset class="section added" id=format!("section-added-{}", s.id)>
            <legend id=legend_id>{title}</legend>
            <div class="section-actions">
                <button type="button" class="icon" id=format!("added-{}-up", s.id)
                    aria-label=move || format!("Move section {} up", title())
                    disabled=move || !can(true)
                    on:click=move |_| moves(true)>"Up"</button>
                <button type="button" class="icon" id=format!("added-{}-down", s.id)
                    aria-label=move || format!("Move section {} down", title())
                    disabled=move || !can(false)
                    on:click=move |_| moves(false)>"Down"</button>
                <button type="button" class="icon danger" id=part_id(s.id, Part::Whole)
                    aria-label=move || format!("Remove section {}", title())
                    on:click=remove>"Remove"</button>
            </div>
            {help}
            {title_field}
            {text}
            {values}
            {list}
            {table}
        </fieldset>
    }
}

/// A table of an added section: fixed or editable column names, rows of cells labelled
/// "<column> <row>".
#[component]
fn AddedTable(editor: Editor, s: SectionSig, part: TablePart) -> impl IntoView {
    let validation = use_validation();
    let editable = part.columns.is_none();
    let noun = part.noun.to_lowercase();
    let width = move || match part.columns {
        Some(fixed) => fixed.len(),
        None => s.columns.with(Vec::len),
    };
    // The name of column `i` as labels use it ("Team", or "Column 2" while unnamed).
    let column_label = move |i: usize| -> String {
        match part.columns {
            Some(fixed) => fixed.get(i).map_or(String::new(), |c| c.to_string()),
            None => {
                let name = s.columns.with(|c| c.get(i).map(|v| v.get())).unwrap_or_default();
                added::column_label(&name, i)
            }
        }
    };
    let add_column = move |_| {
        let v = editor.new_value();
        s.columns.update(|c| c.push(v));
        s.rows.with_untracked(|rows| {
            for r in rows {
                let cell = editor.new_value();
                r.cells.update(|c| c.push(cell));
            }
        });
        let i = s.columns.with_untracked(Vec::len) - 1;
        focus_later(part_id(s.id, Part::Column(i)));
    };
    let remove_column = move |i: usize| {
        if s.columns.with_untracked(Vec::len) <= 1 {
            return;
        }
        s.columns.update(|c| {
            c.remove(i);
        });
        s.rows.with_untracked(|rows| {
            for r in rows {
                r.cells.update(|c| {
                    if i < c.len() {
                        c.remove(i);
                    }
                });
            }
        });
        focus_later(part_id(s.id, Part::Columns));
    };
    let columns = editable.then(|| {
        let names = move || {
            s.columns
                .get()
                .into_iter()
                .enumerate()
                .map(|(i, value)| {
                    let name: Name = Name::Label(Signal::stored(format!("Column {} name", i + 1)));
                    view! {
                        <li class="item">
                            <Control field=field(s, Part::Column(i)) name input=Input::Item { value, lines: false, placeholder: "" }>
                                <span class="item-actions">
                                    <button type="button" class="icon danger"
                                        aria-label=format!("Remove column {}", i + 1)
                                        disabled=move || width() <= 1
                                        on:click=move |_| remove_column(i)>"Remove"</button>
                                </span>
                            </Control>
                        </li>
                    }
                })
                .collect_view()
        };
        view! {
            <fieldset class="sub">
                <legend>"Columns"</legend>
                <ul class="items">{names}</ul>
                <button type="button" class="add" id=part_id(s.id, Part::Columns) on:click=add_column>"Add column"</button>
            </fieldset>
        }
    });
    let add_row = move || {
        let row = editor.new_row(width());
        append_and_focus(editor, s.rows, row, Field::Added(s.id, Part::Cell(row.id, 0)));
    };
    let rows_state = field_state(field(s, Part::Rows));
    let row_view = move |index: ReadSignal<usize>, row: RowSig| {
        let n = move || index.get() + 1;
        let noun = noun.clone();
        let remove = move |_| {
            let at = index.get_untracked();
            s.rows.update(|v| {
                v.remove(at);
            });
            let next = s.rows.with_untracked(|v| {
                v.get(at).or_else(|| at.checked_sub(1).and_then(|p| v.get(p))).map(|r| r.id)
            });
            focus_later(part_id(s.id, next.map_or(Part::Rows, |r| Part::Cell(r, 0))));
        };
        let cells = move || {
            row.cells
                .get()
                .into_iter()
                .enumerate()
                .map(|(i, value)| {
                    let name = Name::Label(Signal::derive(move || format!("{} {}", column_label(i), n())));
                    view! {
                        <div class="field">
                            <Control field=field(s, Part::Cell(row.id, i)) name input=Input::Item { value, lines: false, placeholder: "" }/>
                        </div>
                    }
                })
                .collect_view()
        };
        view! {
            <li class="table-row">
                {cells}
                <button type="button" class="icon danger"
                    aria-label=move || format!("Remove {noun} {}", n())
                    on:click=remove>"Remove"</button>
            </li>
        }
    };
    view! {
        {columns}
        <div class="list" on:focusout=move |_| validation.touch(field(s, Part::Rows))>
            <ol class="revisions table-rows">
                <ForEnumerate each=move || editor.on_page(s.rows) key=|r: &RowSig| r.cells
                    children=move |index, row| row_view(index, row)/>
            </ol>
            <button type="button" class="add" id=part_id(s.id, Part::Rows) aria-describedby=rows_state.described_by
                on:click=move |_| add_row()>{format!("Add {}", part.noun.to_lowercase())}</button>
            {rows_state.view}
        </div>
    }
}
