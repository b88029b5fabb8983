//! Whole-dialect tests over small trees written to a temporary folder.

use std::path::Path;

use tempfile::TempDir;

use super::*;
use crate::ir::ParamIn;
use crate::microversion::Microversion;
use crate::{LoadedApi, ReadOptions, read_path, read_path_each};

/// A document with one operation, `GET /x`, up to its status codes.
const ONE_OP: &str = "T\n=\n\nOp\n--\n\n.. rest_method:: GET /x\n\nNormal response codes: 200\n\n";

/// A fresh directory per tree, removed on drop.
struct Tree(TempDir);

impl Tree {
    fn new(files: &[(&str, &str)]) -> Tree {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        Tree(dir)
    }

    fn read(&self, rel: &str) -> (Vec<LoadedApi>, Vec<Diagnostic>) {
        read_path(&self.0.path().join(rel), &ReadOptions::default())
    }
}

fn errors(apis: &[LoadedApi], global: &[Diagnostic]) -> Vec<String> {
    apis.iter()
        .flat_map(|a| &a.diagnostics)
        .chain(global)
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect()
}

/// The parameters' names, in order.
fn names_of(params: &[crate::ir::Parameter]) -> Vec<&str> {
    params.iter().map(|p| p.name.as_str()).collect()
}

/// The only error among the first API's diagnostics.
fn single_error(apis: &[LoadedApi]) -> &Diagnostic {
    let errs: Vec<_> = apis[0]
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert_eq!(errs.len(), 1, "{errs:?}");
    errs[0]
}

const PARAMS: &str = "\
project_id_path:
  description: |
    The project ID.
  in: path
  required: true
  type: string
limit:
  description: Page size.
  in: query
  required: false
  type: integer
attachment:
  description: An attachment.
  in: body
  required: true
  type: object
status:
  description: |
    The status, new in 3.1.
  in: body
  required: true
  type: string
  min_version: 3.10
request_id:
  description: Request ID.
  in: header
  required: true
  type: string
";

const STATUS: &str = "\
200:
  default: Request was successful.
202:
  default: Request is accepted.
404:
  default: The resource could not be found.
  attachment: No such attachment.
";

const ATTACHMENTS: &str = "\
Attachments
===========

Manage attachments.

.. note:: Everything except for `Complete attachment` is new as of the 3.27
          microversion. `Complete attachment` is new as of the 3.44
          microversion.

List attachments
~~~~~~~~~~~~~~~~

.. rest_method::  GET /v3/{project_id}/attachments?all_tenants=1

Lists attachments. Since v3.31 filters are checked.

Normal response codes: 200

Error response codes: badRequest(400), itemNotFound(404)

Request
-------

.. rest_parameters:: parameters.yaml

   - project_id: project_id_path
   - limit: limit

Response Parameters
-------------------

.. rest_parameters:: parameters.yaml

   - X-Request-Id: request_id
   - attachment: attachment
   - status: status

Response Example
----------------

.. literalinclude:: ./samples/list-response.json
   :language: javascript

Complete attachment
~~~~~~~~~~~~~~~~~~~

.. rest_method:: POST /v3/{project_id}/attachments/{id}/action

Completes it.

Response codes
--------------

.. rest_status_code:: success ../status.yaml

   - 202

.. rest_status_code:: error ../status.yaml

   - 404: attachment

Request Example
---------------

.. literalinclude:: ./samples/complete.json
   :language: javascript

Old thing
~~~~~~~~~

.. rest_method:: DELETE /v3/{project_id}/old
   max_version: 3.50

Deletes.

Available starting in the 3.30 microversion.
";

fn cinder_like() -> Tree {
    Tree::new(&[
        (
            "api-ref/source/index.rst",
            "=================\nBlock Storage API\n=================\n\n.. toctree::\n    :hidden:\n\n    history\n\n.. toctree::\n\n    v3/index\n    v2/index\n",
        ),
        (
            "api-ref/source/history.rst",
            "History\n=======\n\nNothing here.\n",
        ),
        (
            "api-ref/source/v3/index.rst",
            "==============================\nBlock Storage API V3 (CURRENT)\n==============================\n\nThe v3 API.\n\n.. rest_expand_all::\n\n.. include:: attachments.inc\n",
        ),
        ("api-ref/source/v3/attachments.inc", ATTACHMENTS),
        ("api-ref/source/v3/parameters.yaml", PARAMS),
        ("api-ref/source/status.yaml", STATUS),
        (
            "api-ref/source/v3/samples/list-response.json",
            "{\"attachments\": []}",
        ),
        (
            "api-ref/source/v3/samples/complete.json",
            "{\"os-complete\": {}}",
        ),
        (
            "api-ref/source/v2/index.rst",
            "======================\nBlock Storage API V2 (CURRENT)\n======================\n\nVolumes\n=======\n\nShow volume\n~~~~~~~~~~~\n\n.. rest_method:: GET /v2/volumes/{id}\n\nNormal response codes: 200\n",
        ),
    ])
}

