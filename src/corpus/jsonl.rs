//! JSON Lines: one document per line, read with a bounded buffer.
//!
//! The stream is read in blocks of about a megabyte straight from the
//! reader, and each line is a range of its block, shared by reference
//! counting: a line is not copied out of a read buffer, nor given an
//! allocation of its own, before it is parsed (on any thread).

use std::collections::VecDeque;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use super::{Entry, SourceOptions, display_path};
use crate::error::Error;

/// Bytes read at once (more when a line is longer).
const BLOCK: usize = 1 << 20;

/// The documents of one JSON Lines stream, one [`Entry`] per non-blank
/// line, read lazily.
///
/// Each line is a JSON object. The id comes from the `id_field` (a string
/// or an integer; `FILE:LINE` when it is missing), the text from the
/// `text_field` (a string). Anything wrong with one line (malformed JSON,
/// invalid UTF-8, a missing or non-string text, an empty text, a line longer
/// than `max_bytes`) becomes an error entry with id `FILE:LINE`, and reading
/// goes on with the next line. A read error ends the stream after one error
/// entry. A line is read in the block it starts in, carried into the next
/// block only while it is at most `max_bytes` long (then skipped, its
/// bytes counted, not kept), so a stream holds the block being read (1
/// MiB, or twice such a carried start) and the blocks of lines not yet
/// parsed.
pub struct JsonlEntries<R> {
    reader: R,
    meta: Arc<Meta>,
    line: u64,
    max_bytes: u64,
    /// What the last block read holds, in order.
    ready: VecDeque<Next>,
    /// The start of a line the last block cut off.
    tail: Vec<u8>,
    /// The length so far of a line over the limit being skipped, and
    /// whether its last byte so far is a `\r`.
    skipping: Option<(u64, bool)>,
    /// Bytes read at once: [`BLOCK`], less in tests.
    block: usize,
    done: bool,
}

/// What the lines of one stream share.
struct Meta {
    path: PathBuf,
    name: String,
    id_field: String,
    text_field: String,
}

/// One line of a JSON Lines stream, read but not yet parsed: [`Line::entry`]
/// parses it, on any thread, so the thread reading a stream need not
/// parse it too.
pub(crate) struct Line {
    block: Arc<Vec<u8>>,
    range: Range<usize>,
    number: u64,
    meta: Arc<Meta>,
}

/// The next item of a stream: an entry decided while reading (a read
/// error, a line over the limit), or a line to parse.
pub(crate) enum Next {
    /// Decided while reading.
    Entry(Entry),
    /// To parse ([`Line::entry`]).
    Line(Line),
}

impl<R: Read> JsonlEntries<R> {
    /// Read JSON Lines from `reader`; `path` names it in ids and errors
    /// (`-` for standard input).
    pub fn new(reader: R, path: &Path, opts: &SourceOptions) -> Self {
        JsonlEntries {
            reader,
            meta: Arc::new(Meta {
                path: path.to_path_buf(),
                name: display_path(path),
                id_field: opts.id_field.clone(),
                text_field: opts.text_field.clone(),
            }),
            line: 0,
            max_bytes: opts.max_bytes,
            ready: VecDeque::new(),
            tail: Vec::new(),
            skipping: None,
            block: BLOCK,
            done: false,
        }
    }

