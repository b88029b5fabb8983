//! One body's schema: inferred from its samples, then overlaid with the
//! documented body parameters.
//!
//! Parameter tables are flat: a wrapper such as `attachment` is followed by
//! its fields. Each parameter is looked up in the sample structure starting
//! at the most recent wrapper and widening to its ancestors, so `id` after
//! `attachment` lands inside `attachment`, while a later top-level key is
//! still found at the top.

use serde_json::{Value, json};
use speclift_diag::suggest::distance;
use speclift_diag::{Diagnostic, Diagnostics};
use speclift_model::{Parameter, Sample, VersionRange};

use crate::Coverage;
use crate::shape::Shape;
use crate::types::{self, Types};
use crate::versions::{self, range_vendor};

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Step {
    Prop(String),
    Items,
}

type Path = Vec<Step>;

/// The spots earlier parameters took; a set, so a table of thousands of
/// rows does not compare every new spot with every earlier one.
type Documented = std::collections::HashSet<Path>;

/// The schema of a body with these parameters and samples; `None` when
/// neither exists.
pub(crate) fn body_shape(
    params: &[Parameter],
    samples: &[Sample],
    coverage: &mut Coverage,
    diags: &mut Diagnostics,
) -> Option<Shape> {
    coverage.body_rows += params.len();
    let inferred = samples
        .iter()
        .map(|s| Shape::infer(&s.body))
        .reduce(Shape::merge);
    if params.is_empty() {
        let mut shape = inferred?;
        mark_undocumented(&mut shape);
        untype_null_only(&mut shape);
        return Some(shape);
    }
    let mut root = inferred.unwrap_or_else(|| Shape::of_types(Types::OBJECT));
    let mut scope: Path = Vec::new();
    let mut documented = Documented::new();
    for (i, param) in params.iter().enumerate() {
        if placeholder_keys(&mut root, &scope, param, diags) {
            coverage.placed += 1;
            continue;
        }
        if let Some(path) = find(&root, &scope, &param.name, &documented) {
            overlay(&mut root, &path, param, samples, diags);
            coverage.placed += 1;
            let container = node(&root, &path).is_some_and(is_container);
            scope = if container {
                path.clone()
            } else {
                parent_of(&path)
            };
            documented.insert(path);
            continue;
        }
        // A dotted name goes into its parent: the known one, or else an
        // object the name implies at the current level.
        let dotted = param.name.rsplit_once('.').and_then(|(head, tail)| {
            find(&root, &scope, head, &Documented::new())
                .or_else(|| implied_parent(&mut root, &scope, head))
                .map(|head_path| (head_path, tail))
        });
        let later = params.get(i + 1..).unwrap_or_default();
        let (add_scope, add_name) = match dotted {
            Some((head_path, tail)) => (head_path, tail),
            None => match level_left_for(&root, &scope, later, &documented) {
                Some(level) => {
                    scope.clone_from(&level);
                    (level, param.name.as_str())
                }
                None => (scope.clone(), param.name.as_str()),
            },
        };
        if add_name == param.name && stands_for_keys(&mut root, &scope, param, later) {
            coverage.placed += 1;
            continue;
        }
        if let Some(path) = add(&mut root, &add_scope, add_name, param, samples, diags) {
            coverage.placed += 1;
            // Without sample evidence only a top-level object opens a
            // wrapper: nesting deeper would be a guess.
            let opens =
                scope.is_empty() && node(&root, &path).is_some_and(|n| n.types == Types::OBJECT);
            if opens {
                scope = path.clone();
            }
            documented.insert(path);
        }
    }
    borrow_items(&mut root);
    collapse_maps(&mut root);
    mark_undocumented(&mut root);
    untype_null_only(&mut root);
    Some(root)
}

/// A body whose one top-level member is an undocumented scalar, on a
/// path that ends in a placeholder, is keyed by that path parameter:
/// `GET …/extra_specs/{key}` answers `{"capabilities": "gpu"}`, where
/// `capabilities` is the sample's value of `{key}`, not a property. Its
/// values become the object's `additionalProperties` (vendor `map-key`
/// names the parameter); a map's keys are never properties, so never
/// required.
pub(crate) fn keyed_by_path_parameter(shape: &mut Shape, path: &str) {
    let Some(name) = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .and_then(|s| s.strip_prefix('{')?.strip_suffix('}'))
    else {
        return;
    };
    let scalar = |c: &Shape| {
        let t = c.types.without(Types::NULL);
        !c.documented && !t.is_any() && !t.has(Types::OBJECT) && !t.has(Types::ARRAY)
    };
    // One member: a body of several (an unwrapped quota set) is a record.
    if shape.properties.len() != 1 || !shape.properties.iter().all(|(_, c)| scalar(c)) {
        return;
    }
    // One sampled value does not type the others (`cipher` is a string,
    // `key_size` of the same map an integer): the values stay untyped.
    let values = std::mem::take(&mut shape.properties)
        .into_iter()
        .map(|(_, value)| value)
        .reduce(Shape::merge)
        .map(|mut value| {
            untype_undocumented(&mut value);
            value
        });
    shape.additional = values.map(Box::new);
    shape.required.clear();
    shape.always = None;
    shape.vendor.insert("map-key".into(), json!(name));
}

