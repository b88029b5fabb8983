//! Locating `../shared` test data.

pub use speclift_test_support::{shared, shared_dir};

// Not every test uses every helper.
#[allow(dead_code)]
/// Output with the machine-specific location of `shared/` replaced.
pub fn portable(text: &str) -> String {
    text.replace(&shared_dir().display().to_string(), "<shared>")
}
