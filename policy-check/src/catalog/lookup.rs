//! Names found by a hash of their text with ASCII case ignored: the catalog's service prefixes
//! and each service's actions, which a check looks up once for every name a policy writes.

use crate::swar;

/// Positions of the names of a list, in an open-addressing table keyed by a hash of each
/// name's lowercase text. A lookup hashes the name once and compares the text of the entries
/// whose hash it shares: about one, where a binary search compares a dozen. The names are the
/// catalog's, not the policy's, so a policy cannot lengthen the chains it walks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct NameIndex {
    /// (the hash's high half, position + 1) per slot, `(0, 0)` when empty; a power of two long,
    /// at least twice the names.
    slots: Vec<(u32, u32)>,
}

impl NameIndex {
    /// The index of `names` (in list order); of names equal but for case, the first is found.
    pub(super) fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> NameIndex {
        let names: Vec<&str> = names.into_iter().collect();
        let size = (names.len() * 2).next_power_of_two().max(2);
        let mut index = NameIndex {
            slots: vec![(0, 0); size],
        };
        for (position, name) in names.iter().enumerate() {
            if index.find(name, |p| names[p]).is_some() {
                continue;
            }
            let hash = lowercase_hash(name);
            let mut at = slot_of(hash, size);
            while index.slots[at].1 != 0 {
                at = (at + 1) & (size - 1);
            }
            index.slots[at] = ((hash >> 32) as u32, position as u32 + 1);
        }
        index
    }

    /// The position of `name`, case ignored; `name_at` gives the text at a position of the
    /// indexed list.
    pub(super) fn find<'a>(&self, name: &str, name_at: impl Fn(usize) -> &'a str) -> Option<usize> {
        let size = self.slots.len();
        if size == 0 {
            return None;
        }
        let hash = lowercase_hash(name);
        let high = (hash >> 32) as u32;
        let mut at = slot_of(hash, size);
        loop {
            let (check, position) = self.slots[at];
            let position = position.checked_sub(1)? as usize;
            if check == high && equal_lowercase(name_at(position), name) {
                return Some(position);
            }
            at = (at + 1) & (size - 1);
        }
    }
}

/// `a.eq_ignore_ascii_case(b)`, eight bytes at a time.
fn equal_lowercase(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut at = 0;
    while let (Some(x), Some(y)) = (swar::word_at(a, at), swar::word_at(b, at)) {
        if super::lowercase_word(x) != super::lowercase_word(y) {
            return false;
        }
        at += 8;
    }
    true
}

fn slot_of(hash: u64, size: usize) -> usize {
    hash as usize & (size - 1)
}

/// A hash of `name` with ASCII letters lowercased, eight bytes at a time: names equal but for
/// case hash alike.
fn lowercase_hash(name: &str) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes = name.as_bytes();
    let mut hash = (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    let mut mix =
        |word: u64| hash = (hash.rotate_left(26) ^ super::lowercase_word(word)).wrapping_mul(K);
    for chunk in &mut chunks {
        if let Ok(chunk) = <[u8; 8]>::try_from(chunk) {
            mix(u64::from_le_bytes(chunk));
        }
    }
    let rest = chunks.remainder().len();
    if let Some(word) = swar::word_at(bytes, bytes.len() - rest) {
        mix(word);
    }
    hash ^ (hash >> 29)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The index finds what a search of the list with case ignored finds: the first
        /// name equal but for case, or nothing.
        #[test]
        fn finds_what_a_search_ignoring_case_finds(
            names in proptest::collection::vec("[a-cA-C0-9@`_-]{0,12}", 0..40),
            wanted in "[a-cA-C0-9@`_-]{0,12}",
        ) {
            let index = NameIndex::new(names.iter().map(String::as_str));
            let expected = names.iter().position(|n| n.eq_ignore_ascii_case(&wanted));
            proptest::prop_assert_eq!(index.find(&wanted, |p| names[p].as_str()), expected);
            for (position, name) in names.iter().enumerate() {
                let first = names.iter().position(|n| n.eq_ignore_ascii_case(name));
                proptest::prop_assert_eq!(index.find(name, |p| names[p].as_str()), first);
                proptest::prop_assert!(first <= Some(position));
            }
        }
    }

    #[test]
    fn an_empty_index_finds_nothing() {
        let names: [&str; 0] = [];
        assert_eq!(NameIndex::default().find("s3", |p| names[p]), None);
        assert_eq!(NameIndex::new(names).find("s3", |p| names[p]), None);
    }
}
