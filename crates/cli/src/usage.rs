//! What `--help` shows after the options: examples and the exit status of
//! each command. One table of exit codes for every command (the same one
//! README.md shows): 0 ok, 1 findings or failures, 2 usage error or
//! unreadable input.

/// The version line: the package version, the commit it was built from and
/// the build date (`unknown` outside a git checkout; see build.rs).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("SPECLIFT_COMMIT"),
    ", built ",
    env!("SPECLIFT_BUILD_DATE"),
    ")"
);

pub const TOP: &str = "\
Examples:
  speclift gen path/to/api-ref/source -o out/
  speclift lint path/to/api-ref/source
  speclift diff old.yaml new.yaml --fail-on breaking
  speclift check out/api.json --base-url http://127.0.0.1:8776 --dry-run
  speclift portal out/ -o site/
  speclift completions bash > ~/.local/share/bash-completion/completions/speclift

Exit status (every command):
  0  success (warnings allowed)
  1  findings or failures: documentation errors, stale specs, breaking
     changes with --fail-on, failed checks
  2  usage error or unreadable input: a bad option or value, a missing or
     unreadable file, -o naming a file instead of a directory";

pub const GEN: &str = "\
Examples:
  speclift gen path/to/api-ref/source -o out/
  speclift gen some-page.inc -o out/ --format json
  speclift gen path/to/api-ref/source -o specs/ --check     # CI: fail when specs/ is stale
  speclift gen path/to/api-ref/source -o out/ --deny warnings --quiet

Exit status:
  0  every spec written (or, with --check, up to date); warnings allowed
  1  the documentation has errors (no spec is written for an API with
     errors), a spec is stale or missing (--check), a write failed, or a
     warning under --deny warnings
  2  usage error or unreadable input: a bad option, a PATH that does not
     exist or cannot be read, -o naming a file instead of a directory";

pub const LINT: &str = "\
Examples:
  speclift lint path/to/api-ref/source
  speclift lint path/to/api-ref/source --format sarif > lint.sarif
  speclift lint path/to/api-ref/source --deny warnings --quiet
  speclift lint --explain SL020

Exit status:
  0  no error-level finding (with --deny warnings: no finding at all)
  1  findings: an error-level finding, or any finding under --deny warnings
  2  usage error or unreadable input: a bad option, a PATH that does not
     exist or cannot be read, an unknown rule for --explain";

pub const DIFF: &str = "\
Examples:
  speclift diff old.yaml new.yaml
  speclift diff old/api-ref/source/v3/index.rst new/api-ref/source/v3/index.rst
  speclift diff old.json new.json --format markdown --fail-on breaking
  speclift diff --list-kinds                  # every kind of change: id, rating, summary
  speclift diff --explain parameter-renamed   # what one kind means, whether it breaks

Exit status:
  0  compared (changes, even breaking ones, are printed; see --fail-on), or
     the list or the explanation was printed
  1  a breaking change under --fail-on breaking
  2  usage error or unreadable input: a bad option, a file that does not
     exist, cannot be read or is no OpenAPI document, documentation with
     errors, a `$ref` that leads nowhere, an unknown id for --explain";

pub const CHECK: &str = "\
Examples:
  speclift check out/api.json --base-url http://127.0.0.1:8776 --dry-run
  speclift check out/api.json --base-url http://127.0.0.1:8776 \\
      --var project_id=abc --token \"$OS_TOKEN\" --report junit=report.xml
  speclift check out/api.json --base-url https://cloud.example:8776 \\
      --journal check-journal.json --timeout 1m --deadline 20m

Durations take units (30s, 10m, 1h30m, 500ms); a plain number is seconds.

Exit status:
  0  every checked operation passed and everything the run created was
     removed
  1  failures: an operation failed, a cleanup failed, the run was
     interrupted or could not start (authentication, journal, a base URL
     that refuses connections)
  2  usage error or unreadable input: a bad option (e.g. --base-url that is
     no http(s) URL), an unusable spec, scenario or report file";

pub const PORTAL: &str = "\
Examples:
  speclift portal out/ -o site/
  speclift portal out/a.json out/b.yaml -o site/

Exit status:
  0  the site was written
  1  a spec could not be read or the site could not be written
  2  usage error or unreadable input: a bad option, a SPEC that does not
     exist, -o naming a file instead of a directory";

pub const COMPLETIONS: &str = "\
Examples:
  speclift completions bash > ~/.local/share/bash-completion/completions/speclift
  speclift completions zsh > \"${fpath[1]}/_speclift\"
  speclift completions fish > ~/.config/fish/completions/speclift.fish
  speclift completions powershell >> $PROFILE

Exit status:
  0  the script was written to standard output
  2  usage error: an unknown shell";

pub const RULES: &str = "\
Examples:
  speclift rules                    # every code: name, default severity, summary
  speclift rules --explain SL020    # what one rule means and how to fix it

Exit status:
  0  the list or the explanation was printed
  2  usage error: an unknown rule code";
