//! Breaking-change diff of two OpenAPI 3.1 documents.
//!
//! [`diff`] lists every change between an old and a new document and
//! classifies it the way oasdiff does: a change is [`Severity::Breaking`]
//! when a client written against the old document can fail against the new
//! one. Operations are matched by method and path with template names
//! erased (clients cannot see them); path parameters by their position in
//! the URL. Local `$ref`s are followed.
//!
//! The renderers give the list as text for a terminal ([`render_human`]),
//! Markdown for a pull-request comment ([`render_markdown`]) and JSON
//! ([`render_json`]).
//!
//! Every change is of one [`ChangeKind`] of the registry in `kinds.rs`
//! (id, rating, summary, explanation; `speclift diff --explain ID`).

use serde::Serialize;
use serde_json::Value;

mod kinds;
mod params;
mod render;
mod schema;
mod spec;

pub use kinds::{ChangeKind, Rating, changes_page};
pub use render::{render_human, render_json, render_markdown};

use spec::{Doc, Operation};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Breaking,
    NonBreaking,
}

/// One difference between the two documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Its kind; its stable id (e.g. `operation-removed`) is `id` in JSON.
    #[serde(rename = "id")]
    pub kind: ChangeKind,
    pub severity: Severity,
    /// `POST /v3/{project_id}/attachments`, when the change is within one.
    pub operation: Option<String>,
    /// JSON pointer of the changed spot: in the new document, or in the old
    /// one when the spot no longer exists.
    pub location: String,
    pub message: String,
}

impl Change {
    /// The stable id of the change's kind, e.g. `operation-removed`.
    pub fn id(&self) -> &'static str {
        self.kind.id()
    }

    pub fn is_breaking(&self) -> bool {
        self.severity == Severity::Breaking
    }
}

/// Whether any change breaks clients (for `--fail-on breaking`).
pub fn has_breaking(changes: &[Change]) -> bool {
    changes.iter().any(Change::is_breaking)
}

/// The `$ref`s of `doc` that lead nowhere (unresolvable, not local, or a
/// cycle of `$ref`s), as (JSON pointer of the reference, problem). A
/// document with any is no basis for a comparison: its schemas there
/// would read as "any value".
pub fn broken_refs(doc: &Value) -> Vec<(String, String)> {
    Doc::new(doc).broken_refs()
}

/// Every change from `old` to `new`, in document order of the operations
/// (sorted by normalised path, then method), so output is deterministic.
pub fn diff(old: &Value, new: &Value) -> Vec<Change> {
    let (old_doc, new_doc) = (Doc::new(old), Doc::new(new));
    let old_ops = old_doc.operations();
    let new_ops = new_doc.operations();
    let mut keys: Vec<_> = old_ops.keys().chain(new_ops.keys()).collect();
    keys.sort();
    keys.dedup();

    let mut out = Vec::new();
    for key in keys {
        match (old_ops.get(key), new_ops.get(key)) {
            (Some(o), None) => out.push(Change {
                kind: ChangeKind::OperationRemoved,
                severity: Severity::Breaking,
                operation: Some(o.label()),
                location: o.pointer.clone(),
                message: format!("operation `{}` removed", o.label()),
            }),
            (None, Some(n)) => out.push(Change {
                kind: ChangeKind::OperationAdded,
                severity: Severity::NonBreaking,
                operation: Some(n.label()),
                location: n.pointer.clone(),
                message: format!("operation `{}` added", n.label()),
            }),
            (Some(o), Some(n)) => {
                let mut cx = Cx {
                    old: old_doc,
                    new: new_doc,
                    operation: n.label(),
                    out: &mut out,
                };
                compare_operations(&mut cx, o, n);
            }
            (None, None) => {}
        }
    }
    out
}

/// What every comparison needs: both documents and where to report.
pub(crate) struct Cx<'a, 'o> {
    pub old: Doc<'a>,
    pub new: Doc<'a>,
    pub operation: String,
    pub out: &'o mut Vec<Change>,
}

impl Cx<'_, '_> {
    pub fn report(
        &mut self,
        kind: ChangeKind,
        severity: Severity,
        location: impl Into<String>,
        message: impl Into<String>,
    ) {
        // The registry's rating and the comparison's verdict must agree;
        // `tests/kinds.rs` exercises every kind at every severity it allows.
        debug_assert!(
            kind.rating().allows(severity),
            "{kind} reported as {severity:?}"
        );
        self.out.push(Change {
            kind,
            severity,
            operation: Some(self.operation.clone()),
            location: location.into(),
            message: message.into(),
        });
    }

    /// A change of the microversion range (`old` → `new`) of the spot at
    /// `location`: narrowing (even within a shift) breaks clients, widening
    /// does not. The message is `{what} {new range} (was {old range})`.
    pub fn report_range(
        &mut self,
        (narrowed, widened): (ChangeKind, ChangeKind),
        location: impl Into<String>,
        (old, new): (spec::Range, spec::Range),
        what: &str,
    ) {
        let (id, severity) = match spec::range_change(old, new) {
            (true, _) => (narrowed, Severity::Breaking),
            (false, true) => (widened, Severity::NonBreaking),
            (false, false) => return,
        };
        let message = format!(
            "{what} {} (was {})",
            spec::show_range(new),
            spec::show_range(old)
        );
        self.report(id, severity, location, message);
    }
}

fn compare_operations(cx: &mut Cx, old: &Operation, new: &Operation) {
    compare_operation_ids(cx, old, new);
    cx.report_range(
        (
            ChangeKind::OperationMicroversionNarrowed,
            ChangeKind::OperationMicroversionWidened,
        ),
        format!("{}/x-openstack", new.pointer),
        (spec::range(old.value), spec::range(new.value)),
        "operation now available in",
    );
    params::compare(cx, &old.params, &new.params);
    schema::compare_request(cx, old, new);
    schema::compare_responses(cx, old, new);
}

/// The operation id is the name generated clients give the call
/// (`show_volume()`), portals their deep links and scenarios their
/// references: renaming it breaks code written against the old name
/// although the request on the wire is the same.
fn compare_operation_ids(cx: &mut Cx, old: &Operation, new: &Operation) {
    let id = |op: &Operation| {
        op.value
            .get("operationId")
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let (before, after) = (id(old), id(new));
    if before == after {
        return;
    }
    let location = format!("{}/operationId", new.pointer);
    let message = match (&before, &after) {
        (Some(b), Some(a)) => format!("operation id `{a}` (was `{b}`)"),
        (None, Some(a)) => format!("operation id `{a}` given (had none)"),
        (Some(b), None) => format!("operation id removed (was `{b}`)"),
        (None, None) => return,
    };
    // Only a name that existed can break code written against it.
    let severity = if before.is_some() {
        Severity::Breaking
    } else {
        Severity::NonBreaking
    };
    cx.report(ChangeKind::OperationIdChanged, severity, location, message);
}
