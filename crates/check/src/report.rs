//! Results of a run and their renderings: a human table, JSON and JUnit
//! XML. Every rendering passes through the run's [`Redactor`] last, so no
//! secret reaches any output whatever a message quoted.

use std::time::Duration;

use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};
use serde::Serialize;
use speclift_diag::counted;

use crate::redact::Redactor;
use crate::table::{self, Table};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Matched the documentation.
    Pass,
    /// Matched, with drift (undocumented fields) noted.
    Warn,
    /// Disagreed with the documentation.
    Fail,
    /// The request could not be completed (timeout, connection refused).
    Error,
    /// Skipped by the plan or the scenario, with a reason.
    Skip,
    /// Not reached: a prerequisite failed, the deadline passed or the run
    /// was interrupted.
    NotRun,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Warn => "warn",
            Verdict::Fail => "FAIL",
            Verdict::Error => "ERROR",
            Verdict::Skip => "skip",
            Verdict::NotRun => "not run",
        }
    }

    /// Whether the operation counts as passed for the exit status.
    pub fn is_ok(self) -> bool {
        matches!(self, Verdict::Pass | Verdict::Warn | Verdict::Skip)
    }
}

/// One checked operation.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub operation_id: String,
    pub method: String,
    pub path: String,
    /// Documented success codes, e.g. `202` or `200|202`.
    pub expected: String,
    /// What happened: a status code, `timeout`, `connection refused`, ….
    pub got: String,
    pub verdict: Verdict,
    pub millis: u64,
    /// Why it failed, or why it was skipped or not run.
    pub failures: Vec<String>,
    /// Drift and other notes that do not fail it.
    pub warnings: Vec<String>,
}

/// Removing one resource the run created.
#[derive(Clone, Debug, Serialize)]
pub struct CleanupOutcome {
    pub resource: String,
    pub ok: bool,
    pub message: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub title: String,
    pub outcomes: Vec<Outcome>,
    /// Fixture (setup) problems; any makes the run fail.
    pub setup_errors: Vec<String>,
    pub cleanup: Vec<CleanupOutcome>,
    /// Why the run stopped early (signal, deadline), if it did.
    pub interrupted: Option<String>,
    #[serde(skip)]
    pub redactor: Redactor,
}

impl Report {
    pub fn new(title: &str, redactor: Redactor) -> Report {
        Report {
            title: title.to_string(),
            outcomes: Vec::new(),
            setup_errors: Vec::new(),
            cleanup: Vec::new(),
            interrupted: None,
            redactor,
        }
    }

    /// True when every checked operation passed, setup worked, everything
    /// created was removed and nothing interrupted the run.
    pub fn passed(&self) -> bool {
        self.outcomes.iter().all(|o| o.verdict.is_ok())
            && self.setup_errors.is_empty()
            && self.cleanup.iter().all(|c| c.ok)
            && self.interrupted.is_none()
    }

    /// 0 when [`Report::passed`], else 1.
    pub fn exit_code(&self) -> i32 {
        if self.passed() { 0 } else { 1 }
    }

    pub fn count(&self, verdict: Verdict) -> usize {
        self.outcomes
            .iter()
            .filter(|o| o.verdict == verdict)
            .count()
    }

