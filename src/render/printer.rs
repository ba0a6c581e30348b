//! The seam between a command and its output format, after ripgrep's sink
//! and printers: a command hands each result, or the failure that replaced
//! it, to a [`Printer`] in input order, then a [`Summary`]; each format is
//! one implementation. Every command uses the same printers, so every
//! format behaves the same way everywhere:
//!
//! * [`Human`] renders each item with the command's view, a blank line
//!   between items; failures are left to the error messages on stderr.
//! * [`Json`] writes one JSON document: the item itself for a single result,
//!   or an object holding the command's fields, the array of results
//!   (failures in place) and the summary, streamed as results come.
//! * [`JsonLines`] writes one object per line, failures in place, and ends
//!   with a summary record `{"summary": …}`.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

use crate::report::{Failure, Summary};

/// Where a command's results go (see the module docs).
pub trait Printer<T> {
    /// One result, in input order.
    ///
    /// # Errors
    ///
    /// Writing failed.
    fn item(&mut self, item: &T) -> io::Result<()>;

    /// An input that failed, in input order.
    ///
    /// # Errors
    ///
    /// Writing failed.
    fn error(&mut self, failure: &Failure) -> io::Result<()>;

    /// The end of the run.
    ///
    /// # Errors
    ///
    /// Writing failed.
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
}

/// Human views: each item through `view`, blank lines between items.
pub struct Human<'w, F> {
    out: &'w mut dyn Write,
    view: F,
    first: bool,
}

impl<'w, F> Human<'w, F> {
    /// A printer writing each item with `view`.
    pub fn new(out: &'w mut dyn Write, view: F) -> Self {
        Human {
            out,
            view,
            first: true,
        }
    }
}

impl<T, F: FnMut(&mut dyn Write, &T) -> io::Result<()>> Printer<T> for Human<'_, F> {
    fn item(&mut self, item: &T) -> io::Result<()> {
        if !self.first {
            writeln!(self.out)?;
        }
        self.first = false;
        (self.view)(self.out, item)
    }

    fn error(&mut self, _: &Failure) -> io::Result<()> {
        Ok(())
    }

    fn finish(&mut self, _: &Summary) -> io::Result<()> {
        Ok(())
    }
}

/// The JSON object that stands for a failure in JSON output.
pub type FailureRecord = fn(&Failure) -> Value;

/// One JSON document (see the module docs).
pub struct Json<'w> {
    out: &'w mut dyn Write,
    shape: JsonShape,
    failure: FailureRecord,
    items: usize,
}

/// The shape of a [`Json`] document.
pub enum JsonShape {
    /// Exactly one result, written as it is (pretty); a failure writes
    /// nothing (the error message says it all).
    Single,
    /// An object: `fields` in order, then `key` holding the array of
    /// results, then `summary` when `with_summary` is set.
    Many {
        /// Leading fields, e.g. the schema version and parameters.
        fields: Vec<Field>,
        /// Name of the results array.
        key: &'static str,
        /// Close with the run's summary.
        with_summary: bool,
    },
}

impl<'w> Json<'w> {
    /// A JSON printer; `failure` makes the record written for a failure.
    pub fn new(out: &'w mut dyn Write, shape: JsonShape, failure: FailureRecord) -> Self {
        Json {
            out,
            shape,
            failure,
            items: 0,
        }
    }

    /// Write one element of the results array, pretty and indented as
    /// `serde_json` would indent it inside the whole document.
    fn element(&mut self, value: &impl Serialize) -> io::Result<()> {
        let JsonShape::Many { fields, key, .. } = &self.shape else {
            return Ok(());
        };
        if self.items == 0 {
            writeln!(self.out, "{{")?;
            for f in fields {
                writeln!(self.out, "  {}: {},", quoted(f.name), f.pretty)?;
            }
            write!(self.out, "  {}: [\n    ", quoted(key))?;
        } else {
            write!(self.out, ",\n    ")?;
        }
        self.items += 1;
        write!(self.out, "{}", indented(value, "    ")?)
    }
}

