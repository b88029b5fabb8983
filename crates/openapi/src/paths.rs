//! Paths: normalising the documented spelling, merging paths that differ
//! only in parameter names, and grouping sections by (path, method)
//! (operation ids are `operation_ids.rs`).

use std::collections::{BTreeMap, BTreeSet};

use speclift_diag::{Diagnostic, Diagnostics, Location};
use speclift_model::{Method, Operation};
use speclift_spec::template;

/// The `{name}`s of a path template, in order.
pub(crate) use speclift_spec::template::names as template_names;

/// All sections documenting one method on one path.
pub(crate) struct Group<'a> {
    /// The first spelling of the path.
    pub path: String,
    pub method: Method,
    pub variants: Vec<Variant<'a>>,
}

pub(crate) struct Variant<'a> {
    pub op: &'a Operation,
    /// Path parameter renames (documented name → name in [`Group::path`]).
    pub renames: BTreeMap<String, String>,
}

impl Variant<'_> {
    pub fn path_name<'n>(&'n self, name: &'n str) -> &'n str {
        self.renames.get(name).map_or(name, String::as_str)
    }
}

/// The path as OpenAPI wants it: one leading slash, no trailing slash (a
/// style every linter enforces), no query string. A documented trailing
/// slash is not lost: the operation says so under `x-openstack`
/// (`trailing-slash`, see `operation::operation_vendor`), because services
/// answer `/v3` and `/v3/` differently and a replay must go where the
/// documentation says.
fn normalize(path: &str, location: &Location, diags: &mut Diagnostics) -> String {
    let documented = path.trim();
    let mut p = documented
        .split_once('?')
        .map_or(documented, |(p, _)| p)
        .to_string();
    if !p.starts_with('/') {
        p.insert(0, '/');
    }
    while p.len() > 1 && p.ends_with('/') {
        p.pop();
    }
    let repaired = repair_template(&p);
    if repaired != p {
        diags.push(
            Diagnostic::warning(
                location.clone(),
                format!(
                    "path template `{p}` is not a valid OpenAPI template (an empty, unclosed, \
                     nested or repeated `{{name}}`); the operation is written under `{repaired}`"
                ),
            )
            .with_hint("write each path parameter once, as `{name}` between two slashes or text")
            .with_code(speclift_diag::degraded::PATH_TEMPLATE),
        );
        return repaired;
    }
    if p != documented {
        diags.push(
            Diagnostic::warning(
                location.clone(),
                format!("path `{documented}` is written as `{p}` in the OpenAPI document"),
            )
            .with_rule(speclift_diag::Rule::PathRewritten)
            .with_hint(
                "write paths with a leading slash, without a trailing slash or query string",
            ),
        );
    }
    p
}

/// A valid template for `path`: each segment that is not literal text and
/// well-formed `{name}`s has its braces removed and, if it opened one,
/// becomes one parameter named by what is left (`{y` → `{y}`, `{}` →
/// `{param}`, `y}` → `y`); a repeated name gets a suffix (`{a}` → `{a_2}`).
/// So the documented operation is kept, under a path OpenAPI accepts.
pub(crate) fn repair_template(path: &str) -> String {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut unique = |name: &str| {
        let base = if name.is_empty() { "param" } else { name };
        crate::claim_unique(&mut seen, base, "_")
    };
    let segments: Vec<String> = path
        .split('/')
        .map(|segment| {
            let Some(parts) = well_formed(segment) else {
                let inner: String = segment
                    .chars()
                    .filter(|c| !matches!(c, '{' | '}'))
                    .collect();
                return if segment.contains('{') {
                    format!("{{{}}}", unique(&inner))
                } else {
                    inner
                };
            };
            parts
                .into_iter()
                .map(|(text, is_param)| {
                    if is_param {
                        format!("{{{}}}", unique(text))
                    } else {
                        text.to_string()
                    }
                })
                .collect()
        })
        .collect();
    segments.join("/")
}

