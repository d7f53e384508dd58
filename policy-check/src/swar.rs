//! Byte tests on eight bytes at a time (a `u64` read little-endian: the first byte is the
//! lowest). Each test is exact per byte, with no carry or borrow crossing bytes, so any flagged
//! byte, and the lowest in particular, is a byte that passes.

const EACH: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x80 * EACH;
const LOW: u64 = 0x7f * EACH;

/// The eight bytes of `bytes` from `at`, zeros past its end; `None` when `at` is at the end.
pub(crate) fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let rest = bytes.get(at..).filter(|rest| !rest.is_empty())?;
    if let Some(whole) = rest.first_chunk::<8>() {
        return Some(u64::from_le_bytes(*whole));
    }
    // Fewer than eight bytes remain: the last eight bytes of the text shifted down, so that
    // the remaining ones come first and zeros follow (one load).
    if let Some(last) = bytes.last_chunk::<8>() {
        return Some(u64::from_le_bytes(*last) >> (8 * (8 - rest.len())));
    }
    Some(short_word(rest))
}

/// The bytes of `rest` (under eight) as a word, zeros after them: two overlapping loads.
fn short_word(rest: &[u8]) -> u64 {
    let len = rest.len();
    if let (Some(low), Some(high)) = (rest.first_chunk::<4>(), rest.last_chunk::<4>()) {
        // The loads overlap on equal bytes, which the `|` keeps.
        return u64::from(u32::from_le_bytes(*low))
            | u64::from(u32::from_le_bytes(*high)) << (8 * (len - 4));
    }
    // One to three bytes: the first, the middle and the last cover them.
    match rest {
        [] => 0,
        [first, ..] => {
            u64::from(*first)
                | u64::from(rest[len / 2]) << (8 * (len / 2))
                | u64::from(rest[len - 1]) << (8 * (len - 1))
        }
    }
}

/// Bit 7 set in each byte of `word` that equals `byte`.
pub(crate) fn equal(word: u64, byte: u8) -> u64 {
    let x = word ^ (u64::from(byte) * EACH);
    !(((x & LOW) + LOW) | x) & HIGH
}

/// Bit 7 set in each byte of `word` below `limit` (at most 0x80).
pub(crate) fn below(word: u64, limit: u8) -> u64 {
    !((word & LOW) + u64::from(0x80 - limit) * EACH) & !word & HIGH
}

/// Whether no byte of `bytes` is flagged by `test` (a mask of [`equal`], [`below`] or
/// [`high`] results): eight bytes at a time, the zeros past the end never counted.
pub(crate) fn none(bytes: &[u8], test: impl Fn(u64) -> u64) -> bool {
    // The whole words, then the last bytes as one word masked to them: no branch per word.
    let mut chunks = bytes.chunks_exact(8);
    let mut flags = 0;
    for chunk in &mut chunks {
        if let Ok(chunk) = <[u8; 8]>::try_from(chunk) {
            flags |= test(u64::from_le_bytes(chunk));
        }
    }
    let rest = chunks.remainder();
    if let Some(word) = word_at(bytes, bytes.len() - rest.len()) {
        flags |= test(word) & ((1 << (8 * rest.len())) - 1);
    }
    flags == 0
}

/// Bit 7 set in each byte of `word` that is not ASCII (`0x80` and above).
pub(crate) fn high(word: u64) -> u64 {
    word & HIGH
}

/// The index of the lowest flagged byte of a mask of [`equal`] or [`below`].
pub(crate) fn first(mask: u64) -> usize {
    (mask.trailing_zeros() / 8) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Every byte is flagged exactly when it passes, whatever its neighbours.
        #[test]
        fn tests_are_exact_per_byte(word: [u8; 8], byte: u8, limit in 0u8..=0x80) {
            let w = u64::from_le_bytes(word);
            for (i, b) in word.iter().enumerate() {
                proptest::prop_assert_eq!(equal(w, byte) >> (8 * i + 7) & 1 == 1, *b == byte);
                proptest::prop_assert_eq!(below(w, limit) >> (8 * i + 7) & 1 == 1, *b < limit);
            }
        }
    }

    proptest::proptest! {
        /// `none` sees every byte, the last partial word's included, and nothing past them.
        #[test]
        fn none_tests_every_byte_and_only_those(bytes in proptest::collection::vec(0u8..=255, 0..20)) {
            let plain = |b: &u8| (0x20..0x80).contains(b);
            let expected = bytes.iter().all(plain);
            proptest::prop_assert_eq!(none(&bytes, |w| below(w, 0x20) | high(w)), expected);
        }
    }

    proptest::proptest! {
        /// A word is the next eight bytes, zeros past the end, at every offset of every length.
        #[test]
        fn a_word_is_the_bytes_padded_with_zeros(bytes in proptest::collection::vec(0u8..=255, 0..20)) {
            for at in 0..=bytes.len() + 1 {
                let expected = (at < bytes.len()).then(|| {
                    let mut word = [0; 8];
                    for (to, from) in word.iter_mut().zip(&bytes[at..]) {
                        *to = *from;
                    }
                    u64::from_le_bytes(word)
                });
                proptest::prop_assert_eq!(word_at(&bytes, at), expected);
            }
        }
    }

    #[test]
    fn words_are_padded_with_zeros() {
        assert_eq!(
            word_at(b"abc", 1),
            Some(u64::from_le_bytes(*b"bc\0\0\0\0\0\0"))
        );
        assert_eq!(word_at(b"abc", 3), None);
        assert_eq!(first(equal(u64::from_le_bytes(*b"ab:cd:ef"), b':')), 2);
    }
}
