//! Man pages from the clap definition (`cargo xtask man`): clap_mangen's
//! sections, then the `--help` examples and exit status as sections of
//! their own, kept preformatted (clap_mangen's EXTRA section would refill
//! the example lines into prose).

use std::io::Write;
use std::path::Path;

/// `speclift.1` and one `speclift-COMMAND.1` per visible subcommand, in
/// `dir` (created if missing); how many pages were written.
pub fn write_pages(root: &clap::Command, version: &str, dir: &Path) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    // Built, so the generated `--help`/`--version` flags are listed too
    // (without a page for the generated `help` subcommand).
    let mut root = root.clone().disable_help_subcommand(true);
    root.build();
    let mut pages = vec![("speclift".to_string(), root.clone())];
    for sub in root.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("speclift-{}", sub.get_name());
        // Titled `speclift-gen` (man's convention); its synopsis reads
        // `speclift gen …`, as typed.
        let usage = format!("speclift {}", sub.get_name());
        pages.push((name.clone(), sub.clone().display_name(name).bin_name(usage)));
    }
    for (name, command) in &pages {
        let mut page = Vec::new();
        render(command, version, &mut page)?;
        std::fs::write(dir.join(format!("{name}.1")), page)?;
    }
    Ok(pages.len())
}

fn render(command: &clap::Command, version: &str, w: &mut dyn Write) -> std::io::Result<()> {
    let extra = command.get_after_help().map(ToString::to_string);
    let man = clap_mangen::Man::new(command.clone().after_help(None::<&str>))
        .source(format!("speclift {version}"));
    man.render_title(w)?;
    man.render_name_section(w)?;
    man.render_synopsis_section(w)?;
    man.render_description_section(w)?;
    if command.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(w)?;
    }
    if command.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(w)?;
    }
    if let Some(text) = extra {
        w.write_all(sections(&text).as_bytes())?;
    }
    Ok(())
}

/// The after-help text as roff: a paragraph whose first line is a heading
/// (`Exit status:`) opens a section, and every line is kept as written.
fn sections(text: &str) -> String {
    let mut out = String::new();
    for paragraph in text.split("\n\n") {
        let mut lines = paragraph.lines().peekable();
        if let Some(first) = lines.peek()
            && !first.starts_with(' ')
            && let Some(heading) = first.strip_suffix(':')
        {
            out.push_str(&format!(".SH \"{}\"\n", heading.to_uppercase()));
            lines.next();
        } else {
            out.push_str(".PP\n");
        }
        out.push_str(".nf\n");
        for line in lines {
            out.push_str(&escape(line));
            out.push('\n');
        }
        out.push_str(".fi\n");
    }
    out
}

/// A line of text safe in roff: backslashes escaped, and a leading `.` or
/// `'` (a control line) neutralised.
fn escape(line: &str) -> String {
    let line = line.replace('\\', "\\e");
    if line.starts_with('.') || line.starts_with('\'') {
        format!("\\&{line}")
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_open_sections_and_lines_stay_as_written() {
        let roff = sections("Examples:\n  a \\\n  .b\n\nExit status:\n  0  ok");
        assert_eq!(
            roff,
            ".SH \"EXAMPLES\"\n.nf\n  a \\e\n  .b\n.fi\n.SH \"EXIT STATUS\"\n.nf\n  0  ok\n.fi\n"
        );
        assert_eq!(escape(".x"), "\\&.x");
    }
}
