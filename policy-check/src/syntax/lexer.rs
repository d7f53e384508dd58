//! The text front-end: JSON text to [`Token`]s located by byte offsets.

use crate::diagnostic::{Diagnostic, Loc};
use crate::lint;
use crate::swar;
use crate::syntax::json::{shorten, syntax, Token, TokenKind};
use crate::syntax::limits::Limits;

/// Splits JSON text into tokens. Fails on text that cannot be split (an unterminated string, a
/// bad escape); tokens that are not JSON (`'single'`, `True`) come back as
/// [`TokenKind::Invalid`] for the parser to report where it meets them.
pub fn tokenize(text: &str, limits: &Limits) -> Result<Vec<Token>, Diagnostic> {
    if text.len() > limits.max_document_bytes {
        return Err(Diagnostic::new(
            lint::LIMIT_EXCEEDED,
            Loc::new(0, 0),
            format!(
                "the document is {} bytes, more than the limit of {} bytes",
                text.len(),
                limits.max_document_bytes
            ),
        )
        .with_help("raise `max_document_bytes` if this is intended"));
    }
    let mut lexer = Lexer {
        text,
        bytes: text.as_bytes(),
        at: 0,
        limits,
    };
    // About one token per eight bytes of a policy: most of the vector is reserved at once, up
    // to the tokens of a megabyte of text (beyond, it grows as tokens come: one long hostile
    // string reserves no more than that).
    const MOST_RESERVED: usize = 1 << 17;
    let mut tokens = Vec::with_capacity((text.len() / 8).min(limits.max_tokens).min(MOST_RESERVED));
    while let Some(token) = lexer.token()? {
        if tokens.len() >= limits.max_tokens {
            return Err(crate::syntax::limits::too_many_tokens(token.loc, limits));
        }
        tokens.push(token);
    }
    Ok(tokens)
}

/// Where the run of string content from `at` ends: at the first `"`, `\\` or control byte
/// (below U+0020), or at the end; eight bytes at a time.
fn plain_run_end(bytes: &[u8], mut at: usize) -> usize {
    while let Some(word) = swar::word_at(bytes, at) {
        let stops = swar::equal(word, b'"') | swar::equal(word, b'\\') | swar::below(word, 0x20);
        // Past the end the word holds zeros, which are control bytes: clip to the text.
        if stops != 0 {
            return (at + swar::first(stops)).min(bytes.len());
        }
        at += 8;
    }
    at.min(bytes.len())
}

struct Lexer<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    limits: &'t Limits,
}

fn loc(start: usize, end: usize) -> Loc {
    Loc::new(start as u32, end as u32)
}

