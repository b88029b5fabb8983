//! The portal's view of one spec: what a page shows, in document order,
//! with every microversion range already narrowed to its parent's (a
//! field of an operation added in 3.27 is not shown before 3.27). Built
//! from a `serde_json::Value`, so keys this crate does not know are
//! ignored rather than fatal.

use std::collections::BTreeSet;

use serde_json::{Map, Value};
use speclift_spec::ext::{self, X_OPENSTACK, X_SPECLIFT};
use speclift_spec::method;

use crate::spec::{SpecFile, deref, ref_name};
use crate::version::{Microversion, Range, example_version};

/// Nesting deeper than this is cut: real bodies stay far below it, and it
/// bounds recursive schemas the cycle check cannot see (inline ones).
const MAX_DEPTH: usize = 12;

#[derive(Debug)]
pub struct ApiPage {
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
    pub version: String,
    pub range: Range,
    pub service: Option<String>,
    pub sections: Vec<TagSection>,
}

#[derive(Debug)]
pub struct TagSection {
    pub name: String,
    /// What the section is called on the page: the tag's display name
    /// (`x-displayName`, 3.2's `summary`), else its name.
    pub title: String,
    pub anchor: String,
    pub description: Option<String>,
    pub operations: Vec<Operation>,
    /// Operations tagged here too but rendered under their first tag.
    pub see_also: Vec<SeeAlso>,
}

#[derive(Debug)]
pub struct SeeAlso {
    pub anchor: String,
    pub method: String,
    pub path: String,
    pub summary: String,
}

#[derive(Debug)]
pub struct Operation {
    pub anchor: String,
    pub method: String,
    pub path: String,
    pub summary: String,
    pub description: Option<String>,
    pub range: Range,
    pub deprecated: bool,
    /// Vendor flags such as Synnefo's `x-synnefo: {cyclades: true}`.
    pub vendor: Vec<(String, String)>,
    pub parameters: Vec<Parameter>,
    pub request: Option<Body>,
    pub actions: Vec<Action>,
    pub responses: Vec<Response>,
}

#[derive(Debug)]
pub struct Parameter {
    pub name: String,
    pub location: String,
    pub required: bool,
    pub type_label: String,
    pub description: Option<String>,
    pub range: Range,
}

#[derive(Debug, Default)]
pub struct Body {
    pub fields: Vec<Field>,
    pub examples: Vec<Example>,
}

#[derive(Debug)]
pub struct Field {
    /// The element id of the field's row: unique in the page.
    pub anchor: String,
    pub depth: usize,
    /// `attachment.connector.mode`: the name path from the body's root.
    pub path: String,
    pub name: String,
    pub type_label: String,
    pub required: bool,
    pub description: Option<String>,
    /// Seen in a sample but missing from the parameter tables
    /// (`x-openstack: {undocumented: true}`).
    pub undocumented: bool,
    pub range: Range,
}

#[derive(Debug)]
pub struct Example {
    pub title: String,
    pub range: Range,
    pub json: String,
}

/// One branch of an action endpoint's request `oneOf`.
#[derive(Debug)]
pub struct Action {
    pub anchor: String,
    /// The body's top-level key that selects the action (`os-extend`).
    pub name: String,
    pub title: String,
    pub range: Range,
    pub request: Body,
    pub response_examples: Vec<Example>,
}

#[derive(Debug)]
pub struct Response {
    pub status: String,
    pub description: String,
    pub range: Range,
    pub body: Option<Body>,
}

impl ApiPage {
    pub fn operation_count(&self) -> usize {
        self.sections.iter().map(|s| s.operations.len()).sum()
    }

    pub fn action_count(&self) -> usize {
        self.operations().map(|o| o.actions.len()).sum()
    }

    pub fn operations(&self) -> impl Iterator<Item = &Operation> {
        self.sections.iter().flat_map(|s| s.operations.iter())
    }

