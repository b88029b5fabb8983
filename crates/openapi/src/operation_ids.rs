//! Operation ids a person would write: a verb from the section title and
//! the resource the path names (`showVolume`, `listVolumesDetail`,
//! `createAttachment`), and one name per action of an action endpoint
//! (`volumeExtend`).
//!
//! The rule, so that ids are predictable and stable across regenerations:
//!
//! 1. **Verb**: the title's first word when it is a verb (`Show a volume's
//!    details` → `show`), else one from the method (`GET` of a collection
//!    → `list`, of an item → `show`, `POST` → `create`, `PUT`/`PATCH` →
//!    `update`, `DELETE` → `delete`).
//! 2. **Resource**: the literal path segments after the version prefix,
//!    without the scope parameters before them (`{project_id}`) and without
//!    `os-`: a segment followed by a parameter is singular (`volumes/{id}`
//!    → `Volume`, or the parameter's longer name when it ends with it:
//!    `types/{volume_type_id}` → `VolumeType`; an uncountable one gets
//!    `Item`: `metadata/{key}` → `MetadataItem`), the others as written
//!    (`volumes/detail` → `VolumesDetail`). A word equal to the verb is
//!    dropped (`PUT …/clusters/enable` → `enableCluster`); the last one is
//!    singular for a write (`POST …/attachments` → `createAttachment`). A
//!    path without literal segments is named by its last parameter
//!    (Swift's `/v1/{account}/{container}` → `Container`).
//! 3. **Action endpoints** (`POST …/action` documenting several actions)
//!    are `<resource>Action`; each action is `<resource><Key>`
//!    (`os-extend` → `volumeExtend`), written in its `oneOf` branch.
//! 4. **Collisions** are resolved in steps, each only for the ids still
//!    shared: the `os-` prefix kept (`acceptOsVolumeTransfer`), then the
//!    title's remaining words (`createGroupFromSource`), then a number in
//!    document order (the first keeps the plain id).

use std::collections::{BTreeMap, BTreeSet};

use speclift_model::Method;
use speclift_spec::template::param_name;

use crate::components::singular;
use crate::paths::Group;

/// Title words that are verbs, and how an id spells them.
const VERBS: &[(&str, &str)] = &[
    ("abandon", "abandon"),
    ("accept", "accept"),
    ("add", "add"),
    ("associate", "associate"),
    ("attach", "attach"),
    ("bulk-delete", "bulk_delete"),
    ("check", "check"),
    ("cleanup", "cleanup"),
    ("clear", "clear"),
    ("complete", "complete"),
    ("configure", "configure"),
    ("copy", "copy"),
    ("create", "create"),
    ("delete", "delete"),
    ("detach", "detach"),
    ("disable", "disable"),
    ("disassociate", "disassociate"),
    ("enable", "enable"),
    ("evacuate", "evacuate"),
    ("export", "export"),
    ("extend", "extend"),
    ("failover", "failover"),
    ("find", "find"),
    ("force", "force"),
    ("force-delete", "force_delete"),
    ("freeze", "freeze"),
    ("get", "get"),
    ("import", "import"),
    ("list", "list"),
    ("lists", "list"),
    ("lock", "lock"),
    ("log", "log"),
    ("manage", "manage"),
    ("mark", "mark"),
    ("migrate", "migrate"),
    ("move", "move"),
    ("pause", "pause"),
    ("ping", "ping"),
    ("preview", "preview"),
    ("read", "read"),
    ("reassign", "reassign"),
    ("rebuild", "rebuild"),
    ("reboot", "reboot"),
    ("remove", "remove"),
    ("rename", "rename"),
    ("replace", "replace"),
    ("request", "request"),
    ("rescue", "rescue"),
    ("reserve", "reserve"),
    ("reset", "reset"),
    ("resize", "resize"),
    ("restore", "restore"),
    ("resume", "resume"),
    ("retrieve", "retrieve"),
    ("retrive", "retrieve"),
    ("revert", "revert"),
    ("run", "run"),
    ("search", "search"),
    ("send", "send"),
    ("set", "set"),
    ("show", "show"),
    ("shelve", "shelve"),
    ("signal", "signal"),
    ("snapshot", "snapshot"),
    ("start", "start"),
    ("stop", "stop"),
    ("suspend", "suspend"),
    ("thaw", "thaw"),
    ("trigger", "trigger"),
    ("unlock", "unlock"),
    ("unmanage", "unmanage"),
    ("unpause", "unpause"),
    ("unrescue", "unrescue"),
    ("unset", "unset"),
    ("unshelve", "unshelve"),
    ("update", "update"),
    ("upload", "upload"),
    ("validate", "validate"),
    ("view", "view"),
    ("write", "write"),
];

