//! Lines that look like the furniture of a scraped web page rather than
//! article text. Every rule looks at one short line (at most
//! [`MAX_WORDS`] words) through its normalised words (lower case, quotes
//! and dashes folded, punctuation dropped), so `Leave a Reply`,
//! `LEAVE A REPLY:` and `Leave a reply` match alike. The first rule that
//! matches names the line; see [`BoilerplateRule`] for what each one means.
//!
//! The phrases are the stock strings of publishing systems and page
//! templates (comment forms, share bars, credit lines), not the wording of
//! any particular site.

use super::Line;
use crate::report::Location;
use crate::report::padding::{BoilerplateLine, BoilerplateRule};
use crate::text::{self, Document, normalize};

/// Longest line, in words, any rule looks at.
pub(crate) const MAX_WORDS: usize = 30;

/// Phrases of comment forms, anywhere in the line.
const COMMENT_FORM: &[&str] = &[
    "leave a reply",
    "leave a comment",
    "post a comment",
    "add a comment",
    "cancel reply",
    "your email address will not be published",
    "required fields are marked",
    "save my name email and website",
    "comments are closed",
    "you must be logged in to post a comment",
    "notify me of follow up comments",
    "notify me of new posts",
];

/// Openings of publication stamps (followed by a date somewhere).
const PUBLISHED: &[&str] = &[
    "published",
    "posted",
    "updated",
    "last updated",
    "first published",
    "originally published",
];

/// Last words of a role byline (`Web Editor`, `Staff Reporter`, `News Desk`).
const ROLES: &[&str] = &[
    "editor",
    "reporter",
    "correspondent",
    "writer",
    "staff",
    "desk",
    "contributor",
    "bureau",
    "newsroom",
];

/// Openings of image captions and credits.
const IMAGE_CREDIT: &[&str] = &[
    "photo",
    "image",
    "picture",
    "file photo",
    "image caption",
    "photo credit",
    "image credit",
    "credit",
    "source",
];

/// Phrases of image agencies and credit lines, anywhere in the line.
const IMAGE_AGENCY: &[&str] = &["getty images", "shutterstock", "via reuters", "ap photo"];

/// Openings of share, follow, subscribe, related-links and ad widgets.
const WIDGETS: &[&str] = &[
    "share this",
    "share on",
    "share article",
    "follow us",
    "subscribe to",
    "sign up for",
    "click here",
    "read more",
    "read also",
    "also read",
    "related articles",
    "related posts",
    "related stories",
    "advertisement",
    "sponsored content",
];

/// Words that may stand in a date line besides months, weekdays and
/// numbers.
const DATE_WORDS: &[&str] = &["am", "pm", "at", "utc", "gmt", "et", "pt"];

/// Boilerplate lines of `doc`, in order.
pub(crate) fn find(doc: &Document, lines: &[Line], strip_diacritics: bool) -> Vec<BoilerplateLine> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.tokens.is_empty() && l.tokens.len() <= MAX_WORDS)
        .filter_map(|(i, l)| {
            let previous = i.checked_sub(1).map(|p| doc.slice(lines[p].span));
            let rule = classify(doc.slice(l.span), previous, strip_diacritics)?;
            Some(BoilerplateLine {
                location: Location::new(doc, l.tokens.clone()),
                rule,
            })
        })
        .collect()
}

