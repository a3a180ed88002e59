//! Markdown → preview HTML with pulldown-cmark. Nothing from the document can become
//! markup of its own: raw HTML is emitted as escaped text, link targets with a scheme
//! other than http(s)/mailto are neutralised, and images become plain links (no request
//! is ever made for a document's image).

use pulldown_cmark::{Alignment, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Renders Markdown to HTML that is safe to assign to `innerHTML`.
pub fn to_html(markdown: &str) -> String {
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, align_by_class(safe_events(markdown)));
    html
}

/// Table column alignment as a class (`align-left`, …, styled in style/main.css) instead of
/// the `style` attribute pulldown-cmark writes, which the page's Content-Security-Policy
/// (`style-src 'self'`) refuses: the cells of an aligned column are written here.
fn align_by_class<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let mut aligns: Vec<Alignment> = Vec::new();
    let (mut head, mut column, mut open) = (false, 0usize, None::<&str>);
    events.map(move |event| match event {
        Event::Start(Tag::Table(a)) => {
            let none = vec![Alignment::None; a.len()];
            aligns = a;
            Event::Start(Tag::Table(none))
        }
        Event::Start(Tag::TableHead) => {
            (head, column) = (true, 0);
            event
        }
        Event::End(TagEnd::TableHead) => {
            head = false;
            event
        }
        Event::Start(Tag::TableRow) => {
            column = 0;
            event
        }
        Event::Start(Tag::TableCell) => {
            let class = match aligns.get(column) {
                Some(Alignment::Left) => "align-left",
                Some(Alignment::Center) => "align-center",
                Some(Alignment::Right) => "align-right",
                _ => "",
            };
            column += 1;
            if class.is_empty() {
                open = None;
                return event;
            }
            let tag = if head { "th" } else { "td" };
            open = Some(tag);
            Event::Html(format!("<{tag} class=\"{class}\">").into())
        }
        Event::End(TagEnd::TableCell) => match open.take() {
            Some(tag) => Event::Html(format!("</{tag}>").into()),
            None => event,
        },
        other => other,
    })
}

/// The HTML inside one list item's `<li>`, rendered from the item as written (marker
/// included, see `markdown::list_item`) as it reads in its list. `loose` when the list's
/// items are paragraphs, because one of them is [`is_loose`]. Safe like [`to_html`].
pub fn item_html(item: &str, loose: bool) -> String {
    // Loose: a plain item and a blank line before it make the list loose; that item is left
    // out again. It goes before, not after: a code fence the item leaves open would take a
    // blank line after it as code (the next item's marker closes it in the document).
    let (html, opening) = if loose {
        let ordered = item.starts_with(|c: char| c.is_ascii_digit());
        (to_html(&format!("{}\n\n{item}", if ordered { "1. x" } else { "- x" })), "</li>\n<li>")
    } else {
        (to_html(item), "<li>")
    };
    let start = html.find(opening).map_or(html.len(), |at| at + opening.len());
    let end = html.rfind("</li>").unwrap_or(html.len()).max(start);
    html[start..end].to_string()
}

/// Whether a list item (as written) holds blocks separated by blank lines, which makes its
/// whole list loose: every item's text a paragraph.
pub fn is_loose(item: &str) -> bool {
    let mut depth = 0usize;
    for event in Parser::new_ext(item, options()) {
        match event {
            Event::Start(Tag::Paragraph) if depth == 2 => return true,
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
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

/// Keeps http, https and mailto URLs, fragments, and relative URLs that stay on the page's
/// origin; anything else becomes `#`: other schemes (javascript:, data:, vbscript:, file:),
/// and what only looks relative but names another host — `//host/path`, `/\host`, `\\host`
/// (browsers read a backslash as a slash), which from the single-file copy opened at
/// `file://` would become a `file://host/…` network-share link. Whitespace and control
/// characters, which browsers drop from URLs, are dropped before checking.
pub fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let slash = |c: Option<char>| matches!(c, Some('/' | '\\'));
    let mut start = cleaned.chars();
    let other_host = slash(start.next()) && slash(start.next());
    let allowed = ["http://", "https://", "mailto:"].iter().any(|p| cleaned.starts_with(p))
        || (!cleaned.contains(':') && !other_host);
    if allowed {
        url
    } else {
        CowStr::Borrowed("#")
    }
}
