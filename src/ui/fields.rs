//! One component per kind of field. Sections are composed from these by `section.rs`,
//! driven by the section table.

use super::browser::focus_later;
use super::editor::{Editor, ItemSig};
use super::validation::{dom_id, field_state, use_validation};
use crate::plan::added::{ListPart, Part};
use crate::plan::markdown::one_line;
use crate::plan::validate::{Cell, Field};
use crate::plan::{duration, Detail, ListId, Status};
use leptos::prelude::*;

/// How a control is named for everyone: sighted users and assistive technology alike.
pub enum Name {
    /// A visible `<label for>` placed before the control.
    Label(Signal<String>),
    /// The id of a visible element elsewhere that names the control (a section's legend).
    LabelledBy(String),
}

impl From<&'static str> for Name {
    fn from(text: &'static str) -> Self {
        Name::Label(Signal::stored(text.to_string()))
    }
}

/// What kind of control edits the value.
pub enum Input {
    /// A single-line text input.
    Line { value: RwSignal<String>, placeholder: &'static str },
    /// Multi-line text.
    Lines { value: RwSignal<String> },
    /// A list item or table cell: as tall as its text, wrapped. Enter does what it does in a
    /// one-line field (nothing); Shift+Enter starts a new line where `lines` allows them.
    Item { value: RwSignal<String>, lines: bool, placeholder: &'static str },
    /// A fixed choice among `options` (their labels are the values).
    Choice { options: Vec<&'static str>, value: Signal<String>, set: Callback<String> },
}

/// The one place where a field's accessibility contract is kept: the control gets the
/// field's DOM id (the target of the Problems list), its name (a visible label or the
/// element that labels it), `aria-invalid` while an error shows, `aria-describedby`
/// pointing at the message, the message itself after the control, and leaving the control
/// marks the field as touched (so its problem shows from then on). `children` go between
/// the control and its message (buttons that belong to the field).
#[component]
pub fn Control(
    field: Field,
    #[prop(into)] name: Name,
    input: Input,
    /// Keys pressed in the control, for shortcuts such as Alt+Up/Down.
    #[prop(optional, into)]
    on_keydown: Option<Callback<leptos::ev::KeyboardEvent>>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let validation = use_validation();
    let id = dom_id(field);
    let state = field_state(field);
    let (label, labelled_by) = match name {
        Name::Label(text) => (Some(view! { <label for=id.clone()>{text}</label> }), None),
        Name::LabelledBy(other) => (None, Some(other)),
    };
    let touch = move |_| validation.touch(field);
    let keydown = move |ev| {
        if let Some(f) = on_keydown {
            f.run(ev);
        }
    };
    // The editor does not subscribe to every item of a long plan (a pass over all of them
    // on each keystroke): each control tells it when its value changes.
    let watched = match &input {
        Input::Line { value, .. } | Input::Lines { value } | Input::Item { value, .. } => {
            (*value).into()
        }
        Input::Choice { value, .. } => *value,
    };
    if let Some(editor) = use_context::<Editor>() {
        Effect::new(move |seen: Option<()>| {
            watched.track();
            if seen.is_some() {
                editor.settle_soon();
            }
        });
    }
    let control = match input {
        Input::Line { value, placeholder } => view! {
            <input id=id type="text" autocomplete="off" placeholder=placeholder
                aria-labelledby=labelled_by
                aria-invalid=state.invalid
                aria-describedby=state.described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:keydown=keydown
                on:focusout=touch />
        }
        .into_any(),
        Input::Lines { value } => view! {
            <textarea id=id rows="4"
                // Wrapping megabytes of text takes the browser seconds; very long text scrolls.
                wrap=move || value.with(|v| if v.len() > 100_000 { "off" } else { "soft" })
                aria-labelledby=labelled_by
                aria-invalid=state.invalid
                aria-describedby=state.described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:keydown=keydown
                on:focusout=touch></textarea>
        }
        .into_any(),
        Input::Item { value, lines, placeholder } => view! {
            <textarea id=id rows=move || value.with(|v| v.lines().count().max(1)) class="grow"
                placeholder=placeholder
                aria-labelledby=labelled_by
                aria-invalid=state.invalid
                aria-describedby=state.described_by
                prop:value=move || value.get()
                on:input=move |ev| {
                    // A one-line value keeps no line break (a pasted one becomes a space), as
                    // the Markdown will show it.
                    let text = event_target_value(&ev);
                    value.set(if lines { text } else { one_line(&text).into_owned() });
                }
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Enter" && !(lines && ev.shift_key()) {
                        ev.prevent_default();
                    }
                    keydown(ev);
                }
                on:focusout=touch></textarea>
        }
        .into_any(),
        Input::Choice { options, value, set } => view! {
            <select id=id
                aria-labelledby=labelled_by
                aria-invalid=state.invalid
                aria-describedby=state.described_by
                prop:value=move || value.get()
                on:change=move |ev| set.run(event_target_value(&ev))
                on:focusout=touch>
                {options.into_iter().map(|o| view! { <option value=o>{o}</option> }).collect_view()}
            </select>
        }
        .into_any(),
    };
    view! {
        {label}
        {control}
        {children.map(|c| c())}
        {state.view}
    }
}

/// A single-line text field with a visible label.
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
    let input = Input::Line { value, placeholder };
    if !date {
        return view! { <div class="field"><Control field name=label input/></div> }.into_any();
    }
    view! {
        <div class="field with-action">
            <Control field name=label input>
                <button type="button" class="secondary" aria-label=format!("Set {} to today", label.to_lowercase()) on:click=today>
                    "Today"
                </button>
            </Control>
        </div>
    }
    .into_any()
}

