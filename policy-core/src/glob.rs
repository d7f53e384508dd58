//! Wildcard matching in linear time.
//!
//! A glob is split at its `*`s into groups. The first group must match at the start, the last
//! at the end, and each group between them at its leftmost position after the previous one;
//! taking the leftmost match is always right because a `*` can absorb whatever lies between.
//! No backtracking: the cost is the text length times the length of a group, never
//! exponential, whatever `*a*a*a*…` a policy holds.

use crate::table::{slice, Pattern, PatternKind, Piece, Policy};

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

fn bytes_equal(pattern: &[u8], text: &[u8], case: Case) -> bool {
    match case {
        Case::Sensitive => pattern == text,
        Case::Insensitive => pattern.eq_ignore_ascii_case(text),
    }
}

impl Pattern {
    /// Whether `text` matches the pattern as a whole.
    pub(crate) fn matches(
        &self,
        policy: &Policy<'_>,
        text: &str,
        case: Case,
        vars: &dyn Variables,
    ) -> bool {
        let fixed = policy.str(self.text).as_bytes();
        let text = text.as_bytes();
        match self.kind {
            PatternKind::Any => true,
            PatternKind::Exact => bytes_equal(fixed, text, case),
            PatternKind::Prefix => text
                .get(..fixed.len())
                .is_some_and(|head| bytes_equal(fixed, head, case)),
            PatternKind::Suffix => text
                .len()
                .checked_sub(fixed.len())
                .is_some_and(|start| bytes_equal(fixed, &text[start..], case)),
            PatternKind::Glob => {
                Glob { policy, case, vars }.matches(slice(policy.pieces, self.pieces), text)
            }
        }
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
        let Some(mut position) = self.match_at(&pieces[..first_star], text, 0) else {
            return false;
        };
        for group in pieces[first_star + 1..last_star].split(|p| *p == Piece::AnyRun) {
            if group.is_empty() {
                continue;
            }
            match self.find(group, text, position) {
                Some(end) => position = end,
                None => return false,
            }
        }
        self.match_tail(&pieces[last_star + 1..], text, position)
    }

    /// The end of the leftmost match of `group` starting at or after `from`.
    fn find(&self, group: &[Piece], text: &[u8], from: usize) -> Option<usize> {
        (from..=text.len())
            .filter(|&at| is_char_boundary(text, at))
            .find_map(|at| self.match_at(group, text, at))
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
                Piece::Literal(s) => self.policy.str(s).len(),
                Piece::Variable { key, default } => self.resolve(key, default)?.len(),
                Piece::AnyChar | Piece::AnyRun => 0,
            };
            Some(sum + part)
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
                Piece::Literal(s) => {
                    self.literal_at(self.policy.str(s).as_bytes(), text, position)?
                }
                Piece::Variable { key, default } => {
                    self.literal_at(self.resolve(key, default)?.as_bytes(), text, position)?
                }
                Piece::AnyChar => position + char_length(*text.get(position)?),
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
