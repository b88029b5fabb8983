//! The one redactor every string passes through before it reaches a
//! terminal, a log or a report: the run's secrets (token, password, values
//! of secret-named extra headers) by value, and the values of secret-named
//! headers (`X-Auth-Token`, `Authorization`, `X-Api-Key`, …) and
//! `password`/`token`-like JSON members by shape, whatever they are.

use std::collections::BTreeMap;

pub const MASK: &str = "[REDACTED]";

#[derive(Clone, Debug, Default)]
pub struct Redactor {
    secrets: Vec<String>,
}

/// A header whose name contains one of these (case-insensitively) carries
/// a secret: `X-Auth-Token`, `X-Subject-Token`, `Authorization`,
/// `X-Api-Key`, `X-Client-Secret`, ….
const SECRET_HEADER_WORDS: [&str; 5] = ["token", "secret", "password", "key", "authorization"];

/// Whether the value of header `name` is a secret.
pub fn is_secret_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_HEADER_WORDS.iter().any(|w| lower.contains(w))
}
/// JSON member names whose string values are secrets.
const SECRET_MEMBERS: [&str; 4] = ["password", "token", "secret", "auth_token"];

impl Redactor {
    pub fn new() -> Redactor {
        Redactor::default()
    }

    /// Registers a secret value; values shorter than 4 characters are too
    /// likely to occur innocently and are masked by shape only.
    pub fn add_secret(&mut self, secret: &str) {
        let secret = secret.trim();
        if secret.chars().count() >= 4 && !self.secrets.iter().any(|s| s == secret) {
            self.secrets.push(secret.to_string());
            // Longest first, so a secret containing another is masked whole.
            self.secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
    }

    /// Registers the values of the secret-named headers among `headers`.
    pub fn add_header_secrets(&mut self, headers: &BTreeMap<String, String>) {
        for (name, value) in headers {
            if is_secret_header(name) {
                self.add_secret(value);
            }
        }
    }

    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_string();
        for s in &self.secrets {
            if out.contains(s.as_str()) {
                out = out.replace(s.as_str(), MASK);
            }
        }
        let out = mask_headers(&out);
        mask_members(&out)
    }
}

/// A secret's prefix this long or longer, left at the end of a cut text,
/// is masked too: it is most of the secret (shorter ones are too likely
/// to be ordinary text).
pub const MIN_PREFIX: usize = 8;

impl Redactor {
    /// The first `max_chars` characters of `text`, for a message. Redacts
    /// the whole text *before* cutting it (a secret across the cut would
    /// otherwise leave its start behind), then masks a tail that is the
    /// start of a secret, [`MIN_PREFIX`] characters or more.
    pub fn snippet(&self, text: &str, max_chars: usize) -> String {
        let whole = self.redact(text);
        let Some((cut, _)) = whole.char_indices().nth(max_chars) else {
            return whole;
        };
        let mut out = self.mask_cut_prefix(&whole[..cut]);
        out.push('…');
        out
    }

    /// `text` with a trailing prefix of a registered secret masked.
    fn mask_cut_prefix(&self, text: &str) -> String {
        for secret in &self.secrets {
            // Longest prefix first; never the whole secret (already gone).
            let ends: Vec<usize> = secret
                .char_indices()
                .map(|(i, _)| i)
                .skip(MIN_PREFIX)
                .collect();
            for &end in ends.iter().rev() {
                if let Some(kept) = text.strip_suffix(&secret[..end]) {
                    return format!("{kept}{MASK}");
                }
            }
        }
        text.to_string()
    }
}