impl<T: Serialize> Printer<T> for Json<'_> {
    fn item(&mut self, item: &T) -> io::Result<()> {
        match self.shape {
            JsonShape::Single => super::json::pretty(self.out, item),
            JsonShape::Many { .. } => self.element(item),
        }
    }

    fn error(&mut self, failure: &Failure) -> io::Result<()> {
        let record = (self.failure)(failure);
        self.element(&record)
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let JsonShape::Many {
            fields,
            key,
            with_summary,
        } = &self.shape
        else {
            return Ok(());
        };
        if self.items == 0 {
            writeln!(self.out, "{{")?;
            for f in fields {
                writeln!(self.out, "  {}: {},", quoted(f.name), f.pretty)?;
            }
            write!(self.out, "  {}: []", quoted(key))?;
        } else {
            write!(self.out, "\n  ]")?;
        }
        if *with_summary {
            write!(self.out, ",\n  \"summary\": {}", indented(summary, "  ")?)?;
        }
        writeln!(self.out, "\n}}")
    }
}

/// A leading field of a [`JsonShape::Many`] document: its name and its
/// value, serialized once (fields keep their declared order).
pub struct Field {
    name: &'static str,
    pretty: String,
}

impl Field {
    /// The field `name` holding `value`.
    ///
    /// # Errors
    ///
    /// `value` cannot be serialized.
    pub fn new(name: &'static str, value: &impl Serialize) -> io::Result<Self> {
        Ok(Field {
            name,
            pretty: indented(value, "  ")?,
        })
    }
}

fn quoted(s: &str) -> String {
    Value::from(s).to_string()
}

/// `value` as pretty JSON whose lines after the first are indented by
/// `indent`, to sit inside an enclosing pretty document.
fn indented(value: &impl Serialize, indent: &str) -> io::Result<String> {
    let text = serde_json::to_string_pretty(value)?;
    Ok(text.replace('\n', &format!("\n{indent}")))
}

/// JSON Lines (see the module docs).
pub struct JsonLines<'w> {
    out: &'w mut dyn Write,
    failure: FailureRecord,
}

impl<'w> JsonLines<'w> {
    /// A JSON Lines printer; `failure` makes the record written for a
    /// failure.
    pub fn new(out: &'w mut dyn Write, failure: FailureRecord) -> Self {
        JsonLines { out, failure }
    }
}

impl<T: Serialize> Printer<T> for JsonLines<'_> {
    fn item(&mut self, item: &T) -> io::Result<()> {
        super::json::line(self.out, item)
    }

    fn error(&mut self, failure: &Failure) -> io::Result<()> {
        super::json::line(self.out, &(self.failure)(failure))
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        super::json::line(self.out, &serde_json::json!({ "summary": summary }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Status;

    fn failure(f: &Failure) -> Value {
        serde_json::json!({"path": f.inputs[0], "error": f.error})
    }

    fn summary() -> Summary {
        Summary::new(2, 1, 0)
    }

    #[test]
    fn many_is_one_document_equal_to_pretty_serde() {
        for n in [0, 1, 3] {
            let mut buf = Vec::new();
            let mut p = Json::new(
                &mut buf,
                JsonShape::Many {
                    fields: vec![
                        Field::new("schema_version", &1).unwrap(),
                        Field::new("params", &serde_json::json!({"k": [1, 2]})).unwrap(),
                    ],
                    key: "results",
                    with_summary: true,
                },
                failure,
            );
            let items: Vec<Value> = (0..n).map(|i| serde_json::json!({"i": i, "v": [i]})).collect();
            for it in &items {
                p.item(it).unwrap();
            }
            Printer::<Value>::finish(&mut p, &summary()).unwrap();
            #[derive(Serialize)]
            struct Whole {
                schema_version: u32,
                params: Value,
                results: Vec<Value>,
                summary: Summary,
            }
            let want = serde_json::to_string_pretty(&Whole {
                schema_version: 1,
                params: serde_json::json!({"k": [1, 2]}),
                results: items,
                summary: summary(),
            })
            .unwrap();
            assert_eq!(String::from_utf8(buf).unwrap(), want + "\n", "{n} items");
        }
    }

    #[test]
    fn failures_stand_in_place() {
        let mut buf = Vec::new();
        let mut p = JsonLines::new(&mut buf, failure);
        Printer::<Value>::item(&mut p, &serde_json::json!({"i": 1})).unwrap();
        Printer::<Value>::error(
            &mut p,
            &Failure {
                inputs: vec!["x.txt".into()],
                error: "x.txt: empty".into(),
            },
        )
        .unwrap();
        Printer::<Value>::finish(&mut p, &summary()).unwrap();
        let lines: Vec<Value> = String::from_utf8(buf)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[1]["error"], "x.txt: empty");
        assert_eq!(lines[2]["summary"]["status"], "error");
        assert_eq!(summary().status, Status::Error);
    }
}
