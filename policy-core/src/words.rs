//! Text read eight bytes at a time: whole words, short texts as one word, and the search for
//! a byte.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The eight bytes at `at`, as a little-endian word (0 if out of range).
#[inline(always)]
pub(crate) fn word_at(bytes: &[u8], at: usize) -> u64 {
    bytes
        .get(at..at.wrapping_add(8))
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map_or(0, u64::from_le_bytes)
}

/// A text under eight bytes as a zero-padded little-endian word, read as two overlapping
/// loads: the bytes both loads cover land on the same positions, so OR-ing them changes
/// nothing. Two texts of the same length get the same word exactly when they are equal, and
/// each byte stays a byte of the word (so that word-wise lowercasing applies).
#[inline(always)]
pub(crate) fn short_word(bytes: &[u8]) -> u64 {
    let length = bytes.len();
    let four = |at: usize| {
        bytes
            .get(at..at.wrapping_add(4))
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map_or(0, |b| u64::from(u32::from_le_bytes(b)))
    };
    let two = |at: usize| {
        bytes
            .get(at..at.wrapping_add(2))
            .and_then(|b| <[u8; 2]>::try_from(b).ok())
            .map_or(0, |b| u64::from(u16::from_le_bytes(b)))
    };
    if length >= 4 {
        four(0) | (four(length - 4) << (8 * (length - 4)))
    } else if length >= 2 {
        two(0) | (two(length - 2) << (8 * (length - 2)))
    } else {
        bytes.first().map_or(0, |&b| u64::from(b))
    }
}

/// The position of the first byte of `bytes` that is `a` or `b` (pass the same byte twice to
/// find one), a word at a time.
///
/// A byte of `word ^ splat(a)` is zero exactly where `word` has an `a`, and the lowest byte
/// flagged by the zero-byte test `(x - 0x01…) & !x & 0x80…` is the first zero byte (a borrow
/// can only flag bytes above it), so the lowest flag of either test is the first match.
#[inline]
pub(crate) fn find_either(bytes: &[u8], a: u8, b: u8) -> Option<usize> {
    let (splat_a, splat_b) = (ONES * u64::from(a), ONES * u64::from(b));
    let zero_bytes = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let word = <[u8; 8]>::try_from(word).map_or(0, u64::from_le_bytes);
        let found = zero_bytes(word ^ splat_a) | zero_bytes(word ^ splat_b);
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let tail = words.remainder();
    tail.iter().position(|&c| c == a || c == b).map(|i| at + i)
}

/// Whether `bytes` holds `a` or `b` (neither 0, which the padding of a short text would
/// match): one or two overlapping words for texts up to 16 bytes (an account ID), a search
/// beyond.
#[inline]
pub(crate) fn contains_either(bytes: &[u8], a: u8, b: u8) -> bool {
    let length = bytes.len();
    let words = match length {
        0..=7 => [short_word(bytes), 0],
        8..=16 => [word_at(bytes, 0), word_at(bytes, length - 8)],
        _ => return find_either(bytes, a, b).is_some(),
    };
    words
        .into_iter()
        .any(|word| equal_bytes(word, a) | equal_bytes(word, b) != 0)
}

/// The high bit of each byte of `word` that equals `byte`, and no other bit: exact, since no
/// borrow or carry crosses a byte.
#[inline(always)]
fn equal_bytes(word: u64, byte: u8) -> u64 {
    const LOW: u64 = !HIGH;
    let x = word ^ (ONES * u64::from(byte));
    !(((x & LOW) + LOW) | x | LOW)
}

/// The positions of the first `N` bytes of `bytes` equal to `byte` (not 0, which the padding
/// of a short tail would match), in order, if there are that many: a word at a time, every
/// match of a word taken from one exact mask.
#[inline(always)]
pub(crate) fn find_first<const N: usize>(bytes: &[u8], byte: u8) -> Option<[usize; N]> {
    let mut found = [0usize; N];
    let mut count = 0;
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let word = <[u8; 8]>::try_from(word).map_or(0, u64::from_le_bytes);
        if take_positions(equal_bytes(word, byte), at, &mut found, &mut count) {
            return Some(found);
        }
        at += 8;
    }
    let tail = short_word(words.remainder());
    take_positions(equal_bytes(tail, byte), at, &mut found, &mut count).then_some(found)
}

