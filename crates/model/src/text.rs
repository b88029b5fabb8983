//! Small text helpers shared by the dialects.

/// RST inline markup reduced to its text: titles become tag names and
/// summaries, which are plain strings in the output.
pub fn plain(rst: &str) -> String {
    // `text <url>`_ keeps the text; the reference suffix `_`/`__` goes.
    let mut src = if rst.contains('`') {
        rst.replace("`__", "`").replace("`_", "`")
    } else {
        rst.to_string()
    };
    // Only the ` <target>` right before a closing backquote goes, so a bare
    // `<value>` earlier in the text is kept.
    let mut from = 0;
    while let Some(close) = src.get(from..).and_then(|s| s.find(">`")).map(|i| from + i) {
        let open = src[from..close]
            .rfind(" <")
            .map(|i| from + i)
            .filter(|&o| !src[o + 2..close].contains(['`', '<', '>']));
        match open {
            Some(open) => {
                src.replace_range(open..=close, "");
                from = open;
            }
            None => from = close + 1,
        }
    }
    let mut out = String::with_capacity(src.len());
    let mut chars = src.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '`' | '*' => {}
            _ => out.push(c),
        }
    }
    // Roles such as :ref: leave `:name:` before their text.
    let words: Vec<&str> = out
        .split_whitespace()
        .map(
            |w| match w.strip_prefix(':').and_then(|r| r.split_once(':')) {
                Some((role, rest))
                    if !role.is_empty()
                        && role.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') =>
                {
                    rest
                }
                _ => w,
            },
        )
        .filter(|w| !w.is_empty())
        .collect();
    words.join(" ")
}

/// A file-name-safe identifier: lowercase, parenthesised parts dropped,
/// other non-alphanumerics folded to single dashes.
/// `Block Storage API V3 (CURRENT)` → `block-storage-api-v3`.
pub fn slug(title: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::new();
    for c in title.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => {
                if !out.ends_with('-') {
                    out.push('-');
                }
            }
        }
    }
    let s = out.trim_matches('-').to_string();
    if s.is_empty() { "api".to_string() } else { s }
}

/// `name`, or `name-2`, `name-3`… if taken.
pub fn unique(name: &str, taken: &[String]) -> String {
    if !taken.iter().any(|t| t == name) {
        return name.to_string();
    }
    (2..)
        .map(|i| format!("{name}-{i}"))
        .find(|n| !taken.contains(n))
        .unwrap_or_else(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Block Storage API V3 (CURRENT)"),
            "block-storage-api-v3"
        );
        assert_eq!(
            slug("Block Storage API V2 (DEPRECATED)"),
            "block-storage-api-v2"
        );
        assert_eq!(slug(" Compute API "), "compute-api");
        assert_eq!(
            slug("Servers with volume attachments (servers, os-volume_attachments)"),
            "servers-with-volume-attachments"
        );
        assert_eq!(slug("((()))"), "api");
        assert_eq!(slug("Ünïcode — API"), "ünïcode-api");
    }

    #[test]
    fn unique_names() {
        let taken = vec!["a".to_string(), "a-2".to_string()];
        assert_eq!(unique("b", &taken), "b");
        assert_eq!(unique("a", &taken), "a-3");
    }

    #[test]
    fn plain_text() {
        assert_eq!(
            plain("Servers with volume attachments (servers, os-volume\\_attachments)"),
            "Servers with volume attachments (servers, os-volume_attachments)"
        );
        assert_eq!(plain("Show ``os-hosts`` details"), "Show os-hosts details");
        assert_eq!(plain("**Bold** and *em*"), "Bold and em");
        assert_eq!(
            plain("See `the guide <https://x.org/>`_ now"),
            "See the guide now"
        );
        assert_eq!(plain("a_b_c snake_case"), "a_b_c snake_case");
        assert_eq!(plain(":ref:`search`"), "search");
        assert_eq!(
            plain("List <resource> (see `docs <https://x.org/>`_)"),
            "List <resource> (see docs)"
        );
    }
}
