//! JSON with locations: the tokens both front-ends produce, and the one parser over them.
//!
//! The text front-end ([`crate::syntax::lexer`]) turns JSON text into [`Token`]s with byte offsets;
//! the `policy!` macro turns Rust tokens into the same [`Token`]s with token positions. One
//! parser builds the tree, so both report the same syntax errors with the same words.

use crate::diagnostic::{Diagnostic, Loc};
use crate::lint;
use crate::syntax::limits::Limits;

/// An object or an array, for the messages about what follows one of its entries.
#[derive(Clone, Copy)]
enum Container {
    Object,
    Array,
}

impl Container {
    fn close(self) -> TokenKind {
        match self {
            Container::Object => TokenKind::CloseBrace,
            Container::Array => TokenKind::CloseBracket,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Container::Object => "an object",
            Container::Array => "an array",
        }
    }

    fn entry(self) -> &'static str {
        match self {
            Container::Object => "member",
            Container::Array => "element",
        }
    }

    fn article(self) -> &'static str {
        match self {
            Container::Object => "a",
            Container::Array => "an",
        }
    }
}

/// A JSON token.
#[derive(Clone, Debug, PartialEq)]
pub enum TokenKind {
    /// `{`
    OpenBrace,
    /// `}`
    CloseBrace,
    /// `[`
    OpenBracket,
    /// `]`
    CloseBracket,
    /// `:`
    Colon,
    /// `,`
    Comma,
    /// A string, unescaped.
    String(String),
    /// A number, as written.
    Number(String),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// Something that is not JSON: the front-end's description of it and why.
    Invalid {
        /// What was found, for "found …" (``"`'abc'`"``).
        found: String,
        /// Advice, if any ("JSON strings use double quotes").
        help: Option<String>,
    },
}

/// A token and where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Where it is.
    pub loc: Loc,
}

/// A JSON value with its location.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// From its first to its last token.
    pub loc: Loc,
}

/// A JSON value. Objects keep their members in order, duplicates included: the checker
/// reports duplicate keys, which a map would hide.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `{ … }`
    Object(Vec<Member>),
    /// `[ … ]`
    Array(Vec<Node>),
    /// A string.
    String(String),
    /// A number, as written.
    Number(String),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
}

impl Value {
    /// The JSON type's name, for messages: `an object`, `a string`, ….
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Object(_) => "an object",
            Value::Array(_) => "an array",
            Value::String(_) => "a string",
            Value::Number(_) => "a number",
            Value::Bool(_) => "a boolean",
            Value::Null => "null",
        }
    }
}

/// An object member: `"key": value`.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The key, unescaped.
    pub key: String,
    /// Where the key is.
    pub key_loc: Loc,
    /// The value.
    pub value: Node,
}

/// Parses one JSON document from `tokens`. `end` is where the input ends, for "unexpected end"
/// errors. Syntax errors stop the parse: what follows a broken token cannot be trusted.
pub fn parse(tokens: &[Token], end: Loc, limits: &Limits) -> Result<Node, Diagnostic> {
    parse_owned(&mut tokens.to_vec(), end, limits)
}

/// [`parse`], moving the text of string and number tokens into the tree instead of copying
/// it: the tokens it reads are left with empty text.
pub(crate) fn parse_owned(
    tokens: &mut [Token],
    end: Loc,
    limits: &Limits,
) -> Result<Node, Diagnostic> {
    let mut parser = Parser {
        tokens,
        next: 0,
        end,
        limits,
    };
    let node = parser.value(0)?;
    if let Some(extra) = parser.peek() {
        let error = syntax(
            extra.loc,
            format!(
                "unexpected {} after the end of the document",
                describe(&extra.kind)
            ),
        );
        return Err(match (&node.value, &extra.kind) {
            (Value::String(_), TokenKind::Colon) => error
                .with_help("a policy document is one JSON object: wrap its members in `{` and `}`"),
            _ => error.with_help("a policy document is one JSON object; remove what follows it"),
        });
    }
    Ok(node)
}

/// A syntax error, code `JSON_SYNTAX_ERROR`.
pub fn syntax(loc: Loc, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(lint::JSON_SYNTAX_ERROR, loc, message)
}