/// Title words that say nothing an id needs.
const FILLER: &[&str] = &["a", "an", "the", "deprecated"];

/// Parameters that name an entry without saying what it is.
const GENERIC_PARAMS: &[&str] = &["key", "id", "name", "item", "param", "index"];

/// Scope parameters: which project a request acts in, never what it acts on.
const SCOPES: &[&str] = &["project", "tenant", "admin_project"];

/// One id per group, in the order of `groups`: unique in the document.
pub(crate) fn assign(groups: &[Group<'_>]) -> Vec<String> {
    let names: Vec<Naming> = groups.iter().map(Naming::of).collect();
    let mut ids: Vec<String> = names.iter().map(|n| n.base.clone()).collect();
    // Each step renames only the ids still shared, so an id that was
    // unique never changes because of another operation's rename.
    let steps: [fn(&Naming) -> String; 3] = [
        Naming::with_os_prefix,
        Naming::with_title,
        Naming::with_method,
    ];
    for step in steps {
        for members in shared(&ids) {
            for i in members {
                if let (Some(id), Some(n)) = (ids.get_mut(i), names.get(i)) {
                    *id = step(n);
                }
            }
        }
    }
    let mut used: BTreeSet<String> = ids.iter().cloned().collect();
    for members in shared(&ids) {
        for &i in members.iter().skip(1) {
            let Some(id) = ids.get_mut(i) else { continue };
            let mut n = 2;
            let mut candidate = format!("{id}{n}");
            while used.contains(&candidate) {
                n += 1;
                candidate = format!("{id}{n}");
            }
            used.insert(candidate.clone());
            *id = candidate;
        }
    }
    ids
}

/// Indices of ids used more than once, grouped by id, in document order.
fn shared(ids: &[String]) -> Vec<Vec<usize>> {
    let mut by_id: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, id) in ids.iter().enumerate() {
        by_id.entry(id).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = by_id.into_values().filter(|m| m.len() > 1).collect();
    out.sort();
    out
}

/// What one group's id is made of.
struct Naming {
    verb: String,
    /// Resource words, `os-` prefixes removed.
    resource: Vec<String>,
    /// Resource words, `os-` prefixes kept.
    resource_os: Vec<String>,
    title_words: Vec<String>,
    action: bool,
    method: Method,
    base: String,
}

impl Naming {
    fn of(group: &Group<'_>) -> Naming {
        let title = group
            .variants
            .first()
            .map(|v| v.op.summary.as_str())
            .unwrap_or_default();
        let title_words = title_words(title);
        let segments = segments(&group.path);
        let last_is_param = group
            .path
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .is_some_and(|s| s.starts_with('{'));
        let action = segments
            .last()
            .is_some_and(|s| is_action_segment(&s.literal))
            && group.method == Method::Post
            && (group.variants.len() > 1 || title_verb(title).is_none());
        let verb = title_verb(title).unwrap_or_else(|| method_verb(group.method, last_is_param));
        let resource = resource_words(&segments, &verb, group.method, false);
        let resource_os = resource_words(&segments, &verb, group.method, true);
        let mut naming = Naming {
            verb,
            resource,
            resource_os,
            title_words,
            action,
            method: group.method,
            base: String::new(),
        };
        naming.base = naming.compose(&naming.resource, &[]);
        naming
    }

    fn compose(&self, resource: &[String], extra: &[String]) -> String {
        let resource: Vec<String> = if resource.is_empty() {
            // Nothing in the path names a resource (`GET /`): the title does.
            self.title_words
                .iter()
                .skip(usize::from(self.title_words.first() == Some(&self.verb)))
                .cloned()
                .collect()
        } else {
            resource.to_vec()
        };
        if self.action {
            let mut words = resource;
            words.push("action".into());
            words.extend(extra.iter().cloned());
            return camel(&words);
        }
        let mut words = vec![self.verb.clone()];
        words.extend(resource);
        words.extend(extra.iter().cloned());
        camel(&words)
    }

    fn with_os_prefix(&self) -> String {
        self.compose(&self.resource_os, &[])
    }

    /// `PATCH` beside a `PUT` of the same title: `patchStack`.
    fn with_method(&self) -> String {
        let current = self.with_title();
        if self.method != Method::Patch {
            return current;
        }
        match current.strip_prefix("update") {
            Some(rest) => format!("patch{rest}"),
            None => format!("{current}Patch"),
        }
    }

    /// The id with the title's words the id does not say yet.
    fn with_title(&self) -> String {
        let have: BTreeSet<String> = self
            .resource_os
            .iter()
            .chain(std::iter::once(&self.verb))
            .flat_map(|w| words(w))
            .map(|w| singular_word(&w))
            .collect();
        let extra: Vec<String> = self
            .title_words
            .iter()
            .filter(|w| !have.contains(&singular_word(&w.replace('-', ""))))
            .take(5)
            .cloned()
            .collect();
        self.compose(&self.resource_os, &extra)
    }
}

/// The literal segments after the version prefix, each with the parameter
/// that follows it.
struct Segment {
    literal: String,
    param: Option<String>,
}

fn segments(path: &str) -> Vec<Segment> {
    let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut out: Vec<Segment> = Vec::new();
    let mut trailing_params: Vec<String> = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        if let Some(name) = param_name(part) {
            match out.last_mut() {
                Some(last)
                    if last.param.is_none() && i > 0 && param_name(parts[i - 1]).is_none() =>
                {
                    last.param = Some(name.to_string());
                }
                _ => trailing_params.push(name.to_string()),
            }
            continue;
        }
        if out.is_empty() && is_version(part) {
            continue;
        }
        trailing_params.clear();
        out.push(Segment {
            literal: part.to_string(),
            param: None,
        });
    }
    if out.is_empty() {
        // Only parameters (Swift's `/v1/{account}/{container}`): the last
        // one that is not a scope names the resource.
        if let Some(name) = trailing_params
            .iter()
            .rev()
            .map(|p| param_stem(p))
            .find(|s| !SCOPES.contains(&s.as_str()))
        {
            out.push(Segment {
                literal: name,
                param: None,
            });
        }
    }
    out
}

