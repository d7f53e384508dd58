//! Wildcard patterns as automata, and the classes of strings a set of them tells apart.
//!
//! A pattern is a list of tokens (a character, `?`, `*`); the evaluator's matching is exactly
//! the language of that list, character by character (`?` is one character, `*` any run),
//! with ASCII case ignored for action names and the `IgnoreCase` operators, and without
//! colons inside the first four fields of an ARN. Running every pattern of a set at once over
//! a string gives the set of patterns it matches: its *signature*. [`signatures`] explores the
//! product of the patterns' position sets breadth first and returns, for every signature some
//! string has, the shortest such string. From one state only the characters written at the
//! live positions (in both cases where case is ignored), the colon and one character written
//! nowhere can lead to different states, so the exploration is finite and exact.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A multiply-rotate hash over whole words: the states of an exploration are sets of bits, for
/// which the default (collision-resistant, byte-wise) hasher is the slowest part.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type Fast = BuildHasherDefault<WordHasher>;

/// One token of a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Token {
    /// This character.
    Char(char),
    /// `?`: one character.
    One,
    /// `*`: any run of characters.
    Star,
}

/// A pattern as an automaton over characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Glob {
    /// Each token, and whether it is inside an ARN field (its wildcards never match `:`).
    tokens: Vec<(Token, bool)>,
    ignore_case: bool,
    /// Matches nothing (an unresolved policy variable).
    dead: bool,
}

impl Glob {
    /// An empty pattern (matches only the empty string) comparing case as given.
    pub(crate) fn new(ignore_case: bool) -> Self {
        Glob {
            tokens: Vec::new(),
            ignore_case,
            dead: false,
        }
    }

    /// Appends literal text.
    pub(crate) fn text(&mut self, text: &str, in_field: bool) {
        self.tokens
            .extend(text.chars().map(|c| (Token::Char(c), in_field)));
    }

    /// Appends a wildcard.
    pub(crate) fn push(&mut self, token: Token, in_field: bool) {
        self.tokens.push((token, in_field));
    }

    /// Makes the pattern match nothing.
    pub(crate) fn kill(&mut self) {
        self.dead = true;
    }

    fn positions(&self) -> usize {
        self.tokens.len() + 1
    }

    fn words(&self) -> usize {
        if self.dead {
            0
        } else {
            self.positions().div_ceil(64)
        }
    }

    fn same_char(&self, literal: char, c: char) -> bool {
        literal == c || (self.ignore_case && literal.eq_ignore_ascii_case(&c))
    }

    /// Adds the positions reachable through `*` without reading (closure), in place.
    fn close(&self, set: &mut [u64]) {
        for w in 0..set.len() {
            let mut rest = set[w];
            while rest != 0 {
                let mut p = w * 64 + rest.trailing_zeros() as usize;
                rest &= rest - 1;
                // A run of `*` is crossed at once; bits set here need no second visit.
                while matches!(self.tokens.get(p), Some((Token::Star, _))) {
                    set_bit(set, p + 1);
                    p += 1;
                }
            }
        }
    }

    fn start(&self, set: &mut [u64]) {
        set_bit(set, 0);
        self.close(set);
    }

    /// The positions after reading `c` from `from`.
    fn step(&self, from: &[u64], c: char, to: &mut [u64]) {
        to.iter_mut().for_each(|w| *w = 0);
        for at in ones(from) {
            let Some((token, in_field)) = self.tokens.get(at) else {
                continue;
            };
            let wildcard_ok = !(*in_field && c == ':');
            match token {
                Token::Char(literal) if self.same_char(*literal, c) => set_bit(to, at + 1),
                Token::One if wildcard_ok => set_bit(to, at + 1),
                Token::Star if wildcard_ok => set_bit(to, at),
                _ => {}
            }
        }
        self.close(to);
    }

    fn accepts(&self, set: &[u64]) -> bool {
        bit(set, self.tokens.len())
    }

