//! Microversion statements in prose: "Available starting in the 3.27
//! microversion.", "New in version 2.49", ".. versionadded:: 2.17",
//! "These will fail with a 404 starting from microversion 2.36."
//!
//! Deliberately conservative. A sentence counts only when the version
//! ends it and everything before the version is a known phrase about the
//! API itself; "Since microversion 2.77, allowed request body schema are …"
//! describes a change in behaviour, not the operation's range, and is
//! ignored.

use crate::microversion::Microversion;

/// Which operations a statement is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The operation (or, at tag level, every operation of the tag).
    All,
    /// Operations whose summary is one of these names.
    Named(Vec<String>),
    /// Every operation of the tag except these.
    AllExcept(Vec<String>),
}

impl Scope {
    /// Whether an operation with this summary is covered.
    pub fn covers(&self, summary: &str) -> bool {
        let eq = |n: &String| n.trim().eq_ignore_ascii_case(summary.trim());
        match self {
            Scope::All => true,
            Scope::Named(names) => names.iter().any(eq),
            Scope::AllExcept(names) => !names.iter().any(eq),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fact {
    Min(Microversion),
    Max(Microversion),
    Deprecated,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub scope: Scope,
    pub fact: Fact,
}

/// Statements found in a piece of prose (RST inline markup allowed).
pub fn statements(text: &str) -> Vec<Statement> {
    let normalized = text.split_whitespace().collect::<Vec<_>>().join(" ");
    sentences(&normalized)
        .into_iter()
        .flat_map(classify)
        .collect()
}

fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if matches!(c, '.' | '!' | '?' | ';') {
            let next = chars.get(k + 1).map(|&(_, n)| n);
            if next.is_none_or(char::is_whitespace) {
                out.push(&text[start..i]);
                start = i + c.len_utf8();
            }
        }
    }
    out.push(&text[start..]);
    out.into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

const SUBJECTS: &[&str] = &[
    "this api",
    "this operation",
    "this method",
    "this action",
    "this call",
    "this request",
    "this endpoint",
    "this resource",
    "this extension",
    "these apis",
    "these operations",
    "these methods",
    "these actions",
    "these calls",
    "these endpoints",
    "these",
    "they",
    "it",
];

fn classify(sentence: &str) -> Vec<Statement> {
    let out = classify_clause(sentence);
    if !out.is_empty() {
        return out;
    }
    // "Lists all resource filters, available since microversion 3.33.":
    // the range is stated in the last clause.
    match sentence.rsplit_once(',') {
        Some((_, clause)) if !clause.trim().is_empty() => classify_clause(clause),
        _ => out,
    }
}

fn classify_clause(sentence: &str) -> Vec<Statement> {
    let mut out = Vec::new();
    let s = sentence
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .trim();
    let (scope, rest, explicit) = subject(s);
    let rest = rest.to_ascii_lowercase();
    // Borrowed from `rest`: every clause of every description is read
    // here (8,000 words of Cinder, each a `String` before).
    let mut words: Vec<&str> = rest
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| "`'\"*,:()".contains(c)))
        .filter(|w| !w.is_empty())
        .collect();
    // Leading verbs carry no meaning here.
    for lead in [
        &["has", "been"][..],
        &["have", "been"],
        &["will", "be"],
        &["is"],
        &["are"],
        &["was"],
        &["were"],
        &["only"],
    ] {
        if words.len() >= lead.len() && words.iter().zip(lead.iter()).all(|(w, l)| w == l) {
            words.drain(..lead.len());
        }
    }
    if explicit && words.first().is_some_and(|w| *w == "deprecated") {
        out.push(Statement {
            scope: scope.clone(),
            fact: Fact::Deprecated,
        });
    }
    // "… 3.62 or higher": the open end says nothing more than "from".
    for tail in [
        &["or", "higher"][..],
        &["or", "later"],
        &["and", "later"],
        &["and", "higher"],
        &["or", "above"],
        &["and", "above"],
        &["onwards"],
        &["onward"],
    ] {
        if words.len() > tail.len()
            && words[words.len() - tail.len()..]
                .iter()
                .zip(tail)
                .all(|(w, t)| w == t)
        {
            words.truncate(words.len() - tail.len());
            break;
        }
    }
    // The version must end the sentence, give or take "microversion".
    while words
        .last()
        .is_some_and(|w| matches!(*w, "microversion" | "microversions" | "version" | "api"))
    {
        words.pop();
    }
    let Some(version) = words.last().and_then(|w| version_token(w)) else {
        return out;
    };
    words.pop();
    let phrase: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| {
            !matches!(
                *w,
                "the"
                    | "a"
                    | "an"
                    | "api"
                    | "microversion"
                    | "micro-version"
                    | "version"
                    | "http"
                    | "compute"
                    | "volume"
            )
        })
        .collect();
    let fact = if is_min_phrase(&phrase) {
        Some(Fact::Min(version))
    } else {
        match max_phrase(&phrase) {
            Some(true) => Some(Fact::Max(version)),
            // "removed in 2.36" / "fails from 2.36": the last good one is 2.35.
            Some(false) => version
                .minor
                .checked_sub(1)
                .map(|m| Fact::Max(Microversion::new(version.major, m))),
            None => None,
        }
    };
    out.extend(fact.map(|fact| Statement { scope, fact }));
    out
}

