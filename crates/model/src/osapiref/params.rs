//! `parameters.yaml` (the shared parameter definitions of an os-api-ref
//! tree) and the `name: key` lists of `.. rest_parameters::`.
//!
//! Values such as `min_version: 2.20` are read as the text written, never
//! as floats (`2.2` and `2.20` are different microversions), and every
//! definition keeps its line and column for diagnostics.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::path::Path;
use std::sync::Arc;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_saphyr::Spanned;
use speclift_diag::{Diagnostic, Location};
use speclift_rst::ContentLine;

use crate::ir::ParamIn;
use crate::microversion::{Microversion, VersionRange};

mod simple;

/// One definition from parameters.yaml.
#[derive(Clone, Debug)]
pub struct ParamDef {
    pub key: String,
    /// `None` when `in` is missing or invalid (already reported).
    pub location_in: Option<ParamIn>,
    pub ty: Option<String>,
    pub required: bool,
    /// The description as written (RST).
    pub description: String,
    /// Where the description's first line is, to place diagnostics found
    /// while rendering it.
    pub description_at: Location,
    pub microversions: VersionRange,
    /// The key's position.
    pub location: Location,
}

impl ParamDef {
    /// Same definition, wherever it is written.
    fn same_meaning(&self, other: &ParamDef) -> bool {
        (
            self.location_in,
            &self.ty,
            self.required,
            self.description.trim(),
            self.microversions,
        ) == (
            other.location_in,
            &other.ty,
            other.required,
            other.description.trim(),
            other.microversions,
        )
    }
}

/// A loaded parameters.yaml.
#[derive(Clone, Debug, Default)]
pub struct ParamFile {
    defs: Vec<ParamDef>,
    index: BTreeMap<String, usize>,
    /// False when the file could not be read or parsed. Lookups in such a
    /// file are not reported again as missing keys.
    pub loaded: bool,
}

const FIELDS: &str = "in, type, required, description, min_version, max_version";
/// Fields os-api-ref tolerates without using.
const IGNORED_FIELDS: &[&str] = &["format"];

impl ParamFile {
    /// A file that failed to load: every lookup misses, silently.
    pub fn failed() -> ParamFile {
        ParamFile::default()
    }

    pub fn get(&self, key: &str) -> Option<&ParamDef> {
        self.index.get(key).and_then(|&i| self.defs.get(i))
    }

    /// Parses the text of a parameters.yaml whose path is `file`.
    pub fn parse(file: &Arc<Path>, text: &str) -> (ParamFile, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let raw = match read_raw(file, text) {
            Ok(raw) => raw,
            Err(e) => {
                diags.push(e);
                return (ParamFile::failed(), diags);
            }
        };
        let mut out = ParamFile {
            loaded: true,
            ..ParamFile::default()
        };
        let lines: Vec<&str> = text.lines().collect();
        for (key, entry) in raw.0 {
            let at = loc(file, &key);
            let def = match entry.value {
                RawEntry::Map(fields) => {
                    build_def(file, &lines, &key.value, at, fields, &mut diags)
                }
                RawEntry::NotAMap => {
                    diags.push(
                        Diagnostic::error(
                            loc(file, &entry),
                            format!("parameter `{}` is not a mapping", key.value),
                        )
                        .with_rule(speclift_diag::Rule::InvalidParametersFile)
                        .with_hint(format!("give the parameter the fields {FIELDS}")),
                    );
                    continue;
                }
            };
            if let Some(earlier) = out.index.get(&key.value).and_then(|&i| out.defs.get(i)) {
                // PyYAML, and so os-api-ref, keeps the last definition. A
                // verbatim repeat changes nothing, so it only warns.
                let line = earlier.location.line;
                let diag = if earlier.same_meaning(&def) {
                    Diagnostic::warning(
                        def.location.clone(),
                        format!(
                            "parameter key `{}` repeats the definition at line {line}",
                            key.value
                        ),
                    )
                    .with_rule(speclift_diag::Rule::DuplicateKey)
                    .with_hint("remove one of the two copies")
                } else {
                    // os-api-ref builds the tree with the last one: the
                    // earlier definition is the element lost.
                    Diagnostic::warning(
                        def.location.clone(),
                        format!(
                            "duplicate parameter key `{}`; this definition replaces the different one at line {line}",
                            key.value
                        ),
                    )
                    .with_code(speclift_diag::degraded::PARAMETER_FIELD)
                    .with_hint("remove or rename one of them")
                };
                diags.push(diag);
            }
            out.index.insert(key.value, out.defs.len());
            out.defs.push(def);
        }
        (out, diags)
    }
}