impl Lexer<'_> {
    fn token(&mut self) -> Result<Option<Token>, Diagnostic> {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
        let start = self.at;
        let Some(&byte) = self.bytes.get(start) else {
            return Ok(None);
        };
        let single = |kind| {
            Ok(Some(Token {
                kind,
                loc: loc(start, start + 1),
            }))
        };
        match byte {
            b'{' => {
                self.at += 1;
                single(TokenKind::OpenBrace)
            }
            b'}' => {
                self.at += 1;
                single(TokenKind::CloseBrace)
            }
            b'[' => {
                self.at += 1;
                single(TokenKind::OpenBracket)
            }
            b']' => {
                self.at += 1;
                single(TokenKind::CloseBracket)
            }
            b':' => {
                self.at += 1;
                single(TokenKind::Colon)
            }
            b',' => {
                self.at += 1;
                single(TokenKind::Comma)
            }
            b'"' => self.string(start).map(Some),
            b'-' | b'0'..=b'9' => Ok(Some(self.number(start))),
            b'\'' => Ok(Some(self.single_quoted(start))),
            _ => Ok(Some(self.word(start))),
        }
    }

    fn string(&mut self, start: usize) -> Result<Token, Diagnostic> {
        self.at += 1;
        let mut value = String::new();
        loop {
            let run_start = self.at;
            self.at = plain_run_end(self.bytes, self.at);
            let run = &self.text[run_start..self.at];
            if value.is_empty() {
                // The usual string is one run: one allocation of its size.
                value = String::from(run);
            } else {
                value.push_str(run);
            }
            if value.len() > self.limits.max_string_bytes {
                return Err(Diagnostic::new(
                    lint::LIMIT_EXCEEDED,
                    loc(start, start + 1),
                    format!(
                        "a string is longer than the limit of {} bytes",
                        self.limits.max_string_bytes
                    ),
                )
                .with_help("raise `max_string_bytes` if this is intended"));
            }
            match self.bytes.get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Token {
                        kind: TokenKind::String(value),
                        loc: loc(start, self.at),
                    });
                }
                Some(b'\\') => {
                    let escape_start = self.at;
                    self.at += 1;
                    let decoded = self.escape(escape_start)?;
                    value.push(decoded);
                }
                Some(_) => {
                    return Err(
                        syntax(loc(self.at, self.at + 1), "control character in a string")
                            .with_help("write it as an escape such as `\\n` or `\\t`"),
                    )
                }
                None => {
                    return Err(syntax(loc(start, start + 1), "unterminated string")
                        .with_help("add the closing `\"`"))
                }
            }
        }
    }

    fn escape(&mut self, escape_start: usize) -> Result<char, Diagnostic> {
        let Some(&kind) = self.bytes.get(self.at) else {
            return Err(syntax(loc(escape_start, self.at), "unterminated string"));
        };
        self.at += 1;
        let simple = match simple_escape(kind) {
            Some(decoded) => decoded,
            None if kind == b'u' => return self.unicode_escape(escape_start),
            None => {
                let end = escape_start
                    + 1
                    + self.text[escape_start + 1..]
                        .chars()
                        .next()
                        .map_or(0, char::len_utf8);
                return Err(syntax(
                    loc(escape_start, end),
                    format!(
                        "invalid escape `{}` in a string",
                        &self.text[escape_start..end]
                    ),
                )
                .with_help("JSON escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX"));
            }
        };
        Ok(simple)
    }

    fn hex4(&mut self, escape_start: usize) -> Result<u32, Diagnostic> {
        let digits = self.bytes.get(self.at..self.at + 4);
        let parsed = digits
            .and_then(|d| std::str::from_utf8(d).ok())
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|d| u32::from_str_radix(d, 16).ok());
        match parsed {
            Some(code) => {
                self.at += 4;
                Ok(code)
            }
            None => Err(syntax(
                loc(escape_start, self.at),
                "`\\u` must be followed by four hexadecimal digits",
            )),
        }
    }

    fn unicode_escape(&mut self, escape_start: usize) -> Result<char, Diagnostic> {
        let high = self.hex4(escape_start)?;
        let code = if (0xD800..0xDC00).contains(&high) {
            if self.bytes.get(self.at..self.at + 2) != Some(b"\\u") {
                return Err(syntax(
                    loc(escape_start, self.at),
                    "unpaired surrogate in a `\\u` escape",
                ));
            }
            self.at += 2;
            let low = self.hex4(escape_start)?;
            if !(0xDC00..0xE000).contains(&low) {
                return Err(syntax(
                    loc(escape_start, self.at),
                    "unpaired surrogate in a `\\u` escape",
                ));
            }
            0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        } else {
            high
        };
        char::from_u32(code).ok_or_else(|| {
            syntax(
                loc(escape_start, self.at),
                "unpaired surrogate in a `\\u` escape",
            )
        })
    }

    /// A number as JSON writes it; a malformed one becomes an invalid token.
    fn number(&mut self, start: usize) -> Token {
        while let Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') = self.bytes.get(self.at) {
            self.at += 1;
        }
        let text = &self.text[start..self.at];
        let kind = if is_json_number(text) {
            TokenKind::Number(text.to_string())
        } else {
            TokenKind::Invalid {
                found: format!("malformed number `{}`", shorten(text)),
                help: None,
            }
        };
        Token {
            kind,
            loc: loc(start, self.at),
        }
    }

    fn single_quoted(&mut self, start: usize) -> Token {
        self.at += 1;
        let end = self.text[self.at..]
            .find(['\'', '\n'])
            .map_or(self.text.len(), |i| self.at + i + 1);
        self.at = end;
        Token {
            kind: TokenKind::Invalid {
                found: format!("`{}`", shorten(&self.text[start..end])),
                help: Some("JSON strings use double quotes".into()),
            },
            loc: loc(start, end),
        }
    }

    /// A bare word: `true`, `false`, `null`, or something that is not JSON.
    fn word(&mut self, start: usize) -> Token {
        let rest = &self.text[start..];
        let length = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len())
            .max(rest.chars().next().map_or(1, char::len_utf8));
        self.at = start + length;
        let word = &rest[..length];
        let kind = match word {
            "true" => TokenKind::Bool(true),
            "false" => TokenKind::Bool(false),
            "null" => TokenKind::Null,
            _ => {
                let help = match word {
                    "True" | "TRUE" => Some("JSON writes `true` in lowercase".to_string()),
                    "False" | "FALSE" => Some("JSON writes `false` in lowercase".to_string()),
                    "None" | "NULL" | "Null" => Some("JSON writes `null` in lowercase".to_string()),
                    _ if word.starts_with(['\u{201c}', '\u{201d}']) => {
                        Some("curly quotes are not JSON; use `\"`".to_string())
                    }
                    _ => None,
                };
                TokenKind::Invalid {
                    found: format!("`{}`", shorten(word)),
                    help,
                }
            }
        };
        Token {
            kind,
            loc: loc(start, self.at),
        }
    }
}