    /// Read the next block (at least [`BLOCK`] bytes past the start of a
    /// line it carries over, so a long line costs reads of growing size,
    /// not a copy per block) and queue its lines.
    fn fill(&mut self) {
        // Taken, not drained: a long line's start does not keep its room.
        let tail = std::mem::take(&mut self.tail);
        let carried = tail.len();
        let mut block = Vec::with_capacity(carried + carried.max(self.block));
        block.extend_from_slice(&tail);
        let want = block.capacity() - carried;
        // `read_to_end` retries interrupted reads and keeps what came
        // before an error.
        let read = (&mut self.reader).take(want as u64).read_to_end(&mut block);
        let end = match read {
            Ok(n) => n < want,
            Err(_) => true,
        };
        let block = Arc::new(block);
        let mut start = 0;
        while let Some(i) = memchr::memchr(b'\n', &block[start..]) {
            self.push(&block, start..start + i);
            start += i + 1;
        }
        match read {
            Err(source) => {
                // The line being read is lost with the stream.
                self.line += 1;
                let entry = Entry {
                    id: self.here(),
                    text: Err(Error::Io {
                        path: self.meta.path.clone(),
                        source,
                    }),
                };
                self.ready.push_back(Next::Entry(entry));
            }
            Ok(_) if end => {
                if start < block.len() || self.skipping.is_some() {
                    self.push(&block, start..block.len());
                }
            }
            Ok(_) => {
                let rest = &block[start..];
                let cr = rest.last() == Some(&b'\r');
                match &mut self.skipping {
                    Some((len, last_cr)) => {
                        *len += rest.len() as u64;
                        *last_cr = cr || (rest.is_empty() && *last_cr);
                    }
                    // One byte over the limit is kept: it may be the `\r`
                    // of CRLF.
                    None if rest.len() as u64 > self.max_bytes.saturating_add(1) => {
                        self.skipping = Some((rest.len() as u64, cr));
                    }
                    None => self.tail.extend_from_slice(rest),
                }
            }
        }
        self.done = end;
    }

    /// Queue the line at `range` of `block` (without its line feed), the
    /// end of one being skipped if one is.
    fn push(&mut self, block: &Arc<Vec<u8>>, mut range: Range<usize>) {
        self.line += 1;
        let cr = block[range.clone()].last() == Some(&b'\r');
        let len = match self.skipping.take() {
            Some((skipped, last_cr)) => {
                skipped + range.len() as u64 - u64::from(cr || (range.is_empty() && last_cr))
            }
            None => range.len() as u64 - u64::from(cr),
        };
        if len > self.max_bytes {
            let entry = Entry {
                id: self.here(),
                text: Err(Error::TooLarge {
                    path: PathBuf::from(self.here()),
                    size: len,
                    limit: self.max_bytes,
                }),
            };
            self.ready.push_back(Next::Entry(entry));
            return;
        }
        // CRLF: the `\r` belongs to the line ending.
        range.end -= usize::from(cr);
        if !block[range.clone()].trim_ascii().is_empty() {
            self.ready.push_back(Next::Line(Line {
                block: Arc::clone(block),
                range,
                number: self.line,
                meta: Arc::clone(&self.meta),
            }));
        }
    }

    /// `FILE:LINE` for the current line.
    fn here(&self) -> String {
        format!("{}:{}", self.meta.name, self.line)
    }

    /// The next entry, or the next line to parse into one.
    pub(crate) fn next_line(&mut self) -> Option<Next> {
        loop {
            if let Some(next) = self.ready.pop_front() {
                return Some(next);
            }
            if self.done {
                return None;
            }
            self.fill();
        }
    }
}

impl Next {
    /// The entry, parsing a line.
    pub(crate) fn entry(self) -> Entry {
        match self {
            Next::Entry(e) => e,
            Next::Line(l) => l.entry(),
        }
    }
}

impl Line {
    /// `FILE:LINE` for this line.
    fn here(&self) -> String {
        format!("{}:{}", self.meta.name, self.number)
    }

    fn malformed(&self, message: String) -> Entry {
        Entry {
            id: self.here(),
            text: Err(Error::Malformed {
                path: self.meta.path.clone(),
                line: self.number,
                message,
            }),
        }
    }

    /// The line's entry: its id and text, or what is wrong with it.
    pub(crate) fn entry(&self) -> Entry {
        let mut bytes = &self.block[self.range.clone()];
        if self.number == 1 {
            // Tolerate a UTF-8 byte-order mark, as some editors write one.
            bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        }
        let line = match std::str::from_utf8(bytes) {
            Ok(l) => l,
            Err(e) => {
                return self.malformed(format!(
                    "not valid UTF-8 (first bad byte at column {})",
                    e.valid_up_to() + 1
                ));
            }
        };
        let (id_field, text_field) = (&self.meta.id_field, &self.meta.text_field);
        let fields = Fields::plain(line, id_field, text_field)
            .or_else(|| Fields::of(line, id_field, text_field));
        let (id, text) = match fields {
            Some(Fields { id, text }) => (id.unwrap_or_else(|| self.here()), text),
            None => match self.parse_value(line) {
                Ok(found) => found,
                Err(entry) => return entry,
            },
        };
        if text.trim_start_matches('\u{feff}').trim().is_empty() {
            return Entry {
                id,
                ..self.malformed(format!("field `{text_field}` is empty, nothing to compare"))
            };
        }
        Entry { id, text: Ok(text) }
    }

