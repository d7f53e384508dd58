//! Byte offsets to lines and columns, and the text a fix replaces.

use iam_policy_check::{Fix, LineColumn, Loc};

/// The start of every line of a text, to turn byte offsets into 1-based lines and columns
/// (columns in characters) without rescanning the text for each finding.
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
    ascii: bool,
}

impl<'t> LineIndex<'t> {
    /// Indexes `text`.
    pub fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex {
            text,
            starts,
            ascii: text.is_ascii(),
        }
    }

    /// The line and column of byte `offset` (clamped to the text).
    pub fn at(&self, offset: usize) -> LineColumn {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = if self.ascii {
            offset - start
        } else {
            self.text[start..offset].chars().count()
        };
        LineColumn {
            line,
            column: column + 1,
        }
    }

    /// The byte range of the line that holds `offset`, without its line break.
    pub fn line_range(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let end = self
            .starts
            .get(line)
            .map_or(self.text.len(), |next| next - 1);
        let end = if end > start && self.text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        (start, end.max(start))
    }
}

/// A location as a byte range inside `text` (clamped, on character boundaries).
pub fn range(text: &str, loc: Loc) -> (usize, usize) {
    let clamp = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = clamp(loc.start as usize);
    (start, clamp(loc.end as usize).max(start))
}

/// The byte range a fix replaces: inside the quotes when it replaces a string's content
/// (JSON `"…"`, YAML `'…'`, or `\"…\"` of a policy held in a JSON string).
pub fn fix_range(text: &str, fix: &Fix) -> (usize, usize) {
    let (start, end) = range(text, fix.loc);
    let written = &text[start..end];
    for quote in ["\\\"", "\"", "'"] {
        if written.len() >= 2 * quote.len()
            && written.starts_with(quote)
            && written.ends_with(quote)
        {
            return (start + quote.len(), end - quote.len());
        }
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters() {
        let text = "{\n  \"é\": \"x\"\r\n}";
        let index = LineIndex::new(text);
        assert_eq!(index.at(0), LineColumn { line: 1, column: 1 });
        assert_eq!(index.at(2), LineColumn { line: 2, column: 1 });
        assert_eq!(index.at(9), LineColumn { line: 2, column: 7 });
        assert_eq!(index.at(text.len()), LineColumn { line: 3, column: 2 });
        assert_eq!(index.line_range(4), (2, 13));
        for offset in 0..=text.len() {
            assert_eq!(
                index.at(offset),
                LineColumn::of(text, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn a_fix_of_a_string_replaces_its_content() {
        let text = r#"{"Effect": "allow"}"#;
        let fix = Fix {
            loc: Loc::new(11, 18),
            replacement: "Allow".into(),
        };
        assert_eq!(fix_range(text, &fix), (12, 17));
        let embedded = r#""{\"Effect\": \"allow\"}""#;
        let fix = Fix {
            loc: Loc::new(14, 23),
            replacement: "Allow".into(),
        };
        assert_eq!(&embedded[14..23], r#"\"allow\""#);
        assert_eq!(fix_range(embedded, &fix), (16, 21));
    }
}
