//! Evaluates German compound splitting against the hand-made gold splits in
//! `../shared/data/compound-gold/` (or the directory given as argument): precision and recall
//! of split points, and the share of words split exactly right; and the search view: for each
//! gold compound, whether a query for each gold part finds it, and whether a query for another
//! known word inside it (no part) does not.
//!
//! Run with `cargo bench --bench compound_gold [-- DIR]`; `tests/eval/run.sh` runs it with the
//! other evaluations. `-- --words` prints the gold words for another splitter, and
//! `-- --peer=NAME=FILE` scores that splitter's answers beside newsidx's (split points only;
//! `tests/eval/peer_splitters.sh` runs two peers so).
//!
//! - `dweiss-test-compounds.utf8`: `word part.part[,alternative]`, parts in dictionary form; a
//!   split point is where a part begins in the word (after any linking element). The best
//!   matching alternative is scored.
//! - `jwordsplitter-exceptionsGerman.txt`: `Part|part|part`, split points marked in the word.
//! - `jwordsplitter-test-de-large.txt`: another splitter's output, `Part, part`, linking
//!   elements partly dropped, so the word is taken as the parts joined; a second opinion.
//!   Entries with hyphens or digits are left out (newsidx's tokenizer splits at hyphens first).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use newsidx::analysis::decompound::{SHORT_PARTS, split};
use newsidx::analysis::lexicon::Lexicon;
use newsidx::analysis::{self, Variant};

/// Linking elements that may stand between a part and the next, for aligning gold parts.
const LINKS: &[&str] = &["ens", "es", "en", "er", "ns", "s", "n", "e", ""];

/// One gold word: the word (lowercase) and its acceptable sets of split points.
struct Gold {
    /// The word.
    word: String,
    /// Acceptable split-point sets (character offsets).
    answers: Vec<BTreeSet<usize>>,
}

/// Split-point counts.
#[derive(Default)]
struct Tally {
    /// Split points found and in the gold.
    correct: usize,
    /// Found, not in the gold.
    spurious: usize,
    /// In the gold, not found.
    missed: usize,
    /// Words whose split points are all right.
    exact: usize,
    /// Words scored.
    words: usize,
}

/// Character offsets where each part after the first begins, allowing a linking element
/// between parts; `None` when the parts do not spell the word.
fn align(word: &str, parts: &[String]) -> Option<BTreeSet<usize>> {
    let chars: Vec<char> = word.chars().collect();
    let mut cuts = BTreeSet::new();
    let mut position = 0;
    for (index, part) in parts.iter().enumerate() {
        let part: Vec<char> = part.chars().collect();
        if index > 0 {
            let link = LINKS.iter().map(|l| l.chars().count()).find(|&len| {
                chars[position..].len() >= len + part.len()
                    && chars[position + len..position + len + part.len()] == part[..]
            })?;
            position += link;
            cuts.insert(position);
        } else if chars.len() < part.len() || chars[..part.len()] != part[..] {
            return None;
        }
        position += part.len();
    }
    Some(cuts)
}

/// Split points of `parts` from another splitter, which may give parts in dictionary form
/// (`bombe`, `anschlag` for `bombenanschläge`): [`align`] when the parts spell the word with
/// linking elements, else each part after the first is placed where its first four letters
/// (umlauts folded) occur, from two letters before the end of the part before it, as written
/// there (but after its first letter), to three letters after it (a linking element). `None`
/// when a part is not found so.
fn align_loose(word: &str, parts: &[String]) -> Option<BTreeSet<usize>> {
    if parts.len() < 2 {
        return Some(BTreeSet::new());
    }
    if let Some(cuts) = align(word, parts) {
        return Some(cuts);
    }
    let fold = |text: &str| -> Vec<char> {
        text.chars()
            .map(|c| match c {
                'ä' => 'a',
                'ö' => 'o',
                'ü' => 'u',
                'ß' => 's',
                other => other,
            })
            .collect()
    };
    let chars = fold(word);
    let mut cuts = BTreeSet::new();
    let mut start = 0;
    let mut previous = fold(&parts[0]).len();
    for part in &parts[1..] {
        let part = fold(part);
        let head = &part[..part.len().min(4)];
        let from = start + previous.saturating_sub(2).max(1);
        let to = (start + previous + 3).min(chars.len().saturating_sub(head.len()));
        let at = (from..=to).find(|&at| chars[at..].starts_with(head))?;
        cuts.insert(at);
        start = at;
        previous = part.len();
    }
    Some(cuts)
}

