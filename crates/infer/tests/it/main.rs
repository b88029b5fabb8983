//! The inference crate's tests: one binary, a module per concern. Schemas
//! are read through `speclift_openapi::to_schema`, the emitter's mapping,
//! so each test states what a generated spec says.

mod body;
mod operation;
mod shape;
mod statuses;
