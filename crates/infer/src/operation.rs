//! Every body schema of one operation, inferred once: the request body
//! (one schema, or exclusive alternatives for action bodies) and each
//! status code's response body, merged over the sections documenting the
//! same method and path.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use speclift_diag::{Diagnostic, Diagnostics};
use speclift_model::{Method, Operation, Parameter, Sample, StatusTable, VersionRange};

use crate::body::{
    body_shape, keyed_by_path_parameter, nest_fields_listed_before_wrapper, require_only_throughout,
};
use crate::shape::{Shape, merge_opt};
use crate::types::Types;
use crate::{Coverage, names, statuses, versions};

/// Each tag's status tables, by tag name.
pub type StatusTables<'a> = BTreeMap<&'a str, &'a [StatusTable]>;

/// The body schemas of one operation and what inferring them reported.
#[derive(Debug)]
pub struct InferredOperation {
    /// `None` when no section documents a request body, or the method
    /// cannot carry one (reported).
    pub request: Option<InferredRequest>,
    /// Each status code's JSON body, merged over the sections; codes
    /// without one are absent.
    pub responses: BTreeMap<u16, Shape>,
    pub coverage: Coverage,
    pub diagnostics: Diagnostics,
}

/// The request body of an operation.
#[derive(Debug)]
pub struct InferredRequest {
    /// The JSON body; `None` when only other media types are documented.
    pub json: Option<RequestSchema>,
    /// Every section documents a body (JSON or another media type).
    pub required: bool,
}

/// A JSON request body's schema.
#[derive(Debug)]
pub enum RequestSchema {
    /// One schema for every body.
    One(Box<Shape>),
    /// Mutually exclusive alternatives (`oneOf`), one per distinct action,
    /// in document order; no body matches two.
    OneOf(Vec<Alternative>),
}

/// One alternative of a request body.
#[derive(Debug)]
pub struct Alternative {
    /// Its schema, titled, its discriminating keys required, the keys it
    /// allows listed in `property_names`.
    pub shape: Shape,
    /// What the action is called: its key (`os-extend`), else its title.
    pub action: String,
}

/// Infers every body of the operation `variants` document on `method` and
/// `path` (the sections, in document order; usually one, many for
/// `POST …/action`). `status_tables` holds each tag's "… statuses" tables.
pub fn operation(
    method: Method,
    path: &str,
    variants: &[&Operation],
    status_tables: &StatusTables<'_>,
) -> InferredOperation {
    let mut cx = Context {
        status_tables,
        coverage: Coverage::default(),
        diags: Diagnostics::new(),
    };
    let request = request(method, path, variants, &mut cx);
    let responses = responses(variants, &mut cx);
    InferredOperation {
        request,
        responses,
        coverage: cx.coverage,
        diagnostics: cx.diags,
    }
}

struct Context<'c, 'a> {
    status_tables: &'c StatusTables<'a>,
    coverage: Coverage,
    diags: Diagnostics,
}

impl Context<'_, '_> {
    /// A body's schema, with its tag's status values applied; `range` is
    /// the versions the body exists in.
    fn body(
        &mut self,
        op: &Operation,
        range: VersionRange,
        params: &[Parameter],
        samples: &[Sample],
    ) -> Option<Shape> {
        let diags = &mut self.diags;
        let mut shape = body_shape(params, samples, &mut self.coverage, diags)?;
        keyed_by_path_parameter(&mut shape, &op.path);
        if samples.is_empty() {
            let wrapper = names::singular(&names::resource(&op.path));
            nest_fields_listed_before_wrapper(&mut shape, &wrapper, params, diags);
        }
        require_only_throughout(&mut shape, range);
        if let Some(tables) = self.status_tables.get(op.tag.trim()) {
            statuses::apply(&mut shape, tables, samples, diags);
        }
        Some(shape)
    }
}

fn request(
    method: Method,
    path: &str,
    variants: &[&Operation],
    cx: &mut Context<'_, '_>,
) -> Option<InferredRequest> {
    let mut bodies: Vec<(&Operation, Shape)> = Vec::new();
    for &op in variants {
        let body = cx.body(op, op.microversions, &op.request.body, &op.request.samples);
        if let Some(shape) = body {
            bodies.push((op, shape));
        }
    }
    let media = variants.iter().any(|op| !op.request.media.is_empty());
    if bodies.is_empty() && !media {
        return None;
    }
    // A GET or HEAD carries no body: what the page shows as its request is
    // a response sample filed under the request (Cinder's `GET /`).
    if matches!(method.as_str(), "GET" | "HEAD") {
        let (op, _) = bodies.first()?;
        cx.diags.push(
            Diagnostic::warning(
                op.location.clone(),
                format!(
                    "`{} {}` documents a request body (`in: body` parameters or a request \
                     sample), which a {} request cannot carry; it is left out",
                    method.as_str(),
                    path,
                    method.as_str()
                ),
            )
            .with_rule(speclift_diag::Rule::BodyOnBodilessMethod)
            .with_hint(
                "move body parameters and samples to the response section (or mark the \
                 parameters `in: path`/`in: query`), or change the method",
            ),
        );
        return None;
    }
    let required = variants
        .iter()
        .all(|&v| bodies.iter().any(|(b, _)| std::ptr::eq(*b, v)) || !v.request.media.is_empty());
    let json = if bodies.len() > 1 {
        Some(variant_schema(bodies))
    } else {
        bodies.pop().map(
            |(op, shape)| match action_branches(&shape, &op.request.samples) {
                Some(branches) => one_of(branches),
                None => RequestSchema::One(Box::new(shape)),
            },
        )
    };
    Some(InferredRequest { json, required })
}

