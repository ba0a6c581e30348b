//! Names across transliterations: `Zhirnov` ~ `Jirnov`, `Dmitry` ~ `Dmitri`.
//!
//! Two names are compared by the Dice coefficient of their character
//! trigrams (with `^` and `$` marking the ends), taken on the lower-cased
//! name and on a folded spelling that merges the usual variants of
//! romanised Russian, Arabic and Persian names (`zh`/`j`, final `y`/`i`,
//! `kh`/`h`, `ph`/`f`, `ou`/`u`, `ee`/`i`, doubled letters); the higher of
//! the two counts (at least 0.8 when both have the same consonants in the
//! same order), halved when the folded spellings start differently.
//! [`NAME_MATCH`] is the score from which two spellings are
//! taken for one name. A name that is a prefix of the other (`Russia`,
//! `Russian`) is the same word family, not a spelling variant: see
//! [`is_variant`].

/// Similarity from which two capitalised words are one name.
pub const NAME_MATCH: f64 = 0.5;

/// Lower-cased letters of a word, without apostrophes, dashes and a final
/// possessive `'s`.
fn letters(word: &str) -> String {
    if word.is_ascii() {
        // The same, without a lower-cased copy: ASCII lower-cases byte
        // for byte and its alphanumerics are ASCII's.
        let bytes = word.as_bytes();
        let bytes = match bytes {
            [rest @ .., b'\'', b's' | b'S'] => rest,
            _ => bytes,
        };
        return bytes
            .iter()
            .filter(|b| b.is_ascii_alphanumeric())
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
    }
    let lower = word.to_lowercase();
    let lower = lower
        .strip_suffix("'s")
        .or_else(|| lower.strip_suffix("’s"))
        .unwrap_or(&lower);
    lower.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The folded spelling used for transliteration variants.
pub fn fold(word: &str) -> String {
    fold_letters(&letters(word))
}

/// [`fold`] of a word's [`letters`].
fn fold_letters(l: &str) -> String {
    let mut s = String::with_capacity(l.len());
    // The last char pushed (every replacement is one letter).
    let mut last: Option<char> = None;
    let mut chars = l.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let (out, skip): (Option<char>, usize) = match (c, next) {
            ('z', Some('h')) => (Some('j'), 2),
            ('k', Some('h')) => (Some('h'), 2),
            ('p', Some('h')) => (Some('f'), 2),
            ('o', Some('u')) => (Some('u'), 2),
            ('e', Some('e')) => (Some('i'), 2),
            ('y', None) => (Some('i'), 1),
            ('y', _) if !first => (Some('i'), 1),
            ('q', _) => (Some('k'), 1),
            ('w', _) if !first => (Some('v'), 1),
            ('c', Some('k')) => (Some('k'), 2),
            _ => (None, 0),
        };
        first = false;
        match out {
            Some(out) => {
                s.push(out);
                last = Some(out);
                if skip == 2 {
                    chars.next();
                }
            }
            // Doubled letters count once.
            None if last != Some(c) => {
                s.push(c);
                last = Some(c);
            }
            None => {}
        }
    }
    s
}

/// The consonants of a folded spelling, doubled ones once (the first
/// letter stays, vowel or not).
fn skeleton(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len());
    let mut last = None;
    for (i, c) in folded.chars().enumerate() {
        if i > 0 && matches!(c, 'a' | 'e' | 'i' | 'o' | 'u') {
            continue;
        }
        if last != Some(c) {
            out.push(c);
            last = Some(c);
        }
    }
    out
}

/// A word's character trigrams, sorted.
type Trigrams = Vec<[char; 3]>;

fn trigrams(s: &str) -> Trigrams {
    let padded: Vec<char> = std::iter::once('^')
        .chain(s.chars())
        .chain(std::iter::once('$'))
        .collect();
    let mut out: Vec<[char; 3]> = padded.windows(3).map(|w| [w[0], w[1], w[2]]).collect();
    out.sort_unstable();
    out
}

/// Dice coefficient of two sorted trigram multisets.
fn dice(a: &[[char; 3]], b: &[[char; 3]]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

/// A name word as [`similarity`] reads it, worked out once, so a word
/// compared with many others is read once.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Spelling {
    letters: String,
    folded: String,
    /// Chars of `letters` and of `folded`: their numbers of trigrams.
    lens: (usize, usize),
    skeleton: String,
    /// The trigrams of `letters` and of `folded`, made the first time two
    /// names get that far (most names of a document are never compared
    /// closely; making them up front was half the cost of reading names).
    trigrams: std::sync::OnceLock<(Trigrams, Trigrams)>,
}

