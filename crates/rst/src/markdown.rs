//! RST → CommonMark.
//!
//! [`inline`] converts RST inline markup (literals, emphasis, links, roles,
//! escapes) and escapes characters that are plain in RST but special in
//! Markdown, so the rendered text reads the same. [`blocks`] renders a block
//! tree; structure that Markdown lacks degrades to readable text (definition
//! lists become bullet items, admonitions become `> **Note**` quotes, ragged
//! tables become one bullet per row). Comments, targets, includes, toctrees
//! and the os-api-ref `rest_*` directives produce nothing.

use crate::ast::*;

/// Converts RST inline markup to CommonMark.
pub fn inline(text: &str) -> String {
    // Leading whitespace of RST paragraph lines is insignificant, and in
    // Markdown four spaces would start a code block.
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let chars: Vec<char> = lines.join("\n").chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        // Letters, digits and spaces are most of a description and are
        // never markup nor escaped (`step` would push them as they are):
        // they skip its look around.
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
            i += 1;
        } else {
            i = step(&chars, i, &mut out);
        }
    }
    out
}

/// Characters after which inline markup may start (docutils' rules).
fn start_ok(prev: Option<char>) -> bool {
    prev.is_none_or(|p| p.is_whitespace() || "'\"([{<-/:‘“’«¡¿‐‑‒–— ".contains(p))
}

/// Characters that may follow the end of inline markup.
fn end_ok(next: Option<char>) -> bool {
    next.is_none_or(|n| n.is_whitespace() || "'\")]}>-/:.,;!?\\’”»‐‑‒–— ".contains(n))
}

/// Index of the closing `delim` for markup opened at `from`: preceded by a
/// non-space and followed by an end-ok char.
fn find_close(chars: &[char], from: usize, delim: &[char]) -> Option<usize> {
    let n = delim.len();
    let mut j = from;
    while j + n <= chars.len() {
        if chars[j] == '\\' {
            j += 2;
            continue;
        }
        if chars.get(j..j + n) == Some(delim)
            && j > from
            && !chars[j - 1].is_whitespace()
            && end_ok(chars.get(j + n).copied())
        {
            return Some(j);
        }
        j += 1;
    }
    None
}

/// Like `find_close` for inline literals, where backslashes are literal.
fn find_literal_close(chars: &[char], from: usize) -> Option<usize> {
    let mut j = from;
    while j + 2 <= chars.len() {
        if chars[j] == '`'
            && chars[j + 1] == '`'
            && j > from
            && !chars[j - 1].is_whitespace()
            && end_ok(chars.get(j + 2).copied())
        {
            return Some(j);
        }
        j += 1;
    }
    None
}

fn step(chars: &[char], i: usize, out: &mut String) -> usize {
    let c = chars[i];
    let prev = i.checked_sub(1).map(|p| chars[p]);
    let next = chars.get(i + 1).copied();
    let opens =
        |len: usize| start_ok(prev) && chars.get(i + len).is_some_and(|n| !n.is_whitespace());
    match c {
        '\\' => {
            match next {
                None => {}
                Some(n) if n.is_whitespace() => {
                    // An escaped space or line break disappears.
                    return i + 2;
                }
                Some(n) => push_plain(out, n, chars.get(i + 2).copied()),
            }
            i + 2
        }
        '`' if next == Some('`') && opens(2) => match find_literal_close(chars, i + 2) {
            Some(end) => {
                let inner: String = chars[i + 2..end].iter().collect();
                out.push_str(&code_span(&inner));
                end + 2
            }
            None => plain(out, c, chars, i),
        },
        '`' if opens(1) => {
            interpreted(chars, i, None, out).unwrap_or_else(|| plain(out, c, chars, i))
        }
        ':' if start_ok(prev) => role(chars, i, out).unwrap_or_else(|| plain(out, c, chars, i)),
        '*' if next == Some('*') && opens(2) => match find_close(chars, i + 2, &['*', '*']) {
            Some(end) => {
                out.push_str("**");
                out.push_str(&escape_plain(&chars[i + 2..end]));
                out.push_str("**");
                end + 2
            }
            None => plain(out, c, chars, i),
        },
        '*' if opens(1) => match find_close(chars, i + 1, &['*']) {
            Some(end) if chars.get(end + 1) != Some(&'*') => {
                out.push('*');
                out.push_str(&escape_plain(&chars[i + 1..end]));
                out.push('*');
                end + 1
            }
            _ => plain(out, c, chars, i),
        },
        '_' if prev.is_some_and(|p| p.is_alphanumeric()) => {
            // `name_` / `name__`: a reference; the text is the name.
            let len = if next == Some('_') { 2 } else { 1 };
            if end_ok(chars.get(i + len).copied()) {
                i + len
            } else {
                plain(out, c, chars, i)
            }
        }
        _ => plain(out, c, chars, i),
    }
}

