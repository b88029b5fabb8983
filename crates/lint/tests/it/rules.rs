//! One fixture and one insta snapshot per lint rule: a small os-api-ref
//! tree that lints clean of lint's own rules, and for each rule the edit
//! that makes it fire. The snapshot is the rule's findings as `lint`
//! prints them; [`every_lint_rule_has_a_fixture`] fails by name when a
//! rule has none.

use std::path::Path;

use speclift_lint::{Report, lint_paths, render_human};

const BASE: &[(&str, &str)] = &[
    (
        "index.rst",
        "=========\nThing API\n=========\n\n.. include:: things.inc\n",
    ),
    (
        "things.inc",
        "Things\n======\n\nCreate thing\n~~~~~~~~~~~~\n\n\
         .. rest_method:: POST /v1/{project_id}/things\n\nCreates a thing.\n\n\
         Response codes\n--------------\n\n.. rest_status_code:: success status.yaml\n\n   - 202\n\n\
         Request\n-------\n\n.. rest_parameters:: parameters.yaml\n\n   - project_id: project_id\n   - name: name\n\n\
         Request Example\n---------------\n\n.. literalinclude:: samples/thing-create-req.json\n   :language: javascript\n\n\
         Response Parameters\n-------------------\n\n.. rest_parameters:: parameters.yaml\n\n   - id: id\n\n\
         Response Example\n----------------\n\n.. literalinclude:: samples/thing-create-resp.json\n   :language: javascript\n",
    ),
    (
        "parameters.yaml",
        "project_id:\n  description: The project.\n  in: path\n  required: true\n  type: string\n\
         id:\n  description: The id.\n  in: body\n  required: true\n  type: string\n\
         name:\n  description: The name.\n  in: body\n  required: true\n  type: string\n",
    ),
    ("status.yaml", "202:\n  default: Accepted.\n"),
    ("samples/thing-create-req.json", "{\"name\": \"a\"}\n"),
    ("samples/thing-create-resp.json", "{\"id\": \"1\"}\n"),
];

/// An edit of the base tree: in `file`, replace `from` with `to` (an
/// empty `from` writes `to` as the whole file, creating it).
type Edit = (&'static str, &'static str, &'static str);

/// Each lint rule and the edits that make it fire.
const CASES: &[(&str, &[Edit])] = &[
    (
        "SL001",
        &[("parameters.yaml", "name.\n  in: body", "name.\n  in: bodyy")],
    ),
    (
        "SL002",
        &[(
            "parameters.yaml",
            "The name.\n  in: body\n  required: true\n  type: string\n",
            "The name.\n  in: body\n  required: true\n  type: string\nlimit:\n  description: A query.\n  in: query\n  required: false\n  type: integer\n",
        )],
    ),
    (
        "SL003",
        &[(
            "parameters.yaml",
            "id:\n  description: The id.\n  in: body\n  required: true\n  type: string\nname:\n  description: The name.\n  in: body\n  required: true\n  type: string\n",
            "name:\n  description: The name.\n  in: body\n  required: true\n  type: string\nid:\n  description: The id.\n  in: body\n  required: true\n  type: string\n",
        )],
    ),
    (
        "SL004",
        &[(
            "parameters.yaml",
            "The name.\n  in: body\n  required: true\n  type: string\n",
            "The name.\n  in: body\n  required: true\n",
        )],
    ),
    (
        "SL005",
        &[(
            "parameters.yaml",
            "name:\n  description: The name.",
            "name:\n  description: The name.\n  in: body\n  required: true\n  type: string\nname:\n  description: The name.",
        )],
    ),
    (
        "SL006",
        &[(
            "parameters.yaml",
            "  type: string\nname:",
            "  type: string\nleftover:\n  description: Unused.\n  in: body\n  required: false\n  type: string\nname:",
        )],
    ),
    (
        "SL010",
        &[("things.inc", "   - name: name\n", "   - name: nmae\n")],
    ),
    (
        "SL011",
        &[("things.inc", "   - project_id: project_id\n", "")],
    ),
    (
        "SL012",
        &[(
            "things.inc",
            "POST /v1/{project_id}/things",
            "POST /v1/things",
        )],
    ),
    (
        "SL013",
        &[(
            "things.inc",
            ".. rest_parameters:: parameters.yaml\n\n   - id",
            ".. rest_parameters:: nowhere.yaml\n\n   - id",
        )],
    ),
    (
        "SL014",
        &[(
            "things.inc",
            "   - name: name\n",
            "   - name: name\n   - just_a_word\n",
        )],
    ),
    (
        "SL015",
        &[(
            "things.inc",
            "   - id: id\n",
            "   - id: id\n   - project_id: project_id\n",
        )],
    ),
    (
        "SL016",
        &[
            (
                "things.inc",
                "/things\n\n",
                "/things\n   max_version: 3.10\n\n",
            ),
            (
                "parameters.yaml",
                "The name.\n",
                "The name.\n  min_version: 3.20\n",
            ),
        ],
    ),
    (
        "SL017",
        &[
            (
                "parameters.yaml",
                "The name.\n",
                "The name.\n  min_version: 3.27\n",
            ),
            (
                "parameters.yaml",
                "The id.\n",
                "The id.\n  min_version: 3.27\n",
            ),
        ],
    ),
    ("SL020", &[("samples/thing-create-req.json", "", "{}\n")]),
    (
        "SL021",
        &[(
            "samples/thing-create-req.json",
            "",
            "{\"name\": \"a\", \"colour\": \"red\"}\n",
        )],
    ),
    (
        "SL022",
        &[("samples/thing-create-req.json", "", "{\"name\": \"a\",}\n")],
    ),
    (
        "SL023",
        &[(
            "things.inc",
            "samples/thing-create-req.json",
            "samples/thing-create-request.json",
        )],
    ),
    ("SL024", &[("samples/orphan.json", "", "{\"id\": \"2\"}\n")]),
    (
        "SL030",
        &[("things.inc", "   - 202\n", "   - 202\n   - 203\n")],
    ),
    (
        "SL031",
        &[("things.inc", "   - 202\n", "   - 202\n   - 2020\n")],
    ),
    (
        "SL032",
        &[(
            "things.inc",
            "\nResponse Example\n----------------\n\n.. literalinclude:: samples/thing-create-resp.json\n   :language: javascript\n",
            "",
        )],
    ),
    (
        "SL040",
        &[(
            "things.inc",
            "Creates a thing.\n",
            "Creates a thing.\n\n.. rest_paramters:: parameters.yaml\n",
        )],
    ),
    (
        "SL041",
        &[(
            "things.inc",
            "Creates a thing.\n",
            "Creates a thing.\n\n.. include:: index.rst\n",
        )],
    ),
    (
        "SL042",
        &[(
            "things.inc",
            "Creates a thing.\n",
            "Creates a thing, see `things <#nowhere>`_.\n",
        )],
    ),
    (
        "SL043",
        &[(
            "things.inc",
            "Creates a thing.\n",
            "Creates a thing::\n\nNo literal block follows.\n",
        )],
    ),
    // An index with nothing in it: no API, as gen says too.
    ("SL046", &[("index.rst", "", "")]),
    (
        "SL060",
        &[(".speclift.toml", "", "[lint]\nignore = [\"SL999\"]\n")],
    ),
];

/// Lint rules no fixture can reach, and why.
const WITHOUT_FIXTURE: &[(&str, &str)] = &[(
    "SL050",
    "the model reader's findings without a code of their own; every diagnostic gen reports now carries one (crates/cli/tests/it/gen_lint_agree.rs asserts it)",
)];

/// Writes the base tree with `edits` applied into a fresh folder.
fn tree(edits: &[Edit]) -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("speclift-lint-rule-")
        .tempdir()
        .expect("temp dir");
    let src = dir.path().join("api-ref/source");
    let mut files: Vec<(String, String)> = BASE
        .iter()
        .map(|(f, t)| (f.to_string(), t.to_string()))
        .collect();
    for (file, from, to) in edits {
        match files.iter_mut().find(|(f, _)| f == file) {
            Some((_, text)) if !from.is_empty() => {
                assert!(text.contains(from), "{file} has no `{from}`");
                *text = text.replacen(from, to, 1);
            }
            Some((_, text)) => *text = to.to_string(),
            None => files.push((file.to_string(), to.to_string())),
        }
    }
    for (file, text) in files {
        // The configuration sits beside api-ref/, where lint looks for it.
        let path = if file.starts_with('.') {
            dir.path().join(&file)
        } else {
            src.join(&file)
        };
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
        std::fs::write(path, text).expect("write");
    }
    dir
}