fn responses(variants: &[&Operation], cx: &mut Context<'_, '_>) -> BTreeMap<u16, Shape> {
    let mut by_code: BTreeMap<u16, Option<Shape>> = BTreeMap::new();
    for &op in variants {
        for r in &op.responses {
            let range = versions::intersect(op.microversions, r.status.microversions);
            let shape = cx.body(op, range, &r.body, &r.samples);
            let merged = by_code.entry(r.status.code).or_default();
            *merged = merge_opt(merged.take(), shape);
        }
    }
    by_code
        .into_iter()
        .filter_map(|(code, shape)| Some((code, shape?)))
        .collect()
}

/// A request body alternative: one variant's body, or several merged.
struct Branch {
    shape: Shape,
    /// Top-level keys every body of this branch has.
    discriminators: Vec<String>,
    /// Every top-level key this branch allows.
    keys: Vec<String>,
    titles: Vec<String>,
}

impl Branch {
    /// Two branches overlap when one body could satisfy both: each one's
    /// required keys are allowed by the other.
    fn overlaps(&self, other: &Branch) -> bool {
        self.discriminators.iter().all(|k| other.keys.contains(k))
            && other.discriminators.iter().all(|k| self.keys.contains(k))
    }

    fn merge(self, other: Branch) -> Branch {
        let discriminators = self
            .discriminators
            .iter()
            .filter(|k| other.discriminators.contains(k))
            .cloned()
            .collect();
        let mut keys = self.keys.clone();
        keys.extend(
            other
                .keys
                .iter()
                .filter(|k| !self.keys.contains(k))
                .cloned(),
        );
        let mut titles = self.titles;
        titles.extend(other.titles);
        Branch {
            shape: self.shape.merge(other.shape),
            discriminators,
            keys,
            titles,
        }
    }

    fn into_shape(mut self, title: String) -> Shape {
        for key in &self.discriminators {
            self.shape.require(key);
        }
        self.shape.property_names = Some(self.keys);
        self.shape.title = Some(title);
        self.shape
    }

    /// What the branch's action is called: its key (`os-extend`), else its
    /// title.
    fn action_name(&self) -> String {
        if self.discriminators.is_empty() {
            self.titles.first().cloned().unwrap_or_default()
        } else {
            self.discriminators.join("_")
        }
    }
}

/// Exclusive alternatives, one per distinct action, over several sections'
/// bodies.
fn variant_schema(bodies: Vec<(&Operation, Shape)>) -> RequestSchema {
    // `propertyNames` can only make object bodies exclusive; anything
    // else is described by one merged schema.
    let closable = bodies
        .iter()
        .all(|(_, s)| s.types == Types::OBJECT && s.additional.is_none());
    if !closable {
        let merged = bodies.into_iter().map(|(_, s)| s).reduce(Shape::merge);
        return RequestSchema::One(Box::new(merged.unwrap_or_default()));
    }
    let branches: Vec<Branch> = bodies
        .into_iter()
        .map(|(op, shape)| {
            let keys = shape.names();
            let discriminators = match common_top_keys(&op.request.samples) {
                Some(k) => k,
                None if !shape.required.is_empty() => shape.required.clone(),
                _ if keys.len() == 1 => keys.clone(),
                _ => Vec::new(),
            };
            Branch {
                shape,
                discriminators,
                keys,
                titles: vec![op.summary.trim().to_string()],
            }
        })
        .collect();
    one_of(branches)
}

