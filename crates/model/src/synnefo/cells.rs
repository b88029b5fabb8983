//! Table cells of the Synnefo guides read as values: support marks,
//! return codes, URIs and methods. Pure functions on strings; the caller
//! turns their errors into located diagnostics.

use crate::ir::Method;

/// What one implementation column says about a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Support {
    pub supported: bool,
    /// `required` / `optional` / `default` when the cell says so.
    pub qualifier: Option<&'static str>,
}

/// `✔`, `✘`, `**✘**`, `✔*` (footnoted), `required`, `optional`, `default`.
/// `None` when the cell is not a support mark at all.
pub fn support(cell: &str) -> Option<Support> {
    let t = cell.trim();
    // A leading `..` is a commented-out cell; footnote markers and stray
    // colons after the mark do not change its meaning.
    let t = t.strip_prefix("..").unwrap_or(t).trim();
    let t = t.trim_matches('*').trim_end_matches([':', '*']).trim();
    let yes = |qualifier| {
        Some(Support {
            supported: true,
            qualifier,
        })
    };
    match t.to_ascii_lowercase().as_str() {
        "✔" | "✓" | "yes" => yes(None),
        "required" => yes(Some("required")),
        "optional" => yes(Some("optional")),
        "default" => yes(Some("default")),
        "✘" | "✗" | "no" => Some(Support {
            supported: false,
            qualifier: None,
        }),
        _ => None,
    }
}

/// `200 (OK)` → `(200, "OK")`; `415 (Bad Media Type)`; a bare `204`.
pub fn return_code(cell: &str) -> Result<(u16, String), String> {
    let t = cell.trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let code = match digits.parse::<u16>() {
        Ok(c) if digits.len() == 3 && (100..=599).contains(&c) => c,
        _ => return Err(format!("`{t}` is not an HTTP status code")),
    };
    let rest = t[digits.len()..].trim();
    let reason = rest
        .strip_prefix('(')
        .map(|r| r.split(')').next().unwrap_or(r))
        .unwrap_or(rest);
    Ok((code, join_lines(reason)))
}

/// Multi-line cell text (rows continued with `\`) as one line.
pub fn join_lines(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `GET`, `POST/PUT`: one cell may name several methods.
pub fn methods(cell: &str) -> Result<Vec<Method>, String> {
    let t = cell.trim();
    let parts: Vec<&str> = t
        .split(|c: char| c == '/' || c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return Err("the method cell is empty".to_string());
    }
    parts
        .iter()
        .map(|p| Method::parse(p).ok_or_else(|| format!("`{t}` is not an HTTP method")))
        .collect()
}

/// A documented URI turned into an OpenAPI path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Uri {
    /// `/volumes/{volume_id}`.
    pub path: String,
    pub query: Option<String>,
    /// Path parameters in order: (normalised name, as written).
    pub params: Vec<(String, String)>,
    /// Things to warn about (an unclosed `<`), the path still usable.
    pub problems: Vec<String>,
}

/// Reads ``` ``/volumes/<volume id>`` ``` or `/servers/{server_id}/ips`.
/// Both spellings of a path parameter become `{name}`, the name folded to
/// `[a-z0-9_]` so that `<server id>` and `<server-id>` (both used in one
/// guide for the same resource) give one path.
pub fn uri(cell: &str) -> Result<Uri, String> {
    let raw = crate::text::plain(cell);
    let raw = raw.trim();
    if !raw.starts_with('/') {
        return Err(format!(
            "`{raw}` is not a URI path (it must start with `/`)"
        ));
    }
    let (path_part, query) = match raw.split_once('?') {
        Some((p, q)) => (p, Some(q.to_string())),
        None => (raw, None),
    };
    let mut out = Uri {
        path: String::new(),
        query,
        params: Vec::new(),
        problems: Vec::new(),
    };
    let segments: Vec<&str> = path_part.split('/').skip(1).collect();
    for segment in segments {
        out.path.push('/');
        let mut rest = segment;
        while !rest.is_empty() {
            let open = rest.find(['<', '{']);
            let Some(open) = open else {
                out.path.push_str(rest);
                break;
            };
            out.path.push_str(&rest[..open]);
            let closer = if rest[open..].starts_with('<') {
                '>'
            } else {
                '}'
            };
            let after = &rest[open + 1..];
            let (inner, written, tail) = match after.find(closer) {
                Some(close) => (
                    &after[..close],
                    &rest[open..open + close + 2],
                    &after[close + 1..],
                ),
                None => {
                    out.problems.push(format!(
                        "path parameter `{}` in `{raw}` is not closed with `{closer}`",
                        &rest[open..]
                    ));
                    (after, &rest[open..], "")
                }
            };
            let name = param_name(inner);
            if name.is_empty() {
                return Err(format!("`{raw}` has an empty path parameter"));
            }
            out.path.push('{');
            out.path.push_str(&name);
            out.path.push('}');
            out.params.push((name, written.to_string()));
            rest = tail;
        }
    }
    if out.path.is_empty() {
        out.path.push('/');
    }
    Ok(out)
}

