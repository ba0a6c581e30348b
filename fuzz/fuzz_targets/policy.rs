//! Policy files and baselines: any input is parsed or refused with a
//! message, never a panic; a parsed policy answers limit and allow queries.
#![no_main]

use libfuzzer_sys::{Corpus, fuzz_target};
use neardup::check::{Baseline, Policy};

fuzz_target!(|data: &[u8]| -> Corpus {
    let Ok(text) = std::str::from_utf8(data) else {
        return Corpus::Reject;
    };
    if let Ok(p) = Policy::from_toml(text, "neardup.toml") {
        let l = p.limits_for("news/a.md");
        assert!((0.0..=1.0).contains(&l.max_containment));
        let _ = p.allowed(&["news/a.md", "b.md"], "copied-passage/00");
        assert!(p.lowest_similarity() <= p.limits.max_similarity);
    }
    if let Ok(b) = Baseline::from_json(text, "baseline.json") {
        let round = serde_json::to_string(&b).expect("serialises");
        assert_eq!(Baseline::from_json(&round, "b").expect("reads back"), b);
    }
    Corpus::Keep
});
