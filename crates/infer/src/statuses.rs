//! `enum` on `status` fields from the tag's status tables ("**Snapshot
//! statuses**"): the table's values, plus any value a sample shows (so
//! every example stays valid), each of which is reported.

use std::collections::BTreeSet;

use serde_json::Value;
use speclift_diag::{Diagnostic, Diagnostics};
use speclift_model::{Sample, StatusTable};

use crate::shape::Shape;
use crate::types::Types;

/// The field a status table speaks about.
const FIELD: &str = "status";

/// Sets `enum` on every string `status` property of `shape`.
pub fn apply(
    shape: &mut Shape,
    tables: &[StatusTable],
    samples: &[Sample],
    diags: &mut Diagnostics,
) {
    let Some(table) = tables.first() else { return };
    let mut spots = 0;
    mark(shape, &mut spots);
    if spots == 0 {
        return;
    }
    let mut enumeration: Vec<Value> = table.values.iter().cloned().map(Value::String).collect();
    let mut reported = BTreeSet::new();
    for sample in samples {
        let mut seen = Vec::new();
        values_of(&sample.body, &mut seen);
        for value in seen {
            if table.values.iter().any(|v| v == value) {
                continue;
            }
            enumeration.push(Value::String(value.to_string()));
            if reported.insert(value.to_string()) {
                diags.push(
                    Diagnostic::warning(
                        sample.location.clone(),
                        format!(
                            "this sample's `status` is `{value}`, which the table \"{}\" at {} \
                             does not list; the schema allows it",
                            table.title, table.location
                        ),
                    )
                    .with_rule(speclift_diag::Rule::StatusNotInTable)
                    .with_hint(format!(
                        "add `{value}` to the status table, or fix the sample"
                    )),
                );
            }
        }
    }
    let mut seen = BTreeSet::new();
    enumeration.retain(|v| seen.insert(v.to_string()));
    set(shape, &enumeration);
}

fn takes_values(shape: &Shape) -> bool {
    !shape.types.is_any()
        && shape.types.has(Types::STRING)
        && shape.types.without(Types::NULL) == Types::STRING
}

/// Counts the `status` spots (so samples are only read when there is one).
fn mark(shape: &Shape, spots: &mut usize) {
    *spots += shape
        .properties
        .iter()
        .filter(|(name, child)| name == FIELD && takes_values(child))
        .count();
    shape.children().for_each(|child| mark(child, spots));
}

fn set(shape: &mut Shape, enumeration: &[Value]) {
    for (name, child) in &mut shape.properties {
        if name == FIELD && takes_values(child) {
            child.enumeration = Some(enumeration.to_vec());
        }
    }
    shape
        .children_mut()
        .for_each(|child| set(child, enumeration));
}

/// The string values of every `status` key in a sample, in order.
fn values_of<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if key == FIELD
                    && let Some(s) = child.as_str()
                {
                    out.push(s);
                }
                values_of(child, out);
            }
        }
        Value::Array(list) => list.iter().for_each(|v| values_of(v, out)),
        _ => {}
    }
}
