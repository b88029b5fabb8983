//! Manual runs until `speclift check` is wired:
//! `cargo run -p speclift-check --example check -- SPEC --base-url URL …`

use clap::Parser;

#[derive(Parser)]
#[command(name = "check")]
struct Cli {
    #[command(flatten)]
    args: speclift_check::cli::CheckArgs,
}

fn main() {
    let cli = Cli::parse();
    std::process::exit(speclift_check::cli::run_check(&cli.args));
}
