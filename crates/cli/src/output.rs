//! One rendering of diagnostics for every command: rustc style through
//! annotate-snippets (the source line quoted under `file:line:col`, the
//! code in the title, the hint as `= help:`), coloured by one rule
//! ([`use_color`]), and the text of `speclift rules` and of `speclift diff
//! --list-kinds`/`--explain`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use speclift_diag::{Diagnostic, LineIndex, Rule, render_rich_line};
use speclift_diff::{ChangeKind, Rating};

/// `--color`: whether diagnostics are coloured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when the stream is a terminal, unless `NO_COLOR` is set (or
    /// `CLICOLOR_FORCE` forces it).
    #[default]
    Auto,
    Always,
    Never,
}

/// Whether to colour a stream: `never`/`always` as said; `auto` follows
/// `NO_COLOR` (set and not empty: no colour), then `CLICOLOR_FORCE` (set,
/// not empty and not `0`: colour), then whether the stream is a terminal.
/// `env` reads a variable (the process environment, or a test's).
pub fn use_color(
    choice: ColorChoice,
    is_terminal: bool,
    env: impl Fn(&str) -> Option<String>,
) -> bool {
    let set = |name: &str| env(name).is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Never => false,
        ColorChoice::Always => true,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto
            if set("CLICOLOR_FORCE") && env("CLICOLOR_FORCE").as_deref() != Some("0") =>
        {
            true
        }
        ColorChoice::Auto => is_terminal,
    }
}

/// [`use_color`] for stderr or stdout of this process.
pub fn color_for(choice: ColorChoice, stream_is_terminal: bool) -> bool {
    use_color(choice, stream_is_terminal, |name| std::env::var(name).ok())
}

/// Renders diagnostics rustc style, quoting each one's source line; each
/// file is read once (a file that cannot be read gives the one-line form).
#[derive(Debug, Default)]
pub struct Renderer {
    color: bool,
    sources: HashMap<PathBuf, Option<(String, LineIndex)>>,
}

impl Renderer {
    pub fn new(color: bool) -> Self {
        Renderer {
            color,
            sources: HashMap::new(),
        }
    }

    /// The diagnostic with its quoted line, ending with a blank line.
    pub fn render(&mut self, d: &Diagnostic) -> String {
        self.load(d);
        self.render_loaded(d)
    }

    /// Each diagnostic rendered as [`Renderer::render`] does, in order,
    /// on all cores: a run over a large tree has hundreds to quote, and
    /// the quoting is independent once the files are read.
    pub fn render_all(&mut self, diagnostics: &[&Diagnostic]) -> Vec<String> {
        use rayon::prelude::*;
        // The files are read side by side too: a run quotes dozens, each
        // read whole and indexed by line.
        let mut seen = HashSet::new();
        let missing: Vec<&Path> = diagnostics
            .iter()
            .filter_map(|d| Some(d.location.as_ref()?.file.as_ref()))
            .filter(|file| !self.sources.contains_key(*file) && seen.insert(*file))
            .collect();
        let read: Vec<_> = missing
            .into_par_iter()
            .map(|file| (file.to_path_buf(), indexed_source(file)))
            .collect();
        self.sources.extend(read);
        let this = &*self;
        diagnostics
            .par_iter()
            .map(|d| this.render_loaded(d))
            .collect()
    }

    fn load(&mut self, d: &Diagnostic) {
        if let Some(loc) = &d.location
            && !self.sources.contains_key(loc.file.as_ref())
        {
            let source = indexed_source(&loc.file);
            self.sources.insert(loc.file.to_path_buf(), source);
        }
    }

    fn render_loaded(&self, d: &Diagnostic) -> String {
        let line = d.location.as_ref().and_then(|loc| {
            let (text, index) = self.sources.get(loc.file.as_ref())?.as_ref()?;
            index.line(text, loc.line)
        });
        let mut text = render_rich_line(d, line, self.color);
        text.push_str("\n\n");
        text
    }
}

/// [`read_source`] with its line index.
fn indexed_source(path: &Path) -> Option<(String, LineIndex)> {
    let text = read_source(path)?;
    let index = LineIndex::new(&text);
    Some((text, index))
}

/// Files larger than this are not quoted (the one-line form is used).
const MAX_QUOTED_FILE: u64 = 16 << 20;

/// The text a location's line and column count in (no BOM, `\n` line
/// ends). Only a regular file under the cap is read: a diagnostic about a
/// FIFO or a device must not wait on it.
fn read_source(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_QUOTED_FILE {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    Some(if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    })
}