    /// Every microversion the selector offers: the API's range, minor by
    /// minor (ranges never span majors in os-api-ref documents; one that
    /// does offers its two ends).
    pub fn selectable_versions(&self) -> Vec<Microversion> {
        match (self.range.min, self.range.max) {
            (Some(min), Some(max)) if min.major == max.major && min <= max => (min.minor
                ..=max.minor)
                .map(|minor| Microversion {
                    major: min.major,
                    minor,
                })
                .collect(),
            (Some(min), Some(max)) if min < max => vec![min, max],
            (Some(v), _) | (_, Some(v)) => vec![v],
            _ => Vec::new(),
        }
    }
}

/// Builds the page of one spec.
pub fn build_page(spec: &SpecFile) -> ApiPage {
    let doc = &spec.doc;
    let info = doc.get("info").unwrap_or(&Value::Null);
    let microversions = info
        .get(X_SPECLIFT)
        .and_then(|x| x.get(ext::MICROVERSIONS))
        .unwrap_or(&Value::Null);
    let range = Range::from_keys(microversions);
    let mut anchors = Anchors::default();

    let mut sections: Vec<TagSection> = Vec::new();
    for tag in doc
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(name) = tag.get("name").and_then(Value::as_str) {
            let index = section_for(&mut sections, &mut anchors, name, text(tag, "description"));
            if let Some(title) = text(tag, ext::X_DISPLAY_NAME).or_else(|| text(tag, "summary")) {
                sections[index].title = title;
            }
        }
    }

    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let item = deref(doc, item);
        for (method, operation) in path_operations(item) {
            let op = build_operation(doc, &mut anchors, path, item, &method, operation);
            let tags: Vec<&str> = operation
                .get("tags")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            // An operation is rendered once, under its first tag; its
            // other tags' sections link to it.
            for tag in tags.iter().skip(1) {
                let index = section_for(&mut sections, &mut anchors, tag, None);
                sections[index].see_also.push(SeeAlso {
                    anchor: op.anchor.clone(),
                    method: op.method.clone(),
                    path: op.path.clone(),
                    summary: op.summary.clone(),
                });
            }
            let first = tags.first().copied().unwrap_or("Operations");
            let index = section_for(&mut sections, &mut anchors, first, None);
            sections[index].operations.push(op);
        }
    }
    sections.retain(|s| !s.operations.is_empty() || !s.see_also.is_empty());

    ApiPage {
        slug: spec.stem.clone(),
        title: text(info, "title").unwrap_or_else(|| spec.stem.clone()),
        description: text(info, "description"),
        version: text(info, "version").unwrap_or_default(),
        range,
        service: microversions
            .get("service")
            .and_then(Value::as_str)
            .map(str::to_owned),
        sections,
    }
}

/// The operations of a path item, standard methods first, then the
/// non-standard ones from `additionalOperations` in their map order.
pub fn path_operations(item: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    // Pages list the standard methods in OpenAPI's order.
    for method in method::PATH_ITEM {
        if let Some(op) = item.get(method).filter(|v| v.is_object()) {
            out.push((method.to_ascii_uppercase(), op));
        }
    }
    for key in method::ADDITIONAL_OPERATIONS {
        for (method, op) in item
            .get(key)
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if op.is_object() {
                out.push((method.to_ascii_uppercase(), op));
            }
        }
    }
    out
}

fn section_for(
    sections: &mut Vec<TagSection>,
    anchors: &mut Anchors,
    name: &str,
    description: Option<String>,
) -> usize {
    if let Some(i) = sections.iter().position(|s| s.name == name) {
        return i;
    }
    sections.push(TagSection {
        name: name.to_owned(),
        title: name.to_owned(),
        anchor: anchors.claim(&format!("tag-{}", slug(name))),
        description,
        operations: Vec::new(),
        see_also: Vec::new(),
    });
    sections.len() - 1
}

