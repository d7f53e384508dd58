//! "Did you mean …?": the closest known name to a misspelt one.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
///
/// Case is ignored first (`statement` → `Statement`); then the Levenshtein distance must be at
/// most a third of the word's length (at least 1, at most 3).
///
/// ```
/// use iam_policy_check::suggest::closest;
/// assert_eq!(closest("Ressource", ["Resource", "Action"]), Some("Resource"));
/// assert_eq!(closest("cloudtrial", ["cloudtrail", "cloudfront"]), Some("cloudtrail"));
/// assert_eq!(closest("Banana", ["Resource", "Action"]), None);
/// ```
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let lower = word.to_ascii_lowercase();
    let limit = (word.chars().count() / 3).clamp(1, 3);
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
    best.map(|(_, c)| c)
}

/// Levenshtein distance of `a` and `b`, counted in characters; anything above `limit` is
/// reported as `limit + 1`.
pub fn distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        let mut row_min = current[0];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
            row_min = row_min.min(current[j + 1]);
        }
        if row_min > limit {
            return limit + 1;
        }
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
