//! One component per kind of field. Sections are composed from these by `section.rs`,
//! driven by the section table.

use super::browser::focus_later;
use super::editor::{Editor, ItemSig};
use super::validation::{dom_id, field_state, use_validation};
use crate::plan::validate::{Cell, Field};
use crate::plan::{ListId, Status};
use leptos::prelude::*;

/// A single-line text input with a visible label.
#[component]
pub fn TextField(
    field: Field,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] placeholder: &'static str,
    /// Offer a "Today" button that fills in today's date as `YYYY-MM-DD`.
    #[prop(optional)]
    date: bool,
) -> impl IntoView {
    let validation = use_validation();
    let today = move |_| {
        value.set(super::browser::today());
        validation.touch(field);
    };
    let id = dom_id(field);
    let state = field_state(field);
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <div class="field-row">
                <input
                    id=id
                    type="text"
                    autocomplete="off"
                    placeholder=placeholder
                    aria-invalid=state.invalid
                    aria-describedby=state.described_by
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                    on:focusout=move |_| validation.touch(field)
                />
                {date.then(|| view! {
                    <button type="button" class="secondary" aria-label=format!("Set {} to today", label.to_lowercase()) on:click=today>
                        "Today"
                    </button>
                })}
            </div>
            {state.view}
        </div>
    }
}

/// Multi-line text labelled by the section's legend.
#[component]
pub fn TextArea(field: Field, labelled_by: String, value: RwSignal<String>) -> impl IntoView {
    let validation = use_validation();
    let state = field_state(field);
    view! {
        <textarea
            id=dom_id(field)
            rows="4"
            // Wrapping megabytes of text takes the browser seconds; very long text scrolls.
            wrap=move || value.with(|v| if v.len() > 100_000 { "off" } else { "soft" })
            aria-labelledby=labelled_by
            aria-invalid=state.invalid
            aria-describedby=state.described_by
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))
            on:focusout=move |_| validation.touch(field)
        ></textarea>
        {state.view}
    }
}

