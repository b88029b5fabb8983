//! `speclift`: a thin command line over the pipeline in the library crate.
//!
//! Exit status: 0 success (warnings allowed), 1 errors in the input,
//! 2 usage errors (clap's own convention).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use speclift::{Format, GenerateOptions, generate, write_atomically};
use speclift_diag::counted;
use speclift_model::Dialect;

#[derive(Parser)]
#[command(
    name = "speclift",
    version,
    about = "API reference documentation (reStructuredText) to OpenAPI 3.1"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate one OpenAPI 3.1 document per API found under PATH.
    Gen(GenArgs),
    /// Report documentation drift: parameters.yaml hygiene, tables vs
    /// URLs, samples vs tables.
    Lint(LintArgs),
    /// Compare two APIs (spec files or api-ref documents) and classify every
    /// change as breaking or not.
    Diff(DiffArgs),
    /// Replay a spec's documented requests against a live service and
    /// verify status codes and response shapes.
    // Boxed: its many options would make every `Command` as large.
    Check(Box<speclift_check::cli::CheckArgs>),
    /// Write a static API portal (HTML, search, microversion selector,
    /// Swagger UI) from generated specs.
    Portal(speclift_portal::cli::PortalArgs),
}

#[derive(clap::Args)]
struct LintArgs {
    /// api-ref trees or files to lint.
    #[arg(value_name = "PATH", required_unless_present = "explain")]
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    format: LintFormat,
    /// `--deny warnings`: exit 1 when there is any finding at all.
    #[arg(long, value_name = "LEVEL", value_parser = ["warnings"])]
    deny: Option<String>,
    /// Print the explanation of one rule (e.g. SL020) and exit.
    #[arg(long, value_name = "CODE")]
    explain: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum LintFormat {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(clap::Args)]
struct DiffArgs {
    /// The old API: a spec file (.yaml/.json) or api-ref documentation.
    old: PathBuf,
    /// The new API, likewise.
    new: PathBuf,
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,
    /// `--fail-on breaking`: exit 1 when any change is breaking.
    #[arg(long, value_name = "WHAT", value_parser = ["breaking"])]
    fail_on: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Human,
    Json,
    Markdown,
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
    /// Write nothing; exit 1 when a spec in DIR differs from what the
    /// documentation generates (or is missing), showing the difference.
    /// For CI jobs that keep generated specs under version control.
    #[arg(long)]
    check: bool,
    /// The OpenAPI version to write: 3.1, or 3.2 (operations on methods
    /// other than the eight go under `additionalOperations` instead of
    /// `x-oai-additionalOperations`).
    #[arg(long, value_name = "VERSION", default_value = "3.1")]
    openapi: speclift_openapi::OutputVersion,
    /// `--deny warnings` (or `--strict`): any warning fails, and an API
    /// with warnings is not written, as if they were errors.
    #[arg(long, value_name = "LEVEL", value_parser = ["warnings"])]
    deny: Option<String>,
    /// Same as `--deny warnings`.
    #[arg(long)]
    strict: bool,
    /// Keep running: regenerate on every save under PATH's tree, printing
    /// the diagnostics anew each time (Ctrl-C ends it).
    #[arg(long, conflicts_with = "check")]
    watch: bool,
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
        Command::Lint(args) => run_lint(args),
        Command::Diff(args) => run_diff(args),
        Command::Portal(args) => ExitCode::from(speclift_portal::cli::run_portal(&args)),
        Command::Check(args) => {
            ExitCode::from(u8::try_from(speclift_check::cli::run_check(&args)).unwrap_or(2))
        }
    }
}

