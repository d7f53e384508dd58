//! The state of one grammar pass: what it is told of the document, the findings so far, and
//! the names it read for the checks.

use std::collections::HashMap;

use iam_policy_core::Version;

use crate::diagnostic::{Diagnostic, Loc};
use crate::grammar::document::Spanned;
use crate::grammar::names::{Name, Vocabulary};
use crate::lint;
use crate::suggest::closest;
use crate::syntax::json::{shorten, Member, Node, Value};
use crate::PolicyKind;

/// What the grammar is told of the document.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Settings {
    /// The policy kind, which changes the grammar (`Principal`, `Resource`, `Sid`).
    pub kind: PolicyKind,
    /// Whether [`crate::PLACEHOLDER`] stands for values a template fills in.
    pub placeholders: bool,
}

/// The state of one grammar pass: its settings, the findings so far, and the names read.
pub(crate) struct Reader<'v, 'n> {
    pub settings: Settings,
    /// The names the grammar cannot judge itself, asked for fixes of its errors.
    pub vocabulary: &'v dyn Vocabulary,
    /// The names read, in document order, for the checks.
    pub names: Vec<Name<'n>>,
    pub diagnostics: Vec<Diagnostic>,
    /// How many of `diagnostics` are hard errors.
    hard_errors: usize,
    /// The version in force, once known.
    pub version: Version,
    /// Whether `Version` was written.
    pub version_written: bool,
    /// The first location of each non-empty `Sid` seen so far, to report duplicates.
    pub sids: HashMap<String, Loc>,
}

impl<'v, 'n> Reader<'v, 'n> {
    /// The state of a new check: no findings, the version not yet known (`2008-10-17`).
    pub fn new(settings: Settings, vocabulary: &'v dyn Vocabulary) -> Self {
        Reader {
            settings,
            vocabulary,
            names: Vec::new(),
            diagnostics: Vec::new(),
            hard_errors: 0,
            version: Version::V2008_10_17,
            version_written: false,
            sids: HashMap::new(),
        }
    }

    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.hard_errors += usize::from(diagnostic.is_hard());
        self.diagnostics.push(diagnostic);
    }

    /// How many hard errors were reported so far: an element with one cannot be kept, while
    /// one with findings of other levels is kept as written (a level setting may allow them).
    /// Constant time (kept by [`Reader::report`]): callers compare the count before and after
    /// reading each element.
    pub fn hard_errors(&self) -> usize {
        self.hard_errors
    }

    /// Reports a wrong JSON type of the element `element` and returns `None`.
    pub fn mismatch<T>(&mut self, node: &Node, element: &str, expected: &str) -> Option<T> {
        self.mismatch_of(node, &format!("`{element}`"), expected)
    }

    /// Reports a wrong JSON type of `what` (written as it reads in a sentence: "`Sid`",
    /// "each statement") and returns `None`.
    pub fn mismatch_of<T>(&mut self, node: &Node, what: &str, expected: &str) -> Option<T> {
        self.report(Diagnostic::new(
            lint::DATA_TYPE_MISMATCH,
            node.loc,
            format!(
                "{what} must be {expected}, found {}",
                node.value.type_name()
            ),
        ));
        None
    }

    /// A string value, or a `DATA_TYPE_MISMATCH`.
    pub fn string(&mut self, node: &Node, element: &str) -> Option<Spanned<String>> {
        match &node.value {
            Value::String(s) => Some(Spanned {
                value: s.clone(),
                loc: node.loc,
            }),
            _ => self.mismatch(node, element, "a string"),
        }
    }

    /// A string or a non-empty array of strings.
    pub fn string_list(
        &mut self,
        node: &Node,
        element: &str,
        empty_code: lint::Code,
    ) -> Option<Vec<Spanned<String>>> {
        match &node.value {
            Value::String(s) => Some(vec![Spanned {
                value: s.clone(),
                loc: node.loc,
            }]),
            Value::Array(items) if items.is_empty() => {
                self.report(Diagnostic::new(
                    empty_code,
                    node.loc,
                    format!("`{element}` is an empty array: the statement can never apply"),
                ));
                None
            }
            Value::Array(items) => {
                let strings: Vec<_> = items
                    .iter()
                    .filter_map(|item| match &item.value {
                        Value::String(s) => Some(Spanned {
                            value: s.clone(),
                            loc: item.loc,
                        }),
                        _ => self.mismatch_of(
                            item,
                            &format!("each entry of `{element}`"),
                            "a string",
                        ),
                    })
                    .collect();
                (strings.len() == items.len()).then_some(strings)
            }
            _ => self.mismatch(node, element, "a string or an array of strings"),
        }
    }

    /// The members of an object under their canonical names: unknown names are reported (with
    /// a fix when one is close) and, when a fix exists, read as the element they were meant to
    /// be, so a typo does not also cause a "missing element" error. Duplicates are reported and
    /// only the first is kept.
    pub fn members<'m>(
        &mut self,
        members: &'m [Member],
        known: &[&'static str],
        place: &str,
    ) -> Vec<(&'static str, &'m Member)> {
        let mut seen: Vec<(&'static str, &'m Member)> = Vec::new();
        for member in members {
            let name = match known.iter().find(|k| **k == member.key) {
                Some(name) => *name,
                None => {
                    let mut error = Diagnostic::new(
                        lint::INVALID_POLICY_ELEMENT,
                        member.key_loc,
                        format!("unknown element `{}` in {place}", shorten(&member.key)),
                    );
                    let guess = closest(&member.key, known.iter().copied());
                    error = match guess {
                        Some(guess) => error.with_fix(member.key_loc, guess),
                        None => {
                            error.with_help(format!("the elements of {place} are {}", list(known)))
                        }
                    };
                    self.report(error);
                    match guess.and_then(|g| known.iter().copied().find(|k| *k == g)) {
                        Some(name) => name,
                        None => continue,
                    }
                }
            };
            if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
                self.report(
                    Diagnostic::new(
                        lint::DUPLICATE_KEY,
                        member.key_loc,
                        format!("duplicate element `{name}` in {place}"),
                    )
                    .with_related(first.key_loc, "first defined here")
                    .with_help("IAM rejects a document with duplicate keys; keep one"),
                );
                continue;
            }
            seen.push((name, member));
        }
        seen
    }
}

/// The names of a list, each in backticks.
pub(crate) fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
