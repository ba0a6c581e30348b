//! Passage-alignment quality: the PAN measures (Potthast et al., "An
//! Evaluation Framework for Plagiarism Detection", COLING 2010) and the PAN
//! XML format they are exchanged in.
//!
//! A [`Case`] is a pair of character ranges, one in a suspicious document and
//! one in its source (both named). A detection is the same shape. A
//! detection *detects* a case when both refer to the same two documents and
//! their ranges overlap on both sides. Then, over all cases `S` and
//! detections `R` (pooled over every document pair):
//!
//! * recall is the mean over cases of the share of the case's characters
//!   (suspicious + source) covered by the detections that detect it;
//! * precision is the mean over detections of the share of the detection's
//!   characters covered by the cases it detects;
//! * granularity is the mean number of detections per detected case;
//! * plagdet is `F1(precision, recall) / log2(1 + granularity)`.
//!
//! Coverage is computed on merged intervals, never character by character,
//! so scoring a corpus takes milliseconds.
//!
//! The XML files are small and regular (`<document reference="…">` holding
//! self-closing `<feature …/>` elements whose attributes are `name="value"`),
//! so [`features`] reads the attributes by hand instead of pulling in an XML
//! parser; anything it does not recognise is skipped.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::ops::Range;

/// Feature name of a ground-truth case in PAN files.
pub const TRUTH: &str = "plagiarism";
/// Feature name of a detection in PAN files.
pub const DETECTION: &str = "detected-plagiarism";

/// A reused passage (or a detection of one): character ranges in the
/// suspicious document and in the source document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// Name of the suspicious document.
    pub susp: String,
    /// Characters of the suspicious document.
    pub this: Range<u64>,
    /// Name of the source document.
    pub source: String,
    /// Characters of the source document.
    pub that: Range<u64>,
}

/// The measures, for a set of cases and detections.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// Number of cases.
    pub cases: usize,
    /// Number of detections.
    pub detections: usize,
    /// Macro-averaged precision.
    pub precision: f64,
    /// Macro-averaged recall.
    pub recall: f64,
    /// Mean detections per detected case (1 when nothing is detected).
    pub granularity: f64,
    /// `F1 / log2(1 + granularity)`.
    pub plagdet: f64,
}

/// Total length of the union of `ranges` (sorted in place).
fn union_len(ranges: &mut [Range<u64>]) -> u64 {
    ranges.sort_unstable_by_key(|r| (r.start, r.end));
    let (mut total, mut end) = (0u64, 0u64);
    for r in ranges.iter() {
        let start = r.start.max(end);
        if r.end > start {
            total += r.end - start;
            end = r.end;
        }
    }
    total
}

fn overlaps(a: &Range<u64>, b: &Range<u64>) -> bool {
    a.start < b.end && b.start < a.end
}

fn intersect(a: &Range<u64>, b: &Range<u64>) -> Range<u64> {
    a.start.max(b.start)..a.end.min(b.end).max(a.start.max(b.start))
}

fn len(r: &Range<u64>) -> u64 {
    r.end.saturating_sub(r.start)
}

