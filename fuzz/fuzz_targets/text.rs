//! Text pipeline: token spans lie on char boundaries, increase and do not
//! overlap; normalisation is idempotent.
#![no_main]

use libfuzzer_sys::{Corpus, fuzz_target};
use neardup::text::{Pipeline, TextOptions, normalize::normalize};

fuzz_target!(|data: &[u8]| -> Corpus {
    let Ok(text) = std::str::from_utf8(data) else {
        return Corpus::Reject;
    };
    let pipeline = Pipeline::new(TextOptions::default());
    let Ok(doc) = pipeline.document(text) else {
        return Corpus::Keep;
    };
    let mut end = 0;
    for t in doc.tokens() {
        assert!(
            t.span.start >= end && t.span.start < t.span.end,
            "{:?}",
            t.span
        );
        assert!(text.is_char_boundary(t.span.start as usize));
        assert!(text.is_char_boundary(t.span.end as usize));
        end = t.span.end;
        let word = doc.slice(t.span);
        for strip in [false, true] {
            let once = normalize(word, strip);
            assert_eq!(normalize(&once, strip), once, "{word:?}");
        }
    }
    assert!(end as usize <= text.len());
    for s in doc.sentences() {
        assert!(s.span.end as usize <= text.len() && s.tokens.end as usize <= doc.tokens().len());
    }
    Corpus::Keep
});
