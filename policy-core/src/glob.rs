//! Wildcard matching in linear time.
//!
//! A glob is split at its `*`s into groups. The first group must match at the start, the last
//! at the end, and each group between them at its leftmost position after the previous one;
//! taking the leftmost match is always right because a `*` can absorb whatever lies between.
//! No backtracking: the cost is the text length times the length of a group, never
//! exponential, whatever `*a*a*a*…` a policy holds.

use crate::table::{slice, Pattern, PatternKind, Piece, Policy};
use crate::words::{find_either, short_word, word_at};

/// How pattern text is compared with request text.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Case {
    /// Byte for byte.
    Sensitive,
    /// ASCII letters compared without case (actions, `IgnoreCase` operators).
    Insensitive,
}

/// Where policy variables (`${aws:username}`) get their values.
pub(crate) trait Variables {
    /// The value of a single-valued key, looked up without case; `key` is lowercase.
    fn variable(&self, key: &str) -> Option<&str>;
}

/// No variables: every `${…}` is unresolved.
pub(crate) struct NoVariables;

impl Variables for NoVariables {
    fn variable(&self, _key: &str) -> Option<&str> {
        None
    }
}

/// Whether two byte strings are equal, ASCII case ignored for [`Case::Insensitive`].
///
/// Compares eight bytes at a time (lowercasing a word with bit operations), which beats a call
/// to `memcmp` on the short strings of policies. From [`LONG`] bytes on (whole ARNs), exact
/// comparisons call `memcmp`, whose vector compares take a few branches instead of one per
/// word.
#[inline]
pub(crate) fn bytes_equal(pattern: &[u8], text: &[u8], case: Case) -> bool {
    if pattern.len() != text.len() {
        return false;
    }
    match case {
        Case::Sensitive => same_length_equal(pattern, text),
        Case::Insensitive => words_equal(pattern, text, lowercase_word, lowercase_word),
    }
}

/// [`bytes_equal`] with [`Case::Sensitive`] on texts of one length, inlined where it is hot
/// (condition values).
#[inline(always)]
pub(crate) fn same_length_equal(a: &[u8], b: &[u8]) -> bool {
    if a.len() >= LONG {
        a == b
    } else {
        words_equal(a, b, |word| word, |word| word)
    }
}

/// Whether `text` equals `lower`, a text without ASCII capitals (a condition key as lowering
/// stores it), once its own ASCII letters are lowercased: [`bytes_equal`] with
/// [`Case::Insensitive`], folding one side only.
#[inline(always)]
pub(crate) fn equals_lowercase(lower: &[u8], text: &[u8]) -> bool {
    lower.len() == text.len() && words_equal(lower, text, |word| word, lowercase_word)
}

/// A test [`bytes_equal`] passes in either case, one byte long: the first bytes are equal
/// once bit 5 is set in both (which lowercases ASCII letters and maps no other byte onto a
/// letter). Most patterns tried against an action or a value are turned away by it.
#[inline(always)]
fn first_bytes_may_match(pattern: &[u8], text: &[u8]) -> bool {
    match (pattern.first(), text.first()) {
        (Some(p), Some(t)) => p | 0x20 == t | 0x20,
        _ => true,
    }
}

/// From this length on, [`bytes_equal`] compares exact text with `memcmp`.
pub(crate) const LONG: usize = 32;

/// Whether `a` and `b` (of equal length) are equal once each word of `a` is mapped by `map_a`
/// and each word of `b` by `map_b`.
///
/// Strings of eight bytes or more are read as words, the last one overlapping the one before;
/// shorter ones as one zero-padded word. Only whole loads: writing the bytes of a short tail
/// into a buffer and reading it back as a word stalls the processor.
#[inline(always)]
fn words_equal(a: &[u8], b: &[u8], map_a: impl Fn(u64) -> u64, map_b: impl Fn(u64) -> u64) -> bool {
    let length = a.len();
    if length < 8 {
        return map_a(short_word(a)) == map_b(short_word(b));
    }
    let mut at = 0;
    while at + 8 <= length {
        if map_a(word_at(a, at)) != map_b(word_at(b, at)) {
            return false;
        }
        at += 8;
    }
    at == length || map_a(word_at(a, length - 8)) == map_b(word_at(b, length - 8))
}