fn build_def(
    file: &Arc<Path>,
    lines: &[&str],
    key: &str,
    at: Location,
    fields: Vec<(At<String>, Option<At<FieldValue>>)>,
    diags: &mut Vec<Diagnostic>,
) -> ParamDef {
    let mut def = ParamDef {
        key: key.to_string(),
        location_in: None,
        ty: None,
        required: false,
        description: String::new(),
        description_at: at.clone(),
        microversions: VersionRange::default(),
        location: at.clone(),
    };
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    let mut saw_in = false;
    for (name, value) in fields {
        let name_at = loc(file, &name);
        if let Some(line) = seen.get(&name.value) {
            // A warning, not an error: the meaning is clear (PyYAML, and so
            // os-api-ref, takes the last value) and upstream files have it.
            diags.push(
                Diagnostic::warning(
                    name_at.clone(),
                    format!("duplicate field `{}` in parameter `{key}`", name.value),
                )
                .with_rule(speclift_diag::Rule::UnknownParameterField)
                .with_hint(format!(
                    "this value replaces the one at line {line}; remove one of them"
                )),
            );
        }
        seen.insert(name.value.clone(), name_at.line);
        let value_at = value.as_ref().map_or(name_at.clone(), |v| loc(file, v));
        let field = name.value.as_str();
        let text = match value.map(|v| v.value) {
            Some(FieldValue::Text(t)) => Some(t),
            // The number as written (`2.20`, not the float 2.2).
            Some(FieldValue::Number) => Some(scalar_at(lines, &value_at, field)),
            // `min_version: null`: os-api-ref's `values.get(…)` is falsy,
            // as if the field were absent.
            Some(FieldValue::Null) | None => None,
            Some(FieldValue::Compound(kind)) => {
                if !IGNORED_FIELDS.contains(&field) && FIELDS.split(", ").any(|f| f == field) {
                    diags.push(
                        Diagnostic::warning(
                            value_at.clone(),
                            format!("field `{field}` of parameter `{key}` is {kind}, not a scalar; it is ignored and the other fields are kept"),
                        )
                        .with_hint(format!("write `{field}` as one value (text, a boolean or a version)"))
                        .with_code(speclift_diag::degraded::PARAMETER_FIELD),
                    );
                    continue;
                }
                None
            }
        };
        match field {
            "in" => {
                saw_in = true;
                let text = text.unwrap_or_default();
                def.location_in = ParamIn::parse(text.trim());
                if def.location_in.is_none() {
                    // os-api-ref logs a warning and renders the row; without
                    // a place in the request it cannot be an OpenAPI one.
                    diags.push(
                        Diagnostic::warning(
                            value_at,
                            format!("`{text}` is not a valid value for `in` of parameter `{key}`; the parameter is left out"),
                        )
                        .with_hint("use one of: body, header, path, query")
                        .with_code(speclift_diag::degraded::PARAMETER_FIELD),
                    );
                }
            }
            "type" => def.ty = text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()),
            "required" => match text.as_deref().map(parse_bool) {
                Some(Some(b)) => def.required = b,
                // os-api-ref marks a parameter optional only when
                // `required` is absent or `false` (`is False`): null or
                // other text shows as required.
                other => {
                    def.required = true;
                    let shown = match other {
                        None => "null".to_string(),
                        Some(_) => format!("`{}`", text.unwrap_or_default()),
                    };
                    diags.push(
                        Diagnostic::warning(
                            value_at,
                            format!("`required` of parameter `{key}` is {shown}, not a boolean; it is read as `true`, as os-api-ref shows it"),
                        )
                        .with_hint("write `required: true` or `required: false`")
                        .with_code(speclift_diag::degraded::PARAMETER_FIELD),
                    );
                }
            },
            "description" => {
                def.description_at = description_start(file, lines, &value_at);
                def.description = text.unwrap_or_default();
            }
            "min_version" | "max_version" => {
                let bound = match text.as_deref().map(|t| t.trim().parse::<Microversion>()) {
                    None => None,
                    Some(Ok(v)) => Some(v),
                    // os-api-ref prints whatever is written ("New in
                    // version …"); only the bound is lost.
                    Some(Err(e)) => {
                        diags.push(
                            Diagnostic::warning(value_at, format!("{e}; the bound is ignored"))
                                .with_hint("write the microversion as MAJOR.MINOR, e.g. `2.20`")
                                .with_code(speclift_diag::degraded::PARAMETER_FIELD),
                        );
                        None
                    }
                };
                if name.value == "min_version" {
                    def.microversions.min = bound;
                } else {
                    def.microversions.max = bound;
                }
            }
            other if IGNORED_FIELDS.contains(&other) => {}
            other => diags.push(
                Diagnostic::warning(
                    name_at,
                    format!("unknown field `{other}` in parameter `{key}` is ignored"),
                )
                .with_rule(speclift_diag::Rule::UnknownParameterField)
                .with_hint(format!("the fields os-api-ref reads are: {FIELDS}")),
            ),
        }
    }
    if !saw_in {
        diags.push(
            Diagnostic::error(at, format!("parameter `{key}` has no `in` field"))
                .with_rule(speclift_diag::Rule::InvalidParametersFile)
                .with_hint("add `in:` with one of: body, header, path, query"),
        );
    }
    def
}

