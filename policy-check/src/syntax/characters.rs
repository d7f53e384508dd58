//! The characters IAM accepts in a document.

use crate::diagnostic::{Diagnostic, Loc};
use crate::lint;
use crate::suggest;
use crate::swar;
use crate::syntax::json::{shorten, Node, Value};

/// IAM accepts only tab, line feed, carriage return and U+0020 to U+00FF in a document.
pub(crate) fn check(root: &Node, placeholders: bool) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    walk(root, placeholders, &mut found);
    found
}

fn walk(node: &Node, placeholders: bool, found: &mut Vec<Diagnostic>) {
    fn check(text: &str, loc: Loc, placeholders: bool, found: &mut Vec<Diagnostic>) {
        // Printable ASCII, the usual text, is accepted without decoding characters.
        if swar::none(text.as_bytes(), |w| swar::below(w, 0x20) | swar::high(w)) {
            return;
        }
        let accepted = |c: char| {
            matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{ff}')
                || (placeholders && c == crate::PLACEHOLDER)
        };
        if let Some(bad) = text.chars().find(|c| !accepted(*c)) {
            let error = Diagnostic::new(
                lint::INVALID_CHARACTER,
                loc,
                format!(
                    "`{}` contains the character `{}` (U+{:04X}): IAM accepts only tab, line breaks and U+0020 to U+00FF",
                    shorten(text),
                    bad,
                    bad as u32
                ),
            );
            found.push(match suggest::ascii_lookalike(bad) {
                Some(ascii) => error.with_help(format!("write `{ascii}` instead of `{bad}`")),
                None => error,
            });
        }
    }
    match &node.value {
        Value::String(s) => check(s, node.loc, placeholders, found),
        Value::Array(items) => items.iter().for_each(|i| walk(i, placeholders, found)),
        Value::Object(members) => {
            for member in members {
                check(&member.key, member.key_loc, placeholders, found);
                walk(&member.value, placeholders, found);
            }
        }
        _ => {}
    }
}