/// Score `detections` against `cases`.
pub fn score(cases: &[Case], detections: &[Case]) -> Scores {
    let mut by_pair: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, s) in cases.iter().enumerate() {
        by_pair
            .entry((s.susp.as_str(), s.source.as_str()))
            .or_default()
            .push(i);
    }
    // Covered pieces, suspicious side then source side.
    type Pieces = (Vec<Range<u64>>, Vec<Range<u64>>);
    let mut rec: Vec<Pieces> = vec![Default::default(); cases.len()];
    let mut prec: Vec<Pieces> = vec![Default::default(); detections.len()];
    let mut hits = vec![0usize; cases.len()];
    for (j, r) in detections.iter().enumerate() {
        let Some(ids) = by_pair.get(&(r.susp.as_str(), r.source.as_str())) else {
            continue;
        };
        for &i in ids {
            let s = &cases[i];
            if overlaps(&s.this, &r.this) && overlaps(&s.that, &r.that) {
                let (a, b) = (intersect(&s.this, &r.this), intersect(&s.that, &r.that));
                rec[i].0.push(a.clone());
                rec[i].1.push(b.clone());
                prec[j].0.push(a);
                prec[j].1.push(b);
                hits[i] += 1;
            }
        }
    }
    let mean = |xs: &mut dyn Iterator<Item = f64>, n: usize| {
        if n == 0 {
            0.0
        } else {
            xs.sum::<f64>() / n as f64
        }
    };
    let recall = mean(
        &mut cases.iter().zip(rec.iter_mut()).map(|(s, (a, b))| {
            let whole = len(&s.this) + len(&s.that);
            if whole == 0 {
                0.0
            } else {
                (union_len(a) + union_len(b)) as f64 / whole as f64
            }
        }),
        cases.len(),
    );
    let precision = mean(
        &mut detections.iter().zip(prec.iter_mut()).map(|(r, (a, b))| {
            let whole = (len(&r.this) + len(&r.that)).max(1);
            (union_len(a) + union_len(b)) as f64 / whole as f64
        }),
        detections.len(),
    );
    let detected: Vec<usize> = hits.into_iter().filter(|&h| h > 0).collect();
    let granularity = if detected.is_empty() {
        1.0
    } else {
        detected.iter().sum::<usize>() as f64 / detected.len() as f64
    };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Scores {
        cases: cases.len(),
        detections: detections.len(),
        precision,
        recall,
        granularity,
        plagdet: f1 / (1.0 + granularity).log2(),
    }
}

/// The `name="value"` attributes in `s`, in order.
fn attributes(s: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(eq) = rest.find("=\"") {
        let name_start = rest[..eq]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |p| p + 1);
        let name = &rest[name_start..eq];
        let value_start = eq + 2;
        let Some(close) = rest[value_start..].find('"') else {
            break;
        };
        if !name.is_empty() {
            out.push((name, &rest[value_start..value_start + close]));
        }
        rest = &rest[value_start + close + 1..];
    }
    out
}

/// The features named `name` (such as [`TRUTH`] or [`DETECTION`]) of one PAN
/// XML file. The suspicious document's name comes from the first
/// `reference` attribute; features with missing or non-numeric offsets are
/// skipped.
pub fn features(xml: &str, name: &str) -> Vec<Case> {
    let Some(susp) = attributes(xml)
        .into_iter()
        .find(|(k, _)| *k == "reference")
        .map(|(_, v)| v.to_string())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(open) = rest.find("<feature") {
        let body = &rest[open + "<feature".len()..];
        let Some(close) = body.find('>') else {
            break;
        };
        rest = &body[close..];
        let element = &body[..close];
        let Some(element) = element.strip_suffix('/') else {
            continue;
        };
        let attrs = attributes(element);
        let get = |key: &str| attrs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        if get("name") != Some(name) {
            continue;
        }
        let num = |key: &str| get(key).and_then(|v| v.trim().parse::<u64>().ok());
        let (Some(to), Some(tl), Some(so), Some(sl), Some(source)) = (
            num("this_offset"),
            num("this_length"),
            num("source_offset"),
            num("source_length"),
            get("source_reference"),
        ) else {
            continue;
        };
        out.push(Case {
            susp: susp.clone(),
            this: to..to + tl,
            source: source.to_string(),
            that: so..so + sl,
        });
    }
    out
}