/// `speclift rules`: one line per rule, columns aligned.
pub fn rules_table() -> String {
    let width = Rule::ALL.iter().map(|r| r.name().len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in Rule::ALL {
        out.push_str(&format!(
            "{}  {:<width$}  {:<7}  {}\n",
            r.code(),
            r.name(),
            r.default_severity().to_string(),
            r.summary()
        ));
    }
    out
}

/// `speclift rules --explain CODE`: the rule's title line and its
/// explanation wrapped to `width` columns.
pub fn explain(rule: Rule, width: usize) -> String {
    let title = format!(
        "{} ({}, {} by default): {}",
        rule.code(),
        rule.name(),
        rule.default_severity(),
        rule.summary(),
    );
    format!(
        "{}\n\n{}\n",
        wrap(&title, width),
        wrap(rule.explanation(), width)
    )
}

/// `speclift diff --list-kinds`: one line per kind of change (id, rating,
/// summary), columns aligned, as `speclift rules`.
pub fn change_kinds_table() -> String {
    let width = ChangeKind::ALL
        .iter()
        .map(|k| k.id().len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for k in ChangeKind::ALL {
        out.push_str(&format!(
            "{:<width$}  {:<12}  {}\n",
            k.id(),
            k.rating().to_string(),
            k.summary()
        ));
    }
    out
}

/// `speclift diff --explain ID`: the kind's title line and its
/// explanation wrapped to `width` columns.
pub fn explain_change(kind: ChangeKind, width: usize) -> String {
    let rating = match kind.rating() {
        Rating::Either => "breaking or non-breaking, by the change".to_string(),
        other => other.to_string(),
    };
    let title = format!("{} ({rating}): {}", kind.id(), kind.summary());
    format!(
        "{}\n\n{}\n",
        wrap(&title, width),
        wrap(kind.explanation(), width)
    )
}

/// The ids nearest to a mistyped one, for the hint of an unknown
/// `--explain` id: ids containing it (or contained in it) first, then by
/// edit distance; ties in registry order.
pub fn closest_change_kinds(id: &str, count: usize) -> Vec<&'static str> {
    let id = id.trim().to_ascii_lowercase();
    let mut ranked: Vec<_> = ChangeKind::ALL
        .iter()
        .enumerate()
        .map(|(order, k)| {
            let related = k.id().contains(id.as_str()) || id.contains(k.id());
            let distance = speclift_diag::suggest::distance(&id, k.id());
            ((!related, distance, order), k.id())
        })
        .collect();
    ranked.sort_unstable();
    ranked.into_iter().take(count).map(|(_, id)| id).collect()
}

/// The terminal's width, or 80 when stdout is not a terminal; capped at
/// 100 so paragraphs stay readable on wide screens.
pub fn terminal_width() -> usize {
    terminal_size::terminal_size()
        .map_or(80, |(w, _)| usize::from(w.0))
        .clamp(20, 100)
}

/// `text` broken at spaces into lines of at most `width` characters (a
/// longer word stands alone on its line).
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line_len = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if line_len > 0 && line_len + 1 + len > width {
            out.push('\n');
            line_len = 0;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn color_follows_the_flag_then_no_color_then_clicolor_force() {
        assert!(!use_color(ColorChoice::Never, true, env(&[])));
        assert!(use_color(
            ColorChoice::Always,
            false,
            env(&[("NO_COLOR", "1")])
        ));
        assert!(use_color(ColorChoice::Auto, true, env(&[])));
        assert!(!use_color(ColorChoice::Auto, false, env(&[])));
        assert!(!use_color(
            ColorChoice::Auto,
            true,
            env(&[("NO_COLOR", "1")])
        ));
        // An empty NO_COLOR does not count (no-color.org).
        assert!(use_color(ColorChoice::Auto, true, env(&[("NO_COLOR", "")])));
        assert!(use_color(
            ColorChoice::Auto,
            false,
            env(&[("CLICOLOR_FORCE", "1")])
        ));
        assert!(!use_color(
            ColorChoice::Auto,
            false,
            env(&[("CLICOLOR_FORCE", "0")])
        ));
        assert!(!use_color(
            ColorChoice::Auto,
            true,
            env(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")])
        ));
    }

    #[test]
    fn wraps_at_spaces_within_the_width() {
        let text = "aaa bbb ccc dddddddddd e";
        assert_eq!(wrap(text, 7), "aaa bbb\nccc\ndddddddddd\ne");
        let long = wrap(Rule::UnknownParameterKey.explanation(), 40);
        assert!(long.lines().count() > 3, "{long}");
        for line in long.lines() {
            assert!(
                line.chars().count() <= 40 || !line.contains(' '),
                "{line:?}"
            );
        }
    }

    #[test]
    fn the_change_kinds_table_lists_every_kind_once() {
        let table = change_kinds_table();
        assert_eq!(table.lines().count(), ChangeKind::ALL.len());
        assert!(
            table
                .lines()
                .any(|l| l.starts_with("parameter-renamed ") && l.contains("  breaking  ")),
            "{table}"
        );
        let explained = explain_change(ChangeKind::OperationIdChanged, 40);
        assert!(
            explained.starts_with("operation-id-changed (breaking or\nnon-breaking"),
            "{explained}"
        );
    }

    #[test]
    fn closest_change_kinds_prefer_related_then_near_ids() {
        assert_eq!(
            closest_change_kinds("paramter-removed", 1),
            ["parameter-removed"]
        );
        assert_eq!(
            closest_change_kinds("property-removed", 2),
            ["request-property-removed", "response-property-removed"]
        );
        assert_eq!(closest_change_kinds("x", 3).len(), 3);
    }

    #[test]
    fn the_rules_table_lists_every_rule_once() {
        let table = rules_table();
        assert_eq!(table.lines().count(), Rule::ALL.len());
        assert!(
            table
                .lines()
                .any(|l| l.starts_with("SL012  extra-path-parameter") && l.contains("warning")),
            "{table}"
        );
    }
}