#[test]
fn source_dir_follows_toctrees_into_one_api_per_document() {
    let t = cinder_like();
    let (apis, global) = t.read("api-ref/source");
    assert_eq!(errors(&apis, &global), Vec::<String>::new());
    let names: Vec<_> = apis.iter().map(|a| a.api.name.as_str()).collect();
    assert_eq!(names, ["block-storage-api-v3", "block-storage-api-v2"]);
    let v3 = &apis[0].api;
    assert_eq!(v3.title, "Block Storage API V3 (CURRENT)");
    assert_eq!(v3.dialect, "os-api-ref");
    assert!(v3.description.contains("The v3 API."), "{}", v3.description);
    assert_eq!(v3.tags.len(), 1);
    assert_eq!(v3.tags[0].name, "Attachments");
    assert!(v3.tags[0].description.contains("Manage attachments."));
    assert_eq!(v3.operations.len(), 3);
    let mv = v3.microversions.as_ref().unwrap();
    assert_eq!(mv.service, "volume");
    assert_eq!(mv.range.min, Some(Microversion::new(3, 10)));
}

#[test]
fn operations_parameters_status_and_samples() {
    let t = cinder_like();
    let (apis, _) = t.read("api-ref/source");
    let v3 = &apis[0].api;
    let list = &v3.operations[0];
    assert_eq!(
        (list.method, list.path.as_str()),
        (Method::Get, "/v3/{project_id}/attachments")
    );
    assert_eq!(list.query.as_deref(), Some("all_tenants=1"));
    assert_eq!(list.summary, "List attachments");
    assert_eq!(list.tag, "Attachments");
    assert!(list.description.contains("Lists attachments."));
    assert!(
        !list.description.contains("response codes"),
        "{}",
        list.description
    );
    // Tag-level note: everything but `Complete attachment` from 3.27.
    assert_eq!(list.microversions.min, Some(Microversion::new(3, 27)));
    assert_eq!(list.location.line, 13);
    let names: Vec<_> = list
        .request
        .parameters
        .iter()
        .map(|p| (p.name.as_str(), p.location_in))
        .collect();
    assert_eq!(
        names,
        [("project_id", ParamIn::Path), ("limit", ParamIn::Query)]
    );
    let p = &list.request.parameters[0];
    assert!(p.required);
    assert_eq!(p.key, "project_id_path");
    assert_eq!(p.ty.as_deref(), Some("string"));
    assert_eq!((p.location.line, p.location.column), (26, 6));
    assert_eq!(p.definition.as_ref().unwrap().line, 1);
    assert!(
        p.definition
            .as_ref()
            .unwrap()
            .file
            .ends_with("v3/parameters.yaml")
    );
    let codes: Vec<_> = list
        .responses
        .iter()
        .map(|r| (r.status.code, r.status.success))
        .collect();
    assert_eq!(codes, [(200, true), (400, false), (404, false)]);
    let ok = &list.responses[0];
    // status.yaml from ../status.yaml; 400 is not in it, so its reason phrase.
    assert!(
        ok.status.description.contains("Request was successful."),
        "{}",
        ok.status.description
    );
    assert_eq!(list.responses[1].status.description, "Bad Request");
    assert_eq!(names_of(&ok.headers), ["X-Request-Id"]);
    assert_eq!(names_of(&ok.body), ["attachment", "status"]);
    assert_eq!(ok.body[1].microversions.min, Some(Microversion::new(3, 10)));
    assert_eq!(ok.samples.len(), 1);
    assert_eq!(ok.samples[0].title, "Response Example");
    assert_eq!(
        ok.samples[0].file.as_deref(),
        Some(Path::new("api-ref/source/v3/samples/list-response.json"))
    );
    assert!(list.responses[1].body.is_empty() && list.responses[1].samples.is_empty());

    let complete = &v3.operations[1];
    assert_eq!(complete.microversions.min, Some(Microversion::new(3, 44)));
    let codes: Vec<_> = complete.responses.iter().map(|r| r.status.code).collect();
    assert_eq!(codes, [202, 404]);
    assert!(
        complete.responses[1]
            .status
            .description
            .contains("No such attachment.")
    );
    assert_eq!(complete.request.samples.len(), 1);
    assert_eq!(
        complete.request.samples[0].body["os-complete"],
        serde_json::json!({})
    );

    // The operation's own statement wins over the tag's; the directive's
    // max_version is kept.
    let old = &v3.operations[2];
    assert_eq!(old.microversions.min, Some(Microversion::new(3, 30)));
    assert_eq!(old.microversions.max, Some(Microversion::new(3, 50)));
    // No success code: warned, 200 assumed.
    assert_eq!(old.responses[0].status.code, 200);
    assert!(
        apis[0]
            .diagnostics
            .iter()
            .any(|d| !d.is_error() && d.message.contains("no success status code"))
    );
}

