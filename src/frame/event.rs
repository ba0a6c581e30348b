//! The story's main event: which sentences of each outlet report it.
//!
//! Articles on one story report its central event (a death, an arrest, a
//! fire, an acquisition) in their headline and lead, and again further
//! down in other words ("the deal", "the merger", "the takeover"). Such
//! sentences share few words, so the statement-level score of
//! [`crate::align::fact`] does not link them; what they share is the
//! event's *trigger*, a verb or event noun of one class.
//!
//! 1. Every word is looked up in [`TRIGGERS`], a small hand-made list of
//!    event classes of news with their word forms (`death`: die, dies,
//!    died, dead, death, …).
//! 2. The main event classes are those found in the lead (first [`LEAD`]
//!    units) of the most documents; a class is kept when its lead count is
//!    the highest, at least two documents and at least
//!    [`MIN_LEAD_SHARE`] of them.
//! 3. The event's members are the units (not repeats, with enough content
//!    words to take part in matching) holding a trigger of a main class.
//!
//! 4. Argument compatibility ([`split`]): a story may hold several events
//!    of the class (checking into one clinic, leaving it, checking into
//!    another). The place or facility names a preposition attaches to a
//!    trigger (`rehab at Betty Ford Center`, `a fire at a Waitrose
//!    supermarket in Wellington`) are the event's arguments. Members whose
//!    arguments (named by at least [`MIN_ARG_DOCS`] documents) conflict
//!    with the centre's form another event; when the event splits, members
//!    naming no argument could belong to either and join none.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::OnceLock;

/// Units at the start of a document that make its lead (headline, date
/// line, first sentences).
pub const LEAD: usize = 4;
/// Least share of the documents whose lead holds the main event's class.
pub const MIN_LEAD_SHARE: f64 = 0.5;

/// Fewest documents whose members name an argument word for it to tell
/// two events apart (a name in one or two articles is a detail, not the
/// event's place).
pub const MIN_ARG_DOCS: usize = 3;
/// Most other words between a trigger and the preposition of its
/// argument (`checked into rehab at`), and between one argument and the
/// next preposition of a chain (`at a Waitrose supermarket in`).
pub const ARG_GAP: usize = 2;
/// Least share of a word's occurrences inside sentences (not first, not in
/// headlines) that are capitalised for it to be a name.
pub const NAME_SHARE: f64 = 0.8;
/// Prepositions that attach a place or facility to an event.
const PLACE_PREPOSITIONS: &[&str] = &["at", "in", "into", "to", "from", "near", "on"];
/// Articles skipped between a preposition and a name.
const ARTICLES: &[&str] = &["the", "a", "an"];

