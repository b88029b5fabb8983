//! The directives inside an operation section: `rest_parameters`,
//! `rest_status_code` and the sample includes.

use std::path::Path;
use std::sync::Arc;

use speclift_diag::{Diagnostic, Location};
use speclift_rst::Directive;

use super::operation::argument_and_content;
use super::params::parse_param_list;
use super::sample_text::{self, SampleText};
use super::samples::{self, Direction};
use super::status::{self, ListedCode, StatusFile};
use super::*;
use crate::files::{Resolved, dir_of};
use crate::ir::{Parameter, Sample};
use crate::md;

/// Where a directive stands: its location, the folder of the file that
/// holds it and the document being built (`entry`), against whose folder
/// Sphinx resolves the file it names.
pub(super) struct Site<'a> {
    pub at: &'a Location,
    pub dir: &'a Path,
    pub entry: &'a Path,
}

impl Site<'_> {
    /// The file a directive names, resolved as Sphinx does (see
    /// [`Loader::resolve_in_document`]); a file that cannot be used is a
    /// diagnostic and `None`.
    fn resolve(
        &self,
        reference: &str,
        what: &str,
        loader: &Loader,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Resolved> {
        let document_dir = dir_of(self.entry);
        match loader.resolve_in_document(&document_dir, self.dir, reference, what, self.at, diags) {
            Ok(r) => Some(r),
            Err(e) => {
                diags.push(Loader::missing_is_a_warning(e));
                None
            }
        }
    }
}

