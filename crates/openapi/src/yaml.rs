//! YAML text as serde-saphyr writes it (`indent_step: 2`, its other
//! options left alone), byte for byte, for a fraction of the work.
//!
//! Why a writer of our own: serializing was the largest single step of
//! `gen` on Cinder (about a seventh of its CPU). Most of that went into
//! serde-saphyr weighing each of some 20,000 keys and 12,000 strings
//! against every YAML rule (about 1,700 instructions a key), although
//! nearly all are short plain words: `type`, `description`, `in`.
//!
//! What is written here: block mappings and sequences, the empty `{}` and
//! `[]`, integers, booleans, `null`, keys that are plain words for certain
//! (`plain_key`), and strings whose style is certain (`style`): plain,
//! double-quoted, or a literal block (`|-`). The rest is handed to
//! serde-saphyr, one node at a time, and its text put in place: a key
//! that may need quoting, a string it may fold (`>-`) or whose quoting
//! rules are not repeated here, a float. A block's body is indented by the
//! node's depth: serde-saphyr lays a node out relative to its parent alone
//! (a fixed step per level, folding by the text's own width, empty lines
//! of a block left unindented), which is also what lets `gen` serialize
//! the paths side by side.
//!
//! A construct this writer does not lay out at all (an enum variant with
//! data, bytes, a non-string key, a scalar document) sends the whole
//! document to serde-saphyr: [`to_string`] is serde-saphyr's output in
//! every case. Tests hold the two to the same bytes on generated
//! documents and on every corpus tree's specs.

use std::collections::HashMap;
use std::fmt::{self, Write as _};

use serde::Serialize;
use serde::ser::{self, Impossible};

/// The width past which serde-saphyr may fold a one-line string
/// (`folded_wrap_chars`, 80 by default), in bytes: no longer string is
/// written plain here.
const FOLD_WIDTH: usize = 80;

/// The longest key written plain here: serde-saphyr writes very long keys
/// as explicit (`? key`) entries.
const KEY_WIDTH: usize = 128;

/// `value` as YAML: serde-saphyr's text, written here where this writer
/// can ([`fast`]), else by serde-saphyr.
pub fn to_string<T: Serialize>(value: &T) -> Result<String, String> {
    fast(value).or_else(|Unsupported| reference(value))
}

/// `value` as serde-saphyr writes it, with the options speclift uses.
pub fn reference<T: Serialize>(value: &T) -> Result<String, String> {
    let options = serde_saphyr::ser_options! { indent_step: 2 };
    serde_saphyr::to_string_with_options(value, options).map_err(|e| e.to_string())
}

/// `value` as YAML, written here, or [`Unsupported`] if it holds a
/// construct this writer leaves to serde-saphyr (or serde-saphyr failed on
/// a node it was handed).
pub fn fast<T: Serialize>(value: &T) -> Result<String, Unsupported> {
    let mut writer = Writer {
        out: String::new(),
        place: Place::Top,
        keys: HashMap::new(),
    };
    value.serialize(&mut writer)?;
    Ok(writer.out)
}

/// serde-saphyr's text for a one-entry mapping `key: value`: how it
/// writes a key, or a string as a value, which this writer puts in place.
fn entry<V: Serialize>(key: &str, value: V) -> Result<String, Unsupported> {
    reference(&std::collections::BTreeMap::from([(key, value)])).map_err(|_| Unsupported)
}

/// What [`fast`] leaves to serde-saphyr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsupported;

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a construct the YAML writer leaves to serde-saphyr")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unsupported
    }
}

/// Where the next node goes. Levels count indentation steps (two spaces).
#[derive(Clone, Copy)]
enum Place {
    /// The document itself.
    Top,
    /// After `key:` of a mapping entry whose key is at this level.
    Value(usize),
    /// After `- ` of a sequence item whose dash is at this level.
    Item(usize),
}

struct Writer {
    out: String,
    place: Place,
    /// Keys serde-saphyr was asked to write, with its text for them: a
    /// quoted key (`"200"`, a path) recurs across a document.
    keys: HashMap<String, String>,
}