/// `…/action` (OpenStack) or `…/actions` (Heat): one endpoint, many actions.
pub(crate) fn is_action_segment(literal: &str) -> bool {
    matches!(literal, "action" | "actions")
}

/// `v3`, `v2.1`, `v1.0`: the version prefix every path repeats.
fn is_version(segment: &str) -> bool {
    segment.strip_prefix(['v', 'V']).is_some_and(|rest| {
        !rest.is_empty()
            && rest.starts_with(|c: char| c.is_ascii_digit())
            && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
    })
}

/// `volume_type_id` → `volume_type`, `stack_name` → `stack`.
fn param_stem(param: &str) -> String {
    let lower = param.to_ascii_lowercase().replace('-', "_");
    for suffix in ["_id", "_uuid", "_name", "_identity", "_ref"] {
        if let Some(stem) = lower.strip_suffix(suffix)
            && !stem.is_empty()
        {
            return stem.to_string();
        }
    }
    lower
}

fn resource_words(segments: &[Segment], verb: &str, method: Method, keep_os: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let count = segments.len();
    for (i, segment) in segments.iter().enumerate() {
        let literal = segment.literal.as_str();
        if i + 1 == count && is_action_segment(literal) {
            continue;
        }
        let name = if keep_os {
            literal
        } else {
            literal
                .strip_prefix("os-")
                .filter(|s| !s.is_empty())
                .unwrap_or(literal)
        };
        let name = name.to_ascii_lowercase().replace('-', "_");
        let word = match &segment.param {
            Some(param) => {
                let one = singular_phrase(&name);
                let stem = param_stem(param);
                if stem.len() > one.len()
                    && stem.ends_with(&one)
                    && !SCOPES.contains(&stem.as_str())
                {
                    stem
                } else if one == name && GENERIC_PARAMS.contains(&stem.as_str()) {
                    // `metadata/{key}`: one entry of something uncountable.
                    format!("{name}_item")
                } else {
                    one
                }
            }
            None => name,
        };
        out.push(word);
    }
    // Words the verb already says (`PUT /clusters/disable`,
    // `GET …/backups/{id}/export_record` → `exportBackupRecord`).
    let verb_words = words(verb);
    let last_was_verb = out.last().is_some_and(|w| {
        let w = words(w);
        !w.is_empty() && w.iter().all(|x| verb_words.contains(x))
    });
    for word in &mut out {
        let kept: Vec<String> = words(word)
            .into_iter()
            .filter(|w| !verb_words.contains(w))
            .collect();
        *word = kept.join("_");
    }
    // A segment that repeats the one before (`types/{volume_type}/
    // os-volume-type-access` → `VolumeTypeAccess`).
    for i in 1..out.len() {
        let before = words(&out[i - 1]);
        let mine = words(&out[i]);
        if mine.len() > before.len() && mine.starts_with(&before) {
            out[i] = mine[before.len()..].join("_");
        }
    }
    out.retain(|w| !w.is_empty());
    // One new thing (`POST …/attachments` → `createAttachment`) or one
    // thing acted on (`PUT …/clusters/disable` → `disableCluster`).
    let writes = (method == Method::Post || last_was_verb) && verb != "list";
    let last_is_collection = segments
        .iter()
        .rfind(|s| !is_action_segment(&s.literal))
        .is_some_and(|s| s.param.is_none())
        && (!last_was_verb || segments.len() < 2 || {
            let before = segments.len().saturating_sub(2);
            segments.get(before).is_some_and(|s| s.param.is_none())
        });
    if writes
        && last_is_collection
        && let Some(last) = out.last_mut()
    {
        *last = singular_phrase(last);
    }
    out
}

