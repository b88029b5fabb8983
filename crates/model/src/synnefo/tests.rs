use std::path::PathBuf;
use std::sync::Arc;

use speclift_rst::{Block, BlockKind, Cell, Row, Table, TableKind};

use super::*;
use crate::ir::{ParamIn, Parameter};

fn read_text(text: &str) -> LoadedApi {
    let file: Arc<Path> = Arc::from(PathBuf::from("guide.rst"));
    let (doc, _) = speclift_rst::parse_str(file.clone(), text);
    read_api(&doc, &file, Path::new("."))
}

/// A body parameter as (name, type, required).
fn field(p: &Parameter) -> (&str, Option<&str>, bool) {
    (p.name.as_str(), p.ty.as_deref(), p.required)
}

fn errors(loaded: &LoadedApi) -> Vec<String> {
    loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect()
}

fn single_error(loaded: &LoadedApi) -> String {
    let mut errs = errors(loaded);
    assert_eq!(errs.len(), 1, "{errs:?}");
    errs.remove(0)
}

const GUIDE: &str = "\
API Guide
*********

Intro.

API Operations
==============

.. rubric:: Volumes

=========================== ======================== ====== ======== ==========
Description                 URI                      Method Cyclades OS/Compute
=========================== ======================== ====== ======== ==========
`List <#list-volumes>`__    ``/volumes``             GET    ✔        ✔
\\                           ``/volumes/detail``      GET    ✔        **✘**
`Delete <#delete-volume>`__ ``/volumes/<volume id>`` DELETE ✔        ✔
=========================== ======================== ====== ======== ==========

List Volumes
------------

List them.

.. rubric:: Request

=================== ====== ======== ==========
URI                 Method Cyclades OS/Compute
=================== ====== ======== ==========
``/volumes``        GET    ✔        ✔
``/volumes/detail`` GET    ✔        **✘**
=================== ====== ======== ==========

.. rubric:: Response

=========================== =====================
Return Code                 Description
=========================== =====================
200 (OK)                    Request succeeded
500 (Internal Server Error) The request cannot be completed because of an
\\                           internal error
=========================== =====================

*Example List Volumes: JSON (detail)*

.. code::

  GET https://example.org/cyclades/v2/volumes/detail

  {
    \"volumes\": [{\"id\": \"42\",}],   # one
  }
";

#[test]
fn reads_overview_sections_and_examples() {
    let loaded = read_text(GUIDE);
    assert!(errors(&loaded).is_empty(), "{:?}", loaded.diagnostics);
    let api = &loaded.api;
    assert_eq!(api.name, "guide");
    assert_eq!(api.dialect, "synnefo");
    assert!(
        api.description.contains("https://example.org/cyclades/v2"),
        "{}",
        api.description
    );
    let ops: Vec<(Method, &str, &str)> = api
        .operations
        .iter()
        .map(|o| (o.method, o.path.as_str(), o.tag.as_str()))
        .collect();
    assert_eq!(
        ops,
        vec![
            (Method::Get, "/volumes", "Volumes"),
            (Method::Get, "/volumes/detail", "Volumes"),
            (Method::Delete, "/volumes/{volume_id}", "Volumes"),
        ]
    );
    let detail = &api.operations[1];
    assert_eq!(
        detail.extensions[VENDOR_KEY],
        serde_json::json!({"cyclades": true, "os-compute": false})
    );
    let codes: Vec<(u16, &str)> = detail
        .responses
        .iter()
        .map(|r| (r.status.code, r.status.description.as_str()))
        .collect();
    assert_eq!(
        codes,
        vec![
            (200, "Request succeeded"),
            (
                500,
                "The request cannot be completed because of an internal error"
            )
        ]
    );
    // The example names /volumes/detail: it is that operation's only.
    assert_eq!(detail.responses[0].samples.len(), 1);
    assert_eq!(
        detail.responses[0].samples[0].body,
        serde_json::json!({"volumes": [{"id": "42"}]})
    );
    assert!(api.operations[0].responses[0].samples.is_empty());
    // The overview's DELETE has no section: kept and marked.
    let delete = &api.operations[2];
    assert_eq!(
        delete.extensions[VENDOR_KEY]["documented"],
        serde_json::json!(false)
    );
    assert_eq!(delete.request.parameters[0].name, "volume_id");
    assert_eq!(delete.request.parameters[0].location_in, ParamIn::Path);
    assert!(delete.request.parameters[0].required);
}

