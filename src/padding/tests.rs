use proptest::prelude::*;

use super::*;
use crate::report::padding::{BoilerplateRule, KeywordMeasure, RepeatMatch};

fn padder() -> Padder {
    Padder::new(PaddingOptions::default()).unwrap()
}

fn analyze(text: &str) -> (Document, DocumentPadding) {
    let p = padder();
    let doc = p.document(text).unwrap();
    let report = p.analyze("t.txt", &doc);
    (doc, report)
}

const P1: &str = "Russia has engaged with the Taliban since their initial rise, having removed \
    the group from its list of terrorist organizations this past April.";
const P2: &str = "Women in Afghanistan have been largely barred from education and increasingly \
    face restrictions dictated by new virtue laws across the country.";
/// On the same topic as P1 and P2, written independently of both.
const P4: &str = "Moscow had already removed the movement from its list of banned \
    organisations in April, and officials in Kabul welcomed the decision as overdue. \
    Diplomats from several neighbouring states have since visited the capital, while \
    western governments say sanctions and frozen assets remain in place for now.";
/// Background, in the same article.
const P5: &str = "Analysts in Tashkent and Islamabad expect railway, pipeline and mining \
    projects to follow, although investors remain wary of security risks, currency \
    controls and the absence of reliable banking channels across the region.";
/// On the same topic as P2, written independently.
const P3: &str = "Afghan women face growing restrictions on education and work, and many \
    girls have been barred from secondary schools since the takeover.";

#[test]
fn a_repeated_paragraph_with_one_word_changed_is_found() {
    let edited = P1.replace("initial", "first");
    let text = format!("{P1}\n{P2}\n{edited}\n");
    let (doc, r) = analyze(&text);
    assert_eq!(r.repeats.len(), 1, "{:?}", r.repeats);
    let rep = &r.repeats[0];
    assert_eq!(rep.matched, RepeatMatch::Edited);
    assert_eq!(rep.kind, RepeatKind::Passage);
    assert_eq!((rep.source.line, rep.copy.line), (1, 3));
    assert_eq!(doc.slice(rep.source.span()), P1.trim_end_matches('.'));
    assert_eq!(doc.slice(rep.copy.span()), edited.trim_end_matches('.'));
    assert!(rep.identity > 0.9 && rep.identity < 1.0);
    // The whole third line goes, line break included.
    assert_eq!(clean_text(&r), format!("{P1}\n{P2}\n"));
}

#[test]
fn different_paragraphs_on_the_same_topic_are_not_repeats() {
    let (_, r) = analyze(&format!("{P2}\n{P3}\n{P1}\n"));
    assert!(r.repeats.is_empty(), "{:?}", r.repeats);
    assert_eq!(r.padding_ratio, 0.0);
    assert_eq!(r.clean_ratio, 1.0);
}

#[test]
fn repeated_paragraphs_are_reported_one_by_one_with_exact_spans() {
    let title = "Russia Recognizes Taliban Government, Setting Precedent";
    let text = format!("{title}\n\n{title}\n{P1}\n{P2}\n{P1}\n{P2}");
    let (_, r) = analyze(&text);
    let got: Vec<_> = r
        .repeats
        .iter()
        .map(|x| (x.kind, x.source.line, x.copy.line, x.matched))
        .collect();
    assert_eq!(
        got,
        [
            (RepeatKind::Title, 1, 3, RepeatMatch::Exact),
            (RepeatKind::Passage, 4, 6, RepeatMatch::Exact),
            (RepeatKind::Passage, 5, 7, RepeatMatch::Exact),
        ]
    );
    let p1_at = text.rfind(P1).unwrap() as u32;
    assert_eq!(r.repeats[1].copy.start, p1_at);
    assert_eq!(r.repeats[1].copy.char_start, p1_at);
    assert_eq!(clean_text(&r), format!("{title}\n\n{P1}\n{P2}\n"));
    let removed = text.len() - clean_text(&r).len();
    assert_eq!(r.repeated_chars as usize, removed);
}

#[test]
fn three_copies_all_point_at_the_first() {
    let text = format!("{P1}\n{P1}\n{P1}\n");
    let (_, r) = analyze(&text);
    assert_eq!(r.repeats.len(), 2);
    assert!(r.repeats.iter().all(|x| x.source.line == 1));
    assert_eq!(clean_text(&r), format!("{P1}\n"));
}