impl Writer {
    fn indent(&mut self, level: usize) {
        for _ in 0..level {
            self.out.push_str("  ");
        }
    }

    /// What goes before a scalar at the current place: the space after
    /// `key:` (a dash brings its own). A scalar document is left to
    /// serde-saphyr.
    fn lead(&mut self) -> Result<(), Unsupported> {
        match self.place {
            Place::Top => return Err(Unsupported),
            Place::Value(_) => self.out.push(' '),
            Place::Item(_) => {}
        }
        Ok(())
    }

    /// A one-line scalar's text, on the line the place leaves it.
    fn scalar(&mut self, text: &str) -> Result<(), Unsupported> {
        self.lead()?;
        self.out.push_str(text);
        self.out.push('\n');
        Ok(())
    }

    fn number(&mut self, number: impl fmt::Display) -> Result<(), Unsupported> {
        self.lead()?;
        let _ = writeln!(self.out, "{number}");
        Ok(())
    }

    fn string(&mut self, s: &str) -> Result<(), Unsupported> {
        match style(s) {
            Style::Plain => self.scalar(s),
            Style::Quoted => {
                self.lead()?;
                self.out.push('"');
                // Printable ASCII only (see `style`): no other escapes.
                let mut start = 0;
                for at in memchr::memchr2_iter(b'"', b'\\', s.as_bytes()) {
                    self.out.push_str(s.get(start..at).unwrap_or_default());
                    self.out.push('\\');
                    start = at;
                }
                self.out.push_str(s.get(start..).unwrap_or_default());
                self.out.push_str("\"\n");
                Ok(())
            }
            Style::Literal => self.literal(s),
            Style::Unsure => self.delegated(s),
        }
    }

    /// A literal block (`|`), as serde-saphyr writes one: the indentation
    /// indicator when the first line starts with spaces, the chomping
    /// indicator by the trailing line breaks, the body one level below
    /// the key or dash, its empty lines left empty.
    fn literal(&mut self, s: &str) -> Result<(), Unsupported> {
        let level = match self.place {
            Place::Top => return Err(Unsupported),
            Place::Value(level) | Place::Item(level) => level + 1,
        };
        self.lead()?;
        let content = s.trim_end_matches('\n');
        let trailing = s.len() - content.len();
        self.out.push('|');
        let first_line = content.split('\n').find(|line| !line.is_empty());
        if first_line.is_some_and(|line| line.starts_with(' ')) {
            self.out.push('2');
        }
        match trailing {
            0 => self.out.push('-'),
            1 if !content.is_empty() => {}
            _ => self.out.push('+'),
        }
        self.out.push('\n');
        if content.is_empty() {
            self.out.extend(std::iter::repeat_n('\n', trailing));
            return Ok(());
        }
        let mut start = 0;
        let ends = memchr::memchr_iter(b'\n', content.as_bytes()).chain([content.len()]);
        for end in ends {
            if end > start {
                self.indent(level);
                self.out
                    .push_str(content.get(start..end).unwrap_or_default());
            }
            self.out.push('\n');
            start = end + 1;
        }
        self.out
            .extend(std::iter::repeat_n('\n', trailing.saturating_sub(1)));
        Ok(())
    }

    /// A string this writer is not sure of, as serde-saphyr writes it.
    fn delegated(&mut self, s: &str) -> Result<(), Unsupported> {
        // serde-saphyr's text for the string as the value of a top-level
        // key `k`: `k: "…"`, `k: plain`, or `k: >-` and a body indented one
        // level. Here the body is one level below the key or the dash the
        // string follows: `extra` levels deeper.
        let extra = match self.place {
            Place::Top => return Err(Unsupported),
            Place::Value(level) | Place::Item(level) => level,
        };
        let text = entry("k", s)?;
        let rest = text.strip_prefix("k: ").ok_or(Unsupported)?;
        let (head, body) = rest.split_once('\n').ok_or(Unsupported)?;
        self.scalar(head)?;
        for line in body.split_inclusive('\n') {
            // Empty lines of a block stay empty.
            if line != "\n" {
                self.indent(extra);
            }
            self.out.push_str(line);
        }
        Ok(())
    }

