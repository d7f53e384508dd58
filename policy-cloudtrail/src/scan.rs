//! A structural JSON scanner over a byte stream: finds where each value ends (strings,
//! nesting) without building it, so a file's records can be cut out one at a time and parsed
//! from a buffer that holds one record, whatever the file's size.

use std::io::{self, BufRead};

/// The largest record kept; a longer one is skipped with an error (CloudTrail's own records
/// stay far below it).
pub const MAX_VALUE_BYTES: usize = 16 << 20;

/// Why a value could not be cut out.
#[derive(Debug)]
pub enum ScanError {
    /// The stream failed (a read error, a corrupt gzip member).
    Io(io::Error),
    /// The text is not JSON at this point; the stream cannot be followed further.
    Syntax(String),
    /// A value longer than [`MAX_VALUE_BYTES`]; it was skipped.
    TooLong,
}

impl From<io::Error> for ScanError {
    fn from(error: io::Error) -> Self {
        ScanError::Io(error)
    }
}

impl std::fmt::Display for ScanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScanError::Io(error) => write!(f, "cannot read: {error}"),
            ScanError::Syntax(message) => f.write_str(message),
            ScanError::TooLong => write!(f, "a record longer than {MAX_VALUE_BYTES} bytes"),
        }
    }
}

/// A byte stream read value by value.
pub struct Scanner<R> {
    input: R,
}

impl<R: BufRead> Scanner<R> {
    pub fn new(input: R) -> Self {
        Scanner { input }
    }

    /// The next byte that is not white space, left in the stream; `None` at the end.
    pub fn peek(&mut self) -> Result<Option<u8>, ScanError> {
        loop {
            let buf = self.input.fill_buf()?;
            if buf.is_empty() {
                return Ok(None);
            }
            match buf.iter().position(|b| !b.is_ascii_whitespace()) {
                Some(at) => {
                    let byte = buf[at];
                    self.input.consume(at);
                    return Ok(Some(byte));
                }
                None => {
                    let len = buf.len();
                    self.input.consume(len);
                }
            }
        }
    }

    /// Consumes `byte` (after white space), or fails naming what was found.
    pub fn expect(&mut self, byte: u8, what: &str) -> Result<(), ScanError> {
        match self.peek()? {
            Some(found) if found == byte => {
                self.input.consume(1);
                Ok(())
            }
            Some(found) => Err(ScanError::Syntax(format!(
                "expected {what}, found `{}`",
                char::from(found).escape_default()
            ))),
            None => Err(ScanError::Syntax(format!(
                "expected {what}, found the end of the file"
            ))),
        }
    }

    /// Consumes `,` and returns true, or consumes `close` and returns false.
    pub fn separator(&mut self, close: u8) -> Result<bool, ScanError> {
        match self.peek()? {
            Some(b',') => {
                self.input.consume(1);
                Ok(true)
            }
            Some(found) if found == close => {
                self.input.consume(1);
                Ok(false)
            }
            Some(found) => Err(ScanError::Syntax(format!(
                "expected `,` or `{}`, found `{}`",
                char::from(close),
                char::from(found).escape_default()
            ))),
            None => Err(ScanError::Syntax(format!(
                "expected `,` or `{}`, found the end of the file",
                char::from(close)
            ))),
        }
    }

    /// Appends the text of the next value to `out` (cleared first). A value longer than
    /// [`MAX_VALUE_BYTES`] is consumed and reported as [`ScanError::TooLong`].
    pub fn value(&mut self, out: &mut Vec<u8>) -> Result<(), ScanError> {
        out.clear();
        let first = self.peek()?.ok_or_else(|| {
            ScanError::Syntax("expected a value, found the end of the file".into())
        })?;
        let mut state = State {
            depth: 0,
            in_string: false,
            escape: false,
            scalar: !matches!(first, b'{' | b'[' | b'"'),
            started: false,
        };
        let mut too_long = false;
        loop {
            let buf = self.input.fill_buf()?;
            if buf.is_empty() {
                if state.scalar && state.started {
                    break;
                }
                return Err(ScanError::Syntax(
                    "the file ends inside a value (a truncated file?)".into(),
                ));
            }
            let end = state.advance(buf);
            let taken = end.unwrap_or(buf.len());
            if out.len() + taken > MAX_VALUE_BYTES {
                too_long = true;
                out.clear();
            } else if !too_long {
                out.extend_from_slice(&buf[..taken]);
            }
            self.input.consume(taken);
            if end.is_some() {
                break;
            }
        }
        if too_long {
            return Err(ScanError::TooLong);
        }
        Ok(())
    }
}

/// Where the scan of one value is.
struct State {
    depth: usize,
    in_string: bool,
    escape: bool,
    /// A number, `true`, `false` or `null`: it ends before a delimiter.
    scalar: bool,
    started: bool,
}

impl State {
    /// Scans `buf`; returns the length up to the value's end when it ends there.
    fn advance(&mut self, buf: &[u8]) -> Option<usize> {
        if self.scalar {
            let end = buf
                .iter()
                .position(|b| matches!(b, b',' | b']' | b'}') || b.is_ascii_whitespace());
            self.started |= end != Some(0);
            return end;
        }
        let mut i = 0;
        while i < buf.len() {
            let byte = buf[i];
            if self.in_string {
                if self.escape {
                    self.escape = false;
                } else if byte == b'\\' {
                    self.escape = true;
                } else if byte == b'"' {
                    self.in_string = false;
                    if self.depth == 0 {
                        return Some(i + 1);
                    }
                } else {
                    // Skip the plain run of the string at once.
                    let run = buf[i..]
                        .iter()
                        .position(|b| *b == b'"' || *b == b'\\')
                        .unwrap_or(buf.len() - i);
                    i += run.max(1);
                    continue;
                }
            } else {
                match byte {
                    b'"' => self.in_string = true,
                    b'{' | b'[' => self.depth += 1,
                    b'}' | b']' => {
                        self.depth = self.depth.saturating_sub(1);
                        if self.depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
            }
            i += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<String> {
        let mut scanner = Scanner::new(std::io::BufReader::with_capacity(3, text.as_bytes()));
        let mut out = Vec::new();
        let mut found = Vec::new();
        scanner.expect(b'[', "`[`").unwrap();
        loop {
            scanner.value(&mut out).unwrap();
            found.push(String::from_utf8(out.clone()).unwrap());
            if !scanner.separator(b']').unwrap() {
                break;
            }
        }
        found
    }

    #[test]
    fn values_end_where_their_text_ends_across_buffer_boundaries() {
        assert_eq!(
            values(r#"[ {"a": "}\"]", "b": [1, {"c": 2}]} , "x\\", 12 ,true,[[]] ]"#),
            [
                r#"{"a": "}\"]", "b": [1, {"c": 2}]}"#,
                r#""x\\""#,
                "12",
                "true",
                "[[]]"
            ]
        );
    }

    #[test]
    fn a_truncated_value_is_an_error() {
        let mut scanner = Scanner::new(&b"{\"a\": [1, 2"[..]);
        let mut out = Vec::new();
        assert!(matches!(scanner.value(&mut out), Err(ScanError::Syntax(_))));
    }
}