impl Spelling {
    /// Read `word`.
    pub fn new(word: &str) -> Self {
        let letters = letters(word);
        let folded = fold_letters(&letters);
        Spelling {
            lens: (letters.chars().count(), folded.chars().count()),
            skeleton: skeleton(&folded),
            letters,
            folded,
            trigrams: std::sync::OnceLock::new(),
        }
    }

    fn trigrams(&self) -> &(Trigrams, Trigrams) {
        self.trigrams
            .get_or_init(|| (trigrams(&self.letters), trigrams(&self.folded)))
    }

    /// [`similarity`] of the two words if they are one name (at least
    /// [`NAME_MATCH`]), found without the trigram counts for most pairs
    /// that are not.
    pub fn matches(&self, other: &Spelling) -> Option<f64> {
        if self.letters != other.letters {
            // A different first sound halves the score, under NAME_MATCH.
            if self.folded.chars().next() != other.folded.chars().next() {
                return None;
            }
            // Dice is at most 2 min / (sum) of the two trigram counts.
            let bound = |x: usize, y: usize| 2.0 * x.min(y) as f64 / (x + y).max(1) as f64;
            let plain = bound(self.lens.0, other.lens.0);
            let folded = bound(self.lens.1, other.lens.1);
            let skeleton = self.skeleton == other.skeleton && self.skeleton.chars().count() >= 3;
            if plain < NAME_MATCH && folded < NAME_MATCH && !skeleton && self.folded != other.folded
            {
                return None;
            }
        }
        let s = self.similarity(other);
        (s >= NAME_MATCH).then_some(s)
    }

    /// [`similarity`] of the two words.
    pub fn similarity(&self, other: &Spelling) -> f64 {
        let (la, lb) = (&self.letters, &other.letters);
        if la.is_empty() || lb.is_empty() {
            return 0.0;
        }
        if la == lb {
            return 1.0;
        }
        let (ta, tb) = (self.trigrams(), other.trigrams());
        let plain = dice(&ta.0, &tb.0);
        let (fa, fb) = (&self.folded, &other.folded);
        let folded = if fa == fb { 0.95 } else { dice(&ta.1, &tb.1) };
        // The same consonants in the same order (`Mohammed`, `Muhammad`).
        let (sa, sb) = (&self.skeleton, &other.skeleton);
        let folded = if sa == sb && sa.chars().count() >= 3 {
            folded.max(0.8)
        } else {
            folded
        };
        // Transliterations keep the first sound: `Uzbekistan` and `Pakistan`
        // share an ending, not a name.
        if fa.chars().next() != fb.chars().next() {
            return plain.max(folded) * 0.5;
        }
        plain.max(folded)
    }
}

/// Similarity of two name words, 0 to 1 (1: the same letters).
pub fn similarity(a: &str, b: &str) -> f64 {
    Spelling::new(a).similarity(&Spelling::new(b))
}

/// Whether two different spellings are variants of one name: similar
/// enough, not the same letters, and neither a prefix of the other (that
/// is a word family such as `Russia`/`Russian`).
pub fn is_variant(a: &str, b: &str) -> bool {
    let (la, lb) = (letters(a), letters(b));
    la != lb && !la.starts_with(&lb) && !lb.starts_with(&la) && similarity(a, b) >= NAME_MATCH
}

