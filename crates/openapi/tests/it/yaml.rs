//! `to_yaml_side_by_side` (each path serialized on its own and indented
//! under `paths:`) against `to_yaml` (the document in one piece).

use proptest::prelude::*;
use serde_json::{Value, json};
use speclift_openapi::{to_yaml, to_yaml_side_by_side};
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathItem,
};
use utoipa::openapi::{
    ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, PathsBuilder, ResponseBuilder,
};

/// Text that stresses the emitter's layout: line breaks (single, doubled,
/// trailing), leading and trailing spaces, long words and long lines that
/// fold, characters that force quoting, tabs and non-ASCII.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just(" ".to_string()),
        Just("  ".to_string()),
        Just("\t".to_string()),
        Just(": ".to_string()),
        Just(" #".to_string()),
        Just("- ".to_string()),
        Just("\"'".to_string()),
        Just("é€".to_string()),
        Just("yes".to_string()),
        Just("2015-09-16T09:28:52".to_string()),
        "[a-z]{1,12}",
        "[a-zA-Z0-9 ]{60,120}",
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

fn path_key() -> impl Strategy<Value = String> {
    prop_oneof![
        "/[a-z]{1,8}(/\\{[a-z_]{1,6}\\})?",
        Just("/".to_string()),
        Just("/v2/{project_id}/os-hosts/{host_name}:action".to_string()),
        Just("/a #b".to_string()),
    ]
}

fn example(text: String) -> Value {
    json!({"list": [text.clone(), {"nested": text.clone()}], "empty": {}, "none": [], "n": 1.5, "t": text})
}

fn item(description: String, summary: String, sample: String) -> PathItem {
    let content = ContentBuilder::new().example(Some(example(sample))).build();
    let operation = OperationBuilder::new()
        .summary(Some(summary))
        .description(Some(description.clone()))
        .parameter(
            ParameterBuilder::new()
                .name("limit")
                .parameter_in(ParameterIn::Query)
                .description(Some(description)),
        )
        .response(
            "200",
            ResponseBuilder::new()
                .description("OK")
                .content("application/json", content),
        )
        .build();
    PathItem::new(HttpMethod::Get, operation)
}

fn document(paths: Vec<(String, String, String, String)>, title: String) -> OpenApi {
    let mut builder = PathsBuilder::new();
    for (key, description, summary, sample) in paths {
        builder = builder.path(key, item(description, summary, sample));
    }
    OpenApiBuilder::new()
        .info(InfoBuilder::new().title(title).version("1").build())
        .paths(builder.build())
        .build()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn paths_serialized_side_by_side_give_the_document_serialized_whole(
        paths in prop::collection::vec((path_key(), text(), text(), text()), 0..6),
        title in text(),
    ) {
        let mut doc = document(paths, title);
        let whole = to_yaml(&doc).unwrap();
        let side_by_side = to_yaml_side_by_side(&mut doc).unwrap();
        prop_assert_eq!(&side_by_side, &whole);
        // The paths are put back.
        prop_assert_eq!(to_yaml(&doc).unwrap(), whole);
    }
}

#[test]
fn paths_with_extensions_are_serialized_whole() {
    let mut doc = document(
        vec![
            ("/a".into(), "one".into(), "s".into(), "x".into()),
            ("/b".into(), "two".into(), "s".into(), "y".into()),
        ],
        "T".into(),
    );
    let mut extensions = utoipa::openapi::extensions::Extensions::default();
    extensions.insert("x-a".into(), json!("b"));
    doc.paths.extensions = Some(extensions);
    let whole = to_yaml(&doc).unwrap();
    assert!(whole.contains("\n  x-a: b\n"), "{whole}");
    assert_eq!(to_yaml_side_by_side(&mut doc).unwrap(), whole);
}