#[test]
fn an_extension_method_is_kept_with_a_warning_at_its_cell() {
    let loaded = read_text(
        "Guide\n=====\n\nOp\n--\n\n============ ====== ========\nURI          Method Cyclades\n============ ====== ========\n``/volumes`` FETCH  ✔\n============ ====== ========\n",
    );
    assert!(errors(&loaded).is_empty(), "{:?}", loaded.diagnostics);
    let warning = loaded
        .diagnostics
        .iter()
        .find(|d| {
            d.message
                .contains("`FETCH` is not one of OpenAPI 3.1's eight methods")
        })
        .expect("a warning about FETCH");
    let at = warning.location.as_ref().map(|l| (l.line, l.column));
    assert_eq!(at, Some((10, 14)));
    assert_eq!(loaded.api.operations.len(), 1);
    assert_eq!(loaded.api.operations[0].method.as_str(), "FETCH");
}

#[test]
fn a_method_that_is_not_a_token_is_an_error_at_its_cell() {
    let loaded = read_text(
        "Guide\n=====\n\nOp\n--\n\n============ ====== ========\nURI          Method Cyclades\n============ ====== ========\n``/volumes`` GET{x} ✔\n============ ====== ========\n",
    );
    let e = single_error(&loaded);
    assert!(
        e.starts_with("guide.rst:10:14: error[SL086]: `GET{x}` is not an HTTP method"),
        "{e}"
    );
    assert!(e.contains("help:"));
    assert!(loaded.api.operations.is_empty());
}

#[test]
fn a_uri_that_is_not_a_path_is_an_error() {
    let loaded = read_text(
        "Guide\n=====\n\nOp\n--\n\n======= ====== ========\nURI     Method Cyclades\n======= ====== ========\nvolumes GET    ✔\n======= ====== ========\n",
    );
    let e = single_error(&loaded);
    assert!(e.starts_with("guide.rst:10:1: error[SL084]:"), "{e}");
}

#[test]
fn a_missing_header_row_is_reported() {
    // Only top and bottom borders: docutils reads no header row.
    let loaded = read_text(
        "Guide\n=====\n\nOp\n--\n\n============ ====== ========\n``/volumes`` GET    ✔\n============ ====== ========\n",
    );
    let e = single_error(&loaded);
    assert!(e.starts_with("guide.rst:8:1: error[SL081]:"), "{e}");
    assert!(e.contains("no header row"));

    // A recognisable header without its border is read, with a warning.
    let loaded = read_text(
        "Guide\n=====\n\nOp\n--\n\n============ ====== ========\nURI          Method Cyclades\n``/volumes`` GET    ✔\n============ ====== ========\n",
    );
    assert!(errors(&loaded).is_empty(), "{:?}", loaded.diagnostics);
    assert!(
        loaded
            .diagnostics
            .iter()
            .any(|d| d.message.contains("no header row"))
    );
    assert_eq!(loaded.api.operations.len(), 1);
}

/// A table row on `line` of `t.rst`, its cells at columns 1, 10, 20, 30.
fn row(line: u32, texts: &[&str]) -> Row {
    let at = |column| Location::new(PathBuf::from("t.rst"), line, column);
    let cells = texts
        .iter()
        .zip([1, 10, 20, 30])
        .map(|(text, column)| Cell {
            text: (*text).into(),
            location: at(column),
        })
        .collect();
    Row {
        cells,
        location: at(1),
    }
}

#[test]
fn ragged_rows_are_reported_never_indexed_blindly() {
    let table = Table {
        kind: TableKind::Grid,
        header_rows: 1,
        rows: vec![
            row(1, &["URI", "Method", "Cyclades"]),
            row(2, &["``/a``", "GET", "✔"]),
            // Too short: its Method cell is missing.
            row(3, &["``/b``"]),
            // Too long: read, with a warning.
            row(4, &["``/c``", "PUT", "✔", "x"]),
            // Not a support mark.
            row(5, &["``/d``", "GET", "maybe"]),
        ],
    };
    let doc = Document {
        blocks: vec![
            Block {
                kind: BlockKind::Section {
                    title: "Op".into(),
                    level: 1,
                },
                location: Location::new(PathBuf::from("t.rst"), 1, 1),
            },
            Block {
                kind: BlockKind::Table(table),
                location: Location::new(PathBuf::from("t.rst"), 1, 1),
            },
        ],
    };
    let loaded = read_api(&doc, Path::new("t.rst"), Path::new("."));
    let shown: Vec<String> = loaded.diagnostics.iter().map(|d| d.to_string()).collect();
    for wanted in [
        "t.rst:3:1: error[SL081]: this row has 1 cells",
        "t.rst:4:1: warning[SL082]: this row has 4 cells",
        "t.rst:5:20: warning[SL083]: `maybe`",
    ] {
        assert!(
            shown.iter().any(|d| d.starts_with(wanted)),
            "{wanted}: {shown:?}"
        );
    }
    let paths: Vec<&str> = loaded
        .api
        .operations
        .iter()
        .map(|o| o.path.as_str())
        .collect();
    assert_eq!(paths, ["/a", "/c", "/d"]);
    // `/b` names no method: an error at the row, no operation.
    assert!(
        shown
            .iter()
            .any(|d| d.contains("t.rst:3:1: error[SL086]: the method cell is empty")),
        "{shown:?}"
    );
}