/// Reads another splitter's answers: one word per line, a tab, its parts separated by
/// spaces (one part, or none, when it leaves the word whole).
fn peer_splits(path: &Path) -> BTreeMap<String, Vec<String>> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("{}: reading peer splits: {error}", path.display()));
    text.lines()
        .filter_map(|line| {
            let (word, parts) = line.split_once('\t')?;
            Some((
                word.to_lowercase(),
                parts.split_whitespace().map(str::to_lowercase).collect(),
            ))
        })
        .collect()
}

/// Reads `dweiss-test-compounds.utf8`.
fn dweiss(text: &str) -> Vec<Gold> {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or_default().trim())
        .filter(|line| !line.is_empty())
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let word = fields.next()?.to_lowercase();
            let spec = fields.next()?.to_lowercase();
            let answers = spec
                .split(',')
                .filter_map(|answer| {
                    let parts: Vec<String> = answer.split('.').map(str::to_owned).collect();
                    align(&word, &parts)
                })
                .collect::<Vec<_>>();
            (!answers.is_empty()).then_some(Gold { word, answers })
        })
        .collect()
}

/// Reads `jwordsplitter-exceptionsGerman.txt`.
fn exceptions(text: &str) -> Vec<Gold> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            line.split('/')
                .next()
                .unwrap_or_default()
                .trim()
                .to_lowercase()
        })
        .filter(|line| line.chars().all(|c| c.is_alphabetic() || c == '|'))
        .map(|line| {
            let mut cuts = BTreeSet::new();
            let mut position = 0;
            for c in line.chars() {
                if c == '|' {
                    cuts.insert(position);
                } else {
                    position += 1;
                }
            }
            Gold {
                word: line.replace('|', ""),
                answers: vec![cuts],
            }
        })
        .collect()
}

/// Reads `jwordsplitter-test-de-large.txt`.
fn large(text: &str) -> Vec<Gold> {
    text.lines()
        .map(str::trim)
        .filter(|line| {
            !line.is_empty()
                && line
                    .chars()
                    .all(|c| c.is_alphabetic() || c == ',' || c == ' ')
        })
        .map(|line| {
            let parts: Vec<String> = line
                .split(',')
                .map(|part| part.trim().to_lowercase())
                .collect();
            let mut cuts = BTreeSet::new();
            let mut position = 0;
            for (index, part) in parts.iter().enumerate() {
                if index > 0 {
                    cuts.insert(position);
                }
                position += part.chars().count();
            }
            Gold {
                word: parts.concat(),
                answers: vec![cuts],
            }
        })
        .collect()
}

/// Scores a splitter on `golds`: `cuts` gives the split points it finds in a word.
fn evaluate(golds: &[Gold], cuts: impl Fn(&str) -> BTreeSet<usize>) -> Tally {
    let mut tally = Tally::default();
    for gold in golds {
        let found = cuts(&gold.word);
        let best = gold
            .answers
            .iter()
            .max_by_key(|answer| {
                let correct = found.intersection(answer).count() as i64;
                2 * correct - found.len() as i64 - answer.len() as i64
            })
            .cloned()
            .unwrap_or_default();
        tally.correct += found.intersection(&best).count();
        tally.spurious += found.difference(&best).count();
        tally.missed += best.difference(&found).count();
        tally.exact += usize::from(found == best);
        if std::env::var_os("SHOW_ERRORS").is_some() && found != best {
            eprintln!("{}\tgold {:?}\tfound {:?}", gold.word, best, found);
        }
        tally.words += 1;
    }
    tally
}

/// The search view of one gold set: how many gold parts, searched alone, find their compound,
/// and how many other words inside it (not parts) find it falsely.
#[derive(Default)]
struct SearchView {
    /// Gold parts searched.
    parts: usize,
    /// Gold parts whose query found the compound.
    found: usize,
    /// Words inside compounds that are no gold part, searched.
    others: usize,
    /// Of those, the ones whose query found the compound.
    false_matches: usize,
}