    fn key(&mut self, key: &str) -> Result<(), Unsupported> {
        if plain_key(key) {
            self.out.push_str(key);
        } else if let Some(text) = self.keys.get(key) {
            self.out.push_str(text);
        } else {
            // serde-saphyr's text for `key: 0`, a one-line entry unless the
            // key had to be written as an explicit one.
            let entry = entry(key, 0)?;
            let text = entry.strip_suffix(": 0\n").ok_or(Unsupported)?;
            if text.contains('\n') || text.starts_with("? ") {
                return Err(Unsupported);
            }
            self.out.push_str(text);
            self.keys.insert(key.to_string(), text.to_string());
        }
        self.out.push(':');
        Ok(())
    }

    /// Opens a mapping or a sequence at the current place.
    fn open(&mut self, kind: Kind) -> Compound<'_> {
        let (level, start) = match (self.place, kind) {
            (Place::Top, _) => (0, Start::Line),
            (Place::Value(level), Kind::Map) => (level + 1, Start::NextLine),
            // Sequence items sit at their key's level (`- ` then counts as
            // indentation).
            (Place::Value(level), Kind::Seq) => (level, Start::NextLine),
            (Place::Item(level), _) => (level + 1, Start::Inline),
        };
        Compound {
            opened_at: self.place,
            writer: self,
            kind,
            level,
            start,
            empty: true,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Map,
    Seq,
}

/// Where a collection's first entry goes.
#[derive(Clone, Copy)]
enum Start {
    /// At the start of the line, indented (the document).
    Line,
    /// On a line of its own, after the `key:` that holds the collection.
    NextLine,
    /// On the current line, after the `- ` that holds the collection.
    Inline,
}

struct Compound<'w> {
    writer: &'w mut Writer,
    opened_at: Place,
    kind: Kind,
    /// The level of the collection's keys or dashes.
    level: usize,
    start: Start,
    empty: bool,
}

impl Compound<'_> {
    /// Starts a key or an item: the line break and indentation before it.
    fn entry(&mut self) {
        let at_start = std::mem::replace(&mut self.empty, false);
        match (at_start, self.start) {
            (true, Start::Inline) => {}
            (true, Start::NextLine) => {
                self.writer.out.push('\n');
                self.writer.indent(self.level);
            }
            _ => self.writer.indent(self.level),
        }
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.entry();
        self.writer.out.push_str("- ");
        self.writer.place = Place::Item(self.level);
        value.serialize(&mut *self.writer)
    }

    fn map_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unsupported> {
        self.entry();
        key.serialize(KeySink(self.writer))
    }

    fn map_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.writer.place = Place::Value(self.level);
        value.serialize(&mut *self.writer)
    }

    fn close(self) -> Result<(), Unsupported> {
        if self.empty {
            self.writer.place = self.opened_at;
            self.writer.scalar(match self.kind {
                Kind::Map => "{}",
                Kind::Seq => "[]",
            })?;
        }
        Ok(())
    }
}

/// How serde-saphyr writes a string as a block mapping's value or a
/// block sequence's item.
enum Style {
    /// As it is, on one line.
    Plain,
    /// In double quotes, on one line.
    Quoted,
    /// As a literal block (`|`).
    Literal,
    /// Not known here: serde-saphyr is asked.
    Unsure,
}

