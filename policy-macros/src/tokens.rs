//! The token front-end: Rust tokens of a `policy!` invocation to the checker's JSON tokens.
//!
//! Every JSON token gets the index of its Rust token as its location, so each finding maps
//! back to the exact token the user wrote.

use iam_policy_check::json::{Token, TokenKind};
use iam_policy_check::Loc;
use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};

/// JSON tokens and the span of each, by index.
pub struct Tokens {
    pub tokens: Vec<Token>,
    pub spans: Vec<Span>,
}

impl Tokens {
    /// Converts the tokens of a JSON document.
    pub fn from_stream(stream: TokenStream) -> Tokens {
        let mut tokens = Tokens {
            tokens: Vec::new(),
            spans: Vec::new(),
        };
        tokens.stream(stream);
        tokens
    }

    /// Where the input ends: just past the last token.
    pub fn end(&self) -> Loc {
        let n = self.tokens.len() as u32;
        Loc::new(n, n)
    }

    /// The first and last span of a location.
    pub fn spans(&self, loc: Loc) -> (Span, Span) {
        let last = self.spans.last().copied().unwrap_or_else(Span::call_site);
        let at = |i: u32| self.spans.get(i as usize).copied().unwrap_or(last);
        (at(loc.start), at(loc.end.saturating_sub(1).max(loc.start)))
    }

    fn push(&mut self, kind: TokenKind, span: Span) {
        let index = self.tokens.len() as u32;
        self.tokens.push(Token {
            kind,
            loc: Loc::new(index, index + 1),
        });
        self.spans.push(span);
    }

    fn stream(&mut self, stream: TokenStream) {
        let mut trees = stream.into_iter().peekable();
        while let Some(tree) = trees.next() {
            match tree {
                TokenTree::Group(group) => {
                    let (open, close) = match group.delimiter() {
                        Delimiter::Brace => (TokenKind::OpenBrace, TokenKind::CloseBrace),
                        Delimiter::Bracket => (TokenKind::OpenBracket, TokenKind::CloseBracket),
                        Delimiter::None => {
                            self.stream(group.stream());
                            continue;
                        }
                        Delimiter::Parenthesis => {
                            self.push(invalid("`(`", None), group.span_open());
                            continue;
                        }
                    };
                    self.push(open, group.span_open());
                    self.stream(group.stream());
                    self.push(close, group.span_close());
                }
                TokenTree::Punct(punct) => {
                    let span = punct.span();
                    let kind = match punct.as_char() {
                        ':' => TokenKind::Colon,
                        ',' => TokenKind::Comma,
                        '-' => match trees.peek() {
                            Some(TokenTree::Literal(literal)) => {
                                let literal = literal.clone();
                                trees.next();
                                let kind = number(&format!("-{literal}"));
                                self.push(kind, span);
                                continue;
                            }
                            _ => invalid("`-`", None),
                        },
                        '\'' => {
                            let found = match trees.peek() {
                                Some(TokenTree::Ident(ident)) => format!("`'{ident}`"),
                                _ => "`'`".to_string(),
                            };
                            trees.next();
                            invalid(&found, Some("JSON strings use double quotes"))
                        }
                        other => invalid(&format!("`{other}`"), None),
                    };
                    self.push(kind, span);
                }
                TokenTree::Ident(ident) => {
                    let word = ident.to_string();
                    let kind = match word.as_str() {
                        "true" => TokenKind::Bool(true),
                        "false" => TokenKind::Bool(false),
                        "null" => TokenKind::Null,
                        "True" | "TRUE" => invalid(
                            &format!("`{word}`"),
                            Some("JSON writes `true` in lowercase"),
                        ),
                        "False" | "FALSE" => invalid(
                            &format!("`{word}`"),
                            Some("JSON writes `false` in lowercase"),
                        ),
                        "None" | "NULL" | "Null" => invalid(
                            &format!("`{word}`"),
                            Some("JSON writes `null` in lowercase"),
                        ),
                        _ => invalid(&format!("`{word}`"), None),
                    };
                    self.push(kind, ident.span());
                }
                TokenTree::Literal(literal) => {
                    let span = literal.span();
                    self.push(literal_kind(literal), span);
                }
            }
        }
    }
}

fn invalid(found: &str, help: Option<&str>) -> TokenKind {
    TokenKind::Invalid {
        found: found.to_string(),
        help: help.map(str::to_string),
    }
}

fn number(text: &str) -> TokenKind {
    if iam_policy_check::lexer::is_json_number(text) {
        TokenKind::Number(text.to_string())
    } else {
        invalid(&format!("malformed number `{text}`"), None)
    }
}

fn literal_kind(literal: proc_macro2::Literal) -> TokenKind {
    let text = literal.to_string();
    match syn::parse2::<syn::Lit>(TokenTree::Literal(literal).into()) {
        Ok(syn::Lit::Str(s)) if text.starts_with('"') => TokenKind::String(s.value()),
        Ok(syn::Lit::Str(_)) => invalid(
            &format!("raw string `{}`", iam_policy_check::json::shorten(&text)),
            Some("write a JSON string in double quotes"),
        ),
        Ok(syn::Lit::Int(_) | syn::Lit::Float(_)) => number(&text),
        Ok(syn::Lit::Char(_)) => {
            invalid(&format!("`{text}`"), Some("JSON strings use double quotes"))
        }
        _ => invalid(
            &format!("`{}`", iam_policy_check::json::shorten(&text)),
            None,
        ),
    }
}