/// The plan's Status, a fixed choice.
#[component]
pub fn StatusField(value: RwSignal<Status>) -> impl IntoView {
    let input = Input::Choice {
        options: Status::ALL.into_iter().map(Status::label).collect(),
        value: Signal::derive(move || value.get().label().to_string()),
        set: Callback::new(move |label: String| {
            if let Some(s) = Status::from_label(&label) {
                value.set(s);
            }
        }),
    };
    view! { <div class="field"><Control field=Field::Status name="Status" input/></div> }
}

/// Appends `row` to `rows` and moves focus to the control of `field` (the new row's first).
/// Every row goes on the page first: the list may still be being put there in slices.
pub fn append_and_focus<T: Send + Sync + 'static>(
    editor: Editor,
    rows: RwSignal<Vec<T>>,
    row: T,
    field: Field,
) {
    editor.show_all();
    rows.update(|v| v.push(row));
    focus_later(dom_id(field));
}

/// The button that adds a row to a list or table. It carries the problems of the list as
/// a whole (such as "add at least one"), and is where the Problems list sends focus for them.
#[component]
fn AddButton(field: Field, label: String, on_add: impl Fn() + 'static) -> impl IntoView {
    let state = field_state(field);
    view! {
        <button type="button" class="add" id=dom_id(field) aria-describedby=state.described_by
            on:click=move |_| on_add()>
            {label}
        </button>
        {state.view}
    }
}

/// The button that removes a row, named "Remove <noun> N".
#[component]
fn RemoveButton(noun: String, n: Signal<usize>, on_remove: impl Fn() + 'static) -> impl IntoView {
    view! {
        <button type="button" class="icon danger"
            aria-label=move || format!("Remove {noun} {}", n.get())
            on:click=move |_| on_remove()>"Remove"</button>
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

/// Which list a list control edits: one of the template's, or the list of an added section.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ListOf {
    Template(ListId),
    /// An added section's list: the section's id and the list's definition.
    Added(u64, ListPart),
}

impl ListOf {
    fn noun(self) -> &'static str {
        match self {
            ListOf::Template(list) => list.noun(),
            ListOf::Added(_, part) => part.noun,
        }
    }

    fn ordered(self) -> bool {
        match self {
            ListOf::Template(list) => list.ordered(),
            ListOf::Added(_, part) => part.numbered,
        }
    }

    fn multi_line(self) -> bool {
        match self {
            ListOf::Template(list) => list.multi_line(),
            ListOf::Added(..) => true,
        }
    }

    /// The list as a whole (its Add button).
    fn field(self) -> Field {
        match self {
            ListOf::Template(list) => Field::List(list),
            ListOf::Added(section, _) => Field::Added(section, Part::List),
        }
    }

    fn item(self, id: u64) -> Field {
        match self {
            ListOf::Template(list) => Field::Item(list, id),
            ListOf::Added(section, _) => Field::Added(section, Part::Item(id)),
        }
    }

    /// The template list whose items carry step details, if this is one.
    fn details(self) -> Option<ListId> {
        match self {
            ListOf::Template(list) if list.has_details() => Some(list),
            _ => None,
        }
    }
}

