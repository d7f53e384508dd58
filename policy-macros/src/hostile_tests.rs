//! Hostile input through the macro's front-end: the seed policies, every AWS managed policy
//! (when `../shared/corpus/aws-managed` exists) and thousands of mutants of them (Rust tokens
//! deleted, duplicated, swapped, replaced by odd literals, groups re-delimited) go through
//! `Tokens::from_stream`, `iam_policy_check::check_tokens` and the whole `policy!` expansion.
//! Each must come back with findings or tables; a panic fails the test.

use std::path::{Path, PathBuf};

use iam_policy_check::{check_tokens, Options, PolicyKind};
use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::quote;

use crate::expand::{expand_policy, Invocation};
use crate::tokens::Tokens;

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Strings that have broken checkers before, or might.
const ODD_STRINGS: &[&str] = &[
    "",
    "*",
    "?",
    "**",
    "*?*",
    "${",
    "${}",
    "${aws:username",
    "${aws:username, 'x}",
    "${*}${?}${$}",
    "arn:",
    "arn:aws",
    "arn:aws:s3:::",
    "arn:aws:s3:::*",
    "arn:*:*:*:*:*",
    ":::::",
    "s3:",
    ":GetObject",
    "s3:*:*",
    "Allow",
    "Deny",
    "allow",
    "2012-10-17",
    "2008-10-17",
    "Statement",
    "Effect",
    "Condition",
    "Principal",
    "NotAction",
    "NotResource",
    "é",
    "\u{2019}",
    "🦀",
    "\u{0}",
    "\t\n\r",
    "\\u0000",
    "a\"b",
];

fn odd_tree(rng: &mut Rng) -> TokenTree {
    let span = Span::call_site();
    match rng.below(14) {
        0..=4 => {
            let text = ODD_STRINGS[rng.below(ODD_STRINGS.len())];
            TokenTree::Literal(Literal::string(text))
        }
        5 => TokenTree::Literal(Literal::string(&"a*".repeat(rng.below(3000)))),
        6 => TokenTree::Literal(Literal::u64_unsuffixed(rng.next())),
        7 => TokenTree::Literal(Literal::f64_unsuffixed(f64::from_bits(
            rng.next() & 0x7FEF_FFFF_FFFF_FFFF,
        ))),
        8 => TokenTree::Literal(Literal::u8_suffixed(rng.below(256) as u8)),
        9 => TokenTree::Literal(match rng.below(4) {
            0 => Literal::character('x'),
            1 => Literal::byte_string(b"bytes"),
            2 => "r\"raw\"".parse().expect("a raw string literal"),
            _ => "1e400".parse().expect("a float literal"),
        }),
        10 => {
            let words = [
                "true", "false", "null", "True", "None", "Allow", "r#type", "_",
            ];
            let word = words[rng.below(words.len())];
            TokenTree::Ident(match word.strip_prefix("r#") {
                Some(raw) => Ident::new_raw(raw, span),
                None => Ident::new(word, span),
            })
        }
        11 => {
            let puncts = [':', ',', '-', '\'', '#', '+', '=', '!', ';', '.'];
            let spacing = if rng.below(2) == 0 {
                Spacing::Alone
            } else {
                Spacing::Joint
            };
            TokenTree::Punct(Punct::new(puncts[rng.below(puncts.len())], spacing))
        }
        12 => TokenTree::Group(Group::new(Delimiter::Parenthesis, TokenStream::new())),
        _ => TokenTree::Group(Group::new(
            Delimiter::None,
            TokenStream::from(TokenTree::Literal(Literal::string("*"))),
        )),
    }
}

/// One random change somewhere in `stream`.
fn mutate(stream: TokenStream, rng: &mut Rng) -> TokenStream {
    let mut trees: Vec<TokenTree> = stream.into_iter().collect();
    // Descend into a group half of the time, if there is one.
    let groups: Vec<usize> = (0..trees.len())
        .filter(|&i| matches!(trees[i], TokenTree::Group(_)))
        .collect();
    if !groups.is_empty() && rng.below(2) == 0 {
        let at = groups[rng.below(groups.len())];
        if let TokenTree::Group(group) = &trees[at] {
            let delimiter = group.delimiter();
            let inner = mutate(group.stream(), rng);
            trees[at] = TokenTree::Group(Group::new(delimiter, inner));
        }
        return trees.into_iter().collect();
    }
    let len = trees.len();
    match rng.below(6) {
        0 if len > 0 => {
            trees.remove(rng.below(len));
        }
        1 if len > 0 => {
            let at = rng.below(len);
            let copy = trees[at].clone();
            trees.insert(at, copy);
        }
        2 if len > 1 => {
            let (a, b) = (rng.below(len), rng.below(len));
            trees.swap(a, b);
        }
        3 if len > 0 => {
            let at = rng.below(len);
            trees[at] = odd_tree(rng);
        }
        4 if !groups.is_empty() => {
            let at = groups[rng.below(groups.len())];
            if let TokenTree::Group(group) = &trees[at] {
                let delimiters = [
                    Delimiter::Brace,
                    Delimiter::Bracket,
                    Delimiter::Parenthesis,
                    Delimiter::None,
                ];
                let delimiter = delimiters[rng.below(delimiters.len())];
                trees[at] = TokenTree::Group(Group::new(delimiter, group.stream()));
            }
        }
        _ => {
            let at = rng.below(len + 1);
            trees.insert(at, odd_tree(rng));
        }
    }
    trees.into_iter().collect()
}

