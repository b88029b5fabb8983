//! Prints findings of one rule for the given trees: `cargo run -p
//! speclift-lint --example corpus_dump -- SL015 ../shared/corpus/cinder`.
fn main() {
    let code = std::env::args().nth(1).unwrap_or_default();
    let inputs: Vec<std::path::PathBuf> = std::env::args().skip(2).map(Into::into).collect();
    let report = speclift_lint::lint_paths(&inputs);
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.code == Some(code.as_str()))
    {
        println!("{d}");
    }
    eprintln!("{:?}", report.counts());
}
