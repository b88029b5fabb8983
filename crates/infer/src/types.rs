//! JSON types as a small set, and the documented type names (`string`,
//! `uuid`, `dict`, …) mapped onto them.

use std::fmt;

/// A set of JSON Schema types. Empty means "any type" (no `type` keyword).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Types(u8);

impl Types {
    pub const ANY: Types = Types(0);
    pub const NULL: Types = Types(1);
    pub const BOOLEAN: Types = Types(1 << 1);
    pub const INTEGER: Types = Types(1 << 2);
    pub const NUMBER: Types = Types(1 << 3);
    pub const STRING: Types = Types(1 << 4);
    pub const ARRAY: Types = Types(1 << 5);
    pub const OBJECT: Types = Types(1 << 6);

    /// Output order of a `type` list: fixed so schemas are deterministic.
    const ORDER: [(Types, &'static str); 7] = [
        (Types::OBJECT, "object"),
        (Types::ARRAY, "array"),
        (Types::STRING, "string"),
        (Types::INTEGER, "integer"),
        (Types::NUMBER, "number"),
        (Types::BOOLEAN, "boolean"),
        (Types::NULL, "null"),
    ];

    pub fn is_any(self) -> bool {
        self.0 == 0
    }

    pub fn has(self, t: Types) -> bool {
        self.0 & t.0 != 0
    }

    /// The union. `any` absorbs everything; `number` absorbs `integer`
    /// (every integer is a JSON Schema number).
    pub fn union(self, other: Types) -> Types {
        if self.is_any() || other.is_any() {
            return Types::ANY;
        }
        Types(self.0 | other.0).normalized()
    }

    pub fn with(self, t: Types) -> Types {
        Types(self.0 | t.0).normalized()
    }

    /// The part of `self` that is in `t`.
    pub fn only(self, t: Types) -> Types {
        Types(self.0 & t.0)
    }

    pub fn without(self, t: Types) -> Types {
        Types(self.0 & !t.0)
    }

    fn normalized(self) -> Types {
        if self.has(Types::NUMBER) {
            self.without(Types::INTEGER)
        } else {
            self
        }
    }

    /// Whether every value of `sample` types (other than null) is also a
    /// value of `self`.
    pub fn accepts(self, sample: Types) -> bool {
        if self.is_any() {
            return true;
        }
        Types::ORDER.iter().all(|&(t, _)| {
            t == Types::NULL
                || !sample.has(t)
                || self.has(t)
                || (t == Types::INTEGER && self.has(Types::NUMBER))
        })
    }

    /// The type names in output order.
    pub fn names(self) -> Vec<&'static str> {
        Types::ORDER
            .iter()
            .filter(|(t, _)| self.has(*t))
            .map(|&(_, n)| n)
            .collect()
    }

    pub fn of(value: &serde_json::Value) -> Types {
        use serde_json::Value;
        match value {
            Value::Null => Types::NULL,
            Value::Bool(_) => Types::BOOLEAN,
            // `1.0` is an integer for JSON Schema too.
            Value::Number(n) if n.is_i64() || n.is_u64() => Types::INTEGER,
            Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => Types::INTEGER,
            Value::Number(_) => Types::NUMBER,
            Value::String(_) => Types::STRING,
            Value::Array(_) => Types::ARRAY,
            Value::Object(_) => Types::OBJECT,
        }
    }
}

impl fmt::Display for Types {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_any() {
            return f.write_str("any");
        }
        f.write_str(&self.names().join(" or "))
    }
}

/// What a documented type name means in JSON Schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Declared {
    pub types: Types,
    pub format: Option<&'static str>,
}

/// The type names the api-ref docs use, as listed in the os-api-ref
/// parameter schema, plus the obvious JSON spellings.
pub const KNOWN_TYPES: &str =
    "string, integer, float, number, boolean, uuid, list, array, dict, object, none";

/// Maps a documented type name; `None` when the name is not a known type.
pub fn declared(ty: &str) -> Option<Declared> {
    let plain = |types| Declared {
        types,
        format: None,
    };
    Some(match ty.trim().to_ascii_lowercase().as_str() {
        "string" | "str" => plain(Types::STRING),
        "uuid" => Declared {
            types: Types::STRING,
            format: Some("uuid"),
        },
        "integer" | "int" => plain(Types::INTEGER),
        "float" | "number" | "double" => plain(Types::NUMBER),
        "boolean" | "bool" => plain(Types::BOOLEAN),
        "list" | "array" => plain(Types::ARRAY),
        "dict" | "object" => plain(Types::OBJECT),
        "none" | "null" => plain(Types::NULL),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn documented_names_map_to_json_types() {
        let cases = [
            ("string", Types::STRING, None),
            ("uuid", Types::STRING, Some("uuid")),
            ("integer", Types::INTEGER, None),
            ("float", Types::NUMBER, None),
            ("boolean", Types::BOOLEAN, None),
            ("list", Types::ARRAY, None),
            ("array", Types::ARRAY, None),
            ("dict", Types::OBJECT, None),
            ("object", Types::OBJECT, None),
            ("none", Types::NULL, None),
            (" Boolean ", Types::BOOLEAN, None),
        ];
        for (name, types, format) in cases {
            assert_eq!(declared(name), Some(Declared { types, format }), "{name}");
        }
        assert_eq!(declared("strin"), None);
        assert_eq!(declared(""), None);
    }

    #[test]
    fn number_absorbs_integer_and_any_absorbs_all() {
        assert_eq!(Types::INTEGER.union(Types::NUMBER), Types::NUMBER);
        assert_eq!(Types::STRING.union(Types::ANY), Types::ANY);
        assert_eq!(
            Types::STRING.union(Types::NULL).names(),
            vec!["string", "null"]
        );
    }

    #[test]
    fn accepts_ignores_null_and_widens_integer() {
        assert!(Types::NUMBER.accepts(Types::INTEGER.with(Types::NULL)));
        assert!(!Types::INTEGER.accepts(Types::NUMBER));
        assert!(!Types::STRING.accepts(Types::INTEGER));
        assert!(Types::ANY.accepts(Types::OBJECT));
    }

    #[test]
    fn value_types() {
        assert_eq!(Types::of(&json!(1)), Types::INTEGER);
        assert_eq!(Types::of(&json!(1.0)), Types::INTEGER);
        assert_eq!(Types::of(&json!(1.5)), Types::NUMBER);
        assert_eq!(Types::of(&json!(null)), Types::NULL);
        assert_eq!(Types::of(&json!({})), Types::OBJECT);
    }
}