/// In a body no sample shows, plain fields listed before the wrapper named
/// after the path's resource (`status`, `name`, then `snapshot` on
/// `…/snapshots`), as its last top-level member, are read as belonging in
/// it, as in every sampled body of the kind: the upstream Cinder v2
/// "Create a snapshot" response lists them so, and Cinder returns them
/// inside `snapshot`. Reported, since the table says otherwise.
pub(crate) fn nest_fields_listed_before_wrapper(
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
fn borrow_items(root: &mut Shape) {
    let mut seen = std::collections::BTreeMap::new();
    collect_items(root, &mut seen);
    fill_items(root, &seen);
}

fn collect_items(shape: &Shape, seen: &mut std::collections::BTreeMap<String, Shape>) {
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

fn fill_items(shape: &mut Shape, seen: &std::collections::BTreeMap<String, Shape>) {
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
fn level_left_for(
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
fn implied_parent(root: &mut Shape, scope: &Path, head: &str) -> Option<Path> {
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

fn is_container(shape: &Shape) -> bool {
    !shape.properties.is_empty()
        || shape
            .items
            .as_deref()
            .is_some_and(|i| !i.properties.is_empty())
}

fn parent_of(path: &Path) -> Path {
    let mut p = path.clone();
    p.pop();
    p
}

fn node<'a>(root: &'a Shape, path: &[Step]) -> Option<&'a Shape> {
    let mut cur = root;
    for step in path {
        cur = match step {
            Step::Prop(name) => cur.property(name)?,
            Step::Items => cur.items.as_deref()?,
        };
    }
    Some(cur)
}

fn node_mut<'a>(root: &'a mut Shape, path: &[Step]) -> Option<&'a mut Shape> {
    let mut cur = root;
    for step in path {
        cur = match step {
            Step::Prop(name) => cur.property_mut(name)?,
            Step::Items => cur.items.as_deref_mut()?,
        };
    }
    Some(cur)
}

/// The spot for `name`: searched breadth-first from `scope`, then from each
/// ancestor of it. A spot no earlier parameter took wins over one already
/// documented (tables repeat names such as `id` in different wrappers).
fn find(root: &Shape, scope: &Path, name: &str, documented: &Documented) -> Option<Path> {
    let literal = find_within(root, scope, 0, name, documented);
    if literal.is_some() {
        return literal;
    }
    // `flavor.id`, `block_device_mapping_v2.boot_index`: the field inside
    // the nearest spot of its parent.
    let (head, tail) = name.rsplit_once('.')?;
    let head_path = find(root, scope, head, &Documented::new())?;
    find_within(root, &head_path, head_path.len(), tail, documented)
}

/// [`find`] for one plain name, widening from `scope` to its ancestors no
/// shallower than `min_depth`.
///
/// Breadth-first over the shape, in document order. Visited nodes keep a
/// link to their parent instead of a path of their own (a path is built
/// only for a match), so a search over thousands of members allocates
/// nothing per member.
fn find_within(
    root: &Shape,
    scope: &Path,
    min_depth: usize,
    name: &str,
    documented: &Documented,
) -> Option<Path> {
    let mut fallback = None;
    for depth in (min_depth..=scope.len()).rev() {
        let start = scope.get(..depth).unwrap_or_default();
        let Some(start_node) = node(root, start) else {
            continue;
        };
        let mut links = vec![Link::Start];
        let mut queue = std::collections::VecDeque::from([(0usize, start_node)]);
        while let Some((at, shape)) = queue.pop_front() {
            // The first member of this name, if no earlier parameter took
            // it, is the answer: the members before it would only have
            // been queued.
            if shape.properties.iter().any(|(k, _)| k == name) {
                let mut path = start.to_vec();
                path.extend(steps_to(&links, at));
                path.push(Step::Prop(name.to_string()));
                if !documented.contains(&path) {
                    return Some(path);
                }
                fallback.get_or_insert(path);
            }
            for (key, child) in &shape.properties {
                if !child.properties.is_empty() || child.items.is_some() {
                    links.push(Link::Prop(at, key));
                    queue.push_back((links.len() - 1, child));
                }
            }
            if let Some(items) = shape.items.as_deref() {
                links.push(Link::Items(at));
                queue.push_back((links.len() - 1, items));
            }
        }
    }
    fallback
}

/// How [`find_within`] reached a node: from the start, or from the node
/// at an index through a member or the array items.
enum Link<'a> {
    Start,
    Prop(usize, &'a str),
    Items(usize),
}

/// The steps from the start to the node at `at`.
fn steps_to(links: &[Link], mut at: usize) -> Path {
    let mut steps = Vec::new();
    loop {
        match links.get(at) {
            Some(Link::Prop(parent, key)) => {
                steps.push(Step::Prop((*key).to_string()));
                at = *parent;
            }
            Some(Link::Items(parent)) => {
                steps.push(Step::Items);
                at = *parent;
            }
            Some(Link::Start) | None => break,
        }
    }
    steps.reverse();
    steps
}

fn declared_of(param: &Parameter, diags: &mut Diagnostics) -> Option<types::Declared> {
    let ty = param.ty.as_deref()?;
    let declared = types::declared(ty);
    if declared.is_none() {
        diags.push(unknown_type(param, ty));
    }
    declared
}

pub(crate) fn unknown_type(param: &Parameter, ty: &str) -> Diagnostic {
    Diagnostic::warning(
        param.location.clone(),
        format!(
            "parameter `{}` has unknown type `{ty}`; its schema has no type",
            param.name
        ),
    )
    .with_rule(speclift_diag::Rule::UnknownParameterType)
    .with_hint(format!("use one of: {}", types::KNOWN_TYPES))
}

/// Applies a documented parameter to the sampled spot at `path`.
fn overlay(
    root: &mut Shape,
    path: &Path,
    param: &Parameter,
    samples: &[Sample],
    diags: &mut Diagnostics,
) {
    let declared = declared_of(param, diags);
    let Some(spot) = node_mut(root, path) else {
        return;
    };
    // Tables may document one field twice (`id` as an integer up to 2.52,
    // a uuid from 2.53): the descriptions and version ranges add up.
    let description = param.description.trim();
    let range = match (spot.documented, spot.range) {
        (true, Some(before)) => before.union(param.microversions),
        _ => param.microversions,
    };
    match &mut spot.description {
        Some(before)
            if spot.documented && !description.is_empty() && before.as_str() != description =>
        {
            before.push_str("\n\n");
            before.push_str(description);
        }
        _ if !description.is_empty() => spot.description = Some(description.to_string()),
        _ => {}
    }
    spot.documented = true;
    spot.range = Some(range);
    spot.vendor.remove("min-ver");
    spot.vendor.remove("max-ver");
    spot.vendor.extend(range_vendor(&range));
    if let Some(declared) = declared {
        // Samples of other versions may show other types: only those of
        // the parameter's versions have to agree.
        let in_range = in_range_types(samples, param, path);
        if declared.types.accepts(spot.types) {
            // A documented `uuid` whose samples are no UUIDs keeps no
            // format: the annotation must not contradict the examples.
            let strings_sampled = in_range.is_some_and(|t| t.has(Types::STRING));
            if let Some(format) = declared.format.filter(|_| !strings_sampled) {
                spot.format = Some(format.to_string());
            }
            spot.types = declared.types.with(spot.types.only(Types::NULL));
            spot.declared_object = declared.types == Types::OBJECT;
            spot.typed = true;
        } else if in_range.is_some_and(|t| declared.types.accepts(t)) {
            spot.types = spot.types.union(declared.types);
            spot.typed = true;
        } else {
            diags.push(
                Diagnostic::warning(
                    param.location.clone(),
                    format!(
                        "body parameter `{}` is documented as `{}` but the samples show {}; \
                         the schema follows the samples",
                        param.name,
                        param.ty.as_deref().unwrap_or_default(),
                        spot.types
                    ),
                )
                .with_rule(speclift_diag::Rule::TypeContradictsSamples)
                .with_hint("fix the parameter's type or the sample so that they agree"),
            );
        }
    }
    if !param.required {
        return;
    }
    let Some(Step::Prop(name)) = path.last() else {
        return;
    };
    let Some(parent) = node_mut(root, &parent_of(path)) else {
        return;
    };
    if parent.always_has(name) {
        parent.require(name);
    } else if !in_range_samples_have(samples, param, name, &parent_of(path)) {
        diags.push(
            Diagnostic::warning(
                param.location.clone(),
                format!(
                    "body parameter `{}` is documented as required but not every sample has it; \
                     the schema leaves it optional",
                    param.name
                ),
            )
            .with_rule(speclift_diag::Rule::RequiredNotInSamples)
            .with_hint("mark the parameter optional, or add it to every sample"),
        );
    }
}

/// Adds a documented parameter no sample shows, in the current wrapper.
/// Returns its path, or `None` when the wrapper cannot hold properties.
/// What the table says of `param`, as a shape of its own.
fn documented_shape(param: &Parameter, declared: Option<types::Declared>) -> Shape {
    let mut shape = declared.map_or_else(Shape::default, |d| {
        let mut s = Shape::of_types(d.types);
        s.format = d.format.map(str::to_string);
        s.declared_object = d.types == Types::OBJECT;
        s.typed = true;
        s
    });
    shape.documented = true;
    shape.range = Some(param.microversions);
    if !param.description.trim().is_empty() {
        shape.description = Some(param.description.trim().to_string());
    }
    shape.vendor.extend(range_vendor(&param.microversions));
    shape
}

/// A documented name with a placeholder (`gigabytes_{volume_type}`)
/// stands for many keys of the object in scope: its schema becomes that
/// object's `additionalProperties` (JSON Schema 2020-12
/// `patternProperties` is not in the emitter's model), the names are kept
/// as `key-patterns` in the object's vendor data, and sampled keys it
/// covers (`gigabytes_lvm`) count as documented. Such a name is never a
/// property, so it is never a missing required one either.
fn placeholder_keys(
    root: &mut Shape,
    scope: &Path,
    param: &Parameter,
    diags: &mut Diagnostics,
) -> bool {
    let Some((prefix, rest)) = param.name.split_once('{') else {
        return false;
    };
    let Some((_, suffix)) = rest.split_once('}') else {
        return false;
    };
    let declared = declared_of(param, diags);
    let Some(target) = node_mut(root, scope) else {
        return false;
    };
    if !(target.types.is_any() || target.types.has(Types::OBJECT)) {
        return false;
    }
    let value = documented_shape(param, declared);
    for (key, child) in &mut target.properties {
        let covered = key.len() > prefix.len() + suffix.len()
            && key.starts_with(prefix)
            && key.ends_with(suffix);
        if covered && !child.documented {
            child.documented = true;
            child.description.clone_from(&value.description);
        }
    }
    target.additional = Some(Box::new(match target.additional.take() {
        Some(existing) => existing.merge(value),
        None => value,
    }));
    let patterns = target
        .vendor
        .entry("key-patterns".to_string())
        .or_insert_with(|| json!([]));
    if let Value::Array(names) = patterns {
        names.push(json!(param.name));
    }
    true
}

fn add(
    root: &mut Shape,
    scope: &Path,
    name: &str,
    param: &Parameter,
    samples: &[Sample],
    diags: &mut Diagnostics,
) -> Option<Path> {
    let declared = declared_of(param, diags);
    let mut target_path = scope.clone();
    let mut target = node(root, &target_path)?;
    if target.types.has(Types::ARRAY) && !target.types.has(Types::OBJECT) {
        if target.items.is_none() {
            // Every sample shows the list empty, or none shows it
            // (`volumes_attached: []`, then `volumes_attached.id`): the
            // table's member says its elements are objects.
            node_mut(root, &target_path)?.items = Some(Box::new(Shape::of_types(Types::OBJECT)));
        }
        target_path.push(Step::Items);
        target = node(root, &target_path)?;
    }
    let holds_properties = target.types.is_any() || target.types.has(Types::OBJECT);
    if !holds_properties {
        diags.push(
            Diagnostic::warning(
                param.location.clone(),
                format!(
                    "body parameter `{}` is in no sample and its wrapper is not an object; \
                     it is left out of the schema",
                    param.name
                ),
            )
            .with_rule(speclift_diag::Rule::FieldNotInSamples)
            .with_hint("add the parameter to a sample body, or fix the table order"),
        );
        return None;
    }
    let sampled = target.sampled;
    let target = node_mut(root, &target_path)?;
    let shape = documented_shape(param, declared);
    let misspelled = sampled
        .then(|| {
            let undocumented: Vec<String> = target
                .properties
                .iter()
                .filter(|(_, c)| c.sampled && !c.documented)
                .map(|(k, _)| k.clone())
                .collect();
            near_miss(&undocumented, name)
        })
        .flatten();
    if let Some(key) = &misspelled {
        diags.push(
            Diagnostic::warning(
                param.location.clone(),
                format!(
                    "body parameter `{}` is in no sample; did you mean `{key}`, which the samples \
                     show and no parameter documents?",
                    param.name
                ),
            )
            .with_rule(speclift_diag::Rule::FieldNotInSamples)
            .with_hint(format!(
                "rename the table entry to `{key}`, or fix the sample if `{}` is right",
                param.name
            )),
        );
    }
    if param.required {
        if sampled {
            if misspelled.is_none() && samples.iter().any(|s| in_range(s, param)) {
                diags.push(
                    Diagnostic::warning(
                        param.location.clone(),
                        format!(
                            "body parameter `{}` is documented as required but no sample has it; \
                         the schema leaves it optional",
                            param.name
                        ),
                    )
                    .with_rule(speclift_diag::Rule::RequiredNotInSamples)
                    .with_hint("add the parameter to the samples, or mark it optional"),
                );
            }
        } else {
            target.require(name);
        }
    }
    if let Some(existing) = target.property_mut(name) {
        *existing = std::mem::take(existing).merge(shape);
    } else {
        target.properties.push((name.to_string(), shape));
    }
    target_path.push(Step::Prop(name.to_string()));
    Some(target_path)
}

/// The first of `keys` within edit distance 2 of `name` (but not equal):
/// what a misspelled parameter name most likely meant. Not
/// `suggest::closest` (a third of the word, case-folded): a sample key is
/// placed by this match, not merely suggested, so the bound is fixed and
/// case counts, as it does in JSON.
fn near_miss(keys: &[String], name: &str) -> Option<String> {
    let len = name.chars().count();
    keys.iter()
        .filter(|k| k.as_str() != name)
        // Lengths two apart are at least two edits apart: no distance to
        // compute for most keys of a large object.
        .filter(|k| k.len().abs_diff(name.len()) <= 8 && k.chars().count().abs_diff(len) <= 2)
        .map(|k| (distance(k, name), k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.clone())
}

/// Whether a sample shows a version the parameter exists in. A sample
/// without a version shows the base version.
fn in_range(sample: &Sample, param: &Parameter) -> bool {
    match sample.microversion {
        Some(v) => param.microversions.contains(v),
        None => param.microversions.min.is_none(),
    }
}

/// The objects a path reaches in one sample value.
fn reach<'v>(value: &'v Value, path: &[Step]) -> Vec<&'v Value> {
    let Some((step, rest)) = path.split_first() else {
        return vec![value];
    };
    match (step, value) {
        (Step::Prop(name), Value::Object(map)) => {
            map.get(name).map(|v| reach(v, rest)).unwrap_or_default()
        }
        (Step::Items, Value::Array(list)) => list.iter().flat_map(|v| reach(v, rest)).collect(),
        _ => Vec::new(),
    }
}