/// Resolves a `rest_parameters` table. The file is relative to the
/// document being built, as in Sphinx.
pub(super) fn read_parameters(
    d: &Directive,
    site: &Site,
    loader: &mut Loader,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Parameter> {
    let arg = d.argument.trim();
    if arg.is_empty() {
        diags.push(
            Diagnostic::error(site.at.clone(), "`rest_parameters` names no parameter file")
                .with_rule(speclift_diag::Rule::MissingParametersFile)
                .with_hint("write `.. rest_parameters:: parameters.yaml`"),
        );
        return Vec::new();
    }
    let Some(resolved) = site.resolve(arg, "parameter file", loader, diags) else {
        return Vec::new();
    };
    let file = loader.param_file(&resolved, site.at, diags);
    let refs = parse_param_list(&d.content, diags);
    let mut out = Vec::new();
    for r in refs {
        let Some(def) = file.get(&r.key) else {
            if file.loaded {
                // os-api-ref: "No field definition … Skipping." — a
                // warning, and the row is left out.
                diags.push(
                    Diagnostic::warning(
                        r.location.clone(),
                        format!(
                            "parameter key `{}` is not defined in {}; the parameter is left out",
                            r.key,
                            resolved.display.display()
                        ),
                    )
                    .with_hint(format!(
                        "define `{}` in that file, or use the key of an existing definition",
                        r.key
                    ))
                    .with_code(speclift_diag::degraded::UNDEFINED_PARAMETER),
                );
            }
            continue;
        };
        let Some(location_in) = def.location_in else {
            continue;
        };
        let description = loader.description(&resolved.canonical, def, diags);
        out.push(Parameter {
            name: r.name,
            key: r.key,
            location_in,
            ty: def.ty.clone(),
            required: def.required,
            description,
            microversions: def.microversions,
            location: r.location,
            definition: Some(def.location.clone()),
        });
    }
    out
}

pub(super) fn read_status_directive(
    d: &Directive,
    site: &Site,
    loader: &mut Loader,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Listed> {
    let Some((success, path)) = status::parse_directive_argument(&d.argument) else {
        diags.push(
            Diagnostic::error(
                site.at.clone(),
                format!(
                    "`rest_status_code` expects `success|error FILE`, found `{}`",
                    d.argument.trim()
                ),
            )
            .with_rule(speclift_diag::Rule::InvalidStatusEntry)
            .with_hint("write `.. rest_status_code:: success ../status.yaml`"),
        );
        return Vec::new();
    };
    let file = site
        .resolve(path, "status file", loader, diags)
        .map(|r| loader.status_file(&r, site.at, diags));
    status::parse_code_list(&d.content, success, diags)
        .into_iter()
        .map(|code| describe(code, file.as_deref(), diags))
        .collect()
}

pub(super) fn describe(
    code: ListedCode,
    file: Option<&StatusFile>,
    diags: &mut Vec<Diagnostic>,
) -> Listed {
    let from_file = file.and_then(|f| {
        let text = f.describe(code.code, code.reason.as_deref());
        if text.is_none() && f.has(code.code) {
            if let Some(reason) = &code.reason {
                diags.push(
                    Diagnostic::warning(
                        code.location.clone(),
                        format!("status.yaml has no `{reason}` text for {}", code.code),
                    )
                    .with_rule(speclift_diag::Rule::StatusTextMissing)
                    .with_hint(
                        "add the key under the code in status.yaml; its `default` text is used",
                    ),
                );
            }
            return f.describe(code.code, None);
        }
        text
    });
    let description = match from_file {
        Some(t) => md::rst_text(code.location.file.clone(), t).0,
        None => crate::StatusCode::reason_phrase(code.code).to_string(),
    };
    Listed { code, description }
}

/// A `literalinclude`, read.
pub(super) enum SampleRead {
    Sample(Direction, Sample),
    /// Not JSON: CommonMark for the operation's description.
    Verbatim(String),
}

pub(super) fn read_sample(
    d: &Directive,
    site: &Site,
    titles: &[&str],
    loader: &mut Loader,
    diags: &mut Vec<Diagnostic>,
) -> Option<SampleRead> {
    let at = site.at;
    let (arg, content) = argument_and_content(d);
    let arg = arg.as_str();
    // Options, too, land in the content when the argument did.
    let language = d.option("language").map(str::to_string).or_else(|| {
        content.iter().find_map(|l| {
            l.text
                .trim()
                .strip_prefix(":language:")
                .map(|v| v.trim().to_string())
        })
    });
    if arg.is_empty() {
        diags.push(
            Diagnostic::error(at.clone(), "`literalinclude` names no file")
                .with_rule(speclift_diag::Rule::MissingSample)
                .with_hint("write `.. literalinclude:: samples/example.json`"),
        );
        return None;
    }
    // Confinement first: a path escaping the root is an error whatever its
    // language, and is never read.
    let resolved = site.resolve(arg, "sample", loader, diags)?;
    // Sphinx shows whatever the file holds: it is read whatever its
    // language, and what is not JSON is kept as written.
    let json = samples::is_json(language.as_deref(), arg);
    let text = match loader.root.read(&resolved.canonical, "sample", at) {
        Ok(t) => t,
        Err(e) => {
            diags.push(e);
            return None;
        }
    };
    let display: Arc<Path> = Arc::from(resolved.display.as_path());
    let (body, shown_direction) = match sample_text::read(&text, json) {
        SampleText::Json {
            body,
            repaired,
            direction,
        } => {
            if repaired.is_none() && direction.is_none() {
                // Strict JSON: readers keep only the last of repeated keys.
                diags.extend(samples::duplicate_keys(&display, &text));
            }
            if let Some(repaired) = repaired {
                // In a transcript, the parser's position is the request
                // line, not the flaw: the directive is the better place.
                let strict = direction
                    .is_none()
                    .then(|| samples::parse_json(&display, &text).err())
                    .flatten();
                let location = strict
                    .and_then(|d| d.location)
                    .unwrap_or_else(|| at.clone());
                diags.push(
                    Diagnostic::warning(
                        location,
                        format!(
                            "sample `{arg}` is not strict JSON; it is read without its {repaired}"
                        ),
                    )
                    .with_hint(format!(
                        "remove the {repaired} so that the sample is valid JSON"
                    ))
                    .with_code(speclift_diag::degraded::LENIENT_SAMPLE),
                );
            }
            (body, direction)
        }
        SampleText::Verbatim { why } => {
            // Where strict JSON was expected, the parser's position says
            // where it goes wrong.
            let location = json
                .then(|| samples::parse_json(&display, &text).err())
                .flatten()
                .and_then(|d| d.location)
                .unwrap_or_else(|| at.clone());
            diags.push(
                Diagnostic::warning(
                    location,
                    format!(
                        "example `{arg}` is {why}; it is kept as written in the operation's description, and the schema comes from the parameter tables"
                    ),
                )
                .with_hint(if json {
                    "make the sample valid JSON (no `...`, comments or trailing commas) to have it checked and used as an example"
                } else {
                    "nothing to do if the example is meant as text; a JSON example (`.json`, or `:language: javascript`) also types the schema"
                })
                .with_code(speclift_diag::degraded::VERBATIM_SAMPLE),
            );
            let title = titles
                .first()
                .copied()
                .filter(|t| !t.trim().is_empty())
                .unwrap_or(arg);
            let language = language.as_deref().map(str::trim).unwrap_or_else(|| {
                Path::new(arg)
                    .extension()
                    .and_then(|e| e.to_str())
                    .unwrap_or("")
            });
            let language = if language.chars().all(|c| c.is_ascii_alphanumeric()) {
                language
            } else {
                ""
            };
            return Some(SampleRead::Verbatim(format!(
                "{title}:\n\n{}",
                sample_text::fenced(&text, language)
            )));
        }
    };
    let direction = shown_direction.or_else(|| samples::direction(titles, arg)).unwrap_or_else(|| {
        diags.push(
            Diagnostic::warning(at.clone(), format!("cannot tell whether example `{arg}` is a request or a response; response is assumed")).with_rule(speclift_diag::Rule::SampleDirectionUnknown)
                .with_hint("put the example under a \"Request Example\" or \"Response Example\" heading"),
        );
        Direction::Response
    });
    let title = titles.first().copied().unwrap_or("").to_string();
    let microversion = samples::microversion(&title, arg);
    let file = loader.root.relative(&resolved.canonical);
    Some(SampleRead::Sample(
        direction,
        Sample {
            title,
            microversion,
            file: Some(file),
            body,
            location: at.clone(),
        },
    ))
}