    /// Whether the pattern matches `text`.
    pub(crate) fn matches(&self, text: &str) -> bool {
        if self.dead {
            return false;
        }
        let mut set = vec![0; self.words()];
        self.start(&mut set);
        let mut next = set.clone();
        for c in text.chars() {
            self.step(&set, c, &mut next);
            std::mem::swap(&mut set, &mut next);
        }
        self.accepts(&set)
    }
}

/// The set positions of a bit set, in increasing order (a snapshot: bits set while iterating
/// are not seen).
fn ones(set: &[u64]) -> impl Iterator<Item = usize> + '_ {
    set.iter().enumerate().flat_map(|(w, &word)| {
        let mut rest = word;
        std::iter::from_fn(move || {
            if rest == 0 {
                return None;
            }
            let b = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            Some(w * 64 + b)
        })
    })
}

fn bit(set: &[u64], at: usize) -> bool {
    set.get(at / 64).is_some_and(|w| w & (1 << (at % 64)) != 0)
}

fn set_bit(set: &mut [u64], at: usize) {
    if let Some(w) = set.get_mut(at / 64) {
        *w |= 1 << (at % 64);
    }
}

/// Which strings the exploration considers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Alphabet {
    /// Any character; the empty string included.
    Any,
    /// Names of actions: one or more ASCII letters and digits (in lower case: action names
    /// ignore case).
    ActionName,
}

impl Alphabet {
    fn allows(self, c: char) -> bool {
        match self {
            Alphabet::Any => true,
            Alphabet::ActionName => c.is_ascii_lowercase() || c.is_ascii_digit(),
        }
    }
}

/// Characters tried, in order, as "a character no pattern writes here".
const FRESH: &str = "xzqjkvwy0123456789bcdfghlmnprstuaeioXZQJKVWYBCDFGHLMNPRSTUAEIO_-.";

/// The exploration grew past its budget of states: the patterns interact too much to be told
/// apart exactly within it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TooLarge;

/// A set of names (a service's known actions, in lower case) as a trie: followed beside the
/// patterns, it tells names it holds from names it does not.
#[derive(Clone, Debug, Default)]
pub(crate) struct Dictionary {
    /// Per node: its children by character, and whether a name ends there. Node 0 is the root.
    nodes: Vec<(Vec<(char, u32)>, bool)>,
}

impl Dictionary {
    /// The dictionary of `names`.
    pub(crate) fn new<'n>(names: impl IntoIterator<Item = &'n str>) -> Self {
        let mut dictionary = Dictionary {
            nodes: vec![(Vec::new(), false)],
        };
        for name in names {
            let mut node = 0usize;
            for c in name.chars() {
                let found = dictionary.nodes[node]
                    .0
                    .iter()
                    .find(|(k, _)| *k == c)
                    .map(|(_, n)| *n);
                node = match found {
                    Some(next) => next as usize,
                    None => {
                        let next = dictionary.nodes.len();
                        dictionary.nodes.push((Vec::new(), false));
                        dictionary.nodes[node].0.push((c, next as u32));
                        next
                    }
                };
            }
            dictionary.nodes[node].1 = true;
        }
        dictionary
    }

    /// The node after `c` from `node` (`0` in the state: off the trie; else node + 1).
    fn step(&self, state: u64, c: char) -> u64 {
        let Some(node) = (state as usize).checked_sub(1) else {
            return 0;
        };
        self.nodes[node]
            .0
            .iter()
            .find(|(k, _)| *k == c)
            .map_or(0, |(_, next)| u64::from(*next) + 1)
    }

    fn holds(&self, state: u64) -> bool {
        (state as usize)
            .checked_sub(1)
            .is_some_and(|node| self.nodes[node].1)
    }
}

/// A signature: bit `g` is set when some pattern of group `g` matches.
pub(crate) type Signature = Vec<u64>;

/// The patterns of an exploration, in groups (a statement's resources, a condition entry's
/// values): only whether some pattern of a group matches is observed. A group with a pattern
/// that matches whatever follows (`…*` reached) is settled for good: its patterns are dropped
/// from the state, which keeps many `*word*` patterns from multiplying the states.
struct Product<'g> {
    globs: &'g [Glob],
    groups: &'g [usize],
    group_count: usize,
    offsets: Vec<usize>,
    /// Words of the position sets; the settled groups' bits follow.
    words: usize,
    /// Per pattern: the first position of its trailing run of `*` (outside ARN fields).
    settles_from: Vec<usize>,
    /// Followed in the state's last word; its signature bit comes after the groups'.
    dictionary: Option<&'g Dictionary>,
}