/// One section documenting several actions (Synnefo's "Server actions":
/// one sample per action, each a single top-level key) gets one branch per
/// action, as merged os-api-ref action sections do. `None` when the body
/// is not such a set.
fn action_branches(shape: &Shape, samples: &[Sample]) -> Option<Vec<Branch>> {
    if shape.types != Types::OBJECT || shape.additional.is_some() {
        return None;
    }
    let mut actions: Vec<(&str, Vec<String>)> = Vec::new();
    for sample in samples {
        let Value::Object(map) = &sample.body else {
            return None;
        };
        let [key] = map.keys().collect::<Vec<_>>()[..] else {
            return None;
        };
        match actions.iter_mut().find(|(k, _)| k == key) {
            Some((_, titles)) => titles.push(sample.title.trim().to_string()),
            None => actions.push((key, vec![sample.title.trim().to_string()])),
        }
    }
    let sampled = |name: &String| actions.iter().any(|(k, _)| k == name);
    if actions.len() < 2 || !shape.properties.iter().all(|(name, _)| sampled(name)) {
        return None;
    }
    let branches = shape
        .properties
        .iter()
        .map(|(name, member)| {
            let titles = actions
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, t)| t.clone())
                .unwrap_or_default();
            let mut only = Shape::of_types(Types::OBJECT);
            only.description = shape.description.clone();
            only.properties = vec![(name.clone(), member.clone())];
            Branch {
                shape: only,
                discriminators: vec![name.clone()],
                keys: vec![name.clone()],
                titles,
            }
        })
        .collect();
    Some(branches)
}

/// `oneOf` over `branches`, merged until no body can match two of them.
fn one_of(mut branches: Vec<Branch>) -> RequestSchema {
    // Merge until no body can match two branches; deterministic because
    // it always merges the first overlapping pair in document order.
    loop {
        let pair = (0..branches.len()).find_map(|i| {
            (i + 1..branches.len())
                .find(|&j| match (branches.get(i), branches.get(j)) {
                    (Some(a), Some(b)) => a.overlaps(b),
                    _ => false,
                })
                .map(|j| (i, j))
        });
        let Some((i, j)) = pair else { break };
        let later = branches.remove(j);
        let earlier = branches.remove(i);
        branches.insert(i, earlier.merge(later));
    }
    if branches.len() == 1
        && let Some(b) = branches.pop()
    {
        let title = b.titles.join(" / ");
        return RequestSchema::One(Box::new(b.into_shape(title)));
    }
    // Titles name generated types (openapi-python-client makes a class of
    // each branch by its title): a repeated one says which action it is.
    let mut titles: BTreeSet<String> = BTreeSet::new();
    let alternatives = branches
        .into_iter()
        .map(|b| {
            let mut title = b.titles.join(" / ");
            let action = b.action_name();
            if !titles.insert(title.clone()) {
                title = format!("{title} ({action})");
                titles.insert(title.clone());
            }
            Alternative {
                shape: b.into_shape(title),
                action,
            }
        })
        .collect();
    RequestSchema::OneOf(alternatives)
}

/// The top-level keys every sample of a body has (the action name of an
/// action body), in first-sample order.
fn common_top_keys(samples: &[Sample]) -> Option<Vec<String>> {
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
    use serde_json::json;
    use speclift_diag::{Location, path};

    #[test]
    fn one_section_of_several_actions_gets_a_branch_per_action() {
        let sample = |title: &str, body: Value| Sample {
            title: title.into(),
            microversion: None,
            file: None,
            body,
            location: Location::new(path("a.rst"), 1, 1),
        };
        let samples = [
            sample("Start", json!({"start": {}})),
            sample("Reboot", json!({"reboot": {"type": "SOFT"}})),
            sample("Hard reboot", json!({"reboot": {"type": "HARD"}})),
        ];
        let shape = samples
            .iter()
            .map(|s| Shape::infer(&s.body))
            .reduce(Shape::merge)
            .unwrap();
        let branches = action_branches(&shape, &samples).expect("two actions");
        let RequestSchema::OneOf(alternatives) = one_of(branches) else {
            panic!("one alternative per action");
        };
        assert_eq!(alternatives.len(), 2);
        assert_eq!(alternatives[0].shape.required, ["start"]);
        assert_eq!(alternatives[0].action, "start");
        let reboot = &alternatives[1].shape;
        assert_eq!(reboot.title.as_deref(), Some("Reboot / Hard reboot"));
        assert_eq!(reboot.property_names, Some(vec!["reboot".to_string()]));
        // One action only, or a body with two keys: no split.
        assert!(action_branches(&shape, &samples[1..]).is_none());
        let both = [sample("Both", json!({"start": {}, "reboot": {}}))];
        assert!(action_branches(&Shape::infer(&both[0].body), &both).is_none());
    }

    #[test]
    fn repeated_titles_name_their_action() {
        let branch = |key: &str| Branch {
            shape: Shape::of_types(Types::OBJECT),
            discriminators: vec![key.to_string()],
            keys: vec![key.to_string()],
            titles: vec!["Run an action".to_string()],
        };
        let RequestSchema::OneOf(alternatives) =
            one_of(vec![branch("os-start"), branch("os-stop")])
        else {
            panic!("two exclusive actions");
        };
        let titles: Vec<_> = alternatives.iter().map(|a| a.shape.title.clone()).collect();
        assert_eq!(
            titles,
            [
                Some("Run an action".to_string()),
                Some("Run an action (os-stop)".to_string())
            ]
        );
    }
}
