//! A policy written as a JSON string inside a JSON file (Terraform's `"policy": "{\"Version\"…"`):
//! the string's content is checked as a document, each position mapped back to the file.

use iam_policy_check::json::Token;
use iam_policy_check::{Diagnostic, Limits, Loc};

/// The content of the JSON string literal at `raw` (quotes included), and for each byte of
/// the content (and its end) the byte of `raw` it was written at.
fn unescape(raw: &str) -> Option<(String, Vec<u32>)> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let mut text = String::with_capacity(inner.len());
    let mut at = Vec::with_capacity(inner.len() + 1);
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let position = i as u32 + 1;
        let decoded = if c == '\\' {
            let (_, escape) = chars.next()?;
            match escape {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                'b' => '\u{8}',
                'f' => '\u{c}',
                '/' | '\\' | '"' => escape,
                'u' => {
                    let mut code = 0u32;
                    for _ in 0..4 {
                        code = code * 16 + chars.next()?.1.to_digit(16)?;
                    }
                    if (0xD800..0xDC00).contains(&code) {
                        // A surrogate pair: `\uD83D\uDE00`.
                        let (_, '\\') = chars.next()? else {
                            return None;
                        };
                        let (_, 'u') = chars.next()? else { return None };
                        let mut low = 0u32;
                        for _ in 0..4 {
                            low = low * 16 + chars.next()?.1.to_digit(16)?;
                        }
                        char::from_u32(
                            0x10000 + ((code - 0xD800) << 10) + (low.checked_sub(0xDC00)?),
                        )?
                    } else {
                        char::from_u32(code)?
                    }
                }
                _ => return None,
            }
        } else {
            c
        };
        for _ in 0..decoded.len_utf8() {
            at.push(position);
        }
        text.push(decoded);
    }
    at.push(raw.len() as u32 - 1);
    Some((text, at))
}

/// Terraform's template syntax in a string: `${…}` and `%{…}` are values of the deployment
/// (placeholders), `$${` and `%%{` the literal `${` and `%{`. Positions follow the text.
fn interpolate(text: &str, at: &[u32]) -> (String, Vec<u32>) {
    let mut out = String::with_capacity(text.len());
    let mut out_at = Vec::with_capacity(at.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if rest.starts_with("$${") || rest.starts_with("%%{") {
            out.push_str(&rest[1..3]);
            out_at.extend_from_slice(&at[i + 1..i + 3]);
            i += 3;
        } else if rest.starts_with("${") || rest.starts_with("%{") {
            // To the matching `}`: templates nest braces (`${jsonencode({a = 1})}`).
            let mut depth = 0usize;
            let mut end = text.len();
            for (j, b) in bytes[i..].iter().enumerate() {
                match b {
                    b'{' => depth += 1,
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i + j + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let placeholder = iam_policy_check::PLACEHOLDER;
            out.push(placeholder);
            out_at.extend(std::iter::repeat_n(at[i], placeholder.len_utf8()));
            i = end;
        } else {
            let c = rest.chars().next().unwrap_or_default();
            out.push(c);
            out_at.extend_from_slice(&at[i..i + c.len_utf8()]);
            i += c.len_utf8();
        }
    }
    out_at.push(at[text.len()]);
    (out, out_at)
}

/// The tokens of the document in the string literal at `loc` of `file`, located in `file`;
/// with `templates`, Terraform's `${…}` in it are placeholders. `Err` is a finding about the
/// string (not JSON, over a limit), located in `file`.
pub fn tokens(
    file: &str,
    loc: Loc,
    limits: &Limits,
    templates: bool,
) -> Result<(Vec<Token>, Loc), Diagnostic> {
    let raw = file.get(loc.start as usize..loc.end as usize).unwrap_or("");
    let Some((text, at)) = unescape(raw).map(|(text, at)| {
        if templates {
            interpolate(&text, &at)
        } else {
            (text, at)
        }
    }) else {
        return Err(Diagnostic::new(
            iam_policy_check::lint::JSON_SYNTAX_ERROR,
            loc,
            "the policy is not a JSON string",
        ));
    };
    let map = |offset: u32| loc.start + at.get(offset as usize).copied().unwrap_or(0);
    let relocate = |l: Loc| Loc::new(map(l.start), map(l.end).max(map(l.start)));
    let end = relocate(Loc::new(text.len() as u32, text.len() as u32));
    match iam_policy_check::lexer::tokenize(&text, limits) {
        Ok(mut tokens) => {
            for token in &mut tokens {
                token.loc = relocate(token.loc);
            }
            Ok((tokens, end))
        }
        Err(mut diagnostic) => {
            diagnostic.loc = relocate(diagnostic.loc);
            if let Some(fix) = &mut diagnostic.fix {
                fix.loc = relocate(fix.loc);
            }
            Err(diagnostic)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iam_policy_check::json::TokenKind;

    #[test]
    fn positions_map_through_escapes() {
        let file = r#"{"policy": "{\"Effect\":\"allow\",\"x\":\"\u00e9\"}"}"#;
        let start = file.find("\"{").unwrap() as u32;
        let loc = Loc::new(start, file.len() as u32 - 1);
        let (tokens, _) = tokens(file, loc, &Limits::default(), false).unwrap();
        let allow = tokens
            .iter()
            .find(|t| t.kind == TokenKind::String("allow".into()))
            .unwrap();
        assert_eq!(
            &file[allow.loc.start as usize..allow.loc.end as usize],
            r#"\"allow\""#
        );
        let e = tokens
            .iter()
            .find(|t| t.kind == TokenKind::String("é".into()))
            .unwrap();
        assert_eq!(
            &file[e.loc.start as usize..e.loc.end as usize],
            r#"\"\u00e9\""#
        );
    }
}