/// The plain scalar written at `at` (up to whitespace or a comment). A
/// value merged in from an anchor (`<<: *base`) is located at the alias:
/// then it is `field`'s value inside the anchored mapping (or the ones it
/// merges in turn).
fn scalar_at(lines: &[&str], at: &Location, field: &str) -> String {
    let line = lines
        .get(at.line.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("");
    let written = token(line, at.column.saturating_sub(1) as usize);
    match written.strip_prefix('*') {
        Some(anchor) => anchored_scalar(lines, anchor, field, 0).unwrap_or(written),
        None => written,
    }
}

fn token(line: &str, column: usize) -> String {
    line.chars()
        .skip(column)
        .take_while(|c| !c.is_whitespace() && *c != '#' && *c != ',')
        .collect()
}

/// `field`'s plain scalar in the mapping anchored `&anchor`, following its
/// own merge keys (a few levels: a cycle is not valid YAML anyway).
fn anchored_scalar(lines: &[&str], anchor: &str, field: &str, depth: usize) -> Option<String> {
    if depth > 8 {
        return None;
    }
    let indent = |l: &str| l.len() - l.trim_start().len();
    // Only a line with a `&` can hold the anchor: tested first, as the
    // search runs over the whole file (Nova's is 7,000 lines) per alias.
    let start = lines.iter().position(|l| {
        l.contains('&')
            && l.split_whitespace()
                .any(|w| w.strip_prefix('&') == Some(anchor))
    })?;
    let base = indent(lines[start]);
    let body = lines[start + 1..]
        .iter()
        .take_while(|l| l.trim().is_empty() || indent(l) > base);
    let mut merged = Vec::new();
    for l in body {
        let l = l.trim_start();
        if let Some(value) = l.strip_prefix(field).and_then(|v| v.strip_prefix(':')) {
            return Some(token(value.trim_start(), 0));
        }
        if let Some(alias) = l
            .strip_prefix("<<:")
            .and_then(|v| v.trim().strip_prefix('*'))
        {
            merged.push(alias.trim().to_string());
        }
    }
    merged
        .iter()
        .find_map(|alias| anchored_scalar(lines, alias, field, depth + 1))
}

fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" => Some(true),
        "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// A block scalar (`|`, `>`) starts on the line after its indicator.
fn description_start(file: &Arc<Path>, lines: &[&str], value_at: &Location) -> Location {
    let line = lines
        .get(value_at.line.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("");
    let first = line.chars().nth(value_at.column.saturating_sub(1) as usize);
    if matches!(first, Some('|' | '>')) {
        let next = lines.get(value_at.line as usize).copied().unwrap_or("");
        let indent = next.chars().take_while(|c| *c == ' ').count() as u32;
        Location::new(file.clone(), value_at.line + 1, indent + 1)
    } else {
        value_at.clone()
    }
}

pub(crate) fn loc<T>(file: &Arc<Path>, s: &At<T>) -> Location {
    Location::new(file.clone(), s.line, s.column)
}

/// A value and where it is written: 1-based line and column (in
/// characters) of where the YAML parser places the node.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct At<T> {
    pub(crate) value: T,
    pub(crate) line: u32,
    pub(crate) column: u32,
}

impl<T> From<Spanned<T>> for At<T> {
    fn from(s: Spanned<T>) -> At<T> {
        let place = |n: u64| u32::try_from(n).unwrap_or(u32::MAX).max(1);
        At {
            line: place(s.referenced.line()),
            column: place(s.referenced.column()),
            value: s.value,
        }
    }
}

/// The file as an ordered mapping of entries. Duplicate keys pass through
/// so that each is reported at its own line by the caller, instead of
/// failing the whole file. Files of the usual shape are read without a
/// YAML parser ([`simple::read`]), with the same result.
pub fn read_raw(file: &Arc<Path>, text: &str) -> Result<RawFile, Diagnostic> {
    match simple::read(text) {
        Some(raw) => Ok(raw),
        None => parse_raw(text).map_err(|e| yaml_error(file, &e)),
    }
}

/// [`read_raw`] by the YAML parser.
fn parse_raw(text: &str) -> Result<RawFile, serde_saphyr::Error> {
    let options = serde_saphyr::options! {
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
    };
    serde_saphyr::from_str_with_options(text, options)
}

/// A YAML error as a diagnostic at its position in the file.
pub fn yaml_error(file: &Arc<Path>, e: &serde_saphyr::Error) -> Diagnostic {
    let at = e.location().map_or_else(
        || Location::file_start(file.clone()),
        |l| {
            Location::new(
                file.clone(),
                u32::try_from(l.line()).unwrap_or(u32::MAX).max(1),
                u32::try_from(l.column()).unwrap_or(u32::MAX).max(1),
            )
        },
    );
    let message = e.without_snippet().to_string();
    let message = message.lines().next().unwrap_or("invalid YAML").to_string();
    Diagnostic::error(at, format!("invalid YAML: {message}"))
        .with_rule(speclift_diag::Rule::InvalidParametersFile)
        .with_hint("fix the YAML syntax at this position")
}

/// The top level: keys in file order, duplicates included.
#[derive(Debug, PartialEq)]
pub(crate) struct RawFile(pub(crate) Vec<(At<String>, At<RawEntry>)>);

#[derive(Debug, PartialEq)]
pub(crate) enum RawEntry {
    Map(Vec<(At<String>, Option<At<FieldValue>>)>),
    NotAMap,
}

/// One field's value. Anything YAML can hold is accepted here, so a field
/// of the wrong shape costs only that field, never the file.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum FieldValue {
    Text(String),
    /// A number: its text is read back from the line, since `2.20` and
    /// `2.2` are different microversions but the same float.
    Number,
    Null,
    /// A list or mapping: "a list", "a mapping".
    Compound(&'static str),
}

impl FieldValue {
    /// The text of a text value; empty for anything else.
    pub(crate) fn text(&self) -> &str {
        match self {
            FieldValue::Text(t) => t,
            _ => "",
        }
    }
}

impl<'de> Deserialize<'de> for FieldValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FieldVisitor)
    }
}

