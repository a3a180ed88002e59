//! The live preview: each section's Markdown is rendered to HTML in its own memo, so an
//! edit re-parses and re-paints only the section it changed.

use crate::plan::html::to_html;
use crate::plan::markdown::{render, render_extra, render_section, render_title};
use crate::plan::{Plan, SECTIONS};
use leptos::prelude::*;

/// Sections longer than this are previewed in part: laying out megabytes of text would
/// freeze the page for seconds (the download always has everything).
const PREVIEW_LIMIT: usize = 200_000;

fn preview_html(md: &str) -> String {
    if md.len() <= PREVIEW_LIMIT {
        return to_html(md);
    }
    let mut cut = PREVIEW_LIMIT;
    while !md.is_char_boundary(cut) {
        cut -= 1;
    }
    let cut = md[..cut].rfind('\n').unwrap_or(cut);
    let hidden = md[cut..].chars().count();
    format!(
        "{}<p class=\"preview-note\"><em>Preview shortened: {hidden} more characters of this section are not shown here. Download Markdown has everything.</em></p>",
        to_html(&md[..cut])
    )
}

#[component]
pub fn Preview(plan: Memo<Plan>) -> impl IntoView {
    let part = |md: Memo<String>| {
        let html = Memo::new(move |_| preview_html(&md.get()));
        view! { <div class="doc-part" inner_html=move || html.get()></div> }
    };
    let title = part(Memo::new(move |_| plan.with(render_title)));
    let sections = SECTIONS
        .iter()
        .map(|spec| part(Memo::new(move |_| plan.with(|p| render_section(p, spec)))))
        .collect_view();
    let extra = part(Memo::new(move |_| plan.with(render_extra)));
    // The raw Markdown is only generated while its view is open.
    let (source_open, set_source_open) = signal(false);
    let source = move || source_open.get().then(|| plan.with(render));
    view! {
        <section class="preview" aria-labelledby="preview-heading">
            <p id="preview-heading" class="pane-title">"Preview"</p>
            <article class="doc">{title}{sections}{extra}</article>
        </section>
        <details class="source" on:toggle=move |ev| {
            set_source_open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open());
        }>
            <summary>"Markdown"</summary>
            <pre class="markdown" tabindex="0" aria-label="Markdown source"><code>{source}</code></pre>
        </details>
    }
}