impl Product<'_> {
    fn settled(&self, state: &[u64], group: usize) -> bool {
        bit(&state[self.words..], group)
    }

    /// Settles the groups that a pattern now matches for good.
    fn settle(&self, state: &mut [u64]) {
        for (g, glob) in self.globs.iter().enumerate() {
            let group = self.groups[g];
            let range = self.offsets[g]..self.offsets[g] + glob.words();
            let set = &state[range];
            let forever = self.settles_from[g] < glob.tokens.len()
                && ones(set).any(|p| p >= self.settles_from[g] && p < glob.tokens.len());
            if forever {
                set_bit(&mut state[self.words..], group);
            }
        }
        for (g, glob) in self.globs.iter().enumerate() {
            if self.settled(state, self.groups[g]) {
                let range = self.offsets[g]..self.offsets[g] + glob.words();
                state[range].iter_mut().for_each(|w| *w = 0);
            }
        }
    }

    fn step(&self, from: &[u64], c: char, to: &mut [u64]) {
        for (glob, &offset) in self.globs.iter().zip(&self.offsets) {
            let range = offset..offset + glob.words();
            if from[range.clone()].iter().all(|w| *w == 0) {
                to[range].iter_mut().for_each(|w| *w = 0);
                continue;
            }
            glob.step(&from[range.clone()], c, &mut to[range]);
        }
        to[self.words..].copy_from_slice(&from[self.words..]);
        if let Some(dictionary) = self.dictionary {
            let last = to.len() - 1;
            to[last] = dictionary.step(from[last], c);
        }
        self.settle(to);
    }

    fn signature(&self, state: &[u64]) -> Signature {
        let mut sig = vec![0u64; (self.group_count + 1).div_ceil(64)];
        if let Some(dictionary) = self.dictionary {
            if dictionary.holds(state[state.len() - 1]) {
                set_bit(&mut sig, self.group_count);
            }
        }
        for (g, (glob, &offset)) in self.globs.iter().zip(&self.offsets).enumerate() {
            let group = self.groups[g];
            if self.settled(state, group)
                || (!glob.dead && glob.accepts(&state[offset..offset + glob.words()]))
            {
                set_bit(&mut sig, group);
            }
        }
        sig
    }
}

/// For every signature some string (starting with `prefix`, then characters of `alphabet`)
/// has, the shortest such string found first; `groups[i]` is the group of pattern `i` (each
/// pattern its own group when `None`). At most `budget` states are explored.
pub(crate) fn signatures(
    globs: &[Glob],
    groups: Option<&[usize]>,
    prefix: &str,
    alphabet: Alphabet,
    budget: usize,
) -> Result<Vec<(Signature, String)>, TooLarge> {
    explore(globs, groups, None, prefix, alphabet, budget)
}

/// [`signatures`] with a dictionary followed beside the patterns: the bit after the groups'
/// says whether the string is one of its names (the bit's index is the number of groups).
pub(crate) fn signatures_with(
    globs: &[Glob],
    groups: &[usize],
    dictionary: &Dictionary,
    alphabet: Alphabet,
    budget: usize,
) -> Result<Vec<(Signature, String)>, TooLarge> {
    explore(globs, Some(groups), Some(dictionary), "", alphabet, budget)
}

