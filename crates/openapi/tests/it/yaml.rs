//! `to_yaml_side_by_side` (each path serialized on its own and indented
//! under `paths:`) against `to_yaml` (the document in one piece).

use proptest::prelude::*;
use serde_json::{Value, json};
use speclift_openapi::{to_yaml, to_yaml_side_by_side, yaml};
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

/// Keys that stress the writer's plain-key test: words YAML reads as other
/// types, numbers, paths with braces, spaces, indicators, long keys.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z$/][a-zA-Z0-9_./-]{0,10}",
        Just(String::new()),
        Just("200".to_string()),
        Just("Yes".to_string()),
        Just("NULL".to_string()),
        Just("~".to_string()),
        Just("<<".to_string()),
        Just("-a".to_string()),
        Just("$ref".to_string()),
        Just("a b".to_string()),
        Just("x-openstack".to_string()),
        Just("/v2/{project_id}".to_string()),
        Just("é".to_string()),
        "[a-z]{120,140}",
        text(),
    ]
}

/// Strings as examples hold them: the layout stressors of [`text`] and
/// short words, numbers and dates that must stay strings.
fn string() -> impl Strategy<Value = String> {
    prop_oneof![
        text(),
        "[a-zA-Z/][a-zA-Z0-9 ./:#-]{0,20}",
        "[a-z ]{75,85}",
        // Digits first: numbers, dates, versions, ids.
        "[0-9][0-9a-fxoEe.:_+-]{0,12}",
        "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([T ][0-9:.]{1,12})?",
        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}",
        // Any printable first character, any character after.
        "[ -~][ -~]{0,12}",
        "[ -~\t\r\n\u{85}\u{a0}\u{2028}\u{feff}é]{0,16}",
        // Line breaks beside what a block cannot hold.
        "[a \t\r\n\u{85}\u{2028}\u{2029}\u{feff}\u{7f}]{1,6}",
        Just("on".to_string()),
        Just("Off".to_string()),
        Just(".inf".to_string()),
        Just("0x1F".to_string()),
        Just("1_000".to_string()),
        Just("a:".to_string()),
        Just("http://x/y#z".to_string()),
    ]
}

/// Any JSON value: the layout of nested mappings and sequences (empty
/// ones too) in every place.
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        prop_oneof![Just(1.0), Just(-0.0), Just(1e300), Just(0.1), any::<f64>()]
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        string().prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..5)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]
    /// The writer gives serde-saphyr's bytes, and writes every mapping
    /// itself: a value holds nothing it leaves to serde-saphyr whole.
    #[test]
    fn the_writer_gives_serde_saphyrs_text_for_any_value(
        entries in prop::collection::vec((key(), value()), 1..6),
    ) {
        let value = Value::Object(entries.into_iter().collect());
        let fast = yaml::fast(&value);
        prop_assert!(fast.is_ok(), "left to serde-saphyr whole");
        prop_assert_eq!(fast.unwrap(), yaml::reference(&value).unwrap());
    }

    #[test]
    fn the_writer_gives_serde_saphyrs_text_for_documents(
        paths in prop::collection::vec((path_key(), text(), text(), text()), 0..6),
        title in text(),
    ) {
        let doc = document(paths, title);
        prop_assert_eq!(yaml::fast(&doc).unwrap(), yaml::reference(&doc).unwrap());
    }
}

#[test]
fn the_writer_lays_out_what_serde_saphyr_does_in_every_place() {
    let long =
        "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq";
    let value = json!({
        "a": [[1, 2], [3, [4, 5]], [], {}, [[]], [{}]],
        "b": {"c": [{"d": 1, "e": [{"f": "x\ny"}]}], "g": {}},
        "t": "line one\nline two",
        "u": [" lead\nx", "x\n\n\ny\n", "", "\n", ["p\nq", long], "a\r\nb", "a\u{2028}\nb", "\u{feff}a\nb", "\n\n a\n", "\ta\nb"],
        "w": long,
        "x": {"y": {"z": long, "80": "a".repeat(80), "81": "a".repeat(81)}},
        "n": null, "f": 1.5, "g": 1e300, "h": -0.0, "e": "", "i": -3,
        "k": {"": 1, "a b": 2, "y": 3, "1": 4, "$ref": 5, "/a/{b}": 6, "200": {"200": 7}},
        "s": ["yes", "No", "null", "nan", "a: b", "a #b", "a#b", "a:", "http://x", "/v2", "é", "a\tb"],
    });
    assert_eq!(
        yaml::fast(&value).unwrap(),
        yaml::reference(&value).unwrap()
    );
}

#[test]
fn what_the_writer_does_not_lay_out_goes_to_serde_saphyr_whole() {
    use std::collections::BTreeMap;
    // A non-string key, a scalar document, an empty one.
    let numbered: BTreeMap<u16, &str> = [(200, "OK")].into_iter().collect();
    assert_eq!(yaml::fast(&numbered), Err(yaml::Unsupported));
    assert_eq!(yaml::to_string(&numbered), yaml::reference(&numbered));
    assert_eq!(yaml::fast(&"a"), Err(yaml::Unsupported));
    assert_eq!(yaml::to_string(&"a"), yaml::reference(&"a"));
    let empty: BTreeMap<String, String> = BTreeMap::new();
    assert_eq!(yaml::to_string(&empty), yaml::reference(&empty));
}
