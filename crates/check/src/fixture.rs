//! The scenario's setup beside the steps: fixtures, created before the
//! first step (on the base URL or another service's endpoint) and removed
//! like anything else the run creates; and state waits, which poll a
//! resource after a checked operation until it reaches a status.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::journal::Cleanup;
use crate::judge::snippet;
use crate::plan::Step;
use crate::scenario::{Fixture, merge_headers};
use crate::services::StateWait;
use crate::step::{Runner, scalar};
use crate::transport::Request;

impl Runner {
    /// Where a fixture's path template points, and the microversion
    /// headers and version to send there: on its endpoint, an absolute URL
    /// with that service's headers (see [`crate::services`]).
    fn fixture_target(&self, f: &Fixture, template: &str) -> Result<Target, String> {
        self.target(f.endpoint.as_deref(), template, f.microversion.as_deref())
    }

    /// `template` filled, on `endpoint` (a scenario endpoint) or the base
    /// URL, with the microversion asked of that endpoint's service.
    fn target(
        &self,
        endpoint: Option<&str>,
        template: &str,
        microversion: Option<&str>,
    ) -> Result<Target, String> {
        let path = self
            .vars
            .fill(template)
            .map_err(|m| format!("`{{{m}}}` has no value"))?;
        let Some(service) = endpoint else {
            return Ok(Target {
                url: path,
                headers: self.headers.clone(),
                microversion: microversion.map(str::to_string),
            });
        };
        let mut headers = self.headers.clone();
        if let Some(mv) = microversion {
            headers = merge_headers(&headers, &crate::microversion::header_map(service, mv));
        }
        Ok(Target {
            url: self.endpoints.url(service, &path)?,
            headers,
            // Asked through `headers`, for the endpoint's own service.
            microversion: None,
        })
    }

    /// Creates fixture `f` and registers its removal; the body it answered
    /// with, for [`Runner::await_fixture`].
    pub(crate) async fn create_fixture(&self, f: &Fixture) -> Result<Option<Value>, String> {
        self.transport.ensure_running()?;
        let Target {
            url: path,
            headers,
            microversion: mv,
        } = self.fixture_target(f, &f.path)?;
        let mut body = f.body.clone();
        if let Some(b) = body.as_mut() {
            self.vars
                .fill_body(b)
                .map_err(|m| format!("`{{{m}}}` has no value"))?;
        }
        let reply = self
            .transport
            .call(&Request {
                method: &f.method.to_uppercase(),
                path: &path,
                body: body.as_ref(),
                microversion: mv.as_deref(),
                headers: &headers,
                retry_unsafe: false,
            })
            .await
            .map_err(|e| e.message())?;
        if !(200..300).contains(&reply.status) {
            return Err(format!(
                "{} {path} answered {}: {}",
                f.method,
                reply.status,
                snippet(&self.redactor, &reply.body)
            ));
        }
        let response: Option<Value> = serde_json::from_slice(&reply.body).ok();
        let mut missing = Vec::new();
        for (variable, pointer) in &f.capture {
            match response
                .as_ref()
                .and_then(|r| r.pointer(pointer))
                .and_then(scalar)
            {
                Some(v) => self.vars.set(variable, v),
                None => missing.push(format!("{variable} ({pointer})")),
            }
        }
        // A GET made nothing: its captures are names to use, not to remove.
        if f.reads() {
            return if missing.is_empty() {
                Ok(response)
            } else {
                Err(format!(
                    "the service's list has no {} (it lists nothing to use)",
                    missing.join(", ")
                ))
            };
        }
        // Registered before anything can fail, so it is always removed. A
        // fixture without `delete` acts on an earlier one, removed as that.
        if let Some(delete) = &f.delete {
            match self.fixture_target(f, delete) {
                Ok(Target {
                    url: delete,
                    headers,
                    microversion: mv,
                }) => self.cleanup.push(Cleanup {
                    label: format!("fixture {} {delete}", f.name),
                    show: f
                        .wait
                        .as_ref()
                        .and_then(|w| self.fixture_target(f, &w.path).ok())
                        .map(|t| t.url)
                        .or_else(|| Some(delete.clone())),
                    status_pointer: f.wait.as_ref().map(|w| w.status.clone()),
                    microversion: mv,
                    headers,
                    path: delete,
                    body: None,
                }),
                Err(m) => {
                    return Err(format!("created it, but cannot delete it: {m}"));
                }
            }
        }
        if !missing.is_empty() {
            return Err(format!("the response has no {}", missing.join(", ")));
        }
        Ok(response)
    }

    /// Polls a created fixture with a `wait` until it leaves its
    /// transitional states (nothing to do without one). Apart from
    /// [`Runner::create_fixture`], so that the run can create the next
    /// fixture while this one settles.
    pub(crate) async fn await_fixture(
        &self,
        f: &Fixture,
        answered: Option<&Value>,
    ) -> Result<(), String> {
        let Some(w) = &f.wait else {
            return Ok(());
        };
        let show = self.fixture_target(f, &w.path)?;
        self.polls()
            .await_settled(
                &show.url,
                &w.status,
                show.microversion.as_deref(),
                &show.headers,
                answered,
            )
            .await
    }

    /// The scenario's state waits after `step` succeeded (see
    /// [`StateWait`]): each polls until its status is reached; an
    /// `error…` status, a 404 or the timeout is a failure of the step.
    pub(crate) async fn await_states(&self, step: &Step) -> Vec<String> {
        let mut failures = Vec::new();
        for w in self
            .state_waits
            .iter()
            .filter(|w| w.after == step.operation_id)
        {
            if let Err(e) = self.await_state(w).await {
                failures.push(format!(
                    "waiting for `{}` at {}: {e}",
                    w.until.join("|"),
                    w.path
                ));
            }
        }
        failures
    }

    async fn await_state(&self, w: &StateWait) -> Result<(), String> {
        let Target {
            url,
            headers,
            microversion: mv,
        } = self.target(w.endpoint.as_deref(), &w.path, w.microversion.as_deref())?;
        let timeout = w.timeout_secs.unwrap_or(self.wait.timeout_secs);
        let started = Instant::now();
        let mut last = String::from("unknown");
        let mut polls = 0u32;
        loop {
            match self
                .transport
                .call(&Request::get(&url, mv.as_deref(), &headers))
                .await
            {
                Ok(reply) if reply.status == 404 => {
                    return Err(format!("GET {url} answered 404"));
                }
                Ok(reply) => {
                    let body: Option<Value> = serde_json::from_slice(&reply.body).ok();
                    if let Some(status) = body
                        .as_ref()
                        .and_then(|b| b.pointer(&w.status))
                        .and_then(Value::as_str)
                    {
                        if w.reached(status) {
                            return Ok(());
                        }
                        if status.to_ascii_lowercase().starts_with("error") {
                            return Err(format!("the resource went to status `{status}`"));
                        }
                        last = status.to_string();
                    }
                }
                Err(e) => last = e.message(),
            }
            if started.elapsed() >= Duration::from_secs(timeout) {
                return Err(format!("still `{last}` after {timeout} s"));
            }
            self.polls().pause(polls).await?;
            polls += 1;
        }
    }
}

/// Where one request of a fixture or state wait goes (see
/// [`Runner::target`]).
struct Target {
    url: String,
    headers: BTreeMap<String, String>,
    microversion: Option<String>,
}