/// `volume id`, `server-id`, `keypair_name` → `volume_id`, `server_id`, …
pub fn param_name(written: &str) -> String {
    let mut out = String::new();
    for c in written.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// A support column header as an extension key: `OS/Block Storage` →
/// `os-block-storage`.
pub fn implementation_key(header: &str) -> String {
    let key = crate::text::slug(&crate::text::plain(header));
    // `Cyclades/Compute` is what other tables of the same guide call
    // `Cyclades`: one implementation, one key.
    if key.starts_with("cyclades") {
        "cyclades".into()
    } else {
        key
    }
}

/// The link target of a `` `text <#anchor>`_ `` cell or sentence, without
/// the `#`. Only same-document anchors.
pub fn anchors(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("<#") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('>') else { break };
        let anchor = after[..end].trim();
        if !anchor.is_empty() {
            out.push(anchor.to_string());
        }
        rest = &after[end..];
    }
    out
}

/// The identifier docutils gives a section: lowercase, runs of other
/// characters as one `-`.
pub fn section_id(title: &str) -> String {
    let mut out = String::new();
    for c in crate::text::plain(title).chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A header cell reduced for matching (`Request Header` → `request header`).
pub fn header_key(cell: &str) -> String {
    join_lines(&crate::text::plain(cell)).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn support_marks() {
        let yes = Some(Support {
            supported: true,
            qualifier: None,
        });
        let no = Some(Support {
            supported: false,
            qualifier: None,
        });
        assert_eq!(support("✔"), yes);
        assert_eq!(support("✔*"), yes);
        assert_eq!(support("✔:"), yes);
        assert_eq!(support("✘"), no);
        assert_eq!(support("**✘**"), no);
        assert_eq!(support(".. **✘**"), no);
        assert_eq!(
            support("required").map(|s| s.qualifier),
            Some(Some("required"))
        );
        assert_eq!(support("default").map(|s| s.supported), Some(true));
        assert_eq!(support("Respond in json"), None);
        assert_eq!(support(""), None);
    }

    #[test]
    fn return_codes() {
        assert_eq!(return_code("200 (OK)"), Ok((200, "OK".into())));
        assert_eq!(
            return_code("500 (Internal Server Error)"),
            Ok((500, "Internal Server Error".into()))
        );
        assert_eq!(
            return_code("304 (No servers since date)"),
            Ok((304, "No servers since date".into()))
        );
        assert_eq!(return_code("204"), Ok((204, String::new())));
        assert!(return_code("OK").is_err());
        assert!(return_code("2000 (OK)").is_err());
        assert!(return_code("999").is_err());
        assert!(return_code("").is_err());
    }

    #[test]
    fn multi_line_cells_are_joined() {
        assert_eq!(
            join_lines("The request cannot be completed because of an\ninternal error"),
            "The request cannot be completed because of an internal error"
        );
    }

    #[test]
    fn method_cells() {
        assert_eq!(methods("GET"), Ok(vec![Method::Get]));
        assert_eq!(methods("POST/PUT"), Ok(vec![Method::Post, Method::Put]));
        assert_eq!(methods(" delete "), Ok(vec![Method::Delete]));
        let fetch = methods("FETCH").unwrap();
        assert_eq!(fetch.len(), 1);
        assert_eq!(fetch[0].as_str(), "FETCH");
        assert!(!fetch[0].is_standard());
        assert!(methods("").is_err());
        assert!(
            methods("GET {x}")
                .unwrap_err()
                .contains("not an HTTP method")
        );
    }

    #[test]
    fn uris_in_both_spellings() {
        let u = uri("``/volumes/<volume id>``").unwrap();
        assert_eq!(u.path, "/volumes/{volume_id}");
        assert_eq!(u.params, vec![("volume_id".into(), "<volume id>".into())]);
        assert!(u.problems.is_empty());

        let u = uri("``/servers/{server_id}/os-volume_attachments/{attachment_id}``").unwrap();
        assert_eq!(
            u.path,
            "/servers/{server_id}/os-volume_attachments/{attachment_id}"
        );
        assert_eq!(u.params.len(), 2);

        // One resource, two spellings in the same guide: one path.
        assert_eq!(
            uri("/servers/<server-id>/metadata").unwrap().path,
            uri("/servers/<server id>/metadata").unwrap().path
        );
        assert_eq!(
            uri("/types/<volume type id>").unwrap().path,
            "/types/{volume_type_id}"
        );
    }

    #[test]
    fn unclosed_parameter_is_a_problem_not_a_failure() {
        let u = uri("``/flavors/<flavor-id``").unwrap();
        assert_eq!(u.path, "/flavors/{flavor_id}");
        assert_eq!(u.problems.len(), 1);
    }

    #[test]
    fn bad_uris() {
        assert!(uri("servers").is_err());
        assert!(uri("").is_err());
        assert!(uri("/a/<>").is_err());
        let u = uri("/servers?changes-since=x").unwrap();
        assert_eq!(u.path, "/servers");
        assert_eq!(u.query.as_deref(), Some("changes-since=x"));
    }

    #[test]
    fn keys_and_anchors() {
        assert_eq!(implementation_key("OS/Block Storage"), "os-block-storage");
        assert_eq!(implementation_key("Cyclades"), "cyclades");
        assert_eq!(implementation_key("Cyclades/Compute"), "cyclades");
        assert_eq!(implementation_key("OS/Compute"), "os-compute");
        assert_eq!(anchors("`List <#list-volumes>`__"), vec!["list-volumes"]);
        assert_eq!(
            anchors("listed `here <#volume-ref>`__. And <#x>"),
            vec!["volume-ref", "x"]
        );
        assert!(anchors("`kamaki <http://x>`_").is_empty());
        assert_eq!(
            section_id("Set / Update Server Metadata"),
            "set-update-server-metadata"
        );
        assert_eq!(
            section_id("Create (Allocate) floating ip"),
            "create-allocate-floating-ip"
        );
    }
}