#[test]
fn missing_key_is_a_warning_at_the_table_row_and_the_row_is_left_out() {
    let t = Tree::new(&[
        (
            "a.inc",
            &format!("{ONE_OP}.. rest_parameters:: p.yaml\n\n   - a: nope\n"),
        ),
        ("p.yaml", "a:\n  in: path\n"),
    ]);
    let (apis, global) = t.read("a.inc");
    assert!(global.is_empty(), "{global:?}");
    let d = &apis[0].diagnostics;
    assert_eq!(d.len(), 1, "{d:?}");
    let e = &d[0];
    assert!(!e.is_error());
    assert!(e.message.contains("parameter key `nope` is not defined"));
    assert!(apis[0].api.operations[0].request.parameters.is_empty());
    let l = e.location.as_ref().unwrap();
    assert_eq!((l.line, l.column), (13, 6));
    assert!(e.hint.is_some());
}

#[test]
fn files_outside_the_root_are_not_read() {
    let t = Tree::new(&[
        (
            "root/a.inc",
            &format!(
                "{ONE_OP}Response Example\n~~~~~~~~~~~~~~~~\n\n.. literalinclude:: ../secret.json\n"
            ),
        ),
        ("secret.json", "{\"secret\": 1}"),
    ]);
    let (apis, _) = t.read("root/a.inc");
    let e = single_error(&apis);
    assert!(e.message.contains("outside the root"));
    assert_eq!(e.location.as_ref().unwrap().line, 14);
    assert!(apis[0].api.operations[0].responses[0].samples.is_empty());
}

#[test]
fn an_extension_method_is_kept_with_a_warning_at_the_method() {
    let t = Tree::new(&[(
        "a.inc",
        "T\n=\n\nOp\n--\n\n.. rest_method:: COPY /x\n\nNormal response codes: 201\n",
    )]);
    let (apis, _) = t.read("a.inc");
    let d = &apis[0].diagnostics;
    assert!(!d.iter().any(|d| d.is_error()), "{d:?}");
    let w = d
        .iter()
        .find(|d| {
            d.message
                .contains("`COPY` is not one of OpenAPI 3.1's eight")
        })
        .expect("a warning");
    let at = w.location.as_ref().map(|l| (l.line, l.column));
    assert_eq!(at, Some((7, 18)));
    assert_eq!(apis[0].api.operations[0].method.as_str(), "COPY");
}

#[test]
fn invalid_method_is_an_error_and_bad_sample_json_is_kept_as_written() {
    let t = Tree::new(&[
        (
            "a.inc",
            "T\n=\n\nOp\n--\n\n.. rest_method:: FE/TCH /x\n\nOk\n--\n\n.. rest_method:: GET /y\n\nNormal response codes: 200\n\n.. literalinclude:: bad.json\n\n.. literalinclude:: notes.xml\n",
        ),
        ("bad.json", "{\n  \"a\": ,\n}"),
        ("notes.xml", "<a/>"),
    ]);
    let (apis, _) = t.read("a.inc");
    let d = &apis[0].diagnostics;
    let method = d
        .iter()
        .find(|d| d.message.contains("`FE/TCH` is not an HTTP method"))
        .unwrap();
    assert_eq!(method.location.as_ref().unwrap().line, 7);
    // os-api-ref renders both samples: each is a warning at the place it
    // goes wrong, and kept as written.
    let json = d
        .iter()
        .find(|d| d.message.contains("`bad.json` is not valid JSON"))
        .unwrap();
    assert!(!json.is_error());
    let l = json.location.as_ref().unwrap();
    assert!(l.file.ends_with("bad.json"));
    assert_eq!((l.line, l.column), (2, 8));
    assert!(
        d.iter()
            .any(|d| !d.is_error() && d.message.contains("`notes.xml` is not JSON"))
    );
    assert_eq!(apis[0].api.operations.len(), 1);
    let description = &apis[0].api.operations[0].description;
    assert!(
        description.contains("```json\n{\n  \"a\": ,\n}\n```"),
        "{description}"
    );
    assert!(description.contains("```xml\n<a/>\n```"), "{description}");
}

