//! Bytes → text: byte-order marks, the binary rule, strict UTF-8, legacy
//! encodings by label, and detection.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use encoding_rs::{DecoderResult, UTF_8, UTF_16BE, UTF_16LE};

use crate::error::{Error, Result};

/// How the bytes of a file are turned into text.
///
/// A byte-order mark always wins: UTF-8 with a BOM is read as UTF-8 (the
/// BOM stays in the text, so byte offsets still match the file), and UTF-16
/// with a BOM is decoded to UTF-8 (the BOM is dropped). Without a BOM the
/// variant decides. Decoding is strict in every case: a byte sequence that
/// is not valid in the chosen encoding is an error naming its offset, never
/// a silent U+FFFD.
///
/// Parsed from the CLI's `--encoding` value: `auto`, or any WHATWG label
/// (`utf-8`, `windows-1252`, `latin1`, `shift_jis`, `utf-16le`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// Strict UTF-8 (the default).
    #[default]
    Utf8,
    /// One named encoding, as `encoding_rs` knows it.
    Label(&'static encoding_rs::Encoding),
    /// UTF-8 when the bytes are valid UTF-8, else the legacy encoding
    /// `chardetng` finds most likely.
    Auto,
}

impl FromStr for Encoding {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let label = s.trim();
        if label.eq_ignore_ascii_case("auto") {
            return Ok(Encoding::Auto);
        }
        match encoding_rs::Encoding::for_label_no_replacement(label.as_bytes()) {
            Some(enc) if enc == UTF_8 => Ok(Encoding::Utf8),
            Some(enc) => Ok(Encoding::Label(enc)),
            None => Err(format!(
                "unknown encoding '{label}' (use `auto` or a WHATWG label such as \
                 utf-8, windows-1252, latin1, shift_jis, utf-16le)"
            )),
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Encoding::Utf8 => f.write_str("utf-8"),
            Encoding::Label(enc) => f.write_str(&enc.name().to_ascii_lowercase()),
            Encoding::Auto => f.write_str("auto"),
        }
    }
}

/// Check and decode the bytes of one document (the size limit is checked
/// by the caller).
pub(super) fn decode_bytes(path: &Path, bytes: Vec<u8>, encoding: Encoding) -> Result<String> {
    let wide = |enc: &'static encoding_rs::Encoding| enc == UTF_16LE || enc == UTF_16BE;
    let bom = encoding_rs::Encoding::for_bom(&bytes).map(|(enc, len)| {
        // A UTF-8 BOM stays in the text: offsets keep matching the file.
        if enc == UTF_8 { (enc, 0) } else { (enc, len) }
    });
    let forced = match (bom, encoding) {
        (Some((enc, skip)), _) => Some((enc, skip)),
        (None, Encoding::Utf8) => Some((UTF_8, 0)),
        (None, Encoding::Label(enc)) => Some((enc, 0)),
        (None, Encoding::Auto) => None,
    };
    // The binary rule runs before any decoding, on 16-bit units for UTF-16.
    match forced {
        Some((enc, skip)) if wide(enc) => check_binary(path, &bytes, skip, 2)?,
        _ => check_binary(path, &bytes, 0, 1)?,
    }
    let (enc, skip) = forced.unwrap_or_else(|| (detect(&bytes), 0));
    let text = if enc == UTF_8 {
        String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
            path: path.to_path_buf(),
            offset: e.utf8_error().valid_up_to() as u64,
        })?
    } else {
        decode_strict(enc, &bytes[skip..]).map_err(|offset| Error::Decode {
            path: path.to_path_buf(),
            encoding: enc.name(),
            offset: (skip + offset) as u64,
        })?
    };
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(text)
}

/// More than 1% of the `unit`-byte code units after `skip` are zero: binary.
fn check_binary(path: &Path, bytes: &[u8], skip: usize, unit: usize) -> Result<()> {
    let body = bytes.get(skip..).unwrap_or_default();
    let total = body.len() / unit;
    let (nuls, first) = zero_units(body, unit);
    if nuls * 100 > total {
        return Err(Error::Binary {
            path: path.to_path_buf(),
            offset: first.map_or(0, |i| skip + i * unit) as u64,
        });
    }
    Ok(())
}