/// The plan's Status, a fixed choice.
#[component]
pub fn StatusField(value: RwSignal<Status>) -> impl IntoView {
    view! {
        <div class="field">
            <label for="status">"Status"</label>
            <select
                id="status"
                prop:value=move || value.get().label()
                on:change=move |ev| {
                    if let Some(s) = Status::from_label(&event_target_value(&ev)) {
                        value.set(s);
                    }
                }
            >
                {Status::ALL
                    .into_iter()
                    .map(|s| view! { <option value=s.label()>{s.label()}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}

/// Lists longer than this let the browser skip the layout of rows that are off screen
/// (`.long` in style/main.css: `content-visibility`), which keeps typing flat in a plan of
/// a thousand steps. Shorter lists are laid out in full: a skipped row gets its real
/// height only once scrolled to, and that moves everything below it, under the pointer.
const LONG_LIST: usize = 50;

/// Whether `rows` is a long list (see `LONG_LIST`); tracks its length only.
pub fn is_long<T: Send + Sync + 'static>(
    rows: RwSignal<Vec<T>>,
) -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    move || rows.with(|v| v.len() > LONG_LIST)
}

/// A list of items: add, edit, remove, and for ordered lists move up/down.
/// Labels read "<Noun> N"; buttons "Add <noun>", "Remove <noun> N", "Move <noun> N up".
#[component]
pub fn ListField(editor: Editor, list: ListId) -> impl IntoView {
    let items = editor.list(list);
    let lower = list.noun().to_lowercase();
    let validation = use_validation();
    let state = field_state(Field::List(list));
    let add = move |_| {
        let item = editor.new_item("");
        items.update(|v| v.push(item));
        focus_later(dom_id(Field::Item(list, item.id)));
    };
    let dragged = RwSignal::new(None::<u64>);
    let list_tag = move |rows| {
        if list.ordered() {
            view! { <ol class="items" class:long=is_long(items)>{rows}</ol> }.into_any()
        } else {
            view! { <ul class="items" class:long=is_long(items)>{rows}</ul> }.into_any()
        }
    };
    view! {
        // Leaving the list (its items or its Add button) marks the list as touched.
        <div class="list" on:focusout=move |_| validation.touch(Field::List(list))>
            {list_tag(view! {
                <ForEnumerate
                    each=move || items.get()
                    key=|item: &ItemSig| item.id
                    children=move |index, item| view! { <ListRow items list index item dragged/> }
                />
            })}
            <button type="button" class="add" id=dom_id(Field::List(list)) aria-describedby=state.described_by on:click=add>
                {format!("Add {lower}")}
            </button>
            {state.view}
        </div>
    }
}

/// Removes row `at` and moves focus to the row that took its place, else the one before,
/// else what `field_of(None)` names (the list's Add button).
fn remove_and_focus_neighbour<T: Send + Sync + 'static>(
    rows: RwSignal<Vec<T>>,
    at: usize,
    field_of: impl Fn(Option<&T>) -> Field,
) {
    rows.update(|v| {
        v.remove(at);
    });
    let field = rows.with_untracked(|v| {
        field_of(v.get(at).or_else(|| at.checked_sub(1).and_then(|p| v.get(p))))
    });
    focus_later(dom_id(field));
}

/// Moves the item at `from` to position `to` (the others shift), as dragging it there does.
fn move_item(items: RwSignal<Vec<ItemSig>>, from: usize, to: usize) {
    items.update(|v| {
        let item = v.remove(from);
        v.insert(to, item);
    });
}

#[component]
fn ListRow(
    items: RwSignal<Vec<ItemSig>>,
    list: ListId,
    index: ReadSignal<usize>,
    item: ItemSig,
    /// The item of this list being dragged, if any.
    dragged: RwSignal<Option<u64>>,
) -> impl IntoView {
    let noun = list.noun();
    let lower = noun.to_lowercase();
    let n = move || index.get() + 1;
    let input_id = dom_id(Field::Item(list, item.id));
    let len = move || items.with(Vec::len);
    let (up_id, down_id) = (format!("{input_id}-up"), format!("{input_id}-down"));
    // Moves this item by one; focus goes to `focus(reached_end)`.
    let move_by = move |delta: isize, focus: &dyn Fn(bool) -> String| {
        let from = index.get_untracked();
        let to = from as isize + delta;
        let count = items.with_untracked(Vec::len) as isize;
        if to < 0 || to >= count {
            return;
        }
        move_item(items, from, to as usize);
        focus_later(focus(to == 0 || to == count - 1));
    };
    // Buttons keep focus on the moved item's button, or its twin when it hits an end.
    let by_button = {
        let (up_id, down_id) = (up_id.clone(), down_id.clone());
        move |delta: isize| {
            let (same, other) = if delta < 0 { (&up_id, &down_id) } else { (&down_id, &up_id) };
            move_by(delta, &|at_end| if at_end { other.clone() } else { same.clone() });
        }
    };
    // Alt+Up/Down while typing in the item moves it and keeps the caret in it.
    let on_keydown = {
        let input_id = input_id.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if !list.ordered() || !ev.alt_key() || ev.ctrl_key() || ev.meta_key() || ev.shift_key()
            {
                return;
            }
            let delta = match ev.key().as_str() {
                "ArrowUp" => -1,
                "ArrowDown" => 1,
                _ => return,
            };
            ev.prevent_default();
            move_by(delta, &|_| input_id.clone());
        }
    };
    let remove = move |_| {
        remove_and_focus_neighbour(items, index.get_untracked(), |next| match next {
            Some(i) => Field::Item(list, i.id),
            None => Field::List(list),
        })
    };
    let reorder = list.ordered().then(|| {
        let (up, down) = (by_button.clone(), by_button);
        let lower = lower.clone();
        let lower2 = lower.clone();
        view! {
            <button type="button" class="icon" id=up_id
                aria-label=move || format!("Move {lower} {} up", n())
                disabled=move || index.get() == 0
                on:click=move |_| up(-1)>"Up"</button>
            <button type="button" class="icon" id=down_id
                aria-label=move || format!("Move {lower2} {} down", n())
                disabled=move || { index.get() + 1 >= len() }
                on:click=move |_| down(1)>"Down"</button>
        }
    });
    // Drag and drop (ordered lists): drag the handle onto another item to put this one there.
    let over = RwSignal::new(false);
    let grip = list.ordered().then(|| {
        let focus_id = input_id.clone();
        let start = move |ev: leptos::ev::DragEvent| {
            if let Some(dt) = ev.data_transfer() {
                dt.set_effect_allowed("move");
                let _ = dt.set_data("text/plain", &focus_id);
            }
            dragged.set(Some(item.id));
        };
        view! {
            <span class="grip" draggable="true" aria-hidden="true" title="Drag to reorder"
                on:dragstart=start on:dragend=move |_| dragged.set(None)>"⠿"</span>
        }
    });
    let accepts = move || list.ordered() && dragged.get_untracked().is_some_and(|id| id != item.id);
    let on_drop = move |ev: leptos::ev::DragEvent| {
        over.set(false);
        let Some(id) = dragged.get_untracked().filter(|_| accepts()) else { return };
        ev.prevent_default();
        ev.stop_propagation();
        dragged.set(None);
        if let Some(from) = items.with_untracked(|v| v.iter().position(|i| i.id == id)) {
            move_item(items, from, index.get_untracked());
            focus_later(dom_id(Field::Item(list, id)));
        }
    };
    let field = Field::Item(list, item.id);
    let validation = use_validation();
    let state = field_state(field);
    view! {
        <li class="item"
            class:dragging=move || dragged.get() == Some(item.id)
            class:drop-target=move || over.get()
            on:dragover=move |ev| if accepts() { ev.prevent_default(); over.set(true); }
            on:dragleave=move |_| over.set(false)
            on:drop=on_drop>
            <label for=input_id.clone()>{move || format!("{noun} {}", n())}</label>
            {grip}
            <input
                id=input_id
                type="text"
                autocomplete="off"
                aria-invalid=state.invalid
                aria-describedby=state.described_by
                prop:value=move || item.text.get()
                on:input=move |ev| item.text.set(event_target_value(&ev))
                on:keydown=on_keydown
                on:focusout=move |_| validation.touch(field)
            />
            <span class="item-actions">
                {reorder}
                <button type="button" class="icon danger"
                    aria-label=move || format!("Remove {lower} {}", n())
                    on:click=remove>"Remove"</button>
            </span>
            {state.view}
        </li>
    }
}

