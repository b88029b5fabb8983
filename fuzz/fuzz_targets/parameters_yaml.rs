//! The parameters.yaml reader on arbitrary text: never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        speclift_model::fuzzing::parameters_yaml(text);
    }
});
