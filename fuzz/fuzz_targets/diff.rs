//! `diff` on two arbitrary documents (split at the first NUL byte, each
//! JSON or YAML): never panics, and a document compared with itself has
//! no changes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fn parse(text: &str) -> Option<serde_json::Value> {
    serde_json::from_str(text)
        .ok()
        .or_else(|| serde_saphyr::from_str(text).ok())
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (old, new) = text.split_once('\0').unwrap_or((&text, ""));
    let (Some(old), Some(new)) = (parse(old), parse(new)) else {
        return;
    };
    let _ = speclift_diff::diff(&old, &new);
    assert!(speclift_diff::diff(&old, &old).is_empty(), "a document differs from itself");
});
