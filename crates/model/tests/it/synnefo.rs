//! The Synnefo dialect over every guide in ../shared/corpus/synnefo/docs
//! and seed 002: no errors, and every (method, URI) the guide lists — found
//! here by independent scans of the raw text — is an operation.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use speclift_model::{LoadedApi, Method, ParamIn, Parameter};
use speclift_spec::template::erase;

use speclift_test_support::shared;
// Every guide of the corpus folder, by name: a guide added to the folder
// fails here by name until it is listed (and so read by these tests).
use speclift_test_support::SYNNEFO_API_GUIDES as CORPUS_GUIDES;

/// The corpus guides in folder order, then the seed (last).
fn guides() -> Option<Vec<PathBuf>> {
    let docs = shared("corpus/synnefo/docs")?;
    let seed =
        shared("seeds/002-synnefo-compute-extensions/docs/compute-api-extensions-guide.rst")?;
    let mut names: Vec<String> = std::fs::read_dir(&docs)
        .expect("readable docs folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".rst"))
        .collect();
    names.sort();
    for name in &names {
        assert!(
            CORPUS_GUIDES.contains(&name.as_str()),
            "{name}: a new guide in {}; add it to CORPUS_GUIDES",
            docs.display()
        );
    }
    for name in CORPUS_GUIDES {
        assert!(
            names.iter().any(|n| n == name),
            "{name} is gone from {}",
            docs.display()
        );
    }
    let mut files: Vec<PathBuf> = names.iter().map(|n| docs.join(n)).collect();
    files.push(seed);
    Some(files)
}

/// A body parameter as (name, type, required).
fn field(p: &Parameter) -> (&str, Option<&str>, bool) {
    (p.name.as_str(), p.ty.as_deref(), p.required)
}

fn load(path: &Path) -> LoadedApi {
    let root = path.parent().expect("a guide lives in a directory");
    let (doc, rst_diags) = speclift_rst::read_file(path, root);
    assert!(
        rst_diags.iter().all(|d| !d.is_error()),
        "{}: reader errors: {rst_diags:?}",
        path.display()
    );
    speclift_model::synnefo::read_api(&doc, path, root)
}

/// A URI as the test normalises it, independently of the dialect:
/// `` ``/volumes/<volume id>`` `` → `/volumes/{volume_id}`.
fn normalise(uri: &str) -> String {
    let uri = uri.trim().trim_matches('`');
    // `<Flavor-ID>` → `{flavor_id}`.
    let placeholder = |p: &str| {
        let name: String = p
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '_' })
            .collect();
        format!("{{{name}}}")
    };
    let mut out = String::new();
    let mut param: Option<String> = None;
    for c in uri.chars() {
        match (c, &mut param) {
            ('<' | '{', None) => param = Some(String::new()),
            ('>' | '}', Some(p)) => {
                out.push_str(&placeholder(p));
                param = None;
            }
            (c, Some(p)) => p.push(c),
            (c, None) => out.push(c),
        }
    }
    if let Some(p) = param {
        // An unclosed `<flavor-id`: to the end.
        out.push_str(&placeholder(&p));
    }
    out
}

/// HTTP methods and the WebDAV ones the guides use (`COPY`, `MOVE`).
fn is_method(word: &str) -> bool {
    [
        "GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "COPY", "MOVE",
    ]
    .contains(&word)
}

/// Every ``` ``/uri`` METHOD ``` on a line: a URI literal followed by a
/// method word, in a table row whatever its columns (rows that do not
/// line up with their table are found too).
fn scan_literals(text: &str) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let mut rest = line;
        while let Some(start) = rest.find("``/") {
            let after = &rest[start + 2..];
            let Some(end) = after.find("``") else { break };
            let uri = &after[..end];
            let tail = &after[end + 2..];
            let next = tail.split_whitespace().next().unwrap_or("");
            if tail.starts_with(char::is_whitespace) {
                for m in next.split('/').filter(|m| is_method(m)) {
                    found.insert((m.to_string(), normalise(uri)));
                }
            }
            rest = tail;
        }
    }
    found
}