fn explore(
    globs: &[Glob],
    groups: Option<&[usize]>,
    dictionary: Option<&Dictionary>,
    prefix: &str,
    alphabet: Alphabet,
    budget: usize,
) -> Result<Vec<(Signature, String)>, TooLarge> {
    let own: Vec<usize> = (0..globs.len()).collect();
    let groups = groups.unwrap_or(&own);
    let offsets: Vec<usize> = globs
        .iter()
        .scan(0, |at, g| {
            let start = *at;
            *at += g.words();
            Some(start)
        })
        .collect();
    let words = globs.iter().map(Glob::words).sum::<usize>();
    let group_count = groups.iter().max().map_or(0, |g| g + 1);
    let product = Product {
        globs,
        groups,
        group_count,
        offsets,
        words,
        settles_from: globs
            .iter()
            .map(|g| {
                let run = g
                    .tokens
                    .iter()
                    .rev()
                    .take_while(|(t, in_field)| *t == Token::Star && !in_field)
                    .count();
                if g.dead {
                    usize::MAX
                } else {
                    g.tokens.len() - run
                }
            })
            .collect(),
        dictionary,
    };
    let total = words + group_count.div_ceil(64) + usize::from(dictionary.is_some());
    let mut full = vec![0u64; total];
    for (glob, &offset) in globs.iter().zip(&product.offsets) {
        if !glob.dead {
            glob.start(&mut full[offset..offset + glob.words()]);
        }
    }
    if dictionary.is_some() {
        full[total - 1] = 1;
    }
    product.settle(&mut full);
    let mut scratch = vec![0u64; total];
    for c in prefix.chars() {
        product.step(&full, c, &mut scratch);
        std::mem::swap(&mut full, &mut scratch);
    }
    // States by their position sets; each with its parent and the character read.
    let mut states: Vec<(Vec<u64>, usize, char)> = vec![(full.clone(), usize::MAX, '\0')];
    let mut seen: HashSet<Vec<u64>, Fast> = HashSet::default();
    seen.insert(full);
    let mut found: HashMap<Signature, usize, Fast> = HashMap::default();
    let mut next = 0;
    let mut candidates: Vec<char> = Vec::new();
    while next < states.len() {
        let index = next;
        next += 1;
        let state = states[index].0.clone();
        if index > 0 || alphabet == Alphabet::Any {
            found.entry(product.signature(&state)).or_insert(index);
        }
        candidates.clear();
        let mut wildcard = false;
        for (glob, &offset) in globs.iter().zip(&product.offsets) {
            let set = &state[offset..offset + glob.words()];
            if set.iter().all(|w| *w == 0) {
                continue;
            }
            for at in ones(set) {
                let Some((token, in_field)) = glob.tokens.get(at) else {
                    continue;
                };
                match token {
                    Token::Char(c) => {
                        candidates.push(*c);
                        if glob.ignore_case {
                            candidates.push(c.to_ascii_lowercase());
                            candidates.push(c.to_ascii_uppercase());
                        }
                    }
                    Token::One | Token::Star => {
                        wildcard = true;
                        if *in_field {
                            candidates.push(':');
                        }
                    }
                }
            }
        }
        let live = state[..product.words].iter().any(|w| *w != 0);
        // A settled group matches whatever follows: its `*` still reads any character, which
        // may end other patterns.
        let group_words = product.group_count.div_ceil(64);
        if state[product.words..product.words + group_words]
            .iter()
            .any(|w| *w != 0)
        {
            wildcard = true;
        }
        if let Some(dictionary) = dictionary {
            if let Some(node) = (state[state.len() - 1] as usize).checked_sub(1) {
                let children = &dictionary.nodes[node].0;
                if live {
                    candidates.extend(children.iter().map(|(c, _)| *c));
                } else {
                    // No pattern can change any more: only leaving the dictionary matters.
                    let off = FRESH
                        .chars()
                        .find(|c| alphabet.allows(*c) && !children.iter().any(|(k, _)| k == c));
                    candidates.extend(off);
                }
            }
        }
        if wildcard {
            let fresh = FRESH.chars().find(|c| {
                alphabet.allows(*c) && !candidates.iter().any(|used| used.eq_ignore_ascii_case(c))
            });
            candidates.extend(fresh);
        }
        candidates.retain(|c| alphabet.allows(*c));
        candidates.sort_unstable();
        candidates.dedup();
        for &c in &candidates {
            product.step(&state, c, &mut scratch);
            if !seen.contains(&scratch) {
                if states.len() >= budget {
                    return Err(TooLarge);
                }
                seen.insert(scratch.clone());
                states.push((scratch.clone(), index, c));
            }
        }
    }
    let witness = |mut index: usize| {
        let mut chars = Vec::new();
        while index != 0 && index != usize::MAX {
            let (_, parent, c) = &states[index];
            chars.push(*c);
            index = *parent;
        }
        let mut text = prefix.to_string();
        text.extend(chars.iter().rev());
        text
    };
    let mut out: Vec<(Signature, String, usize)> = found
        .into_iter()
        .map(|(sig, index)| (sig, witness(index), index))
        .collect();
    out.sort_by_key(|(_, _, index)| *index);
    Ok(out.into_iter().map(|(sig, text, _)| (sig, text)).collect())
}