/// A list of items: add, edit, remove, and for ordered lists move up/down.
/// Labels read "<Noun> N"; buttons "Add <noun>", "Remove <noun> N", "Move <noun> N up".
#[component]
pub fn ListField(editor: Editor, items: RwSignal<Vec<ItemSig>>, of: ListOf) -> impl IntoView {
    let lower = of.noun().to_lowercase();
    let validation = use_validation();
    let add = move || {
        let item = editor.new_item("");
        append_and_focus(editor, items, item, of.item(item.id));
    };
    let dragged = RwSignal::new(None::<u64>);
    let list_tag = move |rows| {
        if of.ordered() {
            view! { <ol class="items" class:long=is_long(items)>{rows}</ol> }.into_any()
        } else {
            view! { <ul class="items" class:long=is_long(items)>{rows}</ul> }.into_any()
        }
    };
    view! {
        // Leaving the list (its items or its Add button) marks the list as touched.
        <div class="list" on:focusout=move |_| validation.touch(of.field())>
            {list_tag(view! {
                <ForEnumerate
                    each=move || editor.on_page(items)
                    // Keyed by the item's signal, not its id: a loaded plan (another draft,
                    // Undo) may reuse an id, and its row must be built from its own signals.
                    key=|item: &ItemSig| item.text
                    children=move |index, item| view! { <ListRow editor items of index item dragged/> }
                />
            })}
            <AddButton field=of.field() label=format!("Add {lower}") on_add=add/>
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
    editor: Editor,
    items: RwSignal<Vec<ItemSig>>,
    of: ListOf,
    index: ReadSignal<usize>,
    item: ItemSig,
    /// The item of this list being dragged, if any.
    dragged: RwSignal<Option<u64>>,
) -> impl IntoView {
    let noun = of.noun();
    let lower = noun.to_lowercase();
    let n = move || index.get() + 1;
    let input_id = dom_id(of.item(item.id));
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
        // Past the rows on the page so far (a long plan still being put on it): show one
        // more, or the moved row and its focus would be gone until the next slice.
        if to as usize >= editor.shown.get_untracked() {
            editor.shown.set(to as usize + 1);
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
            if !of.ordered() || !ev.alt_key() || ev.ctrl_key() || ev.meta_key() || ev.shift_key() {
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
    let remove = move || {
        remove_and_focus_neighbour(items, index.get_untracked(), |next| match next {
            Some(i) => of.item(i.id),
            None => of.field(),
        })
    };
    let reorder = of.ordered().then(|| {
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
    let grip = of.ordered().then(|| {
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
    let accepts = move || of.ordered() && dragged.get_untracked().is_some_and(|id| id != item.id);
    let on_drop = move |ev: leptos::ev::DragEvent| {
        over.set(false);
        let Some(id) = dragged.get_untracked().filter(|_| accepts()) else { return };
        ev.prevent_default();
        ev.stop_propagation();
        dragged.set(None);
        if let Some(from) = items.with_untracked(|v| v.iter().position(|i| i.id == id)) {
            move_item(items, from, index.get_untracked());
            focus_later(dom_id(of.item(id)));
        }
    };
    let name = Name::Label(Signal::derive(move || format!("{noun} {}", n())));
    let input = Input::Item { value: item.text, lines: of.multi_line(), placeholder: "" };
    let details = of.details().map(|list| view! { <StepDetails list item n=Signal::derive(n)/> });
    view! {
        <li class="item"
            class:dragging=move || dragged.get() == Some(item.id)
            class:drop-target=move || over.get()
            on:dragover=move |ev| if accepts() { ev.prevent_default(); over.set(true); }
            on:dragleave=move |_| over.set(false)
            on:drop=on_drop>
            <Control field=of.item(item.id) name input on_keydown>
                {grip}
                <span class="item-actions">
                    {reorder}
                    <RemoveButton noun=lower n=Signal::derive(n) on_remove=remove/>
                </span>
            </Control>
            {details}
        </li>
    }
}

/// A step's details (owner, duration, check) behind a disclosure button "Details for step N".
/// Open from the start when the step has any.
#[component]
fn StepDetails(list: ListId, item: ItemSig, n: Signal<usize>) -> impl IntoView {
    let open = RwSignal::new(untrack(|| !item.details().is_empty()));
    // The fields are built when first opened (a plan of thousands of steps without details
    // puts one button per step on the page, not four controls), and kept from then on.
    let opened = Memo::new(move |was: Option<&bool>| was == Some(&true) || open.get());
    let noun = list.noun();
    let panel_id = format!("{}-details", dom_id(Field::Item(list, item.id)));
    let fields = move || {
        Detail::ALL.map(|d| {
            let name =
                Name::Label(Signal::derive(move || format!("{noun} {} {}", n.get(), d.key())));
            let placeholder = match d {
                Detail::Owner => "DBA on call",
                Detail::Duration => "10 min",
                Detail::Check => "how to tell it worked",
            };
            let input = Input::Item { value: item.detail(d), lines: false, placeholder };
            view! { <div class="field"><Control field=Field::Detail(list, item.id, d) name input/></div> }
        })
    };
    view! {
        <button type="button" class="link details-toggle" aria-expanded=move || open.get().to_string()
            aria-controls=panel_id.clone() on:click=move |_| open.update(|o| *o = !*o)>
            {move || format!("Details for {} {}", noun.to_lowercase(), n.get())}
        </button>
        <div class="details" id=panel_id hidden=move || !open.get()>
            {move || opened.get().then(|| fields().into_iter().collect_view())}
        </div>
    }
}

/// The total duration of a list's steps, as the form shows it under the list.
#[component]
pub fn StepTotals(editor: Editor, list: ListId) -> impl IntoView {
    let items = editor.list(list);
    let label = match list {
        ListId::Rollback => "Rollback steps",
        _ => "Deployment steps",
    };
    let text = move || {
        let durations: Vec<String> =
            items.with(|v| v.iter().map(|i| i.detail(Detail::Duration).get()).collect());
        let (sum, estimated, count) = duration::total(durations.iter().map(String::as_str));
        (estimated > 0)
            .then(|| format!("{label}: {}, {estimated} of {count} estimated", duration::text(sum)))
    };
    view! { <p class="totals" aria-live="polite">{text}</p> }
}

/// The Revision History table: rows of Date, Version, Author, Notes.
#[component]
pub fn RevisionsField(editor: Editor) -> impl IntoView {
    let rows = editor.revisions;
    let add = move || {
        let row = editor.new_revision();
        append_and_focus(editor, rows, row, Field::Revision(row.id, Cell::Date));
    };
    view! {
        <ol class="revisions" class:long=is_long(rows)>
                <ForEnumerate
                    each=move || editor.on_page(rows)
                    key=|row| row.date
                    children=move |index, row| {
                        let n = move || index.get() + 1;
                        let remove = move || {
                            remove_and_focus_neighbour(rows, index.get_untracked(), |next| match next {
                                Some(r) => Field::Revision(r.id, Cell::Date),
                                None => Field::Revisions,
                            })
                        };
                        let cells = row.cells().map(|(cell, value)| {
                            let placeholder = match cell {
                                Cell::Date => "YYYY-MM-DD",
                                Cell::Version => "1.0.0",
                                _ => "",
                            };
                            let name = Name::Label(Signal::derive(move || format!("{} {}", cell.label(), n())));
                            view! {
                                <div class=format!("field cell-{}", cell.key())>
                                    <Control field=Field::Revision(row.id, cell) name input=Input::Item { value, lines: false, placeholder }/>
                                </div>
                            }
                        });
                        view! {
                            <li class="revision">
                                {cells.into_iter().collect_view()}
                                <RemoveButton noun="revision".into() n=Signal::derive(n) on_remove=remove/>
                            </li>
                        }
                    }
                />
        </ol>
        <AddButton field=Field::Revisions label="Add revision".into() on_add=add/>
    }
}