/// How many whole `unit`-byte code units of `body` are zero, and the
/// index of the first.
fn zero_units(body: &[u8], unit: usize) -> (usize, Option<usize>) {
    if unit == 1 {
        // Bytes: memchr finds them many at a time (a loop over one-byte
        // units was a tenth of reading a document).
        return (
            memchr::memchr_iter(0, body).count(),
            memchr::memchr(0, body),
        );
    }
    let mut nuls = 0usize;
    let mut first = None;
    for (i, u) in body.chunks_exact(unit).enumerate() {
        if u.iter().all(|&b| b == 0) {
            nuls += 1;
            first.get_or_insert(i);
        }
    }
    (nuls, first)
}

/// Bytes `chardetng` sees: it runs at about 10 MiB/s, a hundred times
/// slower than decoding, and a few pages of text are all it needs.
const DETECT_BYTES: usize = 64 << 10;

/// UTF-8 when the bytes are valid UTF-8, else `chardetng`'s guess from
/// [`DETECT_BYTES`] bytes starting shortly before the first non-ASCII
/// byte (ASCII alone says nothing about a legacy encoding).
fn detect(bytes: &[u8]) -> &'static encoding_rs::Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    let first = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(0);
    let start = first.saturating_sub(1024);
    let sample = &bytes[start..bytes.len().min(start + DETECT_BYTES)];
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// Decode `src` as `enc` without BOM handling; a malformed sequence gives
/// the byte offset where it starts.
fn decode_strict(enc: &'static encoding_rs::Encoding, src: &[u8]) -> Result<String, usize> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    // Start near the input size and grow when needed, rather than reserving
    // the worst case (three bytes out per byte in) up front.
    let mut out = String::with_capacity(src.len() + src.len() / 4 + 16);
    let mut read = 0;
    loop {
        let (result, n) =
            decoder.decode_to_string_without_replacement(&src[read..], &mut out, true);
        read += n;
        match result {
            DecoderResult::InputEmpty => return Ok(out),
            DecoderResult::OutputFull => out.reserve((src.len() - read) / 2 + 16),
            DecoderResult::Malformed(bad, extra) => {
                return Err(read - bad as usize - extra as usize);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(bytes: &[u8], encoding: Encoding) -> Result<String> {
        decode_bytes(Path::new("x.txt"), bytes.to_vec(), encoding)
    }

    proptest::proptest! {
        #[test]
        fn zero_bytes_are_counted_as_one_byte_units(
            body in proptest::collection::vec(proptest::sample::select(vec![0u8, 1, b'a', 0xff]), 0..64),
        ) {
            let by_units = body
                .iter()
                .enumerate()
                .filter(|&(_, &b)| b == 0)
                .fold((0, None), |(n, first): (usize, Option<usize>), (i, _)| {
                    (n + 1, first.or(Some(i)))
                });
            proptest::prop_assert_eq!(zero_units(&body, 1), by_units);
        }
    }

    #[test]
    fn labels_parse() {
        assert_eq!("auto".parse::<Encoding>(), Ok(Encoding::Auto));
        assert_eq!("UTF8".parse::<Encoding>(), Ok(Encoding::Utf8));
        let latin1 = Encoding::Label(encoding_rs::WINDOWS_1252);
        assert_eq!("windows-1252".parse::<Encoding>(), Ok(latin1));
        assert_eq!("latin1".parse::<Encoding>(), Ok(latin1));
        assert_eq!(latin1.to_string(), "windows-1252");
        assert_eq!(
            "shift_jis".parse::<Encoding>(),
            Ok(Encoding::Label(encoding_rs::SHIFT_JIS))
        );
        let e = "klingon".parse::<Encoding>().unwrap_err();
        assert!(e.contains("unknown encoding 'klingon'"), "{e}");
        // The WHATWG "replacement" encoding decodes nothing; it is refused.
        assert!("iso-2022-kr".parse::<Encoding>().is_err());
    }

    #[test]
    fn strict_utf8_error_names_the_option() {
        let e = dec(b"ab\xffcd", Encoding::Utf8).unwrap_err().to_string();
        assert_eq!(
            e,
            "x.txt: not valid UTF-8 (first bad byte at offset 2); \
             use --encoding LABEL (e.g. windows-1252) or --encoding auto"
        );
    }

    #[test]
    fn windows_1252_by_label() {
        let bytes = b"caf\xe9 \x93quoted\x94 \x80 5";
        let enc = "windows-1252".parse().unwrap();
        assert_eq!(
            dec(bytes, enc).unwrap(),
            "caf\u{e9} \u{201c}quoted\u{201d} \u{20ac} 5"
        );
        // Strict decoding elsewhere: 0x82 0x20 is not Shift_JIS.
        let e = dec(b"ok \x82 no", "shift_jis".parse().unwrap()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.txt: not valid Shift_JIS (first bad byte at offset 3)"
        );
    }

    #[test]
    fn auto_detects_latin1_french() {
        let sample = "Le gouvernement a annoncé jeudi une réforme de l'école \
            publique. Les élèves étudieront davantage le français et les \
            mathématiques, a déclaré la ministre, qui espère que les résultats \
            s'amélioreront d'ici à l'été prochain. The ministry said the \
            changes would be reviewed after a year; critics were not convinced \
            that « ces mesures » suffiraient à rétablir la confiance.";
        let (bytes, _, lossy) = encoding_rs::WINDOWS_1252.encode(sample);
        assert!(!lossy);
        assert!(std::str::from_utf8(&bytes).is_err());
        assert_eq!(dec(&bytes, Encoding::Auto).unwrap(), sample);
        // Valid UTF-8 stays UTF-8 under auto.
        assert_eq!(dec(sample.as_bytes(), Encoding::Auto).unwrap(), sample);
        // Detected from the first non-ASCII bytes, past a long ASCII start
        // and before a long tail.
        let long = format!(
            "{}{sample}{}",
            "plain words ".repeat(20_000),
            sample.repeat(400)
        );
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&long);
        assert!(bytes.len() > 4 * DETECT_BYTES);
        assert_eq!(dec(&bytes, Encoding::Auto).unwrap(), long);
    }

    #[test]
    fn boms() {
        // UTF-16LE and BE with a BOM are decoded, the BOM dropped, whatever
        // the option says.
        let mut le = vec![0xff, 0xfe];
        let mut be = vec![0xfe, 0xff];
        for u in "héllo wörld".encode_utf16() {
            le.extend(u.to_le_bytes());
            be.extend(u.to_be_bytes());
        }
        for enc in [Encoding::Utf8, Encoding::Auto] {
            assert_eq!(dec(&le, enc).unwrap(), "héllo wörld");
            assert_eq!(dec(&be, enc).unwrap(), "héllo wörld");
        }
        // An unpaired surrogate is an error at its offset (BOM included).
        let e = dec(b"\xff\xfea\0\x00\xd8b\0", Encoding::Utf8).unwrap_err();
        assert!(e.to_string().contains("not valid UTF-16LE"), "{e}");
        assert!(e.to_string().contains("offset 4"), "{e}");
        // UTF-16 full of U+0000 is still binary.
        let e = dec(b"\xff\xfe\0\0\0\0a\0", Encoding::Utf8).unwrap_err();
        assert!(e.to_string().contains("binary file (NUL byte at offset 2)"));
        // A UTF-8 BOM stays in the text, as it always did.
        assert_eq!(
            dec(b"\xef\xbb\xbfhi", Encoding::Auto).unwrap(),
            "\u{feff}hi"
        );
        // A BOM-only file is empty.
        assert!(dec(b"\xff\xfe", Encoding::Utf8).is_err());
    }

    #[test]
    fn binary_rule_runs_before_legacy_decoding() {
        let e = dec(b"ab\0cd", "windows-1252".parse().unwrap()).unwrap_err();
        assert!(e.to_string().contains("binary file"), "{e}");
        let e = dec(b"\x89PNG\r\n\x1a\n\0\0\0", Encoding::Auto).unwrap_err();
        assert!(e.to_string().contains("binary file"), "{e}");
    }
}