/// Splits off the sentence's subject. The flag says whether the subject
/// was written out ("This API …") rather than implied.
fn subject(s: &str) -> (Scope, &str, bool) {
    let lower = s.to_ascii_lowercase();
    for prefix in [
        "everything except for ",
        "everything except ",
        "all except for ",
        "all except ",
        "all operations except for ",
        "all operations except ",
        "all apis except for ",
        "all apis except ",
    ] {
        if lower.starts_with(prefix) {
            let after = &s[prefix.len()..];
            let split = verb_start(after);
            let (names_part, rest) = after.split_at(split);
            return (Scope::AllExcept(quoted_names(names_part)), rest, true);
        }
    }
    if s.starts_with(['`', '"', '\'']) {
        let split = verb_start(s);
        let (names_part, rest) = s.split_at(split);
        let names = quoted_names(names_part);
        if !names.is_empty() {
            return (Scope::Named(names), rest, true);
        }
    }
    for subj in SUBJECTS {
        if lower.starts_with(subj) && lower[subj.len()..].starts_with(' ') {
            return (Scope::All, &s[subj.len()..], true);
        }
    }
    (Scope::All, s, false)
}

/// Byte offset of the verb after a list of names (" is ", " are ").
fn verb_start(s: &str) -> usize {
    let lower = s.to_ascii_lowercase();
    [
        " is ", " are ", " was ", " were ", " has ", " have ", " will ",
    ]
    .iter()
    .filter_map(|v| lower.find(v))
    .min()
    .unwrap_or(s.len())
}

/// The `quoted` or ``literal`` names in a subject.
fn quoted_names(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find(['`', '"', '\'']) {
        let q = rest[open..].chars().next().unwrap_or('`');
        let body = rest[open..].trim_start_matches(q);
        let Some(close) = body.find(q) else { break };
        let name = body[..close].trim();
        if !name.is_empty() {
            out.push(name.to_string());
        }
        rest = body[close..].trim_start_matches(q);
    }
    out
}

fn version_token(w: &str) -> Option<Microversion> {
    let t = w
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .trim_start_matches(['v', 'V']);
    if !t.contains('.') {
        return None;
    }
    t.parse().ok()
}

fn is_min_phrase(p: &[&str]) -> bool {
    let mut i = 0;
    let verb = p.first().is_some_and(|w| {
        matches!(
            *w,
            "new" | "available" | "introduced" | "added" | "supported"
        )
    });
    if verb {
        i += 1;
    }
    let starting = p.get(i) == Some(&"starting");
    if starting {
        i += 1;
    }
    let prep = match &p[i.min(p.len())..] {
        ["in"] | ["since"] | ["from"] | ["with"] | ["as", "of"] => true,
        [] => false,
        _ => return false,
    };
    // "Since microversion 2.49." alone; otherwise a verb or "starting" and a preposition.
    (prep && (verb || starting)) || p == ["since"]
}

