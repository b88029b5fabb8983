//! Addressing spots of a body shape: paths of steps, the breadth-first
//! search that finds where a table row lands, and the sample values a path
//! reaches.

use serde_json::Value;

use super::{Documented, Path, Step};
use crate::shape::Shape;

pub(super) fn is_container(shape: &Shape) -> bool {
    !shape.properties.is_empty()
        || shape
            .items
            .as_deref()
            .is_some_and(|i| !i.properties.is_empty())
}

pub(super) fn parent_of(path: &Path) -> Path {
    let mut p = path.clone();
    p.pop();
    p
}

pub(super) fn node<'a>(root: &'a Shape, path: &[Step]) -> Option<&'a Shape> {
    let mut cur = root;
    for step in path {
        cur = match step {
            Step::Prop(name) => cur.property(name)?,
            Step::Items => cur.items.as_deref()?,
        };
    }
    Some(cur)
}

pub(super) fn node_mut<'a>(root: &'a mut Shape, path: &[Step]) -> Option<&'a mut Shape> {
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
pub(super) fn find(
    root: &Shape,
    scope: &Path,
    name: &str,
    documented: &Documented,
) -> Option<Path> {
    let literal = find_within(root, scope, 0, name, documented);
    if literal.is_some() {
        return literal;
    }
    // `flavor.id`, `block_device_mapping_v2.boot_index`: the field inside
    // the nearest spot of its parent.
    let (head, tail) = name.rsplit_once('.')?;
    let head_path = find(root, scope, head, &Documented::default())?;
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

/// The objects a path reaches in one sample value.
pub(super) fn reach<'v>(value: &'v Value, path: &[Step]) -> Vec<&'v Value> {
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