/// The Pithos guide's levels: a bullet `* Account level:
/// ``https://hostname/v1/<account>``` names a level's URI (the part all
/// levels share, `/v1`, is the service's base); a `… Level` section lists
/// its methods in an `Operation | Description` table.
fn scan_levels(text: &str) -> BTreeSet<(String, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut levels: Vec<(String, String)> = Vec::new();
    for line in &lines {
        let t = line.trim_start_matches(['*', ' ']);
        if let Some((name, rest)) = t.split_once(" level: ``")
            && let Some(url) = rest.strip_suffix("``")
        {
            let path = url.splitn(4, '/').nth(3).unwrap_or("");
            levels.push((
                name.to_lowercase(),
                format!("/{}", path.trim_end_matches('/')),
            ));
        }
    }
    let base = levels.iter().map(|(_, p)| p.len()).min().unwrap_or(0);
    let mut found = BTreeSet::new();
    let mut level: Option<String> = None;
    let mut in_table = 0;
    for (i, line) in lines.iter().enumerate() {
        let underlined = lines
            .get(i + 1)
            .is_some_and(|u| u.len() >= line.len() && !u.is_empty() && u.chars().all(|c| c == '^'));
        if underlined {
            level = line
                .to_lowercase()
                .strip_suffix(" level")
                .and_then(|n| levels.iter().find(|(l, _)| l == n))
                .map(|(_, p)| {
                    let rest = &p[base.min(p.len())..];
                    if rest.is_empty() {
                        "/".to_string()
                    } else {
                        normalise(rest)
                    }
                });
            in_table = 0;
        }
        let Some(path) = &level else { continue };
        if line.starts_with("=========  ") {
            in_table += 1;
            continue;
        }
        let first = line.split_whitespace().next().unwrap_or("");
        if in_table == 2 && is_method(first) {
            found.insert((first.to_string(), path.clone()));
        }
    }
    found
}

