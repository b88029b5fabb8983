//! Nesting the flat table: which wrapper a row belongs to when the
//! samples do not say (fields listed before their wrapper, the level a
//! row returns to, parents implied by dotted names, list elements
//! borrowed from a same-named list).

use speclift_diag::{Diagnostic, Diagnostics};
use speclift_model::Parameter;

use super::overlay::near_miss;
use super::tree::{find, node, node_mut, parent_of};
use super::{Documented, Path, Step};
use crate::shape::Shape;
use crate::types::Types;

/// In a body no sample shows, plain fields listed before the wrapper named
/// after the path's resource (`status`, `name`, then `snapshot` on
/// `…/snapshots`), as its last top-level member, are read as belonging in
/// it, as in every sampled body of the kind: the upstream Cinder v2
/// "Create a snapshot" response lists them so, and Cinder returns them
/// inside `snapshot`. Reported, since the table says otherwise.
pub fn nest_fields_listed_before_wrapper(
    root: &mut Shape,
    wrapper_name: &str,
    params: &[Parameter],
    diags: &mut Diagnostics,
) {
    let Some(wrapper) = root
        .properties
        .iter()
        .position(|(n, s)| n == wrapper_name && s.types == Types::OBJECT)
    else {
        return;
    };
    let plain = |s: &Shape| {
        s.documented
            && !s.types.is_any()
            && !s.types.has(Types::OBJECT)
            && !s.types.has(Types::ARRAY)
    };
    let before = &root.properties[..wrapper];
    if before.is_empty()
        || wrapper + 1 != root.properties.len()
        || !before.iter().all(|(_, s)| plain(s))
    {
        return;
    }
    let moved: Vec<(String, Shape)> = root.properties.drain(..wrapper).collect();
    let names: Vec<String> = moved.iter().map(|(n, _)| n.clone()).collect();
    let required: Vec<String> = root
        .required
        .iter()
        .filter(|r| names.contains(r))
        .cloned()
        .collect();
    root.required.retain(|r| !names.contains(r));
    let (wrapper_name, inner) = &mut root.properties[0];
    let mut fields = moved;
    fields.append(&mut inner.properties);
    inner.properties = fields;
    for name in required {
        inner.require(&name);
    }
    if let Some(first) = params.iter().find(|p| names.first() == Some(&p.name)) {
        diags.push(
            Diagnostic::warning(
                first.location.clone(),
                format!(
                    "{} listed before the `{wrapper_name}` wrapper with no sample to place them; \
                     they are put inside `{wrapper_name}`",
                    names
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .with_rule(speclift_diag::Rule::WrapperPlacement)
            .with_hint(format!(
                "list these fields after `{wrapper_name}` in the table, or add a sample of the body"
            )),
        );
    }
}

/// A documented array that no sample shows with elements (`flavor.links`
/// only exists before the microversion the sample shows) takes the element
/// shape of a same-named array elsewhere in the body (`server.links`):
/// within one body a name means one thing.
pub(super) fn borrow_items(root: &mut Shape) {
    let mut seen = std::collections::BTreeMap::new();
    collect_items(root, &mut seen);
    fill_items(root, &seen);
}

pub(super) fn collect_items(shape: &Shape, seen: &mut std::collections::BTreeMap<String, Shape>) {
    for (name, child) in &shape.properties {
        if let Some(items) = child.items.as_deref().filter(|i| !i.properties.is_empty()) {
            seen.entry(name.clone()).or_insert_with(|| items.clone());
        }
        collect_items(child, seen);
    }
    if let Some(items) = shape.items.as_deref() {
        collect_items(items, seen);
    }
}

pub(super) fn fill_items(shape: &mut Shape, seen: &std::collections::BTreeMap<String, Shape>) {
    for (name, child) in &mut shape.properties {
        if child.documented && child.types.has(Types::ARRAY) && child.items.is_none() {
            child.items = seen.get(name).cloned().map(Box::new);
        }
        fill_items(child, seen);
    }
    if let Some(items) = shape.items.as_deref_mut() {
        fill_items(items, seen);
    }
}

/// The level a parameter no sample shows belongs to when the table has
/// already left the wrapper in scope: the wrapper's sampled members are
/// documented by no parameter, and the next parameter a sample shows is
/// found outside it (`networks` between `floating_ips {in_use, limit}` and
/// `security_group_rules` of a quota set sits beside them, not in
/// `floating_ips`, and is no name for `floating_ips`' keys).
pub(super) fn level_left_for(
    root: &Shape,
    scope: &Path,
    later: &[Parameter],
    documented: &Documented,
) -> Option<Path> {
    let wrapper = node(root, scope)?;
    // A wrapper no sample shows is filled by the table: what follows it
    // is its members (nest_fields_listed_before_wrapper's case).
    if scope.is_empty()
        || !wrapper.sampled
        || wrapper.properties.is_empty()
        || wrapper.properties.iter().any(|(_, c)| c.documented)
    {
        return None;
    }
    let next = later
        .iter()
        .find_map(|p| find(root, scope, &p.name, documented))?;
    let level = parent_of(&next);
    (level.len() < scope.len() && scope.starts_with(&level)).then_some(level)
}

/// The parent object a dotted name (`personality.path`) implies when no
/// sample and no earlier row has it: added at the current level, as
/// documented (the row documents it), so the member gets its type.
pub(super) fn implied_parent(root: &mut Shape, scope: &Path, head: &str) -> Option<Path> {
    if head.is_empty() || head.contains(['.', '{', '}']) {
        return None;
    }
    let mut path = scope.clone();
    let target = node(root, &path)?;
    if target.types.has(Types::ARRAY) && !target.types.has(Types::OBJECT) {
        if target.items.is_none() {
            node_mut(root, &path)?.items = Some(Box::new(Shape::of_types(Types::OBJECT)));
        }
        path.push(Step::Items);
    }
    let target = node(root, &path)?;
    // A near miss of a key here or above (`security_group.name` beside a sampled
    // `security_groups`) is a misspelled parent: no object is invented,
    // the row stays where the warnings about it point.
    if !(target.types.is_any() || target.types.has(Types::OBJECT)) {
        return None;
    }
    let around: Vec<String> = (0..=path.len())
        .filter_map(|depth| node(root, path.get(..depth).unwrap_or_default()))
        .flat_map(Shape::names)
        .collect();
    if near_miss(&around, head).is_some() {
        return None;
    }
    let target = node_mut(root, &path)?;
    let mut parent = Shape::of_types(Types::OBJECT);
    parent.documented = true;
    target.properties.push((head.to_string(), parent));
    path.push(Step::Prop(head.to_string()));
    Some(path)
}