/// A segment as literal text and `{name}`s (`true`), or `None` when a
/// brace is stray or nested. An empty name is well-formed here and named
/// by [`repair_template`].
fn well_formed(segment: &str) -> Option<Vec<(&str, bool)>> {
    let mut parts = Vec::new();
    let mut rest = segment;
    while !rest.is_empty() {
        match rest.find(['{', '}']) {
            None => {
                parts.push((rest, false));
                break;
            }
            Some(i) if rest[i..].starts_with('}') => return None,
            Some(i) => {
                if i > 0 {
                    parts.push((&rest[..i], false));
                }
                let after = &rest[i + 1..];
                let close = after.find('}')?;
                let name = &after[..close];
                if name.contains('{') {
                    return None;
                }
                parts.push((name, true));
                rest = &after[close + 1..];
            }
        }
    }
    Some(parts)
}

/// Groups operations by (path, method) in document order, merging paths
/// that are identical up to parameter names under their first spelling.
pub(crate) fn group<'a>(ops: &'a [Operation], diags: &mut Diagnostics) -> Vec<Group<'a>> {
    // template key → (first spelling, where)
    let mut spellings: BTreeMap<String, (String, Location)> = BTreeMap::new();
    let mut groups: Vec<Group<'a>> = Vec::new();
    let mut index: BTreeMap<(String, Method), usize> = BTreeMap::new();
    for op in ops {
        let path = normalize(&op.path, &op.location, diags);
        // A valid template (repaired above): erasing its names is the key.
        let key = template::erase(&path);
        let (canonical, first_at) = spellings
            .entry(key)
            .or_insert_with(|| (path.clone(), op.location.clone()))
            .clone();
        let mut renames = BTreeMap::new();
        if canonical != path {
            for (mine, theirs) in template_names(&path)
                .into_iter()
                .zip(template_names(&canonical))
            {
                if mine != theirs {
                    renames.insert(mine, theirs);
                }
            }
            diags.push(
                Diagnostic::warning(
                    op.location.clone(),
                    format!(
                        "path `{path}` differs from `{canonical}` (first documented at \
                         {first_at}) only in parameter names; OpenAPI treats them as one path, \
                         so this operation is listed under `{canonical}`"
                    ),
                )
                .with_rule(speclift_diag::Rule::PathParameterNamesDiffer)
                .with_hint("use the same parameter names wherever the same path is documented"),
            );
        }
        let variant = Variant { op, renames };
        match index.get(&(canonical.clone(), op.method)) {
            Some(&i) => {
                if let Some(g) = groups.get_mut(i) {
                    g.variants.push(variant);
                }
            }
            None => {
                index.insert((canonical.clone(), op.method), groups.len());
                groups.push(Group {
                    path: canonical,
                    method: op.method,
                    variants: vec![variant],
                });
            }
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use speclift_diag::path;

    #[test]
    fn normalize_warns_on_changes_only() {
        let loc = Location::new(path("x.rst"), 4, 1);
        let mut diags = Diagnostics::new();
        assert_eq!(normalize("/v3/volumes", &loc, &mut diags), "/v3/volumes");
        assert!(diags.is_empty());
        assert_eq!(normalize("v3/volumes/", &loc, &mut diags), "/v3/volumes");
        assert_eq!(normalize("/", &loc, &mut diags), "/");
        assert_eq!(diags.len(), 1);
    }
}

#[cfg(test)]
mod template_tests {
    use super::repair_template;

    #[test]
    fn valid_templates_are_unchanged() {
        for p in [
            "/v2/things",
            "/v2/things/{thing-id}",
            "/v2/{a}.{format}",
            "/",
        ] {
            assert_eq!(repair_template(p), p);
        }
    }

    #[test]
    fn invalid_templates_become_valid_ones() {
        assert_eq!(repair_template("/v2/a/{}/b"), "/v2/a/{param}/b");
        assert_eq!(repair_template("/v2/c/{y/d"), "/v2/c/{y}/d");
        assert_eq!(repair_template("/v2/e/y}/f"), "/v2/e/y/f");
        assert_eq!(repair_template("/v2/g/{a}/h/{a}"), "/v2/g/{a}/h/{a_2}");
        assert_eq!(repair_template("/v2/i/{a{b}}"), "/v2/i/{ab}");
        assert_eq!(repair_template("/{}/{}"), "/{param}/{param_2}");
    }
}
