//! Shingles and MinHash: the same text always gives the same signature,
//! which estimates 1.0 against itself.
#![no_main]

use libfuzzer_sys::{Corpus, fuzz_target};
use neardup::{SketchParams, Sketcher};

fuzz_target!(|data: &[u8]| -> Corpus {
    let Ok(text) = std::str::from_utf8(data) else {
        return Corpus::Reject;
    };
    let sketcher = Sketcher::new(SketchParams::default()).expect("default parameters are valid");
    let (Ok(x), Ok(y)) = (sketcher.signature(text), sketcher.signature(text)) else {
        return Corpus::Keep;
    };
    assert_eq!(x, y);
    // A text with fewer words than a shingle has an empty signature, which
    // resembles nothing (not even itself); any other is 1.0 to itself.
    let e = x.estimate(&y).expect("same parameters");
    assert_eq!(e, if x.is_empty() { 0.0 } else { 1.0 });
    let words = sketcher
        .pipeline()
        .document(text)
        .map_or(0, |d| d.tokens().len());
    assert_eq!(
        x.is_empty(),
        words < SketchParams::default().shingle as usize
    );
    Corpus::Keep
});