fn plain(out: &mut String, c: char, chars: &[char], i: usize) -> usize {
    push_plain(out, c, chars.get(i + 1).copied());
    i + 1
}

/// `:role:`text`` at `i`. Returns the index after it.
fn role(chars: &[char], i: usize, out: &mut String) -> Option<usize> {
    let mut j = i + 1;
    while j < chars.len() && (chars[j].is_alphanumeric() || "-_.+:".contains(chars[j])) {
        if chars[j] == ':' && chars.get(j + 1) == Some(&'`') {
            break;
        }
        j += 1;
    }
    if j == i + 1 || chars.get(j) != Some(&':') || chars.get(j + 1) != Some(&'`') {
        return None;
    }
    let name: String = chars[i + 1..j].iter().collect();
    interpreted(chars, j + 1, Some(&name), out)
}

/// Interpreted text or a phrase reference starting with the backquote at
/// `i`. Returns the index after it.
fn interpreted(chars: &[char], i: usize, role: Option<&str>, out: &mut String) -> Option<usize> {
    if chars.get(i + 1).is_none_or(|c| c.is_whitespace()) {
        return None;
    }
    let mut j = i + 1;
    let end = loop {
        match chars.get(j) {
            None => return None,
            Some('\\') => j += 2,
            Some('`') if !chars[j - 1].is_whitespace() => break j,
            Some(_) => j += 1,
        }
    };
    let inner: String = chars[i + 1..end].iter().collect();
    let mut after = end + 1;
    let mut reference = false;
    if role.is_none() && chars.get(after) == Some(&'_') {
        reference = true;
        after += if chars.get(after + 1) == Some(&'_') {
            2
        } else {
            1
        };
    }
    let mut suffix_role = None;
    if role.is_none() && !reference && chars.get(after) == Some(&':') {
        // `text`:role: form.
        let mut k = after + 1;
        while k < chars.len() && (chars[k].is_alphanumeric() || "-_.+".contains(chars[k])) {
            k += 1;
        }
        if k > after + 1 && chars.get(k) == Some(&':') {
            suffix_role = Some(chars[after + 1..k].iter().collect::<String>());
            after = k + 1;
        }
    }
    if !end_ok(chars.get(after).copied()) {
        return None;
    }
    let role = role.map(str::to_string).or(suffix_role);
    let (label, target) = split_embedded(&inner);
    if reference {
        match target {
            Some(url) if !url.ends_with('_') => {
                let text = if label.is_empty() {
                    url.as_str()
                } else {
                    label.as_str()
                };
                out.push('[');
                out.push_str(&escape_str(text));
                out.push_str("](");
                out.push_str(&link_destination(&url));
                out.push(')');
            }
            _ => out.push_str(&escape_str(&label)),
        }
        return Some(after);
    }
    match role.as_deref() {
        None | Some("emphasis" | "title-reference" | "title" | "t") => {
            out.push('*');
            out.push_str(&escape_str(&unescape(&inner)));
            out.push('*');
        }
        Some("strong") => {
            out.push_str("**");
            out.push_str(&escape_str(&unescape(&inner)));
            out.push_str("**");
        }
        Some("ref" | "doc" | "term" | "abbr" | "any" | "numref" | "download") => {
            let text = if label.is_empty() {
                target.unwrap_or_default()
            } else {
                label
            };
            out.push_str(&escape_str(&text));
        }
        Some(_) => out.push_str(&code_span(&unescape(&inner))),
    }
    Some(after)
}

