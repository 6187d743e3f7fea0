//! Splitting German compounds into their parts, after Koehn & Knight (2003): among all ways
//! to write a word as a sequence of known words (allowing linking elements such as the Fugen-s
//! between them), take the one whose parts have the highest geometric mean frequency, each
//! part beyond two paying a penalty, and split when the parts are at least as frequent as the
//! whole word. The question is the one search asks, *is it a compound and where are its
//! parts*, not whether splitting helps a translation: frequent compounds split too.
//!
//! ```text
//! sicherheitskontrollen -> sicherheit + kontrollen     (Fugen-s)
//! bundeskanzler         -> bund + kanzler              (frequent, split all the same)
//! überwachungsturm      -> überwachung + turm          (after -ung an s is the link)
//! gasspeicher           -> gas + speicher              (a short part: SHORT_PARTS)
//! gastwirt, eisenbahn   -> gast + wirt, eisen + bahn   (no `gas`, no `eis`)
//! hormonelle            -> (kept: `elle` is an ending here, not a head)
//! verein                -> (kept: too short to split)
//! verkehrsachsen        -> verkehr + achsen            (never `verkehr + sachsen`)
//! phasendiagramms       -> phase + diagramm            (a genitive the lexicon lacks)
//! ortsteiles            -> ort + teiles                (a genitive: `teil`, plus a cost)
//! gewaltsamen           -> (kept: `gewaltsam` is an adjective, no `samen`)
//! grundlegenden         -> (kept: a participle, no `legenden`)
//! ```
//!
//! Parts must have at least [`MIN_PART`] letters, or be one of the curated [`SHORT_PARTS`]
//! with known words beside them, and may not be function words (`über`, `unter`) or fused
//! verbal particles (`zuge`, `einzu`), so prefixes and short opaque words stay whole. The
//! lexicon writes `ß` as `ss` (its source folds it), so words are split in that spelling and
//! the cuts mapped back.

use super::lexicon::{Frequencies, Lexicon};

/// Fewest letters of a word worth splitting.
pub const MIN_WORD: usize = 6;

/// Fewest letters of a part (after removing a linking element).
pub const MIN_PART: usize = 4;

/// Rarest word accepted as a part, in centibels (-100 · log10 frequency; 680 is about once in
/// six million words). Rarer lexicon entries are too often names, typos or foreign words. On
/// the compound-gold search view, when this value was chosen (before issue 14's later rules,
/// which moved every figure), 650 found 0.86 of gold parts, 680 0.90 and 700 0.91, with no more
/// false matches; split-point F1 fell by 0.005 to 0.01 from 650 to 700.
const MAX_PART_CENTIBELS: u16 = 680;

/// How much more frequent (in centibels) the parts must be than the whole word for a split.
/// Search needs frequent compounds split too (`Bundeskanzler`, `Bürgermeister`: a reader
/// searching `Kanzler` expects them, and the whole word stays indexed and ranks first), so the
/// parts need only be as frequent as the whole; rarer parts than the whole word (`Verein` is no
/// `Ver·ein`) still keep it whole.
const SPLIT_MARGIN: f64 = 0.0;

/// Most parts one compound is split into.
const MAX_PARTS: usize = 4;

/// Linking elements (Fugenelemente) that may end a non-final part, longest first.
const LINKS: &[&str] = &["ens", "es", "en", "er", "ns", "s", "n", "e"];

/// Short German nouns and stems (two or three letters, and some plurals of four) that are
/// common parts of compounds: each is a part only beside common known words, so `Gasspeicher`
/// and `Stadtrat` split but `Gast`, `Eisen`, `Bauer`, `Quadrat` and `Sabotage` stay whole. Each
/// entry says why it is here; the centibels are the lexicon's where it has the word (it lists
/// only words of three letters or more).
pub const SHORT_PARTS: &[(&str, &str)] = &[
    ("gas", "Gasspeicher, Erdgas, Gaspreis"),
    ("gase", "Abgase, Treibhausgase"),
    ("öl", "Ölpreis, Heizöl, Olivenöl"),
    ("öle", "Speiseöle"),
    ("eis", "Eisbär, Glatteis, Speiseeis"),
    ("bus", "Busfahrer, Linienbus, Schulbus"),
    ("zug", "Zugverkehr, Güterzug, Rückzug"),
    ("züge", "Güterzüge, Anzüge"),
    ("tor", "Torwart, Stadttor, Eigentor"),
    ("tore", "Stadttore"),
    ("amt", "Amtszeit, Finanzamt, Bürgermeisteramt"),
    ("rat", "Stadtrat, Betriebsrat, Ratsbeschluss"),
    ("räte", "Stadträte, Betriebsräte"),
    ("tag", "Feiertag, Landtag, Tagesordnung"),
    ("tage", "Feiertage, Landtage"),
    ("bau", "Neubau, Bauarbeiten, Straßenbau"),
    ("see", "Bodensee, Seeufer, Stausee"),
    ("seen", "Stauseen"),
    ("not", "Notfall, Hungersnot, Wohnungsnot"),
    ("rad", "Fahrrad, Radweg, Riesenrad"),
    ("bad", "Hallenbad, Badesee"),
    ("arzt", "Hausarzt, Notarzt"),
    ("tee", "Kräutertee, Teebeutel"),
    ("uhr", "Armbanduhr, Uhrzeit"),
    ("weg", "Radweg, Fußweg, Wegweiser"),
    ("ort", "Wohnort, Tagungsort, Ortschaft"),
    ("orte", "Tatorte, Wohnorte"),
    ("hof", "Bahnhof, Friedhof, Bauernhof"),
    ("bär", "Eisbär, Braunbär"),
    ("ski", "Skigebiet, Skifahrer"),
    ("lkw", "Lkw-Fahrer written as one word: Lkwfahrer, Lkwmaut"),
    ("tal", "Inntal, Talsperre"),
    ("tür", "Haustür, Türschloss"),
    ("job", "Jobcenter, Nebenjob, Traumjob"),
    ("jobs", "Minijobs, Ferienjobs"),
    ("fan", "Fanmeile, Fußballfan, Fanartikel"),
    ("fans", "Fußballfans, Bayernfans"),
    ("bio", "Biomasse, Biobauer, Biomarkt"),
    ("alt", "Altbau, Altpapier, Altschulden"),
    ("cup", "Europacup, Cupfinale"),
    ("box", "Boxkampf, Blackbox, Boxverband"),
    ("typ", "Flugzeugtyp, Prototyp, Typenschild"),
    ("web", "Webseite, Webcam, Webshop"),
    ("pop", "Popmusik, Popstar, Britpop"),
    ("kur", "Kurort, Entziehungskur, Kurgast"),
    ("tod", "Todesopfer, Hirntod, Unfalltod"),
    ("erd", "Erdgas, Erdbeben, Erdrutsch"),
    ("duo", "Gesangsduo, Duospiel"),
    ("pkw", "Pkw-Fahrer written as one word: Pkwmaut"),
    ("neu", "Neuwahl, Neuinfektionen, Neubau"),
    ("ost", "Ostgrenze, Ostseite, Ostdeutschland"),
    ("süd", "Südhafen, Südseite, Südkurve"),
    ("zoo", "Zoohändler, Zoodirektor"),
    ("tat", "Tatort, Tatzeit, Straftat"),
    ("akt", "Festakt, Gewaltakt, Gedenkakt"),
    ("ruf", "Rufnummer, Hilferuf, Weckruf"),
    ("ehe", "Zwangsehe, Ehepaar, Ehevertrag"),
    ("rot", "Rotwein, Rotlicht, Abendrot, gelbrot"),
];