fn build_operation(
    doc: &Value,
    anchors: &mut Anchors,
    path: &str,
    item: &Value,
    method: &str,
    op: &Value,
) -> Operation {
    // The API's own range is not imposed: the selector never leaves it,
    // and every operation would carry the same badge.
    let range = Range::of(op);
    let anchor = anchors.claim(
        &op.get("operationId")
            .and_then(Value::as_str)
            .map(slug)
            .unwrap_or_else(|| slug(&format!("{method} {path}"))),
    );

    let mut parameters = Vec::new();
    let declared = item
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .chain(
            op.get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten(),
        );
    for param in declared {
        let param = deref(doc, param);
        let Some(name) = param.get("name").and_then(Value::as_str) else {
            continue;
        };
        let schema = param.get("schema").unwrap_or(&Value::Null);
        parameters.push(Parameter {
            name: name.to_owned(),
            location: text(param, "in").unwrap_or_default(),
            required: param.get("required").and_then(Value::as_bool) == Some(true),
            type_label: type_label(doc, schema),
            description: text(param, "description"),
            range: Range::of(param).within(range),
        });
    }

    let mut request = None;
    let mut actions = Vec::new();
    let mut responses = Vec::new();
    if let Some(body) = op.get("requestBody").map(|b| deref(doc, b)) {
        let (schema, examples) = json_media(body);
        let branches = schema
            .map(|s| deref(doc, s))
            .and_then(|s| s.get("oneOf"))
            .and_then(Value::as_array);
        match branches {
            Some(branches) if !branches.is_empty() => {
                actions = build_actions(doc, anchors, &anchor, op, branches, examples, range);
            }
            _ => {
                request = Some(build_body(
                    doc,
                    anchors,
                    &format!("{anchor}.request"),
                    schema,
                    examples,
                    range,
                ));
            }
        }
    }

    // Response examples that belong to an action (same summary as one of
    // its request examples) are shown with the action, not here.
    let claimed: BTreeSet<String> = actions
        .iter()
        .flat_map(|a| a.request.examples.iter().map(|e| e.title.clone()))
        .collect();
    for (status, response) in op
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let response = deref(doc, response);
        let (schema, examples) = json_media(response);
        let response_range = Range::of(response).within(range);
        let kept: Vec<Example> = build_examples(examples, response_range)
            .into_iter()
            .filter(|e| !claimed.contains(&e.title))
            .collect();
        let body = schema.map(|schema| {
            let mut body = build_body(
                doc,
                anchors,
                &format!("{anchor}.{status}"),
                Some(schema),
                None,
                response_range,
            );
            body.examples = kept;
            body
        });
        responses.push(Response {
            status: status.clone(),
            description: text(response, "description").unwrap_or_default(),
            range: response_range,
            body,
        });
    }
    attach_action_responses(op, &mut actions, range);

    Operation {
        anchor,
        method: method.to_owned(),
        path: path.to_owned(),
        summary: text(op, "summary").unwrap_or_default(),
        description: text(op, "description"),
        range,
        deprecated: op.get("deprecated").and_then(Value::as_bool) == Some(true),
        vendor: vendor_flags(op),
        parameters,
        request,
        actions,
        responses,
    }
}