/// Every (method, URI) row of every simple table whose header has URI and
/// Method cells, read straight from the text by column borders.
fn scan(text: &str) -> BTreeSet<(String, String)> {
    let lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
    let is_border = |l: &[char]| {
        !l.is_empty()
            && l.iter().all(|&c| c == '=' || c == ' ')
            && l.first() == Some(&'=')
            && l.contains(&' ')
    };
    let mut found = BTreeSet::new();
    let mut i = 0;
    while i < lines.len() {
        if !is_border(&lines[i]) || i + 2 >= lines.len() || !is_border(&lines[i + 2]) {
            i += 1;
            continue;
        }
        let border = &lines[i];
        let mut columns = Vec::new();
        let mut start = None;
        for (k, &c) in border.iter().enumerate() {
            match (c, start) {
                ('=', None) => start = Some(k),
                (' ', Some(s)) => {
                    columns.push((s, k));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            columns.push((s, border.len()));
        }
        let cell = |line: &[char], (s, e): (usize, usize)| -> String {
            line.iter()
                .skip(s)
                .take(e - s)
                .collect::<String>()
                .trim()
                .to_string()
        };
        let header: Vec<String> = columns.iter().map(|&c| cell(&lines[i + 1], c)).collect();
        let uri = header.iter().position(|h| h.eq_ignore_ascii_case("URI"));
        let method = header.iter().position(|h| h.eq_ignore_ascii_case("Method"));
        let mut j = i + 3;
        while j < lines.len() && !is_border(&lines[j]) {
            if let (Some(u), Some(m)) = (uri, method) {
                let u = cell(&lines[j], columns[u]);
                let m = cell(&lines[j], columns[m]);
                // Rows continuing a cell (`\\`, blank first cells) hold no URI.
                if u.trim_matches('`').starts_with('/') && m.split('/').all(is_method) {
                    for m in m.split('/') {
                        found.insert((m.to_string(), normalise(&u)));
                    }
                }
            }
            j += 1;
        }
        i = j + 1;
    }
    found
}

#[test]
fn every_documented_operation_is_read_without_errors() {
    let Some(files) = guides() else { return };
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable guide");
        let mut expected = scan(&text);
        expected.extend(scan_literals(&text));
        expected.extend(scan_levels(&text));
        let expected: BTreeSet<(String, String)> =
            expected.into_iter().map(|(m, p)| (m, erase(&p))).collect();
        let loaded = load(&file);
        let errors: Vec<String> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect();
        assert!(
            errors.is_empty(),
            "{}:\n{}",
            file.display(),
            errors.join("\n")
        );
        let api = &loaded.api;
        assert_eq!(api.dialect, "synnefo");
        let got: BTreeSet<(String, String)> = api
            .operations
            .iter()
            .map(|o| (o.method.as_str().to_string(), erase(&o.path)))
            .collect();
        let missing: Vec<_> = expected.difference(&got).collect();
        assert!(
            missing.is_empty(),
            "{}: missing operations {missing:?}",
            file.display()
        );
        assert!(
            !expected.is_empty(),
            "{}: the scan found no URI/Method rows",
            file.display()
        );
        for op in &api.operations {
            assert!(
                !op.tag.is_empty(),
                "{} {} has no tag",
                op.method.as_str(),
                op.path
            );
            assert!(api.tags.iter().any(|t| t.name == op.tag));
            // Support columns, where the guide has them, are vendor data
            // (the Pithos guide has none).
            let has_support_columns = !file.ends_with("object-api-guide.rst");
            assert_eq!(
                op.extensions.contains_key("x-synnefo"),
                has_support_columns,
                "{} {}",
                op.method.as_str(),
                op.path
            );
            // Every `{param}` of the path is a path parameter.
            for segment in op.path.split('/').filter(|s| s.starts_with('{')) {
                let name = segment.trim_matches(['{', '}']);
                assert!(
                    op.request
                        .parameters
                        .iter()
                        .any(|p| p.location_in == ParamIn::Path && p.name == name && p.required),
                    "{} {}: no path parameter {name}",
                    op.method.as_str(),
                    op.path
                );
            }
        }
        let samples: usize = api
            .operations
            .iter()
            .map(|o| {
                o.request.samples.len() + o.responses.iter().map(|r| r.samples.len()).sum::<usize>()
            })
            .sum();
        println!(
            "{}: {} URI/Method rows scanned, {} operations ({} tags, {} samples), {} warnings",
            file.file_name().unwrap_or_default().to_string_lossy(),
            expected.len(),
            api.operations.len(),
            api.tags.len(),
            samples,
            loaded.diagnostics.len()
        );
    }
}

#[test]
fn the_seed_volume_attachments_are_complete() {
    let Some(files) = guides() else { return };
    let Some(seed) = files.last() else { return };
    let loaded = load(seed);
    let api = &loaded.api;
    assert_eq!(api.name, "compute-api-extensions-guide");
    assert_eq!(
        api.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["Volume attachments"]
    );
    assert!(
        api.description.contains("https://example.org/compute/v2.0"),
        "{}",
        api.description
    );

    let collection = "/servers/{server_id}/os-volume_attachments";
    let item = "/servers/{server_id}/os-volume_attachments/{attachment_id}";
    let ops: Vec<(Method, &str)> = api
        .operations
        .iter()
        .map(|o| (o.method, o.path.as_str()))
        .collect();
    assert_eq!(
        ops,
        [
            (Method::Get, collection),
            (Method::Post, collection),
            (Method::Get, item),
            (Method::Delete, item)
        ]
    );
    let [list, attach, show, detach] = &api.operations[..] else {
        unreachable!("four operations checked above")
    };

    for op in [list, attach, show, detach] {
        assert_eq!(op.tag, "Volume attachments");
        assert_eq!(
            op.extensions["x-synnefo"],
            serde_json::json!({"cyclades": true, "os-compute": true})
        );
        let params: Vec<(ParamIn, &str, bool)> = op
            .request
            .parameters
            .iter()
            .map(|p| (p.location_in, p.name.as_str(), p.required))
            .collect();
        for wanted in [
            (ParamIn::Path, "server_id", true),
            (ParamIn::Header, "X-Auth-Token", true),
            (ParamIn::Query, "json", false),
            (ParamIn::Query, "xml", false),
        ] {
            assert!(params.contains(&wanted), "{wanted:?} not in {params:?}");
        }
        // Header and query values are strings on the wire.
        assert!(
            op.request
                .parameters
                .iter()
                .all(|p| p.ty.as_deref() == Some("string"))
        );
        assert_eq!(op.responses.iter().filter(|r| r.status.success).count(), 1);
        for r in &op.responses {
            assert!(!r.status.description.is_empty());
            assert_eq!(r.status.success, r.status.code == 200);
        }
    }
    for op in [show, detach] {
        assert!(
            op.request
                .parameters
                .iter()
                .any(|p| p.name == "attachment_id" && p.location_in == ParamIn::Path)
        );
    }

    // Status codes, a multi-line cell joined.
    let codes: Vec<u16> = list.responses.iter().map(|r| r.status.code).collect();
    assert_eq!(codes, [200, 400, 401, 403, 500, 503]);
    assert_eq!(
        list.responses[4].status.description,
        "The request cannot be completed because of an internal error"
    );
    assert_eq!(attach.responses.len(), 7);

    // Request body: the template's wrapper, then the attribute table.
    let body: Vec<_> = attach.request.body.iter().map(field).collect();
    assert_eq!(
        body,
        [
            ("volumeAttachment", Some("object"), true),
            ("volumeId", None, false)
        ]
    );
    assert!(attach.request.body[1].description.contains("The volume id"));
    assert!(
        attach.request.body[1]
            .description
            .contains("to be attached")
    );
    assert_eq!(attach.request.samples.len(), 1);
    assert_eq!(
        attach.request.samples[0].body,
        serde_json::json!({"volumeAttachment": {"volumeId": 9}})
    );

    // Response bodies: the linked Index of Attributes, with its notes and
    // support marks; samples are the comment-stripped examples.
    for (op, wrapper, ty) in [
        (list, "volumeAttachments", "array"),
        (attach, "volumeAttachment", "object"),
        (show, "volumeAttachment", "object"),
    ] {
        let ok = &op.responses[0];
        let names: Vec<&str> = ok.body.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [wrapper, "device", "id", "serverId", "volumeId"],
            "{} {}",
            op.method.as_str(),
            op.path
        );
        assert_eq!(ok.body[0].ty.as_deref(), Some(ty));
        let device = &ok.body[1].description;
        assert!(device.contains("unused"), "{device}");
        assert!(device.contains("Cyclades: not supported"), "{device}");
        assert_eq!(ok.samples.len(), 1, "{} {}", op.method.as_str(), op.path);
    }
    assert_eq!(
        list.responses[0].samples[0].body,
        serde_json::json!({"volumeAttachments": [
            {"device": "", "serverId": 1134, "id": 9, "volumeId": 9},
            {"device": "", "serverId": 1134, "id": 99, "volumeId": 99}
        ]})
    );
    assert_eq!(
        show.responses[0].samples[0].body,
        serde_json::json!({"volumeAttachment": {"device": "", "serverId": 1134, "id": 9, "volumeId": 9}})
    );
    assert!(
        detach
            .responses
            .iter()
            .all(|r| r.samples.is_empty() && r.body.is_empty())
    );
    assert!(detach.request.body.is_empty());

    // Every sample, request or response, is real JSON at a real location.
    for op in &api.operations {
        for s in op
            .request
            .samples
            .iter()
            .chain(op.responses.iter().flat_map(|r| r.samples.iter()))
        {
            assert!(s.body.is_object());
            assert!(s.location.line > 1);
            assert!(s.title.starts_with("Example"), "{}", s.title);
        }
    }
}