/// Similarity of two multi-word names: each word of the shorter one is
/// matched to its best counterpart, and the mean is taken.
pub fn name_similarity(a: &[&str], b: &[&str]) -> f64 {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return 0.0;
    }
    let total: f64 = short
        .iter()
        .map(|w| long.iter().map(|v| similarity(w, v)).fold(0.0, f64::max))
        .sum();
    total / short.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliteration_variants_match() {
        assert!(similarity("Zhirnov", "Jirnov") >= NAME_MATCH);
        assert!(similarity("Dmitry", "Dmitri") >= NAME_MATCH);
        assert!(similarity("Mohammed", "Muhammad") >= 0.4);
        assert!(similarity("Hassan", "Hasan") >= NAME_MATCH);
        assert!(is_variant("Zhirnov", "Jirnov"));
        assert!(is_variant("Dmitry", "Dmitri"));
        assert_eq!(similarity("Muttaqi", "MUTTAQI"), 1.0);
        assert_eq!(similarity("Russia’s", "Russia"), 1.0);
    }

    #[test]
    fn matches_agrees_with_similarity() {
        let words = [
            "Zhirnov",
            "Jirnov",
            "Dmitry",
            "Dmitri",
            "Mohammed",
            "Muhammad",
            "Hassan",
            "Hasan",
            "Garwal",
            "Gul",
            "Kabulov",
            "Kabul",
            "Putin",
            "Muttaqi",
            "MUTTAQI",
            "Russia",
            "Russian",
            "Uzbekistan",
            "Pakistan",
            "Jamal",
            "A",
            "",
            "Al",
            "Ali",
            "Alinejad",
        ];
        for a in words {
            for b in words {
                let (sa, sb) = (Spelling::new(a), Spelling::new(b));
                let s = similarity(a, b);
                assert_eq!(sa.matches(&sb), (s >= NAME_MATCH).then_some(s), "{a} {b}");
            }
        }
    }

    #[test]
    fn different_names_do_not() {
        assert!(similarity("Garwal", "Hasan") < NAME_MATCH);
        assert!(similarity("Gul", "Garwal") < NAME_MATCH);
        assert!(similarity("Kabulov", "Kabul") < 1.0);
        assert!(similarity("Putin", "Muttaqi") < 0.2);
        assert!(!is_variant("Russia", "Russian"));
        assert!(!is_variant("Afghan", "Afghanistan"));
        assert!(!is_variant("Jamal", "Gul"));
        assert!(!is_variant("Uzbekistan", "Pakistan"));
        let garwal = ["Jamal", "Nasir", "Garwal"];
        let hasan = ["Gul", "Hasan"];
        assert!(name_similarity(&garwal, &hasan) < NAME_MATCH);
        let z = ["Dmitry", "Zhirnov"];
        let j = ["Dmitri", "Jirnov"];
        assert!(name_similarity(&z, &j) >= NAME_MATCH);
    }

    #[test]
    fn trigram_counts_are_char_counts() {
        for w in ["", "A", "Al", "Zhirnov", "Ünal", "Muttaqi's"] {
            let s = Spelling::new(w);
            assert_eq!(s.lens.0, s.trigrams().0.len(), "{w}");
            assert_eq!(s.lens.1, s.trigrams().1.len(), "{w}");
        }
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Zhirnov"), "jirnov");
        assert_eq!(fold("Dmitry"), "dmitri");
        assert_eq!(fold("Khan"), "han");
        assert_eq!(fold("Hassan"), "hasan");
    }

    /// [`letters`], [`fold_letters`] and [`skeleton`] as first written
    /// (Unicode lower case, a char vector, `ends_with`).
    fn spelling_parts_by_chars(word: &str) -> (String, String, String) {
        let lower = word.to_lowercase();
        let lower = lower
            .strip_suffix("'s")
            .or_else(|| lower.strip_suffix("’s"))
            .unwrap_or(&lower);
        let letters: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
        let mut folded = String::new();
        let chars: Vec<char> = letters.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            let (out, skip): (&str, usize) = match (c, next) {
                ('z', Some('h')) => ("j", 2),
                ('k', Some('h')) => ("h", 2),
                ('p', Some('h')) => ("f", 2),
                ('o', Some('u')) => ("u", 2),
                ('e', Some('e')) => ("i", 2),
                ('y', None) => ("i", 1),
                ('y', _) if i > 0 => ("i", 1),
                ('q', _) => ("k", 1),
                ('w', _) if i > 0 => ("v", 1),
                ('c', Some('k')) => ("k", 2),
                _ => ("", 0),
            };
            if skip > 0 {
                folded.push_str(out);
                i += skip;
            } else {
                if !folded.ends_with(c) {
                    folded.push(c);
                }
                i += 1;
            }
        }
        let mut skeleton = String::new();
        for (i, c) in folded.chars().enumerate() {
            if i > 0 && matches!(c, 'a' | 'e' | 'i' | 'o' | 'u') {
                continue;
            }
            if !skeleton.ends_with(c) {
                skeleton.push(c);
            }
        }
        (letters, folded, skeleton)
    }

    proptest::proptest! {
        #[test]
        fn spelling_parts_equal_the_char_by_char_reading(
            word in "[zhkpoueyqwcabiIZHKYW'’sSé-]{0,12}|\\PC{0,8}"
        ) {
            let s = Spelling::new(&word);
            proptest::prop_assert_eq!(
                (s.letters, s.folded, s.skeleton),
                spelling_parts_by_chars(&word)
            );
        }
    }
}
