//! Lines and columns of byte offsets in JSON text.

/// A 1-based line and column (in characters) in JSON text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineColumn {
    /// From 1.
    pub line: usize,
    /// From 1, in characters.
    pub column: usize,
}

impl LineColumn {
    /// The line and column of byte `offset` in `text` (an offset past the end, or inside a
    /// character, counts as the end of the text or the start of that character).
    ///
    /// ```
    /// use iam_policy_check::LineColumn;
    /// assert_eq!(LineColumn::of("{\n  \"é\": 1}", 9), LineColumn { line: 2, column: 7 });
    /// ```
    pub fn of(text: &str, offset: usize) -> LineColumn {
        Locator::new(text).locate(offset)
    }
}

/// Turns increasing byte offsets into lines and columns in one pass over the text.
pub(crate) struct Locator<'t> {
    text: &'t str,
    offset: usize,
    at: LineColumn,
}

impl<'t> Locator<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        Locator {
            text,
            offset: 0,
            at: LineColumn { line: 1, column: 1 },
        }
    }

    /// The position of `offset`; offsets must not decrease between calls (a smaller one
    /// starts over from the beginning).
    pub(crate) fn locate(&mut self, offset: usize) -> LineColumn {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.offset {
            *self = Locator::new(self.text);
        }
        for c in self.text[self.offset..offset].chars() {
            if c == '\n' {
                self.at = LineColumn {
                    line: self.at.line + 1,
                    column: 1,
                };
            } else {
                self.at.column += 1;
            }
        }
        self.offset = offset;
        self.at
    }
}