fn lint(dir: &Path) -> Report {
    lint_paths(&[dir.join("api-ref/source")])
}

/// The base tree triggers none of lint's own rules (only what gen's
/// emitter says about it, if anything), so each case shows its rule alone.
#[test]
fn the_base_tree_is_clean() {
    let dir = tree(&[]);
    let report = lint(dir.path());
    let own: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| CASES.iter().any(|(code, _)| d.code == Some(*code)))
        .map(ToString::to_string)
        .collect();
    assert!(own.is_empty(), "{own:#?}");
}

#[test]
fn each_rule_fires_on_its_fixture() {
    let mut failures = Vec::new();
    for (code, edits) in CASES {
        let dir = tree(edits);
        let mut report = lint(dir.path());
        report.retain(|d| d.code == Some(*code));
        if report.diagnostics.is_empty() {
            failures.push(format!("{code}: no finding"));
            continue;
        }
        let shown =
            render_human(&report, false).replace(&dir.path().display().to_string(), "<tree>");
        insta::with_settings!({ snapshot_suffix => *code, prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("rule", shown);
        });
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every rule lint reports from its own checks (the SL0xx families up to
/// configuration) has a fixture above, or a reason it cannot have one.
#[test]
fn every_lint_rule_has_a_fixture() {
    let lint_rules = [
        "SL001", "SL002", "SL003", "SL004", "SL005", "SL006", "SL010", "SL011", "SL012", "SL013",
        "SL014", "SL015", "SL016", "SL017", "SL020", "SL021", "SL022", "SL023", "SL024", "SL030",
        "SL031", "SL032", "SL040", "SL041", "SL042", "SL043", "SL046", "SL050", "SL060",
    ];
    for code in lint_rules {
        assert!(speclift_diag::Rule::from_code(code).is_some(), "{code}");
        assert!(
            CASES.iter().any(|(c, _)| *c == code)
                || WITHOUT_FIXTURE.iter().any(|(c, _)| *c == code),
            "{code} has no fixture in tests/it/rules.rs"
        );
    }
}