/// Whether `text` is a number in JSON's grammar.
pub fn is_json_number(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    if b.first() == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return false;
        }
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        if let Some(b'+' | b'-') = b.get(i) {
            i += 1;
        }
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return false;
        }
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    i == b.len()
}

/// The character a JSON escape `\X` stands for, for every escape but `\u` (`X` is the byte
/// after the backslash); `None` for `u` and for bytes that begin no escape.
///
/// ```
/// use iam_policy_check::lexer::simple_escape;
/// assert_eq!(simple_escape(b'n'), Some('\n'));
/// assert_eq!(simple_escape(b'u'), None);
/// ```
pub fn simple_escape(byte: u8) -> Option<char> {
    Some(match byte {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::json::TokenKind;

    proptest::proptest! {
        /// The run end found eight bytes at a time is the first `"`, `\\` or control byte.
        #[test]
        fn plain_runs_end_at_the_first_stop(
            bytes in proptest::collection::vec(proptest::sample::select(
                vec![b'a', b'"', b'\\', 0x1f, 0x20, 0x00, 0x7f, 0x80, 0xa2, 0xdc, 0xff, b'!', b'}']
            ), 0..40),
            at in 0usize..40,
        ) {
            let at = at.min(bytes.len());
            let expected = bytes[at..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .map_or(bytes.len(), |p| at + p);
            proptest::prop_assert_eq!(super::plain_run_end(&bytes, at), expected);
        }
    }

    fn kinds(text: &str) -> Vec<TokenKind> {
        tokenize(text, &Limits::default())
            .unwrap()
            .into_iter()
            .map(|t| t.kind)
            .collect()
    }

    fn error(text: &str) -> Diagnostic {
        tokenize(text, &Limits::default()).unwrap_err()
    }

    #[test]
    fn tokens_carry_byte_offsets() {
        let tokens = tokenize(r#"{ "é": [1, true] }"#, &Limits::default()).unwrap();
        let spans: Vec<_> = tokens.iter().map(|t| (t.loc.start, t.loc.end)).collect();
        assert_eq!(
            spans,
            [
                (0, 1),
                (2, 6),
                (6, 7),
                (8, 9),
                (9, 10),
                (10, 11),
                (12, 16),
                (16, 17),
                (18, 19)
            ]
        );
    }

    #[test]
    fn escapes_are_decoded() {
        assert_eq!(
            kinds(r#""a\"b\\c\/d\n\u0041\ud83d\ude00""#),
            [TokenKind::String("a\"b\\c/d\nA\u{1F600}".into())]
        );
    }

    #[test]
    fn single_quotes_and_bare_words_are_invalid_tokens() {
        let invalid = |text: &str| match kinds(text).as_slice() {
            [TokenKind::Invalid { found, help }] => (found.clone(), help.clone()),
            other => panic!("one invalid token expected: {other:?}"),
        };
        assert_eq!(
            invalid("'Allow'"),
            (
                "`'Allow'`".to_string(),
                Some("JSON strings use double quotes".to_string())
            )
        );
        assert_eq!(
            invalid("True"),
            (
                "`True`".to_string(),
                Some("JSON writes `true` in lowercase".to_string())
            )
        );
        assert!(matches!(
            kinds("Allow").as_slice(),
            [TokenKind::Invalid { help: None, .. }]
        ));
    }

    #[test]
    fn numbers_follow_json() {
        assert_eq!(kinds("-1.5e3"), [TokenKind::Number("-1.5e3".into())]);
        assert!(matches!(
            kinds("2012-10-17").as_slice(),
            [TokenKind::Invalid { .. }]
        ));
        assert!(matches!(
            kinds("01").as_slice(),
            [TokenKind::Invalid { .. }]
        ));
    }

    #[test]
    fn broken_strings_are_errors() {
        assert_eq!(error(r#"{"Version": "2012"#).message, "unterminated string");
        assert_eq!(
            error(r#""a\qb""#).message,
            "invalid escape `\\q` in a string"
        );
        assert_eq!(error("\"a\nb\"").message, "control character in a string");
        assert_eq!(
            error(r#""\ud83d""#).message,
            "unpaired surrogate in a `\\u` escape"
        );
        assert_eq!(
            error(r#""\u12""#).message,
            "`\\u` must be followed by four hexadecimal digits"
        );
    }

    #[test]
    fn oversized_input_is_refused() {
        let limits = Limits {
            max_document_bytes: 8,
            ..Limits::default()
        };
        assert_eq!(
            tokenize("[\"123456789\"]", &limits).unwrap_err().code,
            "LIMIT_EXCEEDED"
        );
    }
}