/// ASCII-lowercases the eight bytes of a word at once; other bytes are left as they are.
///
/// For each byte whose high bit is clear, adding `0x80 - b'A'` to its low seven bits sets the
/// high bit exactly when the byte is at least `A`, and adding `0x80 - b'Z' - 1` exactly when it
/// is above `Z` (no carry reaches the next byte). The bytes in `A..=Z` get `0x20` added.
#[inline(always)]
pub(crate) const fn lowercase_word(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = word & !HIGH;
    let at_least_a = low + ONES * (0x80 - b'A' as u64);
    let above_z = low + ONES * (0x80 - b'Z' as u64 - 1);
    let upper = at_least_a & !above_z & !word & HIGH;
    word | (upper >> 2)
}

impl Pattern {
    /// Whether `text` matches the pattern as a whole.
    #[inline]
    pub(crate) fn matches(
        &self,
        policy: &Policy<'_>,
        text: &str,
        case: Case,
        vars: &dyn Variables,
    ) -> bool {
        self.matches_bytes(policy, text.as_bytes(), case, vars)
    }

    /// [`Pattern::matches`] on bytes; `text` is valid UTF-8 (or a part of it cut at ASCII
    /// bytes, which keeps it valid).
    #[inline]
    pub(crate) fn matches_bytes(
        &self,
        policy: &Policy<'_>,
        text: &[u8],
        case: Case,
        vars: &dyn Variables,
    ) -> bool {
        match self.kind {
            PatternKind::Any => true,
            PatternKind::Exact => {
                let fixed = policy.bytes(self.text);
                fixed.len() == text.len()
                    && first_bytes_may_match(fixed, text)
                    && bytes_equal(fixed, text, case)
            }
            PatternKind::Prefix => {
                let fixed = policy.bytes(self.text);
                text.get(..fixed.len()).is_some_and(|head| {
                    first_bytes_may_match(fixed, head) && bytes_equal(fixed, head, case)
                })
            }
            PatternKind::Suffix => {
                let fixed = policy.bytes(self.text);
                text.len()
                    .checked_sub(fixed.len())
                    .and_then(|start| text.get(start..))
                    .is_some_and(|tail| bytes_equal(fixed, tail, case))
            }
            PatternKind::Glob => self.glob_matches(policy, text, case, vars),
        }
    }

    /// The general case, kept out of line so that the simple kinds inline into their callers.
    #[inline(never)]
    fn glob_matches(
        &self,
        policy: &Policy<'_>,
        text: &[u8],
        case: Case,
        vars: &dyn Variables,
    ) -> bool {
        Glob { policy, case, vars }.matches(slice(policy.pieces, self.pieces), text)
    }

    /// Matches the field of an ARN that starts `text` and ends at the next colon (partition,
    /// service, region, account); returns the text after that colon.
    ///
    /// An exact field (the usual case) is compared in place: the field is `text[..n]` exactly
    /// when `text` starts with the field's `n` bytes followed by a colon, since a field holds no
    /// colon. Other kinds first find the colon.
    #[inline]
    pub(crate) fn match_arn_field<'t>(
        &self,
        policy: &Policy<'_>,
        text: &'t [u8],
        vars: &dyn Variables,
    ) -> Option<&'t [u8]> {
        if self.kind == PatternKind::Exact {
            let fixed = policy.bytes(self.text);
            let length = fixed.len();
            if text.get(length) != Some(&b':') {
                return None;
            }
            let field = text.get(..length)?;
            return bytes_equal(fixed, field, Case::Sensitive)
                .then(|| text.get(length + 1..))
                .flatten();
        }
        let colon = text.iter().position(|&b| b == b':')?;
        let (field, rest) = (text.get(..colon)?, text.get(colon + 1..)?);
        self.matches_bytes(policy, field, Case::Sensitive, vars)
            .then_some(rest)
    }
}

