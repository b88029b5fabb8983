//! Keys that tell when two schemas are written alike, for sharing them.
//!
//! A schema's key stands for its whole JSON text, descriptions and vendor
//! data included, but is built from the bottom up: the schema's own text,
//! each subschema in it replaced by that subschema's key, hashed (XXH3,
//! 128 bits). Two schemas written alike get the same key; two written
//! differently, different keys (a collision among the few thousand spots of
//! a document is as likely as one among git's object ids). Each part of a
//! document is serialized once this way: keying each spot by its whole
//! serialized subtree wrote a nested schema again for every schema around
//! it, a twentieth of `gen`'s instructions on Cinder, and held the texts.

use utoipa::openapi::schema::Schema;
use utoipa::openapi::{Ref, RefOr};

use super::for_each_child;

/// A schema's key: see the module doc.
pub(super) type Key = u128;

/// Makes keys, keeping the sharable spots it meets.
#[derive(Default)]
pub(super) struct Keyer {
    /// Each sharable spot met, by the address of its schema, with its key.
    pub(super) found: Vec<(usize, Key)>,
    /// The text being hashed, reused from one schema to the next.
    text: Vec<u8>,
    /// The subschemas standing aside meanwhile, by their place among the
    /// schema's (reused alike: a schema is 784 bytes, and a list of them
    /// made anew per schema was 3.5 MB of allocations on Cinder).
    aside: Vec<(usize, RefOr<Schema>)>,
}

impl Keyer {
    /// `schema`'s key, made after its subschemas' (which, like `schema`
    /// itself, go into [`Keyer::found`] when sharable). `None` when the
    /// schema cannot be serialized, as then its whole text could not be.
    pub(super) fn key(&mut self, schema: &mut Schema) -> Option<Key> {
        // The subschemas that stand apart in the schema's text: every one
        // that has subschemas of its own or is sharable, as each of those
        // has a key. The rest (a `string` property) stay in the text: they
        // hold no spot, and keying each of them on its own cost more than
        // it saved.
        let mut inner: Vec<Option<Key>> = Vec::new();
        let mut failed = false;
        for_each_child(schema, |slot, _, _| match slot {
            RefOr::T(child) => {
                let key = stands_apart(child).then(|| self.key(child));
                failed |= key == Some(None);
                inner.push(key.flatten());
            }
            _ => inner.push(None),
        });
        if failed {
            return None;
        }
        // Those step aside while the schema's own text is hashed, each
        // replaced by a reference to its key: no document reference holds
        // a NUL, so none reads like one of these.
        let aside = &mut self.aside;
        aside.clear();
        let mut at = 0;
        for_each_child(schema, |slot, _, _| {
            if let Some(key) = inner.get(at).copied().flatten() {
                aside.push((at, std::mem::replace(slot, placeholder(key))));
            }
            at += 1;
        });
        self.text.clear();
        let written = serde_json::to_writer(&mut self.text, &*schema);
        let mut back = self.aside.drain(..).peekable();
        let mut at = 0;
        for_each_child(schema, |slot, _, _| {
            if let Some((_, child)) = back.next_if(|(i, _)| *i == at) {
                *slot = child;
            }
            at += 1;
        });
        drop(back);
        written.ok()?;
        let key = xxhash_rust::xxh3::xxh3_128(&self.text);
        if sharable(schema) {
            self.found.push(((&raw const *schema).addr(), key));
        }
        Some(key)
    }
}

/// Whether a subschema is keyed on its own (see [`Keyer::key`]).
fn stands_apart(schema: &mut Schema) -> bool {
    if sharable(schema) {
        return true;
    }
    let mut any = false;
    for_each_child(schema, |_, _, _| any = true);
    any
}

/// A reference that stands for the subschema with key `key`: `$ref` NUL
/// and the key in hex (`format!` took about a fifth of the keys' instructions).
fn placeholder(key: Key) -> RefOr<Schema> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(33);
    text.push('\0');
    for shift in (0..32).rev() {
        text.push(char::from(HEX[((key >> (shift * 4)) & 0xf) as usize]));
    }
    RefOr::Ref(Ref::new(text))
}

/// Whether a schema is worth a component of its own: an object with
/// properties (or typed values), or a choice of shapes.
pub(super) fn sharable(schema: &Schema) -> bool {
    match schema {
        Schema::Object(o) => !o.properties.is_empty() || o.additional_properties.is_some(),
        Schema::OneOf(_) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema(value: serde_json::Value) -> Schema {
        serde_json::from_value(value).expect("a schema")
    }

    fn key(value: serde_json::Value) -> Key {
        let mut schema = schema(value);
        let before = serde_json::to_string(&schema).expect("serializes");
        let key = Keyer::default().key(&mut schema).expect("a key");
        // The subschemas are back in place.
        assert_eq!(serde_json::to_string(&schema).expect("serializes"), before);
        key
    }

    #[test]
    fn schemas_written_alike_share_a_key_and_no_other_does() {
        let volume = |size: &str| {
            json!({"type": "object", "properties": {
                "volume": {"type": "object", "properties": {
                    "size": {"type": size},
                    "tags": {"type": "array", "items": {"type": "object",
                        "properties": {"k": {"type": "string"}}}}}}}})
        };
        assert_eq!(key(volume("integer")), key(volume("integer")));
        assert_ne!(key(volume("integer")), key(volume("string")));
        // A subschema in place of a reference to it is not the reference.
        let inline = json!({"type": "object", "properties": {"a": {"type": "object",
            "properties": {"b": {"type": "string"}}}}});
        let referenced = json!({"type": "object", "properties": {"a": {
            "$ref": "#/components/schemas/A"}}});
        assert_ne!(key(inline), key(referenced));
        // Where a subschema sits counts, as in the text.
        let first = json!({"type": "object", "properties": {
            "a": {"type": "object", "properties": {"x": {"type": "string"}}},
            "b": {"type": "string"}}});
        let second = json!({"type": "object", "properties": {
            "a": {"type": "string"},
            "b": {"type": "object", "properties": {"x": {"type": "string"}}}}});
        assert_ne!(key(first), key(second));
    }

    #[test]
    fn every_sharable_spot_is_found_once_with_its_key() {
        let mut schema = schema(json!({"type": "object", "properties": {
            "a": {"type": "object", "properties": {"x": {"type": "string"}}},
            "b": {"type": "object", "properties": {"x": {"type": "string"}}},
            "c": {"type": "string"}}}));
        let mut keyer = Keyer::default();
        let root = keyer.key(&mut schema).expect("a key");
        let keys: Vec<Key> = keyer.found.iter().map(|(_, key)| *key).collect();
        // `a` and `b` (alike), then the root; `c` is not sharable.
        assert_eq!(keys.len(), 3);
        assert_eq!(keys[0], keys[1]);
        assert_eq!(keys[2], root);
        assert_eq!(keyer.found[2].0, (&raw const schema).addr());
    }
}
