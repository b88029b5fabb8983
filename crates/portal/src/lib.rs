//! speclift-portal: a static, self-contained API portal built from
//! generated specs (never from the RST). One HTML page per API, readable
//! without JavaScript; a microversion selector and search in a few lines of
//! vanilla JS; Swagger UI per API with its assets compiled in; the spec
//! files beside the pages. Nothing is fetched at view time.

pub mod cli;
mod html;
pub mod model;
mod render;
mod search;
mod site;
pub mod spec;
pub mod version;

pub use model::{ApiPage, build_page, path_operations};
pub use render::api_page;
pub use site::{SiteSummary, build_site};
pub use spec::{SpecFile, collect_inputs, read_spec};
