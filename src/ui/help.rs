//! Keyboard shortcuts, and the Help dialog that lists them (opened by its button or `?`).

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Every shortcut, as shown in the Help dialog.
const SHORTCUTS: &[(&str, &str)] = &[
    ("Ctrl+S (⌘S on a Mac)", "Save the draft now"),
    ("Ctrl+Shift+D (⌘⇧D on a Mac)", "Download Markdown"),
    ("Alt+↑ / Alt+↓", "Move the step or rollback step you are editing up or down"),
    ("Tab / Shift+Tab", "Next / previous field or button"),
    ("Enter or Space", "Press the focused button"),
    ("?", "Show this list (outside a text field)"),
    ("Escape", "Close a dialog"),
];

/// What the global shortcuts do.
#[derive(Clone, Copy)]
pub struct Shortcuts {
    pub save: Callback<()>,
    pub download: Callback<()>,
}

fn typing_in_field(ev: &KeyboardEvent) -> bool {
    let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return false;
    };
    matches!(target.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
}

/// The Help button and dialog; installs the page's keyboard shortcuts.
#[component]
pub fn Help(shortcuts: Shortcuts) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let open = move || {
        if let Some(d) = dialog.get_untracked() {
            if !d.open() {
                let _ = d.show_modal();
            }
        }
    };
    let _ = window_event_listener(leptos::ev::keydown, move |ev: KeyboardEvent| {
        let command = ev.ctrl_key() || ev.meta_key();
        let key = ev.key();
        if command && !ev.shift_key() && !ev.alt_key() && key.eq_ignore_ascii_case("s") {
            ev.prevent_default();
            shortcuts.save.run(());
        } else if command && ev.shift_key() && !ev.alt_key() && key.eq_ignore_ascii_case("d") {
            ev.prevent_default();
            shortcuts.download.run(());
        } else if key == "?" && !command && !ev.alt_key() && !typing_in_field(&ev) {
            ev.prevent_default();
            open();
        }
    });
    let close = move |_| {
        if let Some(d) = dialog.get() {
            d.close();
        }
    };
    view! {
        <button type="button" class="secondary" aria-haspopup="dialog" on:click=move |_| open()>"Help"</button>
        <dialog node_ref=dialog class="help-dialog" aria-labelledby="help-heading">
            <h2 id="help-heading">"Keyboard shortcuts"</h2>
            <table class="shortcuts">
                <thead><tr><th scope="col">"Keys"</th><th scope="col">"Action"</th></tr></thead>
                <tbody>
                    {SHORTCUTS.iter().map(|(keys, action)| view! { <tr><td><kbd>{*keys}</kbd></td><td>{*action}</td></tr> }).collect_view()}
                </tbody>
            </table>
            <p class="help">"Steps and rollback steps can also be reordered by dragging their handle, or with their Up and Down buttons."</p>
            <div class="dialog-actions">
                <button type="button" on:click=close>"Close"</button>
            </div>
        </dialog>
    }
}
