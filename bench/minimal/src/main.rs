use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| {
        let text = RwSignal::new(String::new());
        view! {
            <label for="text">"Text"</label>
            <textarea id="text" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <p>{move || text.get().len()} " characters"</p>
        }
    });
}
