//! Path templates (`/v3/{project_id}/volumes/{volume_id}`): their
//! segments, placeholder names and the key with the names erased, under
//! which OpenAPI treats two paths as one.

/// The non-empty `/`-separated segments of a path.
pub fn segments(path: &str) -> impl DoubleEndedIterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// `x` for a segment that is one whole placeholder `{x}`: what lies between
/// a leading `{` and a trailing `}` (so `{a}.{b}` gives `a}.{b`, which no
/// valid template has as one segment's name).
pub fn param_name(segment: &str) -> Option<&str> {
    segment.strip_prefix('{')?.strip_suffix('}')
}

/// The names of the placeholders that are whole segments, in order
/// (`/a/{x}.json/{y}` → `[y]`): the parameters a path names resources by.
/// See [`param_name`].
pub fn segment_names(path: &str) -> Vec<String> {
    segments(path)
        .filter_map(|s| param_name(s).map(str::to_string))
        .collect()
}

/// The name of every `{name}` in the path, in order, wherever it stands in
/// its segment (`/a/{x}.{format}` → `[x, format]`); an unclosed `{` ends
/// the scan.
pub fn names(path: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = rest.get(open + 1..).unwrap_or_default();
        let Some(close) = after.find('}') else { break };
        names.push(after.get(..close).unwrap_or_default().to_string());
        rest = after.get(close + 1..).unwrap_or_default();
    }
    names
}

/// The path with every placeholder's name erased (`/v3/{project_id}/x` →
/// `/v3/{}/x`); a `}` that closes nothing is dropped.
pub fn erase(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_name = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_name = true;
                out.push_str("{}");
            }
            '}' => in_name = false,
            _ if in_name => {}
            _ => out.push(c),
        }
    }
    out
}

/// A path as OpenAPI compares paths: names erased and trailing slashes
/// dropped (`/v3/{project_id}/snapshots/{id}/` → `/v3/{}/snapshots/{}`),
/// the root staying `/`. Equal keys are the same path to a client, which
/// cannot see template names.
pub fn key(path: &str) -> String {
    let mut out = erase(path);
    while out.len() > 1 && out.ends_with('/') {
        out.pop();
    }
    out
}

/// The path without its last segment (`/a/{id}` → `/a`).
pub fn parent(path: &str) -> &str {
    match path.trim_end_matches('/').rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    }
}

/// The last non-empty segment (`/v3/xs/` → `xs`), empty for the root.
pub fn last_segment(path: &str) -> &str {
    segments(path).next_back().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_erase_names_and_trailing_slashes() {
        let p = "/v3/{project_id}/volumes/{volume_id}";
        assert_eq!(key(p), "/v3/{}/volumes/{}");
        assert_eq!(key("/v3/{tenant_id}/volumes/{id}/"), key(p));
        assert_eq!(key("/v3/{p}/snapshots/{id}//"), "/v3/{}/snapshots/{}");
        assert_eq!(key("/"), "/");
        assert_eq!(key(""), "");
        assert_eq!(erase("/a/{x}.{format}"), "/a/{}.{}");
        // A stray `}` is dropped; an unclosed name runs to the end.
        assert_eq!(erase("/a/b}/{c"), "/a/b/{}");
    }

    #[test]
    fn names_anywhere_and_whole_segment_names() {
        let p = "/v3/{p}/xs/{x_id}.json/action";
        assert_eq!(names(p), ["p", "x_id"]);
        assert_eq!(segment_names(p), ["p"]);
        assert_eq!(names("/a/{x}.{format}"), ["x", "format"]);
        assert_eq!(segment_names("/v3/{p}/xs/{x_id}"), ["p", "x_id"]);
        assert_eq!(names("/a/{unclosed"), Vec::<String>::new());
        assert_eq!(names("/a/{}/b"), [""]);
    }

    #[test]
    fn segments_parent_and_last() {
        assert_eq!(segments("//v3/xs/").collect::<Vec<_>>(), ["v3", "xs"]);
        assert_eq!(param_name("{id}"), Some("id"));
        assert_eq!(param_name("{id}.json"), None);
        assert_eq!(parent("/v3/{p}/xs/{x_id}"), "/v3/{p}/xs");
        assert_eq!(parent("/xs"), "/");
        assert_eq!(parent("/"), "/");
        assert_eq!(last_segment("/v3/xs/"), "xs");
        assert_eq!(last_segment("/"), "");
    }
}
