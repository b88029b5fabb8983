//! The `speclift` command line: argument parsing and each command's run
//! over the library's pipeline (`src/main.rs` only calls [`main`]). It sits
//! in the library so its unit tests share the library's test binary.
//!
//! Exit status (every command, see `usage.rs`): 0 success (warnings
//! allowed), 1 findings or failures, 2 usage error or unreadable input
//! (clap's own convention for usage errors).

use crate::{check_cmd, inputs, man, usage};

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::output::{ColorChoice, Renderer, color_for};
use crate::{Format, GenerateOptions, generate, write_atomically};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use speclift_diag::counted;
use speclift_model::Dialect;

#[derive(Parser)]
#[command(
    name = "speclift",
    version = usage::VERSION,
    about = "API reference documentation (reStructuredText) to OpenAPI 3.1",
    after_help = usage::TOP
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Colour diagnostics: `auto` (a terminal, unless NO_COLOR is set or
    /// CLICOLOR_FORCE forces it), `always` or `never`.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

/// The rule selection shared by `gen` and `lint` (ruff's semantics).
#[derive(clap::Args)]
struct RuleArgs {
    /// Report only these rules: codes, prefixes (`SL0`, `SD`) or `ALL`,
    /// comma-separated; replaces `.speclift.toml`'s `select`.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    select: Vec<String>,
    /// Silence these rules (codes, prefixes or `ALL`), after
    /// `.speclift.toml`; the most specific of `--select`/`--ignore` wins.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    ignore: Vec<String>,
    /// Read this configuration file instead of the `.speclift.toml` found
    /// beside or above the inputs.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
}

impl RuleArgs {
    fn options(&self) -> Result<speclift_lint::LintOptions, ExitCode> {
        let selection = speclift_lint::config::Selection::from_args(&self.select, &self.ignore)
            .map_err(|e| {
                eprintln!("speclift: {e}");
                ExitCode::from(2)
            })?;
        Ok(speclift_lint::LintOptions {
            selection,
            config: self.config.clone(),
        })
    }
}

#[derive(Subcommand)]
enum Command {
    /// Generate one OpenAPI 3.1 document per API found under PATH.
    #[command(after_help = usage::GEN)]
    Gen(GenArgs),
    /// Report documentation drift: parameters.yaml hygiene, tables vs
    /// URLs, samples vs tables.
    #[command(after_help = usage::LINT)]
    Lint(LintArgs),
    /// Compare two APIs (spec files or api-ref documents) and classify every
    /// change as breaking or not.
    #[command(after_help = usage::DIFF)]
    Diff(DiffArgs),
    /// Replay a spec's documented requests against a live service and
    /// verify status codes and response shapes.
    // Boxed: its many options would make every `Command` as large.
    #[command(after_help = usage::CHECK)]
    Check(Box<check_cmd::CheckArgs>),
    /// List every diagnostic code (code, name, default severity, summary),
    /// or explain one.
    #[command(after_help = usage::RULES)]
    Rules(RulesArgs),
    /// Write a static API portal (HTML, search, microversion selector,
    /// Swagger UI) from generated specs.
    #[command(after_help = usage::PORTAL)]
    Portal(speclift_portal::cli::PortalArgs),
    /// Print a shell completion script for bash, zsh, fish or powershell.
    #[command(after_help = usage::COMPLETIONS)]
    Completions {
        /// The shell to complete in.
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Write the man pages (speclift.1, speclift-gen.1, …) into DIR; what
    /// `cargo xtask man` runs.
    #[command(hide = true)]
    ManPages {
        /// The directory to write into (created if missing).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

#[derive(clap::Args)]
struct RulesArgs {
    /// Print the explanation of one rule (e.g. SL020), wrapped to the
    /// terminal.
    #[arg(long, value_name = "CODE")]
    explain: Option<String>,
}

#[derive(clap::Args)]
struct LintArgs {
    /// api-ref trees or files to lint.
    #[arg(value_name = "PATH", required_unless_present = "explain")]
    paths: Vec<PathBuf>,
    /// How findings are written to standard output.
    #[arg(long, value_name = "FORMAT", value_enum, default_value_t = LintFormat::Human)]
    format: LintFormat,
    /// `--deny warnings`: exit 1 when there is any finding at all.
    #[arg(long, value_name = "LEVEL", value_parser = ["warnings"])]
    deny: Option<String>,
    /// Print the explanation of one rule (e.g. SL020) and exit.
    #[arg(long, value_name = "CODE")]
    explain: Option<String>,
    /// Print error-level findings only (every finding under --deny
    /// warnings), and no summary line.
    #[arg(short, long)]
    quiet: bool,
    /// SARIF and GitHub annotation paths are relative to this directory
    /// (default: the repository holding the current directory).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum LintFormat {
    /// Source snippets with the finding marked, for a terminal.
    Human,
    /// One JSON array of findings.
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the diff).
    Github,
}

#[derive(clap::Args)]
struct DiffArgs {
    /// The old API: a spec file (.yaml/.json) or api-ref documentation.
    #[arg(value_name = "OLD", required_unless_present_any = ["explain", "list_kinds"])]
    old: Option<PathBuf>,
    /// The new API, likewise.
    #[arg(value_name = "NEW", required_unless_present_any = ["explain", "list_kinds"])]
    new: Option<PathBuf>,
    /// How changes are written to standard output.
    #[arg(long, value_name = "FORMAT", value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,
    /// `--fail-on breaking`: exit 1 when any change is breaking.
    #[arg(long, value_name = "WHAT", value_parser = ["breaking"])]
    fail_on: Option<String>,
    /// Print what one kind of change means (e.g. parameter-renamed) and
    /// whether it breaks clients, wrapped to the terminal, and exit.
    #[arg(long, value_name = "ID", conflicts_with = "list_kinds")]
    explain: Option<String>,
    /// List every kind of change (id, whether it breaks clients, summary)
    /// and exit.
    #[arg(long)]
    list_kinds: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    /// Breaking changes first, each with where it is, for a terminal.
    Human,
    /// One JSON array of changes.
    Json,
    /// Tables for a pull-request comment.
    Markdown,
}

#[derive(clap::Args)]
struct GenArgs {
    /// An api-ref source directory (its index.rst and toctrees are
    /// followed) or a single .rst/.inc file.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Directory to write the specs into (one file per API, named after
    /// it; created if missing). A file name such as out/x.yaml is refused.
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
    /// The serialization of the written specs.
    #[arg(long, value_name = "FORMAT", value_enum, default_value_t = FormatArg::Yaml)]
    format: FormatArg,
    /// Files outside this directory are never read (default: the tree that
    /// holds `api-ref/source`, or PATH itself).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Read every document in this dialect instead of detecting it.
    #[arg(long, value_name = "DIALECT", value_enum)]
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
    /// Print errors only (warnings too under --deny warnings, where they
    /// fail the run), and no summary line.
    #[arg(short, long)]
    quiet: bool,
    /// How diagnostics are printed: `full` (rustc style, the source line
    /// quoted), `concise` (one `file:line:col: warning[CODE]: message` line
    /// and its `= help:` line), or `json` (one array of diagnostics), for
    /// tools that read them.
    #[arg(long, value_enum, default_value_t = OutputFormat::Full)]
    output_format: OutputFormat,
    /// Keep running: regenerate on every save under PATH's tree, printing
    /// the diagnostics anew each time (Ctrl-C ends it).
    #[arg(long, conflicts_with = "check")]
    watch: bool,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Full,
    Concise,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    /// `NAME.yaml`
    Yaml,
    /// `NAME.json`
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum DialectArg {
    /// OpenStack api-ref (`.. rest_method::`, parameters.yaml).
    OsApiRef,
    /// Synnefo API guides (URI/Method tables).
    Synnefo,
}

/// Runs the command line and returns its exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = cli.color;
    match cli.command {
        Command::Gen(args) => run_gen(args, color),
        Command::Lint(args) => run_lint(args, color),
        Command::Diff(args) => run_diff(args, color),
        Command::Rules(args) => run_rules(&args),
        Command::Portal(args) => {
            let problems: Vec<_> = inputs::unreadable(args.specs.iter().map(PathBuf::as_path))
                .into_iter()
                .chain(inputs::output_dir(&args.output, "the site's files"))
                .collect();
            if !problems.is_empty() {
                return usage_error(&problems);
            }
            ExitCode::from(speclift_portal::cli::run_portal(&args))
        }
        Command::Check(args) => {
            ExitCode::from(u8::try_from(check_cmd::run_check(&args)).unwrap_or(2))
        }
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "speclift",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
        Command::ManPages { dir } => {
            match man::write_pages(&Cli::command(), env!("CARGO_PKG_VERSION"), &dir) {
                Ok(written) => {
                    eprintln!(
                        "speclift: wrote {} to {}",
                        counted(written, "man page"),
                        dir.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("speclift: cannot write man pages to {}: {e}", dir.display());
                    ExitCode::from(1)
                }
            }
        }
    }
}

/// Prints usage problems found before running; exit status 2.
fn usage_error(problems: &[speclift_diag::Diagnostic]) -> ExitCode {
    for d in problems {
        eprintln!("{d}");
    }
    ExitCode::from(2)
}

fn explain(code: &str) -> ExitCode {
    match speclift_diag::Rule::from_code(code) {
        Some(rule) => {
            print!(
                "{}",
                crate::output::explain(rule, crate::output::terminal_width())
            );
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("speclift: no rule `{code}`; `speclift rules` lists them");
            ExitCode::from(2)
        }
    }
}

fn run_rules(args: &RulesArgs) -> ExitCode {
    match &args.explain {
        Some(code) => explain(code),
        None => {
            print!("{}", crate::output::rules_table());
            ExitCode::SUCCESS
        }
    }
}

fn run_lint(args: LintArgs, color: ColorChoice) -> ExitCode {
    if let Some(code) = &args.explain {
        return explain(code);
    }
    let problems = inputs::unreadable(args.paths.iter().map(PathBuf::as_path));
    if !problems.is_empty() {
        return usage_error(&problems);
    }
    let options = match args.rules.options() {
        Ok(options) => options,
        Err(code) => return code,
    };
    let mut report = speclift_lint::lint_paths_with(&args.paths, &options);
    // Judged on every finding; `--quiet` only changes what is shown.
    let denied = args.deny.is_some() && !report.diagnostics.is_empty();
    let failed = report.has_errors() || denied;
    // Under `--deny warnings` every finding fails the run, so every one is
    // shown: a failure is never silent.
    if args.quiet && args.deny.is_none() {
        report
            .diagnostics
            .retain(speclift_diag::Diagnostic::is_error);
    }
    let base = speclift_lint::report_base(args.root.as_deref());
    let text = match args.format {
        LintFormat::Human => speclift_lint::render_human(
            &report,
            color_for(color, std::io::IsTerminal::is_terminal(&std::io::stdout())),
        ),
        LintFormat::Json => speclift_lint::render_json(&report),
        LintFormat::Sarif => speclift_lint::render_sarif(&report, &base),
        LintFormat::Github => speclift_lint::render_github(&report, &base),
    };
    // Quiet and clean: silent, as a linter in a hook should be.
    if !(args.quiet && report.diagnostics.is_empty() && matches!(args.format, LintFormat::Human)) {
        print!("{text}");
    }
    let counts = report.counts();
    if !args.quiet {
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
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `diff --explain ID`: an unknown id is a usage error whose hint names
/// the closest ids.
fn explain_change(id: &str) -> ExitCode {
    match speclift_diff::ChangeKind::from_id(id) {
        Some(kind) => {
            print!(
                "{}",
                crate::output::explain_change(kind, crate::output::terminal_width())
            );
            ExitCode::SUCCESS
        }
        None => {
            let closest: Vec<String> = crate::output::closest_change_kinds(id, 3)
                .iter()
                .map(|k| format!("`{k}`"))
                .collect();
            eprintln!(
                "speclift: no change kind `{id}`\n  = help: the closest are {}; \
                 `speclift diff --list-kinds` lists them all",
                closest.join(", ")
            );
            ExitCode::from(2)
        }
    }
}

fn run_diff(args: DiffArgs, color: ColorChoice) -> ExitCode {
    if let Some(id) = &args.explain {
        return explain_change(id);
    }
    if args.list_kinds {
        print!("{}", crate::output::change_kinds_table());
        return ExitCode::SUCCESS;
    }
    // clap requires both unless --explain or --list-kinds is given.
    let (Some(old_path), Some(new_path)) = (&args.old, &args.new) else {
        eprintln!("speclift: diff needs OLD and NEW");
        return ExitCode::from(2);
    };
    let problems = inputs::unreadable([old_path.as_path(), new_path.as_path()]);
    if !problems.is_empty() {
        return usage_error(&problems);
    }
    let options = GenerateOptions::default();
    let renderer = std::cell::RefCell::new(Renderer::new(color_for(
        color,
        std::io::IsTerminal::is_terminal(&std::io::stderr()),
    )));
    let load = |path: &PathBuf| {
        crate::load_spec(path, &options).map_err(|diagnostics| {
            for d in diagnostics {
                eprint!("{}", renderer.borrow_mut().render(&d));
            }
        })
    };
    // Nothing to compare: unusable input, not a finding.
    let (Ok(old), Ok(new)) = (load(old_path), load(new_path)) else {
        return ExitCode::from(2);
    };
    // A `$ref` that leads nowhere would compare as "any value": an error.
    let mut broken = false;
    for (path, doc) in [(old_path, &old), (new_path, &new)] {
        for (at, problem) in speclift_diff::broken_refs(doc) {
            broken = true;
            let d = speclift_diag::Diagnostic::error(
                speclift_diag::Location::file_start(path.as_path()),
                format!("at {at}: {problem}"),
            )
            .with_hint("point the `$ref` at a schema in the same document")
            .with_rule(speclift_diag::Rule::BrokenRef);
            eprint!("{}", renderer.borrow_mut().render(&d));
        }
    }
    if broken {
        return ExitCode::from(2);
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

/// The diagnostics `shown`, printed in `format` (JSON prints all of the
/// run's, as a machine reads them), for stderr.
fn diagnostics_text(
    renderer: &mut Renderer,
    format: OutputFormat,
    generation: &crate::Generation,
    shown: Vec<&speclift_diag::Diagnostic>,
) -> Vec<u8> {
    let mut out = Vec::new();
    match format {
        OutputFormat::Full => {
            for text in renderer.render_all(&shown) {
                let _ = write!(&mut out, "{text}");
            }
        }
        OutputFormat::Concise => {
            for d in shown {
                let _ = writeln!(&mut out, "{d}");
            }
        }
        OutputFormat::Json => {
            let all: Vec<_> = generation.all_diagnostics().collect();
            let _ = writeln!(
                &mut out,
                "{}",
                serde_json::to_string(&all).unwrap_or_else(|_| "[]".into())
            );
        }
    }
    out
}

/// What [`write_specs`] did: how many specs it wrote, whether a write
/// failed, and the lines it has to say about the specs it did not write.
struct Written {
    count: usize,
    failed: bool,
    messages: String,
}

/// Writes each API's spec into `output` (atomically), but for the APIs
/// with errors and those `denied`.
fn write_specs(
    apis: &[crate::GeneratedApi],
    output: &std::path::Path,
    format: Format,
    denied: &(impl Fn(&crate::GeneratedApi) -> bool + Sync),
) -> Written {
    use std::fmt::Write as _;
    let mut written = Written {
        count: 0,
        failed: false,
        messages: String::new(),
    };
    // Side by side: a write waits on the disk (each file is synced), and
    // the waits overlap. What each did is said after, in order.
    let outcomes: Vec<_> = {
        use rayon::prelude::*;
        apis.par_iter()
            .map(|api| {
                if denied(api) {
                    return Err("it has warnings and --deny warnings is set");
                }
                let text = api
                    .text(format)
                    .ok_or("its documentation has errors (see above)")?;
                let path = output.join(api.file_name(format));
                let result = write_atomically(&path, &text);
                Ok((path, result))
            })
            .collect()
    };
    for (api, outcome) in apis.iter().zip(outcomes) {
        let (path, result) = match outcome {
            Ok(written) => written,
            Err(why) => {
                let _ = writeln!(
                    written.messages,
                    "speclift: not writing `{}`: {why}",
                    api.name
                );
                continue;
            }
        };
        match result {
            Ok(()) => written.count += 1,
            Err(e) => {
                written.failed = true;
                let _ = writeln!(
                    written.messages,
                    "speclift: cannot write {}: {e}",
                    path.display()
                );
            }
        }
    }
    written
}

/// `gen --check`: compares instead of writing.
fn check_gen(
    generation: &crate::Generation,
    output: &std::path::Path,
    format: Format,
    quiet: bool,
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
                let diff = crate::stale_diff(&label, &old, &text, 40);
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
        if !quiet {
            let _ = writeln!(
                err,
                "speclift: up to date: {} in {}",
                counted(total, "spec"),
                output.display()
            );
        }
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
        crate::remove_temp_files();
        std::process::exit(code);
    });
}

#[cfg(not(unix))]
fn remove_temp_files_on_signal() {}

fn run_gen(args: GenArgs, color: ColorChoice) -> ExitCode {
    let problems: Vec<_> = inputs::unreadable(args.paths.iter().map(PathBuf::as_path))
        .into_iter()
        .chain(inputs::output_dir(&args.output, "the specs"))
        .collect();
    if !problems.is_empty() {
        return usage_error(&problems);
    }
    let rule_options = match args.rules.options() {
        Ok(options) => options,
        Err(code) => return code,
    };
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
        render: Some(format),
    };
    if args.watch {
        let dirs = crate::watch::watched_dirs(&args.paths, options.root.as_deref());
        let result = crate::watch::watch(&dirs, &args.output, || {
            gen_once(&args, &options, format, &rule_options, color, false);
        });
        if let Err(e) = result {
            eprintln!("speclift: {e}");
        }
        return ExitCode::from(1);
    }
    gen_once(&args, &options, format, &rule_options, color, true)
}

/// One `gen` run: generate, print the diagnostics, write (or `--check`).
/// `last`: the process exits next, so the generated documents are left to
/// the exit rather than freed one allocation at a time (milliseconds on
/// Cinder, a tenth of the run).
fn gen_once(
    args: &GenArgs,
    options: &GenerateOptions,
    format: Format,
    rule_options: &speclift_lint::LintOptions,
    color: ColorChoice,
    last: bool,
) -> ExitCode {
    let mut generation = generate(&args.paths, options);
    speclift_diag::stage!("gen: generated");
    generation.configure(&args.paths, rule_options);
    speclift_diag::stage!("gen: configured");

    let stderr = std::io::stderr();
    let mut renderer = Renderer::new(color_for(color, std::io::IsTerminal::is_terminal(&stderr)));
    // Buffered: one write instead of one per line of each diagnostic.
    // Locked only while this thread prints: a worker that writes to stderr
    // (a panic's message) would wait forever on a lock held across a join.
    let err = || std::io::BufWriter::new(std::io::stderr().lock());
    let strict = args.strict || args.deny.is_some();
    let (mut warnings, mut errors, mut degraded) = (0usize, 0usize, 0usize);
    let mut shown = Vec::new();
    for d in generation.all_diagnostics() {
        if d.is_error() {
            errors += 1;
        } else {
            warnings += 1;
        }
        if speclift_diag::degraded::is_degradation(d.code) {
            degraded += 1;
        }
        // Under `--deny warnings` a warning fails the run: shown even quiet.
        if !args.quiet || d.is_error() || strict {
            shown.push(d);
        }
    }
    // Strict: an API with any diagnostic is treated as one with errors.
    let denied = |api: &crate::GeneratedApi| strict && !api.diagnostics.is_empty();
    if args.check {
        let text = diagnostics_text(&mut renderer, args.output_format, &generation, shown);
        let mut err = err();
        let _ = err.write_all(&text);
        return check_gen(&generation, &args.output, format, args.quiet, &mut err);
    }
    // The specs are written while the diagnostics are rendered: a write
    // waits on the disk (each file is synced), rendering on the CPU. What
    // either has to say is printed after, diagnostics first, as in turn.
    let (diagnostics, written) = rayon::join(
        || diagnostics_text(&mut renderer, args.output_format, &generation, shown),
        || write_specs(&generation.apis, &args.output, format, &denied),
    );
    speclift_diag::stage!("gen: diagnostics rendered, specs written");
    let mut err = err();
    let _ = err.write_all(&diagnostics);
    let _ = err.write_all(written.messages.as_bytes());
    let (written, write_failed) = (written.count, written.failed);
    if !args.quiet {
        let _ = writeln!(
            err,
            "speclift: wrote {written} of {} to {} ({}, {}; {} degraded)",
            counted(generation.apis.len(), "spec"),
            args.output.display(),
            counted(errors, "error"),
            counted(warnings, "warning"),
            counted(degraded, "element"),
        );
    }
    let global_warnings = strict && !generation.diagnostics.is_empty();
    let failed = generation.has_errors()
        || write_failed
        || global_warnings
        || generation.apis.iter().any(denied);
    if last {
        std::mem::forget(generation);
    }
    speclift_diag::stage!("gen: done");
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
