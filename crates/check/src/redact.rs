//! The one redactor every string passes through before it reaches a
//! terminal, a log or a report: the run's secrets (token, password) by
//! value, and the values of `X-Auth-Token`/`X-Subject-Token` headers and
//! `password`/`token`-like JSON members by shape, whatever they are.

pub const MASK: &str = "[REDACTED]";

#[derive(Clone, Debug, Default)]
pub struct Redactor {
    secrets: Vec<String>,
}

/// Header names whose values are secrets (compared case-insensitively).
const SECRET_HEADERS: [&str; 3] = ["x-auth-token", "x-subject-token", "authorization"];
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

/// `X-Auth-Token: value` (to the end of the line).
fn mask_headers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let lower = line.to_ascii_lowercase();
        let hit = SECRET_HEADERS
            .iter()
            .filter_map(|h| lower.find(&format!("{h}:")).map(|at| at + h.len() + 1))
            .min();
        match hit {
            Some(end) if line.is_char_boundary(end) => {
                out.push_str(&line[..end]);
                out.push(' ');
                out.push_str(MASK);
            }
            _ => out.push_str(line),
        }
    }
    out
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
    fn odd_text_does_not_panic() {
        let r = Redactor::new();
        for t in [
            "password\"",
            "password\": \"unterminated",
            "é x-auth-token:é",
            "\"token\"::",
            "",
        ] {
            let _ = r.redact(t);
        }
    }
}