/// Rarest word a short part may stand beside (centibels): `Gas·speicher`, `Stadt·rat`, but not
/// `Quad·rat`, `Sabo·tage`, `Horizon·tal`, whose other part is a rare word.
const SHORT_PART_NEIGHBOUR_CENTIBELS: u16 = 560;

/// True for a part of [`SHORT_PARTS`] (`tage`, `gase` included) or shorter than [`MIN_PART`].
fn is_short_part(part: &str) -> bool {
    part.chars().count() < MIN_PART || SHORT_PARTS.iter().any(|(short, _)| *short == part)
}

/// Centibels given a short part the lexicon does not list (`öl`, `ei`): a common word.
const SHORT_PART_CENTIBELS: u16 = 480;

/// Endings of German nouns that take the linking `s` before the next part: after them a part
/// never starts with that `s` (`Überwachungsturm` is `Überwachung·s·turm`, not
/// `Überwachung·sturm`; `Tagungsort` is not `Tagung·sort`).
const S_LINKED_ENDINGS: &[&str] = &[
    "ung", "heit", "keit", "schaft", "tion", "sion", "tät", "ling", "tum", "ion",
];

/// True when `part` ends in one of [`S_LINKED_ENDINGS`].
fn takes_linking_s(part: &str) -> bool {
    S_LINKED_ENDINGS.iter().any(|ending| part.ends_with(ending))
}

/// Centibels of `part` with an `s` after it (`verkehrs`, a genitive), if the lexicon lists that
/// form; `buffer` is reused to spell it.
fn s_form_centibels(part: &str, buffer: &mut String, lexicon: &impl Frequencies) -> Option<u16> {
    buffer.clear();
    buffer.push_str(part);
    buffer.push('s');
    lexicon.lookup(buffer).map(|(_, centibels)| centibels)
}

/// Endings of adjectives and agent nouns that look like words (`Elle`, `Fache`, `Tische`),
/// with the letters that may stand before them in such a last part. The ending alone is no
/// head (`hormon·elle`, `vier·fache`, `modern·isten`); after the `n` of the stem neither
/// (`traditio·nelle`, `harfe·nisten`); and `-isch` after one letter of the stem is an
/// adjective where the word before ends in a vowel (`antibio·tisch`, `thema·tischen`,
/// `pole·mischen`). Other heads stay heads (`Reise·welle`, `Infektions·quelle`,
/// `Attentat·stelle`, `Namen·listen`, `Küchen·tische`, `Beton·mischer`, `Sport·fischer`); the
/// price of the vowel rule is a table after a vowel (`Kaffee·tisch`, `Büro·tisch` stay
/// whole), as `-tisch` adjectives are far more common in news.
const DERIVATION_ENDINGS: &[(&[&str], MayPrecede)] = &[
    (
        &["isch", "ische", "ischen", "ischer", "isches", "ischem"],
        |before, stem| {
            stem.is_empty()
                || stem.chars().count() == 1
                    && stem != "f"
                    && before.ends_with(['a', 'e', 'i', 'o', 'u'])
        },
    ),
    (
        &[
            "elle", "ellen", "eller", "elles", "ellem", "isten", "istin", "istinnen",
        ],
        |_, stem| matches!(stem, "" | "n"),
    ),
    (
        &["fache", "fachen", "facher", "faches", "fachem"],
        |_, stem| stem.is_empty(),
    ),
];

/// Whether the letters before a derivational ending in a last part (`stem`), after the word
/// before that part (`before`), make it no head (see [`DERIVATION_ENDINGS`]).
type MayPrecede = fn(&str, &str) -> bool;

/// True when `last`, the last part as written after `before`, is a derivational ending rather
/// than a head.
fn derivation_ending(before: &str, last: &str) -> bool {
    DERIVATION_ENDINGS.iter().any(|(endings, may_precede)| {
        endings.iter().any(|ending| {
            last.strip_suffix(ending)
                .is_some_and(|stem| may_precede(before, stem))
        })
    })
}

/// Suffixes that make adjectives of nouns and verbs (`gewalt·sam`, `verein·bar`,
/// `wunder·voll`, `ziel·los`, `ehr·lich`) and begin words of their own (`Samen`, `Bart`,
/// `Volle`, `Lose`, `Licht`): where the word so far and the suffix make a known word
/// (`gewaltsam`), a part beginning there is a false friend (`Gewalt·samen`, `Verein·barte`).
const ADJECTIVE_SUFFIXES: &[&str] = &["sam", "bar", "voll", "los", "lich"];