/// The rule a line matches, if any, given the line before it (to tell a
/// line that stands alone from the continuation of a hard-wrapped
/// sentence).
pub(crate) fn classify(
    line: &str,
    previous: Option<&str>,
    strip_diacritics: bool,
) -> Option<BoilerplateRule> {
    let raw: Vec<&str> = text::words(line).map(|(_, w)| w).collect();
    if raw.is_empty() || raw.len() > MAX_WORDS {
        return None;
    }
    let words: Vec<String> = raw
        .iter()
        .map(|w| normalize::normalize(w, strip_diacritics))
        .collect();
    // Joined with spaces and padded, so phrases match whole words only.
    let joined = format!(" {} ", words.join(" "));
    let whole =
        |i: usize, p: &str| joined[..i].ends_with(' ') && joined[i + p.len()..].starts_with(' ');
    let has = |p: &str| joined.match_indices(p).any(|(i, _)| whole(i, p));
    let starts = |p: &str| joined[1..].starts_with(p) && whole(1, p);
    let n = words.len();
    let trimmed = line.trim();
    let has_digit = trimmed.chars().any(|c| c.is_ascii_digit());

    if COMMENT_FORM.iter().any(|p| has(p)) {
        return Some(BoilerplateRule::CommentForm);
    }
    // The opening must lead into the stamp ("Published on …", "Updated
    // 12:30"), not into a sentence ("Published reports say …").
    let stamp = |p: &&str| {
        let next = words.get(p.split(' ').count()).map(String::as_str);
        starts(p)
            && next.is_some_and(|w| {
                matches!(w, "on" | "at" | "by" | "in")
                    || crate::text::is_english_month(w)
                    || w.chars().all(|c| c.is_ascii_digit())
            })
    };
    if n <= 12 && has_digit && PUBLISHED.iter().any(stamp) {
        return Some(BoilerplateRule::PublicationLine);
    }
    // "… signed on\nJuly 4, 2025." ends a sentence; a date line has no stop.
    if n <= 8 && !trimmed.ends_with('.') && is_date(&words) {
        return Some(BoilerplateRule::DateLine);
    }
    if is_byline(&raw, &words) {
        return Some(BoilerplateRule::Byline);
    }
    // A hard-wrapped sentence breaks its lines after a word or a comma; a
    // list item follows a colon.
    let continues = previous.is_some_and(|p| {
        p.trim_end()
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | ';' | ':' | '-' | '–'))
    });
    if n <= 25 && !continues && is_alt_text(trimmed, &words) {
        return Some(BoilerplateRule::ImageAltText);
    }
    let labelled = |p: &str| {
        let label = p.split(' ').count();
        starts(p) && raw.len() > label && line_has_label_mark(trimmed)
    };
    if n <= 15 && (IMAGE_CREDIT.iter().any(|p| labelled(p)) || IMAGE_AGENCY.iter().any(|p| has(p)))
    {
        return Some(BoilerplateRule::ImageCredit);
    }
    if n <= 8 && WIDGETS.iter().any(|p| starts(p)) {
        return Some(BoilerplateRule::PageWidget);
    }
    if n <= 15 && (trimmed.contains('©') || starts("copyright") || has("all rights reserved")) {
        return Some(BoilerplateRule::Copyright);
    }
    None
}

/// A credit label is followed by a colon or a pipe (`Photo: AFP`).
fn line_has_label_mark(line: &str) -> bool {
    line.contains([':', '|'])
}

/// Only dates, weekdays and times: a month name and a number, or a numeric
/// date such as `04/07/2025` (day and month of one or two digits, a year of
/// four; so phone numbers are not dates).
fn is_date(words: &[String]) -> bool {
    // `4`, `4th`, `2025`: the digits of a day, year or time.
    let digits = |w: &str| {
        let d = w.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']);
        (!d.is_empty() && d.len() <= 4 && d.chars().all(|c| c.is_ascii_digit())).then_some(d.len())
    };
    let month = |w: &str| crate::text::is_english_month(w);
    let all_date = words.iter().all(|w| {
        digits(w).is_some()
            || month(w)
            || crate::text::is_english_weekday(w)
            || DATE_WORDS.contains(&w.as_str())
    });
    if !all_date {
        return false;
    }
    let lens: Vec<usize> = words.iter().filter_map(|w| digits(w)).collect();
    if words.iter().any(|w| month(w)) {
        return !lens.is_empty();
    }
    let years = lens.iter().filter(|&&n| n == 4).count();
    let small = lens.iter().filter(|&&n| n <= 2).count();
    years == 1 && small >= 2 && years + small == lens.len()
}