    /// The final table and summary, within [`table::WIDTH`] columns: the
    /// operation comes last and wraps, as do failure and warning lines.
    /// Each piece is redacted before it is wrapped, so a line break can
    /// never split a secret past the redactor.
    pub fn render_table(&self) -> String {
        let clean = |s: &str| speclift_diag::printable(&self.redactor.redact(s)).into_owned();
        let headers = ["verdict", "expected", "got", "time", "operation"];
        let rows: Vec<[String; 5]> = self
            .outcomes
            .iter()
            .map(|o| {
                [
                    o.verdict.label().to_string(),
                    clean(&o.expected),
                    clean(&o.got),
                    format!("{} ms", o.millis),
                    clean(&format!("{} {} ({})", o.method, o.path, o.operation_id)),
                ]
            })
            .collect();
        let layout = Table::fit(&headers, &rows);
        let mut out = layout.row(&headers.map(str::to_string));
        for (row, o) in rows.iter().zip(&self.outcomes) {
            out.push_str(&layout.row(row));
            for f in &o.failures {
                out.push_str(&table::paragraph("    - ", &clean(f)));
            }
            for w in &o.warnings {
                out.push_str(&table::paragraph("    ~ ", &clean(w)));
            }
        }
        for e in &self.setup_errors {
            out.push_str(&table::paragraph("setup error: ", &clean(e)));
        }
        for c in self.cleanup.iter().filter(|c| !c.ok) {
            let what = format!("{}: {}", c.resource, c.message);
            out.push_str(&table::paragraph("NOT CLEANED UP: ", &clean(&what)));
        }
        if let Some(why) = &self.interrupted {
            out.push_str(&table::paragraph("interrupted: ", &clean(why)));
        }
        let verdicts = format!(
            "{}: {} passed, {} with warnings, {} failed, {}, {} skipped, {} not run",
            counted(self.outcomes.len(), "operation"),
            self.count(Verdict::Pass),
            self.count(Verdict::Warn),
            self.count(Verdict::Fail),
            counted(self.count(Verdict::Error), "error"),
            self.count(Verdict::Skip),
            self.count(Verdict::NotRun),
        );
        let cleanup = format!(
            "cleanup: {} of {} removed",
            self.cleanup.iter().filter(|c| c.ok).count(),
            self.cleanup.len(),
        );
        // One line when it fits, else broken between its two halves, never
        // inside one (scripts look for `cleanup: N of M removed`).
        let joint = if verdicts.len() + 2 + cleanup.len() <= table::WIDTH {
            "; "
        } else {
            ";\n"
        };
        out.push_str(&format!("{verdicts}{joint}{cleanup}\n"));
        // Belt and braces: the whole text once more, as before wrapping.
        speclift_diag::printable(&self.redactor.redact(&out)).into_owned()
    }

    pub fn to_json(&self) -> String {
        let text = serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        self.redactor.redact(&text) + "\n"
    }

    /// JUnit XML: one test case per operation; setup errors and cleanup
    /// leftovers as failed cases of their own, so CI shows them.
    pub fn to_junit(&self) -> String {
        let mut report = quick_junit::Report::new("speclift check");
        let mut suite = TestSuite::new(self.title.as_str());
        let mut total = Duration::ZERO;
        for o in &self.outcomes {
            let status = match o.verdict {
                Verdict::Pass | Verdict::Warn => TestCaseStatus::success(),
                Verdict::Skip => {
                    let mut s = TestCaseStatus::skipped();
                    if let Some(reason) = o.failures.first() {
                        s.set_message(reason.as_str());
                    }
                    s
                }
                Verdict::Fail | Verdict::Error | Verdict::NotRun => {
                    let kind = if o.verdict == Verdict::Fail {
                        NonSuccessKind::Failure
                    } else {
                        NonSuccessKind::Error
                    };
                    let mut s = TestCaseStatus::non_success(kind);
                    let first = o.failures.first().map(String::as_str).unwrap_or("");
                    let short: String = first.chars().take(160).collect();
                    s.set_message(format!("expected {}, got {}: {short}", o.expected, o.got));
                    s.set_type(o.verdict.label().to_lowercase());
                    s.set_description(o.failures.join("\n"));
                    s
                }
            };
            let mut case = TestCase::new(format!("{} {}", o.method, o.path), status);
            case.set_classname(o.operation_id.as_str());
            let time = Duration::from_millis(o.millis);
            total += time;
            case.set_time(time);
            if !o.warnings.is_empty() {
                case.set_system_out(o.warnings.join("\n"));
            }
            suite.add_test_case(case);
        }
        for e in &self.setup_errors {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Error);
            s.set_message(e.as_str());
            let mut case = TestCase::new("setup", s);
            case.set_time(Duration::ZERO);
            suite.add_test_case(case);
        }
        for c in self.cleanup.iter().filter(|c| !c.ok) {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Error);
            s.set_message(format!("not cleaned up: {}", c.message));
            let mut case = TestCase::new(format!("cleanup {}", c.resource), s);
            case.set_time(Duration::ZERO);
            suite.add_test_case(case);
        }
        suite.set_time(total);
        report.add_test_suite(suite);
        let xml = report
            .to_string()
            .unwrap_or_else(|e| format!("<!-- could not render JUnit XML: {e} -->\n"));
        let xml = without_root_skipped(&xml).unwrap_or(xml);
        self.redactor.redact(&xml)
    }
}