/// How a token reads in "found …".
pub fn describe(kind: &TokenKind) -> String {
    match kind {
        TokenKind::OpenBrace => "`{`".into(),
        TokenKind::CloseBrace => "`}`".into(),
        TokenKind::OpenBracket => "`[`".into(),
        TokenKind::CloseBracket => "`]`".into(),
        TokenKind::Colon => "`:`".into(),
        TokenKind::Comma => "`,`".into(),
        TokenKind::String(s) => format!("string `\"{}\"`", shorten(s)),
        TokenKind::Number(n) => format!("number `{}`", shorten(n)),
        TokenKind::Bool(b) => format!("`{b}`"),
        TokenKind::Null => "`null`".into(),
        TokenKind::Invalid { found, .. } => found.clone(),
    }
}

/// Cuts long user text for messages.
pub fn shorten(text: &str) -> String {
    const MAX: usize = 60;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// [`shorten`] as it is written out, without building the text until then.
#[derive(Clone, Copy)]
pub(crate) struct Short<'a>(pub &'a str);

impl std::fmt::Display for Short<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const MAX: usize = 60;
        match self.0.char_indices().nth(MAX) {
            Some((cut, _)) => write!(f, "{}…", &self.0[..cut]),
            None => f.write_str(self.0),
        }
    }
}

struct Parser<'t> {
    tokens: &'t mut [Token],
    next: usize,
    end: Loc,
    limits: &'t Limits,
}