/// The last word of `a_b_cs` made singular.
fn singular_phrase(phrase: &str) -> String {
    match phrase.rsplit_once('_') {
        Some((head, tail)) => format!("{head}_{}", singular_word(tail)),
        None => singular_word(phrase),
    }
}

/// [`singular`] with the words it would get wrong (`statuses`, `dns`).
fn singular_word(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("uses") {
        return format!("{stem}us");
    }
    if ["dns", "status", "alias", "bus"].contains(&word) {
        return word.to_string();
    }
    singular(word)
}

/// The title's words, lowercase ASCII, without parenthesised asides and
/// filler words.
fn title_words(title: &str) -> Vec<String> {
    let plain = crate::tags::without_asides(title);
    plain
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '\''))
        .map(|w| {
            w.trim_matches(|c: char| c == '-' || c == '\'')
                .trim_end_matches("'s")
                .to_ascii_lowercase()
        })
        .filter(|w| !w.is_empty() && !FILLER.contains(&w.as_str()))
        .collect()
}

/// The verb the title starts with, as an id spells it.
fn title_verb(title: &str) -> Option<String> {
    let first = title
        .split_whitespace()
        .next()?
        .split(['/', ','])
        .next()?
        .to_ascii_lowercase();
    VERBS
        .iter()
        .find(|(word, _)| *word == first)
        .map(|(_, verb)| verb.to_string())
}

