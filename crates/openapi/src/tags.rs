//! Tags as consumers want them: a short slug `name` (client generators
//! name modules after it: `volume_types`, not `volume_types_types`), the
//! section title as the display name (`x-displayName` for 3.1 renderers,
//! `summary` in 3.2), and the section hierarchy as `x-tagGroups` (3.1)
//! or `parent` (3.2).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};
use speclift_model::Api;
use utoipa::openapi::extensions::Extensions;
use utoipa::openapi::tag::Tag;

use crate::OutputVersion;

/// Section title (trimmed) → tag name, for every tag the document has.
pub(crate) type TagNames = BTreeMap<String, String>;

/// One documented section that is a tag.
struct Section<'a> {
    title: &'a str,
    description: &'a str,
    parent: Option<&'a str>,
}

/// The model's tags in order, then any tag an operation names that the
/// model does not list (so every operation tag is declared).
fn sections(api: &Api) -> Vec<Section<'_>> {
    let mut out: Vec<Section<'_>> = Vec::new();
    for t in &api.tags {
        let title = t.name.trim();
        if !title.is_empty() && !out.iter().any(|s| s.title == title) {
            out.push(Section {
                title,
                description: t.description.trim(),
                parent: t.parent.as_deref().map(str::trim).filter(|p| !p.is_empty()),
            });
        }
    }
    for op in &api.operations {
        let title = op.tag.trim();
        if !title.is_empty() && !out.iter().any(|s| s.title == title) {
            out.push(Section {
                title,
                description: "",
                parent: None,
            });
        }
    }
    out
}

/// `title` without its parenthesised asides (nested ones too).
pub(crate) fn without_asides(title: &str) -> String {
    let mut plain = String::new();
    let mut depth = 0usize;
    for c in title.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    plain
}

/// `Volume types (types)` → `volume-types`: the title without its
/// parenthesised asides, lowercase words joined by `-`.
pub(crate) fn slug(title: &str) -> String {
    let plain = without_asides(title);
    let words = |text: &str| -> String {
        text.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect::<Vec<_>>()
            .join("-")
    };
    let short = words(&plain);
    if !short.is_empty() {
        return short;
    }
    let long = words(title);
    if long.is_empty() {
        "operations".to_string()
    } else {
        long
    }
}

/// Every section title's tag name, in document order, unique.
pub(crate) fn names(api: &Api) -> TagNames {
    let mut used = BTreeSet::new();
    let mut out = TagNames::new();
    for s in sections(api) {
        let name = crate::claim_unique(&mut used, &slug(s.title), "-");
        out.insert(s.title.to_string(), name);
    }
    out
}

/// The document's tags, and for 3.1 its `x-tagGroups`.
pub(crate) fn build(
    api: &Api,
    names: &TagNames,
    version: OutputVersion,
    api_title: &str,
) -> (Vec<Tag>, Option<Value>) {
    let sections = sections(api);
    let mut used: BTreeSet<String> = names.values().cloned().collect();
    // Parent title → tag name of the parent (3.2 only).
    let mut parents: Vec<(String, String)> = Vec::new();
    let mut tags = Vec::new();
    for s in &sections {
        let Some(name) = names.get(s.title) else {
            continue;
        };
        let mut tag = Tag::new(name);
        tag.description = (!s.description.is_empty()).then(|| s.description.to_string());
        match version {
            OutputVersion::V3_1 => {
                tag.extensions = Some(Extensions::from_iter([(
                    speclift_spec::ext::X_DISPLAY_NAME,
                    Value::String(s.title.to_string()),
                )]));
            }
            OutputVersion::V3_2 => {
                tag.summary = Some(s.title.to_string());
                if let Some(parent) = s.parent {
                    let existing = parents.iter().find(|(t, _)| t == parent);
                    let parent_name = match existing {
                        Some((_, n)) => n.clone(),
                        None => {
                            let n = crate::claim_unique(&mut used, &slug(parent), "-");
                            parents.push((parent.to_string(), n.clone()));
                            n
                        }
                    };
                    tag.parent = Some(parent_name);
                }
            }
        }
        tags.push(tag);
    }
    // 3.2: each parent section is a navigation tag of its own.
    for (title, name) in parents {
        let mut tag = Tag::new(name);
        tag.summary = Some(title);
        tag.kind = Some("nav".to_string());
        tags.push(tag);
    }
    let groups = (version == OutputVersion::V3_1).then(|| tag_groups(&sections, names, api_title));
    (tags, groups)
}

/// `x-tagGroups`: every tag in exactly one group (renderers hide tags no
/// group lists), groups in document order; a tag directly under the
/// document's title is in the group named after the API.
fn tag_groups(sections: &[Section<'_>], names: &TagNames, api_title: &str) -> Value {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for s in sections {
        let Some(name) = names.get(s.title) else {
            continue;
        };
        let group = s.parent.unwrap_or(api_title);
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, tags)) => tags.push(name),
            None => groups.push((group, vec![name])),
        }
    }
    Value::Array(
        groups
            .into_iter()
            .map(|(name, tags)| json!({"name": name, "tags": tags}))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_are_short() {
        assert_eq!(slug("Volume types (types)"), "volume-types");
        assert_eq!(
            slug("Volume type access (types, action) (types, os-volume-type-access)"),
            "volume-type-access"
        );
        assert_eq!(
            slug("Servers - run an action (servers, action)"),
            "servers-run-an-action"
        );
        assert_eq!(slug("API extensions (extensions)"), "api-extensions");
        assert_eq!(slug("(only an aside)"), "only-an-aside");
        assert_eq!(slug("¿?"), "operations");
    }
}
