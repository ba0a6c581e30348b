//! Alignment: passages are valid, non-empty token ranges inside both
//! documents, sorted, with an identity between 0 and 1.
#![no_main]

use libfuzzer_sys::{Corpus, fuzz_target};
use neardup::{CompareOptions, Comparer};

fuzz_target!(|data: &[u8]| -> Corpus {
    let Ok(text) = std::str::from_utf8(data) else {
        return Corpus::Reject;
    };
    // Two documents: the input split at its first NUL (or itself twice).
    let (a, b) = text.split_once('\0').unwrap_or((text, text));
    let comparer = Comparer::new(CompareOptions {
        align: neardup::align::AlignOptions {
            min_tokens: 3,
            ..Default::default()
        },
        ..CompareOptions::default()
    })
    .expect("valid options");
    let (Ok(pa), Ok(pb)) = (comparer.prepare("a", a), comparer.prepare("b", b)) else {
        return Corpus::Keep;
    };
    let c = comparer.compare(&pa, &pb).expect("same parameters");
    let (na, nb) = (
        pa.source().token_spans().len() as u32,
        pb.source().token_spans().len() as u32,
    );
    let mut last = (0, 0);
    for p in &c.passages {
        let (ra, rb) = (p.a.token_range(), p.b.token_range());
        assert!(ra.start < ra.end && ra.end <= na, "{ra:?} of {na}");
        assert!(rb.start < rb.end && rb.end <= nb, "{rb:?} of {nb}");
        assert!(p.a.end as usize <= a.len() && p.b.end as usize <= b.len());
        assert!((ra.start, rb.start) >= last);
        last = (ra.start, rb.start);
        assert!((0.0..=1.0).contains(&p.identity));
    }
    Corpus::Keep
});