/// Event classes of news and the word forms (lower case) that trigger
/// them. Written for this crate (same licence as the crate). A form may
/// trigger more than one class (`deal`).
pub const TRIGGERS: &[(&str, &str)] = &[
    (
        "death",
        "die dies died dying dead death deaths obituary suicide",
    ),
    (
        "killing",
        "kill kills killed killing killings murder murders murdered murdering slay slain slaying homicide",
    ),
    (
        "shooting",
        "shoot shoots shot shooting shootings gunned gunfire gunman gunmen",
    ),
    (
        "attack",
        "attack attacks attacked bombing bombings bomb bombed explosion explosions blast exploded",
    ),
    (
        "arrest",
        "arrest arrests arrested arresting detained detain detains booked custody apprehended",
    ),
    (
        "court",
        "charged charges indicted convicted conviction sentenced sentence trial guilty pleaded verdict acquitted",
    ),
    (
        "fire",
        "fire fires blaze blazes burned burning burnt arson flames torched firefighters",
    ),
    (
        "dismissal",
        "fired sacked dismissed ousted relieved axed firing dismissal ouster terminated canned",
    ),
    (
        "appointment",
        "hired hire hires hiring named appointed appoint appoints appointment replace replaces replaced replacing successor",
    ),
    (
        "acquisition",
        "acquire acquires acquired acquiring acquisition acquisitions buy buys bought buying purchase purchased purchases purchasing deal merger merge merged takeover",
    ),
    (
        "robbery",
        "rob robs robbed robbery robberies robbers robber heist steal steals stole stolen theft thieves thief burglary looted",
    ),
    ("rehab", "rehab rehabilitation treatment"),
    (
        "admission",
        "check checks checked checking entered enters admitted admits",
    ),
    ("dui", "dui dwi drunk drunken intoxicated impaired"),
    (
        "injury",
        "injured injury injuries hurt wounded torn sprained",
    ),
    (
        "quake",
        "earthquake earthquakes quake quakes tremor tremors temblor aftershock aftershocks tsunami",
    ),
    (
        "storm",
        "storm storms hurricane flood floods flooding tornado typhoon cyclone",
    ),
    (
        "crash",
        "crash crashes crashed collision collided derailed accident",
    ),
    (
        "launch",
        "unveil unveils unveiled unveiling launch launches launched introduce introduces introduced release releases released updated refresh refreshed refreshes",
    ),
    (
        "election",
        "elected reelected election elections vote votes voters ballot",
    ),
    (
        "win",
        "won wins win winning victory victories defeated defeat beat beats",
    ),
    ("host", "host hosts hosting hosted emcee"),
    ("ceremony", "oscars oscar ceremony awards"),
    (
        "riot",
        "riot riots rioting rioters unrest protest protests protesters clashes demonstrators",
    ),
    ("offer", "offer offers offered contract signed signs sign"),
    (
        "resignation",
        "resign resigns resigned resignation quit quits",
    ),
    (
        "hijacking",
        "hijack hijacks hijacked hijacking hijackers pirates piracy",
    ),
    (
        "kidnapping",
        "kidnap kidnaps kidnapped kidnapping kidnappers abducted abduction hostage hostages",
    ),
    ("layoffs", "layoff layoffs redundancies"),
    ("prize", "prize prizes award awarded laureate"),
    ("surgery", "surgery transplant hospitalized hospitalised"),
    ("wedding", "wedding married marry marries divorce divorced"),
    (
        "strike",
        "airstrike airstrikes missile missiles strike strikes raid raids",
    ),
    ("spill", "spill spills spilled leak leaks leaked"),
    ("bankruptcy", "bankruptcy bankrupt insolvency"),
    ("escape", "escape escapes escaped fled flee flees"),
    ("retirement", "retire retires retired retirement"),
    ("recall", "recall recalls recalled"),
];

/// Indices into [`TRIGGERS`] of the classes `word` (lower case) triggers.
pub fn classes(word: &str) -> &'static [usize] {
    static MAP: OnceLock<HashMap<&'static str, Vec<usize>>> = OnceLock::new();
    let map = MAP.get_or_init(|| {
        let mut m: HashMap<&'static str, Vec<usize>> = HashMap::new();
        for (i, (_, forms)) in TRIGGERS.iter().enumerate() {
            for f in forms.split_whitespace() {
                m.entry(f).or_default().push(i);
            }
        }
        m
    });
    map.get(word).map_or(&[], Vec::as_slice)
}

/// One unit as the event layer sees it.
#[derive(Debug, Clone)]
pub struct EventUnit {
    /// Its document.
    pub doc: usize,
    /// Its position among its document's units.
    pub index: usize,
    /// May be a member (not a repeat, enough content words).
    pub eligible: bool,
    /// Its words, lower case.
    pub words: Vec<String>,
    /// Per word, whether it is written with a capital letter.
    pub capital: Vec<bool>,
    /// Whether it is a headline (capitals there do not mark names).
    pub headline: bool,
}

/// The story's main event.
#[derive(Debug, Clone, PartialEq)]
pub struct MainEvent {
    /// Names of its classes (from [`TRIGGERS`]).
    pub classes: Vec<&'static str>,
    /// Member units (indices into the input), ascending.
    pub members: Vec<usize>,
}

