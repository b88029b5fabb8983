//! The directives inside an operation section: `rest_parameters`,
//! `rest_status_code` and the sample includes.

use std::path::Path;
use std::sync::Arc;

use speclift_diag::{Diagnostic, Location};
use speclift_rst::Directive;

use super::operation::argument_and_content;
use super::params::parse_param_list;
use super::samples::{self, Direction};
use super::status::{self, ListedCode, StatusFile};
use super::*;
use crate::files::dir_of;
use crate::ir::{Parameter, Sample};
use crate::md;

/// Resolves a `rest_parameters` table. The file is relative to the
/// directive's file, falling back to the entry document's folder.
pub(super) fn read_parameters(
    d: &Directive,
    at: &Location,
    dir: &Path,
    entry: &Path,
    loader: &mut Loader,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Parameter> {
    let arg = d.argument.trim();
    if arg.is_empty() {
        diags.push(
            Diagnostic::error(at.clone(), "`rest_parameters` names no parameter file")
                .with_hint("write `.. rest_parameters:: parameters.yaml`"),
        );
        return Vec::new();
    }
    let resolved = match loader.resolve(dir, arg, "parameter file", at) {
        Ok(r) => r,
        Err(first) => match loader.resolve(&dir_of(entry), arg, "parameter file", at) {
            Ok(r) if !first.message.contains("outside the root") => r,
            _ => {
                diags.push(first);
                return Vec::new();
            }
        },
    };
    let file = loader.param_file(&resolved, at, diags);
    let refs = parse_param_list(&d.content, diags);
    let mut out = Vec::new();
    for r in refs {
        let Some(def) = file.get(&r.key) else {
            if file.loaded {
                diags.push(
                    Diagnostic::error(
                        r.location.clone(),
                        format!(
                            "parameter key `{}` is not defined in {}",
                            r.key,
                            resolved.display.display()
                        ),
                    )
                    .with_hint(format!(
                        "define `{}` in that file, or use the key of an existing definition",
                        r.key
                    )),
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
    at: &Location,
    dir: &Path,
    loader: &mut Loader,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Listed> {
    let Some((success, path)) = status::parse_directive_argument(&d.argument) else {
        diags.push(
            Diagnostic::error(
                at.clone(),
                format!(
                    "`rest_status_code` expects `success|error FILE`, found `{}`",
                    d.argument.trim()
                ),
            )
            .with_hint("write `.. rest_status_code:: success ../status.yaml`"),
        );
        return Vec::new();
    };
    let file = match loader.resolve(dir, path, "status file", at) {
        Ok(r) => Some(loader.status_file(&r, at, diags)),
        Err(e) => {
            diags.push(e);
            None
        }
    };
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

pub(super) fn read_sample(
    d: &Directive,
    at: &Location,
    dir: &Path,
    titles: &[&str],
    loader: &mut Loader,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Direction, Sample)> {
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
                .with_hint("write `.. literalinclude:: samples/example.json`"),
        );
        return None;
    }
    // Confinement first: a path escaping the root is an error whatever its
    // language, and is never read.
    let resolved = match loader.resolve(dir, arg, "sample", at) {
        Ok(r) => r,
        Err(e) => {
            diags.push(e);
            return None;
        }
    };
    if !samples::is_json(language.as_deref(), arg) {
        diags.push(
            Diagnostic::warning(
                at.clone(),
                format!("example `{arg}` is not JSON; it is skipped"),
            )
            .with_hint("only JSON examples become samples; mark JSON with `:language: javascript`"),
        );
        return None;
    }
    let text = match loader.root.read(&resolved.canonical, "sample", at) {
        Ok(t) => t,
        Err(e) => {
            diags.push(e);
            return None;
        }
    };
    let display: Arc<Path> = Arc::from(resolved.display.as_path());
    let body = match samples::parse_json(&display, &text) {
        Ok(v) => {
            diags.extend(samples::duplicate_keys(&display, &text));
            v
        }
        Err(e) => {
            diags.push(e);
            return None;
        }
    };
    let direction = samples::direction(titles, arg).unwrap_or_else(|| {
        diags.push(
            Diagnostic::warning(at.clone(), format!("cannot tell whether example `{arg}` is a request or a response; response is assumed"))
                .with_hint("put the example under a \"Request Example\" or \"Response Example\" heading"),
        );
        Direction::Response
    });
    let title = titles.first().copied().unwrap_or("").to_string();
    let microversion = samples::microversion(&title, arg);
    let file = loader.root.relative(&resolved.canonical);
    Some((
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