impl<'t> Parser<'t> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next)
    }

    /// The next token, consumed: the caller may take its text.
    fn bump(&mut self) -> Option<&mut Token> {
        let token = self.tokens.get_mut(self.next)?;
        self.next += 1;
        Some(token)
    }

    fn unexpected_end(&self, expected: &str) -> Diagnostic {
        syntax(
            self.end,
            format!("unexpected end of the document, expected {expected}"),
        )
    }

    fn value(&mut self, depth: usize) -> Result<Node, Diagnostic> {
        let max_depth = self.limits.max_depth;
        let end = self.end;
        let Some(token) = self.bump() else {
            return Err(syntax(
                end,
                "unexpected end of the document, expected a value",
            ));
        };
        let loc = token.loc;
        let value = match &mut token.kind {
            TokenKind::OpenBrace | TokenKind::OpenBracket if depth >= max_depth => {
                return Err(Diagnostic::new(
                    lint::LIMIT_EXCEEDED,
                    loc,
                    format!("the document nests deeper than {max_depth} levels"),
                )
                .with_help(
                    "IAM policies nest a few levels; raise `max_depth` if this is intended",
                ));
            }
            TokenKind::OpenBrace => return self.object(loc, depth + 1),
            TokenKind::OpenBracket => return self.array(loc, depth + 1),
            TokenKind::String(s) => Value::String(std::mem::take(s)),
            TokenKind::Number(n) => Value::Number(std::mem::take(n)),
            TokenKind::Bool(b) => Value::Bool(*b),
            TokenKind::Null => Value::Null,
            TokenKind::Invalid { found, help } => {
                let error = syntax(loc, format!("expected a JSON value, found {found}"));
                return Err(match help {
                    Some(help) => error.with_help(help.clone()),
                    None => error,
                });
            }
            other => {
                let error = syntax(
                    loc,
                    format!("expected a JSON value, found {}", describe(other)),
                );
                return Err(match other {
                    TokenKind::Comma | TokenKind::CloseBrace | TokenKind::CloseBracket => {
                        error.with_help(format!("a value is missing before {}", describe(other)))
                    }
                    _ => error,
                });
            }
        };
        Ok(Node { value, loc })
    }

    fn object(&mut self, open: Loc, depth: usize) -> Result<Node, Diagnostic> {
        let mut members = Vec::new();
        loop {
            let end = self.end;
            let Some(token) = self.bump() else {
                return Err(syntax(
                    end,
                    "unexpected end of the document, expected a string key or `}`",
                ));
            };
            let key_loc = token.loc;
            let key = match &mut token.kind {
                TokenKind::CloseBrace if members.is_empty() => {
                    return Ok(Node {
                        value: Value::Object(members),
                        loc: open.to(key_loc),
                    })
                }
                TokenKind::String(key) => std::mem::take(key),
                other => {
                    return Err(syntax(
                        key_loc,
                        format!("expected a string key, found {}", describe(other)),
                    )
                    .with_help("object keys are JSON strings in double quotes"))
                }
            };
            match self.bump() {
                Some(Token {
                    kind: TokenKind::Colon,
                    ..
                }) => {}
                Some(other) => {
                    return Err(syntax(
                        other.loc,
                        format!(
                            "expected `:` after the key `\"{}\"`, found {}",
                            shorten(&key),
                            describe(&other.kind)
                        ),
                    ))
                }
                None => return Err(self.unexpected_end("`:`")),
            }
            if members.len() >= self.limits.max_values {
                return Err(self.too_many(key_loc));
            }
            let value = self.value(depth)?;
            members.push(Member {
                key,
                key_loc,
                value,
            });
            let last = &members[members.len() - 1].value;
            if let Some(close) = self.after_entry(Container::Object, last)? {
                return Ok(Node {
                    value: Value::Object(members),
                    loc: open.to(close),
                });
            }
        }
    }

    fn array(&mut self, open: Loc, depth: usize) -> Result<Node, Diagnostic> {
        let mut items = Vec::new();
        if let Some(Token {
            kind: TokenKind::CloseBracket,
            loc,
        }) = self.peek()
        {
            let close = *loc;
            self.next += 1;
            return Ok(Node {
                value: Value::Array(items),
                loc: open.to(close),
            });
        }
        loop {
            if items.len() >= self.limits.max_values {
                let loc = self.peek().map_or(self.end, |t| t.loc);
                return Err(self.too_many(loc));
            }
            items.push(self.value(depth)?);
            if let Some(close) = self.after_entry(Container::Array, &items[items.len() - 1])? {
                return Ok(Node {
                    value: Value::Array(items),
                    loc: open.to(close),
                });
            }
        }
    }

    /// Reads what follows an entry (`last`, just read) of a container: a `,` before another
    /// entry (`None`) or the closing bracket (its location).
    fn after_entry(
        &mut self,
        container: Container,
        last: &Node,
    ) -> Result<Option<Loc>, Diagnostic> {
        let close = container.close();
        match self.bump() {
            Some(Token {
                kind: TokenKind::Comma,
                loc,
            }) => {
                let comma = *loc;
                if self.peek().is_some_and(|t| t.kind == close) {
                    return Err(
                        syntax(comma, format!("trailing comma in {}", container.noun())).with_help(
                            format!("JSON allows no comma after the last {}", container.entry()),
                        ),
                    );
                }
                Ok(None)
            }
            Some(Token { kind, loc }) if *kind == close => Ok(Some(*loc)),
            Some(other) => {
                let error = syntax(
                    other.loc,
                    format!(
                        "expected `,` or {} after {} {}, found {}",
                        describe(&close),
                        container.article(),
                        container.entry(),
                        describe(&other.kind)
                    ),
                );
                Err(self.explain_after(last, error))
            }
            None => Err(self.unexpected_end(&format!("`,` or {}", describe(&close)))),
        }
    }

    /// Adds advice to an error about the token after `value`, which was just consumed: an
    /// unquoted date such as `2012-10-17` reads as the numbers `2012`, `-10`, `-17`; two values
    /// in a row lack a comma between them.
    fn explain_after(&self, value: &Node, error: Diagnostic) -> Diagnostic {
        let Some(next) = self.tokens.get(self.next - 1) else {
            return error;
        };
        match (&value.value, &next.kind) {
            (Value::Number(first), TokenKind::Number(second)) if second.starts_with('-') => {
                let mut text = format!("{first}{second}");
                if let Some(Token {
                    kind: TokenKind::Number(third),
                    ..
                }) = self.tokens.get(self.next)
                {
                    if third.starts_with('-') {
                        text.push_str(third);
                    }
                }
                error.with_help(format!(
                    "`{text}` is not a number: write it as a string, `\"{text}\"`"
                ))
            }
            // Two values in a row: the finding is on the value that lacks its comma (its last
            // unit), so that the line to edit is the one shown.
            (_, TokenKind::String(_) | TokenKind::OpenBrace | TokenKind::OpenBracket) => {
                let end = value.loc.end;
                Diagnostic {
                    loc: Loc::new(end.saturating_sub(1), end),
                    message: format!(
                        "expected `,` after this value, before {}",
                        describe(&next.kind)
                    ),
                    ..error
                }
                .with_related(next.loc, "the next one starts here")
                .with_help("add the missing `,` after it")
            }
            _ => error,
        }
    }

    fn too_many(&self, loc: Loc) -> Diagnostic {
        Diagnostic::new(
            lint::LIMIT_EXCEEDED,
            loc,
            format!(
                "an array or object holds more than {} entries",
                self.limits.max_values
            ),
        )
        .with_help("raise `max_values` if this is intended")
    }
}