struct Glob<'p, 'a, 'v> {
    policy: &'p Policy<'a>,
    case: Case,
    vars: &'v dyn Variables,
}

impl Glob<'_, '_, '_> {
    fn matches(&self, pieces: &[Piece], text: &[u8]) -> bool {
        let Some(first_star) = pieces.iter().position(|p| *p == Piece::AnyRun) else {
            return self.match_at(pieces, text, 0) == Some(text.len());
        };
        let last_star = pieces
            .iter()
            .rposition(|p| *p == Piece::AnyRun)
            .unwrap_or(first_star);
        let head = pieces.get(..first_star).unwrap_or(&[]);
        let Some(mut position) = self.match_at(head, text, 0) else {
            return false;
        };
        // Empty when the pattern has a single `*` (`first_star == last_star`).
        let middle = pieces.get(first_star + 1..last_star).unwrap_or(&[]);
        for group in middle.split(|p| *p == Piece::AnyRun) {
            if group.is_empty() {
                continue;
            }
            match self.find(group, text, position) {
                Some(end) => position = end,
                None => return false,
            }
        }
        let tail = pieces.get(last_star + 1..).unwrap_or(&[]);
        self.match_tail(tail, text, position)
    }

    /// The end of the leftmost match of `group` starting at or after `from`.
    ///
    /// When the group starts with literal text, candidate positions are found by scanning for
    /// its first byte, so that text without it is skipped at the speed of a byte search.
    fn find(&self, group: &[Piece], text: &[u8], from: usize) -> Option<usize> {
        let first = match group.first() {
            Some(Piece::Literal(s)) => self.policy.bytes(*s).first().copied(),
            _ => None,
        };
        let mut at = from;
        while at <= text.len() {
            if let Some(first) = first {
                let rest = text.get(at..)?;
                at += match self.case {
                    Case::Sensitive => find_either(rest, first, first),
                    Case::Insensitive => {
                        find_either(rest, first.to_ascii_lowercase(), first.to_ascii_uppercase())
                    }
                }?;
            }
            if is_char_boundary(text, at) {
                if let Some(end) = self.match_at(group, text, at) {
                    return Some(end);
                }
            }
            at += 1;
        }
        None
    }

    /// Whether `group` matches a suffix of `text` that starts at or after `from`.
    fn match_tail(&self, group: &[Piece], text: &[u8], from: usize) -> bool {
        if group.contains(&Piece::AnyChar) {
            return (from..=text.len())
                .filter(|&at| is_char_boundary(text, at))
                .any(|at| self.match_at(group, text, at) == Some(text.len()));
        }
        let Some(length) = self.fixed_length(group) else {
            return false;
        };
        text.len()
            .checked_sub(length)
            .filter(|&start| start >= from)
            .is_some_and(|start| self.match_at(group, text, start) == Some(text.len()))
    }

    /// The byte length of a group without `?` or `*`; `None` if a variable is unresolved.
    fn fixed_length(&self, group: &[Piece]) -> Option<usize> {
        group.iter().try_fold(0usize, |sum, piece| {
            let part = match *piece {
                Piece::Literal(s) => self.policy.bytes(s).len(),
                Piece::Variable { key, default } => self.resolve(key, default)?.len(),
                Piece::AnyChar | Piece::AnyRun => 0,
            };
            sum.checked_add(part)
        })
    }

    fn resolve(&self, key: crate::table::Str, default: Option<crate::table::Str>) -> Option<&str> {
        self.vars
            .variable(self.policy.str(key))
            .or_else(|| default.map(|d| self.policy.str(d)))
    }

    /// Matches a group without `*` at `at`; returns where the match ends.
    fn match_at(&self, group: &[Piece], text: &[u8], at: usize) -> Option<usize> {
        let mut position = at;
        for piece in group {
            position = match *piece {
                Piece::Literal(s) => self.literal_at(self.policy.bytes(s), text, position)?,
                Piece::Variable { key, default } => {
                    self.literal_at(self.resolve(key, default)?.as_bytes(), text, position)?
                }
                Piece::AnyChar => position.checked_add(char_length(*text.get(position)?))?,
                Piece::AnyRun => return None,
            };
        }
        Some(position)
    }

    fn literal_at(&self, literal: &[u8], text: &[u8], at: usize) -> Option<usize> {
        let end = at.checked_add(literal.len())?;
        let candidate = text.get(at..end)?;
        bytes_equal(literal, candidate, self.case).then_some(end)
    }
}

