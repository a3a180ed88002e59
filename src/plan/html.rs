//! Markdown → preview HTML with pulldown-cmark. Nothing from the document can become
//! markup of its own: raw HTML is emitted as escaped text, link targets with a scheme
//! other than http(s)/mailto are neutralised, and images become plain links (no request
//! is ever made for a document's image).

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Renders Markdown to HTML that is safe to assign to `innerHTML`.
pub fn to_html(markdown: &str) -> String {
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, safe_events(markdown));
    html
}

/// Renders one line of Markdown (a list item's or a table cell's text) to the inline HTML
/// that goes inside its `<li>` or `<td>`: block-level tags are left out. Safe like
/// [`to_html`].
pub fn inline_html(line: &str) -> String {
    let inline = safe_events(line).filter(|event| match event {
        Event::Start(tag) => !is_block(tag),
        Event::End(tag) => !is_block_end(tag),
        Event::Rule | Event::SoftBreak | Event::HardBreak => false,
        _ => true,
    });
    let mut html = String::with_capacity(line.len() + 16);
    pulldown_cmark::html::push_html(&mut html, inline);
    html
}

/// Renders a table cell's Markdown (as written in a row, `|` already encoded) to the
/// HTML inside its `<td>`, parsed in a table as in the document. Safe like [`to_html`].
pub fn cell_html(cell: &str) -> String {
    let html = to_html(&format!("| A |\n| - |\n| {cell} |\n"));
    match (html.find("<td>"), html.rfind("</td>")) {
        (Some(start), Some(end)) if start + 4 <= end => html[start + 4..end].to_string(),
        _ => String::new(),
    }
}

fn is_block(tag: &Tag) -> bool {
    !matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    !matches!(
        tag,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

/// The document's events with raw HTML turned into text, unsafe link targets neutralised
/// and images turned into links.
fn safe_events(markdown: &str) -> impl Iterator<Item = Event<'_>> {
    Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: safe_url(dest_url), title, id })
        }
        Event::Start(Tag::Image { dest_url, title, id, .. }) => Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    })
}

/// Keeps http, https and mailto URLs and relative URLs without a colon; anything else
/// (javascript:, data:, vbscript:, or something that only looks relative) becomes `#`.
pub fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let allowed = ["http://", "https://", "mailto:"].iter().any(|p| cleaned.starts_with(p))
        || !cleaned.contains(':');
    if allowed {
        url
    } else {
        CowStr::Borrowed("#")
    }
}
