//! Small HTML helpers: escaping and Markdown. Every string from a spec
//! passes through `esc` or `markdown` on its way into a page.

use pulldown_cmark::{Event, Options, Parser, html};

/// Escapes text for element content and double-quoted attributes.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// CommonMark (with tables) to HTML. Raw HTML in a description is shown as
/// text, not interpreted: a spec is data, and a `<script>` in it must not
/// run in the portal.
pub fn markdown(text: &str) -> String {
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, parser);
    out
}

/// JSON for a `<script>` element: `<` is written as `\u003c` so that no
/// `</script>` or `<!--` inside a string can end the element early.
pub fn script_json(json: &str) -> String {
    json.replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_in_markdown_is_text() {
        let out = markdown("a <script>alert(1)</script> `b`");
        assert!(!out.contains("<script>"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
        assert!(out.contains("<code>b</code>"), "{out}");
    }

    #[test]
    fn script_json_cannot_close_its_element() {
        assert_eq!(
            script_json(r#"{"a":"</script>"}"#),
            r#"{"a":"\u003c/script>"}"#
        );
    }
}