fn is_char_boundary(text: &[u8], at: usize) -> bool {
    text.get(at).is_none_or(|b| (*b as i8) >= -0x40)
}

/// The length of the UTF-8 character that starts with `lead`.
fn char_length(lead: u8) -> usize {
    match lead {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lowercasing_agrees_with_the_byte_by_byte_one_for_every_byte() {
        for byte in 0..=255u8 {
            let word = u64::from_le_bytes([byte, b'A', byte, b'z', byte, 0xC3, byte, b'@']);
            let expected = u64::from_le_bytes(
                [byte, b'A', byte, b'z', byte, 0xC3, byte, b'@'].map(|b| b.to_ascii_lowercase()),
            );
            assert_eq!(lowercase_word(word), expected, "byte {byte:#x}");
        }
    }

    #[test]
    fn bytes_equal_compares_every_length_with_and_without_case() {
        let upper = b"ARN:AWS:CLOUDTRAIL:US-EAST-1:TRAIL/DEFAULT[]@`{}";
        let lower = upper.map(|b| b.to_ascii_lowercase());
        for length in 0..=upper.len() {
            let (u, l) = (&upper[..length], &lower[..length]);
            assert!(bytes_equal(l, u, Case::Insensitive), "{length}");
            assert!(bytes_equal(u, u, Case::Sensitive), "{length}");
            let differs = u.iter().any(|b| b.is_ascii_alphabetic());
            assert_eq!(bytes_equal(l, u, Case::Sensitive), !differs, "{length}");
            if length > 0 {
                let mut other = l.to_vec();
                other[length - 1] ^= 0x01;
                assert!(!bytes_equal(l, &other, Case::Insensitive), "{length}");
                assert!(
                    !bytes_equal(l, &l[..length - 1], Case::Sensitive),
                    "{length}"
                );
            }
        }
        // One side known lowercase (condition keys): the same answers as folding both, for
        // every length, every byte in every position of the other side.
        for length in 0..=upper.len() {
            let known = &lower[..length];
            assert!(same_length_equal(known, known), "{length}");
            for position in 0..length {
                for byte in 0..=255u8 {
                    let mut text = upper[..length].to_vec();
                    text[position] = byte;
                    assert_eq!(
                        equals_lowercase(known, &text),
                        bytes_equal(known, &text, Case::Insensitive),
                        "{length} {position} {byte:#x}"
                    );
                    assert_eq!(
                        same_length_equal(known, &text),
                        bytes_equal(known, &text, Case::Sensitive),
                        "{length} {position} {byte:#x}"
                    );
                }
            }
            assert!(!equals_lowercase(known, &upper[..length.saturating_sub(1)]) || length == 0);
        }
        // `[` and `{`, `@` and `` ` `` differ by 0x20 but are not letters.
        assert!(!bytes_equal(b"[", b"{", Case::Insensitive));
        assert!(!bytes_equal(b"@", b"`", Case::Insensitive));
    }
}