#[test]
fn nova_style_bold_titles_and_status_ranges() {
    let t = Tree::new(&[
        (
            "api-ref/source/index.rst",
            "=============\n Compute API\n=============\n\nIntro.\n\n.. include:: att.inc\n",
        ),
        (
            "api-ref/source/att.inc",
            "=============================\n Volume attachments (servers)\n=============================\n\n\
Attach a volume\n===============\n\n.. rest_method:: POST /servers/{server_id}/os-volume_attachments\n\n\
Attach it.\n\n.. note:: From v2.20 attach a volume in SHELVED state is allowed.\n\n\
Normal response codes: 200 (microversions 2.0 - 2.100), 202 (microversion 2.101 - )\n\n\
Request\n-------\n\n**Example Attach a volume: JSON request**\n\n\
.. literalinclude:: ../../doc/api_samples/os-volumes/attach-req.json\n   :language: javascript\n\n\
**Example Attach a volume and tag it (v2.49): JSON request**\n\n\
.. literalinclude:: ../../doc/api_samples/os-volumes/v2.49/attach-req.json\n   :language: javascript\n\n\
Response\n--------\n\n**Example Attach a volume: JSON response**\n\n\
.. literalinclude:: ../../doc/api_samples/os-volumes/attach-resp.json\n   :language: javascript\n\n\
**Example Attach a volume (v2.101): JSON response**\n\n\
.. literalinclude:: ../../doc/api_samples/os-volumes/v2.101/attach-resp.json\n   :language: javascript\n",
        ),
        ("doc/api_samples/os-volumes/attach-req.json", "{\"a\": 1}"),
        (
            "doc/api_samples/os-volumes/v2.49/attach-req.json",
            "{\"a\": 2}",
        ),
        ("doc/api_samples/os-volumes/attach-resp.json", "{\"b\": 1}"),
        (
            "doc/api_samples/os-volumes/v2.101/attach-resp.json",
            "{\"b\": 2}",
        ),
    ]);
    let (apis, global) = t.read("api-ref/source");
    assert_eq!(errors(&apis, &global), Vec::<String>::new());
    assert_eq!(apis.len(), 1);
    let api = &apis[0].api;
    assert_eq!(api.name, "compute-api");
    assert_eq!(api.tags[0].name, "Volume attachments (servers)");
    let op = &api.operations[0];
    assert_eq!(op.tag, "Volume attachments (servers)");
    // "From v2.20 … is allowed" is a behaviour change, not a minimum.
    assert!(op.microversions.is_unbounded(), "{:?}", op.microversions);
    let req = &op.request.samples;
    assert_eq!(req.len(), 2);
    assert_eq!(
        req[1].title,
        "Example Attach a volume and tag it (v2.49): JSON request"
    );
    assert_eq!(req[1].microversion, Some(Microversion::new(2, 49)));
    assert_eq!(
        req[1].file.as_deref(),
        Some(Path::new(
            "doc/api_samples/os-volumes/v2.49/attach-req.json"
        ))
    );
    let r200 = &op.responses[0];
    let r202 = &op.responses[1];
    assert_eq!((r200.status.code, r202.status.code), (200, 202));
    assert_eq!(
        r200.status.microversions.max,
        Some(Microversion::new(2, 100))
    );
    assert_eq!(r200.status.description, "OK");
    assert_eq!(r200.samples.len(), 1);
    assert_eq!(r200.samples[0].body["b"], 1);
    assert_eq!(r202.samples.len(), 1);
    assert_eq!(r202.samples[0].body["b"], 2);
    assert_eq!(api.microversions.as_ref().unwrap().service, "compute");
}

#[test]
fn documents_without_operations_are_not_apis() {
    let t = Tree::new(&[("index.rst", "Title\n=====\n\nJust prose.\n")]);
    let (apis, global) = t.read("index.rst");
    assert!(apis.is_empty());
    // The input yields nothing: said once, by the model, for gen and lint.
    let codes: Vec<_> = global.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Some("SL046")], "{global:?}");
    let (apis, global) = t.read("missing.rst");
    assert!(apis.is_empty());
    assert_eq!(global.len(), 1);
    assert!(global[0].is_error());
}