struct FieldVisitor;

impl<'de> Visitor<'de> for FieldVisitor {
    type Value = FieldValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<FieldValue, E> {
        Ok(FieldValue::Text(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<FieldValue, E> {
        Ok(FieldValue::Text(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<FieldValue, E> {
        Ok(FieldValue::Text(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<FieldValue, E> {
        Ok(FieldValue::Number)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<FieldValue, E> {
        Ok(FieldValue::Number)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<FieldValue, E> {
        Ok(FieldValue::Number)
    }
    fn visit_unit<E: de::Error>(self) -> Result<FieldValue, E> {
        Ok(FieldValue::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<FieldValue, E> {
        Ok(FieldValue::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<FieldValue, D::Error> {
        d.deserialize_any(FieldVisitor)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<FieldValue, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(FieldValue::Compound("a list"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FieldValue, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(FieldValue::Compound("a mapping"))
    }
}

impl<'de> Deserialize<'de> for RawFile {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let pairs = d.deserialize_any(PairsVisitor::<Spanned<RawEntry>>(PhantomData))?;
        Ok(RawFile(
            pairs.into_iter().map(|(k, v)| (k, At::from(v))).collect(),
        ))
    }
}

/// Collects a mapping as ordered pairs; a null document is empty.
struct PairsVisitor<V>(PhantomData<V>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for PairsVisitor<V> {
    type Value = Vec<(At<String>, V)>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping of parameter names to definitions")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(k) = map.next_key::<Spanned<String>>()? {
            out.push((At::from(k), map.next_value::<V>()?));
        }
        Ok(out)
    }
}

impl<'de> Deserialize<'de> for RawEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(EntryVisitor)
    }
}

struct EntryVisitor;

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = RawEntry;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a parameter definition")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawEntry, A::Error> {
        let mut out = Vec::new();
        while let Some(k) = map.next_key::<Spanned<String>>()? {
            let v = if IGNORED_FIELDS.contains(&k.value.as_str()) {
                map.next_value::<IgnoredAny>()?;
                None
            } else {
                map.next_value::<Option<Spanned<FieldValue>>>()?
                    .map(At::from)
            };
            out.push((At::from(k), v));
        }
        Ok(RawEntry::Map(out))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<RawEntry, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(RawEntry::NotAMap)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<RawEntry, E> {
        Ok(RawEntry::NotAMap)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<RawEntry, E> {
        Ok(RawEntry::NotAMap)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<RawEntry, E> {
        Ok(RawEntry::NotAMap)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<RawEntry, E> {
        Ok(RawEntry::NotAMap)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<RawEntry, E> {
        Ok(RawEntry::NotAMap)
    }
    fn visit_unit<E: de::Error>(self) -> Result<RawEntry, E> {
        Ok(RawEntry::NotAMap)
    }
    fn visit_none<E: de::Error>(self) -> Result<RawEntry, E> {
        Ok(RawEntry::NotAMap)
    }
}

/// One `- name: key` line of a `rest_parameters` list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamRef {
    /// The name the table shows (the wire name).
    pub name: String,
    /// The parameters.yaml key.
    pub key: String,
    pub location: Location,
}

/// Reads the `- name: key` lines. The display name may itself contain
/// `:` (`os-extended-snapshot-attributes:progress`), so the split is at
/// the last `": "`.
pub fn parse_param_list(content: &[ContentLine], diags: &mut Vec<Diagnostic>) -> Vec<ParamRef> {
    let mut out = Vec::new();
    for line in content {
        let text = line.text.trim_end();
        let trimmed = text.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let lead = (text.chars().count() - trimmed.chars().count()) as u32;
        let Some(item) = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
        else {
            diags.push(
                Diagnostic::warning(
                    line.location.clone(),
                    format!("`{trimmed}` is not a parameter reference; it is skipped"),
                )
                .with_rule(speclift_diag::Rule::InvalidParameterEntry)
                .with_hint("write each parameter as `- name: key_in_parameters_yaml`"),
            );
            continue;
        };
        let item_col = lead + 2 + (item.chars().count() - item.trim_start().chars().count()) as u32;
        let item = item.trim();
        let Some((name, key)) = item.rsplit_once(": ") else {
            diags.push(
                Diagnostic::warning(
                    line.location.clone(),
                    format!("`{item}` is not a `name: key` pair; it is skipped"),
                )
                .with_rule(speclift_diag::Rule::InvalidParameterEntry)
                .with_hint("write each parameter as `- name: key_in_parameters_yaml`"),
            );
            continue;
        };
        let (name, key) = (unquote(name.trim()), unquote(key.trim()));
        if name.is_empty() || key.is_empty() {
            diags.push(
                Diagnostic::warning(
                    line.location.clone(),
                    format!("`{item}` has an empty name or key; it is skipped"),
                )
                .with_rule(speclift_diag::Rule::InvalidParameterEntry)
                .with_hint("write each parameter as `- name: key_in_parameters_yaml`"),
            );
            continue;
        }
        out.push(ParamRef {
            name: name.to_string(),
            key: key.to_string(),
            location: Location::new(
                line.location.file.clone(),
                line.location.line,
                line.location.column + item_col,
            ),
        });
    }
    out
}

fn unquote(s: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> Arc<Path> {
        Arc::from(Path::new("api-ref/source/parameters.yaml"))
    }

    fn parse(text: &str) -> (ParamFile, Vec<Diagnostic>) {
        ParamFile::parse(&file(), text)
    }

    #[test]
    fn versions_stay_text_so_2_20_is_not_2_2() {
        let (f, d) = parse(
            "a:\n  in: body\n  type: string\n  required: true\n  description: |\n    Hello *x*.\n  min_version: 2.20\n  max_version: 2.2\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let a = f.get("a").unwrap();
        assert_eq!(a.microversions.min, Some(Microversion::new(2, 20)));
        assert_eq!(a.microversions.max, Some(Microversion::new(2, 2)));
        assert_eq!(a.location_in, Some(ParamIn::Body));
        assert_eq!(a.ty.as_deref(), Some("string"));
        assert!(a.required);
        assert_eq!(a.description.trim(), "Hello *x*.");
        assert_eq!((a.location.line, a.location.column), (1, 1));
        assert_eq!((a.description_at.line, a.description_at.column), (6, 5));
    }

    #[test]
    fn keeps_order_and_defaults_required_to_false() {
        let (f, d) = parse("z:\n  in: path\nb:\n  in: query\n  description: plain\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            f.defs.iter().map(|d| d.key.as_str()).collect::<Vec<_>>(),
            ["z", "b"]
        );
        assert!(!f.get("z").unwrap().required);
        assert_eq!(f.get("b").unwrap().description_at.line, 5);
        assert!(f.get("missing").is_none());
    }

    #[test]
    fn duplicate_key_is_a_degradation_at_the_second_definition() {
        let (f, d) = parse("a:\n  in: body\nb:\n  in: body\na:\n  in: path\n");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(!d[0].is_error());
        assert_eq!(d[0].code, Some(speclift_diag::degraded::PARAMETER_FIELD));
        assert!(d[0].message.contains("duplicate parameter key `a`"));
        let l = d[0].location.as_ref().unwrap();
        assert_eq!((l.line, l.column), (5, 1));
        // The last definition wins, as in PyYAML.
        assert_eq!(f.get("a").unwrap().location_in, Some(ParamIn::Path));
    }

    #[test]
    fn invalid_in_is_a_warning_at_the_value_with_the_valid_values() {
        let (f, d) = parse("a:\n  in: bodyy\n  type: string\n");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(!d[0].is_error());
        let l = d[0].location.as_ref().unwrap();
        assert_eq!((l.line, l.column), (2, 7));
        assert!(
            d[0].hint
                .as_deref()
                .unwrap()
                .contains("body, header, path, query")
        );
        assert_eq!(f.get("a").unwrap().location_in, None);
    }

    #[test]
    fn syntax_error_points_into_the_file() {
        let (f, d) = parse("a:\n  in: body\n b: [unclosed\n");
        assert!(!f.loaded);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].is_error());
        let l = d[0].location.as_ref().unwrap();
        assert!(l.line >= 2, "{l}");
        assert_eq!(&*l.file, Path::new("api-ref/source/parameters.yaml"));
    }

    #[test]
    fn bad_version_bad_bool_and_unknown_fields_are_warnings_that_keep_the_rest() {
        let (f, d) = parse(
            "a:\n  in: body\n  requered: true\n  required: maybe\n  min_version: x.1\n  type: string\n",
        );
        let msgs: Vec<_> = d.iter().map(|d| (d.severity, d.message.clone())).collect();
        assert_eq!(d.len(), 3, "{msgs:?}");
        assert!(d.iter().all(|d| !d.is_error()), "{msgs:?}");
        assert!(d[0].message.contains("unknown field `requered`"));
        assert!(d[1].message.contains("not a boolean"));
        assert!(d[2].message.contains("not a microversion"));
        let a = f.get("a").unwrap();
        // os-api-ref shows anything but `false` as required.
        assert!(a.required);
        assert_eq!(a.ty.as_deref(), Some("string"));
        assert_eq!(a.microversions, VersionRange::default());
    }

    #[test]
    fn yaml_anchors_merge_keys_and_nulls_read_as_pyyaml_does() {
        let (f, d) = parse(
            "_q: &q\n  in: query\n  required: false\nlimit:\n  <<: *q\n  type: integer\n  min_version: null\n  max_version: 2.20\nsort:\n  in: query\n  description: [a, b]\n  type: ~\n",
        );
        let limit = f.get("limit").unwrap();
        assert_eq!(limit.location_in, Some(ParamIn::Query));
        assert!(!limit.required);
        assert_eq!(limit.ty.as_deref(), Some("integer"));
        assert_eq!(limit.microversions.min, None);
        assert_eq!(limit.microversions.max, "2.20".parse().ok());
        // A number merged in from an anchor is read where the anchor has it.
        let (g, e) = parse(
            "base: &base\n  in: body\n  required: true\n  max_version: 2.40\nmid: &mid\n  <<: *base\n  description: x\nopt:\n  <<: *mid\n  required: false\n",
        );
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(g.get("opt").unwrap().microversions.max, "2.40".parse().ok());
        // An unusable field costs that field only.
        let sort = f.get("sort").unwrap();
        assert_eq!(sort.location_in, Some(ParamIn::Query));
        assert_eq!(sort.ty, None);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            !d[0].is_error()
                && d[0]
                    .message
                    .contains("`description` of parameter `sort` is a list")
        );
        let l = d[0].location.as_ref().unwrap();
        assert_eq!((l.line, l.column), (11, 16));
    }

    #[test]
    fn non_mapping_entry_and_missing_in_are_errors() {
        let (f, d) = parse("a: just text\nb:\n  type: string\n");
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d[0].message.contains("not a mapping"));
        assert!(d[1].message.contains("no `in` field"));
        assert!(f.get("a").is_none());
        assert!(f.get("b").is_some());
    }

    #[test]
    fn verbatim_duplicate_key_is_only_a_warning() {
        let (_, d) = parse(
            "a:\n  in: body\n  type: string\nb:\n  in: path\na:\n  in: body\n  type: string\n",
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(!d[0].is_error());
        assert!(d[0].message.contains("repeats the definition at line 1"));
    }

    #[test]
    fn duplicate_field_is_a_warning_and_the_last_value_wins() {
        let (f, d) = parse("a:\n  in: body\n  type: string.\n  in: path\n");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(!d[0].is_error());
        assert_eq!(d[0].location.as_ref().unwrap().line, 4);
        assert_eq!(f.get("a").unwrap().location_in, Some(ParamIn::Path));
    }

    #[test]
    fn empty_file_loads_empty() {
        let (f, d) = parse("");
        assert!(d.is_empty());
        assert!(f.loaded && f.defs.is_empty());
    }

    fn lines(texts: &[&str]) -> Vec<ContentLine> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| ContentLine {
                text: t.to_string(),
                location: Location::new(Path::new("x.inc"), 10 + i as u32, 4),
            })
            .collect()
    }

    #[test]
    fn name_key_split_is_at_the_last_colon_space() {
        let mut d = Vec::new();
        let refs = parse_param_list(
            &lines(&[
                "- project_id: project_id_path",
                "",
                "- os-extended-snapshot-attributes:progress: os-ext-snap-attr:progress",
                "not a list item",
                "- nokey",
            ]),
            &mut d,
        );
        assert_eq!(refs.len(), 2);
        assert_eq!(
            (refs[0].name.as_str(), refs[0].key.as_str()),
            ("project_id", "project_id_path")
        );
        assert_eq!(refs[0].location.line, 10);
        assert_eq!(refs[0].location.column, 6);
        assert_eq!(refs[1].name, "os-extended-snapshot-attributes:progress");
        assert_eq!(refs[1].key, "os-ext-snap-attr:progress");
        assert_eq!(d.len(), 2);
        assert!(d.iter().all(|d| !d.is_error() && d.hint.is_some()));
    }
}
