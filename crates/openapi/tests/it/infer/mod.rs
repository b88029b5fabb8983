//! The tests of `speclift-infer`, the stage before the emitter. They live
//! in the emitter's test binary because they read each inferred schema
//! through `speclift_openapi::to_schema`, the mapping the specs are written
//! with: so each test states what a generated spec says, and the inference
//! crate needs no dependency on the emitter, not even for tests.

use serde_json::Value;
use speclift_diag::{Location, path};
use speclift_model::Sample;

mod body;
mod operation;
mod shape;
mod statuses;

/// A sample titled `title` with `body`, at `file:line`.
fn sample_at(title: &str, body: Value, file: &str, line: u32) -> Sample {
    Sample {
        title: title.into(),
        microversion: None,
        file: None,
        body,
        location: Location::new(path(file), line, 1),
    }
}