#[cfg(test)]
mod tests {
    use crate::{check_text, Options};

    /// The one syntax error of `text`: its message, help and byte offset.
    fn syntax_error(text: &str) -> (String, Option<String>, u32) {
        let checked = check_text(text, &Options::default());
        let [error] = checked.diagnostics.as_slice() else {
            panic!("one finding expected: {:?}", checked.diagnostics);
        };
        assert_eq!(
            error.code.as_str(),
            "JSON_SYNTAX_ERROR",
            "{}",
            error.message
        );
        assert!(checked.document.is_none());
        (error.message.clone(), error.help.clone(), error.loc.start)
    }

    #[test]
    fn trailing_commas() {
        let (message, _, at) = syntax_error(r#"{"Statement": ["a", "b",]}"#);
        assert_eq!(message, "trailing comma in an array");
        assert_eq!(at, 23);
        let (message, _, at) = syntax_error(r#"{"Version": "2012-10-17",}"#);
        assert_eq!(message, "trailing comma in an object");
        assert_eq!(at, 24);
    }

    #[test]
    fn missing_colon_and_comma() {
        let (message, _, at) = syntax_error(r#"{"Version" "2012-10-17"}"#);
        assert_eq!(
            message,
            r#"expected `:` after the key `"Version"`, found string `"2012-10-17"`"#
        );
        assert_eq!(at, 11);
        let (message, help, at) = syntax_error(r#"{"Version": "2012-10-17" "Statement": []}"#);
        assert_eq!(
            message,
            r#"expected `,` after this value, before string `"Statement"`"#
        );
        assert_eq!(help.as_deref(), Some("add the missing `,` after it"));
        // The closing quote of `"2012-10-17"`.
        assert_eq!(at, 23);
    }

    #[test]
    fn missing_values() {
        let (message, help, _) = syntax_error(r#"{"Version": }"#);
        assert_eq!(message, "expected a JSON value, found `}`");
        assert_eq!(help.as_deref(), Some("a value is missing before `}`"));
    }

    #[test]
    fn unexpected_end() {
        let (message, _, at) = syntax_error(r#"{"Version": "2012-10-17", "Statement": ["#);
        assert_eq!(message, "unexpected end of the document, expected a value");
        assert_eq!(at, 40);
        let (message, _, _) = syntax_error(r#"{"Version": "2012-10-17""#);
        assert_eq!(
            message,
            "unexpected end of the document, expected `,` or `}`"
        );
        let (message, _, _) = syntax_error("");
        assert_eq!(message, "unexpected end of the document, expected a value");
    }

    #[test]
    fn text_after_the_document() {
        let (message, help, _) = syntax_error(r#"{"Version": "2012-10-17"} {}"#);
        assert_eq!(message, "unexpected `{` after the end of the document");
        assert!(help.unwrap().contains("remove what follows"));
        let (_, help, _) = syntax_error(r#""Version": "2012-10-17""#);
        assert_eq!(
            help.as_deref(),
            Some("a policy document is one JSON object: wrap its members in `{` and `}`")
        );
    }

    #[test]
    fn nesting_and_size_limits() {
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        let checked = check_text(&deep, &Options::default());
        assert_eq!(checked.diagnostics[0].code, "LIMIT_EXCEEDED");
    }
}
