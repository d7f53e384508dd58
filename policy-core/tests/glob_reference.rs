//! The wildcard matcher agrees with a straightforward reference built on `regex`.
//!
//! Patterns of `*`, `?`, policy variables and literal text (regex metacharacters, non-ASCII,
//! characters whose Unicode case folding differs from ASCII's) are put in hand-built tables,
//! both as a general glob and in the simple form lowering would choose (exact, prefix,
//! suffix), and matched as an action (ASCII case-insensitive) and as the resource part of an
//! ARN (case-sensitive), through `Policy::evaluate`.

use iam_policy_core::tables::{
    Pattern, PatternKind, Piece, Polarity, PolicyTables, ResourcePattern, Run, Shortcut, Statement,
    Str, Traits,
};
use iam_policy_core::{Context, ContextValue, Effect, Policy, Request, Version};
use proptest::prelude::*;

/// A piece of a generated pattern.
#[derive(Clone, Debug)]
enum Tok {
    Star,
    Quest,
    Lit(String),
    /// `${v0}` (in the context), `${v1, 'dé'}` (absent: its default), `${v2}` (absent, no
    /// default: matches nothing).
    Var(u8),
}

const ALPHABET: &[char] = &[
    'a', 'b', 'A', 'B', '.', '+', '(', ')', '[', ']', '$', '^', '\\', '|', '{', '}', ':', '/', 'é',
    'É', 'ß', '日', '🦀', '\u{212A}', 'k', 'K', '\n',
];

fn alphabet_char() -> impl Strategy<Value = char> {
    proptest::sample::select(ALPHABET)
}

fn short_text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(alphabet_char(), 0..max).prop_map(|c| c.into_iter().collect())
}

fn tok(variables: bool) -> impl Strategy<Value = Tok> {
    let var_weight = if variables { 1 } else { 0 };
    prop_oneof![
        3 => Just(Tok::Star),
        2 => Just(Tok::Quest),
        5 => short_text(4).prop_filter("non-empty", |s| !s.is_empty()).prop_map(Tok::Lit),
        var_weight => (0u8..3).prop_map(Tok::Var),
    ]
}

/// The context the variables are resolved from.
const VALUE: &str = "x*y?日";
const DEFAULT: &str = "dé";

/// The reference: the pattern as an anchored regex, every literal escaped.
fn reference(toks: &[Tok], text: &str, ignore_ascii_case: bool) -> bool {
    let fold = |s: &str| {
        if ignore_ascii_case {
            s.to_ascii_lowercase()
        } else {
            s.to_string()
        }
    };
    let mut regex = String::from("(?s)^");
    for tok in toks {
        match tok {
            Tok::Star => regex.push_str(".*"),
            Tok::Quest => regex.push('.'),
            Tok::Lit(s) => regex.push_str(&regex::escape(&fold(s))),
            Tok::Var(0) => regex.push_str(&regex::escape(&fold(VALUE))),
            Tok::Var(1) => regex.push_str(&regex::escape(&fold(DEFAULT))),
            Tok::Var(_) => return false,
        }
    }
    regex.push('$');
    regex::Regex::new(&regex).unwrap().is_match(&fold(text))
}

/// Tables for one pattern, built by hand.
struct Tables {
    pool: String,
    pieces: Vec<Piece>,
    patterns: Vec<Pattern>,
    resources: Vec<ResourcePattern>,
    statements: Vec<Statement>,
    unindexed: Vec<u32>,
}

impl Tables {
    fn str(&mut self, text: &str) -> Str {
        let s = Str {
            start: self.pool.len() as u32,
            len: text.len() as u32,
        };
        self.pool.push_str(text);
        s
    }

    /// The pattern as a glob, or (`simple`) in the form lowering gives it when it has one.
    fn pattern(&mut self, toks: &[Tok], simple: bool) -> Pattern {
        let lits: Option<Vec<&str>> = toks
            .iter()
            .map(|t| match t {
                Tok::Lit(s) => Some(s.as_str()),
                _ => None,
            })
            .collect();
        if simple {
            let kind_text = match toks {
                [Tok::Star] => Some((PatternKind::Any, String::new())),
                [Tok::Star, rest @ ..] if !rest.is_empty() && lits_of(rest).is_some() => {
                    Some((PatternKind::Suffix, lits_of(rest).unwrap()))
                }
                [rest @ .., Tok::Star] if !rest.is_empty() && lits_of(rest).is_some() => {
                    Some((PatternKind::Prefix, lits_of(rest).unwrap()))
                }
                _ => lits.map(|l| (PatternKind::Exact, l.concat())),
            };
            if let Some((kind, text)) = kind_text {
                let text = self.str(&text);
                return Pattern {
                    kind,
                    text,
                    pieces: Run::EMPTY,
                };
            }
        }
        let start = self.pieces.len() as u32;
        for tok in toks {
            let piece = match tok {
                Tok::Star => Piece::AnyRun,
                Tok::Quest => Piece::AnyChar,
                Tok::Lit(s) => Piece::Literal(self.str(s)),
                Tok::Var(n) => {
                    let key = self.str(&format!("v{n}"));
                    let default = (*n == 1).then(|| self.str(DEFAULT));
                    Piece::Variable { key, default }
                }
            };
            self.pieces.push(piece);
        }
        Pattern {
            kind: PatternKind::Glob,
            text: Str { start: 0, len: 0 },
            pieces: Run {
                start,
                len: toks.len() as u32,
            },
        }
    }