/// Adds the positions of the bytes flagged in `matches` (a word read at `at`) to `found`;
/// whether it is full.
#[inline(always)]
fn take_positions<const N: usize>(
    mut matches: u64,
    at: usize,
    found: &mut [usize; N],
    count: &mut usize,
) -> bool {
    while matches != 0 {
        let Some(slot) = found.get_mut(*count) else {
            return true;
        };
        *slot = at + (matches.trailing_zeros() / 8) as usize;
        *count += 1;
        if *count == N {
            return true;
        }
        matches &= matches - 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_words_are_the_bytes_zero_padded() {
        let text = b"\x01\xffA:z\x80q";
        for length in 0..text.len() {
            let mut padded = [0u8; 8];
            padded[..length].copy_from_slice(&text[..length]);
            assert_eq!(
                short_word(&text[..length]),
                u64::from_le_bytes(padded),
                "{length}"
            );
        }
    }

    #[test]
    fn finds_the_first_colons_as_a_byte_loop_does() {
        let long = "aws:s3:::".repeat(12);
        let texts = [
            long.as_str(),
            "abcdefghijklmnopqrstuvwxyz012345:a:b:c:d",
            "abcdefghijklmnopqrstuvwxyz01234:a:b:c:d",
            "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz::::",
            "",
            ":",
            "a:b:c:d:e",
            "aws:iam::111122223333:user/alice",
            "aws:s3:::bucket/key",
            "::::",
            ":::",
            "aws:iam:;:1:x",
            "\u{e9}:\u{e9}:\u{e9}:\u{e9}:",
            "abcdefgh:ijklmnop:qrstuvwx:yz:",
        ];
        for text in texts {
            for start in 0..=text.len() {
                let bytes = &text.as_bytes()[start..];
                let mut naive = [0usize; 4];
                let mut count = 0;
                for (i, _) in bytes
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| **b == b':')
                    .take(4)
                {
                    naive[count] = i;
                    count += 1;
                }
                let expected = (count == 4).then_some(naive);
                assert_eq!(
                    find_first::<4>(bytes, b':'),
                    expected,
                    "{text:?} from {start}"
                );
            }
        }
    }

    #[test]
    fn contains_either_byte_as_a_byte_loop_says() {
        let alphabet = [b'1', b'*', b'?', b':', 0xc3, 0xa9, b'a'];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let length = (state % 40) as usize;
            let mut text = [0u8; 40];
            for (i, byte) in text.iter_mut().enumerate().take(length) {
                *byte = alphabet[((state >> (i % 48)) as usize + i) % alphabet.len()];
            }
            let text = &text[..length];
            for (a, b) in [(b'*', b'?'), (b':', b':'), (0xa9, b'a')] {
                let expected = text.iter().any(|&c| c == a || c == b);
                assert_eq!(contains_either(text, a, b), expected, "{text:?} {a} {b}");
            }
        }
    }

    #[test]
    fn finds_the_first_of_either_byte_at_every_position() {
        for length in 0..40 {
            for first in 0..=length {
                for (a, b) in [(b':', b':'), (b'a', b'A'), (0x80, 0xff), (0, 1)] {
                    let mut buffer = [b'z'; 40];
                    let text = &mut buffer[..length];
                    // Bytes one bit away from the ones searched for, before the match.
                    for (i, byte) in text.iter_mut().enumerate().take(first) {
                        *byte = if i % 2 == 0 { a ^ 1 } else { b ^ 0x40 };
                        if *byte == a || *byte == b {
                            *byte = b'z';
                        }
                    }
                    let expected = (first < length).then_some(first);
                    if let Some(at) = expected {
                        text[at] = if at % 2 == 0 { a } else { b };
                    }
                    assert_eq!(find_either(text, a, b), expected, "{text:?} {a} {b}");
                }
            }
        }
    }
}
