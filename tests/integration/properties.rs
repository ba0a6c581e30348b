//! Property tests of the core invariants: spans, normalisation, shingles,
//! MinHash, alignment and diffs.

use neardup::align::{AlignOptions, Aligner, Passage};
use neardup::diff::{DiffKind, word_diff};
use neardup::shingle::shingles;
use neardup::sketch::{MinHasher, SketchParams, Sketcher, jaccard};
use neardup::text::Document;
use neardup::text::normalize::normalize;
use neardup::text::{Pipeline, TextOptions};
use proptest::prelude::*;

/// Text mixing ASCII words, accents, typographic punctuation, CJK, emoji,
/// NBSP, zero-width characters, combining marks and line breaks.
fn messy_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            "[a-zA-Z]{1,8}",
            Just(" ".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("\r".to_string()),
            Just("’".to_string()),
            Just("—".to_string()),
            Just("“".to_string()),
            Just("\u{a0}".to_string()),
            Just("\u{200b}".to_string()),
            Just("\u{feff}".to_string()),
            Just("e\u{301}".to_string()),
            Just("İ".to_string()),
            Just("ﬁ".to_string()),
            Just("俄罗斯".to_string()),
            Just("🙂".to_string()),
            Just(". ".to_string()),
            any::<char>().prop_map(String::from),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

fn pipeline() -> Pipeline {
    Pipeline::new(TextOptions::default())
}

fn align(a: &Document, b: &Document) -> Vec<Passage> {
    let aligner = Aligner::new(AlignOptions::default(), TextOptions::default().language);
    let (sa, sb) = (shingles(a.tokens(), 5), shingles(b.tokens(), 5));
    aligner.align(a, &sa, b, &sb).passages
}

/// Prose-like text from a large vocabulary (repeats are rare).
fn prose(min: usize, max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec("[a-z]{3,9}", min..max).prop_map(|w| w.join(" "))
}

proptest! {
    #[test]
    fn spans_slice_the_original_text(text in messy_text()) {
        let doc = pipeline().document(text.clone()).unwrap();
        let mut prev_end = 0;
        for t in doc.tokens() {
            prop_assert!(t.span.start >= prev_end);
            prop_assert!(t.span.start < t.span.end);
            prop_assert!(text.is_char_boundary(t.span.start as usize));
            prop_assert!(text.is_char_boundary(t.span.end as usize));
            prop_assert!(doc.slice(t.span).chars().any(char::is_alphanumeric));
            let chars = text[..t.span.start as usize].chars().count() as u32;
            prop_assert_eq!(doc.char_offset(t.span.start), chars);
            prev_end = t.span.end;
        }
        for s in doc.sentences() {
            prop_assert!(text.is_char_boundary(s.span.start as usize));
            prop_assert!(text.is_char_boundary(s.span.end as usize));
            prop_assert!(s.tokens.start < s.tokens.end);
        }
        prop_assert_eq!(doc.char_len() as usize, text.chars().count());
    }

    #[test]
    fn normalisation_is_idempotent(text in messy_text(), strip in any::<bool>()) {
        let once = normalize(&text, strip);
        prop_assert_eq!(normalize(&once, strip), once);
    }

    #[test]
    fn shingle_count(n in 0usize..40, k in 1usize..8) {
        let text = (0..n).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ");
        let doc = pipeline().document(text).unwrap();
        prop_assert_eq!(shingles(doc.tokens(), k).len(), (n + 1).saturating_sub(k));
    }

    #[test]
    fn minhash_has_set_semantics(set in prop::collection::vec(any::<u64>(), 0..200), seed in any::<u64>()) {
        let h = MinHasher::new(SketchParams { seed, num_perm: 64, ..SketchParams::default() }).unwrap();
        let sig = h.sketch(set.iter().copied());
        let mut shuffled = set.clone();
        shuffled.reverse();
        shuffled.extend_from_slice(&set);
        prop_assert_eq!(&sig, &h.sketch(shuffled));
        prop_assert_eq!(sig.values().len(), 64);
    }

    /// The fast paths (ASCII words keyed straight from the text, the
    /// signature's one pass over token keys) give exactly the tokens, keys,
    /// shingle hashes and signature of the general path: every word normalised and hashed
    /// as a string, shingled and sketched as a set.
    #[test]
    fn fast_paths_equal_the_general_path(text in messy_text(), ascii in "[ -~\n]{0,300}", stem in any::<bool>(), stop in any::<bool>()) {
        for text in [text.as_str(), ascii.as_str()] {
            let options = TextOptions { stem: false, remove_stopwords: false, ..TextOptions::default() };
            let tokens = Pipeline::new(options).tokens(text).unwrap();
            let general: Vec<(u32, u32, u64)> = neardup::text::words(text)
                .map(|(s, w)| (s as u32, (s + w.len()) as u32, neardup::hash::token(normalize(w, false).as_bytes())))
                .collect();
            let fast: Vec<(u32, u32, u64)> = tokens.iter().map(|t| (t.span.start, t.span.end, t.key)).collect();
            prop_assert_eq!(fast, general);
            let params = SketchParams {
                text: TextOptions { stem, remove_stopwords: stop, ..TextOptions::default() },
                ..SketchParams::default()
            };
            let sketcher = Sketcher::new(params).unwrap();
            let tokens = sketcher.pipeline().tokens(text).unwrap();
            let shingles = shingles(&tokens, 5);
            let set = neardup::shingle::hash_set(&shingles);
            prop_assert_eq!(sketcher.signature(text).unwrap(), sketcher.sign(&set));
            let in_order: Vec<u64> = shingles.iter().map(|s| s.hash).collect();
            prop_assert_eq!(sketcher.shingle_hashes(text).unwrap(), (in_order, tokens.len() as u32));
        }
    }

    /// With 256 values the standard error is at most 0.031; 0.16 is
    /// five of them.
    #[test]
    fn estimate_is_close_to_exact_jaccard(shared in 0u64..300, only_a in 0u64..300, only_b in 0u64..300, offset in any::<u32>()) {
        let base = u64::from(offset) << 20;
        let mut a: Vec<u64> = (0..shared + only_a).map(|x| base + x).collect();
        let mut b: Vec<u64> = (0..shared).chain(1000..1000 + only_b).map(|x| base + x).collect();
        a.sort_unstable();
        b.sort_unstable();
        prop_assume!(!a.is_empty() && !b.is_empty());
        let h = MinHasher::new(SketchParams { num_perm: 256, ..SketchParams::default() }).unwrap();
        let est = h.sketch(a.iter().copied()).estimate(&h.sketch(b.iter().copied())).unwrap();
        prop_assert!((est - jaccard(&a, &b)).abs() <= 0.16, "estimate {est}, exact {}", jaccard(&a, &b));
    }

    #[test]
    fn passages_are_in_bounds_and_sorted(a in prose(0, 80), b in prose(0, 80), lift in prose(30, 50)) {
        let p = pipeline();
        let da = p.document(format!("{a} {lift}")).unwrap();
        let db = p.document(format!("{lift} {b}")).unwrap();
        let ps = align(&da, &db);
        prop_assert!(!ps.is_empty());
        for w in ps.windows(2) {
            prop_assert!((w[0].a.start, w[0].b.start) <= (w[1].a.start, w[1].b.start));
        }
        for x in &ps {
            prop_assert!(x.a.end as usize <= da.tokens().len() && x.a.start < x.a.end);
            prop_assert!(x.b.end as usize <= db.tokens().len() && x.b.start < x.b.end);
            prop_assert!((0.0..=1.0).contains(&x.identity));
        }
    }

    #[test]
    fn a_document_aligns_with_itself_whole(text in prose(30, 120)) {
        let d = pipeline().document(text).unwrap();
        let ps = align(&d, &d);
        let n = d.tokens().len() as u32;
        prop_assert!(ps.iter().any(|p| p.a == (0..n) && p.b == (0..n) && p.identity == 1.0));
    }

    #[test]
    fn diff_ops_rebuild_both_sides(a in prose(0, 30), b in prose(0, 30)) {
        let p = pipeline();
        let (da, db) = (p.document(a).unwrap(), p.document(b).unwrap());
        let (na, nb) = (da.tokens().len() as u32, db.tokens().len() as u32);
        let ops = word_diff(&da, 0..na, &db, 0..nb, None);
        let (mut ra, mut rb) = (Vec::new(), Vec::new());
        for op in &ops {
            if op.kind != DiffKind::Insert {
                ra.extend(op.a.clone());
            }
            if op.kind != DiffKind::Delete {
                rb.extend(op.b.clone());
            }
            if op.kind == DiffKind::Equal {
                for (i, j) in op.a.clone().zip(op.b.clone()) {
                    prop_assert_eq!(da.tokens()[i as usize].key, db.tokens()[j as usize].key);
                }
            }
        }
        prop_assert_eq!(ra, (0..na).collect::<Vec<_>>());
        prop_assert_eq!(rb, (0..nb).collect::<Vec<_>>());
    }
}
