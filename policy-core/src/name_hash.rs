//! A hash of action names and service prefixes, ASCII case ignored.
//!
//! The tables store the hash of every exact action (`prefix:name`) and of every service prefix
//! with wildcard names; a request's [`Action`](crate::Action) carries the hash of its text,
//! computed once when it is built (at compile time for `action!` constants). Finding an action
//! or a service is then a search among integers, and the text is compared once, to confirm the
//! entry the hash points at.
//!
//! The text is read as little-endian words of eight bytes (the last one zero-padded), each
//! folded in with a rotate and an exclusive or, and the result mixed once with a multiply; the
//! length goes in last, so that texts that differ only by trailing zero bytes differ. Case is
//! ignored by setting bit `0x20` of every byte, which maps each upper-case letter to its
//! lower-case one in a single operation; it also maps a few other characters together (`@` and
//! `` ` ``, `_` and DEL). The hash only narrows the search: the text an entry points at is
//! always compared, so a collision costs one more comparison and never a wrong answer.

use crate::words::{short_word, word_at};

const SEED: u64 = 0x243f_6a88_85a3_08d3;
const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;
/// Bit `0x20` of every byte: upper-case ASCII letters become lower-case ones.
const CASE_BITS: u64 = 0x2020_2020_2020_2020;

#[inline(always)]
const fn fold(state: u64, word: u64) -> u64 {
    state.rotate_left(23) ^ (word | CASE_BITS)
}

#[inline(always)]
const fn finish(state: u64, length: usize) -> u32 {
    let mixed = (state ^ length as u64).wrapping_mul(MULTIPLIER);
    ((mixed >> 32) ^ mixed) as u32
}

/// The hash of `bytes` with ASCII letters lowercased, usable in constants.
///
/// The tables and `Action::new` use it; a twin that reads a word at a time computes the same
/// value faster at run time.
///
/// ```
/// use iam_policy_core::tables::name_hash;
/// assert_eq!(name_hash(b"StopLogging"), name_hash(b"stoplogging"));
/// assert_ne!(name_hash(b"StopLogging"), name_hash(b"StartLogging"));
/// ```
pub const fn name_hash(bytes: &[u8]) -> u32 {
    let mut state = SEED;
    let mut at = 0;
    while at < bytes.len() {
        let mut word = 0u64;
        let mut byte = 0;
        while byte < 8 && at + byte < bytes.len() {
            word |= (bytes[at + byte] as u64) << (8 * byte);
            byte += 1;
        }
        state = fold(state, word);
        at += 8;
    }
    finish(state, bytes.len())
}

/// [`name_hash`] a whole word at a time, for names that arrive at run time.
#[inline]
pub(crate) fn hash_name(bytes: &[u8]) -> u32 {
    let length = bytes.len();
    let mut state = SEED;
    let mut at = 0;
    while at + 8 <= length {
        state = fold(state, word_at(bytes, at));
        at += 8;
    }
    if at < length {
        // The last word reaches back into the one before, shifted so that its new bytes come
        // first and zeros fill the rest (one load); a text under eight bytes has no word before.
        let last = match length.checked_sub(8) {
            Some(start) => word_at(bytes, start) >> (8 * (at + 8 - length)),
            None => short_word(bytes),
        };
        state = fold(state, last);
    }
    finish(state, length)
}

/// The position of the first `:` in `bytes` and the [`name_hash`] of the bytes before it (an
/// action's service prefix), found in one pass over the words: each word before the colon's is
/// folded whole, and the colon's word with its bytes from the colon on cleared, which is the
/// zero-padded last word [`hash_name`] would fold.
#[inline]
pub(crate) fn hash_to_colon(bytes: &[u8]) -> Option<(usize, u32)> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut state = SEED;
    let mut at = 0;
    while at < bytes.len() {
        let word = match bytes.get(at..) {
            Some(rest) if rest.len() >= 8 => word_at(bytes, at),
            Some(rest) => short_word(rest),
            None => 0,
        };
        // The high bit set exactly in the bytes equal to `:` (no borrow between bytes).
        let x = word ^ (ONES * u64::from(b':'));
        let colons = !(((x & LOW) + LOW) | x | LOW);
        if colons != 0 {
            let offset = (colons.trailing_zeros() / 8) as usize;
            if offset > 0 {
                state = fold(state, word & (u64::MAX >> (64 - 8 * offset)));
            }
            return Some((at + offset, finish(state, at + offset)));
        }
        state = fold(state, word);
        at += 8;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_run_time_hash_agrees_with_the_const_one_for_every_length() {
        let text =
            b"CloudTrail:StopLogging-\xc3\xa9\x00Z@[`{~ec2-instance-connect:SendSSHPublicKey";
        for start in 0..text.len() {
            for end in start..=text.len() {
                let part = &text[start..end];
                assert_eq!(hash_name(part), name_hash(part), "{part:?}");
                let lower = part.to_ascii_lowercase();
                assert_eq!(name_hash(&lower), name_hash(part), "{part:?}");
            }
        }
    }

    #[test]
    fn the_prefix_hash_is_the_hash_of_the_text_before_the_first_colon() {
        let text =
            b"CloudTrail:Stop:Logging-\xc3\xa9\x00Z@[`{~ec2-instance-connect::SendSSHPublicKey:";
        for start in 0..text.len() {
            for end in start..=text.len() {
                let part = &text[start..end];
                let expected = part
                    .iter()
                    .position(|&b| b == b':')
                    .map(|colon| (colon, hash_name(&part[..colon])));
                assert_eq!(hash_to_colon(part), expected, "{part:?}");
            }
        }
    }

    #[test]
    fn trailing_zero_bytes_change_the_hash() {
        assert_ne!(name_hash(b"ab"), name_hash(b"ab\0"));
        assert_ne!(name_hash(b""), name_hash(b"\0"));
    }
}