/// The Revision History table: rows of Date, Version, Author, Notes.
#[component]
pub fn RevisionsField(editor: Editor) -> impl IntoView {
    let rows = editor.revisions;
    let validation = use_validation();
    let add = move |_| {
        let row = editor.new_revision();
        rows.update(|v| v.push(row));
        focus_later(dom_id(Field::Revision(row.id, Cell::Date)));
    };
    view! {
        <ol class="revisions" class:long=is_long(rows)>
            <ForEnumerate
                each=move || rows.get()
                key=|row| row.id
                children=move |index, row| {
                    let n = move || index.get() + 1;
                    let remove = move |_| {
                        remove_and_focus_neighbour(rows, index.get_untracked(), |next| match next {
                            Some(r) => Field::Revision(r.id, Cell::Date),
                            None => Field::Revisions,
                        })
                    };
                    let cells = row.cells().map(|(cell, value)| {
                        let field = Field::Revision(row.id, cell);
                        let id = dom_id(field);
                        let state = field_state(field);
                        let placeholder = match cell { Cell::Date => "YYYY-MM-DD", Cell::Version => "1.0.0", _ => "" };
                        view! {
                            <div class=format!("field cell-{}", cell.key())>
                                <label for=id.clone()>{move || format!("{} {}", cell.label(), n())}</label>
                                <input id=id type="text" autocomplete="off" placeholder=placeholder
                                    aria-invalid=state.invalid
                                    aria-describedby=state.described_by
                                    prop:value=move || value.get()
                                    on:input=move |ev| value.set(event_target_value(&ev))
                                    on:focusout=move |_| validation.touch(field) />
                                {state.view}
                            </div>
                        }
                    });
                    view! {
                        <li class="revision">
                            {cells.into_iter().collect_view()}
                            <button type="button" class="icon danger"
                                aria-label=move || format!("Remove revision {}", n())
                                on:click=remove>"Remove"</button>
                        </li>
                    }
                }
            />
        </ol>
        <button type="button" class="add" id=dom_id(Field::Revisions) on:click=add>"Add revision"</button>
    }
}
