//! Finding a byte in text eight bytes at a time.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

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

#[cfg(test)]
mod tests {
    use super::*;

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