fn build_actions(
    doc: &Value,
    anchors: &mut Anchors,
    op_anchor: &str,
    op: &Value,
    branches: &[Value],
    examples: Option<&Map<String, Value>>,
    op_range: Range,
) -> Vec<Action> {
    let variants = op
        .pointer("/x-openstack/variants")
        .and_then(Value::as_array);
    let mut actions = Vec::new();
    for (i, branch) in branches.iter().enumerate() {
        let branch = deref(doc, branch);
        let variant = variants.and_then(|v| v.get(i));
        let name = action_name(branch).unwrap_or_else(|| format!("variant {}", i + 1));
        let mut range = Range::of(branch).within(op_range);
        if let Some(variant) = variant {
            range = Range::from_keys(variant).within(range);
        }
        let title = text(branch, "title")
            .or_else(|| variant.and_then(|v| text(v, "summary")))
            .unwrap_or_else(|| name.clone());
        let anchor = anchors.claim(&format!("{op_anchor}--{}", slug(&name)));
        let own_examples: Map<String, Value> = examples
            .into_iter()
            .flatten()
            .filter(|(_, e)| {
                e.get("value")
                    .and_then(Value::as_object)
                    .is_some_and(|v| v.contains_key(&name))
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let request = build_body(
            doc,
            anchors,
            &format!("{anchor}.request"),
            Some(branch),
            Some(&own_examples),
            range,
        );
        actions.push(Action {
            anchor,
            name,
            title,
            range,
            request,
            response_examples: Vec::new(),
        });
    }
    actions
}

/// Gives each action the response examples whose summary matches one of
/// its request examples (the generator names both after the same section).
fn attach_action_responses(op: &Value, actions: &mut [Action], op_range: Range) {
    for response in op
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|m| m.values())
    {
        let (_, examples) = json_media(response);
        for example in build_examples(examples, op_range) {
            if let Some(action) = actions
                .iter_mut()
                .find(|a| a.request.examples.iter().any(|e| e.title == example.title))
            {
                let range = example.range.within(action.range);
                action.response_examples.push(Example { range, ..example });
            }
        }
    }
}

/// The key that selects a branch: its `propertyNames` enum, else its only
/// required property, else its only property.
fn action_name(branch: &Value) -> Option<String> {
    let from_enum = branch
        .pointer("/propertyNames/enum/0")
        .and_then(Value::as_str);
    let single = |key: &str| {
        let names: Vec<&str> = match branch.get(key) {
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            Some(Value::Object(o)) => o.keys().map(String::as_str).collect(),
            _ => Vec::new(),
        };
        (names.len() == 1).then(|| names[0])
    };
    from_enum
        .or_else(|| single("required"))
        .or_else(|| single("properties"))
        .map(str::to_owned)
}

/// The JSON (or first) media type of a request body or response: its
/// schema and its examples.
fn json_media(holder: &Value) -> (Option<&Value>, Option<&Map<String, Value>>) {
    let Some(content) = holder.get("content").and_then(Value::as_object) else {
        return (None, None);
    };
    let media = content
        .get("application/json")
        .or_else(|| content.values().next());
    let Some(media) = media else {
        return (None, None);
    };
    let schema = media.get("schema");
    let examples = media.get("examples").and_then(Value::as_object);
    (schema, examples)
}

fn build_body(
    doc: &Value,
    anchors: &mut Anchors,
    prefix: &str,
    schema: Option<&Value>,
    examples: Option<&Map<String, Value>>,
    range: Range,
) -> Body {
    let mut fields = Vec::new();
    if let Some(schema) = schema {
        let mut walker = FieldWalker {
            doc,
            anchors,
            prefix,
            out: &mut fields,
            refs: Vec::new(),
        };
        walker.walk(schema, 0, "", range);
    }
    Body {
        fields,
        examples: build_examples(examples, range),
    }
}

fn build_examples(examples: Option<&Map<String, Value>>, range: Range) -> Vec<Example> {
    let mut out = Vec::new();
    for (name, example) in examples.into_iter().flatten() {
        let summary = text(example, "summary").unwrap_or_else(|| name.clone());
        let shown = example_version(name, &summary);
        let mut own = Range::of(example);
        if let Some(v) = shown {
            own.min = Some(own.min.map_or(v, |m| m.max(v)));
            own.stated = true;
        }
        let value = example.get("value").unwrap_or(&Value::Null);
        out.push(Example {
            title: summary,
            range: own.within(range),
            json: serde_json::to_string_pretty(value).unwrap_or_default(),
        });
    }
    out
}

struct FieldWalker<'a, 'b> {
    doc: &'a Value,
    anchors: &'b mut Anchors,
    prefix: &'b str,
    out: &'b mut Vec<Field>,
    /// The `$ref`s being expanded: a schema that contains itself is shown
    /// once, not forever.
    refs: Vec<String>,
}

impl FieldWalker<'_, '_> {
    fn walk(&mut self, schema: &Value, depth: usize, path: &str, range: Range) {
        if depth > MAX_DEPTH {
            return;
        }
        let pushed = match ref_name(schema) {
            Some(name) if self.refs.iter().any(|r| r == name) => return,
            Some(name) => {
                self.refs.push(name.to_owned());
                true
            }
            None => false,
        };
        let schema = deref(self.doc, schema);
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for (name, property) in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            self.field(
                name,
                property,
                required.contains(&name.as_str()),
                depth,
                path,
                range,
            );
        }
        if let Some(extra) = schema.get("additionalProperties").filter(|v| v.is_object()) {
            let target = deref(self.doc, extra);
            if has_members(self.doc, target) {
                self.field("*", extra, false, depth, path, range);
            }
        }
        if let Some(items) = schema.get("items")
            && has_members(self.doc, deref(self.doc, items))
        {
            self.walk(items, depth, &format!("{path}[]"), range);
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            for branch in schema
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                self.walk(branch, depth, path, range);
            }
        }
        if pushed {
            self.refs.pop();
        }
    }

    fn field(
        &mut self,
        name: &str,
        property: &Value,
        required: bool,
        depth: usize,
        parent: &str,
        range: Range,
    ) {
        let target = deref(self.doc, property);
        let range = Range::of(target).within(range);
        let path = if parent.is_empty() {
            name.to_owned()
        } else {
            format!("{parent}.{name}")
        };
        let anchor = self
            .anchors
            .claim(&format!("{}.{}", self.prefix, slug(&path)));
        self.out.push(Field {
            anchor,
            depth,
            path: path.clone(),
            name: name.to_owned(),
            type_label: type_label(self.doc, property),
            required,
            description: text(target, "description"),
            undocumented: target.pointer("/x-openstack/undocumented") == Some(&Value::Bool(true)),
            range,
        });
        if has_members(self.doc, target) || target.get("items").is_some() {
            self.walk(property, depth + 1, &path, range);
        }
    }
}