#[test]
fn scan_and_normalise_are_sound() {
    assert_eq!(
        normalise("``/volumes/<volume id>``"),
        "/volumes/{volume_id}"
    );
    assert_eq!(normalise("``/flavors/<flavor-id``"), "/flavors/{flavor_id}");
    let found = scan(
        "x\n\n=== ======== ==\nURI Method   C\n=== ======== ==\n/a  GET      ✔\n\\   x\n/b  PUT/POST ✘\n=== ======== ==\n",
    );
    let want: BTreeSet<(String, String)> = [("GET", "/a"), ("PUT", "/b"), ("POST", "/b")]
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(found, want);

    let literals = scan_literals(
        "``/ports/<port id>`` PUT    ✔\nsee ``/images/<id>``. and ``/a`` POST/PUT x\n",
    );
    let want: BTreeSet<(String, String)> =
        [("PUT", "/ports/{port_id}"), ("POST", "/a"), ("PUT", "/a")]
            .iter()
            .map(|(m, p)| (m.to_string(), p.to_string()))
            .collect();
    assert_eq!(literals, want);

    let levels = scan_levels(
        "* Top level: ``https://h/v1/``\n* Account level: ``https://h/v1/<account>``\n\nAccount Level\n^^^^^^^^^^^^^\n\n=========  ====\nOperation  D\n=========  ====\nHEAD       x\nCOPY       y\n=========  ====\n",
    );
    let want: BTreeSet<(String, String)> = [("HEAD", "/{account}"), ("COPY", "/{account}")]
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(levels, want);
    assert_eq!(erase("/images/{img_id}/m/{x}"), "/images/{}/m/{}");
}
