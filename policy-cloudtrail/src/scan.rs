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

impl<R> Scanner<R> {
    /// The stream, to read from it directly.
    pub fn input_mut(&mut self) -> &mut R {
        &mut self.input
    }
}

/// A buffered reader whose buffer can grow to hold a whole value: the unconsumed bytes stay
/// in place while more are read after them ([`Window::fill_more`]).
pub struct Window<R> {
    input: R,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
}

/// The bytes a read adds at least.
const CHUNK: usize = 1 << 16;

impl<R: std::io::Read> Window<R> {
    pub fn new(input: R) -> Self {
        Window {
            input,
            buf: vec![0; CHUNK],
            pos: 0,
            end: 0,
        }
    }

    /// Reads more bytes after the unconsumed ones; false at the end of the stream. The buffer
    /// grows only while one value does not fit it.
    pub fn fill_more(&mut self) -> io::Result<bool> {
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
        }
        if self.buf.len() - self.end < CHUNK / 2 {
            self.buf.resize(self.buf.len() + CHUNK, 0);
        }
        loop {
            match self.input.read(&mut self.buf[self.end..]) {
                Ok(0) => return Ok(false),
                Ok(read) => {
                    self.end += read;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// The unconsumed bytes held.
    pub fn held(&self) -> &[u8] {
        &self.buf[self.pos..self.end]
    }

    /// The size of the buffer (to shrink it back after a long value).
    pub fn shrink(&mut self) {
        if self.buf.len() > 4 * CHUNK && self.end - self.pos < CHUNK {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
            self.buf.truncate(CHUNK.max(self.end));
            self.buf.shrink_to_fit();
        }
    }
}

impl<R: std::io::Read> std::io::Read for Window<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let held = self.fill_buf()?;
        let len = held.len().min(out.len());
        out[..len].copy_from_slice(&held[..len]);
        self.consume(len);
        Ok(len)
    }
}

impl<R: std::io::Read> BufRead for Window<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.end {
            self.pos = 0;
            self.end = 0;
            self.fill_more()?;
        }
        Ok(&self.buf[self.pos..self.end])
    }

    fn consume(&mut self, amount: usize) {
        self.pos = (self.pos + amount).min(self.end);
    }
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
            if self.in_string {
                if self.escape {
                    self.escape = false;
                    i += 1;
                    continue;
                }
                // The string's plain run, skipped at once.
                match memchr::memchr2(b'"', b'\\', &buf[i..]) {
                    None => return None,
                    Some(at) => {
                        i += at;
                        if buf[i] == b'\\' {
                            self.escape = true;
                        } else {
                            self.in_string = false;
                            if self.depth == 0 {
                                return Some(i + 1);
                            }
                        }
                        i += 1;
                        continue;
                    }
                }
            }
            match buf[i] {
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
