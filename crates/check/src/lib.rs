//! Contract checks: replay a generated spec's documented requests against a
//! live service and report where the service and its documentation
//! disagree.
//!
//! The pipeline is [`plan::build`] (spec + [`Scenario`] → [`Plan`], pure),
//! then [`run::run`] / [`run::run_with_signals`] (plan → [`Report`]), then
//! the report's renderings. [`add_links`] writes the inferred
//! producer → consumer chain into a spec as OpenAPI `links`.

pub mod auth;
mod cancel;
mod cleanup;
pub mod discover;
mod fixture;
pub mod input;
mod journal;
pub mod judge;
pub mod links;
pub mod lookup;
pub mod microversion;
pub mod negative;
pub mod plan;
mod poll;
pub mod progress;
pub mod reach;
pub mod rebase;
pub mod redact;
pub mod report;
pub mod run;
pub mod safety;
pub mod scenario;
mod schedule;
pub mod services;
pub mod spec;
mod step;
mod table;
pub mod transport;
pub mod validate;
mod vars;

pub use auth::KeystoneCredentials;
pub use links::add_links;
pub use plan::{Plan, Step, StepKind};
pub use progress::{Progress, ProgressSink};
pub use redact::Redactor;
pub use report::{Outcome, Report, Verdict};
pub use run::{Cancel, RunOptions, run, run_with_signals};
pub use scenario::{Scenario, scenario_schema};
