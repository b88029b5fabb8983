//! The RST reader on arbitrary text: never panics, every location in range.
#![no_main]

use std::path::Path;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let file: Arc<Path> = Arc::from(Path::new("fuzz.rst"));
    let (_, diagnostics) = speclift_rst::parse_str(file, &text);
    // The reader ends lines at CRLF, LF and a lone CR alike.
    let lines = text.replace("\r\n", "\n").replace('\r', "\n").lines().count() as u32 + 1;
    for d in diagnostics {
        if let Some(at) = d.location {
            assert!(at.line >= 1 && at.line <= lines, "line {} of {lines}", at.line);
        }
    }
});