    fn policy(&self) -> Policy<'_> {
        let tables = PolicyTables {
            name: None,
            version: Version::V2012_10_17,
            pool: &self.pool,
            statements: &self.statements,
            services: &[],
            service_statements: &[],
            exact_names: &[],
            action_filter: 0,
            unindexed: &self.unindexed,
            patterns: &self.patterns,
            pieces: &self.pieces,
            resources: &self.resources,
            principals: &[],
            conditions: &[],
            values: &[],
            traits: Traits::NONE,
        };
        Policy::from_tables(PolicyTables {
            traits: Traits::of(&tables),
            ..tables
        })
    }
}

fn lits_of(toks: &[Tok]) -> Option<String> {
    toks.iter()
        .map(|t| match t {
            Tok::Lit(s) => Some(s.as_str()),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()
        .map(|l| l.concat())
}

fn tables() -> Tables {
    Tables {
        pool: String::new(),
        pieces: Vec::new(),
        patterns: Vec::new(),
        resources: Vec::new(),
        statements: Vec::new(),
        unindexed: vec![0],
    }
}

fn allow(actions: Run, resources: Option<Run>) -> Statement {
    Statement {
        sid: None,
        effect: Effect::Allow,
        action_polarity: Polarity::Listed,
        actions,
        resource_polarity: resources.map(|_| Polarity::Listed),
        resources: resources.unwrap_or(Run::EMPTY),
        principal_polarity: None,
        principals: Run::EMPTY,
        conditions: Run::EMPTY,
        shortcut: Shortcut::None,
    }
}

/// Whether `text` matches the pattern as an action (case-insensitive).
fn action_matches(toks: &[Tok], text: &str, simple: bool) -> bool {
    let mut t = tables();
    let pattern = t.pattern(toks, simple);
    t.patterns.push(pattern);
    t.statements.push(allow(Run { start: 0, len: 1 }, None));
    t.policy().evaluate(&Request::new(text, "*")).is_allowed()
}

/// Whether `text` matches the pattern as the resource part of an ARN (case-sensitive), with
/// the variable `v0` in the context.
fn resource_matches(toks: &[Tok], text: &str, simple: bool) -> bool {
    let mut t = tables();
    let any = t.pattern(&[Tok::Star], true);
    let field = t.pattern(toks, simple);
    t.patterns.push(any);
    t.resources
        .push(ResourcePattern::Arn([any, any, any, any, field]));
    t.statements.push(allow(
        Run { start: 0, len: 1 },
        Some(Run { start: 0, len: 1 }),
    ));
    let context = [("V0", ContextValue::String(VALUE))];
    let resource = format!("arn:aws:s3:::{text}");
    let request = Request::new("s3:GetObject", &resource).with_context(Context::new(&context));
    t.policy().evaluate(&request).is_allowed()
}

/// A text that often matches: the pattern with each wildcard filled in, sometimes changed.
fn text_for(toks: &[Tok], fills: &[String], flip_case: bool) -> String {
    let mut out = String::new();
    let mut fill = fills.iter().cycle();
    for tok in toks {
        match tok {
            Tok::Star => out.push_str(fill.next().map_or("", String::as_str)),
            Tok::Quest => out.push(fill.next().and_then(|f| f.chars().next()).unwrap_or('日')),
            Tok::Lit(s) if flip_case => out.extend(s.chars().map(|c| {
                if c.is_ascii_lowercase() {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })),
            Tok::Lit(s) => out.push_str(s),
            Tok::Var(0) => out.push_str(VALUE),
            Tok::Var(_) => out.push_str(DEFAULT),
        }
    }
    out
}

fn case() -> impl Strategy<Value = (Vec<Tok>, String)> {
    (
        proptest::collection::vec(tok(false), 1..8),
        proptest::collection::vec(short_text(5), 1..4),
        any::<bool>(),
        short_text(12),
        0..3u8,
    )
        .prop_map(|(toks, fills, flip, random, how)| {
            let text = match how {
                0 => random,
                1 => text_for(&toks, &fills, flip),
                _ => {
                    let mut t = text_for(&toks, &fills, flip);
                    t.pop();
                    t
                }
            };
            (toks, text)
        })
}

fn resource_case() -> impl Strategy<Value = (Vec<Tok>, String)> {
    (
        proptest::collection::vec(tok(true), 1..8),
        proptest::collection::vec(short_text(5), 1..4),
        short_text(12),
        any::<bool>(),
    )
        .prop_map(|(toks, fills, random, use_random)| {
            let text = if use_random {
                random
            } else {
                text_for(&toks, &fills, false)
            };
            (toks, text)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn actions_match_as_the_reference_ignoring_ascii_case((toks, text) in case()) {
        let expected = reference(&toks, &text, true);
        prop_assert_eq!(action_matches(&toks, &text, false), expected, "glob");
        prop_assert_eq!(action_matches(&toks, &text, true), expected, "simple form");
    }

    #[test]
    fn resources_match_as_the_reference_with_case((toks, text) in resource_case()) {
        let expected = reference(&toks, &text, false);
        prop_assert_eq!(resource_matches(&toks, &text, false), expected, "glob");
        prop_assert_eq!(resource_matches(&toks, &text, true), expected, "simple form");
    }
}

#[test]
fn examples_of_the_reference_itself() {
    let star_b = [Tok::Star, Tok::Lit("b".into())];
    assert!(reference(&star_b, "aab", false));
    assert!(!reference(&star_b, "aaB", false));
    assert!(reference(&star_b, "aaB", true));
    let kelvin = [Tok::Lit("\u{212A}".into())];
    assert!(!reference(&kelvin, "k", true), "only ASCII letters fold");
    assert!(!action_matches(&kelvin, "k", false));
    let unset = [Tok::Var(2)];
    assert!(!resource_matches(&unset, "", false));
    assert!(!resource_matches(&unset, DEFAULT, false));
}
