//! Bodies in media types other than JSON (`ir::Media`): object data,
//! plain-text listings, XML. Their schema is a string (binary data says
//! so with `contentMediaType`); their examples are kept as written text.

use std::collections::BTreeSet;

use speclift_model::{Media, TextSample};
use utoipa::openapi::example::Example;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::{Content, RefOr};

/// The content entry of one media body.
pub(crate) fn content(media: &Media) -> Content {
    let description = media.description.trim();
    let description = (!description.is_empty()).then(|| description.to_string());
    if is_json(&media.media_type) {
        // JSON no field documents: any value.
        let any = ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::SchemaType::AnyValue)
            .description(description);
        return Content::new(Some(RefOr::T(Schema::Object(any.build()))));
    }
    let mut schema = ObjectBuilder::new()
        .schema_type(Type::String)
        .description(description);
    if media.binary {
        schema = schema.content_media_type(media.media_type.clone());
    }
    let mut content = Content::new(Some(RefOr::T(Schema::Object(schema.build()))));
    let mut used = BTreeSet::new();
    for sample in &media.samples {
        let (key, example) = example(sample, &mut used);
        content.examples.insert(key, RefOr::T(example));
    }
    content
}

/// `application/json`, `application/problem+json`.
fn is_json(media_type: &str) -> bool {
    media_type == "application/json" || media_type.ends_with("+json")
}

/// The bodies of several variants merged by media type, in first-seen
/// order, samples appended.
pub(crate) fn merged<'m>(bodies: impl Iterator<Item = &'m Media>) -> Vec<Media> {
    let mut out: Vec<Media> = Vec::new();
    for m in bodies {
        match out.iter_mut().find(|o| o.media_type == m.media_type) {
            Some(o) => {
                for s in &m.samples {
                    if !o.samples.contains(s) {
                        o.samples.push(s.clone());
                    }
                }
            }
            None => out.push(m.clone()),
        }
    }
    out
}

fn example(sample: &TextSample, used: &mut BTreeSet<String>) -> (String, Example) {
    let mut base = String::new();
    for c in sample.title.chars() {
        if c.is_ascii_alphanumeric() {
            base.push(c.to_ascii_lowercase());
        } else if !base.is_empty() && !base.ends_with('-') {
            base.push('-');
        }
    }
    let base = match base.trim_end_matches('-') {
        "" => "example".to_string(),
        b => b.to_string(),
    };
    let key = crate::claim_unique(used, &base, "-");
    let mut example = Example::new();
    example.summary = if sample.title.trim().is_empty() {
        key.clone()
    } else {
        sample.title.trim().to_string()
    };
    example.value = Some(serde_json::Value::String(sample.text.clone()));
    (key, example)
}

#[cfg(test)]
mod tests {
    use super::*;
    use speclift_diag::{Location, path};

    #[test]
    fn binary_bodies_name_their_media_type_and_text_keeps_its_examples() {
        let data = Media {
            media_type: "application/octet-stream".into(),
            description: "The data.".into(),
            binary: true,
            samples: vec![],
        };
        let v = serde_json::to_value(content(&data)).unwrap();
        assert_eq!(v["schema"]["type"], "string");
        assert_eq!(v["schema"]["contentMediaType"], "application/octet-stream");
        let sample = TextSample {
            title: "Example ``format=xml`` reply".into(),
            text: "<a/>".into(),
            location: Location::new(path("g.rst"), 3, 1),
        };
        let xml = Media {
            media_type: "application/xml".into(),
            description: String::new(),
            binary: false,
            samples: vec![sample.clone(), sample],
        };
        let v = serde_json::to_value(content(&xml)).unwrap();
        assert!(v["schema"].get("contentMediaType").is_none());
        assert_eq!(v["examples"]["example-format-xml-reply"]["value"], "<a/>");
        assert_eq!(v["examples"]["example-format-xml-reply-2"]["value"], "<a/>");
        // Variants showing the same example give it once.
        let one = Media {
            samples: vec![xml.samples[0].clone()],
            ..xml.clone()
        };
        assert_eq!(merged([&one, &one].into_iter())[0].samples.len(), 1);
    }
}