/// The types the samples of the parameter's versions show at `path`.
fn in_range_types(samples: &[Sample], param: &Parameter, path: &[Step]) -> Option<Types> {
    samples
        .iter()
        .filter(|s| in_range(s, param))
        .flat_map(|s| reach(&s.body, path))
        .map(Types::of)
        .reduce(Types::with)
}

/// Whether every sample of a version the parameter exists in has it
/// wherever its parent appears (older samples lacking a newer field are
/// no documentation error).
fn in_range_samples_have(
    samples: &[Sample],
    param: &Parameter,
    name: &str,
    parent: &[Step],
) -> bool {
    let mut parents = samples
        .iter()
        .filter(|s| in_range(s, param))
        .flat_map(|s| reach(&s.body, parent))
        .filter_map(Value::as_object)
        .peekable();
    parents.peek().is_some() && parents.all(|p| p.contains_key(name))
}

/// A parameter no sample names, in an object none of whose sample keys any
/// parameter of the table names, is a placeholder for those keys
/// (`network_label` in `{"addresses": {"private": [...]}}`, `spec` in
/// `{"key1": "value1"}`): the object is a map and the keys are data.
fn stands_for_keys(root: &mut Shape, scope: &Path, param: &Parameter, later: &[Parameter]) -> bool {
    let declared = param.ty.as_deref().and_then(types::declared);
    let Some(target) = node_mut(root, scope) else {
        return false;
    };
    // Cheapest tests first: this runs for every row no sample shows, and
    // the last two cost a pass over the object (and the rest of the table).
    let fits = target.sampled
        && target.types.has(Types::OBJECT)
        && target.additional.is_none()
        && !target.properties.is_empty()
        && target
            .properties
            .iter()
            .all(|(_, c)| !c.documented && declared.is_none_or(|d| d.types.accepts(c.types)));
    if !fits {
        return false;
    }
    let keys: std::collections::HashSet<&str> =
        target.properties.iter().map(|(k, _)| k.as_str()).collect();
    if later.iter().any(|p| keys.contains(p.name.as_str())) {
        return false;
    }
    // A near miss of a sample key (`attachement` for `attachment`) is a
    // misspelled wrapper, not a name for data keys. So is a name that
    // extends a sample key by whole words (`target_project_id` for a
    // sampled `project_id`): a renamed field whose sample was not updated;
    // data keys are no field names.
    if near_miss(&target.names(), &param.name).is_some()
        || keys.iter().any(|key| extends_by_words(&param.name, key))
    {
        return false;
    }
    for (_, value) in &mut target.properties {
        value.documented = true;
        if !param.description.trim().is_empty() {
            value.description = Some(param.description.trim().to_string());
        }
        value.vendor.extend(range_vendor(&param.microversions));
    }
    target.keyed_by = Some(param.name.clone());
    true
}

