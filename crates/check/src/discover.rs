//! Microversion discovery: an operation documented without a minimum
//! microversion that the service serves only at a later one (Cinder's
//! groups, messages and manageable resources answer 404 at 3.0) is a gap
//! in the documentation, not a failure of the service. Such a request is
//! retried once at the service's maximum; if that succeeds the step is
//! judged on that answer and carries a documentation warning, the live
//! counterpart of lint rule SL017.

use crate::plan::Step;

/// The microversion to retry `step` at after `status`, if any: only for a
/// microversioned service, a step sent without a version of its own
/// (the service's base), and a 404 or 400 (how OpenStack services answer
/// a route or a body they serve only at later versions).
pub fn retry_version<'a>(
    step: &Step,
    service: Option<&str>,
    max: Option<&'a str>,
    status: u16,
) -> Option<&'a str> {
    service?;
    // An invalid variant expects a 400: only a missing route is retried.
    let unserved = match step.negative {
        Some(_) => status == 404,
        None => matches!(status, 400 | 404),
    };
    if step.microversion.is_some() || !unserved {
        return None;
    }
    max
}

/// Whether the retry's `status` shows the service serves the operation at
/// the later version: success for a valid request, anything but another
/// 404 for an invalid variant.
pub fn served(step: &Step, status: u16) -> bool {
    match step.negative {
        Some(_) => status != 404,
        None => status < 400,
    }
}

/// The documentation warning for a step that only succeeded at `version`
/// after `status` at the base version.
pub fn warning(step: &Step, status: u16, version: &str) -> String {
    format!(
        "docs: {} {} is documented without a minimum microversion, but the service answered \
         {status} at its base version and succeeded at {version}: it needs a later \
         microversion (≤ {version}); document its `min_version`",
        step.method,
        step.spec_path()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Plan, StepKind};
    use crate::{Scenario, plan};
    use serde_json::json;

    fn step(microversion: Option<&str>) -> Step {
        let spec = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/v3/groups": {"get": {"operationId": "list",
                "responses": {"200": {"description": "ok"}}}}}});
        let plan: Plan = plan::build(&spec, &Scenario::default(), &Default::default());
        let mut s = plan.steps[0].clone();
        assert_eq!(s.kind, StepKind::Read);
        s.microversion = microversion.map(str::to_string);
        s
    }

    #[test]
    fn retries_base_version_404_and_400_once_at_the_maximum() {
        let base = step(None);
        assert_eq!(
            retry_version(&base, Some("volume"), Some("3.71"), 404),
            Some("3.71")
        );
        assert_eq!(
            retry_version(&base, Some("volume"), Some("3.71"), 400),
            Some("3.71")
        );
        assert_eq!(
            retry_version(&base, Some("volume"), Some("3.71"), 500),
            None
        );
        assert_eq!(retry_version(&base, None, Some("3.71"), 404), None);
        assert_eq!(retry_version(&base, Some("volume"), None, 404), None);
        // A documented version is the docs' word: its 404 is a finding.
        let versioned = step(Some("3.27"));
        assert_eq!(
            retry_version(&versioned, Some("volume"), Some("3.71"), 404),
            None
        );
        let w = warning(&base, 404, "3.71");
        assert!(
            w.contains("GET /v3/groups") && w.contains("min_version"),
            "{w}"
        );
    }
}
