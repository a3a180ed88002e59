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
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image { dest_url, title, id, .. }) => Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// Keeps http, https and mailto URLs and relative URLs without a colon; anything else
/// (javascript:, data:, vbscript:, or something that only looks relative) becomes `#`.
pub fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let allowed = ["http://", "https://", "mailto:"].iter().any(|p| cleaned.starts_with(p)) || !cleaned.contains(':');
    if allowed {
        url
    } else {
        CowStr::Borrowed("#")
    }
}