fn run_lint(args: LintArgs) -> ExitCode {
    if let Some(code) = &args.explain {
        return match speclift_lint::explain(code) {
            Some(rule) => {
                println!(
                    "{} ({}): {}\n\n{}",
                    rule.code, rule.name, rule.summary, rule.explanation
                );
                ExitCode::SUCCESS
            }
            None => {
                eprintln!(
                    "speclift: no lint rule `{code}`; rules are SL001…, see `speclift lint --explain SL001`"
                );
                ExitCode::from(2)
            }
        };
    }
    let report = speclift_lint::lint_paths(&args.paths);
    let base = std::env::current_dir().unwrap_or_default();
    let text = match args.format {
        LintFormat::Human => speclift_lint::render_human(
            &report,
            std::io::IsTerminal::is_terminal(&std::io::stdout()),
        ),
        LintFormat::Json => speclift_lint::render_json(&report),
        LintFormat::Sarif => speclift_lint::render_sarif(&report, &base),
        LintFormat::Github => speclift_lint::render_github(&report, &base),
    };
    print!("{text}");
    let counts = report.counts();
    eprintln!(
        "speclift lint: {}{}",
        counted(report.diagnostics.len(), "finding"),
        if counts.is_empty() {
            String::new()
        } else {
            format!(
                " ({})",
                counts
                    .iter()
                    .map(|(c, n)| format!("{c}: {n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    );
    let deny = args.deny.is_some() && !report.diagnostics.is_empty();
    if report.has_errors() || deny {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn run_diff(args: DiffArgs) -> ExitCode {
    let options = GenerateOptions::default();
    let load = |path: &PathBuf| {
        speclift::load_spec(path, &options).map_err(|diagnostics| {
            for d in diagnostics {
                eprintln!("{d}");
            }
        })
    };
    let (Ok(old), Ok(new)) = (load(&args.old), load(&args.new)) else {
        return ExitCode::from(1);
    };
    // A `$ref` that leads nowhere would compare as "any value": an error.
    let mut broken = false;
    for (path, doc) in [(&args.old, &old), (&args.new, &new)] {
        for (at, problem) in speclift_diff::broken_refs(doc) {
            broken = true;
            let d = speclift_diag::Diagnostic::error(
                speclift_diag::Location::file_start(path.as_path()),
                format!("at {at}: {problem}"),
            )
            .with_hint("point the `$ref` at a schema in the same document");
            eprintln!("{d}");
        }
    }
    if broken {
        return ExitCode::from(1);
    }
    let changes = speclift_diff::diff(&old, &new);
    let text = match args.format {
        DiffFormat::Human => speclift_diff::render_human(&changes),
        DiffFormat::Json => speclift_diff::render_json(&changes),
        DiffFormat::Markdown => speclift_diff::render_markdown(&changes),
    };
    // Names and descriptions come from the documents; JSON escapes its own.
    print!("{}", speclift_diag::printable(&text));
    if args.fail_on.is_some() && speclift_diff::has_breaking(&changes) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `gen --check`: compares instead of writing.
fn check_gen(
    generation: &speclift::Generation,
    output: &std::path::Path,
    format: Format,
    err: &mut impl Write,
) -> ExitCode {
    let mut stale = 0usize;
    for api in &generation.apis {
        let Some(text) = api.render(format) else {
            stale += 1;
            let _ = writeln!(
                err,
                "speclift: `{}` cannot be generated: its documentation has errors (see above)",
                api.name
            );
            continue;
        };
        let path = output.join(api.file_name(format));
        match std::fs::read_to_string(&path) {
            Ok(old) if old == text => {}
            Ok(old) => {
                stale += 1;
                let label = path.display().to_string();
                let _ = writeln!(err, "speclift: {label} is stale:");
                let diff = speclift::stale_diff(&label, &old, &text, 40);
                let _ = writeln!(err, "{}", speclift_diag::printable(&diff));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                stale += 1;
                let _ = writeln!(err, "speclift: {} is missing", path.display());
            }
            Err(e) => {
                stale += 1;
                let _ = writeln!(
                    err,
                    "speclift: cannot read {}: {e}; restore it or remove it",
                    path.display()
                );
            }
        }
    }
    let total = generation.apis.len();
    if generation.has_errors() {
        // Regenerating would fail the same way: the fix is in the documents.
        let _ = writeln!(
            err,
            "speclift: the documentation has errors (above); fix them, then check again"
        );
        ExitCode::from(1)
    } else if stale > 0 {
        let _ = writeln!(
            err,
            "speclift: {stale} of {} in {} differ from what the documentation generates; \
             run the same command without --check and commit the result",
            counted(total, "spec"),
            output.display()
        );
        ExitCode::from(1)
    } else {
        let _ = writeln!(
            err,
            "speclift: up to date: {} in {}",
            counted(total, "spec"),
            output.display()
        );
        ExitCode::SUCCESS
    }
}

/// On SIGINT/SIGTERM, lets a spec write in flight finish or removes its
/// temporary file, then exits (130/143, as the shell would report the
/// signal): an interrupted `gen` leaves no `.NAME.PID.tmp` behind. The
/// handlers are installed before this returns, so no signal can take the
/// default path once writing starts.
#[cfg(unix)]
fn remove_temp_files_on_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
    else {
        return;
    };
    let streams = {
        let _context = runtime.enter();
        (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        )
    };
    let (Ok(mut int), Ok(mut term)) = streams else {
        return;
    };
    std::thread::spawn(move || {
        let code = runtime.block_on(async {
            tokio::select! {
                _ = int.recv() => 130,
                _ = term.recv() => 143,
            }
        });
        speclift::remove_temp_files();
        std::process::exit(code);
    });
}

#[cfg(not(unix))]
fn remove_temp_files_on_signal() {}

fn run_gen(args: GenArgs) -> ExitCode {
    if !args.check
        && let Ok(meta) = std::fs::metadata(&args.output)
        && !meta.is_dir()
    {
        eprintln!(
            "speclift: -o {}: is a file, not a directory; give the directory the specs go to",
            args.output.display()
        );
        return ExitCode::from(2);
    }
    remove_temp_files_on_signal();
    let format = match args.format {
        FormatArg::Yaml => Format::Yaml,
        FormatArg::Json => Format::Json,
    };
    let options = GenerateOptions {
        root: args.root.clone(),
        dialect: args.dialect.map(|d| match d {
            DialectArg::OsApiRef => Dialect::OsApiRef,
            DialectArg::Synnefo => Dialect::Synnefo,
        }),
        openapi: args.openapi,
    };
    if args.watch {
        let dirs = speclift::watch::watched_dirs(&args.paths, options.root.as_deref());
        let result = speclift::watch::watch(&dirs, &args.output, || {
            gen_once(&args, &options, format);
        });
        if let Err(e) = result {
            eprintln!("speclift: {e}");
        }
        return ExitCode::from(1);
    }
    gen_once(&args, &options, format)
}

/// One `gen` run: generate, print the diagnostics, write (or `--check`).
fn gen_once(args: &GenArgs, options: &GenerateOptions, format: Format) -> ExitCode {
    let generation = generate(&args.paths, options);

    // Buffered: one write instead of one per line of each diagnostic.
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    let strict = args.strict || args.deny.is_some();
    let (mut warnings, mut errors, mut degraded) = (0usize, 0usize, 0usize);
    for d in generation.all_diagnostics() {
        if d.is_error() {
            errors += 1;
        } else {
            warnings += 1;
        }
        if speclift_diag::degraded::is_degradation(d.code) {
            degraded += 1;
        }
        let _ = writeln!(err, "{d}");
    }
    // Strict: an API with any diagnostic is treated as one with errors.
    let denied = |api: &speclift::GeneratedApi| strict && !api.diagnostics.is_empty();

    if args.check {
        return check_gen(&generation, &args.output, format, &mut err);
    }
    let mut written = 0usize;
    let mut write_failed = false;
    let texts = speclift::render_all(&generation.apis, format);
    for (api, text) in generation.apis.iter().zip(texts) {
        if denied(api) {
            let _ = writeln!(
                err,
                "speclift: not writing `{}`: it has warnings and --deny warnings is set",
                api.name
            );
            continue;
        }
        let Some(text) = text else {
            let _ = writeln!(
                err,
                "speclift: not writing `{}`: its documentation has errors (see above)",
                api.name
            );
            continue;
        };
        let path = args.output.join(api.file_name(format));
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
        "speclift: wrote {written} of {} to {} ({}, {}; {} degraded)",
        counted(generation.apis.len(), "spec"),
        args.output.display(),
        counted(errors, "error"),
        counted(warnings, "warning"),
        counted(degraded, "element"),
    );
    let global_warnings = strict && !generation.diagnostics.is_empty();
    if generation.has_errors()
        || write_failed
        || global_warnings
        || generation.apis.iter().any(denied)
    {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
