//! `speclift`: a thin command line over the pipeline in the library crate.
//!
//! Exit status: 0 success (warnings allowed), 1 errors in the input,
//! 2 usage errors (clap's own convention).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use speclift::{Format, GenerateOptions, generate, write_atomically};
use speclift_model::Dialect;

#[derive(Parser)]
#[command(name = "speclift", version, about = "API reference documentation (reStructuredText) to OpenAPI 3.1")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate one OpenAPI 3.1 document per API found under PATH.
    Gen(GenArgs),
}

#[derive(clap::Args)]
struct GenArgs {
    /// An api-ref source directory (its index.rst and toctrees are
    /// followed) or a single .rst/.inc file.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Directory to write the specs into (one file per API).
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
    #[arg(long, value_enum, default_value_t = FormatArg::Yaml)]
    format: FormatArg,
    /// Files outside this directory are never read (default: the tree that
    /// holds `api-ref/source`, or PATH itself).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Read every document in this dialect instead of detecting it.
    #[arg(long, value_enum)]
    dialect: Option<DialectArg>,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Yaml,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum DialectArg {
    OsApiRef,
    Synnefo,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Gen(args) => run_gen(args),
    }
}

fn run_gen(args: GenArgs) -> ExitCode {
    let format = match args.format {
        FormatArg::Yaml => Format::Yaml,
        FormatArg::Json => Format::Json,
    };
    let options = GenerateOptions {
        root: args.root,
        dialect: args.dialect.map(|d| match d {
            DialectArg::OsApiRef => Dialect::OsApiRef,
            DialectArg::Synnefo => Dialect::Synnefo,
        }),
    };
    let generation = generate(&args.paths, &options);

    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    let (mut warnings, mut errors) = (0usize, 0usize);
    for d in generation.all_diagnostics() {
        if d.is_error() {
            errors += 1;
        } else {
            warnings += 1;
        }
        let _ = writeln!(err, "{d}");
    }

    let mut written = 0usize;
    let mut write_failed = false;
    for api in &generation.apis {
        let Some(text) = api.render(format) else {
            let _ = writeln!(
                err,
                "speclift: not writing `{}`: its documentation has errors (see above)",
                api.name
            );
            continue;
        };
        let path = args.output.join(format!("{}.{}", api.name, format.extension()));
        match write_atomically(&path, &text) {
            Ok(()) => written += 1,
            Err(e) => {
                write_failed = true;
                let _ = writeln!(err, "speclift: cannot write {}: {e}", path.display());
            }
        }
    }
    let _ = writeln!(
        err,
        "speclift: wrote {written} of {} specs to {} ({errors} errors, {warnings} warnings)",
        generation.apis.len(),
        args.output.display()
    );
    if generation.has_errors() || write_failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