/// Whether `name` is `key` with whole `_`-separated words added before or
/// after it (`target_project_id` and `project_id`).
fn extends_by_words(name: &str, key: &str) -> bool {
    name.len() > key.len()
        && (name
            .strip_suffix(key)
            .is_some_and(|head| head.ends_with('_'))
            || name
                .strip_prefix(key)
                .is_some_and(|tail| tail.starts_with('_')))
}

/// Documented objects whose members no table documents are free-form
/// (`metadata`, `connection_info`, `capabilities`): one sample's values
/// say nothing about what the service may put there, so their members get
/// no types and any other member is allowed (`additionalProperties: true`).
/// One whose sampled values are all strings is a map (`metadata`,
/// `extra_specs`): its sample keys are data and are dropped. Any other
/// (`{"in_use": 0, "limit": 20}`, nested ones) keeps its sample members,
/// untyped, for the reader. An object whose keys a placeholder parameter
/// names (`network_label`) is a map whose values that parameter documents:
/// those keep their types.
fn collapse_maps(shape: &mut Shape) {
    for (_, child) in &mut shape.properties {
        collapse_maps(child);
    }
    if let Some(items) = shape.items.as_deref_mut() {
        collapse_maps(items);
    }
    if let Some(key) = shape.keyed_by.take() {
        let values = std::mem::take(&mut shape.properties)
            .into_iter()
            .map(|(_, value)| value)
            .reduce(Shape::merge);
        shape.additional = values.map(Box::new);
        shape.required.clear();
        shape.always = None;
        shape.vendor.insert("map-key".into(), json!(key));
        return;
    }
    let free_form = shape.declared_object
        && !shape.properties.is_empty()
        && shape.properties.iter().all(|(_, c)| !c.documented);
    if !free_form {
        return;
    }
    let string_map = shape.properties.iter().all(|(_, c)| {
        let non_null = c.types.without(Types::NULL);
        !c.types.is_any() && (non_null == Types::STRING || non_null.is_any())
    });
    if string_map {
        shape.properties.clear();
        shape.required.clear();
        shape.always = None;
    } else {
        for (_, child) in &mut shape.properties {
            untype_undocumented(child);
        }
    }
    shape.additional = Some(Box::default());
}

/// Drops what one sample value implied (type, format, status values) from
/// every undocumented spot at or below `shape`; documented spots keep
/// what their table says.
fn untype_undocumented(shape: &mut Shape) {
    if !shape.documented {
        // Containers stay containers (or null), so their sampled members
        // and items still show; scalars may be anything.
        let container = shape.types.without(Types::NULL);
        shape.types = if container == Types::ARRAY || container == Types::OBJECT {
            container.with(Types::NULL)
        } else {
            Types::ANY
        };
        shape.format = None;
        shape.enumeration = None;
    }
    shape.children_mut().for_each(untype_undocumented);
}

/// A spot whose samples only ever show `null` and whose type no table gives
/// has no known type (`"updated_at": null` in an update sample): typing it
/// `null` would reject every real value, so it is left unconstrained.
fn untype_null_only(shape: &mut Shape) {
    if shape.types == Types::NULL && !shape.typed {
        shape.types = Types::ANY;
    }
    shape.children_mut().for_each(untype_null_only);
}

/// Leaves out of `required` every member documented for fewer versions
/// than the body exists in (`range`: the operation's, narrowed by the
/// status code's): a client at another microversion does not get it.
/// Inside a member, its own versions narrow the range.
pub(crate) fn require_only_throughout(shape: &mut Shape, range: VersionRange) {
    let partial: Vec<String> = shape
        .properties
        .iter()
        .filter(|(_, c)| c.range.is_some_and(|r| !versions::covers(r, range)))
        .map(|(k, _)| k.clone())
        .collect();
    shape.required.retain(|r| !partial.contains(r));
    for (_, child) in &mut shape.properties {
        let inner = child.range.map_or(range, |r| versions::intersect(range, r));
        require_only_throughout(child, inner);
    }
    for inner in [shape.items.as_deref_mut(), shape.additional.as_deref_mut()]
        .into_iter()
        .flatten()
    {
        require_only_throughout(inner, range);
    }
}

/// Sample fields no table documents stay, flagged for the reader.
fn mark_undocumented(shape: &mut Shape) {
    for (_, child) in &mut shape.properties {
        if child.sampled && !child.documented {
            child.vendor.insert("undocumented".into(), json!(true));
        }
    }
    shape.children_mut().for_each(mark_undocumented);
}