#[test]
fn notes_refine_the_parameters_they_name() {
    let loaded = read_text(
        "Guide\n=====\n\nOp\n--\n\n=========== ====== ========\nURI         Method Cyclades\n=========== ====== ========\n``/things`` POST   ✔\n=========== ====== ========\n\nRequest body contents::\n\n  {\"thing\": {\"name\": <value>, \"size\": <value>, ...}}\n\n=========== ============= ======== ==========\nAttributes  Description   Cyclades OS/Compute\n=========== ============= ======== ==========\nname        The name      required ✔\nsize        The size      ✔        **✘**\n=========== ============= ======== ==========\n\n* **size** (optional) in GB\n\n* Something else entirely.\n\n.. rubric:: Response\n\n=========== ============\nReturn Code Description\n=========== ============\n201 (OK)\n=========== ============\n",
    );
    assert!(errors(&loaded).is_empty(), "{:?}", loaded.diagnostics);
    let op = &loaded.api.operations[0];
    let body: Vec<_> = op.request.body.iter().map(field).collect();
    assert_eq!(
        body,
        vec![
            ("thing", Some("object"), true),
            ("name", None, true),
            ("size", None, false)
        ]
    );
    let size = &op.request.body[2].description;
    assert!(size.starts_with("The size\n\n"), "{size}");
    assert!(size.contains("in GB"), "{size}");
    assert!(
        size.ends_with("Support: Cyclades: supported; OS/Compute: not supported."),
        "{size}"
    );
    assert!(
        op.description.contains("Something else entirely"),
        "{}",
        op.description
    );
    // A code cell without description: the reason phrase describes it.
    assert_eq!(op.responses[0].status.description, "OK");
    assert!(op.request.samples.is_empty(), "templates are not samples");
}

#[test]
fn arbitrary_input_never_panics() {
    let fragments = [
        "API Guide\n*********\n",
        ".. rubric:: Request\n",
        ".. rubric:: Response\n",
        "==== ====== ==\nURI  Method x\n==== ====== ==\n",
        "``/a/<b`` GET ✔\n",
        "\\ ``/c`` POST/PUT ✘\n",
        "==== ====== ==\n",
        "Return Code Description\n",
        "999 (X) y\n",
        ".. code::\n\n  GET https://h/p\n\n  {\"a\": [<v>, ...\n",
        "Response body contents::\n\n  x: {<k>: <v>}\n",
        "* **a** and **b** c\n",
        "Sec\n---\n",
        "\n",
    ];
    let mut seed = 7u64;
    for _ in 0..300 {
        let mut text = String::new();
        for _ in 0..12 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push_str(fragments[(seed >> 33) as usize % fragments.len()]);
        }
        let _ = read_text(&text);
    }
}

/// A guide told by levels, as the Pithos guide is: the levels' URIs in a
/// bullet list, methods per level, method subsections, reply headers,
/// header patterns, `format` replies and a "Same as" section.
const LEVELS: &str = "\
Store API
=========

The API
-------

* Top level: ``https://hostname/v1/``
* Account level: ``https://hostname/v1/<account>``
* Object level: ``https://hostname/v1/<account>/<object>``

Account Level
^^^^^^^^^^^^^

=========  ==================
Operation  Description
=========  ==================
GET        List objects
HEAD       Account metadata
DELETE     Delete account
=========  ==================

GET
\"\"\"

======================  =========================
Request Parameter Name  Value
======================  =========================
format                  Optional extended reply type (can be ``json`` or ``xml``)
======================  =========================

=====================  ===========================
Reply Header Name      Value
=====================  ===========================
X-Account-Meta-*       Optional user defined metadata
Content-Type           The type of the data
=====================  ===========================

===========================  ============================
Name                         Description
===========================  ============================
name                         The name of the object
===========================  ============================

Example ``format=xml`` reply:

::

  <?xml version=\"1.0\" encoding=\"UTF-8\"?>
  <account name=\"user\"/>