/// `By First Last` (names capitalised), or one to four capitalised words
/// ending in a newsroom role.
fn is_byline(raw: &[&str], words: &[String]) -> bool {
    let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    let name_word = |(r, w): (&&str, &String)| capitalised(r) || w == "and";
    match words.first().map(String::as_str) {
        Some("by") if (2..=6).contains(&words.len()) => {
            raw[1..].iter().zip(&words[1..]).all(name_word)
        }
        _ => {
            words.len() <= 4
                && raw.iter().all(capitalised)
                && words.last().is_some_and(|w| ROLES.contains(&w.as_str()))
        }
    }
}

/// Machine-written image descriptions: lower-case `a`/`an` first, at least
/// five words, no punctuation but apostrophes and hyphens (they are often
/// cut off mid-phrase). Article sentences start with a capital.
fn is_alt_text(line: &str, words: &[String]) -> bool {
    let lower_start = line.chars().next().is_some_and(char::is_lowercase);
    let bare = line
        .chars()
        .all(|c| c.is_alphanumeric() || c.is_whitespace() || matches!(c, '\'' | '’' | '-'));
    lower_start
        && bare
        && words.len() >= 5
        && matches!(words.first().map(String::as_str), Some("a" | "an"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use BoilerplateRule::*;

    fn rule(line: &str) -> Option<BoilerplateRule> {
        classify(line, None, false)
    }

    #[test]
    fn a_wrapped_sentence_is_not_alt_text() {
        let line = "a new phase of relations would begin soon for both";
        assert_eq!(classify(line, Some(""), false), Some(ImageAltText));
        assert_eq!(
            classify(line, Some("It was a good day."), false),
            Some(ImageAltText)
        );
        assert_eq!(
            classify(line, Some("The ministry said the visit marked"), false),
            None
        );
        assert_eq!(classify(line, Some("the visit marked,"), false), None);
        assert_eq!(classify(line, Some("Applicants should send:"), false), None);
    }

    #[test]
    fn page_furniture_is_recognised() {
        assert_eq!(rule("Leave a Reply"), Some(CommentForm));
        assert_eq!(rule("LEAVE A COMMENT:"), Some(CommentForm));
        assert_eq!(
            rule("Your email address will not be published. Required fields are marked *"),
            Some(CommentForm)
        );
        assert_eq!(rule("Published on July 04, 2025"), Some(PublicationLine));
        assert_eq!(
            rule("Last updated: 3 March 2024, 10:15 GMT"),
            Some(PublicationLine)
        );
        assert_eq!(rule("July 4, 2025"), Some(DateLine));
        assert_eq!(rule("Friday 12 Jan 2024 at 9:30 am"), Some(DateLine));
        assert_eq!(rule("04/07/2025"), Some(DateLine));
        assert_eq!(rule("By Jane Doe and John Roe"), Some(Byline));
        assert_eq!(rule("Web Editor"), Some(Byline));
        assert_eq!(rule("News Desk"), Some(Byline));
        assert_eq!(
            rule("a woman holding a sign in front of a crowd of people at a"),
            Some(ImageAltText)
        );
        assert_eq!(rule("Photo: Reuters/John Smith"), Some(ImageCredit));
        assert_eq!(
            rule("Soldiers at the border (Getty Images)"),
            Some(ImageCredit)
        );
        assert_eq!(rule("Share this article"), Some(PageWidget));
        assert_eq!(rule("Advertisement"), Some(PageWidget));
        assert_eq!(
            rule("© 2025 Example Media. All rights reserved."),
            Some(Copyright)
        );
    }

    #[test]
    fn article_lines_are_left_alone() {
        for line in [
            "Russia Becomes First Nation to Recognize Taliban Government in Afghanistan",
            "By extending diplomatic legitimacy without reforms, Moscow rewarded the Taliban.",
            "In July 2024, Russian President Vladimir Putin described the Taliban as allies.",
            "a move that could reshape relations in the region.",
            "Key Questions and Answers",
            "Photo opportunities were rare during the visit",
            "Published reports say the talks went well in 2024 and will resume this year after the summer",
            "May 2025 be a better year for everyone in the region",
            "Published reports say talks resume in 2024",
            "July 4, 2025.",
            "787-823-0101",
            "an unpublished writing sample of any length, on any topic",
            "Political dissent crushed at home and abroad",
            "",
        ] {
            assert_eq!(rule(line), None, "{line}");
        }
    }
}