fn has_members(doc: &Value, schema: &Value) -> bool {
    let schema = deref(doc, schema);
    ["properties", "items", "allOf", "oneOf", "anyOf"]
        .iter()
        .any(|k| schema.get(k).is_some())
        || schema
            .get("additionalProperties")
            .is_some_and(Value::is_object)
}

/// `string (uuid)`, `array of object`, `integer | null`, `object (Volume)`.
fn type_label(doc: &Value, schema: &Value) -> String {
    let named = ref_name(schema);
    let target = deref(doc, schema);
    let mut label = match target.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" | "),
        _ if target.get("properties").is_some() => "object".to_owned(),
        _ if target.get("oneOf").is_some() || target.get("anyOf").is_some() => "one of".to_owned(),
        _ => String::new(),
    };
    if label == "array"
        && let Some(items) = target.get("items")
    {
        let inner = type_label(doc, items);
        if !inner.is_empty() {
            label = format!("array of {inner}");
        }
    }
    if let Some(format) = target.get("format").and_then(Value::as_str) {
        label = format!("{label} ({format})");
    }
    if let Some(name) = named {
        label = format!("{label} ({name})");
    }
    label.trim().to_owned()
}

/// `x-synnefo`-style vendor data of an operation, flattened to key/value
/// pairs. `x-openstack` and `x-speclift` are shown in their own ways.
fn vendor_flags(op: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (key, value) in op.as_object().into_iter().flatten() {
        if !key.starts_with("x-") || key == X_OPENSTACK || key == X_SPECLIFT {
            continue;
        }
        let vendor = key.trim_start_matches("x-");
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    out.push((format!("{vendor} {k}"), scalar(v)));
                }
            }
            other => out.push((vendor.to_owned(), scalar(other))),
        }
    }
    out
}

fn scalar(value: &Value) -> String {
    match value {
        Value::Bool(true) => "yes".to_owned(),
        Value::Bool(false) => "no".to_owned(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn text(value: &Value, key: &str) -> Option<String> {
    value
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(str::to_owned)
}

/// An id-safe slug: ASCII letters, digits, `_`, `-` and `.` kept, the rest
/// folded to `-`. Operation ids pass through unchanged, so links built from
/// them stay stable across builds.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

/// Element ids handed out in document order; a repeat gets `-2`, `-3`…
#[derive(Default)]
struct Anchors {
    taken: BTreeSet<String>,
}

impl Anchors {
    fn claim(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() { "item" } else { wanted };
        let mut candidate = base.to_owned();
        let mut n = 2;
        while !self.taken.insert(candidate.clone()) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        candidate
    }
}
