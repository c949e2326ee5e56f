//! Lesson Markdown to safe HTML, once at load: raw HTML is dropped, `module:Mnn` links are
//! rewritten with the caller's link builder, and ammonia removes anything unsafe that is left.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

/// Builds the URL a `module:M06` link points to, given `M06`.
pub type ModuleHref<'a> = &'a dyn Fn(&str) -> String;

/// The default link convention: `module:M06` becomes `/modules/M06`.
pub fn default_module_href(id: &str) -> String {
    format!("/modules/{id}")
}

/// A lesson body rendered to sanitised HTML, and the modules it links to.
#[derive(Debug)]
pub(crate) struct Rendered {
    pub html: String,
    /// `(module id, byte offset in the Markdown)` for every `module:` link.
    pub module_links: Vec<(String, usize)>,
}

pub(crate) fn render_markdown(markdown: &str, module_href: ModuleHref<'_>) -> Rendered {
    let mut module_links = Vec::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options)
        .into_offset_iter()
        .filter_map(|(event, range)| {
            match event {
                // Raw HTML in a lesson is never wanted: drop it rather than trust the sanitiser alone.
                Event::Html(_) | Event::InlineHtml(_) => None,
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest_url = match dest_url.strip_prefix("module:") {
                        Some(target) => {
                            module_links.push((target.to_owned(), range.start));
                            CowStr::from(module_href(target))
                        }
                        None => dest_url,
                    };
                    Some(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }))
                }
                other => Some(other),
            }
        });
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    Rendered {
        html: SANITIZER.clean(&unsafe_html).to_string(),
        module_links,
    }
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .link_rel(Some("noopener noreferrer"));
    builder
});

#[cfg(test)]
mod tests {
    use super::*;

    fn render(markdown: &str) -> Rendered {
        render_markdown(markdown, &default_module_href)
    }

    #[test]
    fn module_links_are_rewritten_and_reported() {
        let out = render("See [ransomware](module:M06) and [GDPR](https://gdpr-info.eu/).");
        assert!(out.html.contains(r#"href="/modules/M06""#), "{}", out.html);
        assert!(out.html.contains(r#"href="https://gdpr-info.eu/""#));
        assert_eq!(out.module_links, [("M06".to_owned(), 4)]);
    }

    #[test]
    fn a_custom_link_builder_is_used() {
        let href = |id: &str| format!("/t/acme/m/{}", id.to_lowercase());
        let out = render_markdown("[next](module:M02)", &href);
        assert!(out.html.contains(r#"href="/t/acme/m/m02""#), "{}", out.html);
    }

    #[test]
    fn raw_html_scripts_and_javascript_urls_are_stripped() {
        let out = render(concat!(
            "Hello <script>alert('x')</script> <b onclick=\"steal()\">bold</b>\n\n",
            "<iframe src=\"https://evil.example\"></iframe>\n\n",
            "[click](javascript:alert(1)) ![img](javascript:alert(2)) [d](data:text/html,hi)\n",
        ));
        // The text between inline <script> tags may survive as inert, escaped text; no tag,
        // handler or script URL may.
        let html = out.html.to_lowercase();
        for bad in [
            "<script",
            "onclick",
            "<iframe",
            "javascript:",
            "data:text",
            "<b ",
        ] {
            assert!(!html.contains(bad), "{bad} survived in {html}");
        }
        assert!(html.contains("click"), "link text kept: {html}");
    }

    #[test]
    fn ordinary_markdown_renders() {
        let out = render("## Night shift\n\n- lock the screen\n- **report** it\n");
        assert!(out.html.contains("<h2>Night shift</h2>"), "{}", out.html);
        assert!(
            out.html.contains("<li><strong>report</strong> it</li>"),
            "{}",
            out.html
        );
    }
}
