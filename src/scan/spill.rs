//! Texts of candidate documents set aside between the second reading of a
//! scan and the stages that need them (verification, passage alignment),
//! or, in a scan for near-duplicates alone, every document's shingle-hash
//! set from the first reading.
//!
//! On a large corpus a third of the documents or more can take part in some
//! candidate pair; holding their texts would cost kilobytes per document.
//! The texts go instead to an anonymous temporary file (the `tempfile`
//! crate: removed by the operating system when the scan ends, even on a
//! crash), and memory keeps only where each one is. The stages read them
//! back a batch of pairs at a time, mostly from the page cache.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
#[cfg(not(unix))]
use std::io::{Read, Seek, SeekFrom};
#[cfg(not(unix))]
use std::sync::Mutex;

use crate::error::{Error, Result};

/// Where one text lies in the file.
#[derive(Debug, Clone, Copy)]
struct Slot {
    offset: u64,
    len: u64,
}

/// Texts being written, numbered by document.
#[derive(Debug)]
pub(crate) struct SpillWriter {
    file: BufWriter<File>,
    slots: HashMap<u32, Slot>,
    end: u64,
}

/// Texts set aside, read back by document number (from several threads).
#[derive(Debug)]
pub(crate) struct Spill {
    file: File,
    /// Readers take turns where the file has no positioned reads.
    #[cfg(not(unix))]
    turn: Mutex<()>,
    slots: HashMap<u32, Slot>,
}

/// A failure of the temporary file, named by its directory (`TMPDIR`
/// chooses another).
fn io_error(source: std::io::Error) -> Error {
    Error::Io {
        path: std::env::temp_dir(),
        source,
    }
}

impl SpillWriter {
    /// A new, empty spill in the system's temporary directory.
    pub(crate) fn new() -> Result<Self> {
        let file = tempfile::tempfile().map_err(io_error)?;
        Ok(SpillWriter {
            file: BufWriter::with_capacity(1 << 20, file),
            slots: HashMap::new(),
            end: 0,
        })
    }

    /// Set aside the text of document `d` (a text given twice keeps the
    /// first).
    pub(crate) fn put(&mut self, d: u32, text: &str) -> Result<()> {
        self.put_bytes(d, text.as_bytes())
    }

    /// Set aside the sorted shingle-hash set of document `d`, as
    /// native-endian bytes: the file lives only as long as this process
    /// ([`Spill::get_u64s`]).
    pub(crate) fn put_u64s(&mut self, d: u32, values: &[u64]) -> Result<()> {
        self.put_bytes(d, bytemuck::cast_slice(values))
    }

    fn put_bytes(&mut self, d: u32, bytes: &[u8]) -> Result<()> {
        if self.slots.contains_key(&d) {
            return Ok(());
        }
        let len = bytes.len() as u64;
        self.file.write_all(bytes).map_err(io_error)?;
        self.slots.insert(
            d,
            Slot {
                offset: self.end,
                len,
            },
        );
        self.end += len;
        Ok(())
    }

    /// Whether document `d` was set aside.
    pub(crate) fn contains(&self, d: u32) -> bool {
        self.slots.contains_key(&d)
    }

    /// How many documents were set aside.
    pub(crate) fn len(&self) -> u32 {
        self.slots.len() as u32
    }

    /// Done writing: the texts, ready to be read.
    pub(crate) fn finish(self) -> Result<Spill> {
        let file = self
            .file
            .into_inner()
            .map_err(|e| io_error(e.into_error()))?;
        Ok(Spill {
            file,
            #[cfg(not(unix))]
            turn: Mutex::new(()),
            slots: self.slots,
        })
    }
}

impl Spill {
    /// Whether document `d` was set aside.
    pub(crate) fn contains(&self, d: u32) -> bool {
        self.slots.contains_key(&d)
    }

    /// The text of document `d`, `None` when it was not set aside.
    ///
    /// # Errors
    ///
    /// The file cannot be read back.
    pub(crate) fn get(&self, d: u32) -> Result<Option<String>> {
        let Some(buf) = self.get_bytes(d)? else {
            return Ok(None);
        };
        // Written from a `&str`, so the bytes are UTF-8 unless the file was
        // altered underneath.
        String::from_utf8(buf)
            .map(Some)
            .map_err(|e| io_error(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
    }

    /// The values set aside for document `d` with [`SpillWriter::put_u64s`],
    /// `None` when none were.
    ///
    /// # Errors
    ///
    /// The file cannot be read back.
    pub(crate) fn get_u64s(&self, d: u32) -> Result<Option<Vec<u64>>> {
        let Some(slot) = self.slots.get(&d).copied() else {
            return Ok(None);
        };
        let mut values = vec![0u64; slot.len as usize / 8];
        self.read_at(slot.offset, bytemuck::cast_slice_mut(&mut values))?;
        Ok(Some(values))
    }

    fn get_bytes(&self, d: u32) -> Result<Option<Vec<u8>>> {
        let Some(slot) = self.slots.get(&d).copied() else {
            return Ok(None);
        };
        let mut buf = vec![0u8; slot.len as usize];
        self.read_at(slot.offset, &mut buf)?;
        Ok(Some(buf))
    }

    /// Fill `buf` from the file at `offset`.
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<()> {
        // Positioned reads need no lock: verification reads sets from both
        // workers at once.
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileExt;
            self.file.read_exact_at(buf, offset).map_err(io_error)
        }
        #[cfg(not(unix))]
        {
            // A poisoned lock only means another reader panicked; the file
            // itself is still whole.
            let _turn = self.turn.lock().unwrap_or_else(|p| p.into_inner());
            let mut file = &self.file;
            file.seek(SeekFrom::Start(offset))
                .and_then(|_| file.read_exact(buf))
                .map_err(io_error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_come_back_as_written() {
        let mut w = SpillWriter::new().unwrap();
        w.put(7, "seven é").unwrap();
        w.put(2, "").unwrap();
        w.put(9, "nine").unwrap();
        w.put(7, "ignored").unwrap();
        assert!(w.contains(2) && !w.contains(3));
        let s = w.finish().unwrap();
        assert_eq!(s.get(9).unwrap().as_deref(), Some("nine"));
        assert_eq!(s.get(7).unwrap().as_deref(), Some("seven é"));
        assert_eq!(s.get(2).unwrap().as_deref(), Some(""));
        assert_eq!(s.get(3).unwrap(), None);
    }

    #[test]
    fn values_come_back_as_written() {
        let mut w = SpillWriter::new().unwrap();
        w.put_u64s(1, &[0, 7, u64::MAX]).unwrap();
        w.put_u64s(4, &[]).unwrap();
        let s = w.finish().unwrap();
        assert_eq!(s.get_u64s(1).unwrap(), Some(vec![0, 7, u64::MAX]));
        assert_eq!(s.get_u64s(4).unwrap(), Some(vec![]));
        assert_eq!(s.get_u64s(2).unwrap(), None);
    }
}
