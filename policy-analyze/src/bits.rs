//! Sets of statements as bit sets: statement `i` of the analysis is bit `i`.

/// A set of statements.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Bits(Vec<u64>);

impl Bits {
    /// The empty set over `len` statements.
    pub(crate) fn empty(len: usize) -> Self {
        Bits(vec![0; len.div_ceil(64)])
    }

    /// Every statement of `len`.
    pub(crate) fn full(len: usize) -> Self {
        let mut bits = Bits::empty(len);
        for i in 0..len {
            bits.set(i);
        }
        bits
    }

    pub(crate) fn set(&mut self, i: usize) {
        if let Some(w) = self.0.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }

    pub(crate) fn clear(&mut self, i: usize) {
        if let Some(w) = self.0.get_mut(i / 64) {
            *w &= !(1 << (i % 64));
        }
    }

    pub(crate) fn flip(&mut self, i: usize) {
        if let Some(w) = self.0.get_mut(i / 64) {
            *w ^= 1 << (i % 64);
        }
    }

    pub(crate) fn get(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// `self & other`.
    pub(crate) fn and(&self, other: &Bits) -> Bits {
        Bits(self.0.iter().zip(&other.0).map(|(a, b)| a & b).collect())
    }

    /// `self | other`.
    pub(crate) fn or(&self, other: &Bits) -> Bits {
        Bits(self.0.iter().zip(&other.0).map(|(a, b)| a | b).collect())
    }

    /// `self & !other`.
    pub(crate) fn without(&self, other: &Bits) -> Bits {
        Bits(self.0.iter().zip(&other.0).map(|(a, b)| a & !b).collect())
    }

    /// The members, in order.
    pub(crate) fn members(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(w, word)| {
            (0..64)
                .filter(move |b| word & (1u64 << b) != 0)
                .map(move |b| w * 64 + b)
        })
    }

    pub(crate) fn words(&self) -> &[u64] {
        &self.0
    }
}