/// The top-level keys every sample of a body has (the action name of an
/// action body), in first-sample order.
pub(crate) fn common_top_keys(samples: &[Sample]) -> Option<Vec<String>> {
    let mut keys: Option<Vec<String>> = None;
    for sample in samples {
        let Value::Object(map) = &sample.body else {
            return None;
        };
        let these: Vec<String> = map.keys().cloned().collect();
        keys = Some(match keys {
            None => these,
            Some(k) => k.into_iter().filter(|n| these.contains(n)).collect(),
        });
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use speclift_diag::{Location, path};
    use speclift_model::{Microversion, ParamIn, VersionRange};

    fn param(name: &str, ty: &str, required: bool, line: u32) -> Parameter {
        Parameter {
            name: name.into(),
            key: name.into(),
            location_in: ParamIn::Body,
            ty: Some(ty.into()),
            required,
            description: format!("The {name}."),
            microversions: VersionRange::default(),
            location: Location::new(path("parameters.yaml"), line, 1),
            definition: None,
        }
    }

    fn sample(body: Value) -> Sample {
        Sample {
            title: "Example".into(),
            microversion: None,
            file: None,
            body,
            location: Location::new(path("index.rst"), 1, 1),
        }
    }

    fn schema(shape: &Shape) -> Value {
        serde_json::to_value(shape.to_schema()).unwrap()
    }

    /// The body schema of `params` placed onto `samples`, with diagnostics.
    fn shaped(params: &[Parameter], samples: &[Sample]) -> (Value, Diagnostics) {
        let mut diags = Diagnostics::new();
        let shape = body_shape(params, samples, &mut Coverage::default(), &mut diags)
            .expect("a body shape");
        (schema(&shape), diags)
    }

    #[test]
    fn attachment_fields_land_inside_the_wrapper() {
        let body = json!({"attachment": {
            "instance_uuid": "462dcc2d-130d-4654-8db1-da0df2da6a0d",
            "connector": {"initiator": "iqn.1993-08.org.debian:01:cad181614cec", "multipath": false},
            "volume_uuid": "462dcc2d-130d-4654-8db1-da0df2da6a0d"
        }});
        let params = [
            param("attachment", "object", true, 1),
            param("instance_uuid", "string", false, 2),
            param("connector", "object", false, 3),
            param("volume_uuid", "string", true, 4),
        ];
        let (s, diags) = shaped(&params, &[sample(body)]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(s["required"], json!(["attachment"]));
        let attachment = &s["properties"]["attachment"];
        assert_eq!(attachment["description"], json!("The attachment."));
        assert_eq!(
            attachment["properties"]
                .as_object()
                .unwrap()
                .keys()
                .collect::<Vec<_>>(),
            ["instance_uuid", "connector", "volume_uuid"]
        );
        assert_eq!(attachment["required"], json!(["volume_uuid"]));
        assert_eq!(
            attachment["properties"]["instance_uuid"]["description"],
            json!("The instance_uuid.")
        );
        // `connector`'s keys are documented nowhere: it is free-form. Not
        // all its values are strings, so it is no map: the sampled keys
        // stay, untyped.
        let connector = &attachment["properties"]["connector"];
        assert_eq!(connector["type"], json!("object"));
        assert_eq!(connector["additionalProperties"], json!(true));
        let undocumented = json!({"x-openstack": {"undocumented": true}});
        assert_eq!(
            connector["properties"],
            json!({"initiator": undocumented, "multipath": undocumented})
        );
        // Nothing was placed at the top level by mistake.
        assert_eq!(s["properties"].as_object().unwrap().len(), 1);
    }

    #[test]
    fn later_top_level_key_found_outside_the_wrapper() {
        let body = json!({"volume": {"size": 1, "name": "v"}, "OS-SCH-HNT:scheduler_hints": {"same_host": ["a"]}});
        let params = [
            param("volume", "object", true, 1),
            param("size", "integer", true, 2),
            param("name", "string", false, 3),
            param("OS-SCH-HNT:scheduler_hints", "object", false, 4),
        ];
        let (s, diags) = shaped(&params, &[sample(body)]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            s["properties"]
                .as_object()
                .unwrap()
                .keys()
                .collect::<Vec<_>>(),
            ["volume", "OS-SCH-HNT:scheduler_hints"]
        );
        assert_eq!(s["properties"]["volume"]["required"], json!(["size"]));
    }

    #[test]
    fn incompatible_type_keeps_the_sample_type_and_warns() {
        let params = [param("size", "string", false, 7)];
        let (s, diags) = shaped(&params, &[sample(json!({"size": 10}))]);
        assert_eq!(s["properties"]["size"]["type"], json!("integer"));
        let d: Vec<_> = diags.into_iter().collect();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].location.as_ref().unwrap().line, 7);
        assert!(d[0].message.contains("`size`"), "{}", d[0].message);
        assert!(d[0].hint.is_some());
    }

    #[test]
    fn compatible_type_widens_and_keeps_null() {
        let params = [
            param("progress", "float", false, 1),
            param("id", "uuid", true, 2),
        ];
        let samples = [
            sample(json!({"progress": 1, "id": "x"})),
            sample(json!({"progress": null, "id": "y"})),
        ];
        let (s, diags) = shaped(&params, &samples);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            s["properties"]["progress"]["type"],
            json!(["number", "null"])
        );
        // Documented `uuid`, but the samples show no UUIDs: no format.
        assert!(s["properties"]["id"].get("format").is_none(), "{s}");
        assert_eq!(s["required"], json!(["id"]));
    }

    #[test]
    fn a_body_keyed_by_the_path_parameter_is_a_map() {
        let keyed = |path: &str, body: Value| {
            let mut diags = Diagnostics::default();
            let mut shape =
                body_shape(&[], &[sample(body)], &mut Coverage::default(), &mut diags).unwrap();
            keyed_by_path_parameter(&mut shape, path);
            schema(&shape)
        };
        let s = keyed(
            "/v3/types/{id}/extra_specs/{key}",
            json!({"capabilities": "gpu"}),
        );
        assert!(s.get("properties").is_none(), "{s}");
        assert!(s.get("required").is_none(), "{s}");
        // One sampled value types no other (`key_size` is an integer).
        assert!(s["additionalProperties"].get("type").is_none(), "{s}");
        assert_eq!(s["x-openstack"]["map-key"], json!("key"));
        // A wrapped resource, a record of several members, or a path that
        // names no key keeps its properties.
        for (path, body) in [
            ("/v3/volumes/{volume_id}", json!({"volume": {"id": "v"}})),
            (
                "/v3/quotas/{project_id}",
                json!({"volumes": 10, "snapshots": 10}),
            ),
            ("/v3/types/{id}/extra_specs", json!({"capabilities": "gpu"})),
        ] {
            assert!(keyed(path, body).get("properties").is_some(), "{path}");
        }
    }

    #[test]
    fn required_only_when_every_sample_has_it() {
        let params = [param("name", "string", true, 3)];
        let samples = [sample(json!({"name": "a"})), sample(json!({}))];
        let (s, diags) = shaped(&params, &samples);
        assert!(s.get("required").is_none());
        assert_eq!(diags.len(), 1);
    }

    #[test]
    fn undocumented_sample_fields_are_flagged_and_missing_params_added() {
        let params = [
            param("volume", "object", true, 1),
            param("size", "integer", true, 2),
            param("multiattach", "boolean", false, 3),
        ];
        let body = json!({"volume": {"size": 1, "bootable": "false"}});
        let (s, diags) = shaped(&params, &[sample(body)]);
        assert!(diags.is_empty(), "{diags:?}");
        let volume = &s["properties"]["volume"]["properties"];
        assert_eq!(
            volume["bootable"]["x-openstack"],
            json!({"undocumented": true})
        );
        assert!(volume["size"].get("x-openstack").is_none());
        assert_eq!(volume["multiattach"]["type"], json!("boolean"));
    }

    #[test]
    fn without_samples_a_top_level_object_wraps_what_follows() {
        let params = [
            param("os-extend", "object", true, 1),
            param("new_size", "integer", true, 2),
        ];
        let (s, diags) = shaped(&params, &[]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(s["required"], json!(["os-extend"]));
        assert_eq!(
            s["properties"]["os-extend"]["required"],
            json!(["new_size"])
        );
        assert_eq!(
            s["properties"]["os-extend"]["properties"]["new_size"]["type"],
            json!("integer")
        );
    }

    #[test]
    fn list_items_are_searched_inside_the_array_wrapper() {
        let params = [
            param("volumes", "array", true, 1),
            param("id", "uuid", true, 2),
            param("count", "integer", false, 3),
        ];
        let body = json!({"volumes": [
            {"id": "3b8b6631-1cf7-4fd7-9afb-c01e541a073c"},
            {"id": "462dcc2d-130d-4654-8db1-da0df2da6a0d"}
        ], "count": 2});
        let (s, diags) = shaped(&params, &[sample(body)]);
        assert!(diags.is_empty(), "{diags:?}");
        let item = &s["properties"]["volumes"]["items"];
        assert_eq!(item["required"], json!(["id"]));
        assert_eq!(item["properties"]["id"]["format"], json!("uuid"));
        assert_eq!(s["properties"]["count"]["description"], json!("The count."));
    }

    #[test]
    fn maps_are_flat_undocumented_objects_only() {
        let params = [
            param("volume", "object", true, 1),
            param("metadata", "dict", false, 2),
        ];
        let body = json!({"volume": {
            "id": "x",
            "links": [{"href": "h"}],
            "metadata": {"readonly": "False", "attached_mode": "rw"}
        }});
        let (s, _) = shaped(&params, &[sample(body)]);
        let volume = &s["properties"]["volume"];
        assert_eq!(
            volume["properties"]["links"]["x-openstack"],
            json!({"undocumented": true})
        );
        let metadata = &volume["properties"]["metadata"];
        assert_eq!(
            metadata,
            &json!({"type": "object", "description": "The metadata.", "additionalProperties": true})
        );
    }

    #[test]
    fn free_form_objects_keep_nested_members_untyped() {
        // Cinder's connection_info: the sample shows strings and numbers,
        // the service also returns null and booleans there.
        let params = [
            param("attachment", "object", true, 1),
            param("connection_info", "object", true, 2),
            param("extra", "dict", false, 3),
            param("extra.pinned", "boolean", false, 4),
        ];
        let body = json!({"attachment": {
            "connection_info": {
                "driver_volume_type": "iscsi",
                "qos_specs": 5,
                "data": {"target_lun": 0, "target_iqn": "iqn.2010-10.org.openstack:volume-1",
                         "created_at": "2017-02-28T18:09:06.000000"},
                "portals": ["10.0.0.1:3260"]
            },
            "extra": {"pinned": true, "zone": "az1"}
        }});
        let (s, diags) = shaped(&params, &[sample(body)]);
        assert!(diags.is_empty(), "{diags:?}");
        let info = &s["properties"]["attachment"]["properties"]["connection_info"];
        assert_eq!(info["type"], json!("object"));
        assert_eq!(info["additionalProperties"], json!(true));
        let undocumented = json!({"x-openstack": {"undocumented": true}});
        let members = info["properties"].as_object().unwrap();
        assert_eq!(members.len(), 4);
        for name in ["driver_volume_type", "qos_specs"] {
            assert_eq!(members[name], undocumented, "{name}");
        }
        // A container stays one (or null): its items still show.
        assert_eq!(
            members["portals"],
            json!({"type": ["array", "null"], "items": {}, "x-openstack": {"undocumented": true}})
        );
        // Nested members lose their sampled types and formats too.
        let data = &members["data"];
        assert_eq!(data["type"], json!(["object", "null"]), "{data}");
        assert_eq!(data["properties"]["created_at"], undocumented);
        // A documented member keeps its type; the others stay: no map.
        let extra = &s["properties"]["attachment"]["properties"]["extra"];
        assert_eq!(extra["properties"]["pinned"]["type"], json!("boolean"));
        assert_eq!(extra["properties"]["zone"]["type"], json!("string"));
        assert!(extra.get("additionalProperties").is_none(), "{extra}");
    }

    #[test]
    fn null_only_samples_give_no_type_unless_a_table_does() {
        let mut untyped = param("deleted_at", "string", false, 3);
        untyped.ty = None;
        let params = [
            param("snapshot", "object", true, 1),
            param("description", "string", false, 2),
            untyped,
        ];
        let body = json!({"snapshot": {
            "description": null, "deleted_at": null, "updated_at": null, "tags": [null]
        }});
        let (s, diags) = shaped(&params, &[sample(body.clone())]);
        assert!(diags.is_empty(), "{diags:?}");
        let snapshot = &s["properties"]["snapshot"]["properties"];
        assert_eq!(snapshot["description"]["type"], json!(["string", "null"]));
        assert_eq!(
            snapshot["deleted_at"],
            json!({"description": "The deleted_at."})
        );
        assert_eq!(
            snapshot["updated_at"],
            json!({"x-openstack": {"undocumented": true}})
        );
        assert!(snapshot["tags"]["items"].get("type").is_none(), "{s}");
        // Without any table, too.
        let (s, _) = shaped(&[], &[sample(body)]);
        assert!(
            s["properties"]["snapshot"]["properties"]["updated_at"]
                .get("type")
                .is_none()
        );
    }

    #[test]
    fn members_of_fewer_versions_than_the_body_are_not_required() {
        let v = |minor| Some(Microversion::new(3, minor));
        let mut status = param("status", "string", true, 2);
        status.microversions.min = v(27);
        let mut mode = param("mode", "string", true, 3);
        mode.microversions.min = v(54);
        let mut gone = param("legacy", "string", true, 4);
        gone.microversions.max = v(50);
        let params = [param("attachment", "object", true, 1), status, mode, gone];
        let mut at = sample(json!({"attachment": {"status": "a", "mode": "rw", "legacy": "x"}}));
        at.microversion = v(54);
        let shape = || {
            let mut diags = Diagnostics::new();
            let shape = body_shape(&params, &[at.clone()], &mut Coverage::default(), &mut diags);
            shape.unwrap()
        };
        let required = |range: VersionRange| {
            let mut s = shape();
            require_only_throughout(&mut s, range);
            schema(&s)["properties"]["attachment"]["required"].clone()
        };
        // Unbounded operation: none of the three is in every version.
        assert_eq!(required(VersionRange::default()), json!(null));
        // From 3.27 (seed 000's attachments): `status` always is.
        let from_27 = VersionRange {
            min: v(27),
            max: None,
        };
        assert_eq!(required(from_27), json!(["status"]));
        let window = VersionRange {
            min: v(27),
            max: v(50),
        };
        assert_eq!(required(window), json!(["status", "legacy"]));
        // A wrapper's own versions narrow its members' range.
        let mut s = shape();
        if let Some(wrapper) = s.property_mut("attachment") {
            wrapper.range = Some(VersionRange {
                min: v(54),
                max: None,
            });
        }
        require_only_throughout(&mut s, from_27);
        assert_eq!(
            schema(&s)["properties"]["attachment"]["required"],
            json!(["status", "mode"])
        );
        assert_eq!(schema(&s)["required"], json!(null));
    }

    #[test]
    fn free_form_objects_of_non_strings_keep_their_keys() {
        // Nova's quota detail: `cores` is documented as an object, its
        // members nowhere; numbers are no metadata map.
        let params = [
            param("quota_set", "object", true, 1),
            param("cores", "object", true, 2),
            param("metadata", "object", false, 3),
        ];
        let body = json!({"quota_set": {
            "cores": {"in_use": 0, "limit": 20, "reserved": 0},
            "metadata": {"k": "v", "other": null}
        }});
        let (s, _) = shaped(&params, &[sample(body)]);
        let quota_set = &s["properties"]["quota_set"]["properties"];
        let cores = &quota_set["cores"];
        assert_eq!(cores["additionalProperties"], json!(true));
        let keys: Vec<_> = cores["properties"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["in_use", "limit", "reserved"]);
        assert!(quota_set["metadata"].get("properties").is_none());
    }

    #[test]
    fn fields_listed_before_the_resource_wrapper_go_inside_it() {
        let params = [
            param("status", "string", true, 1),
            param("name", "string", false, 2),
            param("snapshot", "object", true, 3),
            param("id", "string", true, 4),
        ];
        let mut diags = Diagnostics::new();
        let mut shape = body_shape(&params, &[], &mut Coverage::default(), &mut diags).unwrap();
        // Another wrapper name (the path names `volumes`): left as documented.
        let mut other = shape.clone();
        nest_fields_listed_before_wrapper(&mut other, "volume", &params, &mut diags);
        assert_eq!(other, shape);
        assert!(diags.is_empty(), "{diags:?}");
        nest_fields_listed_before_wrapper(&mut shape, "snapshot", &params, &mut diags);
        let s = schema(&shape);
        assert_eq!(s["required"], json!(["snapshot"]));
        let snapshot = &s["properties"]["snapshot"];
        let keys: Vec<_> = snapshot["properties"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["status", "name", "id"]);
        assert_eq!(snapshot["required"], json!(["id", "status"]));
        let d = diags.into_sorted();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].location.as_ref().unwrap().line, 1);
        assert!(
            d[0].message
                .contains("`status`, `name` listed before the `snapshot` wrapper")
        );
    }

    #[test]
    fn placeholder_names_become_additional_properties() {
        let params = [
            param("quota_class_set", "object", true, 1),
            param("gigabytes", "integer", true, 2),
            param("gigabytes_{volume_type}", "integer", true, 3),
            param("volumes_{volume_type}", "integer", true, 4),
        ];
        let body = json!({"quota_class_set": {"gigabytes": 1000, "gigabytes_lvm": -1}});
        let (s, diags) = shaped(&params, &[sample(body)]);
        assert!(diags.is_empty(), "{diags:?}");
        let set = &s["properties"]["quota_class_set"];
        let keys: Vec<_> = set["properties"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["gigabytes", "gigabytes_lvm"]);
        // The sampled key the pattern covers is documented by it.
        let lvm = &set["properties"]["gigabytes_lvm"];
        assert_eq!(lvm.pointer("/x-openstack/undocumented"), None, "{lvm}");
        assert_eq!(
            lvm["description"],
            set["additionalProperties"]["description"]
        );
        assert_eq!(set["required"], json!(["gigabytes"]));
        assert_eq!(set["additionalProperties"]["type"], json!("integer"));
        assert_eq!(
            set["x-openstack"]["key-patterns"],
            json!(["gigabytes_{volume_type}", "volumes_{volume_type}"])
        );
    }

    #[test]
    fn documented_arrays_without_elements_borrow_a_same_named_shape() {
        let params = [
            param("server", "object", true, 1),
            param("links", "array", true, 2),
            param("flavor", "object", true, 3),
            param("flavor.links", "array", false, 4),
        ];
        let body = json!({"server": {
            "links": [{"href": "http://h/servers/1", "rel": "self"}],
            "flavor": {}
        }});
        let (s, _) = shaped(&params, &[sample(body)]);
        let server = &s["properties"]["server"]["properties"];
        let borrowed = &server["flavor"]["properties"]["links"]["items"];
        assert_eq!(borrowed, &server["links"]["items"]);
        let keys: Vec<_> = borrowed["properties"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["href", "rel"]);
    }

    #[test]
    fn placeholder_parameters_make_maps() {
        let params = [
            param("addresses", "object", true, 1),
            param("network_label", "array", true, 2),
            param("addr", "string", true, 3),
            param("version", "integer", true, 4),
        ];
        let body = json!({"addresses": {"private": [{"addr": "192.168.1.30", "version": 4, "OS-EXT-IPS:type": "fixed"}]}});
        let (s, diags) = shaped(&params, &[sample(body)]);
        assert!(diags.is_empty(), "{diags:?}");
        let addresses = &s["properties"]["addresses"];
        assert!(addresses.get("properties").is_none(), "{addresses}");
        assert_eq!(
            addresses["x-openstack"],
            json!({"map-key": "network_label"})
        );
        let values = &addresses["additionalProperties"];
        assert_eq!(values["type"], json!("array"));
        assert_eq!(values["description"], json!("The network_label."));
        let item = &values["items"];
        assert_eq!(item["required"], json!(["addr", "version"]));
        assert_eq!(
            item["properties"]["OS-EXT-IPS:type"]["x-openstack"],
            json!({"undocumented": true})
        );

        // A top-level placeholder: the whole body is a map.
        let params = [param("spec", "string", true, 9)];
        let (s, diags) = shaped(&params, &[sample(json!({"key1": "value1"}))]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(s["additionalProperties"]["type"], json!("string"));
        assert!(s.get("properties").is_none());

        // A name extending a sample key by whole words: a renamed field
        // whose sample shows the old name, not a name for data keys.
        let params = [
            param("target_project_id", "string", false, 10),
            param("description", "string", false, 11),
        ];
        let (s, _) = shaped(&params, &[sample(json!({"project_id": "1"}))]);
        assert!(s.get("additionalProperties").is_none(), "{s}");
        let names: Vec<_> = s["properties"].as_object().unwrap().keys().collect();
        assert_eq!(names, ["project_id", "target_project_id", "description"]);
    }

    #[test]
    fn a_field_no_sample_shows_between_siblings_sits_beside_them() {
        let params = [
            param("quota_set", "object", true, 1),
            param("cores", "object", true, 2),
            param("floating_ips", "object", true, 3),
            param("networks", "integer", false, 4),
            param("security_groups", "object", true, 5),
        ];
        let used = json!({"in_use": 0, "limit": 10, "reserved": 0});
        let body =
            json!({"quota_set": {"cores": used, "floating_ips": used, "security_groups": used}});
        let (s, diags) = shaped(&params, &[sample(body)]);
        assert!(diags.is_empty(), "{diags:?}");
        let quota_set = &s["properties"]["quota_set"];
        assert_eq!(
            quota_set["properties"]["networks"]["type"],
            json!("integer")
        );
        // A wrapper no sample shows holds what the table lists after it,
        // even when a later parameter is sampled at the top.
        let params = [
            param("snapshot", "object", true, 1),
            param("size", "integer", true, 2),
            param("metadata", "object", true, 3),
        ];
        let (t, _) = shaped(&params, &[sample(json!({"metadata": {"a": "b"}}))]);
        assert_eq!(
            t["properties"]["snapshot"]["properties"]["size"]["type"],
            json!("integer")
        );
        assert!(t["properties"].get("size").is_none(), "{t}");
        let floating_ips = &quota_set["properties"]["floating_ips"];
        assert!(floating_ips.get("x-openstack").is_none(), "{floating_ips}");
        assert_eq!(
            floating_ips["properties"]["limit"],
            json!({"x-openstack": {"undocumented": true}})
        );
    }

    #[test]
    fn a_wrapper_whose_keys_come_later_is_no_placeholder() {
        let params = [
            param("volume", "object", true, 1),
            param("new_field", "string", false, 2),
            param("size", "integer", true, 3),
        ];
        let body = json!({"volume": {"size": 1}});
        let (s, _) = shaped(&params, &[sample(body)]);
        let volume = &s["properties"]["volume"];
        assert_eq!(volume["required"], json!(["size"]));
        assert_eq!(volume["properties"]["new_field"]["type"], json!("string"));
        assert!(volume.get("additionalProperties").is_none());
    }

    #[test]
    fn samples_outside_a_parameters_versions_do_not_count() {
        let mut locked = param("locked_reason", "string", true, 5);
        locked.microversions.min = Some(Microversion::new(2, 73));
        let mut gone = param("rxtx_factor", "float", true, 6);
        gone.microversions.max = Some(Microversion::new(2, 0));
        let mut old = sample(json!({"server": {"id": "a"}}));
        old.microversion = Some(Microversion::new(2, 1));
        let mut new = sample(json!({"server": {"id": "a", "locked_reason": "x"}}));
        new.microversion = Some(Microversion::new(2, 73));
        let params = [param("server", "object", true, 4), locked.clone(), gone];
        let (s, diags) = shaped(&params, &[old.clone(), new.clone()]);
        assert!(diags.is_empty(), "{diags:?}");
        // Optional still: the old sample lacks it and must stay valid.
        assert!(s["properties"]["server"].get("required").is_none());
        assert_eq!(
            s["properties"]["server"]["properties"]["locked_reason"]["x-openstack"],
            json!({"min-ver": "2.73"})
        );
        // A 2.73 sample without it is a documentation error.
        let mut bad = new;
        bad.body = json!({"server": {"id": "a"}});
        let params = [
            param("server", "object", true, 4),
            locked,
            param("id", "string", true, 7),
        ];
        let (_, diags) = shaped(&params, &[old, bad]);
        assert_eq!(diags.len(), 1, "{diags:?}");
    }

    #[test]
    fn dotted_names_address_nested_fields() {
        let params = [
            param("server", "object", true, 1),
            param("flavor", "object", true, 2),
            param("flavor.id", "string", true, 3),
            param("block_device_mapping_v2", "array", false, 4),
            param("block_device_mapping_v2.boot_index", "integer", true, 5),
            param("flavor.extra_specs", "dict", false, 6),
        ];
        let body = json!({"server": {
            "flavor": {"id": "1", "links": []},
            "block_device_mapping_v2": [{"boot_index": 0, "uuid": "u"}]
        }});
        let (s, diags) = shaped(&params, &[sample(body)]);
        assert!(diags.is_empty(), "{diags:?}");
        let server = &s["properties"]["server"]["properties"];
        assert_eq!(server["flavor"]["required"], json!(["id"]));
        assert_eq!(
            server["flavor"]["properties"]["id"]["description"],
            json!("The flavor.id.")
        );
        assert_eq!(
            server["flavor"]["properties"]["extra_specs"]["type"],
            json!("object")
        );
        assert_eq!(
            server["block_device_mapping_v2"]["items"]["required"],
            json!(["boot_index"])
        );
        assert!(server.get("flavor.id").is_none());
    }

    #[test]
    fn dotted_names_type_the_elements_of_lists_no_sample_fills() {
        let params = [
            param("server", "object", true, 1),
            param("volumes_attached", "array", true, 2),
            param("volumes_attached.id", "string", true, 3),
            param(
                "volumes_attached.delete_on_termination",
                "boolean",
                false,
                4,
            ),
            param("personality", "array", false, 5),
            param("personality.path", "string", false, 6),
        ];
        // One sample shows the list empty; none shows `personality`.
        let body = json!({"server": {"volumes_attached": []}});
        let (s, diags) = shaped(&params, &[sample(body)]);
        let server = &s["properties"]["server"]["properties"];
        let element = &server["volumes_attached"]["items"];
        assert_eq!(element["type"], json!("object"));
        assert_eq!(element["properties"]["id"]["type"], json!("string"));
        assert_eq!(
            element["properties"]["delete_on_termination"]["type"],
            json!("boolean")
        );
        assert_eq!(
            server["personality"]["items"]["properties"]["path"]["type"],
            json!("string")
        );
        // Nothing the sample shows contradicts the table: no warning but
        // the required member no sample has.
        assert!(
            diags
                .iter()
                .all(|d| d.message.contains("`volumes_attached.id`")),
            "{diags:?}"
        );
    }

    #[test]
    fn a_dotted_name_implies_its_parent_object() {
        let params = [
            param("rebuild", "object", true, 1),
            param("personality.path", "string", true, 2),
            param("personality.contents", "string", true, 3),
        ];
        let body = json!({"rebuild": {"imageRef": "x"}});
        let (s, _) = shaped(&params, &[sample(body)]);
        let rebuild = &s["properties"]["rebuild"]["properties"];
        assert!(rebuild.get("personality.path").is_none(), "{rebuild}");
        let personality = &rebuild["personality"];
        assert_eq!(personality["type"], json!("object"));
        assert!(personality.get("x-openstack").is_none(), "{personality}");
        assert_eq!(personality["properties"]["path"]["type"], json!("string"));
        assert_eq!(personality["required"], json!(["path", "contents"]));

        // A misspelled parent is not invented.
        let params = [
            param("server", "object", true, 1),
            param("security_group.name", "string", true, 2),
        ];
        let body = json!({"server": {"security_groups": [{"name": "default"}]}});
        let (s, _) = shaped(&params, &[sample(body.clone())]);
        assert!(
            s["properties"]["server"]["properties"]
                .get("security_group")
                .is_none(),
            "{s}"
        );
        // Nor inside the sibling the table just left.
        let params = [
            param("server", "object", true, 1),
            param("security_groups", "array", false, 2),
            param("security_group.name", "string", true, 3),
        ];
        let (s, _) = shaped(&params, &[sample(body)]);
        let groups = &s["properties"]["server"]["properties"]["security_groups"];
        assert!(
            groups["items"]["properties"]
                .get("security_group")
                .is_none(),
            "{groups}"
        );
    }

    #[test]
    fn a_field_documented_per_version_range() {
        let mut old_id = param("id", "integer", true, 1);
        old_id.microversions.max = Some(Microversion::new(2, 52));
        let mut new_id = param("id", "uuid", true, 2);
        new_id.microversions.min = Some(Microversion::new(2, 53));
        let mut old = sample(json!({"id": 1}));
        old.microversion = Some(Microversion::new(2, 1));
        let mut new = sample(json!({"id": "4f5c…"}));
        new.microversion = Some(Microversion::new(2, 53));
        let (s, diags) = shaped(&[old_id, new_id], &[old, new]);
        assert!(diags.is_empty(), "{diags:?}");
        let id = &s["properties"]["id"];
        assert_eq!(id["type"], json!(["string", "integer"]));
        assert_eq!(id["description"], json!("The id."));
        // The union of both ranges is unbounded.
        assert!(id.get("x-openstack").is_none(), "{id}");
        assert_eq!(s["required"], json!(["id"]));
    }

    #[test]
    fn a_misspelled_wrapper_is_no_map_and_is_diagnosed() {
        // Seed 000's attachment update documents `attachement`.
        let params = [
            param("attachement", "object", true, 246),
            param("connector", "object", true, 247),
        ];
        let body = json!({"attachment": {"connector": {"initiator": "iqn", "multipath": false}}});
        let (s, diags) = shaped(&params, &[sample(body.clone())]);
        assert!(s.get("additionalProperties").is_none(), "{s}");
        let attachment = &s["properties"]["attachment"];
        assert_eq!(attachment["x-openstack"], json!({"undocumented": true}));
        assert_eq!(attachment["required"], json!(["connector"]));
        assert_eq!(
            attachment["properties"]["connector"]["description"],
            json!("The connector.")
        );
        let misspelled = &s["properties"]["attachement"];
        assert_eq!(misspelled["type"], json!("object"));
        assert!(s.get("required").is_none(), "{s}");
        let d: Vec<_> = diags.into_iter().collect();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].location.as_ref().unwrap().line, 246);
        assert!(
            d[0].message.contains("did you mean `attachment`"),
            "{}",
            d[0].message
        );
        assert!(d[0].hint.as_deref().unwrap().contains("rename"));
    }

    #[test]
    fn extends_by_words_needs_whole_words() {
        assert!(extends_by_words("target_project_id", "project_id"));
        assert!(extends_by_words("project_id_new", "project_id"));
        assert!(!extends_by_words("subproject_id", "project_id"));
        assert!(!extends_by_words("project_id", "project_id"));
    }

    #[test]
    fn near_miss_is_within_two_edits() {
        assert_eq!(
            near_miss(&["volume".into(), "spec".into()], "specs"),
            Some("spec".into())
        );
        assert_eq!(near_miss(&["volume".into()], "network_label"), None);
    }

    #[test]
    fn unknown_type_is_diagnosed() {
        let params = [param("x", "strnig", false, 9)];
        let (s, diags) = shaped(&params, &[]);
        assert!(s["properties"]["x"].get("type").is_none());
        let d: Vec<_> = diags.into_iter().collect();
        assert_eq!(d.len(), 1);
        assert!(d[0].hint.as_deref().unwrap().contains("uuid"));
    }
}
