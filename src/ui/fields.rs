//! One component per kind of field. Sections are composed from these by `section.rs`,
//! driven by the section table.

use super::browser::focus_later;
use super::editor::{Editor, ItemSig};
use crate::plan::{ListId, Status};
use leptos::prelude::*;

/// A single-line text input with a visible label.
#[component]
pub fn TextField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] placeholder: &'static str,
    /// Offer a "Today" button that fills in today's date as `YYYY-MM-DD`.
    #[prop(optional)]
    date: bool,
) -> impl IntoView {
    let today = move |_| value.set(super::browser::today());
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <div class="field-row">
                <input
                    id=id
                    type="text"
                    autocomplete="off"
                    placeholder=placeholder
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
                {date.then(|| view! {
                    <button type="button" class="secondary" aria-label=format!("Set {} to today", label.to_lowercase()) on:click=today>
                        "Today"
                    </button>
                })}
            </div>
        </div>
    }
}

/// Multi-line text labelled by the section's legend.
#[component]
pub fn TextArea(id: &'static str, labelled_by: String, value: RwSignal<String>) -> impl IntoView {
    view! {
        <textarea
            id=id
            rows="4"
            aria-labelledby=labelled_by
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))
        ></textarea>
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

/// A list of items: add, edit, remove, and for ordered lists move up/down.
/// Labels read "<Noun> N"; buttons "Add <noun>", "Remove <noun> N", "Move <noun> N up".
#[component]
pub fn ListField(editor: Editor, list: ListId) -> impl IntoView {
    let items = editor.list(list);
    let lower = list.noun().to_lowercase();
    let add = move |_| {
        let item = editor.new_item("");
        items.update(|v| v.push(item));
        focus_later(item_dom_id(list, item.id));
    };
    let list_tag = move |rows| {
        if list.ordered() {
            view! { <ol class="items">{rows}</ol> }.into_any()
        } else {
            view! { <ul class="items">{rows}</ul> }.into_any()
        }
    };
    view! {
        {list_tag(view! {
            <ForEnumerate
                each=move || items.get()
                key=|item: &ItemSig| item.id
                children=move |index, item| view! { <ListRow items list index item/> }
            />
        })}
        <button type="button" class="add" id=format!("add-{}", list.key()) on:click=add>
            {format!("Add {lower}")}
        </button>
    }
}

pub fn item_dom_id(list: ListId, id: u64) -> String {
    format!("{}-{id}", list.key())
}

#[component]
fn ListRow(
    items: RwSignal<Vec<ItemSig>>,
    list: ListId,
    index: ReadSignal<usize>,
    item: ItemSig,
) -> impl IntoView {
    let noun = list.noun();
    let lower = noun.to_lowercase();
    let n = move || index.get() + 1;
    let input_id = item_dom_id(list, item.id);
    let len = move || items.with(Vec::len);
    let (up_id, down_id) = (format!("{input_id}-up"), format!("{input_id}-down"));
    let move_by = {
        let (up_id, down_id) = (up_id.clone(), down_id.clone());
        move |delta: isize| {
            let from = index.get_untracked();
            let to = from as isize + delta;
            let count = items.with_untracked(Vec::len) as isize;
            if to < 0 || to >= count {
                return;
            }
            items.update(|v| v.swap(from, to as usize));
            // Keep focus on the moved item's button, or its twin when it hits an end.
            let at_end = (delta < 0 && to == 0) || (delta > 0 && to == count - 1);
            let same = if delta < 0 { &up_id } else { &down_id };
            let other = if delta < 0 { &down_id } else { &up_id };
            focus_later(if at_end { other.clone() } else { same.clone() });
        }
    };
    let remove = move |_| {
        let at = index.get_untracked();
        items.update(|v| {
            v.remove(at);
        });
        // Focus the neighbour that took its place, the one before, or the Add button.
        let next = items.with_untracked(|v| v.get(at).or_else(|| at.checked_sub(1).and_then(|p| v.get(p))).map(|i| i.id));
        focus_later(match next {
            Some(id) => item_dom_id(list, id),
            None => format!("add-{}", list.key()),
        });
    };
    let reorder = list.ordered().then(|| {
        let (up, down) = (move_by.clone(), move_by);
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
    view! {
        <li class="item">
            <label for=input_id.clone()>{move || format!("{noun} {}", n())}</label>
            <input
                id=input_id
                type="text"
                autocomplete="off"
                prop:value=move || item.text.get()
                on:input=move |ev| item.text.set(event_target_value(&ev))
            />
            <span class="item-actions">
                {reorder}
                <button type="button" class="icon danger"
                    aria-label=move || format!("Remove {lower} {}", n())
                    on:click=remove>"Remove"</button>
            </span>
        </li>
    }
}

/// The Revision History table: rows of Date, Version, Author, Notes.
#[component]
pub fn RevisionsField(editor: Editor) -> impl IntoView {
    let rows = editor.revisions;
    let add = move |_| {
        let row = editor.new_revision();
        rows.update(|v| v.push(row));
        focus_later(format!("revision-{}-date", row.id));
    };
    view! {
        <ol class="revisions">
            <ForEnumerate
                each=move || rows.get()
                key=|row| row.id
                children=move |index, row| {
                    let n = move || index.get() + 1;
                    let remove = move |_| {
                        let at = index.get_untracked();
                        rows.update(|v| { v.remove(at); });
                        let next = rows.with_untracked(|v| v.get(at).or_else(|| at.checked_sub(1).and_then(|p| v.get(p))).map(|r| r.id));
                        focus_later(match next {
                            Some(id) => format!("revision-{id}-date"),
                            None => "add-revision".to_string(),
                        });
                    };
                    let cells = row.cells().map(|(label, key, value)| {
                        let id = format!("revision-{}-{key}", row.id);
                        let placeholder = if key == "date" { "YYYY-MM-DD" } else if key == "version" { "1.0.0" } else { "" };
                        view! {
                            <div class=format!("field cell-{key}")>
                                <label for=id.clone()>{move || format!("{label} {}", n())}</label>
                                <input id=id type="text" autocomplete="off" placeholder=placeholder
                                    prop:value=move || value.get()
                                    on:input=move |ev| value.set(event_target_value(&ev)) />
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
        <button type="button" class="add" id="add-revision" on:click=add>"Add revision"</button>
    }
}