/// `Some(inclusive)` for phrases that end the range.
fn max_phrase(p: &[&str]) -> Option<bool> {
    match p {
        ["removed", "in" | "as" | "since" | "from"]
        | ["removed", "as", "of"]
        | ["removed", "starting", "in" | "with" | "from"] => Some(false),
        ["available" | "supported", "until" | "through" | "up", ..]
        | ["until" | "max" | "maximum"]
        | ["up", "to"] => (p
            .last()
            .is_some_and(|w| matches!(*w, "until" | "through" | "to" | "max" | "maximum")))
        .then_some(true),
        _ => {
            let fails = p.iter().any(|w| matches!(*w, "fail" | "fails")) && p.contains(&"404");
            let ends = matches!(
                p,
                [.., "starting", "from" | "with" | "in"]
                    | [.., "from" | "since"]
                    | [.., "as", "of"]
            );
            (fails && ends).then_some(false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mv(s: &str) -> Microversion {
        s.parse().unwrap()
    }

    fn facts(text: &str) -> Vec<Fact> {
        statements(text).into_iter().map(|s| s.fact).collect()
    }

    #[test]
    fn minimum_phrases() {
        assert_eq!(
            facts("Deletes an attachment.\n\nAvailable starting in the 3.27 microversion."),
            [Fact::Min(mv("3.27"))]
        );
        assert_eq!(facts("New in version 2.49"), [Fact::Min(mv("2.49"))]);
        assert_eq!(facts("(New in version 2.73)"), [Fact::Min(mv("2.73"))]);
        assert_eq!(
            facts("This API is available starting with microversion 2.53."),
            [Fact::Min(mv("2.53"))]
        );
        assert_eq!(
            facts("This API was introduced in microversion 2.81."),
            [Fact::Min(mv("2.81"))]
        );
        assert_eq!(facts("Since microversion 2.60."), [Fact::Min(mv("2.60"))]);
        assert_eq!(
            facts("Added in microversion ``2.20``."),
            [Fact::Min(mv("2.20"))]
        );
    }

    #[test]
    fn ranges_in_a_trailing_clause_or_with_an_open_end() {
        assert_eq!(
            facts("Lists all resource filters, available since\nmicroversion 3.33."),
            [Fact::Min(mv("3.33"))]
        );
        assert_eq!(
            facts("Available in microversion 3.62 or higher."),
            [Fact::Min(mv("3.62"))]
        );
        assert_eq!(facts("Lists volumes, sorted by name."), []);
    }

    #[test]
    fn maximum_phrases() {
        assert_eq!(
            facts("Removed in microversion 2.36."),
            [Fact::Max(mv("2.35"))]
        );
        assert_eq!(
            facts("Available until microversion 2.87."),
            [Fact::Max(mv("2.87"))]
        );
        assert_eq!(
            facts("These will fail with a 404 starting from microversion 2.36."),
            [Fact::Max(mv("2.35"))]
        );
        assert_eq!(
            facts(
                "This API is deprecated and will fail with HTTP 404 starting with microversion\n 2.36."
            ),
            [Fact::Deprecated, Fact::Max(mv("2.35"))]
        );
    }

    #[test]
    fn behaviour_changes_are_not_ranges() {
        for s in [
            "Since microversion 2.77, allowed request body schema are changed.",
            "Starting from microversion 2.59, the response is sorted by ``created_at``.",
            "Lists all attachments with details. Since v3.31 if non-admin users specify invalid filters in the url, API will return bad request.",
            "From v2.20 attach a volume to an instance in SHELVED state is allowed.",
            "Starting with microversion 2.53 this API is superseded by os-services.",
            "Action ``force-down`` available as of microversion 2.11.",
            "Generating a keypair is no longer possible starting from version 2.92.",
            "The v3.67 microversion is only used as an indicator.",
            "Normal response codes: 200 (microversions 2.0 - 2.100), 202 (microversion 2.101 - )",
        ] {
            assert_eq!(facts(s), [], "{s}");
        }
    }

    #[test]
    fn deprecation() {
        assert_eq!(
            facts("This API is deprecated starting with microversion 2.53. Use the other one."),
            [Fact::Deprecated]
        );
        assert_eq!(facts("Deprecated parameters are listed."), []);
    }

    #[test]
    fn tag_level_scopes() {
        let st = statements(
            "Everything except for `Complete attachment` is new as of the 3.27\n          microversion. `Complete attachment` is new as of the 3.44\n          microversion.",
        );
        assert_eq!(st.len(), 2, "{st:?}");
        assert_eq!(st[0].fact, Fact::Min(mv("3.27")));
        assert!(st[0].scope.covers("Create attachment"));
        assert!(!st[0].scope.covers("Complete attachment"));
        assert_eq!(st[1].fact, Fact::Min(mv("3.44")));
        assert!(st[1].scope.covers("complete attachment"));
        assert!(!st[1].scope.covers("Create attachment"));
    }
}