/// Scores the search view on `golds`: the compound is indexed as search indexes it (its
/// word in the German chain, its parts in the `parts` chain), and each query word is
/// analysed by the German chain, as a query is; a query finds the compound when one of its
/// terms is one of the compound's.
fn search_view(golds: &[Gold]) -> SearchView {
    let lexicon = Lexicon::german();
    let mut german = analysis::german(Variant::Full);
    let mut parts_chain = analysis::german_parts();
    let mut view = SearchView::default();
    for gold in golds {
        let Some(cuts) = gold.answers.first().filter(|cuts| !cuts.is_empty()) else {
            continue;
        };
        let mut indexed: BTreeSet<String> = analysis::terms(&mut german, &gold.word)
            .into_iter()
            .collect();
        indexed.extend(analysis::terms(&mut parts_chain, &gold.word));
        let mut finds = |query: &str| {
            analysis::terms(&mut german, query)
                .iter()
                .any(|term| indexed.contains(term))
        };
        let chars: Vec<char> = gold.word.chars().collect();
        let bounds: Vec<usize> = std::iter::once(0)
            .chain(cuts.iter().copied())
            .chain(std::iter::once(chars.len()))
            .collect();
        let mut part_spans = Vec::new();
        for window in bounds.windows(2) {
            let segment: String = chars[window[0]..window[1]].iter().collect();
            // A part may carry its linking element: `sicherheits` is the part `sicherheit`.
            let forms: Vec<String> = LINKS
                .iter()
                .filter_map(|link| segment.strip_suffix(link))
                .filter(|form| form.chars().count() >= 2)
                .map(str::to_owned)
                .collect();
            view.parts += 1;
            let found = forms.iter().any(|form| finds(form));
            if !found && std::env::var_os("SHOW_ERRORS").is_some() {
                eprintln!("part not found\t{}\t{segment}", gold.word);
            }
            view.found += usize::from(found);
            part_spans.push((window[0], window[1]));
        }
        // Other words inside the compound: known words (three letters or more, or a short
        // part) that are no gold part: across a gold boundary (`Sachsen` in `Monat·s·achsen`)
        // or strictly inside one part (`Rat` inside `Strategie`).
        let mut others = BTreeSet::new();
        for start in 0..chars.len() {
            for end in start + 3..=chars.len() {
                let piece: String = chars[start..end].iter().collect();
                // A gold part or a run of adjacent ones (`Tierschutz` in
                // `Landes·tier·schutz·verband`), perhaps inflected or with its link.
                let is_part = (0..part_spans.len()).any(|first| {
                    (first..part_spans.len()).any(|last| {
                        let (from, _) = part_spans[first];
                        let (last_from, to) = part_spans[last];
                        from == start && end > last_from && end <= to + 3 && to.abs_diff(end) <= 3
                    })
                });
                // Inside one gold part and flush with its start or end, a word is a part of
                // that part (`Tierschutz` in `Landestierschutz·verband`, `Tag` in
                // `Reichstag·s·abgeordneter`): the gold marks only the top split, so it is
                // neither counted as a part nor as a false match.
                let nested = part_spans.iter().any(|&(from, to)| {
                    start >= from && end <= to && (start == from || to - end <= 3)
                });
                let known = lexicon.centibels(&piece).is_some_and(|c| c <= 600)
                    || SHORT_PARTS.iter().any(|(part, _)| *part == piece);
                if !is_part && !nested && known && piece != gold.word && (end - start) < chars.len()
                {
                    others.insert(piece);
                }
            }
        }
        for other in others {
            view.others += 1;
            let false_match = finds(&other);
            if false_match && std::env::var_os("SHOW_ERRORS").is_some() {
                eprintln!("false match\t{}\t{other}", gold.word);
            }
            view.false_matches += usize::from(false_match);
        }
    }
    view
}

/// Prints one row of the split-point table.
fn print_tally(name: &str, tally: &Tally) {
    let precision = tally.correct as f64 / (tally.correct + tally.spurious).max(1) as f64;
    let recall = tally.correct as f64 / (tally.correct + tally.missed).max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(f64::MIN_POSITIVE);
    println!(
        "| {name} | {} | {precision:.3} | {recall:.3} | {f1:.3} | {:.3} |",
        tally.words,
        tally.exact as f64 / tally.words.max(1) as f64
    );
}