fn method_verb(method: Method, item: bool) -> String {
    let verb = match method {
        Method::Get if item => "show",
        Method::Get => "list",
        Method::Head => "check",
        Method::Post => "create",
        Method::Put | Method::Patch => "update",
        Method::Delete => "delete",
        Method::Options => "options",
        Method::Trace => "trace",
        // `COPY`, `MOVE`, `QUERY`: the method is the verb.
        Method::Extension(token) => {
            let token = token.as_str();
            return if token.chars().all(|c| c.is_ascii_alphabetic()) {
                token.to_ascii_lowercase()
            } else {
                "call".to_string()
            };
        }
    };
    verb.to_string()
}

/// The action's own id: `volume` and `os-extend` → `volumeExtend`.
pub(crate) fn action_id(resource: &str, key: &str) -> String {
    let key = key
        .strip_prefix("os-")
        .filter(|k| !k.is_empty())
        .unwrap_or(key);
    let mut words: Vec<String> = words(resource);
    let mut action = words_of_key(key);
    // `os-volume_upload_image` of a volume: `volumeUploadImage`.
    if action.len() > words.len() && action.starts_with(&words) {
        action.drain(..words.len());
    }
    words.extend(action);
    camel(&words)
}

/// The singular resource words of an action endpoint (`volume`,
/// `volume_type`), the action id's prefix.
pub(crate) fn action_resource(path: &str) -> String {
    let segments = segments(path);
    resource_words(&segments, "", Method::Get, false).join("_")
}

