//! The sample readers (os-api-ref JSON samples with their titles, Synnefo
//! example blocks) on arbitrary text: never panic. The first line is the
//! title.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (title, body) = text.split_once('\n').unwrap_or(("", &text));
    speclift_model::fuzzing::sample(title, body);
});