/// Usage: `compound_gold [DIR] [--words] [--peer=NAME=FILE]...`. `--words` prints the gold
/// words of every set, one per line, for another splitter to split; each `--peer` scores that
/// splitter's answers (see [`peer_splits`]) beside newsidx's, with the same counts.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args
        .iter()
        .find(|arg| !arg.starts_with('-'))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/compound-gold")
        });
    let peers: Vec<(&str, BTreeMap<String, Vec<String>>)> = args
        .iter()
        .filter_map(|arg| arg.strip_prefix("--peer="))
        .map(|spec| {
            let (name, path) = spec
                .split_once('=')
                .unwrap_or_else(|| panic!("--peer={spec}: expected NAME=FILE"));
            (name, peer_splits(Path::new(path)))
        })
        .collect();
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name)).unwrap_or_else(|error| {
            panic!("{}: reading a gold set: {error}", dir.join(name).display())
        })
    };
    let sets = [
        (
            "dweiss-test-compounds",
            dweiss(&read("dweiss-test-compounds.utf8")),
        ),
        (
            "jwordsplitter-exceptions",
            exceptions(&read("jwordsplitter-exceptionsGerman.txt")),
        ),
        (
            "jwordsplitter-test-de-large (second opinion)",
            large(&read("jwordsplitter-test-de-large.txt")),
        ),
    ];
    if args.iter().any(|arg| arg == "--words") {
        let words: BTreeSet<&str> = sets
            .iter()
            .flat_map(|(_, golds)| golds.iter().map(|gold| gold.word.as_str()))
            .collect();
        for word in words {
            println!("{word}");
        }
        return;
    }
    let lexicon = Lexicon::german();
    let newsidx = |word: &str| -> BTreeSet<usize> {
        split(word, lexicon)
            .map(|split| split.cuts.into_iter().collect())
            .unwrap_or_default()
    };
    println!(
        "| gold set | words | split-point precision | split-point recall | F1 | words exactly right |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    let mut views = Vec::new();
    for (name, golds) in &sets {
        views.push((name, search_view(golds)));
        print_tally(name, &evaluate(golds, newsidx));
    }
    let mut gaps = Vec::new();
    for (peer, splits) in &peers {
        // Words the peer gave no answer for, and answers of several parts not placed in the
        // word: both are scored as no split.
        let (mut unanswered, mut unplaced) = (0, 0);
        for (name, golds) in &sets {
            let mut placed: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
            for gold in golds {
                let cuts = match splits.get(&gold.word) {
                    None => {
                        unanswered += 1;
                        None
                    }
                    Some(parts) => {
                        let cuts = align_loose(&gold.word, parts);
                        if cuts.is_none() {
                            unplaced += 1;
                            if std::env::var_os("SHOW_ERRORS").is_some() {
                                eprintln!("{peer}: not placed\t{}\t{parts:?}", gold.word);
                            }
                        }
                        cuts
                    }
                };
                placed.insert(&gold.word, cuts.unwrap_or_default());
            }
            let cuts = |word: &str| placed.get(word).cloned().unwrap_or_default();
            print_tally(&format!("{name}, {peer}"), &evaluate(golds, cuts));
        }
        gaps.push(format!(
            "{peer}: {unanswered} gold words without an answer, {unplaced} answers of several parts not placed in their word (scored as no split)"
        ));
    }
    if !gaps.is_empty() {
        println!();
        for gap in gaps {
            println!("- {gap}");
        }
    }
    println!();
    println!(
        "| gold set (search view) | gold parts | a query for the part finds the compound | words inside that are no part | a query for one finds it (false) |"
    );
    println!("| --- | ---: | ---: | ---: | ---: |");
    for (name, view) in views {
        println!(
            "| {name} | {} | {:.3} | {} | {:.3} |",
            view.parts,
            view.found as f64 / view.parts.max(1) as f64,
            view.others,
            view.false_matches as f64 / view.others.max(1) as f64
        );
    }
}
