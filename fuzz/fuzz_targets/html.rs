//! The HTML report escapes documents: whatever they hold, the page never
//! contains a `<script` that a document brought in.
#![no_main]

use libfuzzer_sys::{Corpus, fuzz_target};
use neardup::{CompareOptions, Comparer};

fuzz_target!(|data: &[u8]| -> Corpus {
    let Ok(text) = std::str::from_utf8(data) else {
        return Corpus::Reject;
    };
    let (a, b) = text.split_once('\0').unwrap_or((text, text));
    let comparer = Comparer::new(CompareOptions::default()).expect("valid options");
    // Hostile names too: the id is shown in the page.
    let (Ok(pa), Ok(pb)) = (comparer.prepare(a, a), comparer.prepare(b, b)) else {
        return Corpus::Keep;
    };
    let c = comparer.compare(&pa, &pb).expect("same parameters");
    let mut page = Vec::new();
    neardup::render::html::compare(&mut page, &c).expect("writing to memory");
    let page = String::from_utf8(page).expect("the page is UTF-8");
    let lower = page.to_ascii_lowercase();
    // The report's own scripts, if any, are fixed text; count those.
    let own = {
        let mut empty = Vec::new();
        let d = comparer.prepare("x", "").expect("empty text");
        let c = comparer.compare(&d, &d).expect("same parameters");
        neardup::render::html::compare(&mut empty, &c).expect("writing to memory");
        String::from_utf8(empty)
            .expect("UTF-8")
            .to_ascii_lowercase()
            .matches("<script")
            .count()
    };
    assert_eq!(
        lower.matches("<script").count(),
        own,
        "a document's <script got through"
    );
    Corpus::Keep
});