/// The style serde-saphyr gives `s`, where this is certain.
///
/// serde-saphyr writes a string with a line break as a literal block when
/// every character can stand in one; a one-line string of up to 80 bytes
/// plain unless a YAML 1.1 or 1.2 reader would take it for another type
/// or for structure, and else in double quotes; longer ones it may fold.
/// Here a one-line string of printable ASCII is:
/// - quoted when it is empty, a word YAML reads as a boolean, null or
///   float, has a space at either end, starts with an indicator (`#`,
///   `` ` ``, `[`…), or holds `: ` or ` #` or ends with `:`;
/// - plain when it is none of those and starts with a letter, `/`, `$` or
///   `(`, which no number, date or indicator does; or when it starts with
///   a digit yet cannot be a number or a date (see [`numberlike`]).
///
/// Everything else (other first characters, other characters, long
/// strings) is [`Style::Unsure`].
fn style(s: &str) -> Style {
    let bytes = s.as_bytes();
    if memchr::memchr(b'\n', bytes).is_some() {
        // Printable ASCII, tabs and line breaks are checked a byte at a time.
        let ascii = |b: &u8| matches!(b, b'\n' | b'\t' | 0x20..=0x7e);
        return if bytes.iter().all(ascii) || s.chars().all(block_safe) {
            Style::Literal
        } else {
            Style::Unsure
        };
    }
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return Style::Quoted;
    };
    if bytes.len() > FOLD_WIDTH {
        return Style::Unsure;
    }
    if !bytes.iter().all(|b| (0x20..0x7f).contains(b)) {
        return Style::Unsure;
    }
    // `: ` or ` #`, found from the (few) colons and hashes.
    let structure = memchr::memchr2_iter(b':', b'#', bytes).any(|at| {
        let after_colon = bytes.get(at) == Some(&b':') && bytes.get(at + 1) == Some(&b' ');
        let after_space =
            at > 0 && bytes.get(at) == Some(&b'#') && bytes.get(at - 1) == Some(&b' ');
        after_colon || after_space
    });
    const INDICATORS: &[u8] = b",:[]{}#&*!|>'\"%@`";
    let quoted = reserved(s)
        || structure
        || last == b':'
        || first == b' '
        || last == b' '
        || INDICATORS.contains(&first);
    // No number, date or indicator starts with these.
    let word = first.is_ascii_alphabetic() || matches!(first, b'/' | b'$' | b'(');
    if quoted {
        Style::Quoted
    } else if word || (first.is_ascii_digit() && !numberlike(bytes)) {
        Style::Plain
    } else {
        Style::Unsure
    }
}

/// Whether a string of printable ASCII starting with a digit may be read
/// as a number or a date by a YAML 1.1 reader, as serde-saphyr judges it.
/// `false` only when it cannot be:
/// - a base-60 number needs a `:`;
/// - with `_` (dropped before the number is read) and `0b`, `0o`, `0x`
///   (other digits) aside, a number holds only digits, `.`, `e`, `E`, `+`
///   and `-`;
/// - a date is digits and `-`, and a time after it holds a `:`.
fn numberlike(bytes: &[u8]) -> bool {
    let radix = bytes.first() == Some(&b'0')
        && matches!(bytes.get(1), Some(b'b' | b'B' | b'o' | b'O' | b'x' | b'X'));
    radix
        || bytes.iter().any(|b| matches!(b, b':' | b'_'))
        || bytes
            .iter()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
}

/// Whether `c` can stand in a block scalar as it is (serde-saphyr's
/// `is_block_scalar_content_safe`): no carriage return, byte-order mark,
/// line or paragraph separator, or other control character but tab.
fn block_safe(c: char) -> bool {
    match c {
        '\n' | '\t' => true,
        '\u{2028}' | '\u{2029}' | '\u{FEFF}' => false,
        c => matches!(
            c as u32,
            0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x0010_FFFF
        ),
    }
}

/// Whether serde-saphyr writes `key`, as a block mapping's key, as it is.
/// Keys are held to more than values (a key may also be written in flow
/// style): no `:`, `,`, brackets, braces, `#` or space at all.
fn plain_key(key: &str) -> bool {
    let bytes = key.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    bytes.len() <= KEY_WIDTH
        && (first.is_ascii_alphabetic() || first == b'/' || first == b'$')
        && bytes.iter().all(|&b| {
            (0x21..0x7f).contains(&b)
                && !matches!(b, b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#')
        })
        && !reserved(key)
}

/// The words a YAML 1.1 or 1.2 reader takes for a boolean, null or
/// float, in any case.
fn reserved(s: &str) -> bool {
    const WORDS: [&str; 11] = [
        "y", "n", "on", "no", "off", "yes", "nan", "inf", "true", "null", "false",
    ];
    s.len() <= 5 && WORDS.iter().any(|word| s.eq_ignore_ascii_case(word))
}

/// Integers, written as Rust (and serde-saphyr) spells them.
macro_rules! integers {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(fn $method(self, v: $ty) -> Result<(), Unsupported> {
            self.number(v)
        })*
    };
}