    /// The id and text of a line that is not plainly an object with a
    /// string or integer id and a string text, through a whole
    /// [`Value`]: what went wrong becomes an error entry.
    fn parse_value(&self, line: &str) -> Result<(String, String), Entry> {
        let malformed = |message| Err(self.malformed(message));
        let mut object = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(o)) => o,
            Ok(_) => return malformed("expected a JSON object".into()),
            Err(e) => {
                let message = e.to_string();
                let message = message
                    .rsplit_once(" at line ")
                    .map_or(message.as_str(), |(m, _)| m);
                return malformed(format!("invalid JSON: {message} (column {})", e.column()));
            }
        };
        let (id_field, text_field) = (&self.meta.id_field, &self.meta.text_field);
        let id = match object.get(id_field) {
            None => self.here(),
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) if n.is_i64() || n.is_u64() => n.to_string(),
            Some(_) => {
                return malformed(format!("field `{id_field}` must be a string or an integer"));
            }
        };
        match object.remove(text_field) {
            Some(Value::String(s)) => Ok((id, s)),
            Some(_) => Err(Entry {
                id,
                ..self.malformed(format!("field `{text_field}` is not a string"))
            }),
            None => Err(Entry {
                id,
                ..self.malformed(format!("no field `{text_field}`"))
            }),
        }
    }
}

/// The id and text of a JSON object line, read without building a
/// [`Value`] (other fields are skipped unread): the common case, where the
/// id is a string or an integer and the text a string. Anything else is
/// left to [`JsonlEntries::parse_value`], which words the error.
struct Fields {
    id: Option<String>,
    text: String,
}

/// Which field a key names.
enum Key {
    Id,
    Text,
    Other,
}

impl Fields {
    fn of(line: &str, id_field: &str, text_field: &str) -> Option<Fields> {
        if id_field == text_field {
            return None;
        }
        let mut de = serde_json::Deserializer::from_str(line);
        let found = serde::de::DeserializeSeed::deserialize(
            FieldsSeed {
                id_field,
                text_field,
            },
            &mut de,
        )
        .ok()?;
        de.end().ok()?;
        Some(Fields {
            id: found.0,
            text: found.1?,
        })
    }
}

impl Fields {
    /// [`Fields::of`] by hand for the plainest lines, the bulk of a
    /// corpus: an object whose keys have no escapes and whose values are
    /// strings, numbers, `true`, `false` or `null`. A text is unescaped in
    /// one pass from the line into its `String`, runs without escapes
    /// copied whole (serde_json scans a string, copies it to a scratch
    /// buffer and then into the `String`; that was a tenth of a
    /// near-duplicate scan's CPU). Anything else (nested values, escaped
    /// keys, an id that is not a string or a plain integer, a lone
    /// surrogate, any malformed JSON) gives `None` and is left to the
    /// serde readings, which decide and word the error: this reading
    /// never accepts a line they would refuse, nor reads one differently
    /// (a property test checks both).
    fn plain(line: &str, id_field: &str, text_field: &str) -> Option<Fields> {
        if id_field == text_field {
            return None;
        }
        let mut c = Plain { line, i: 0 };
        let (mut id, mut text) = (None, None);
        c.ws();
        c.eat(b'{')?;
        c.ws();
        if c.eat(b'}').is_none() {
            loop {
                let key = c.key()?;
                c.ws();
                c.eat(b':')?;
                c.ws();
                // A repeated field keeps its last value, as elsewhere.
                if key == text_field {
                    // The rest of the line bounds the text's length.
                    let mut s = String::with_capacity(line.len() - c.i);
                    c.eat(b'"')?;
                    c.string(Some(&mut s))?;
                    text = Some(s);
                } else if key == id_field {
                    id = Some(c.id()?);
                } else {
                    c.skip_value()?;
                }
                c.ws();
                if c.eat(b',').is_some() {
                    c.ws();
                } else {
                    c.eat(b'}')?;
                    break;
                }
            }
        }
        c.ws();
        (c.i == line.len()).then_some(())?;
        Some(Fields { id, text: text? })
    }
}