/// Splits `text <target>` into the text and the target (whitespace in the
/// target removed, as docutils does for wrapped URLs).
fn split_embedded(inner: &str) -> (String, Option<String>) {
    let trimmed = inner.trim_end();
    if let Some(body) = trimmed.strip_suffix('>')
        && let Some(open) = body.rfind('<')
    {
        let before = &body[..open];
        if before.is_empty() || before.ends_with(char::is_whitespace) {
            let target: String = body[open + 1..]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            return (unescape(before.trim()), Some(target));
        }
    }
    (unescape(inner.trim()), None)
}

/// Removes RST backslash escapes.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(n) if n.is_whitespace() => {}
                Some(n) => out.push(n),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn link_destination(url: &str) -> String {
    if url.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url.to_string()
    }
}

/// A code span whose fence is longer than any backtick run inside.
fn code_span(inner: &str) -> String {
    let inner = inner.replace('\n', " ");
    let mut longest = 0;
    let mut run = 0;
    for c in inner.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = inner.starts_with('`')
        || inner.ends_with('`')
        || (inner.starts_with(' ') && inner.ends_with(' ') && !inner.trim().is_empty());
    if pad {
        format!("{fence} {inner} {fence}")
    } else {
        format!("{fence}{inner}{fence}")
    }
}

/// Plain text (already unescaped) made safe for Markdown.
fn escape_str(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        push_plain(&mut out, c, chars.get(i + 1).copied());
    }
    out
}

/// Text inside `**…**`/`*…*`: RST escapes resolved, Markdown ones added.
fn escape_plain(chars: &[char]) -> String {
    escape_str(&unescape(&chars.iter().collect::<String>()))
}

/// Whether only whitespace precedes the end of `out` on its last line
/// (scans back only over whitespace, so it stays O(1) per call in practice).
fn at_line_start(out: &str) -> bool {
    out.chars()
        .rev()
        .take_while(|c| *c != '\n')
        .all(char::is_whitespace)
}

/// Whether the last line of `out` is 1–9 ASCII digits (bounded scan).
fn line_is_number(out: &str) -> bool {
    // Counted in place: this runs for every `.` and `)` of every
    // description (14,000 times on Cinder), and allocated twice a call.
    let (mut len, mut digits) = (0usize, 0usize);
    for c in out.chars().rev().take(11).take_while(|c| *c != '\n') {
        len += 1;
        if c.is_whitespace() {
            continue;
        }
        if !c.is_ascii_digit() {
            return false;
        }
        digits += 1;
    }
    len <= 10 && digits > 0
}

/// Appends one plain character, escaping what Markdown would misread.
fn push_plain(out: &mut String, c: char, next: Option<char>) {
    let prev = out.chars().next_back();
    let needs = match c {
        // `|` only matters in tables, which escape it themselves.
        '\\' | '`' | '*' | '[' | ']' | '<' | '~' => true,
        '_' => {
            // Intraword underscores cannot start emphasis in CommonMark.
            !(prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric))
        }
        '&' => next.is_some_and(|n| n.is_alphanumeric() || n == '#'),
        '#' | '>' | '-' | '+' | '=' => at_line_start(out),
        // `1.` / `1)` at a line start would begin an ordered list.
        '.' | ')' => line_is_number(out),
        '!' => next == Some('['),
        _ => false,
    };
    if needs {
        out.push('\\');
    }
    out.push(c);
}

/// Renders blocks as CommonMark, blocks separated by blank lines.
pub fn blocks(blocks: &[Block]) -> String {
    let mut chunks: Vec<String> = Vec::new();
    for b in blocks {
        let chunk = block(b);
        if !chunk.trim().is_empty() {
            chunks.push(chunk);
        }
    }
    chunks.join("\n\n")
}