================  =====================
Return Code       Description
================  =====================
200 (OK)          The request succeeded
================  =====================

HEAD
\"\"\"\"

Same as ``GET``, without the ``Content-Type`` reply header.

Object Level
^^^^^^^^^^^^

=========  ==================
Operation  Description
=========  ==================
PUT        Write object data
=========  ==================

PUT
\"\"\"

====================  ================================
Request Header Name   Value
====================  ================================
Content-Type          The MIME content type of the object
X-Object-Meta-*       Optional user defined metadata
====================  ================================

================  =====================
Return Code       Description
================  =====================
201 (Created)     The object has been created
================  =====================
";

#[test]
fn levels_give_paths_to_method_sections() {
    let loaded = read_text(LEVELS);
    assert!(errors(&loaded).is_empty(), "{:?}", loaded.diagnostics);
    let api = &loaded.api;
    let ops: Vec<(Method, &str, &str, &str)> = api
        .operations
        .iter()
        .map(|o| {
            (
                o.method,
                o.path.as_str(),
                o.summary.as_str(),
                o.tag.as_str(),
            )
        })
        .collect();
    assert_eq!(
        ops,
        [
            (Method::Get, "/{account}", "List objects", "Account Level"),
            (
                Method::Head,
                "/{account}",
                "Account metadata",
                "Account Level"
            ),
            (
                Method::Put,
                "/{account}/{object}",
                "Write object data",
                "Object Level"
            ),
            // Listed but documented nowhere: kept from its row, warned once.
            (
                Method::Delete,
                "/{account}",
                "Delete account (Account Level)",
                "Account Level"
            ),
        ]
    );
    let warned: Vec<String> = loaded.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(
        warned[0].contains("`DELETE /{account}` is listed"),
        "{warned:?}"
    );
    let tag = api.tags.iter().find(|t| t.name == "Account Level").unwrap();
    assert_eq!(
        tag.description,
        "Requests on `https://hostname/v1/<account>`."
    );

    let [get, head, put, delete] = &api.operations[..] else {
        unreachable!("four operations checked above")
    };
    // The row-only DELETE: 200 assumed and said to be (no second warning
    // about its status codes downstream).
    let codes: Vec<(u16, bool)> = delete
        .responses
        .iter()
        .map(|r| (r.status.code, r.status.description.contains("assumed")))
        .collect();
    assert_eq!(codes, [(200, true)]);
    assert_eq!(delete.extensions["x-synnefo"]["documented"], false);
    // GET: the reply's headers (a pattern named once), its fields, and its
    // media types: the data (Content-Type), and XML as `format` offers it,
    // with the example kept as text.
    let ok = &get.responses[0];
    let headers: Vec<&str> = ok.headers.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(headers, ["X-Account-Meta-{name}", "Content-Type"]);
    assert!(
        ok.headers[0]
            .description
            .contains("starts with `X-Account-Meta-`")
    );
    assert_eq!(
        ok.body.iter().map(field).collect::<Vec<_>>(),
        [("name", None, false)]
    );
    let media: Vec<(&str, bool, usize)> = ok
        .media
        .iter()
        .map(|m| (m.media_type.as_str(), m.binary, m.samples.len()))
        .collect();
    assert_eq!(
        media,
        [
            ("application/octet-stream", true, 0),
            ("application/xml", false, 1)
        ]
    );
    assert_eq!(
        ok.media[1].samples[0].text,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<account name=\"user\"/>"
    );
    // HEAD is "Same as GET" less the header it names; a HEAD reply has no
    // body in any media type.
    let head_ok = &head.responses[0];
    assert_eq!(head_ok.status.code, 200);
    let headers: Vec<&str> = head_ok.headers.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(headers, ["X-Account-Meta-{name}"]);
    assert!(head_ok.media.is_empty());
    assert!(head.request.parameters.iter().any(|p| p.name == "format"));
    // PUT: the data in the media type Content-Type names; the pattern
    // header is a request header.
    assert_eq!(put.request.media.len(), 1);
    assert!(put.request.media[0].binary);
    assert!(put.request.body.is_empty());
    assert!(
        put.request
            .parameters
            .iter()
            .any(|p| p.name == "X-Object-Meta-{name}" && p.location_in == ParamIn::Header)
    );
}

