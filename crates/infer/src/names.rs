//! Resource words of a path (`/v3/{project_id}/snapshots` → `snapshots`,
//! singular `snapshot`): what inference expects a body's wrapper to be
//! called, and what the emitter names components after.

/// Keys that say what a value is but not whose: named after their owner.
pub const GENERIC: [&str; 5] = ["metadata", "links", "extra_specs", "properties", "items"];

/// The last path segment that is neither a template nor `action`/`detail`.
pub fn resource(path: &str) -> String {
    path.split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .rfind(|s| !matches!(*s, "action" | "detail") && !GENERIC.contains(s))
        .unwrap_or_default()
        .to_string()
}

/// The singular of an English plural (`policies` → `policy`, `addresses`
/// → `address`); `status` and `class` are no plurals and stay.
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for ending in ["sses", "xes", "ches", "shes"] {
        if word.ends_with(ending) {
            return word.get(..word.len() - 2).unwrap_or(word).to_string();
        }
    }
    match word.strip_suffix('s') {
        Some(stem) if !stem.ends_with(['s', 'u']) && !stem.is_empty() => stem.to_string(),
        _ => word.to_string(),
    }
}