/// What a one-letter escape (`\n`) stands for; 0 where the letter is not
/// one (`u` is read apart).
const ESCAPES: [u8; 256] = {
    let mut t = [0; 256];
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t[b'/' as usize] = b'/';
    t[b'b' as usize] = 0x08;
    t[b'f' as usize] = 0x0c;
    t[b'n' as usize] = b'\n';
    t[b'r' as usize] = b'\r';
    t[b't' as usize] = b'\t';
    t
};

/// A cursor over one line for [`Fields::plain`]; every method returns
/// `None` where the line leaves the plain subset.
struct Plain<'a> {
    line: &'a str,
    i: usize,
}

impl<'a> Plain<'a> {
    fn peek(&self) -> Option<u8> {
        self.line.as_bytes().get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        (self.peek() == Some(b)).then(|| self.i += 1)
    }

    /// The next index from `self.i` holding `"`, `\` or a control
    /// character (which JSON does not allow raw in a string), eight bytes
    /// at a time: a byte is flagged by the borrow-free zero-byte test
    /// (`x - 0x01.. & !x & 0x80..`), whose lowest flag is always exact.
    /// Escapes come every dozen bytes in source code, so finding the
    /// position without a byte loop is what counts.
    fn special(&self) -> usize {
        const ONES: u64 = u64::from_ne_bytes([1; 8]);
        const HIGH: u64 = ONES * 0x80;
        let zero = |x: u64| x.wrapping_sub(ONES) & !x;
        let b = self.line.as_bytes();
        let mut i = self.i;
        while let Some(chunk) = b.get(i..i + 8) {
            let v = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            let below = v.wrapping_sub(ONES * 0x20) & !v;
            let flags =
                (zero(v ^ (ONES * u64::from(b'"'))) | zero(v ^ (ONES * u64::from(b'\\'))) | below)
                    & HIGH;
            if flags != 0 {
                return i + flags.trailing_zeros() as usize / 8;
            }
            i += 8;
        }
        while b
            .get(i)
            .is_some_and(|&c| c != b'"' && c != b'\\' && c >= 0x20)
        {
            i += 1;
        }
        i
    }

    /// A key: a string without escapes.
    fn key(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let start = self.i;
        self.i = self.special();
        let key = &self.line[start..self.i];
        self.eat(b'"')?;
        Some(key)
    }

    /// The rest of a string whose opening quote is read, unescaped into
    /// `out` if there is one.
    fn string(&mut self, mut out: Option<&mut String>) -> Option<()> {
        loop {
            let start = self.i;
            self.i = self.special();
            if let Some(out) = out.as_deref_mut() {
                out.push_str(&self.line[start..self.i]);
            }
            match self.peek()? {
                b'"' => {
                    self.i += 1;
                    return Some(());
                }
                b'\\' => {
                    let e = *self.line.as_bytes().get(self.i + 1)?;
                    self.i += 2;
                    // A table, not a match: a jump on the letter is
                    // mispredicted at every other escape.
                    let c = match ESCAPES[usize::from(e)] {
                        0 if e == b'u' => self.unicode()?,
                        0 => return None,
                        one => char::from(one),
                    };
                    if let Some(out) = out.as_deref_mut() {
                        out.push(c);
                    }
                }
                _ => return None,
            }
        }
    }

    /// The character of a `\u` escape whose `\u` is read: one code unit,
    /// or a surrogate pair written as two escapes.
    fn unicode(&mut self) -> Option<char> {
        let high = self.hex4()?;
        let code = match high {
            0xd800..=0xdbff => {
                self.eat(b'\\')?;
                self.eat(b'u')?;
                let low = self.hex4()?;
                if !(0xdc00..=0xdfff).contains(&low) {
                    return None;
                }
                0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00)
            }
            0xdc00..=0xdfff => return None,
            _ => high,
        };
        char::from_u32(code)
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.line.get(self.i..self.i + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.i += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    /// A JSON number, as written.
    fn number(&mut self) -> Option<&'a str> {
        let start = self.i;
        let digits = |c: &mut Self| {
            let from = c.i;
            while c.peek().is_some_and(|b| b.is_ascii_digit()) {
                c.i += 1;
            }
            (c.i > from).then_some(())
        };
        self.eat(b'-');
        if self.eat(b'0').is_none() {
            digits(self)?;
        }
        if self.eat(b'.').is_some() {
            digits(self)?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            digits(self)?;
        }
        Some(&self.line[start..self.i])
    }