/// Runs one document through the front-end, the checker (as an identity and as a
/// resource-based policy) and the expansion.
fn front_end(stream: TokenStream) {
    front_end_as(stream, &[PolicyKind::Identity, PolicyKind::Resource], true);
}

fn front_end_as(stream: TokenStream, kinds: &[PolicyKind], expand: bool) {
    let tokens = Tokens::from_stream(stream.clone());
    for &kind in kinds {
        let options = Options::default().with_kind(kind);
        let checked = check_tokens(&tokens.tokens, tokens.end(), &options);
        assert_eq!(checked.tables.is_some(), !checked.has_errors());
        for diagnostic in &checked.diagnostics {
            let _ = tokens.spans(diagnostic.loc);
            if let Some(fix) = &diagnostic.fix {
                let _ = tokens.spans(fix.loc);
            }
        }
    }
    if !expand {
        return;
    }
    // `#[allow(…)]` in front of the document is read here; a malformed one is an error.
    let expansion = match Invocation::parse(quote!(::policy; identity; #stream)) {
        Ok(invocation) => expand_policy(&invocation),
        Err(error) => error,
    };
    assert!(!expansion.is_empty(), "an expansion is never empty");
}

fn policies_in(dir: &Path) -> Vec<(PathBuf, String)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .filter_map(|p| Some((p.clone(), std::fs::read_to_string(&p).ok()?)))
        .collect()
}

/// The policies as Rust tokens; JSON that is not Rust tokens (a `\/` escape) is skipped: rustc
/// refuses it before the macro runs.
fn streams(policies: &[(PathBuf, String)]) -> Vec<TokenStream> {
    policies
        .iter()
        .filter_map(|(_, text)| text.parse::<TokenStream>().ok())
        .collect()
}

fn seeds() -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds/check_text");
    let seeds = policies_in(&dir);
    assert!(
        seeds.len() >= 5,
        "the seed policies are in {}",
        dir.display()
    );
    seeds
}

#[test]
fn seed_policies_and_their_mutants_never_panic() {
    let streams = streams(&seeds());
    let mut rng = Rng(0x5EED_0001);
    let mut mutants = 0;
    for stream in &streams {
        front_end(stream.clone());
        for _ in 0..300 {
            let mut mutant = stream.clone();
            for _ in 0..=rng.below(4) {
                mutant = mutate(mutant, &mut rng);
            }
            front_end(mutant);
            mutants += 1;
        }
    }
    assert!(mutants >= 5_000, "{mutants} mutants");
}

#[test]
fn nothing_and_odd_single_tokens_never_panic() {
    front_end(TokenStream::new());
    let mut rng = Rng(0x0DD);
    for _ in 0..500 {
        front_end(TokenStream::from(odd_tree(&mut rng)));
    }
}

/// Every AWS managed policy through the front-end and the checker, and a mutant of every
/// fourth through the whole expansion, when the shared corpus is present (fewer expansions
/// keep the test fast: an unoptimized expansion of a large policy takes tens of milliseconds).
#[test]
fn corpus_policies_and_their_mutants_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/aws-managed");
    let policies = policies_in(&dir);
    if policies.is_empty() {
        eprintln!("skipped: no corpus at {}", dir.display());
        return;
    }
    let streams = streams(&policies);
    assert!(
        streams.len() * 10 >= policies.len() * 9,
        "most policies are Rust tokens"
    );
    let mut rng = Rng(0xC0_4205);
    for (i, stream) in streams.iter().enumerate() {
        front_end_as(stream.clone(), &[PolicyKind::Identity], false);
        if i % 4 == 0 {
            front_end_as(
                mutate(stream.clone(), &mut rng),
                &[PolicyKind::Identity],
                true,
            );
        }
    }
}