/// The main event of the units of `docs` documents, if their leads agree
/// on one and at least two documents report it.
pub fn main_event(units: &[EventUnit], docs: usize) -> Option<MainEvent> {
    let found: Vec<BTreeSet<usize>> = units
        .iter()
        .map(|u| {
            u.words
                .iter()
                .flat_map(|w| classes(w).iter().copied())
                .collect()
        })
        .collect();
    // Per class, the documents whose lead holds it.
    let mut lead: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); TRIGGERS.len()];
    for (u, cs) in units.iter().zip(&found) {
        if u.index < LEAD {
            for &c in cs {
                lead[c].insert(u.doc);
            }
        }
    }
    let top = lead.iter().map(BTreeSet::len).max().unwrap_or(0);
    if top < 2 || (top as f64) < MIN_LEAD_SHARE * docs as f64 {
        return None;
    }
    let main: Vec<usize> = (0..TRIGGERS.len())
        .filter(|&c| lead[c].len() == top)
        .collect();
    let members: Vec<usize> = (0..units.len())
        .filter(|&u| units[u].eligible && main.iter().any(|c| found[u].contains(c)))
        .collect();
    let outlets: BTreeSet<usize> = members.iter().map(|&u| units[u].doc).collect();
    (outlets.len() >= 2).then(|| MainEvent {
        classes: main.iter().map(|&c| TRIGGERS[c].0).collect(),
        members,
    })
}

/// One event of the main event's class, after [`split`].
#[derive(Debug, Clone, PartialEq)]
pub struct EventGroup {
    /// Member units (indices into the input), ascending.
    pub members: Vec<usize>,
    /// The member whose arguments define the group.
    pub seed: usize,
    /// Positions in the seed's words of the arguments that set this event
    /// apart; empty when the event was not split.
    pub arguments: Vec<usize>,
}

/// Word forms (lower case) written with a capital inside sentences at
/// least [`NAME_SHARE`] of the time: names of people, places and
/// organisations. Months and weekdays are dates.
pub fn name_forms(units: &[EventUnit]) -> HashSet<&str> {
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for u in units.iter().filter(|u| !u.headline) {
        // The first word is capitalised whatever it is.
        for (w, &cap) in u.words.iter().zip(&u.capital).skip(1) {
            let e = counts.entry(w.as_str()).or_default();
            e.0 += 1;
            e.1 += usize::from(cap);
        }
    }
    counts
        .into_iter()
        .filter(|&(w, (n, c))| {
            c > 0
                && c as f64 >= NAME_SHARE * n as f64
                && !crate::text::is_english_weekday(w)
                && !crate::text::is_english_month(w)
        })
        .map(|(w, _)| w)
        .collect()
}

