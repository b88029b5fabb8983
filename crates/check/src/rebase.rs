//! Replaying one API version's documentation against a service that only
//! serves another: Cinder dropped v2, so a v2 spec is replayed against the
//! v3 equivalents of its operations, where v3 has the same (method, path).

use std::collections::BTreeSet;

use serde_json::Value;

use crate::plan::Plan;
use crate::spec;

impl Plan {
    /// Sends every request whose path starts with the segment `from`
    /// (`/v2`) to `to` (`/v3`) instead. With `equivalents` (a spec of the
    /// API the service serves), a step whose rebased method and path that
    /// spec does not document is skipped, saying so. Returns how many
    /// steps moved.
    pub fn rebase(&mut self, from: &str, to: &str, equivalents: Option<&Value>) -> usize {
        let known: Option<BTreeSet<(String, String)>> = equivalents.map(|s| {
            spec::operations(s)
                .into_iter()
                .map(|op| (op.method, spec::path_shape(&op.path)))
                .collect()
        });
        let swap = |path: &mut String| {
            if let Some(rest) = path.strip_prefix(from)
                && (rest.is_empty() || rest.starts_with('/'))
            {
                *path = format!("{to}{rest}");
            }
        };
        let mut moved = 0;
        for step in &mut self.steps {
            let documented = format!("{} {}", step.method, step.path);
            let before = step.path.clone();
            swap(&mut step.path);
            if step.path != before {
                moved += 1;
                step.notes.push(format!("documented as {documented}"));
                step.documented_path.get_or_insert(before);
            }
            for path in [step.delete_path.as_mut(), step.gone_path.as_mut()]
                .into_iter()
                .flatten()
            {
                swap(path);
            }
            if let Some(wait) = step.wait.as_mut() {
                swap(&mut wait.show_path);
            }
            let missing = known
                .as_ref()
                .is_some_and(|k| !k.contains(&(step.method.clone(), spec::path_shape(&step.path))));
            if missing && step.skip.is_none() {
                step.skip = Some(format!(
                    "{documented} has no equivalent `{} {}` in the API the service serves; not replayed",
                    step.method, step.path
                ));
            }
        }
        moved
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::build;
    use crate::scenario::Scenario;
    use serde_json::json;

    fn v2_spec() -> Value {
        let ok = json!({"200": {"description": "ok", "content": {"application/json": {
            "schema": {"type": "object"},
            "examples": {"s": {"value": {"snapshot": {"id": "3b8b6631-1cf7-4fd7-9afb-c01e541a073c", "status": "available"}}}}}}}});
        json!({"openapi": "3.1.0", "info": {"title": "v2", "version": "1"}, "paths": {
            "/v2/{project_id}/snapshots": {"post": {"operationId": "create", "responses": ok}},
            "/v2/{project_id}/snapshots/{snapshot_id}": {
                "get": {"operationId": "show", "responses": ok},
                "delete": {"operationId": "delete", "responses": {"202": {"description": "ok"}}}
            },
            "/v2/{project_id}/os-legacy": {"get": {"operationId": "legacy", "responses": ok}}
        }})
    }

    #[test]
    fn paths_move_and_steps_without_an_equivalent_are_skipped() {
        let v3 = json!({"paths": {
            "/v3/{project_id}/snapshots": {"post": {}},
            "/v3/{project_id}/snapshots/{snap}": {"get": {}, "delete": {}}
        }});
        let vars = [("project_id".to_string(), "p".to_string())].into();
        let mut plan = build(&v2_spec(), &Scenario::default(), &vars);
        assert_eq!(plan.rebase("/v2", "/v3", Some(&v3)), plan.steps.len());
        let step = |id: &str| plan.steps.iter().find(|s| s.operation_id == id).unwrap();
        assert_eq!(step("create").path, "/v3/{project_id}/snapshots");
        // Responses are still checked against what the v2 spec documents.
        assert_eq!(step("create").spec_path(), "/v2/{project_id}/snapshots");
        assert_eq!(
            step("create").delete_path.as_deref(),
            Some("/v3/{project_id}/snapshots/{snapshot_id}")
        );
        assert!(step("show").skip.is_none());
        assert_eq!(
            step("show").notes,
            ["documented as GET /v2/{project_id}/snapshots/{snapshot_id}"]
        );
        assert_eq!(
            step("legacy").skip.as_deref(),
            Some(
                "GET /v2/{project_id}/os-legacy has no equivalent `GET /v3/{project_id}/os-legacy` \
                 in the API the service serves; not replayed"
            )
        );
    }

    #[test]
    fn only_whole_leading_segments_move() {
        let mut plan = build(&v2_spec(), &Scenario::default(), &Default::default());
        assert_eq!(plan.rebase("/v", "/x", None), 0);
        assert!(plan.steps.iter().all(|s| s.path.starts_with("/v2/")));
    }
}