    /// An id: a string, or an integer as serde_json reads one (an integer
    /// literal that fits an `i64` or `u64`, written as it is; `-0` is
    /// left to serde_json, which reads it as `0`).
    fn id(&mut self) -> Option<String> {
        if self.eat(b'"').is_some() {
            let mut s = String::new();
            self.string(Some(&mut s))?;
            return Some(s);
        }
        let n = self.number()?;
        let fits = if n.starts_with('-') {
            n != "-0" && n.parse::<i64>().is_ok()
        } else {
            n.parse::<u64>().is_ok()
        };
        fits.then(|| n.to_owned())
    }

    /// Any value of the plain subset, skipped.
    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => {
                self.i += 1;
                self.string(None)
            }
            b't' | b'f' | b'n' => {
                let rest = &self.line[self.i..];
                let word = ["true", "false", "null"]
                    .into_iter()
                    .find(|w| rest.starts_with(w))?;
                self.i += word.len();
                Some(())
            }
            _ => self.number().map(drop),
        }
    }
}

struct FieldsSeed<'f> {
    id_field: &'f str,
    text_field: &'f str,
}

impl<'de> serde::de::DeserializeSeed<'de> for FieldsSeed<'_> {
    type Value = (Option<String>, Option<String>);

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for FieldsSeed<'_> {
    type Value = (Option<String>, Option<String>);

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut id, mut text) = (None, None);
        while let Some(key) = map.next_key_seed(KeySeed(&self))? {
            // A repeated field keeps its last value, as a `Value` map does.
            match key {
                Key::Id => id = Some(map.next_value_seed(IdSeed)?),
                Key::Text => text = Some(map.next_value::<String>()?),
                Key::Other => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok((id, text))
    }
}

struct KeySeed<'a, 'f>(&'a FieldsSeed<'f>);

impl<'de> serde::de::DeserializeSeed<'de> for KeySeed<'_, '_> {
    type Value = Key;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> serde::de::Visitor<'de> for KeySeed<'_, '_> {
    type Value = Key;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(if key == self.0.text_field {
            Key::Text
        } else if key == self.0.id_field {
            Key::Id
        } else {
            Key::Other
        })
    }
}

/// An id: a string, or an integer written in decimal.
struct IdSeed;

impl<'de> serde::de::DeserializeSeed<'de> for IdSeed {
    type Value = String;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for IdSeed {
    type Value = String;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string or an integer")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
}

impl<R: Read> Iterator for JsonlEntries<R> {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        self.next_line().map(Next::entry)
    }
}

impl<R: Read> std::iter::FusedIterator for JsonlEntries<R> {}

#[cfg(test)]
mod tests {
    use std::io::BufReader;

    use super::*;

    fn read(input: &[u8], opts: &SourceOptions) -> Vec<(String, Result<String, String>)> {
        // A tiny buffer and blocks make lines span many reads.
        let reader = BufReader::with_capacity(4, input);
        let mut entries = JsonlEntries::new(reader, Path::new("in.jsonl"), opts);
        entries.block = 7;
        entries
            .map(|e| (e.id, e.text.map_err(|e| e.to_string())))
            .collect()
    }