fn block(b: &Block) -> String {
    match &b.kind {
        BlockKind::Section { title, level } => {
            format!("{} {}", "#".repeat((*level).clamp(1, 6)), inline(title))
        }
        BlockKind::Paragraph { text } => inline(text),
        BlockKind::BulletList { items } => items
            .iter()
            .map(|i| list_item("- ", &i.blocks))
            .collect::<Vec<_>>()
            .join("\n"),
        BlockKind::EnumeratedList { items } => items
            .iter()
            .enumerate()
            .map(|(n, i)| list_item(&format!("{}. ", n + 1), &i.blocks))
            .collect::<Vec<_>>()
            .join("\n"),
        BlockKind::LiteralBlock { text } => fenced(text, ""),
        BlockKind::BlockQuote { blocks: inner } => quote(&blocks(inner)),
        BlockKind::DefinitionList { items } => items
            .iter()
            .map(|i| {
                let def = blocks(&i.definition);
                let term = format!("**{}**", inline(&i.term));
                if def.is_empty() {
                    format!("- {term}")
                } else {
                    format!("- {term}\n\n{}", indent(&def, 2))
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
        BlockKind::FieldList { fields } => fields
            .iter()
            .map(|f| {
                let body = indent(&inline(&f.body), 2);
                format!("- **{}**: {body}", inline(&f.name))
            })
            .collect::<Vec<_>>()
            .join("\n"),
        BlockKind::LineBlock { lines } => lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| inline(l))
            .collect::<Vec<_>>()
            .join("\\\n"),
        BlockKind::Table(t) => table(t),
        BlockKind::Directive(d) => directive(d),
        BlockKind::Comment { .. } | BlockKind::Target { .. } => String::new(),
        BlockKind::Transition => "---".to_string(),
    }
}

fn list_item(marker: &str, inner: &[Block]) -> String {
    let body = blocks(inner);
    format!("{marker}{}", indent(&body, marker.len()))
}

/// Indents every line but the first by `n` spaces (blank lines stay empty).
fn indent(text: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    let mut out = String::with_capacity(text.len());
    for (k, line) in text.split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&pad);
            }
        }
        out.push_str(line);
    }
    out
}

