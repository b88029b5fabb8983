//! One body's schema: inferred from its samples, then overlaid with the
//! documented body parameters.
//!
//! Parameter tables are flat: a wrapper such as `attachment` is followed by
//! its fields. Each parameter is looked up in the sample structure starting
//! at the most recent wrapper and widening to its ancestors, so `id` after
//! `attachment` lands inside `attachment`, while a later top-level key is
//! still found at the top.

mod maps;
mod nesting;
mod overlay;
mod presence;
mod tree;

use speclift_diag::Diagnostics;
use speclift_model::{Parameter, Sample};

pub use maps::keyed_by_path_parameter;
pub use nesting::nest_fields_listed_before_wrapper;
pub use overlay::unknown_type;
pub use presence::require_only_throughout;

use crate::Coverage;
use crate::shape::Shape;
use crate::types::Types;
use maps::{collapse_maps, placeholder_keys, stands_for_keys};
use nesting::{borrow_items, implied_parent, level_left_for};
use overlay::{add, overlay};
use presence::{mark_undocumented, untype_null_only};
use tree::{find, is_container, node, parent_of};

/// One step from a spot of a body shape to a nested one.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Step {
    Prop(String),
    Items,
}

type Path = Vec<Step>;

/// The spots earlier parameters took; a set, so a table of thousands of
/// rows does not compare every new spot with every earlier one.
type Documented = rustc_hash::FxHashSet<Path>;

/// The schema of a body with these parameters and samples; `None` when
/// neither exists.
pub fn body_shape(
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
    let mut documented = Documented::default();
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
            find(&root, &scope, head, &Documented::default())
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