/// A PAN detections file for the pair (`susp`, `source`).
pub fn detections_xml(susp: &str, source: &str, detections: &[(Range<u64>, Range<u64>)]) -> String {
    let mut out = format!("<document reference=\"{susp}\">\n");
    for (this, that) in detections {
        let _ = writeln!(
            out,
            "<feature name=\"{DETECTION}\" this_offset=\"{}\" this_length=\"{}\" \
             source_reference=\"{source}\" source_offset=\"{}\" source_length=\"{}\"/>",
            this.start,
            len(this),
            that.start,
            len(that)
        );
    }
    out.push_str("</document>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(this: Range<u64>, that: Range<u64>) -> Case {
        Case {
            susp: "s.txt".into(),
            this,
            source: "r.txt".into(),
            that,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn perfect_detection() {
        let s = [case(0..100, 50..150)];
        let m = score(&s, &s);
        assert!(close(m.precision, 1.0) && close(m.recall, 1.0));
        assert!(close(m.granularity, 1.0) && close(m.plagdet, 1.0));
    }

    #[test]
    fn half_detected_and_too_long() {
        // Covers half of the case on both sides: recall 0.5, precision 1.
        let s = [case(0..100, 0..100)];
        let m = score(&s, &[case(0..50, 0..50)]);
        assert!(close(m.recall, 0.5) && close(m.precision, 1.0));
        assert!(close(m.plagdet, 2.0 / 3.0));
        // Twice as long as the case on both sides: precision 0.5.
        let m = score(&s, &[case(0..200, 0..200)]);
        assert!(close(m.recall, 1.0) && close(m.precision, 0.5));
    }

    #[test]
    fn split_detection_has_granularity_two() {
        let s = [case(0..100, 0..100)];
        let r = [case(0..50, 0..50), case(50..100, 50..100)];
        let m = score(&s, &r);
        assert!(close(m.recall, 1.0) && close(m.precision, 1.0));
        assert!(close(m.granularity, 2.0));
        assert!(close(m.plagdet, 1.0 / 3f64.log2()));
    }

    #[test]
    fn overlap_needed_on_both_sides_and_same_pair() {
        let s = [case(0..100, 0..100)];
        // Overlaps in the suspicious document only: a false positive.
        let m = score(&s, &[case(0..100, 500..600)]);
        assert!(close(m.recall, 0.0) && close(m.precision, 0.0));
        assert!(close(m.plagdet, 0.0) && close(m.granularity, 1.0));
        let mut other = case(0..100, 0..100);
        other.source = "q.txt".into();
        assert!(close(score(&s, &[other]).recall, 0.0));
    }

    #[test]
    fn two_cases_and_a_stray_detection() {
        // Case 1 fully found, case 2 missed, one detection on nothing.
        let s = [case(0..10, 0..10), case(100..120, 100..120)];
        let r = [case(0..10, 0..10), case(300..310, 300..310)];
        let m = score(&s, &r);
        assert!(close(m.recall, 0.5) && close(m.precision, 0.5));
        assert!(close(m.granularity, 1.0));
        // Overlapping detections count each character once.
        let r = [case(0..8, 0..8), case(4..10, 4..10)];
        let m = score(&s[..1], &r);
        assert!(close(m.recall, 1.0) && close(m.granularity, 2.0));
    }

    #[test]
    fn nothing_at_all() {
        let m = score(&[], &[]);
        assert_eq!((m.cases, m.detections), (0, 0));
        assert!(close(m.plagdet, 0.0));
    }

    #[test]
    fn xml_round_trip_and_truth_files() {
        let xml = detections_xml("s.txt", "r.txt", &[(3..10, 20..25)]);
        let back = features(&xml, DETECTION);
        assert_eq!(back, [case(3..10, 20..25)]);
        assert!(features(&xml, TRUTH).is_empty());
        let truth = "<document  reference=\"s.txt\">\n\t<feature  name=\"about\" \
            authors=\"X\" />\n<feature name=\"plagiarism\" obfuscation=\"random\" \
            source_length=\"5\" source_offset=\"20\" source_reference=\"r.txt\" \
            this_length=\"7\" this_offset=\"3\" type=\"artificial\" />\n</document>";
        assert_eq!(features(truth, TRUTH), [case(3..10, 20..25)]);
        assert!(features("<document/>", TRUTH).is_empty());
        assert!(features("garbage <feature name=\"plagiarism\"", TRUTH).is_empty());
    }
}