#[test]
fn a_sentence_repeated_too_often_to_seed_is_still_found() {
    let stock = "Subscribe now to get the latest news from the region every morning.";
    let body: Vec<String> = (0..100)
        .map(|i| format!("Report number {i} describes events of day {i}. {stock}"))
        .collect();
    let text = body.join(" ");
    let (_, r) = analyze(&text);
    assert_eq!(r.repeats.len(), 99);
    let first = text.find(stock).unwrap() as u32;
    assert!(r.repeats.iter().all(|x| x.source.start == first));
    assert_eq!(clean_text(&r).matches(stock).count(), 1);
}

#[test]
fn periodic_text_and_tiny_inputs_do_not_break() {
    let (_, r) = analyze(&"ha ha ha ".repeat(50));
    assert!(r.padding_ratio <= 1.0);
    assert!(!clean_text(&r).is_empty());
    for text in ["x", " \n\n ", "\u{feff}Title\n\nTitle\n", "— … —"] {
        let (_, r) = analyze(text);
        let _ = clean_text(&r);
        assert!(r.clean_ratio <= 1.0);
    }
}

#[test]
fn issue_14_one_word_or_a_short_phrase_repeated_is_padding() {
    for (text, unit) in [
        ("word ".repeat(1_000_000), 1),
        ("buy cheap pills now ".repeat(5_000), 4),
        ("spam\n".repeat(2_000), 1),
    ] {
        let (doc, r) = analyze(&text);
        assert!(
            r.padding_ratio > 0.9,
            "{}: {}",
            &text[..20],
            r.padding_ratio
        );
        // At most about √n copies on one line (repeats are split at line
        // breaks), each an exact copy of the start of the first block.
        let n = doc.tokens().len();
        if !text.contains('\n') {
            assert!(
                r.repeats.len() <= (n as f64).sqrt() as usize + 2,
                "{}",
                r.repeats.len()
            );
            for x in &r.repeats {
                assert_eq!(x.source.token_range().start, 0);
                assert_eq!(x.tokens % unit, 0);
            }
        }
        assert!(r.repeats.iter().all(|x| x.matched == RepeatMatch::Exact));
        let clean = clean_text(&r);
        assert!(!clean.is_empty() && clean.len() < text.len() / 10);
    }
}

#[test]
fn a_repeated_title_inside_a_tag_line_counts() {
    let title = "Moscow Extends Diplomatic Recognition to the Taliban Regime";
    let text = format!(
        "{title}\n\n{title},Afghanistan, Taliban, Russia, human rights, Central Asia, diplomacy\n\n{P1}\n"
    );
    let (doc, r) = analyze(&text);
    assert_eq!(r.repeats.len(), 1);
    assert_eq!(r.repeats[0].kind, RepeatKind::Title);
    assert_eq!(doc.slice(r.repeats[0].cut), title);
    assert_eq!(r.keyword_lines.len(), 1);
    assert_eq!(r.keyword_lines[0].location.line, 3);
    assert_eq!(
        r.keyword_lines[0].reasons[0].measure,
        KeywordMeasure::TagList
    );
}

#[test]
fn flagged_lines_lower_the_clean_ratio_only() {
    let text = format!("{P1}\n\nLeave a Reply\n");
    let (_, r) = analyze(&text);
    assert_eq!(r.boilerplate.len(), 1);
    assert_eq!(r.boilerplate[0].rule, BoilerplateRule::CommentForm);
    assert_eq!(r.boilerplate[0].location.line, 3);
    assert_eq!(r.padding_ratio, 0.0);
    assert!(r.clean_ratio < 1.0);
    assert_eq!(r.clean_chars as usize, P1.len() + 2);
}

#[test]
fn repeated_headings_are_told_from_the_title() {
    let text =
        format!("The Title\n\nKey Questions and Answers\n{P1}\nKey Questions and Answers\n{P2}\n");
    let (_, r) = analyze(&text);
    assert_eq!(r.repeats.len(), 1);
    assert_eq!(r.repeats[0].kind, RepeatKind::Heading);
    assert_eq!((r.repeats[0].source.line, r.repeats[0].copy.line), (3, 5));
}