impl Glob {
    /// Whether the pattern is `*` alone.
    pub(crate) fn is_any(&self) -> bool {
        !self.dead && self.tokens.len() == 1 && self.tokens[0].0 == Token::Star
    }

    /// For a pattern that is literal text, or literal text and one final `*`: that text (in
    /// lower case when case is ignored) and whether the `*` is there.
    pub(crate) fn literal_prefix(&self) -> Option<(String, bool)> {
        if self.dead {
            return None;
        }
        let (body, star) = match self.tokens.split_last() {
            Some(((Token::Star, false), body)) => (body, true),
            _ => (self.tokens.as_slice(), false),
        };
        let text: Option<String> = body
            .iter()
            .map(|(t, _)| match t {
                Token::Char(c) if self.ignore_case => Some(c.to_ascii_lowercase()),
                Token::Char(c) => Some(*c),
                Token::One | Token::Star => None,
            })
            .collect();
        Some((text?, star))
    }

    /// The characters before the first wildcard and after the last one (the whole text when
    /// there is none, in both), in lower case when case is ignored: every match starts and ends
    /// with them.
    fn literal_ends(&self) -> (Vec<char>, Vec<char>) {
        let fold = |c: &char| {
            if self.ignore_case {
                c.to_ascii_lowercase()
            } else {
                *c
            }
        };
        let literal = |(t, _): &(Token, bool)| match t {
            Token::Char(c) => Some(fold(c)),
            Token::One | Token::Star => None,
        };
        let head = self.tokens.iter().map_while(literal).collect();
        let mut tail: Vec<char> = self.tokens.iter().rev().map_while(literal).collect();
        tail.reverse();
        (head, tail)
    }

    /// A text the pattern matches: its characters (lower case when case is ignored), `star`
    /// for each `*` (nothing when `None`) and `one` for each `?`; `None` for a pattern that
    /// matches nothing or writes a character outside action names.
    pub(crate) fn sample(&self, star: Option<char>, one: char) -> Option<String> {
        if self.dead {
            return None;
        }
        let mut out = String::new();
        for (token, _) in &self.tokens {
            match token {
                Token::Char(c) if Alphabet::ActionName.allows(c.to_ascii_lowercase()) => {
                    out.push(c.to_ascii_lowercase())
                }
                Token::Char(_) => return None,
                Token::One => out.push(one),
                Token::Star => out.extend(star),
            }
        }
        Some(out)
    }

    /// Whether the pattern writes `c` (case ignored when the pattern ignores it).
    pub(crate) fn writes(&self, c: char) -> bool {
        self.tokens.iter().any(|(t, _)| match t {
            Token::Char(w) => self.same_char(*w, c),
            Token::One | Token::Star => false,
        })
    }

    /// The text before the first wildcard (in lower case when case is ignored).
    pub(crate) fn literal_head(&self) -> String {
        self.literal_ends().0.into_iter().collect()
    }

