//! The Theme control: follow the system's colour scheme, or always light or dark. The
//! choice is remembered; index.html applies it before the first paint.

use crate::storage::{read_pref, write_pref, THEME_KEY};
use leptos::prelude::*;

const CHOICES: [(&str, &str); 3] = [("system", "System"), ("light", "Light"), ("dark", "Dark")];

fn apply(theme: &str) {
    if let Some(root) = document().document_element() {
        let _ = match theme {
            "light" | "dark" => root.set_attribute("data-theme", theme),
            _ => root.remove_attribute("data-theme"),
        };
    }
}

#[component]
pub fn ThemeSwitch() -> impl IntoView {
    let stored = read_pref(THEME_KEY).filter(|t| t == "light" || t == "dark");
    let theme = RwSignal::new(stored.unwrap_or_else(|| "system".into()));
    let change = move |ev| {
        let value = event_target_value(&ev);
        apply(&value);
        write_pref(THEME_KEY, (value != "system").then_some(value.as_str()));
        theme.set(value);
    };
    view! {
        <div class="theme">
            <label for="theme">"Theme"</label>
            <select id="theme" prop:value=move || theme.get() on:change=change>
                {CHOICES.map(|(value, label)| view! { <option value=value>{label}</option> }).into_iter().collect_view()}
            </select>
        </div>
    }
}
