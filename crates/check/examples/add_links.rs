//! Writes a generated spec with the checker's inferred producer → consumer
//! chain added as OpenAPI `links` (the committed specs have none), e.g. for
//! `schemathesis run --phases stateful` (see scripts/schemathesis-once.sh):
//! `cargo run -p speclift-check --example add_links -- IN.json OUT.json`

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: add_links IN.json OUT.json");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(input) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{input}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut spec: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("{input}:{}:{}: not JSON: {e}", e.line(), e.column());
            return ExitCode::FAILURE;
        }
    };
    speclift_check::add_links(&mut spec);
    let mut rendered = match serde_json::to_string_pretty(&spec) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot render the spec: {e}");
            return ExitCode::FAILURE;
        }
    };
    rendered.push('\n');
    if let Err(e) = std::fs::write(output, rendered) {
        eprintln!("{output}: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