/// `<testsuites … skipped="N" …>` without that attribute. quick-junit adds
/// it as its own extension, but the de-facto schema (Jenkins' junit-10.xsd,
/// which pytest and Surefire output follow, and which Jenkins' xUnit plugin
/// validates against) allows `skipped` only on `<testsuite>`.
fn without_root_skipped(xml: &str) -> Option<String> {
    let root = xml.find("<testsuites ")?;
    let end = root + xml[root..].find('>')?;
    let attr = root + xml[root..end].find(" skipped=\"")?;
    let value = attr + " skipped=\"".len();
    let close = value + xml[value..end].find('"')?;
    Some(format!("{}{}", &xml[..attr], &xml[close + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(verdict: Verdict) -> Outcome {
        Outcome {
            operation_id: "op".into(),
            method: "GET".into(),
            path: "/x".into(),
            expected: "200".into(),
            got: "500".into(),
            verdict,
            millis: 3,
            failures: vec!["boom secret-token-1".into()],
            warnings: vec![],
        }
    }

    #[test]
    fn exit_status_follows_verdicts_and_cleanup() {
        let mut r = Report::new("t", Redactor::new());
        r.outcomes.push(outcome(Verdict::Pass));
        r.outcomes.push(outcome(Verdict::Skip));
        assert_eq!(r.exit_code(), 0);
        r.cleanup.push(CleanupOutcome {
            resource: "x".into(),
            ok: false,
            message: "409".into(),
        });
        assert_eq!(r.exit_code(), 1);
        r.cleanup.clear();
        r.outcomes.push(outcome(Verdict::NotRun));
        assert_eq!(r.exit_code(), 1);
    }

    #[test]
    fn the_table_fits_100_columns() {
        let mut r = Report::new("t", Redactor::new());
        let mut o = outcome(Verdict::Error);
        o.path = "/v3/{project_id}/attachments/{attachment_id}/action".into();
        o.operation_id = "post_v3_project_id_attachments_attachment_id_action@3.44".into();
        o.got = "connection error".into();
        o.failures = vec![format!(
            "could not connect: error sending request for url (http://127.0.0.1:9{}): \
             client error (Connect): tcp connect error: Connection refused (os error 111)",
            o.path
        )];
        r.outcomes.push(o);
        r.setup_errors.push("fixture `volume`: ".repeat(10));
        let text = r.render_table();
        for line in text.lines() {
            assert!(
                line.chars().count() <= 100,
                "{} columns:\n{text}",
                line.len()
            );
        }
        // Nothing is lost to the wrapping.
        let words: String = text.split_whitespace().collect();
        assert!(words.contains("post_v3_project_id_attachments_attachment_id_action@3.44"));
        assert!(words.contains("(oserror111)"), "{text}");
        assert!(text.starts_with("verdict  expected  got"), "{text}");
    }

    #[test]
    fn every_rendering_is_redacted() {
        let mut red = Redactor::new();
        red.add_secret("secret-token-1");
        let mut r = Report::new("t", red);
        r.outcomes.push(outcome(Verdict::Fail));
        for text in [r.render_table(), r.to_json(), r.to_junit()] {
            assert!(!text.contains("secret-token-1"), "{text}");
            assert!(text.contains("[REDACTED]"), "{text}");
        }
    }

    #[test]
    fn root_skipped_is_removed_and_nothing_else() {
        let xml = r#"<?xml version="1.0"?>
<testsuites name="n" tests="1" skipped="0" failures="0" errors="0">
    <testsuite name="s" tests="1" skipped="0" errors="0" failures="0">"#;
        let want = r#"<?xml version="1.0"?>
<testsuites name="n" tests="1" failures="0" errors="0">
    <testsuite name="s" tests="1" skipped="0" errors="0" failures="0">"#;
        assert_eq!(super::without_root_skipped(xml).as_deref(), Some(want));
        assert_eq!(super::without_root_skipped(want), None);
    }
}
