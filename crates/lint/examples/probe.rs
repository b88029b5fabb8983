fn main() {
    let args: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let r = speclift_lint::lint_paths(&args);
    if std::env::var("HUMAN").is_ok() { print!("{}", speclift_lint::render_human(&r, false)); }
    println!("{:?}", r.counts());
}
