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
    if let Ok(e) = x.estimate(&y) {
        assert!(e == 1.0 || text.split_whitespace().count() < 5, "{e}");
    }
    Corpus::Keep
});