    /// The lines of `input` as one split gives them, for comparison.
    fn split_lines(input: &[u8], opts: &SourceOptions) -> Vec<(String, Result<String, String>)> {
        let meta = JsonlEntries::new(&b""[..], Path::new("in.jsonl"), opts).meta;
        let block = Arc::new(input.to_vec());
        let mut out = Vec::new();
        let mut start = 0;
        let mut lines: Vec<Range<usize>> = Vec::new();
        for (i, _) in input.iter().enumerate().filter(|(_, b)| **b == b'\n') {
            lines.push(start..i);
            start = i + 1;
        }
        if start < input.len() {
            lines.push(start..input.len());
        }
        for (k, mut range) in lines.into_iter().enumerate() {
            let number = k as u64 + 1;
            if input[range.clone()].last() == Some(&b'\r') {
                range.end -= 1;
            }
            if range.len() as u64 > opts.max_bytes {
                out.push((
                    format!("in.jsonl:{number}"),
                    Err(format!(
                        "in.jsonl:{number}: {} bytes is more than the {}-byte limit per document",
                        range.len(),
                        opts.max_bytes
                    )),
                ));
            } else if !input[range.clone()].trim_ascii().is_empty() {
                let line = Line {
                    block: Arc::clone(&block),
                    range,
                    number,
                    meta: Arc::clone(&meta),
                };
                let e = line.entry();
                out.push((e.id, e.text.map_err(|e| e.to_string())));
            }
        }
        out
    }