/// `X-Auth-Token: value`, `X-Api-Key:value`, … (to the end of the line).
fn mask_headers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match secret_header_end(line) {
            Some(end) => {
                out.push_str(&line[..end]);
                out.push(' ');
                out.push_str(MASK);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// The byte offset just past the colon of the first `Name:` in `line`
/// that looks like a secret header: a run of letters, digits and `-` that
/// starts the line or follows a space or quote (so `snapshot_metadata_key:`
/// or `/a/key:` in a message are not headers) and names a secret.
fn secret_header_end(line: &str) -> Option<usize> {
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '-';
    line.char_indices()
        .filter(|&(_, c)| c == ':')
        .find_map(|(colon, _)| {
            let before = &line[..colon];
            let start = before
                .char_indices()
                .rev()
                .take_while(|&(_, c)| is_name(c))
                .last()
                .map(|(at, _)| at)?;
            let boundary = before[..start]
                .chars()
                .next_back()
                .is_none_or(|c| c.is_whitespace() || matches!(c, '\'' | '"' | '(' | '[' | ','));
            (boundary && is_secret_header(&before[start..])).then_some(colon + 1)
        })
}

/// `"password": "value"` (also with escaped quotes, as in a JSON string
/// inside JSON) → `"password": "[REDACTED]"`.
fn mask_members(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'scan: while !rest.is_empty() {
        let lower = rest.to_ascii_lowercase();
        let next = SECRET_MEMBERS
            .iter()
            .filter_map(|m| {
                lower
                    .find(&format!("{m}\\\""))
                    .map(|at| (at, m.len() + 2))
                    .or_else(|| lower.find(&format!("{m}\"")).map(|at| (at, m.len() + 1)))
            })
            .min();
        let Some((at, len)) = next else { break };
        let after_name = at + len;
        out.push_str(&rest[..after_name]);
        rest = &rest[after_name..];
        // `: "` with optional spaces and backslashes before the quote.
        let trimmed = rest.trim_start_matches([' ', ':']);
        let colon = rest.len() - trimmed.len();
        if !rest[..colon].contains(':') {
            continue 'scan;
        }
        let escaped = trimmed.starts_with("\\\"");
        let Some(value) = trimmed.strip_prefix(if escaped { "\\\"" } else { "\"" }) else {
            continue 'scan;
        };
        let quote = if escaped { "\\\"" } else { "\"" };
        // The value ends at the first quote not preceded by a backslash
        // (for the escaped form: the first `\"`).
        let end = if escaped {
            value.find(quote)
        } else {
            let bytes = value.as_bytes();
            (0..bytes.len()).find(|&i| bytes[i] == b'"' && (i == 0 || bytes[i - 1] != b'\\'))
        };
        let Some(end) = end else { break };
        out.push_str(&rest[..colon]);
        out.push_str(quote);
        out.push_str(MASK);
        out.push_str(quote);
        rest = &value[end + quote.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_registered_secrets_everywhere() {
        let mut r = Redactor::new();
        r.add_secret("tok-SECRET-1234");
        r.add_secret("ab"); // too short to mask by value
        let text = "GET /v3/x?t=tok-SECRET-1234 failed (tok-SECRET-1234) ab";
        assert_eq!(
            r.redact(text),
            "GET /v3/x?t=[REDACTED] failed ([REDACTED]) ab"
        );
    }

    #[test]
    fn masks_headers_and_members_by_shape() {
        let r = Redactor::new();
        assert_eq!(
            r.redact("x-auth-token: abc def\nnext"),
            "x-auth-token: [REDACTED]\nnext"
        );
        assert_eq!(
            r.redact("X-Subject-Token:zzz"),
            "X-Subject-Token: [REDACTED]"
        );
        assert_eq!(
            r.redact(r#"{"user": {"name": "u", "password": "p\"w"}, "x": 1}"#),
            r#"{"user": {"name": "u", "password": "[REDACTED]"}, "x": 1}"#
        );
        assert_eq!(
            r.redact(r#"{"body": "{\"password\": \"pw\"}"}"#),
            r#"{"body": "{\"password\": \"[REDACTED]\"}"}"#
        );
        assert_eq!(
            r.redact(r#"{"password_hint": "x", "token": 12}"#),
            r#"{"password_hint": "x", "token": 12}"#
        );
    }

    #[test]
    fn masks_any_secret_named_header_by_shape() {
        let r = Redactor::new();
        for (text, want) in [
            ("X-Api-Key: k123", "X-Api-Key: [REDACTED]"),
            (
                "sent -H 'X-Client-Secret:s3'",
                "sent -H 'X-Client-Secret: [REDACTED]",
            ),
            ("Authorization: Bearer abc", "Authorization: [REDACTED]"),
            ("x-db-password: pw\nok", "x-db-password: [REDACTED]\nok"),
            // Not headers: an identifier, a JSON pointer, a harmless header.
            (
                "get_snapshot_metadata_key: needs x",
                "get_snapshot_metadata_key: needs x",
            ),
            (
                "schema: /meta/key: wrong type",
                "schema: /meta/key: wrong type",
            ),
            ("X-Service-Roles: service", "X-Service-Roles: service"),
        ] {
            assert_eq!(r.redact(text), want, "{text}");
        }
    }

    #[test]
    fn secret_named_header_values_are_masked_by_value() {
        let mut r = Redactor::new();
        let headers: BTreeMap<String, String> = [
            ("X-Api-Key".to_string(), "key-VALUE-42".to_string()),
            ("X-Service-Roles".to_string(), "service".to_string()),
        ]
        .into();
        r.add_header_secrets(&headers);
        assert_eq!(
            r.redact("GET /x?k=key-VALUE-42 as service"),
            "GET /x?k=[REDACTED] as service"
        );
        assert!(is_secret_header("X-AUTH-TOKEN"));
        assert!(!is_secret_header("X-Service-Roles"));
    }

    #[test]
    fn snippets_are_redacted_before_the_cut() {
        let mut r = Redactor::new();
        let token = "tok-VERY-SECRET-4242";
        r.add_secret(token);
        // The token straddles character 300: before the fix its first
        // characters survived the cut, unmasked.
        for at in [280, 285, 292, 299, 300] {
            let text = format!("{}{token} and more", "x".repeat(at));
            let cut = r.snippet(&text, 300);
            for len in MIN_PREFIX..token.len() {
                assert!(!cut.contains(&token[..len]), "{at}: {cut}");
            }
            assert!(cut.chars().count() <= 300 + MASK.len() + 1, "{at}");
        }
        // Ordinary text shorter than the limit is left whole.
        assert_eq!(r.snippet("short body", 300), "short body");
        // A short common start is not a secret's prefix.
        let cut = r.snippet(&format!("{}tok-VXXXXXXXXXX", "y".repeat(295)), 300);
        assert!(cut.ends_with("tok-V…"), "{cut}");
    }

    #[test]
    fn odd_text_does_not_panic() {
        let r = Redactor::new();
        for t in [
            "password\"",
            "password\": \"unterminated",
            "é x-auth-token:é",
            ":",
            "é:key:é",
            "-:",
            "\"token\"::",
            "",
        ] {
            let _ = r.redact(t);
        }
    }
}