#[test]
fn a_folder_without_index_reads_every_rst_and_names_stay_unique() {
    let op =
        "Same API\n========\n\nOp\n--\n\n.. rest_method:: GET /x\n\nNormal response codes: 204\n";
    let t = Tree::new(&[("b.rst", op), ("a.rst", op), ("c.inc", op)]);
    let (apis, global) = t.read(".");
    assert!(global.is_empty(), "{global:?}");
    let names: Vec<_> = apis.iter().map(|a| a.api.name.as_str()).collect();
    assert_eq!(names, ["same-api", "same-api-2"]);
    assert!(apis[0].api.source.file.ends_with("a.rst"));
    assert_eq!(apis[0].api.operations[0].responses[0].status.code, 204);
}

mod never_panics {
    use std::sync::{Arc, OnceLock};

    use proptest::prelude::*;

    use super::super::*;

    fn root() -> &'static Path {
        static ROOT: OnceLock<PathBuf> = OnceLock::new();
        ROOT.get_or_init(|| {
            let d =
                std::env::temp_dir().join(format!("speclift-osapiref-fuzz-{}", std::process::id()));
            let _ = std::fs::create_dir_all(&d);
            let _ = std::fs::write(
                d.join("p.yaml"),
                "a:\n  in: body\n  min_version: 2.20\nb:\n  in: nowhere\n",
            );
            let _ = std::fs::write(d.join("s.yaml"), "200:\n  default: fine\n");
            let _ = std::fs::write(d.join("s.json"), "{\"a\": 1}");
            let _ = std::fs::write(d.join("bad.json"), "{\"a\": ");
            d
        })
    }

    const FRAGMENTS: &[&str] = &[
        "Title\n=====",
        "Op\n~~",
        "Request\n-------",
        "Response Example\n----------------",
        ".. rest_method:: GET /x?y=1",
        ".. rest_method:: BAD",
        ".. rest_method::\n   POST /z\n   max_version: 2.x",
        ".. rest_parameters:: p.yaml\n\n   - a: a\n   - b: b\n   - c\n   - d: missing",
        ".. rest_parameters:: nope.yaml\n\n   - a: a",
        ".. rest_status_code:: success s.yaml\n\n   - 200\n   - 404: x\n   - zzz",
        ".. rest_status_code:: sometimes",
        "Normal response codes: 200 (microversions 2.0 - ), 202 (microversion - 2.1)",
        "Error response codes: oops(4044), (), 500",
        "**Example (v2.1): JSON request**",
        ".. literalinclude:: s.json",
        ".. literalinclude:: bad.json",
        ".. literalinclude:: ../../../../etc/passwd",
        ".. literalinclude::",
        ".. note:: This API is deprecated. Everything except for `Op` is new as of the 3.27 microversion.",
        ".. versionadded:: 2.17",
        "Available starting in the 3.27 microversion.",
        "These will fail with a 404 starting from microversion 2.0.",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        #[test]
        fn text_parsers(s in "\\PC{0,160}") {
            let at = Location::new(Path::new("x.inc"), 1, 1);
            let file: Arc<Path> = Arc::from(Path::new("x.yaml"));
            let mut d = Vec::new();
            let _ = status::parse_status_paragraph(&s, &at, &mut d);
            let _ = status::parse_range(&s);
            let _ = prose::statements(&s);
            let _ = crate::text::plain(&s);
            let _ = crate::text::slug(&s);
            let _ = samples::microversion(&s, &s);
            let _ = samples::direction(&[s.as_str()], &s);
            let _ = samples::parse_json(&file, &s);
            let _ = ParamFile::parse(&file, &s);
            let _ = StatusFile::parse(&file, &s);
        }

        #[test]
        fn documents(parts in proptest::collection::vec(
            prop_oneof![
                4 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
                1 => "\\PC{0,40}",
            ],
            0..24,
        )) {
            let text = parts.join("\n\n");
            let entry = root().join("doc.inc");
            let (doc, _) = speclift_rst::parse_str(Arc::from(entry.as_path()), &text);
            let mut loader = Loader::new(Root::new(root()).unwrap(), root().to_path_buf());
            let loaded = read_api(&doc, &entry, &mut loader, true);
            for d in &loaded.diagnostics {
                prop_assert!(d.location.is_some(), "{d}");
                prop_assert!(d.hint.is_some(), "{d}");
            }
        }
    }
}

