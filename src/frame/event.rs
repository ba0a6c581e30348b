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
//! The layer is coarse by design: one story's different events of the
//! same class (checking into one clinic, then another) fall into one
//! event.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

/// Units at the start of a document that make its lead (headline, date
/// line, first sentences).
pub const LEAD: usize = 4;
/// Least share of the documents whose lead holds the main event's class.
pub const MIN_LEAD_SHARE: f64 = 0.5;

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

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(doc: usize, index: usize, text: &str) -> EventUnit {
        EventUnit {
            doc,
            index,
            eligible: true,
            words: text.split_whitespace().map(str::to_lowercase).collect(),
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
}