    proptest::proptest! {
        /// Lines cut anywhere by blocks of any size, CRLF split between
        /// blocks, lines over the limit: the same entries as one split.
        #[test]
        fn blocks_read_what_one_split_reads(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "{\"id\": \"a\", \"text\": \"first\"}", "{\"text\": \"no id here\"}", "\n", "\r\n",
                "\r", "  ", "{\"id\": 7, \"text\": \"a somewhat longer text than most\"}", "{", "x",
            ]), 0..16),
            block in 1..40usize,
            buffer in 1..16usize,
            max_bytes in 1..60u64,
        ) {
            let input = parts.concat();
            let opts = SourceOptions { max_bytes, ..SourceOptions::default() };
            let mut entries = JsonlEntries::new(
                BufReader::with_capacity(buffer, input.as_bytes()),
                Path::new("in.jsonl"),
                &opts,
            );
            entries.block = block;
            let got: Vec<_> = entries.map(|e| (e.id, e.text.map_err(|e| e.to_string()))).collect();
            proptest::prop_assert_eq!(got, split_lines(input.as_bytes(), &opts), "{:?}", input);
        }
    }

    #[test]
    fn lines_become_entries_and_bad_lines_errors() {
        let input = concat!(
            "{\"id\": \"a\", \"text\": \"first doc\"}\n",
            "\n",
            "   \r\n",
            "{\"id\": 42, \"text\": \"numeric id\", \"extra\": [1, 2]}\r\n",
            "{\"id\": \"c\", \"text\": \n",
            "{\"text\": \"no id\"}\n",
            "{\"id\": \"e\"}\n",
            "{\"id\": \"f\", \"text\": 7}\n",
            "[1, 2]\n",
            "{\"id\": 1.5, \"text\": \"x\"}\n",
            "{\"id\": \"g\", \"text\": \"  \"}\n",
            "{\"id\": \"last\", \"text\": \"no newline at end\"}",
        );
        let got = read(input.as_bytes(), &SourceOptions::default());
        let want: Vec<(&str, Result<&str, &str>)> = vec![
            ("a", Ok("first doc")),
            ("42", Ok("numeric id")),
            (
                "in.jsonl:5",
                Err("in.jsonl:5: invalid JSON: EOF while parsing a value (column 20)"),
            ),
            ("in.jsonl:6", Ok("no id")),
            ("e", Err("in.jsonl:7: no field `text`")),
            ("f", Err("in.jsonl:8: field `text` is not a string")),
            ("in.jsonl:9", Err("in.jsonl:9: expected a JSON object")),
            (
                "in.jsonl:10",
                Err("in.jsonl:10: field `id` must be a string or an integer"),
            ),
            (
                "g",
                Err("in.jsonl:11: field `text` is empty, nothing to compare"),
            ),
            ("last", Ok("no newline at end")),
        ];
        let got: Vec<_> = got
            .iter()
            .map(|(id, t)| (id.as_str(), t.as_deref().map_err(|e| e.as_str())))
            .collect();
        assert_eq!(got, want);
    }

    proptest::proptest! {
        /// Objects with repeated, escaped and odd fields: what the fast
        /// reading gives is what the `Value` reading gives.
        #[test]
        fn fields_equal_the_value_path(
            fields in proptest::collection::vec((0..4usize, 0..8usize), 0..5),
        ) {
            let keys = ["\"id\"", "\"text\"", "\"x\"", "\"t\\u0065xt\""];
            let values = ["\"a\\nb\"", "\"é\\\"\"", "42", "-7", "1.5", "[1, {\"id\": 2}]", "null", "\"\""];
            let body: Vec<String> = fields
                .iter()
                .map(|&(k, v)| format!("{}: {}", keys[k], values[v]))
                .collect();
            let line = format!("{{{}}}", body.join(", "));
            let entries = JsonlEntries::new(&b""[..], Path::new("in.jsonl"), &SourceOptions::default());
            let parsed = Line { block: Arc::default(), range: 0..0, number: 0, meta: entries.meta.clone() };
            let slow = parsed.parse_value(&line).ok();
            let fast = Fields::of(&line, "id", "text")
                .map(|f| (f.id.unwrap_or_else(|| entries.here()), f.text));
            // The fast reading may give up (and leave the line to the
            // other), never differ.
            if fast.is_some() {
                proptest::prop_assert_eq!(fast, slow);
            }
        }
    }

    proptest::proptest! {
        /// Lines near and beyond the plain subset: whatever the hand
        /// reading accepts, serde_json reads the same way.
        #[test]
        fn the_plain_reading_never_differs_from_serde(
            fields in proptest::collection::vec((0..6usize, 0..26usize), 0..5),
            (lead, tail) in (0..4usize, 0..4usize),
        ) {
            let keys = ["\"id\"", "\"text\"", "\"x\"", "\"t\\u0065xt\"", "\"te\u{1}xt\"", "\"idé\""];
            let values = [
                "\"a\\nb\\t\\\"\\\\\\/\\b\\f\\r\"", "\"é\\u00e9\\uD83D\\uDE00\"", "\"\\ud800\"",
                "\"\\udc00x\"", "\"\\ud800\\u0041\"", "\"\\u00g0\"", "\"\\x\"", "\"raw\u{1f}\"", "\"\u{7f}ok\"",
                "42", "-7", "-0", "0", "01", "1.5", "1e5", "-1.5E-3", "1.", "-",
                "18446744073709551616", "-9223372036854775809", "[1, {\"id\": 2}]", "null",
                "truex", "false", "\"\"",
            ];
            let spaces = ["", " ", "\t\r\n ", "x"];
            let body: Vec<String> = fields
                .iter()
                .map(|&(k, v)| format!("{}:{}", keys[k], values[v]))
                .collect();
            let line = format!("{}{{{}}}{}", spaces[lead], body.join(" ,"), spaces[tail]);
            let plain = Fields::plain(&line, "id", "text").map(|f| (f.id, f.text));
            if plain.is_some() {
                let serde = Fields::of(&line, "id", "text").map(|f| (f.id, f.text));
                proptest::prop_assert_eq!(plain, serde, "{}", line);
            }
        }

        /// Any text and id serde_json writes, the hand reading reads.
        #[test]
        fn the_plain_reading_reads_what_serde_writes(
            text in proptest::prelude::any::<String>(),
            id in proptest::prelude::any::<String>(),
        ) {
            let line = serde_json::json!({"id": id, "meta": 1.5, "text": text}).to_string();
            let plain = Fields::plain(&line, "id", "text").map(|f| (f.id, f.text));
            proptest::prop_assert_eq!(plain, Some((Some(id), text)));
        }
    }

    proptest::proptest! {
        /// The eight-byte search finds the first special byte.
        #[test]
        fn special_finds_the_first_quote_backslash_or_control(
            chars in proptest::collection::vec(proptest::sample::select(
                vec!['a', '"', '\\', '\u{1}', '\u{1f}', ' ', '!', '\u{7f}', 'é', '\u{80}', '[', ']', '😀'],
            ), 0..40),
            from in 0..40usize,
        ) {
            let line: String = chars.into_iter().collect();
            let from = (0..=from.min(line.len())).rev().find(|&i| line.is_char_boundary(i)).unwrap_or(0);
            let want = line.bytes().enumerate().skip(from)
                .find(|&(_, c)| c == b'"' || c == b'\\' || c < 0x20)
                .map_or(line.len(), |(i, _)| i);
            proptest::prop_assert_eq!(Plain { line: &line, i: from }.special(), want);
        }
    }

    #[test]
    fn escaped_text_takes_the_plain_reading() {
        let line = r#"{"id": 7, "text": "a\u00e9\ud83d\ude00\n\"b\""}"#;
        let f = Fields::plain(line, "id", "text").unwrap();
        assert_eq!(
            (f.id.as_deref(), f.text.as_str()),
            (Some("7"), "aé😀\n\"b\"")
        );
    }

    #[test]
    fn plain_lines_take_the_fast_reading() {
        let f = Fields::of(
            r#"{"id": 7, "meta": {"a": [1]}, "text": "x\ty"}"#,
            "id",
            "text",
        );
        assert!(f.is_some_and(|f| f.id.as_deref() == Some("7") && f.text == "x\ty"));
    }

    #[test]
    fn custom_fields_and_a_leading_bom() {
        let opts = SourceOptions {
            id_field: "url".into(),
            text_field: "body".into(),
            ..SourceOptions::default()
        };
        let got = read(
            b"\xef\xbb\xbf{\"url\": \"u\", \"body\": \"b\", \"text\": 1}\n",
            &opts,
        );
        assert_eq!(got, vec![("u".into(), Ok("b".into()))]);
    }

    #[test]
    fn long_lines_are_skipped_without_buffering() {
        let opts = SourceOptions {
            max_bytes: 40,
            ..SourceOptions::default()
        };
        let long = format!("{{\"id\": \"big\", \"text\": \"{}\"}}\n", "x".repeat(1000));
        let input = format!("{long}{{\"id\": \"ok\", \"text\": \"fits\"}}\n{long}");
        let mut entries = JsonlEntries::new(
            BufReader::with_capacity(8, input.as_bytes()),
            Path::new("in.jsonl"),
            &opts,
        );
        entries.block = 8;
        let first = entries.next().unwrap();
        assert_eq!(first.id, "in.jsonl:1");
        assert_eq!(
            first.text.unwrap_err().to_string(),
            "in.jsonl:1: 1025 bytes is more than the 40-byte limit per document"
        );
        assert!(entries.tail.capacity() <= 64, "{}", entries.tail.capacity());
        assert_eq!(entries.next().unwrap().text.unwrap(), "fits");
        assert_eq!(entries.next().unwrap().id, "in.jsonl:3");
        assert!(entries.next().is_none());
        assert!(entries.next().is_none());
    }

    #[test]
    fn a_skipped_lines_crlf_split_between_blocks_is_its_line_ending() {
        let opts = SourceOptions {
            max_bytes: 1,
            ..SourceOptions::default()
        };
        // Blocks of one byte once the line is over the limit (before, a
        // block is as long as the start it carries): the `\r` ends one
        // block and the `\n` starts the next while the line is skipped.
        let mut entries = JsonlEntries::new(&b"abcdef\r\nx\n"[..], Path::new("in.jsonl"), &opts);
        entries.block = 1;
        let got: Vec<_> = entries.map(|e| e.text.map_err(|e| e.to_string())).collect();
        assert_eq!(
            got,
            [
                Err("in.jsonl:1: 6 bytes is more than the 1-byte limit per document".into()),
                Err("in.jsonl:2: invalid JSON: expected value (column 1)".into()),
            ]
        );
    }

    #[test]
    fn invalid_utf8_is_an_error_for_its_line_only() {
        let got = read(
            b"{\"text\": \"caf\xe9\"}\n{\"id\": \"b\", \"text\": \"fine\"}\n",
            &SourceOptions::default(),
        );
        assert_eq!(got[0].0, "in.jsonl:1");
        assert_eq!(
            got[0].1,
            Err("in.jsonl:1: not valid UTF-8 (first bad byte at column 14)".into())
        );
        assert_eq!(got[1], ("b".into(), Ok("fine".into())));
    }

    #[test]
    fn a_read_error_ends_the_stream_with_one_entry() {
        struct Failing;
        impl std::io::Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk on fire"))
            }
        }
        let entries: Vec<_> = JsonlEntries::new(
            BufReader::new(Failing),
            Path::new("in.jsonl"),
            &SourceOptions::default(),
        )
        .collect();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].id, "in.jsonl:1");
        assert!(entries[0].text.is_err());
    }
}