#[test]
fn a_neutral_heading_keeps_the_side_of_the_heading_it_sits_in() {
    let page = "\
Things
======

Show thing
~~~~~~~~~~

.. rest_method:: GET /things/{id}

Normal response codes: 200

Request
-------

Parameters
^^^^^^^^^^

.. rest_parameters:: parameters.yaml

   - project_id: project_id_path

Response
--------

Parameters
^^^^^^^^^^

.. rest_parameters:: parameters.yaml

   - attachment: attachment

Headers
^^^^^^^

.. rest_parameters:: parameters.yaml

   - X-Request-Id: request_id
";
    let t = Tree::new(&[("index.rst", page), ("parameters.yaml", PARAMS)]);
    let (apis, global) = t.read("index.rst");
    assert!(
        errors(&apis, &global).is_empty(),
        "{:?}",
        errors(&apis, &global)
    );
    let op = &apis[0].api.operations[0];
    let request: Vec<_> = op
        .request
        .parameters
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(request, ["project_id"]);
    assert!(op.request.body.is_empty(), "{:?}", op.request.body);
    let ok = &op.responses[0];
    assert_eq!(names_of(&ok.body), ["attachment"]);
    assert_eq!(names_of(&ok.headers), ["X-Request-Id"]);
}

#[test]
fn loaders_of_their_own_agree_only_on_clean_shared_reads() {
    let read = |file: &str, display: &str, diagnosed: bool| FirstRead {
        key: (PathBuf::from(file), None),
        display: PathBuf::from(display),
        diagnosed,
    };
    let v3 = [
        read("/t/v3/parameters.yaml", "v3/parameters.yaml", true),
        read("/t/status.yaml", "status.yaml", false),
    ];
    let v2 = [
        read("/t/v2/parameters.yaml", "v2/parameters.yaml", true),
        read("/t/status.yaml", "status.yaml", false),
    ];
    // Diagnostics on files each reads alone, a clean shared file: agreed.
    assert!(agree([&v3[..], &v2[..]].into_iter()));
    // A shared file with diagnostics would report them twice.
    let noisy = [read("/t/status.yaml", "status.yaml", true)];
    assert!(!agree([&v3[..], &noisy[..]].into_iter()));
    // A shared file by two spellings would be known by the first one only.
    let spelled = [read("/t/status.yaml", "v2/../status.yaml", false)];
    assert!(!agree([&v3[..], &spelled[..]].into_iter()));
}

