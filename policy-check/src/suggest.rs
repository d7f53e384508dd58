//! "Did you mean …?": the known name closest to a misspelt one, and whether it is close enough
//! to take the misspelling for a typo.

/// The known name closest to a misspelt one, found by [`guess`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Guess<'c> {
    /// The known name.
    pub name: &'c str,
    /// Whether the misspelling is within two edits of it (one for words of up to five
    /// characters; a swap of neighbours is one edit): a slip of the keyboard. Such a name is a
    /// typo that never matches; a name farther from every known one may be newer than the
    /// catalog.
    pub is_typo: bool,
}

/// The candidate closest to `word`, if it is close enough to suggest: case is ignored first
/// (`statement` → `Statement`); then the edit distance (insertions, deletions, substitutions and
/// swaps of neighbours) must be at most a third of the word's length (at least 1, at most 3).
///
/// ```
/// use iam_policy_check::suggest::guess;
/// let typo = guess("StopLoging", ["StopLogging", "StartLogging"]).unwrap();
/// assert_eq!((typo.name, typo.is_typo), ("StopLogging", true));
/// let far = guess("RemoveTagsToResource", ["RemoveTagsFromResource"]).unwrap();
/// assert_eq!((far.name, far.is_typo), ("RemoveTagsFromResource", false));
/// assert_eq!(guess("Banana", ["Resource", "Action"]), None);
/// ```
pub fn guess<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<Guess<'c>> {
    let lower = word.to_ascii_lowercase();
    let third = word.chars().count() / 3;
    let limit = third.clamp(1, 3);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = if candidate.eq_ignore_ascii_case(word) {
            0
        } else {
            distance(&lower, &candidate.to_ascii_lowercase(), limit)
        };
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(distance, name)| Guess {
        name,
        is_typo: distance <= third.clamp(1, 2),
    })
}

/// The candidate closest to `word`, if it is close enough to suggest (see [`guess`]).
///
/// ```
/// use iam_policy_check::suggest::closest;
/// assert_eq!(closest("Ressource", ["Resource", "Action"]), Some("Resource"));
/// assert_eq!(closest("cloudtrial", ["cloudtrail", "cloudfront"]), Some("cloudtrail"));
/// assert_eq!(closest("Banana", ["Resource", "Action"]), None);
/// ```
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    guess(word, candidates).map(|g| g.name)
}

/// The edit distance of `a` and `b` in characters: insertions, deletions, substitutions and
/// swaps of neighbours (`Soruce` → `Source` is one edit). Anything above `limit` is reported as
/// `limit + 1`.
pub fn distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    // Three rows of the table: the one before the previous is needed for swaps.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for i in 0..a.len() {
        current[0] = i + 1;
        let mut row_min = current[0];
        for j in 0..b.len() {
            let substitution = previous[j] + usize::from(a[i] != b[j]);
            let mut best = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                best = best.min(before[j - 1] + 1);
            }
            current[j + 1] = best;
            row_min = row_min.min(best);
        }
        if row_min > limit {
            return limit + 1;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()].min(limit + 1)
}

/// The ASCII character a typographic one stands for, as word processors and web pages
/// substitute them: curly quotes, dashes, the ellipsis.
///
/// ```
/// use iam_policy_check::suggest::ascii_lookalike;
/// assert_eq!(ascii_lookalike('\u{2019}'), Some("'"));
/// assert_eq!(ascii_lookalike('\u{201C}'), Some("\""));
/// assert_eq!(ascii_lookalike('x'), None);
/// ```
pub fn ascii_lookalike(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => "-",
        '\u{2026}' => "...",
        '\u{2007}' | '\u{2009}' | '\u{200A}' | '\u{202F}' => " ",
        _ => return None,
    })
}