/// `createImage` → [create, image]; `getSPICEConsole` → [get, spice,
/// console]; `os-reset_status` → [os, reset, status].
fn words_of_key(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in key.split(|c: char| !c.is_ascii_alphanumeric()) {
        let chars: Vec<char> = part.chars().collect();
        let mut word = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let before = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
            let after = chars.get(i + 1).copied();
            let starts_word = c.is_ascii_uppercase()
                && (before.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                    || (before.is_some_and(|b| b.is_ascii_uppercase())
                        && after.is_some_and(|a| a.is_ascii_lowercase())));
            if starts_word && !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            word.push(c.to_ascii_lowercase());
        }
        if !word.is_empty() {
            out.push(word);
        }
    }
    out
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// `[show, volume_type]` → `showVolumeType`.
fn camel(parts: &[String]) -> String {
    let mut out = String::new();
    for word in parts.iter().flat_map(|p| words(p)) {
        if out.is_empty() {
            out.push_str(&word);
            continue;
        }
        let mut chars = word.chars();
        if let Some(c) = chars.next() {
            out.push(c.to_ascii_uppercase());
            out.push_str(chars.as_str());
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) || out.is_empty() {
        out.insert_str(0, "op");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths::Variant;
    use speclift_diag::{Location, path};
    use speclift_model::Operation;

    fn op(method: Method, path_: &str, title: &str) -> Operation {
        Operation {
            method,
            path: path_.into(),
            query: None,
            summary: title.into(),
            description: String::new(),
            tag: String::new(),
            microversions: Default::default(),
            deprecated: false,
            request: Default::default(),
            responses: Vec::new(),
            extensions: Default::default(),
            location: Location::new(path("a.rst"), 1, 1),
        }
    }

    fn ids(ops: &[Operation]) -> Vec<String> {
        let groups: Vec<Group<'_>> = ops
            .iter()
            .map(|o| Group {
                path: o.path.clone(),
                method: o.method,
                variants: vec![Variant {
                    op: o,
                    renames: Default::default(),
                }],
            })
            .collect();
        assign(&groups)
    }

    #[test]
    fn ids_read_as_verb_and_resource() {
        let ops = [
            op(
                Method::Get,
                "/v3/{project_id}/volumes/{volume_id}",
                "Show a volume's details",
            ),
            op(
                Method::Get,
                "/v3/{project_id}/volumes/detail",
                "List accessible volumes with details",
            ),
            op(
                Method::Post,
                "/v3/{project_id}/attachments",
                "Create attachment",
            ),
            op(
                Method::Get,
                "/v3/{project_id}/types/{volume_type_id}/extra_specs/{key}",
                "Show extra specification for volume type",
            ),
            op(
                Method::Get,
                "/v3/{project_id}/volumes/{volume_id}/metadata/{key}",
                "Show a volume's metadata for a specific key",
            ),
            op(
                Method::Put,
                "/v3/{project_id}/clusters/disable",
                "Disable cluster",
            ),
            op(Method::Get, "/", "List All Api Versions"),
            op(Method::Get, "/v1/{account}/{container}", "Server info"),
            op(
                Method::Get,
                "/v3/{admin_project_id}/os-quota-sets/{project_id}",
                "Show quotas for a project",
            ),
        ];
        assert_eq!(
            ids(&ops),
            [
                "showVolume",
                "listVolumesDetail",
                "createAttachment",
                "showVolumeTypeExtraSpec",
                "showVolumeMetadataItem",
                "disableCluster",
                "listAllApiVersions",
                "showContainer",
                "showQuotaSet",
            ]
        );
    }

    #[test]
    fn collisions_are_resolved_by_prefix_then_title_then_number() {
        let ops = [
            op(
                Method::Post,
                "/v3/{p}/os-volume-transfer/{transfer_id}/accept",
                "Accept a volume transfer",
            ),
            op(
                Method::Post,
                "/v3/{p}/volume-transfers/{transfer_id}/accept",
                "Accept a volume transfer",
            ),
            op(Method::Post, "/v3/{p}/groups", "Create group"),
            op(
                Method::Post,
                "/v3/{p}/groups/action",
                "Create group from source",
            ),
            op(Method::Get, "/a/{x}", "Show a"),
            op(Method::Get, "/a/{y}/{z}", "Show a"),
        ];
        assert_eq!(
            ids(&ops),
            [
                "acceptOsVolumeTransfer",
                "acceptVolumeTransfer",
                "createGroup",
                "createGroupFromSource",
                "showA",
                "showA2",
            ]
        );
    }

    #[test]
    fn action_endpoints_and_their_actions() {
        let ops = [
            op(
                Method::Post,
                "/v3/{p}/volumes/{volume_id}/action",
                "Extend a volume size",
            ),
            op(
                Method::Post,
                "/v3/{p}/volumes/{volume_id}/action",
                "Reset a volume's statuses",
            ),
        ];
        let group = Group {
            path: ops[0].path.clone(),
            method: Method::Post,
            variants: ops
                .iter()
                .map(|o| Variant {
                    op: o,
                    renames: Default::default(),
                })
                .collect(),
        };
        assert_eq!(assign(&[group]), ["volumeAction"]);
        let resource = action_resource("/v3/{p}/types/{volume_type}/action");
        assert_eq!(resource, "volume_type");
        assert_eq!(action_id("volume", "os-extend"), "volumeExtend");
        assert_eq!(action_id("server", "createImage"), "serverCreateImage");
        assert_eq!(action_id("volume", "os-reset_status"), "volumeResetStatus");
        assert_eq!(
            action_id("volume", "os-volume_upload_image"),
            "volumeUploadImage"
        );
        assert_eq!(
            action_id("server", "getSPICEConsole"),
            "serverGetSpiceConsole"
        );
    }
}