#[test]
fn a_section_with_uri_method_and_description_is_its_operation() {
    let loaded = read_text(
        "\
Guide
=====

User feedback
-------------

============================ =========  ==================
Uri                          Method     Description
============================ =========  ==================
``/feedback``                POST       Send feedback
============================ =========  ==================

====================  ===========================
Request Header Name   Value
====================  ===========================
X-Auth-Token          User authentication token
====================  ===========================

=========================== =====================
Return Code                 Description
=========================== =====================
200 (OK)                    The request succeeded
=========================== =====================
",
    );
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let [op] = &loaded.api.operations[..] else {
        panic!("{:?}", loaded.api.operations)
    };
    assert_eq!((op.method, op.path.as_str()), (Method::Post, "/feedback"));
    assert_eq!(op.summary, "User feedback");
    assert_eq!(op.responses[0].status.code, 200);
    assert!(
        op.request
            .parameters
            .iter()
            .any(|p| p.name == "X-Auth-Token")
    );
}

/// Arbitrary text and shuffled guide fragments never panic the reader, and
/// every diagnostic is located and has a hint.
mod fuzz {
    use proptest::prelude::*;

    use super::*;

    const FRAGMENTS: &[&str] = &[
        "Guide\n=====",
        "Account Level\n^^^^^^^^^^^^^",
        "GET\n\"\"\"",
        "COPY\n\"\"\"\"",
        "Same as ``COPY``, without the ``X-Source-Version`` request header.",
        "* Top level: ``https://h/v1/``\n* Account level: ``https://h/v1/<account>``",
        "=========  ====\nOperation  D\n=========  ====\nHEAD       x\nMOVE       y\n=========  ====",
        "=== ====== ==\nUri Method D\n=== ====== ==\n``/f`` POST x\n=== ====== ==",
        "========== ====== ==== ====\nURI        Method A    B\n========== ====== ==== ====\n``/ports/<p id>`` PUT ✔ ✔\n========== ====== ==== ====",
        "================ ==\nReply Header Name V\n================ ==\nX-Object-Meta-* m\nX-Q-<p_uuid> q\n================ ==",
        "====================== ==\nRequest Parameter Name V\n====================== ==\nformat (``json`` or ``xml``)\n====================== ==",
        "==== ====\nsort_dir Description\n==== ====\nasc  up\n==== ====",
        "================ ==\nReturn Code      D\n================ ==\n200 (OK)         ok\n================ ==",
        "Example ``format=xml`` reply:\n\n::\n\n  <?xml version=\"1.0\"?>\n  <a/>",
        "Example reply::\n\n  x-a-b: 1\n  x-c-d: 2",
        "**X-Object-Meta-*** is a prefix",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        #[test]
        fn cells(s in "\\PC{0,80}") {
            let _ = cells::header_pattern(&s);
            let _ = cells::pattern_key(&s);
            let _ = cells::method_word(&s);
            let _ = cells::uri(&s);
        }

        #[test]
        fn guides(parts in proptest::collection::vec(
            prop_oneof![
                4 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
                1 => "\\PC{0,40}",
            ],
            0..24,
        )) {
            let loaded = read_text(&parts.join("\n\n"));
            for d in &loaded.diagnostics {
                prop_assert!(d.location.is_some(), "{d}");
                prop_assert!(d.hint.is_some(), "{d}");
            }
        }
    }
}

#[test]
fn an_example_after_a_uri_table_makes_it_the_sections_operation() {
    let loaded = read_text(
        "\
Guide
=====

Authenticate
------------

========================= =========  ==================
Uri                       Method     Description
========================= =========  ==================
``/identity/v2.0/tokens`` POST       Checks the token
========================= =========  ==================

Example request:

.. code-block:: javascript

    {\"auth\": {\"token\": {\"id\": \"0000\"}}}

Example XML reply:

.. code-block:: xml

    <access><token id=\"0000\"/></access>
",
    );
    let [op] = &loaded.api.operations[..] else {
        panic!("{:?}", loaded.api.operations)
    };
    assert_eq!(
        (op.method, op.path.as_str()),
        (Method::Post, "/identity/v2.0/tokens")
    );
    assert_eq!(op.summary, "Authenticate");
    assert_eq!(op.request.samples.len(), 1);
    let ok = op
        .responses
        .iter()
        .find(|r| r.status.success)
        .expect("assumed 200");
    assert_eq!(ok.media.len(), 1, "{:?}", ok.media);
    assert_eq!(ok.media[0].media_type, "application/xml");
    assert_eq!(
        ok.media[0].samples[0].text,
        "<access><token id=\"0000\"/></access>"
    );
    // Kept from its row, not also reported as undocumented.
    assert!(
        loaded
            .diagnostics
            .iter()
            .all(|d| !d.message.contains("no section documents it")),
        "{:?}",
        loaded.diagnostics
    );
}