/// True when `before` + one of [`ADJECTIVE_SUFFIXES`] that begins `rest` is a known word:
/// `rest` then continues an adjective, not a new part.
fn continues_adjective(before: &str, rest: &str, lexicon: &impl Frequencies) -> bool {
    ADJECTIVE_SUFFIXES.iter().any(|suffix| {
        rest.starts_with(suffix) && lexicon.lookup(&format!("{before}{suffix}")).is_some()
    })
}

/// Endings of present participles after the verb's stem: `such·end·e`, and after the `-el`
/// or `-er` of a stem, without the `e`: `lächel·nd·e`.
const PARTICIPLE_ENDINGS: &[&str] = &["end", "ende", "enden", "ender", "endes", "endem"];

/// True when `word` is the present participle of a known verb (`festlegende` of `festlegen`,
/// `sausende` of `sausen`, `lächelnde` of `lächeln`) or an inflected participle the lexicon
/// lists uninflected (`grundlegenden`, `grundlegend`): a verb form, no compound, however its
/// letters split (`fest·legende`, `saus·ende`, `grund·legenden`). Participles used as nouns
/// that the lexicon does not list as words still split (`Asyl·suchende`,
/// `Partei·vorsitzende`).
fn participle_of_known_verb(word: &str, lexicon: &impl Frequencies) -> bool {
    // The participle itself is a known word (`grundlegend` for `grundlegenden`) and ends in a
    // verb's stem (`leg-en`), though the whole verb may be missing (`grundlegen`). The stem
    // test keeps `Wochen·ende`, whose `wochenend` the lexicon lists too.
    let inflected = ["e", "en", "er", "es", "em"].iter().any(|inflection| {
        word.strip_suffix(inflection).is_some_and(|participle| {
            participle.strip_suffix("end").is_some_and(|stem| {
                lexicon.lookup(participle).is_some()
                    && stem.char_indices().any(|(start, _)| {
                        stem[start..].chars().count() >= 3 && is_verb_stem(&stem[start..], lexicon)
                    })
            })
        })
    });
    inflected
        || PARTICIPLE_ENDINGS.iter().any(|ending| {
            let regular = word.strip_suffix(ending);
            let after_el_er = word
                .strip_suffix(&ending[1..])
                .filter(|stem| stem.ends_with("el") || stem.ends_with("er"));
            [regular, after_el_er]
                .into_iter()
                .flatten()
                .any(|stem| stem.chars().count() >= MIN_PART && is_verb_stem(stem, lexicon))
        })
}

/// True when `stem` is a verb's stem by the lexicon: it has the infinitive (`such-en`,
/// `lächel-n`) and a finite form (`such-t`, `saus-te`, `bild-et`). A plural in `-en` or `-n`
/// alone is no evidence: `Fahrt-en`, `Band-en` and `Leiter-n` make `Fahrt·ende`, `Band·ende`
/// and `Leiter·ende` compounds.
fn is_verb_stem(stem: &str, lexicon: &impl Frequencies) -> bool {
    let known = |ending: &str| lexicon.lookup(&format!("{stem}{ending}")).is_some();
    let infinitive = known("en") || (stem.ends_with("el") || stem.ends_with("er")) && known("n");
    let dental = stem.ends_with('t') || stem.ends_with('d');
    let finite = known("t") || known("te") || dental && (known("et") || known("ete"));
    infinitive && finite
}

/// Function words that are never parts of a compound. Prepositions that begin lexicalised
/// words (`Über·fall`, `Unter·richt`, `Nach·richt`) are here; `zwischen` is not, as its
/// compounds are transparent (`Zwischen·bericht`, `Zwischen·lager`, `Zwischen·stand`), and
/// `inzwischen` and `dazwischen` stay whole, since `in` and `da` are no parts.
const NOT_PARTS: &[&str] = &[
    "über", "unter", "nach", "gegen", "durch", "ohne", "wider", "hinter", "neben", "wieder",
    "eine", "einer", "einem", "einen", "eines", "dass", "oder", "aber", "doch", "auch", "noch",
    "sich", "dies", "diese", "dieser", "dieses", "jede", "jeder", "alle", "aller", "viel", "mehr",
    "sehr", "kein", "keine", "nicht", "wenn", "weil", "denn", "also", "hier", "dort", "dann",
    "jetzt", "schon", "immer", "nur", "sein", "seine", "ihre", "ihrer", "wird", "werden", "wurde",
    "haben", "habe", "sind", "ihren", "unsere", "euer", "eure", "sowie", "bereits",
    // Verbal particles fused with `ge` or `zu` begin participles and infinitives, not
    // compounds: `zugemacht`, `einzugreifen`.
    "zuge", "einzu", "abzu", "anzu", "aufzu", "auszu", "mitzu", "vorzu", "dazu", "hinzu",
];

/// A compound's parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    /// The parts' dictionary forms, linking elements removed (`sicherheit`, `kontrollen`).
    pub parts: Vec<&'static str>,
    /// Character offsets in the word where each part after the first begins.
    pub cuts: Vec<usize>,
}

/// A known word found inside the word being split: where it ends (a character index), its
/// dictionary form and its rarity.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    /// Character index just after the part.
    end: usize,
    /// The lexicon's copy of the part.
    form: &'static str,
    /// Centibels of the part.
    centibels: u16,
}

/// The parts of `word` (lowercase) when it is a compound worth splitting, else `None`. Parts
/// are looked up in `lexicon` for every substring: fine for the few words of a query.
pub fn split(word: &str, lexicon: &impl Frequencies) -> Option<Split> {
    with_sharp_s_folded(word, |word| split_folded(word, lexicon))
}

/// [`split`] of a word without `ß`.
fn split_folded(word: &str, lexicon: &impl Frequencies) -> Option<Split> {
    let boundaries = char_boundaries(word)?;
    let last = boundaries.len() - 1;
    // Every compound ends in a known word, perhaps with a genitive ending: most words fail
    // this cheap test (a few lookups per possible final part) and never reach the full
    // search below.
    if !(SHORTEST_PART..=last - SHORTEST_PART).any(|start| {
        last_part_ends(word).any(|end| {
            end > boundaries[start] && known(&word[boundaries[start]..end], lexicon).is_some()
        })
    }) {
        return None;
    }
    let lattice: Vec<Vec<Candidate>> = (0..last)
        .map(|start| {
            (start + SHORTEST_PART..=last)
                .filter_map(|end| {
                    let (form, centibels) =
                        known(&word[boundaries[start]..boundaries[end]], lexicon)?;
                    Some(Candidate {
                        end,
                        form,
                        centibels,
                    })
                })
                .collect()
        })
        .collect();
    let whole = lexicon.lookup(word).map(|(_, centibels)| centibels);
    best_split(word, &boundaries, lattice, whole, lexicon)
}

