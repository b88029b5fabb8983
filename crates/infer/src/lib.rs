//! Schema inference: the typed schemas of one operation's bodies and
//! parameters, from the speclift model's samples and parameter tables,
//! with what was wrong on the way as diagnostics.
//!
//! Inference is a pure function of the model: it reads no files and knows
//! nothing of OpenAPI's object model. Its output, [`Shape`], is a tree the
//! emitter (`speclift-openapi`) maps one to one onto its schema types.
//!
//! The stages of one body: [`Shape::infer`] reads each sample value and
//! [`Shape::merge`] widens them into one shape; [`body`] places the
//! documented rows on it (nesting, maps, required members); [`statuses`]
//! gives `status` fields their tables' values; [`operation`] does all of
//! it for every body of an operation and splits action bodies into
//! alternatives.

pub mod body;
mod formats;
pub mod names;
mod operation;
mod parameters;
mod shape;
pub mod statuses;
pub mod types;
pub mod versions;

pub use operation::{
    Alternative, InferredOperation, InferredRequest, RequestSchema, StatusTables, operation,
};
pub use parameters::parameter;
pub use shape::{Shape, merge_opt};

/// How many documented body parameter rows found a place in a schema.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Body parameter rows over every request and response table.
    pub body_rows: usize,
    /// Rows that became (or documented) a schema property or map.
    pub placed: usize,
}

impl Coverage {
    /// `placed / body_rows` as a percentage (100 with no rows).
    pub fn percent(&self) -> f64 {
        if self.body_rows == 0 {
            return 100.0;
        }
        self.placed as f64 * 100.0 / self.body_rows as f64
    }
}

impl std::ops::AddAssign for Coverage {
    fn add_assign(&mut self, other: Coverage) {
        self.body_rows += other.body_rows;
        self.placed += other.placed;
    }
}
