//! The tests of `speclift-infer`, the stage before the emitter. They live
//! in the emitter's test binary because they read each inferred schema
//! through `speclift_openapi::to_schema`, the mapping the specs are written
//! with: so each test states what a generated spec says, and the inference
//! crate needs no dependency on the emitter, not even for tests.

mod body;
mod operation;
mod shape;
mod statuses;