#[test]
fn stuffed_lines_say_why() {
    let stuffed = "Read Taliban news about the Taliban in Kabul, Taliban embassy talks, \
        Taliban ambassador visits, the Taliban flag and Taliban women today.";
    let text = format!("{P1}\n{P2}\n{stuffed}\n{P3}\n{P4}\n{P5}\n");
    let (_, r) = analyze(&text);
    assert_eq!(r.keyword_lines.len(), 1, "{:?}", r.keyword_lines);
    let k = &r.keyword_lines[0];
    assert_eq!(k.location.line, 3);
    let measures: Vec<_> = k.reasons.iter().map(|x| x.measure).collect();
    assert_eq!(
        measures,
        [KeywordMeasure::TermShare, KeywordMeasure::TermRate],
        "{k:?}"
    );
    assert_eq!(k.reasons[1].terms, ["taliban"]);
    assert!(k.reasons[1].value >= 4.0);
    // Prose that names its subject often is not stuffing.
    let (_, r) = analyze(&format!("{P1}\n{P2}\n{P3}\n{P4}\n{P5}\n"));
    assert!(r.keyword_lines.is_empty(), "{:?}", r.keyword_lines);
}

#[test]
fn bad_options_are_refused() {
    let bad = |o: PaddingOptions| Padder::new(o).is_err();
    for shingle in [0, 1, 65] {
        assert!(bad(PaddingOptions {
            shingle,
            ..PaddingOptions::default()
        }));
    }
    assert!(bad(PaddingOptions {
        min_tokens: 0,
        ..PaddingOptions::default()
    }));
}

/// Paragraphs made of a few words each, so repeats happen by construction
/// and by chance.
fn paragraphs() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "taliban",
        "russia",
        "kabul",
        "the",
        "recognition",
        "women",
        "rights",
        "moscow",
        "a",
        "of",
        "Embassy",
        "ally",
        "“quoted”",
        "é",
        "塔",
    ]);
    let para = prop::collection::vec(word, 1..24).prop_map(|ws| ws.join(" "));
    let pool = prop::collection::vec(para, 1..6);
    (pool, prop::collection::vec((0usize..6, 0usize..3), 1..12)).prop_map(|(pool, picks)| {
        picks
            .iter()
            .map(|&(i, sep)| {
                let p = &pool[i % pool.len()];
                format!("{p}{}", ["\n", ".\n\n", " "][sep])
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Removing every reported repeat never removes a first occurrence: no
    /// source overlaps a cut, every source comes before its copy, and cuts
    /// fall on char boundaries.
    #[test]
    fn removing_repeats_keeps_first_occurrences(text in paragraphs()) {
        let (doc, r) = analyze(&text);
        let cuts: Vec<Span> = r.repeats.iter().map(|x| x.cut).collect();
        for rep in &r.repeats {
            prop_assert!(rep.source.end <= rep.copy.start);
            prop_assert!(rep.cut.start <= rep.copy.start && rep.copy.end <= rep.cut.end);
            for cut in &cuts {
                prop_assert!(
                    rep.source.end <= cut.start || cut.end <= rep.source.start,
                    "source {:?} overlaps cut {:?}", rep.source.span(), cut
                );
            }
            prop_assert!(text.is_char_boundary(rep.cut.start as usize));
            prop_assert!(text.is_char_boundary(rep.cut.end as usize));
        }
        let clean = clean_text(&r);
        prop_assert_eq!(
            clean.chars().count() as u32,
            doc.char_len() - r.repeated_chars
        );
        for rep in &r.repeats {
            prop_assert!(clean.contains(doc.slice(rep.source.span())));
        }
        prop_assert!((0.0..=1.0).contains(&r.padding_ratio));
        prop_assert!(r.clean_ratio <= 1.0 - r.padding_ratio + 1e-9);
    }

    /// Any text, however odd, is analysed without panicking and with
    /// consistent numbers.
    #[test]
    fn any_text_is_analysed(
        head in "(\\PC|\n|\r|\u{feff}){0,200}",
        tail in "(\\PC|\n|\r){0,60}",
    ) {
        let text = format!("{head}\n{head}{tail}{head}");
        let (doc, r) = analyze(&text);
        let clean = clean_text(&r);
        prop_assert_eq!(clean.chars().count() as u32, doc.char_len() - r.repeated_chars);
        prop_assert!(r.clean_chars <= doc.char_len());
        for b in &r.boilerplate {
            prop_assert!(b.location.end as usize <= text.len());
        }
    }
}