/// One API of `n` operation sections naming `../parameters.yaml`, which
/// repeats a key; the sections after the first (both chunks) also name
/// `late` in `extra.yaml`, by the spelling `spell(i)` gives section `i`
/// (`extra.yaml` beside the page is a link to `../extra.yaml`), and its
/// description has a diagnostic.
fn many_sections(n: usize, spell: impl Fn(usize) -> &'static str) -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let source = dir.path().join("api-ref/source");
    std::fs::create_dir_all(source.join("v1")).unwrap();
    let mut page = String::from("API\n===\n\n");
    for i in 0..n {
        let late = match i {
            0 => String::new(),
            _ => format!(".. rest_parameters:: {}\n\n   - late: late\n\n", spell(i)),
        };
        page.push_str(&format!(
            "Show {i}\n------\n\n.. rest_method:: GET /v1/things{i}/{{id}}\n\n\
             .. rest_parameters:: ../parameters.yaml\n\n   - id: id\n\n{late}\
             Response\n~~~~~~~~\n\n.. rest_parameters:: ../parameters.yaml\n\n   - name: name\n\n"
        ));
    }
    std::fs::write(source.join("v1/index.rst"), page).unwrap();
    std::fs::write(
        source.join("parameters.yaml"),
        "id:\n  in: path\n  required: true\n  type: string\n  description: The id.\n\
         name:\n  in: body\n  required: true\n  type: string\n  description: The name.\n\
         name:\n  in: body\n  required: true\n  type: string\n  description: The name.\n",
    )
    .unwrap();
    std::fs::write(
        source.join("extra.yaml"),
        "late:\n  in: query\n  required: false\n  type: string\n  description: |\n    =====\n    Late\n    ===\n",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("../extra.yaml", source.join("v1/extra.yaml")).unwrap();
    std::fs::write(
        source.join("index.rst"),
        "Top\n===\n\n.. toctree::\n\n   v1/index\n",
    )
    .unwrap();
    let entry = source.join("v1/index.rst");
    (dir, entry)
}

/// The API of `entry`, its sections read side by side or not, on two
/// threads; rendered for comparison, with the loader's first reads.
fn read_sections(root: &Path, entry: &Path, side_by_side: bool) -> String {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    pool.install(|| {
        let source = root.join("api-ref/source");
        let mut rst = speclift_rst::Reader::new(root).with_source_dir(&source);
        let mut loader = Loader::new(Root::new(root).unwrap(), source.clone());
        let (doc, _) = rst.read(entry);
        let api = read_api(&doc, entry, &mut loader, side_by_side);
        let mut first: Vec<String> = loader
            .first_reads
            .iter()
            .map(|r| format!("{r:?}"))
            .collect();
        first.sort();
        format!("{:?}\n{:?}\n{first:?}", api.api.operations, api.diagnostics)
    })
}

#[test]
#[cfg(unix)]
fn sections_read_side_by_side_give_what_reading_them_in_turn_gives() {
    use std::sync::atomic::Ordering::SeqCst;
    let n = sections::SIDE_BY_SIDE_FROM + 4;
    let (dir, entry) = many_sections(n, |_| "../extra.yaml");
    let kept = sections::KEPT.load(SeqCst);
    let side_by_side = read_sections(dir.path(), &entry, true);
    assert!(
        sections::KEPT.load(SeqCst) > kept,
        "the chunks were not kept"
    );
    let in_turn = read_sections(dir.path(), &entry, false);
    assert_eq!(side_by_side, in_turn);
    // The shared file's warning (its repeated key) and the description's
    // are said once each, as in turn.
    assert_eq!(
        side_by_side.matches("repeats the definition").count(),
        1,
        "{side_by_side}"
    );
    assert_eq!(
        side_by_side.matches("differ in length").count(),
        1,
        "{side_by_side}"
    );
    // `extra.yaml` spelled two ways, one in each chunk: known by the
    // first spelling when read in turn, so the chunks are dropped.
    let (dir, entry) = many_sections(n, |i| {
        if i < n / 2 {
            "../extra.yaml"
        } else {
            "extra.yaml"
        }
    });
    let dropped = sections::DROPPED.load(SeqCst);
    let side_by_side = read_sections(dir.path(), &entry, true);
    assert!(
        sections::DROPPED.load(SeqCst) > dropped,
        "the chunks were kept"
    );
    assert_eq!(side_by_side, read_sections(dir.path(), &entry, false));
}

/// Two APIs (`a/index.rst`, `b/index.rst`) naming one parameters.yaml.
fn two_apis_sharing(parameters: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    let source = dir.path().join("api-ref/source");
    for v in ["a", "b"] {
        std::fs::create_dir_all(source.join(v)).unwrap();
        std::fs::write(
            source.join(format!("{v}/index.rst")),
            format!(
                "API {v}\n======\n\nShow\n----\n\n.. rest_method:: GET /{v}/{{id}}\n\n.. rest_parameters:: ../parameters.yaml\n\n   - id: id\n"
            ),
        )
        .unwrap();
    }
    std::fs::write(
        source.join("index.rst"),
        "Top\n===\n\n.. toctree::\n\n   a/index\n   b/index\n",
    )
    .unwrap();
    std::fs::write(source.join("parameters.yaml"), parameters).unwrap();
    dir
}

/// The APIs of `source` read in turn by one loader, as before documents
/// were read side by side, rendered for comparison.
fn read_in_turn(root: &Path, source: &Path) -> Vec<String> {
    let mut rst = speclift_rst::Reader::new(root).with_source_dir(source);
    let mut loader = Loader::new(Root::new(root).unwrap(), source.to_path_buf());
    ["a", "b"]
        .iter()
        .map(|v| {
            let entry = source.join(format!("{v}/index.rst"));
            let (doc, mut diags) = rst.read(&entry);
            let api = read_api(&doc, &entry, &mut loader, true);
            diags.extend(api.diagnostics);
            format!("{:?}\n{diags:?}", api.api.operations)
        })
        .collect()
}

#[test]
fn documents_read_side_by_side_give_what_reading_in_turn_gives() {
    let clean = "id:\n  in: path\n  required: true\n  type: string\n  description: The id.\n";
    // A duplicate key: a warning from reading the shared file, which the
    // first API alone reports.
    let noisy = format!("{clean}{clean}");
    for parameters in [clean, noisy.as_str()] {
        let dir = two_apis_sharing(parameters);
        let source = dir.path().join("api-ref/source");
        let (apis, _) = read_path(&source, &ReadOptions::default());
        let side_by_side: Vec<String> = apis
            .iter()
            .map(|a| format!("{:?}\n{:?}", a.api.operations, a.diagnostics))
            .collect();
        assert_eq!(
            side_by_side,
            read_in_turn(dir.path(), &source),
            "{parameters}"
        );
        let warned = |a: &LoadedApi| {
            a.diagnostics.iter().any(|d| {
                d.location
                    .as_ref()
                    .is_some_and(|l| l.file.ends_with("parameters.yaml"))
            })
        };
        if parameters == noisy {
            assert!(warned(&apis[0]), "{:?}", apis[0].diagnostics);
            assert!(!warned(&apis[1]), "{:?}", apis[1].diagnostics);
        }
    }
}

#[test]
fn each_api_is_handed_on_once_named_and_with_its_parse_diagnostics() {
    let clean = "id:\n  in: path\n  required: true\n  type: string\n  description: The id.\n";
    // Noisy: the loaders disagree, and the tree is read again in turn.
    let noisy = format!("{clean}{clean}");
    for parameters in [clean, noisy.as_str()] {
        let dir = two_apis_sharing(parameters);
        let source = dir.path().join("api-ref/source");
        // Both APIs titled alike, `b`'s with a parse warning (a title
        // underline too short).
        for (v, underline) in [("a", "========"), ("b", "=====")] {
            let page = format!(
                "Same API\n{underline}\n\nShow\n----\n\n.. rest_method:: GET /{v}/{{id}}\n\n.. rest_parameters:: ../parameters.yaml\n\n   - id: id\n"
            );
            std::fs::write(source.join(format!("{v}/index.rst")), page).unwrap();
        }
        let handed = std::sync::Mutex::new(Vec::new());
        let (names, _) = read_path_each(&source, &ReadOptions::default(), &|api| {
            handed.lock().unwrap().push(api.api.name.clone());
            (api.api.name, api.diagnostics.len())
        });
        let (apis, _) = read_path(&source, &ReadOptions::default());
        let expected: Vec<(String, usize)> = apis
            .iter()
            .map(|a| (a.api.name.clone(), a.diagnostics.len()))
            .collect();
        assert_eq!(names, expected, "{parameters}");
        assert_eq!(expected[0].0, "same-api");
        assert_eq!(expected[1].0, "same-api-2");
        let underline = |a: &LoadedApi| {
            a.diagnostics.iter().any(|d| {
                d.location
                    .as_ref()
                    .is_some_and(|l| l.file.ends_with("b/index.rst") && l.line <= 2)
            })
        };
        assert!(underline(&apis[1]), "{:?}", apis[1].diagnostics);
        assert!(!underline(&apis[0]), "{:?}", apis[0].diagnostics);
        // Once each, or twice each when the first reading was dropped.
        let mut handed = handed.into_inner().unwrap();
        handed.sort();
        let times = if parameters == clean { 1 } else { 2 };
        assert_eq!(handed.len(), 2 * times, "{handed:?}");
    }
}

#[test]
fn a_prefetched_parameters_file_is_what_the_loader_would_parse() {
    let clean = "id:\n  in: path\n  required: true\n  type: string\n  description: The id.\n";
    // A duplicate key: the parse carries a warning the first reader reports.
    let noisy = format!("{clean}{clean}");
    let dir = two_apis_sharing(&noisy);
    let source = dir.path().join("api-ref/source");
    let root = Root::new(dir.path()).unwrap();
    let files = crate::parameter_files(&source, &root);
    assert_eq!(files.len(), 1, "{files:?}");
    let prefetched = prefetch_params(&root, files).join().unwrap();
    let entry = source.join("a/index.rst");
    let (doc, _) = speclift_rst::Reader::new(dir.path())
        .with_source_dir(&source)
        .read(&entry);
    let mut taking =
        Loader::new(root.clone(), source.clone()).with_prefetched(Some(prefetched.clone()));
    let mut parsing = Loader::new(root, source.clone());
    let taken = read_api(&doc, &entry, &mut taking, true);
    let parsed = read_api(&doc, &entry, &mut parsing, true);
    assert!(
        prefetched.lock().unwrap().is_empty(),
        "the loader took the parse, spelled as the document spells the file"
    );
    assert_eq!(
        format!("{:?}\n{:?}", taken.api.operations, taken.diagnostics),
        format!("{:?}\n{:?}", parsed.api.operations, parsed.diagnostics)
    );
    assert!(
        parsed
            .diagnostics
            .iter()
            .any(|d| d.message.contains("repeats the definition")),
        "{:?}",
        parsed.diagnostics
    );
    assert_eq!(taking.first_reads, parsing.first_reads);
}