    /// Whether some text may match both patterns: `false` only when none does (their literal
    /// beginnings or endings disagree, or a literal pattern is not matched by the other).
    pub(crate) fn may_meet(&self, other: &Glob) -> bool {
        if self.dead || other.dead {
            return false;
        }
        if let Some(text) = self.literal() {
            return other.matches(&text);
        }
        if let Some(text) = other.literal() {
            return self.matches(&text);
        }
        let (head, tail) = self.literal_ends();
        let (other_head, other_tail) = other.literal_ends();
        let case = |a: &char, b: &char| {
            a == b || ((self.ignore_case || other.ignore_case) && a.eq_ignore_ascii_case(b))
        };
        head.iter().zip(&other_head).all(|(a, b)| case(a, b))
            && tail
                .iter()
                .rev()
                .zip(other_tail.iter().rev())
                .all(|(a, b)| case(a, b))
    }

    /// Whether the pattern has a `*`.
    pub(crate) fn has_star(&self) -> bool {
        self.tokens.iter().any(|(t, _)| *t == Token::Star)
    }

    /// The text the pattern matches alone, when it has no wildcard.
    pub(crate) fn literal(&self) -> Option<String> {
        if self.dead {
            return None;
        }
        self.tokens
            .iter()
            .map(|(t, _)| match t {
                Token::Char(c) => Some(*c),
                Token::One | Token::Star => None,
            })
            .collect()
    }

    /// For an action pattern `service:name`: the lowercased service and the name pattern;
    /// `None` when a wildcard comes before the first colon (or there is none).
    pub(crate) fn split_service(&self) -> Option<(String, Glob)> {
        let mut service = String::new();
        for (at, (token, _)) in self.tokens.iter().enumerate() {
            match token {
                Token::Char(':') => {
                    let name = Glob {
                        tokens: self.tokens[at + 1..].to_vec(),
                        ignore_case: self.ignore_case,
                        dead: self.dead,
                    };
                    return Some((service, name));
                }
                Token::Char(c) => service.push(c.to_ascii_lowercase()),
                Token::One | Token::Star => return None,
            }
        }
        None
    }
}

/// Whether bit `i` of a signature is set.
pub(crate) fn bit_of(signature: &[u64], i: usize) -> bool {
    bit(signature, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glob(pattern: &str, ignore_case: bool) -> Glob {
        let mut g = Glob::new(ignore_case);
        for c in pattern.chars() {
            match c {
                '*' => g.push(Token::Star, false),
                '?' => g.push(Token::One, false),
                c => g.push(Token::Char(c), false),
            }
        }
        g
    }

    #[test]
    fn globs_match_as_wildcards_do() {
        let g = glob("a*b?c", false);
        assert!(g.matches("abxc"));
        assert!(g.matches("axxxbyc"));
        assert!(!g.matches("abc"));
        assert!(!g.matches("Abxc"));
        assert!(glob("a*", true).matches("AZ"));
        let mut field = Glob::new(false);
        field.push(Token::Star, true);
        field.text(":x", false);
        assert!(field.matches("abc:x"));
        assert!(!field.matches("a:b:x"));
    }

    #[test]
    fn every_signature_is_found_with_a_witness() {
        let globs = [
            glob("get*", true),
            glob("*object", true),
            glob("getobject", true),
        ];
        let found = signatures(&globs, None, "", Alphabet::ActionName, 10_000).unwrap();
        let sigs: Vec<u64> = found.iter().map(|(s, _)| s[0]).collect();
        // none, get only, object only, get and object, all three
        for expected in [0b000, 0b001, 0b010, 0b011, 0b111] {
            assert!(sigs.contains(&expected), "{expected:b} in {found:?}");
        }
        assert_eq!(found.len(), 5);
        for (sig, text) in &found {
            for (i, g) in globs.iter().enumerate() {
                assert_eq!(g.matches(text), sig[0] & (1 << i) != 0, "{text}");
            }
            assert!(!text.is_empty());
        }
    }

    #[test]
    fn a_settled_pattern_still_reads_on_past_the_others() {
        // After `a`, `a*` is settled for good; `ax` (not `a`) must still be found.
        let globs = [glob("a", false), glob("a*", false)];
        let found = signatures(&globs, None, "", Alphabet::Any, 1_000).unwrap();
        let sigs: Vec<u64> = found.iter().map(|(s, _)| s[0]).collect();
        assert!(sigs.contains(&0b10), "{found:?}");
        assert!(sigs.contains(&0b11), "{found:?}");
    }
}