/// Finds every part candidate of many words quickly: one Aho-Corasick automaton over all the
/// words that may be parts, so a word is scanned once instead of looked up substring by
/// substring. Building it takes a moment and some memory; indexing builds it once.
pub struct PartFinder {
    /// Matches every possible part.
    automaton: aho_corasick::AhoCorasick,
    /// Dictionary form and centibels of each pattern.
    patterns: Vec<(&'static str, u16)>,
}

impl PartFinder {
    /// A finder for the parts in `lexicon`.
    pub fn new(lexicon: &Lexicon) -> PartFinder {
        let patterns: Vec<(&'static str, u16)> = lexicon
            .entries()
            .filter(|&(word, centibels)| may_be_part(word, centibels))
            .chain(
                SHORT_PARTS
                    .iter()
                    .map(|(part, _)| (*part, short_part_centibels(part, lexicon))),
            )
            .chain(lexicon.entries().filter_map(|(plural, centibels)| {
                let singular = singular_of(plural)?;
                (may_be_part(singular, centibels) && lexicon.lookup(singular).is_none())
                    .then_some((singular, centibels))
            }))
            .collect();
        // The patterns are plain words, so building cannot fail short of exhausting memory.
        let automaton = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(patterns.iter().map(|(word, _)| word))
            .expect("part automaton builds");
        PartFinder {
            automaton,
            patterns,
        }
    }

    /// The parts of `word` (lowercase) when it is a compound worth splitting, else `None`;
    /// the same answer as [`split`], found faster.
    pub fn split(&self, word: &str, lexicon: &Lexicon) -> Option<Split> {
        with_sharp_s_folded(word, |word| self.split_folded(word, lexicon))
    }

    /// [`PartFinder::split`] of a word without `ß`.
    fn split_folded(&self, word: &str, lexicon: &Lexicon) -> Option<Split> {
        // Every compound ends in a possible part, perhaps before a genitive `s` or `es`, after
        // at least SHORTEST_PART letters: a first scan that allocates nothing rules out most
        // words.
        let ends_in_a_word = self.automaton.find_overlapping_iter(word).any(|found| {
            last_part_ends(word).any(|end| end == found.end())
                && word[..found.start()].chars().count() >= SHORTEST_PART
        });
        if !ends_in_a_word {
            return None;
        }
        let boundaries = char_boundaries(word)?;
        let last = boundaries.len() - 1;
        let mut lattice: Vec<Vec<Candidate>> = vec![Vec::new(); last];
        for found in self.automaton.find_overlapping_iter(word) {
            // Patterns are whole UTF-8 words, so matches start and end on character boundaries.
            let (Ok(start), Ok(end)) = (
                boundaries.binary_search(&found.start()),
                boundaries.binary_search(&found.end()),
            ) else {
                continue;
            };
            let (form, centibels) = self.patterns[found.pattern().as_usize()];
            lattice[start].push(Candidate {
                end,
                form,
                centibels,
            });
        }
        best_split(word, &boundaries, lattice, lexicon.centibels(word), lexicon)
    }
}

/// True when a lexicon word of `centibels` may be a part of [`MIN_PART`] letters or more, as
/// [`known`] decides for the lookups: common enough and no function word.
fn may_be_part(word: &str, centibels: u16) -> bool {
    centibels <= MAX_PART_CENTIBELS
        && word.chars().count() >= MIN_PART
        && !NOT_PARTS.contains(&word)
}

/// Byte offsets of every character boundary of `word` (end included), or `None` when the word
/// is too short or not made of letters.
fn char_boundaries(word: &str) -> Option<Vec<usize>> {
    if word.chars().count() < MIN_WORD || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    Some(
        word.char_indices()
            .map(|(index, _)| index)
            .chain(std::iter::once(word.len()))
            .collect(),
    )
}

/// The best way to write the word as 2 to [`MAX_PARTS`] parts from `lattice` (candidates by
/// start position), with linking elements between parts: the lowest mean centibels (highest
/// geometric-mean frequency), kept only if it beats the whole word by [`SPLIT_MARGIN`].
fn best_split(
    word: &str,
    boundaries: &[usize],
    mut lattice: Vec<Vec<Candidate>>,
    whole: Option<u16>,
    lexicon: &impl Frequencies,
) -> Option<Split> {
    if participle_of_known_verb(word, lexicon) {
        return None;
    }
    add_genitives(word, boundaries, &mut lattice);
    // A genitive of a known word is as frequent as the word (`Freising·s`), no compound.
    let whole = whole.or_else(|| {
        last_part_ends(word).skip(1).find_map(|end| {
            let (_, centibels) = lexicon.lookup(&word[..end])?;
            Some(centibels.saturating_add(GENITIVE_PENALTY))
        })
    });
    match choose_split(word, boundaries, &lattice, whole, lexicon) {
        Choice::Split(scored) => Some(scored.split),
        Choice::Whole => None,
        // `Tag·es·trips` puts a short part beside a rare word, but `Tages·trips` may hold:
        // the best split without short parts is the next choice.
        Choice::ShortBesideRare => {
            for candidates in &mut lattice {
                candidates.retain(|candidate| !is_short_part(candidate.form));
            }
            match choose_split(word, boundaries, &lattice, whole, lexicon) {
                Choice::Split(split)
                    if split
                        .centibels
                        .iter()
                        .all(|&c| c <= SECOND_CHOICE_CENTIBELS) =>
                {
                    Some(split.split)
                }
                _ => None,
            }
        }
    }
}

/// Rarest part of a second choice, after the first put a short part beside a rare word
/// (centibels): `Tages·trips` (417, 591), `Standesamt·bezirkes` (569, 594), not
/// `Thermo·stat` or `Zuges·tand` (668).
const SECOND_CHOICE_CENTIBELS: u16 = 600;

/// A split with its parts' rarity.
struct Scored {
    /// The split.
    split: Split,
    /// Centibels of each part.
    centibels: Vec<u16>,
}

/// What [`choose_split`] found.
enum Choice {
    /// The word is best split so.
    Split(Scored),
    /// The word is best left whole.
    Whole,
    /// The best split puts a short part beside a rare word: a false friend (`Quad·rat`), or
    /// a wrong choice among parts (`Tag·es·trips` for `Tages·trips`).
    ShortBesideRare,
}

/// The best split of the word from `lattice`, as [`best_split`] describes.
fn choose_split(
    word: &str,
    boundaries: &[usize],
    lattice: &[Vec<Candidate>],
    whole: Option<u16>,
    lexicon: &impl Frequencies,
) -> Choice {
    let last = boundaries.len() - 1;
    // best[position][parts - 1] = (sum of centibels, the part, where the next part starts)
    // for writing word[position..] as exactly `parts` parts.
    let mut best: Vec<[Option<(u32, Candidate, usize)>; MAX_PARTS]> =
        vec![[None; MAX_PARTS]; last + 1];
    // Spells a part with `s` after it, for [`s_form_centibels`].
    let mut s_form = String::new();
    for start in (0..last).rev() {
        for candidate in &lattice[start] {
            let sum = u32::from(candidate.centibels);
            if candidate.end == last {
                let (before, last_part) = word.split_at(boundaries[start]);
                if !derivation_ending(before, last_part) {
                    improve(&mut best[start][0], (sum, *candidate, last));
                }
                continue;
            }
            let s_linked = takes_linking_s(candidate.form);
            // `Gewalt·samen`, `Gewalt·s·amen`, `Verein·barte`: the word so far is an
            // adjective's stem, whatever link might follow.
            let (before, after) = word.split_at(boundaries[candidate.end]);
            if continues_adjective(before, after, lexicon) {
                continue;
            }
            for link in LINKS.iter().chain(std::iter::once(&"")) {
                if !word[boundaries[candidate.end]..].starts_with(link) {
                    continue;
                }
                // A short part takes only the links `s` and `es` (`Amt·s·zeit`, `Tag·es·ordnung`):
                // `Eis·en·bahn` would be a false friend of `Eisen`.
                if candidate.form.chars().count() < MIN_PART && !matches!(*link, "s" | "es" | "") {
                    continue;
                }
                // `Überwachung·s·turm`: after these endings an `s` is the link.
                if s_linked && *link != "s" && word[boundaries[candidate.end]..].starts_with('s') {
                    continue;
                }
                let next = candidate.end + link.chars().count();
                if next >= last {
                    continue;
                }
                let (before, rest) = word.split_at(boundaries[next]);
                // `Wund·er·volle`: the word up to here, link included, is an adjective's stem
                // (without a link that was asked above).
                if !link.is_empty() && continues_adjective(before, rest, lexicon) {
                    continue;
                }
                // `Saus·ende`, `Asyl·such·ende`: a verb's stem and a participle's ending.
                if link.is_empty()
                    && PARTICIPLE_ENDINGS.contains(&rest)
                    && is_verb_stem(candidate.form, lexicon)
                {
                    continue;
                }
                // `Verkehr·sachsen`: the reading with the link (`Verkehr·s·achsen`) is the one.
                if absorbs_link(candidate, link, rest, lexicon) {
                    continue;
                }
                // `Schreib·stube`, not `Schreib·s·tube`: no `schreibs` to link.
                let link_cost = if *link == "s"
                    && !takes_linking_s(candidate.form)
                    && s_form_centibels(candidate.form, &mut s_form, lexicon)
                        .is_none_or(|centibels| centibels > MAX_PART_CENTIBELS)
                {
                    S_LINK_PENALTY
                } else {
                    0
                };
                for parts in 1..MAX_PARTS {
                    if let Some((rest, _, _)) = best[next][parts - 1] {
                        improve(
                            &mut best[start][parts],
                            (sum + rest + link_cost, *candidate, next),
                        );
                    }
                }
            }
        }
    }
    let Some((parts, mean)) = (2..=MAX_PARTS)
        .filter_map(|parts| {
            let (sum, _, _) = best[0][parts - 1]?;
            Some((parts, f64::from(sum) / parts as f64))
        })
        // Fewer parts first: `Haupt·bahnhof`, not `Haupt·bahn·hof`; a part that is itself a
        // frequent compound stays one part unless splitting it is clearly better.
        .min_by(|a, b| {
            let penalty =
                |(parts, mean): (usize, f64)| mean + EXTRA_PART_PENALTY * (parts - 2) as f64;
            penalty(*a).total_cmp(&penalty(*b))
        })
    else {
        return Choice::Whole;
    };
    let whole = whole.map_or(f64::INFINITY, f64::from);
    if mean + SPLIT_MARGIN >= whole {
        return Choice::Whole;
    }
    let mut split = Split {
        parts: Vec::with_capacity(parts),
        cuts: Vec::with_capacity(parts - 1),
    };
    let mut centibels = Vec::with_capacity(parts);
    // Whether an `s` links each part to the next.
    let mut s_links = Vec::with_capacity(parts);
    let mut position = 0;
    for remaining in (1..=parts).rev() {
        // Each step of the best path was stored on the way.
        let Some((_, candidate, next)) = best[position][remaining - 1] else {
            return Choice::Whole;
        };
        split.parts.push(candidate.form);
        centibels.push(candidate.centibels);
        if remaining > 1 {
            split.cuts.push(next);
            s_links.push(&word[boundaries[candidate.end]..boundaries[next]] == "s");
        }
        position = next;
    }
    // A short part stands beside a common word, or it is a false friend of a rare one; a
    // noun ending such as `-ung` linked to it by `s` is no rare word but a sure boundary
    // (`Stationierung·s·ort`, `Verwaltung·s·rat`), as is a noun whose genitive in `s` the
    // lexicon knows (`Fremdenverkehr·s·amt`, `Fremdenverkehr·s·orte`).
    let short_beside_rare = (0..split.parts.len()).any(|index| {
        is_short_part(split.parts[index])
            && [index.wrapping_sub(1), index + 1].iter().any(|&other| {
                let sure_boundary = index > 0
                    && other == index - 1
                    && s_links[other]
                    && (takes_linking_s(split.parts[other])
                        || s_form_centibels(split.parts[other], &mut s_form, lexicon).is_some());
                !sure_boundary
                    && centibels.get(other).is_some_and(|&c| {
                        !is_short_part(split.parts[other]) && c > SHORT_PART_NEIGHBOUR_CENTIBELS
                    })
            })
    });
    if short_beside_rare {
        return Choice::ShortBesideRare;
    }
    Choice::Split(Scored { split, centibels })
}

/// Last parts that begin with a linking element and a common head, with that element: after
/// a part that takes the element, they are the element and the head, never themselves, so
/// that reading is not considered. The lexicon rates the false friend more frequent than the
/// head (`Sachsen` is a Land), so frequencies alone pick it, and a short head (`Amt`, `Ort`)
/// may be refused beside a rare word, leaving only the false friend. Other heads that begin
/// so are mostly right as they are (`Bahnhof·straße`, `Musik·erkennung`, `Lauf·shorts`),
/// which is why this is a list.
const LINK_FALSE_FRIENDS: &[(&[&str], &str, &str)] = &[
    (
        &["sachse", "sachsen"],
        "s",
        "Verkehrs·achsen, Antriebs·achse, Schwerpunkts·achsen",
    ),
    (&["norden"], "n", "Ehren·orden, Drachen·orden, Laien·orden"),
    (
        &["sturm", "sturms", "stürme", "stürmen"],
        "s",
        "Aussichts·turm, Aussichts·türme (but Flügel·stürmer)",
    ),
    (
        &["stier", "stiere", "stieren", "stieres", "stiers"],
        "s",
        "Arbeits·tier, Versuchs·tiere, Wirts·tier",
    ),
    (&["skater"], "s", "Karnevals·kater"),
    (&["samt"], "s", "Bezirks·amt, Standes·amt, Gesundheits·amt"),
    (
        &["sort", "sorte", "sorten"],
        "s",
        "Verkehrs·ort, Unterrichts·orte, Tagungs·orten",
    ),
    (&["sehe", "sehen"], "s", "Zwangs·ehe, Zwangs·ehen"),
];

/// True when the rest of the word after `part` and `link` is one of [`LINK_FALSE_FRIENDS`],
/// perhaps with a genitive `s` or `es` (`Arbeit·samts`), and `part` with `link` takes the
/// friend's linking element by the lexicon (`verkehr` + `s`, `land` + `e` + `s` are known
/// forms).
fn absorbs_link(part: &Candidate, link: &str, rest: &str, lexicon: &impl Frequencies) -> bool {
    LINK_FALSE_FRIENDS.iter().any(|(friends, friend_link, _)| {
        last_part_ends(rest).any(|end| friends.contains(&&rest[..end]))
            && lexicon
                .lookup(&format!("{}{link}{friend_link}", part.form))
                .is_some()
    })
}

/// Centibels a last part pays for a genitive ending, over the part without it, where the
/// lexicon lacks the genitive or lists it as rarer still: a form rarer than the word itself, so
/// a listed reading of the same letters wins (`Arbeit·s·tieres`, not `Arbeit·stier·es`).
const GENITIVE_PENALTY: u16 = 60;

/// Byte offsets where a last part may end: the word's end, and before a genitive `s` or `es`
/// (see [`add_genitives`]).
fn last_part_ends(word: &str) -> impl Iterator<Item = usize> {
    (0..=genitive_letters(word)).map(move |letters| word.len() - letters)
}

/// How many letters of the word's end a genitive may be: 2 after `es`, 1 after another `s`,
/// else 0.
fn genitive_letters(word: &str) -> usize {
    if word.ends_with("es") {
        2
    } else {
        usize::from(word.ends_with('s'))
    }
}

/// Lets a last part carry the genitive `s` or `es` the lexicon may lack
/// (`Phasen·diagramms`): from every start where a known part of at least [`MIN_PART`] letters
/// ends just before an `s` or `es` there, the shortest such part (`teil` rather than `teile` in
/// `…teiles`; the cheapest measured slightly worse) may end the word, at [`GENITIVE_PENALTY`]
/// above the part's own rarity. Where the lexicon lists the genitive as rarer than that, the
/// genitive counts as the part plus the penalty (`Orts·teiles`: `teiles` is listed at 624
/// centibels, `teil` at 341, so the last part costs 401, not 624).
fn add_genitives(word: &str, boundaries: &[usize], lattice: &mut [Vec<Candidate>]) {
    let last = boundaries.len() - 1;
    let genitive = genitive_letters(word);
    if genitive == 0 {
        return;
    }
    for candidates in lattice.iter_mut() {
        let stem = candidates.iter().find(|candidate| {
            candidate.end < last
                && last - candidate.end <= genitive
                && candidate.form.chars().count() >= MIN_PART
        });
        let Some(&stem) = stem else {
            continue;
        };
        let centibels = stem.centibels.saturating_add(GENITIVE_PENALTY);
        match candidates
            .iter_mut()
            .find(|candidate| candidate.end == last)
        {
            Some(listed) => {
                if centibels < listed.centibels {
                    listed.centibels = centibels;
                }
            }
            None => candidates.push(Candidate {
                end: last,
                centibels,
                ..stem
            }),
        }
    }
}

/// Centibels each part beyond two costs when choosing among splits (a factor of ten in mean
/// frequency). A part that is itself a compound is split again for the index (see
/// `compound_parts`), so the top split may stay coarse (`Privat·haushalt`, the gold's split,
/// rather than `Privat·haus·halt`). Measured on the compound-gold sets when the value was
/// chosen (later rules moved every figure; today's are in BENCHMARKS.md): at 60 split-point F1
/// was 0.836 / 0.846 / 0.854 and the search view found 0.826 / 0.921 / 0.908 of gold parts; at
/// 100, 0.902 / 0.844 / 0.845 and 0.913 / 0.923 / 0.916; at 160, 0.880 / 0.839 / 0.834.
const EXTRA_PART_PENALTY: f64 = 100.0;

/// Centibels a linking `s` costs after a part whose form with `s` is no common word (`schreibs`,
/// `bahns`, `leits`), outside [`S_LINKED_ENDINGS`]: the `s` more likely begins the next part
/// (`Schreib·stube`, `Leit·seilen`, `Bahn·steig`), while `Verkehr·s·achsen` and `Arbeit·s·amt`
/// keep their link. Measured on the compound-gold sets: at 15 split-point F1 on the
/// hand-marked set is 0.862, at 30 0.863, at 45 0.860 (0.861 without); gold parts found 0.952,
/// 0.954 and 0.952 (0.950); false part matches 0.006, 0.006 and 0.011 (0.006).
const S_LINK_PENALTY: u32 = 30;

/// Keeps the cheaper of `slot` and `offer`.
fn improve(slot: &mut Option<(u32, Candidate, usize)>, offer: (u32, Candidate, usize)) {
    if slot.is_none_or(|(sum, _, _)| offer.0 < sum) {
        *slot = Some(offer);
    }
}

/// The rarity of a short part: the lexicon's, or [`SHORT_PART_CENTIBELS`] where it lacks the
/// word.
fn short_part_centibels(part: &str, lexicon: &impl Frequencies) -> u16 {
    lexicon
        .lookup(part)
        .map_or(SHORT_PART_CENTIBELS, |(_, centibels)| centibels)
}

/// `piece` as a known word that may be a part, with its lexicon entry.
fn known(piece: &str, lexicon: &impl Frequencies) -> Option<(&'static str, u16)> {
    if NOT_PARTS.contains(&piece) {
        return None;
    }
    if piece.chars().count() < MIN_PART {
        let (part, _) = SHORT_PARTS.iter().find(|(part, _)| *part == piece)?;
        return Some((part, short_part_centibels(part, lexicon)));
    }
    lexicon
        .lookup(piece)
        .or_else(|| {
            // `vergnügung` from `vergnügungen`, the form the lexicon lists.
            if !PLURAL_ONLY_ENDINGS
                .iter()
                .any(|ending| piece.ends_with(ending))
            {
                return None;
            }
            let (plural, centibels) = lexicon.lookup(&format!("{piece}en"))?;
            Some((&plural[..piece.len()], centibels))
        })
        .filter(|&(_, centibels)| centibels <= MAX_PART_CENTIBELS)
}

/// Noun endings of parts whose singular the lexicon may lack while it lists the plural in
/// `-en` (`Vergnügung·s·viertel`: the list has `vergnügungen` only). Such a singular is a
/// part with its plural's frequency.
const PLURAL_ONLY_ENDINGS: &[&str] = &["ung", "heit", "keit", "schaft", "tion", "sion", "tät"];

/// The singular of `plural` when it is a plural in `-en` of a noun of
/// [`PLURAL_ONLY_ENDINGS`].
fn singular_of(plural: &'static str) -> Option<&'static str> {
    let singular = plural.strip_suffix("en")?;
    PLURAL_ONLY_ENDINGS
        .iter()
        .any(|ending| singular.ends_with(ending))
        .then_some(singular)
}

/// Fewest letters of any part: the short parts of [`SHORT_PARTS`].
const SHORTEST_PART: usize = 2;

/// Runs `split` on `word` with `ß` written `ss`, as the lexicon has it (its source folds
/// `ß`), and maps the cuts back to `word`'s characters.
fn with_sharp_s_folded(word: &str, split: impl Fn(&str) -> Option<Split>) -> Option<Split> {
    if !word.contains('ß') {
        return split(word);
    }
    let folded = word.replace('ß', "ss");
    let mut found = split(&folded)?;
    // original[i] = the character index in `word` of folded character i.
    let mut original = Vec::with_capacity(folded.len() + 1);
    for (index, c) in word.chars().enumerate() {
        original.push(index);
        if c == 'ß' {
            original.push(index + 1);
        }
    }
    original.push(word.chars().count());
    for cut in &mut found.cuts {
        *cut = original[*cut];
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::lexicon::{Lexicon, SortedLexicon};

    fn parts(word: &str) -> Option<Vec<&'static str>> {
        split(word, Lexicon::german()).map(|split| split.parts)
    }

    #[test]
    fn cuts_fall_after_linking_elements() {
        let cuts = |word: &str| split(word, Lexicon::german()).unwrap().cuts;
        assert_eq!(cuts("sicherheitskontrollen"), [11]);
        assert_eq!(cuts("terrorwarnstufe"), [6]);
        assert_eq!(cuts("warnstufe"), [4]);
    }

    #[test]
    fn splits_compounds_with_and_without_linking_elements() {
        assert_eq!(
            parts("sicherheitskontrollen"),
            Some(vec!["sicherheit", "kontrollen"])
        );
        assert_eq!(parts("bombenanschlag"), Some(vec!["bombe", "anschlag"]));
        // Two parts where one is a compound itself, split again for the index.
        assert_eq!(parts("terrorwarnstufe"), Some(vec!["terror", "warnstufe"]));
        assert_eq!(parts("privathaushalt"), Some(vec!["privat", "haushalt"]));
        assert_eq!(parts("anschlagspläne"), Some(vec!["anschlag", "pläne"]));
    }

    #[test]
    fn the_part_finder_splits_as_the_lookups_do() {
        let lexicon = Lexicon::german();
        let finder = PartFinder::new(lexicon);
        let mut words: Vec<&str> = vec![
            "vergnügungsviertel",
            "ionenkanal",
            "realitätenverlust",
            "phasendiagramms",
            "standesamtbezirkes",
            "tagestrips",
            "verkehrsachsen",
            "grundlegenden",
            "gewaltsamen",
            "straßenbahnhaltestelle",
            "fußballweltmeisterschaft",
        ];
        let mut long: Vec<&str> = lexicon
            .entries()
            .map(|(word, _)| word)
            .filter(|word| word.chars().count() >= 10)
            .collect();
        long.sort_unstable();
        words.extend(long.into_iter().step_by(37));
        for word in words {
            assert_eq!(finder.split(word, lexicon), split(word, lexicon), "{word}");
        }
    }

    #[test]
    fn both_lexicon_views_split_alike() {
        for word in [
            "sicherheitskontrollen",
            "vergnügungsviertel",
            "terrorwarnstufe",
            "deutschland",
            "gletscherabfluss",
        ] {
            assert_eq!(
                split(word, &SortedLexicon),
                split(word, Lexicon::german()),
                "{word}"
            );
        }
    }

    #[test]
    fn heads_that_look_like_endings_stay_heads() {
        assert_eq!(parts("reisewelle"), Some(vec!["reise", "welle"]));
        assert_eq!(parts("infektionsquelle"), Some(vec!["infektion", "quelle"]));
        assert_eq!(parts("attentatstelle"), Some(vec!["attentat", "stelle"]));
        assert_eq!(parts("namenlisten"), Some(vec!["namen", "listen"]));
        assert_eq!(parts("hormonelle"), None);
        assert_eq!(parts("polemischen"), None);
        assert_eq!(parts("modernisten"), None);
        assert_eq!(parts("antibiotisch"), None);
        assert_eq!(parts("thematischen"), None);
        assert_eq!(parts("küchentisch"), Some(vec!["küche", "tisch"]));
        assert_eq!(parts("küchentische"), Some(vec!["küche", "tische"]));
        assert_eq!(parts("betonmischer"), Some(vec!["beton", "mischer"]));
    }

    #[test]
    fn adjectives_and_participles_are_no_compounds() {
        // -sam, -bar, -voll: the letters after the stem begin no part.
        assert_eq!(parts("gewaltsamen"), None);
        assert_eq!(parts("langsamen"), None);
        assert_eq!(parts("vereinbarte"), None);
        assert_eq!(parts("wundervolle"), None);
        // Present participles of known verbs.
        assert_eq!(parts("festlegende"), None);
        assert_eq!(parts("sausende"), None);
        assert_eq!(parts("bildenden"), None);
        assert_eq!(parts("grundlegenden"), None);
        // A participle of an unlisted verb splits before the verb, not before `-ende`.
        assert_eq!(parts("asylsuchende"), Some(vec!["asyl", "suchende"]));
        // A plural in `-en` makes no verb: `Fahrt·ende` is a compound.
        assert_eq!(parts("fahrtende"), Some(vec!["fahrt", "ende"]));
        assert_eq!(parts("jahresende"), Some(vec!["jahr", "ende"]));
        assert_eq!(parts("wochenende"), Some(vec!["woche", "ende"]));
    }

    #[test]
    fn links_before_false_friends_and_genitives() {
        assert_eq!(parts("verkehrsachsen"), Some(vec!["verkehr", "achsen"]));
        // Also before a genitive, and after another link.
        let cuts = |word: &str| split(word, Lexicon::german()).map(|split| split.cuts);
        assert_eq!(cuts("arbeitsamts"), Some(vec![7]));
        assert_eq!(cuts("landesamts"), Some(vec![6]));
        assert_eq!(parts("ehrenorden"), Some(vec!["ehre", "orden"]));
        assert_eq!(parts("aussichtsturm"), Some(vec!["aussicht", "turm"]));
        assert_eq!(parts("bahnhofstrasse"), Some(vec!["bahnhof", "strasse"]));
        assert_eq!(parts("flügelstürmer"), Some(vec!["flügel", "stürmer"]));
        // A genitive the lexicon lacks; a short part after `-ung` and the link `s`.
        assert_eq!(parts("phasendiagramms"), Some(vec!["phase", "diagramm"]));
        // A genitive the lexicon lists as rarer than its word plus the genitive's cost.
        assert_eq!(parts("ortsteiles"), Some(vec!["ort", "teiles"]));
        // No `schreibs` or `bahns` to link: the `s` begins the next part.
        assert_eq!(parts("schreibstube"), Some(vec!["schreib", "stube"]));
        assert_eq!(parts("bahnsteig"), Some(vec!["bahn", "steig"]));
        // A short part after a rarer noun whose genitive is a known word.
        assert_eq!(
            parts("fremdenverkehrsamt"),
            Some(vec!["fremdenverkehr", "amt"])
        );
        assert_eq!(
            parts("stationierungsort"),
            Some(vec!["stationierung", "ort"])
        );
    }

    #[test]
    fn short_parts_beside_common_words_only() {
        assert_eq!(parts("neuwahlen"), Some(vec!["neu", "wahlen"]));
        assert_eq!(parts("jobcenter"), Some(vec!["job", "center"]));
        assert_eq!(parts("tatverdächtige"), Some(vec!["tat", "verdächtige"]));
        assert_eq!(parts("popmusik"), Some(vec!["pop", "musik"]));
        assert_eq!(parts("gelbrot"), Some(vec!["gelb", "rot"]));
        assert_eq!(parts("rotwein"), Some(vec!["rot", "wein"]));
        // `Gast`, `Eisen`, `Bauer`, `Raten` are no `Gas`, `Eis`, `Bau`, `Rat`.
        for opaque in ["gastwirt", "eisenbahn", "bauernhof", "ratenzahlung"] {
            let found = parts(opaque).unwrap();
            assert!(
                !found
                    .iter()
                    .any(|part| ["gas", "eis", "bau", "rat"].contains(part)),
                "{opaque}: {found:?}"
            );
        }
        for whole in [
            "erneut", "neutral", "kosten", "ostern", "kontakt", "anwalt", "natur", "rotation",
            "karotten", "protest", "erotik",
        ] {
            assert_eq!(parts(whole), None, "{whole}");
        }
    }

    #[test]
    fn keeps_short_frequent_and_opaque_words() {
        assert_eq!(parts("verein"), None);
        assert_eq!(parts("inzwischen"), None);
        assert_eq!(parts("dazwischen"), None);
        assert_eq!(parts("zwischenbericht"), Some(vec!["zwischen", "bericht"]));
        assert_eq!(parts("deutschland"), None);
        assert_eq!(parts("regierung"), None);
        assert_eq!(parts("kontrolle"), None);
        assert_eq!(parts("überwachung"), None);
        assert_eq!(parts("zwei-drei"), None);
    }
}