/// The compound methods neither serializer lays out: enum variants with
/// data and tuples (serde-saphyr writes these; no document here has them).
macro_rules! unsupported_compounds {
    () => {
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<(), Unsupported> {
            Err(Unsupported)
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> {
            Err(Unsupported)
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, Unsupported> {
            Err(Unsupported)
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, Unsupported> {
            Err(Unsupported)
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, Unsupported> {
            Err(Unsupported)
        }
    };
}

impl<'w> ser::Serializer for &'w mut Writer {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Compound<'w>;
    type SerializeTuple = Impossible<(), Unsupported>;
    type SerializeTupleStruct = Impossible<(), Unsupported>;
    type SerializeTupleVariant = Impossible<(), Unsupported>;
    type SerializeMap = Compound<'w>;
    type SerializeStruct = Compound<'w>;
    type SerializeStructVariant = Impossible<(), Unsupported>;

    unsupported_compounds!();

    fn serialize_bool(self, v: bool) -> Result<(), Unsupported> {
        self.scalar(if v { "true" } else { "false" })
    }
    integers! {
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64,
    }
    fn serialize_f32(self, v: f32) -> Result<(), Unsupported> {
        self.serialize_f64(f64::from(v))
    }
    /// serde-saphyr's own spelling of the float (`1.0e+300`, `.nan`).
    fn serialize_f64(self, v: f64) -> Result<(), Unsupported> {
        let text = reference(&v).map_err(|_| Unsupported)?;
        let text = text.strip_suffix('\n').ok_or(Unsupported)?;
        if text.contains('\n') {
            return Err(Unsupported);
        }
        self.scalar(text)
    }
    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        self.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        self.string(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_none(self) -> Result<(), Unsupported> {
        self.scalar("null")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        self.scalar("null")
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        self.scalar("null")
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Unsupported> {
        self.string(variant)
    }
    /// serde-saphyr gives newtypes of its own (`LitStr`, `Commented`…)
    /// a style; theirs are named `__…`.
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        if name.starts_with("__") {
            return Err(Unsupported);
        }
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'w>, Unsupported> {
        Ok(self.open(Kind::Seq))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'w>, Unsupported> {
        Ok(self.open(Kind::Map))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'w>, Unsupported> {
        Ok(self.open(Kind::Map))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.item(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close()
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unsupported> {
        self.map_key(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.map_value(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close()
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        self.map_key(key)?;
        self.map_value(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close()
    }
}

/// Scalar methods that leave the node to serde-saphyr.
macro_rules! unsupported_scalars {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(fn $method(self, _: $ty) -> Result<(), Unsupported> {
            Err(Unsupported)
        })*
    };
}

/// A mapping key: a string (or a character), written with its `:`.
/// Anything else is left to serde-saphyr.
struct KeySink<'w>(&'w mut Writer);

impl ser::Serializer for KeySink<'_> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Impossible<(), Unsupported>;
    type SerializeTuple = Impossible<(), Unsupported>;
    type SerializeTupleStruct = Impossible<(), Unsupported>;
    type SerializeTupleVariant = Impossible<(), Unsupported>;
    type SerializeMap = Impossible<(), Unsupported>;
    type SerializeStruct = Impossible<(), Unsupported>;
    type SerializeStructVariant = Impossible<(), Unsupported>;

    unsupported_compounds!();

    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        self.0.key(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        self.0.key(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        if name.starts_with("__") {
            return Err(Unsupported);
        }
        value.serialize(self)
    }
    unsupported_scalars! {
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_f32: f32, serialize_f64: f64,
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_none(self) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, Unsupported> {
        Err(Unsupported)
    }
}