/// Positions (in `u.words`, ascending) of the names a place preposition
/// attaches to a trigger of one of `main` classes: a trigger, at most
/// [`ARG_GAP`] other words, a preposition, an optional article and a run
/// of names; further preposition + name runs chain on.
pub fn arguments(u: &EventUnit, main: &[usize], names: &HashSet<&str>) -> Vec<usize> {
    let n = u.words.len();
    let is_name = |k: usize| u.capital[k] && names.contains(u.words[k].as_str());
    let mut out = Vec::new();
    for i in 0..n {
        if !classes(&u.words[i]).iter().any(|c| main.contains(c)) {
            continue;
        }
        // Names between a place preposition and the trigger name its
        // place too (`into Malibu rehab`, `at Betty Ford rehab`).
        let mut k = i;
        while k > 0 && is_name(k - 1) {
            k -= 1;
        }
        if k < i && k > 0 && PLACE_PREPOSITIONS.contains(&u.words[k - 1].as_str()) {
            out.extend(k..i);
        }
        let (mut j, mut budget) = (i + 1, ARG_GAP);
        while j < n {
            if PLACE_PREPOSITIONS.contains(&u.words[j].as_str()) {
                let mut k = j + 1;
                if k < n && ARTICLES.contains(&u.words[k].as_str()) {
                    k += 1;
                }
                let start = k;
                while k < n && is_name(k) {
                    k += 1;
                }
                if k == start {
                    break;
                }
                out.extend(start..k);
                (j, budget) = (k, ARG_GAP);
                continue;
            }
            if budget == 0 {
                break;
            }
            budget -= 1;
            j += 1;
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Split `event` by its members' arguments ([`arguments`]), starting from
/// the group of `centre` (a member).
///
/// Only argument words named by members of at least [`MIN_ARG_DOCS`]
/// documents count, regions that hold two places never named together
/// aside. A member's arguments are compatible with a seed's
/// when each is one of the seed's or some unit names it together with one
/// of them as arguments (`in Wellington, Somerset`). The first group holds `centre`, the members
/// without arguments and those compatible with `centre`; each further
/// group grows from the remaining member compatible with the most
/// remaining members of other documents. Groups need two documents. When
/// more than one is left, members without arguments are dropped (they
/// could report any of the events).
pub fn split(units: &[EventUnit], event: &MainEvent, centre: usize) -> Vec<EventGroup> {
    let names = name_forms(units);
    let main: Vec<usize> = event
        .classes
        .iter()
        .filter_map(|c| TRIGGERS.iter().position(|(n, _)| n == c))
        .collect();
    let words = |u: usize, at: &[usize]| -> Vec<&str> {
        at.iter().map(|&k| units[u].words[k].as_str()).collect()
    };
    let all: Vec<Vec<usize>> = units.iter().map(|u| arguments(u, &main, &names)).collect();
    // Argument words named together in one unit.
    let mut together: BTreeSet<(&str, &str)> = BTreeSet::new();
    for (u, at) in all.iter().enumerate() {
        let a = words(u, at);
        for &x in &a {
            for &y in &a {
                together.insert((x, y));
            }
        }
    }
    let raw: Vec<Vec<usize>> = event.members.iter().map(|&u| all[u].clone()).collect();
    let mut docs: HashMap<&str, BTreeSet<usize>> = HashMap::new();
    for (&u, at) in event.members.iter().zip(&raw) {
        for w in words(u, at) {
            docs.entry(w).or_default().insert(units[u].doc);
        }
    }
    let supported = |w: &str| docs.get(w).is_some_and(|d| d.len() >= MIN_ARG_DOCS);
    // A word named together with two that are never named together holds
    // both (`Calif.` with `Betty Ford` and with `Newport Beach`): a region,
    // which tells no event apart.
    let mut partners: HashMap<&str, Vec<&str>> = HashMap::new();
    for &(x, y) in &together {
        if x != y && supported(x) && supported(y) {
            partners.entry(x).or_default().push(y);
        }
    }
    let region = |w: &str| {
        partners.get(w).is_some_and(|p| {
            p.iter()
                .any(|a| p.iter().any(|b| !together.contains(&(*a, *b))))
        })
    };
    // Per member: the positions of its supported arguments.
    let args: HashMap<usize, Vec<usize>> = event
        .members
        .iter()
        .zip(raw)
        .map(|(&u, at)| {
            let keep = at
                .into_iter()
                .filter(|&k| supported(&units[u].words[k]) && !region(&units[u].words[k]))
                .collect();
            (u, keep)
        })
        .collect();
    let sets: HashMap<usize, BTreeSet<&str>> = args
        .iter()
        .map(|(&u, at)| (u, words(u, at).into_iter().collect()))
        .collect();
    let set = |u: usize| &sets[&u];
    // Every argument of `a` is one of `b`'s or named together with one: a
    // region named with both (`Calif.`) does not bridge two facilities.
    let compatible = |a: &BTreeSet<&str>, b: &BTreeSet<&str>| {
        !a.is_empty()
            && a.iter()
                .all(|x| b.contains(x) || b.iter().any(|y| together.contains(&(*x, *y))))
    };
    let mut groups: Vec<EventGroup> = Vec::new();
    let mut left: Vec<usize> = event.members.clone();
    let mut seed = Some(centre);
    while let Some(s) = seed {
        let c = set(s);
        let first = groups.is_empty();
        let (members, rest): (Vec<usize>, Vec<usize>) = left.iter().partition(|&&u| {
            let a = set(u);
            u == s || c.is_empty() || (a.is_empty() && first) || compatible(a, c)
        });
        groups.push(EventGroup {
            members,
            seed: s,
            arguments: args[&s].clone(),
        });
        left = rest;
        let named: Vec<usize> = left
            .iter()
            .copied()
            .filter(|&u| !args[&u].is_empty())
            .collect();
        let links = |u: usize| {
            let a = set(u);
            named
                .iter()
                .filter(|&&v| units[v].doc != units[u].doc && compatible(set(v), a))
                .count()
        };
        seed = named
            .iter()
            .copied()
            .max_by(|&a, &b| links(a).cmp(&links(b)).then(b.cmp(&a)));
    }
    let outlets = |g: &EventGroup| {
        g.members
            .iter()
            .map(|&u| units[u].doc)
            .collect::<BTreeSet<_>>()
            .len()
    };
    groups.retain(|g| outlets(g) >= 2);
    if groups.len() > 1 {
        for g in &mut groups {
            g.members.retain(|u| !args[u].is_empty());
        }
        groups.retain(|g| outlets(g) >= 2);
    } else {
        for g in &mut groups {
            g.arguments.clear();
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(doc: usize, index: usize, text: &str) -> EventUnit {
        let raw: Vec<&str> = text.split_whitespace().collect();
        EventUnit {
            doc,
            index,
            eligible: true,
            words: raw.iter().map(|w| w.to_lowercase()).collect(),
            capital: raw
                .iter()
                .map(|w| w.chars().next().is_some_and(char::is_uppercase))
                .collect(),
            headline: false,
        }
    }

    #[test]
    fn trigger_forms_map_to_classes() {
        let name = |w: &str| -> Vec<&str> { classes(w).iter().map(|&c| TRIGGERS[c].0).collect() };
        assert_eq!(name("died"), ["death"]);
        assert_eq!(name("heist"), ["robbery"]);
        assert!(name("deal").contains(&"acquisition"));
        assert!(name("the").is_empty());
        // Forms are unique within a class.
        for (c, forms) in TRIGGERS {
            let all: Vec<&str> = forms.split_whitespace().collect();
            let set: BTreeSet<&str> = all.iter().copied().collect();
            assert_eq!(all.len(), set.len(), "{c}");
        }
    }

    #[test]
    fn lead_class_picks_members_anywhere() {
        let units = [
            unit(0, 0, "Actress dies at 91"),
            unit(0, 1, "She starred in films"),
            unit(0, 5, "Her death was confirmed"),
            unit(1, 0, "Film star died on Thursday"),
            unit(1, 1, "Fans were sad"),
            unit(2, 0, "Swimming star remembered"),
        ];
        let e = main_event(&units, 3).unwrap();
        assert_eq!(e.classes, ["death"]);
        assert_eq!(e.members, [0, 2, 3]);
    }

    #[test]
    fn no_event_without_lead_agreement() {
        // Only one lead has a trigger; a trigger outside the leads does not count.
        let units = [
            unit(0, 0, "Actress dies at 91"),
            unit(1, 0, "Film star remembered"),
            unit(1, 4, "She died on Thursday"),
            unit(2, 0, "Swimming star remembered"),
        ];
        assert_eq!(main_event(&units, 3), None);
        // Agreement in one document only is not enough either.
        assert_eq!(main_event(&units[..1], 1), None);
    }

    #[test]
    fn ineligible_units_are_not_members() {
        let mut units = vec![
            unit(0, 0, "Actress dies"),
            unit(1, 0, "Actress died"),
            unit(1, 1, "Actress died"),
        ];
        units[2].eligible = false;
        assert_eq!(main_event(&units, 2).unwrap().members, [0, 1]);
    }

    #[test]
    fn two_rehab_facilities_not_merged() {
        // Checking into one clinic and into another: two events of the
        // class `rehab`, told apart by the facility a preposition attaches.
        let units = [
            unit(0, 0, "Lohan checks into rehab at Betty Ford Center"),
            unit(0, 1, "Lohan is in rehab now"),
            unit(
                1,
                0,
                "Lohan went to rehab at Betty Ford Center late on Friday",
            ),
            unit(1, 1, "Lohan left rehab in Newport Beach on Thursday"),
            unit(2, 0, "Lohan checks into rehab at Betty Ford Center"),
            unit(
                2,
                1,
                "Earlier she went to rehab in Newport Beach for an hour",
            ),
            unit(3, 0, "Lohan goes to rehab in Newport Beach in Calif"),
            unit(3, 1, "Lohan arrived at rehab at Betty Ford Center"),
            unit(4, 0, "Lohan went to rehab at Betty Ford Center in Calif"),
            unit(4, 1, "She had left rehab in Newport Beach in Calif"),
            unit(5, 0, "Lohan checked into rehab in Calif"),
        ];
        let e = main_event(&units, 6).unwrap();
        assert_eq!(e.classes, ["rehab"]);
        let groups = split(&units, &e, 0);
        let members: Vec<&[usize]> = groups.iter().map(|g| g.members.as_slice()).collect();
        // Sentences naming no facility could report either: they join none.
        // `Calif`, named with both facilities, is a region and names none.
        assert_eq!(members, [&[0, 2, 4, 7, 8][..], &[3, 5, 6, 9]]);
        let named = |g: &EventGroup| -> Vec<&str> {
            g.arguments
                .iter()
                .map(|&k| units[g.seed].words[k].as_str())
                .collect()
        };
        assert_eq!(named(&groups[0]), ["betty", "ford", "center"]);
        assert_eq!(named(&groups[1]), ["newport", "beach"]);
    }

    #[test]
    fn places_named_together_do_not_split() {
        // `Wellington` and `Somerset` are named together once: one place.
        let units = [
            unit(0, 0, "Police investigate a fire in Wellington"),
            unit(1, 0, "The fire in Wellington destroyed the shop"),
            unit(2, 0, "A fire in Somerset destroyed a supermarket"),
            unit(3, 0, "Crews fought the fire at Wellington in Somerset"),
            unit(3, 1, "The fire in Somerset was put out"),
            unit(4, 0, "Fire in Somerset town"),
            unit(4, 1, "The fire started at night"),
        ];
        let e = main_event(&units, 5).unwrap();
        let groups = split(&units, &e, 0);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].members, e.members);
        assert!(groups[0].arguments.is_empty());
    }

    #[test]
    fn arguments_follow_a_trigger_through_prepositions() {
        let u = unit(
            0,
            3,
            "There was a fire at a Waitrose supermarket in Wellington on Monday",
        );
        let names: HashSet<&str> = ["waitrose", "wellington"].into_iter().collect();
        let fire = TRIGGERS.iter().position(|(c, _)| *c == "fire").unwrap();
        let at: Vec<&str> = arguments(&u, &[fire], &names)
            .into_iter()
            .map(|k| u.words[k].as_str())
            .collect();
        assert_eq!(at, ["waitrose", "wellington"]);
        // Names away from any trigger are not its arguments.
        let v = unit(0, 4, "Shoppers in Wellington were told about the fire");
        assert!(arguments(&v, &[fire], &names).is_empty());
    }

    #[test]
    fn names_between_a_preposition_and_the_trigger_are_its_place() {
        let names: HashSet<&str> = ["lohan", "malibu", "betty", "ford"].into_iter().collect();
        let rehab = TRIGGERS.iter().position(|(c, _)| *c == "rehab").unwrap();
        let at = |text: &str| -> Vec<String> {
            let u = unit(0, 2, text);
            arguments(&u, &[rehab], &names)
                .into_iter()
                .map(|k| u.words[k].clone())
                .collect()
        };
        assert_eq!(at("Lohan checks into Malibu rehab"), ["malibu"]);
        assert_eq!(at("She was at Betty Ford rehab before"), ["betty", "ford"]);
        // Without a preposition the names are its subject, not its place.
        assert!(at("Lohan rehab stint ends").is_empty());
    }

    #[test]
    fn name_forms_are_capitalised_inside_sentences() {
        let mut units = vec![
            unit(0, 0, "She went to Betty Ford on Friday"),
            unit(0, 1, "The Center said the center was full"),
            unit(1, 0, "Reporters saw Betty at Ford"),
        ];
        units.push(unit(1, 1, "Checks Into Rehab"));
        units[3].headline = true;
        let names = name_forms(&units);
        assert!(names.contains("betty") && names.contains("ford"));
        // Half capitalised, a weekday, a headline's capitals, a first word.
        for w in ["center", "friday", "checks", "she"] {
            assert!(!names.contains(w), "{w}");
        }
    }
}
