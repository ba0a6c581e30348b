//! Inputs shared by the benches: the seed articles and a seeded synthetic
//! corpus (generated, not committed).

#![allow(dead_code)]

use neardup::hash::SplitMix64;

/// The five seed articles, concatenated.
pub(crate) fn seeds() -> String {
    [
        include_str!("../samples/seeds/1-wider-discourse.txt"),
        include_str!("../samples/seeds/2-setting-precedent.txt"),
        include_str!("../samples/seeds/3-blow-to-human-rights.txt"),
        include_str!("../samples/seeds/4-moscow-extends.txt"),
        include_str!("../samples/seeds/5-first-nation.txt"),
    ]
    .join("\n\n")
}

/// About `bytes` of English-like text: words drawn from a 5,000-word
/// vocabulary with a Zipf-like skew, sentences of 8–30 words, paragraphs of
/// 3–6 sentences, a fixed seed.
pub(crate) fn synthetic(bytes: usize, seed: u64) -> String {
    const SYLLABLES: [&str; 16] = [
        "ta", "li", "ban", "ru", "sia", "mos", "cow", "re", "cog", "ni", "tion", "gov", "ern",
        "ment", "af", "ghan",
    ];
    let mut rng = SplitMix64::new(seed);
    let vocab: Vec<String> = (0..5000)
        .map(|_| {
            let n = 1 + (rng.next() % 3) as usize;
            (0..n)
                .map(|_| SYLLABLES[(rng.next() % 16) as usize])
                .collect()
        })
        .collect();
    let mut out = String::with_capacity(bytes + 200);
    while out.len() < bytes {
        for _ in 0..3 + rng.next() % 4 {
            let len = 8 + rng.next() % 23;
            for w in 0..len {
                // Squaring a uniform draw skews toward frequent words.
                let u = (rng.next() % 10_000) as f64 / 10_000.0;
                let word = &vocab[(u * u * vocab.len() as f64) as usize];
                if w == 0 {
                    let mut c = word.chars();
                    if let Some(f) = c.next() {
                        out.extend(f.to_uppercase());
                        out.push_str(c.as_str());
                    }
                } else {
                    out.push(' ');
                    out.push_str(word);
                }
            }
            out.push_str(". ");
        }
        out.push_str("\n\n");
    }
    out
}