fn quote(text: &str) -> String {
    text.split('\n')
        .map(|l| {
            if l.is_empty() {
                ">".to_string()
            } else {
                format!("> {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn fenced(text: &str, lang: &str) -> String {
    let mut longest = 0;
    for line in text.lines() {
        let run = line.trim_start().chars().take_while(|c| *c == '`').count();
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{lang}\n{text}\n{fence}")
}

fn admonition_title(name: &str, argument: &str) -> Option<String> {
    Some(match name {
        "note" => "Note".into(),
        "warning" => "Warning".into(),
        "important" => "Important".into(),
        "tip" => "Tip".into(),
        "caution" => "Caution".into(),
        "attention" => "Attention".into(),
        "danger" => "Danger".into(),
        "error" => "Error".into(),
        "hint" => "Hint".into(),
        "seealso" => "See also".into(),
        "todo" => "To do".into(),
        "admonition" => inline(argument),
        "versionadded" => format!("New in version {}", inline(argument)),
        "versionchanged" => format!("Changed in version {}", inline(argument)),
        "deprecated" => format!("Deprecated since version {}", inline(argument)),
        "versionremoved" => format!("Removed in version {}", inline(argument)),
        _ => return None,
    })
}

fn directive(d: &Directive) -> String {
    if let Some(title) = admonition_title(&d.name, &d.argument) {
        let body = blocks(&d.body);
        let text = if body.is_empty() {
            format!("**{title}**")
        } else {
            format!("**{title}**\n\n{body}")
        };
        return quote(&text);
    }
    match d.name.as_str() {
        "code" | "code-block" | "sourcecode" => {
            let lang = d
                .option("language")
                .unwrap_or(&d.argument)
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_string();
            fenced(&d.content_text(), &lang)
        }
        "math" => fenced(&d.content_text(), "math"),
        "parsed-literal" => fenced(&d.content_text(), ""),
        "rubric" => format!("**{}**", inline(&d.argument)),
        "topic" | "sidebar" => {
            let body = blocks(&d.body);
            format!("**{}**\n\n{body}", inline(&d.argument))
        }
        n if n.starts_with("rest_") => String::new(),
        "include" | "toctree" | "raw" | "literalinclude" | "image" | "figure" | "contents" => {
            String::new()
        }
        _ => blocks(&d.body),
    }
}

fn table(t: &Table) -> String {
    let ncols = t.rows.first().map_or(0, |r| r.cells.len());
    let rectangular = ncols > 0 && t.rows.iter().all(|r| r.cells.len() == ncols);
    // Plain text never escapes `|` and code spans cannot, so every pipe in
    // a cell is escaped here (GFM unescapes `\|` before inline parsing).
    let cell = |c: &Cell| inline(&c.text).replace('\n', " ").replace('|', "\\|");
    if !rectangular {
        return t
            .rows
            .iter()
            .map(|r| {
                let cells: Vec<String> =
                    r.cells.iter().map(cell).filter(|c| !c.is_empty()).collect();
                format!("- {}", cells.join(" — "))
            })
            .collect::<Vec<_>>()
            .join("\n");
    }
    let header_rows = t.header_rows.min(t.rows.len());
    let mut header = vec![String::new(); ncols];
    for r in &t.rows[..header_rows] {
        for (k, c) in r.cells.iter().enumerate() {
            let text = cell(c);
            if let Some(h) = header.get_mut(k)
                && !text.is_empty()
            {
                if !h.is_empty() {
                    h.push(' ');
                }
                h.push_str(&text);
            }
        }
    }
    let row = |cells: Vec<String>| format!("| {} |", cells.join(" | "));
    let mut lines = vec![row(header), row(vec!["---".to_string(); ncols])];
    for r in &t.rows[header_rows..] {
        lines.push(row(r.cells.iter().map(cell).collect()));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    use speclift_diag::path;

    /// [`inline`] with every character through `step`, as it was before
    /// letters, digits and spaces skipped it.
    fn inline_by_steps(text: &str) -> String {
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        let chars: Vec<char> = lines.join("\n").chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            i = step(&chars, i, &mut out);
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn letters_digits_and_spaces_skip_step_without_changing_the_text(
            text in "[a-zA-Z0-9 _*`:\\\\<>#=.)&!\\[\\]|\n-]{0,40}"
        ) {
            proptest::prop_assert_eq!(inline(&text), inline_by_steps(&text));
        }
    }

    /// The text, code and link events of rendered Markdown, in order.
    fn events(md: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut text = String::new();
        let flush = |text: &mut String, out: &mut Vec<String>| {
            if !text.is_empty() {
                out.push(format!("text:{text}"));
                text.clear();
            }
        };
        for e in Parser::new_ext(md, pulldown_cmark::Options::ENABLE_TABLES) {
            match e {
                Event::Text(t) => text.push_str(&t),
                Event::SoftBreak => text.push(' '),
                Event::Code(c) => {
                    flush(&mut text, &mut out);
                    out.push(format!("code:{c}"));
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    flush(&mut text, &mut out);
                    out.push(format!("link:{dest_url}"));
                }
                Event::Start(Tag::Emphasis) => {
                    flush(&mut text, &mut out);
                    out.push("em".into());
                }
                Event::Start(Tag::Strong) => {
                    flush(&mut text, &mut out);
                    out.push("strong".into());
                }
                Event::Start(Tag::Heading { level, .. }) => {
                    out.push(format!("h{}", level as usize))
                }
                Event::Start(Tag::Item) => out.push("item".into()),
                Event::Start(Tag::BlockQuote(_)) => out.push("quote".into()),
                Event::Start(Tag::CodeBlock(_)) => out.push("codeblock".into()),
                Event::Start(Tag::Table(_)) => out.push("table".into()),
                Event::Start(Tag::TableCell) => flush(&mut text, &mut out),
                Event::End(
                    TagEnd::Paragraph
                    | TagEnd::TableCell
                    | TagEnd::Item
                    | TagEnd::Heading(_)
                    | TagEnd::CodeBlock,
                )
                | Event::End(TagEnd::Link | TagEnd::Emphasis | TagEnd::Strong) => {
                    flush(&mut text, &mut out)
                }
                _ => {}
            }
        }
        flush(&mut text, &mut out);
        out
    }

    #[test]
    fn inline_markup() {
        assert_eq!(inline("``project_id``"), "`project_id`");
        assert_eq!(inline("**bold** and *em*"), "**bold** and *em*");
        assert_eq!(
            inline("see `API guide <https://docs.openstack.org/x.html>`_ now"),
            "see [API guide](https://docs.openstack.org/x.html) now"
        );
        assert_eq!(inline("`here <#volume-ref>`__"), "[here](#volume-ref)");
        assert_eq!(inline("`server status`_"), "server status");
        assert_eq!(inline(":ref:`search`"), "search");
        assert_eq!(
            inline(":doc:`REST API Version History <api_microversion_history>`"),
            "REST API Version History"
        );
        assert_eq!(inline(":rfc:`7231`"), "`7231`");
        assert_eq!(inline("`default role`"), "*default role*");
        assert_eq!(inline("os-volume\\_attachments"), "os-volume_attachments");
        assert_eq!(inline("a_b _c d_e_"), "a_b \\_c d_e");
        assert_eq!(inline("5 * 3 and a*b"), "5 \\* 3 and a\\*b");
        assert_eq!(inline("<value> [x] &amp;"), "\\<value> \\[x\\] \\&amp;");
        assert_eq!(
            inline("text\n# not heading\n- not item\n1. not list"),
            "text\n\\# not heading\n\\- not item\n1\\. not list"
        );
        assert_eq!(inline("``a `b` c``"), "``a `b` c``");
        assert_eq!(inline("`wrapped\n<http://x/y>`_"), "[wrapped](http://x/y)");
        assert_eq!(
            inline("unclosed ``lit and *em"),
            "unclosed \\`\\`lit and \\*em"
        );
    }

    #[test]
    fn inline_renders_the_same_text() {
        let md = inline(
            "Use ``GET /v3/{project_id}/volumes`` on os-volume\\_attachments, see `docs <https://x.org/a_b>`__ and *note* the <id>.",
        );
        assert_eq!(
            events(&md),
            [
                "text:Use ",
                "code:GET /v3/{project_id}/volumes",
                "text: on os-volume_attachments, see ",
                "link:https://x.org/a_b",
                "text:docs",
                "text: and ",
                "em",
                "text:note",
                "text: the <id>.",
            ]
        );
    }

    fn render(src: &str) -> String {
        let (doc, diags) = crate::parse_str(path("m.rst"), src);
        assert!(diags.is_empty(), "{diags:?}");
        blocks(&doc.blocks)
    }

    #[test]
    fn blocks_render() {
        let md = render(
            "\
Title
=====

Intro with ``code``.

- one
- two

  - nested

.. note:: Mind the *gap*.

Example::

    {\"a\": 1}

.. code-block:: json

   [1]

.. rest_parameters:: parameters.yaml

   - a: b

.. _target:

..  comment

term
   definition
",
        );
        let ev = events(&md);
        assert_eq!(
            ev,
            [
                "h1",
                "text:Title",
                "text:Intro with ",
                "code:code",
                "text:.",
                "item",
                "text:one",
                "item",
                "text:two",
                "item",
                "text:nested",
                "quote",
                "strong",
                "text:Note",
                "text:Mind the ",
                "em",
                "text:gap",
                "text:.",
                "text:Example:",
                "codeblock",
                "text:{\"a\": 1}\n",
                "codeblock",
                "text:[1]\n",
                "item",
                "strong",
                "text:term",
                "text:definition",
            ],
            "{md}"
        );
        assert!(md.contains("```json\n[1]\n```"), "{md}");
    }

    #[test]
    fn tables_render_as_pipe_tables() {
        let md = render(
            "\
=========== ======
URI         Method
=========== ======
``/a|b``    GET
\\           POST
=========== ======
",
        );
        assert_eq!(
            md,
            "| URI | Method |\n| --- | --- |\n| `/a\\|b` | GET POST |"
        );
        let ev = events(&md);
        assert_eq!(
            ev,
            [
                "table",
                "text:URI",
                "text:Method",
                "code:/a|b",
                "text:GET POST"
            ]
        );
    }

    #[test]
    fn line_blocks_and_quotes() {
        let md = render("| first\n| second\n\n    quoted *text*\n");
        assert_eq!(md, "first\\\nsecond\n\n> quoted *text*");
        let ev = events(&md);
        assert_eq!(
            ev,
            [
                "text:firstsecond",
                "quote",
                "text:quoted ",
                "em",
                "text:text"
            ]
        );
    }
}
