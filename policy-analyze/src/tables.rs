//! Reading a policy's evaluator tables: pattern text as automata, statements as comparable
//! text. The tables are what the evaluator decides with, so the analysis reads the policy
//! exactly as it is applied (lowercased actions, split ARNs, parsed condition values).

use iam_policy_core::tables::{
    Condition, ConditionValue, Pattern, PatternKind, Piece, Polarity, PrincipalPattern,
    ResourcePattern, Run, Statement, Str,
};
use iam_policy_core::Policy;

use crate::automaton::{Glob, Token};

/// The text of a pool string (empty when out of range, as the evaluator reads it).
pub(crate) fn text<'a>(policy: &Policy<'a>, s: Str) -> &'a str {
    let start = s.start as usize;
    policy
        .tables()
        .pool
        .get(start..start.saturating_add(s.len as usize))
        .unwrap_or("")
}

/// Reads `run` out of `table` (empty when out of range).
pub(crate) fn slice<T>(table: &[T], run: Run) -> &[T] {
    let start = run.start as usize;
    table
        .get(start..start.saturating_add(run.len as usize))
        .unwrap_or(&[])
}

/// Where policy variables get their values: the request's value of a single-valued key.
pub(crate) trait Resolve {
    /// The value of lowercase `key`, if the request has one the evaluator would substitute.
    fn value(&self, key: &str) -> Option<&str>;

    /// Whether a variable stands for any text instead (its pattern then matches what it matches
    /// under every value, and more).
    fn any_text(&self) -> bool {
        false
    }
}

/// No variable has a value.
pub(crate) struct Unresolved;

impl Resolve for Unresolved {
    fn value(&self, _key: &str) -> Option<&str> {
        None
    }
}

/// Every variable is any text: a pattern read with it matches a superset of what it matches
/// under any values.
pub(crate) struct AnyText;

impl Resolve for AnyText {
    fn value(&self, _key: &str) -> Option<&str> {
        None
    }

    fn any_text(&self) -> bool {
        true
    }
}

/// Appends a pattern's tokens to `glob`; a variable without a value (nor a default) makes the
/// pattern match nothing, as in the evaluator.
pub(crate) fn append_pattern(
    glob: &mut Glob,
    policy: &Policy<'_>,
    pattern: &Pattern,
    in_field: bool,
    vars: &dyn Resolve,
) {
    let literal = text(policy, pattern.text);
    match pattern.kind {
        PatternKind::Any => glob.push(Token::Star, in_field),
        PatternKind::Exact => glob.text(literal, in_field),
        PatternKind::Prefix => {
            glob.text(literal, in_field);
            glob.push(Token::Star, in_field);
        }
        PatternKind::Suffix => {
            glob.push(Token::Star, in_field);
            glob.text(literal, in_field);
        }
        PatternKind::Glob => {
            for piece in slice(policy.tables().pieces, pattern.pieces) {
                match *piece {
                    Piece::Literal(s) => glob.text(text(policy, s), in_field),
                    Piece::AnyRun => glob.push(Token::Star, in_field),
                    Piece::AnyChar => glob.push(Token::One, in_field),
                    Piece::Variable { .. } if vars.any_text() => glob.push(Token::Star, in_field),
                    Piece::Variable { key, default } => {
                        match vars
                            .value(text(policy, key))
                            .or_else(|| default.map(|d| text(policy, d)))
                        {
                            Some(value) => glob.text(value, in_field),
                            None => glob.kill(),
                        }
                    }
                }
            }
        }
    }
}

/// A pattern on its own.
pub(crate) fn pattern_glob(
    policy: &Policy<'_>,
    pattern: &Pattern,
    ignore_case: bool,
    vars: &dyn Resolve,
) -> Glob {
    let mut glob = Glob::new(ignore_case);
    append_pattern(&mut glob, policy, pattern, false, vars);
    glob
}

/// A resource pattern: `*`, an exact ARN, or `arn:` and five fields (colons never matched by
/// the wildcards of the first four).
pub(crate) fn resource_glob(
    policy: &Policy<'_>,
    pattern: &ResourcePattern,
    vars: &dyn Resolve,
) -> Glob {
    let mut glob = Glob::new(false);
    match pattern {
        ResourcePattern::Any => glob.push(Token::Star, false),
        ResourcePattern::Exact(arn) => glob.text(text(policy, *arn), false),
        ResourcePattern::LiteralHead(head, rest) => {
            glob.text(text(policy, *head), false);
            append_pattern(&mut glob, policy, rest, false, vars);
        }
        ResourcePattern::Arn(fields) => {
            glob.text("arn:", false);
            for field in &fields[..4] {
                append_pattern(&mut glob, policy, field, true, vars);
                glob.text(":", false);
            }
            append_pattern(&mut glob, policy, &fields[4], false, vars);
        }
    }
    glob
}

/// The keys of the variables in a pattern.
fn pattern_variables<'a>(policy: &Policy<'a>, pattern: &Pattern, out: &mut Vec<&'a str>) {
    if pattern.kind == PatternKind::Glob {
        for piece in slice(policy.tables().pieces, pattern.pieces) {
            if let Piece::Variable { key, .. } = piece {
                out.push(text(policy, *key));
            }
        }
    }
}

fn resource_variables<'a>(policy: &Policy<'a>, pattern: &ResourcePattern, out: &mut Vec<&'a str>) {
    match pattern {
        ResourcePattern::Arn(fields) => {
            for field in fields {
                pattern_variables(policy, field, out);
            }
        }
        ResourcePattern::LiteralHead(_, rest) => pattern_variables(policy, rest, out),
        ResourcePattern::Any | ResourcePattern::Exact(_) => {}
    }
}

/// Whether a resource pattern holds policy variables.
pub(crate) fn resource_has_variables(policy: &Policy<'_>, pattern: &ResourcePattern) -> bool {
    let mut out = Vec::new();
    resource_variables(policy, pattern, &mut out);
    !out.is_empty()
}

/// Whether a condition entry's values hold policy variables.
pub(crate) fn condition_has_variables(policy: &Policy<'_>, condition: &Condition) -> bool {
    let mut out = Vec::new();
    for value in slice(policy.tables().values, condition.values) {
        match value {
            ConditionValue::Text(p) => pattern_variables(policy, p, &mut out),
            ConditionValue::Arn(p) => resource_variables(policy, p, &mut out),
            _ => {}
        }
    }
    !out.is_empty()
}

/// The keys of the policy variables in a statement's resources and condition values.
pub(crate) fn statement_variables<'a>(policy: &Policy<'a>, statement: &Statement) -> Vec<&'a str> {
    let mut out = Vec::new();
    for pattern in slice(policy.tables().resources, statement.resources) {
        resource_variables(policy, pattern, &mut out);
    }
    for condition in slice(policy.tables().conditions, statement.conditions) {
        for value in slice(policy.tables().values, condition.values) {
            match value {
                ConditionValue::Text(p) => pattern_variables(policy, p, &mut out),
                ConditionValue::Arn(p) => resource_variables(policy, p, &mut out),
                _ => {}
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The literal pieces of a statement's resource patterns, cut at `/` and `:`: values worth
/// trying for a policy variable.
pub(crate) fn resource_words(policy: &Policy<'_>, statement: &Statement, out: &mut Vec<String>) {
    let mut add = |s: &str| {
        for word in s.split(['/', ':', '*', '?']) {
            if !word.is_empty() && !out.iter().any(|w| w == word) {
                out.push(word.to_string());
            }
        }
    };
    for pattern in slice(policy.tables().resources, statement.resources) {
        match pattern {
            ResourcePattern::Any => {}
            ResourcePattern::Exact(s) => add(text(policy, *s)),
            ResourcePattern::LiteralHead(head, rest) => {
                add(text(policy, *head));
                add_pattern_words(policy, rest, &mut add);
            }
            ResourcePattern::Arn(fields) => {
                for field in fields {
                    add_pattern_words(policy, field, &mut add);
                }
            }
        }
    }
}

/// Passes the literal text of a pattern to `add`.
fn add_pattern_words(policy: &Policy<'_>, pattern: &Pattern, add: &mut impl FnMut(&str)) {
    add(text(policy, pattern.text));
    for piece in slice(policy.tables().pieces, pattern.pieces) {
        if let Piece::Literal(s) = piece {
            add(text(policy, *s));
        }
    }
}

/// A statement as text that two policies share exactly when the statements are the same (the
/// `Sid` aside): what lets identical statements of two policies cancel out.
pub(crate) fn canonical(policy: &Policy<'_>, statement: &Statement) -> String {
    canonical_with(policy, statement, true)
}

/// [`canonical`] without the action patterns (their polarity kept): two statements with the
/// same text but for their `Action` lists.
pub(crate) fn canonical_but_actions(policy: &Policy<'_>, statement: &Statement) -> String {
    canonical_with(policy, statement, false)
}

/// Each action pattern of a statement as comparable text.
pub(crate) fn action_texts(policy: &Policy<'_>, statement: &Statement) -> Vec<String> {
    slice(policy.tables().patterns, statement.actions)
        .iter()
        .map(|p| {
            let mut out = String::new();
            pattern_text(policy, p, &mut out);
            out
        })
        .collect()
}

fn canonical_with(policy: &Policy<'_>, statement: &Statement, actions: bool) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = write!(
        out,
        "{:?} {:?}[",
        statement.effect, statement.action_polarity
    );
    if actions {
        for p in slice(policy.tables().patterns, statement.actions) {
            pattern_text(policy, p, &mut out);
            out.push(',');
        }
    }
    let _ = write!(out, "] {:?}[", statement.resource_polarity);
    for r in slice(policy.tables().resources, statement.resources) {
        resource_text(policy, r, &mut out);
        out.push(',');
    }
    let _ = write!(out, "] {:?}[", statement.principal_polarity);
    for p in slice(policy.tables().principals, statement.principals) {
        let (kind, s) = match p {
            PrincipalPattern::Anyone => ("*", None),
            PrincipalPattern::Account(s) => ("account", Some(s)),
            PrincipalPattern::Aws(s) => ("aws", Some(s)),
            PrincipalPattern::Service(s) => ("service", Some(s)),
            PrincipalPattern::Federated(s) => ("federated", Some(s)),
            PrincipalPattern::CanonicalUser(s) => ("canonical", Some(s)),
        };
        let _ = write!(out, "{kind}={:?},", s.map(|s| text(policy, *s)));
    }
    out.push_str("] [");
    for condition in slice(policy.tables().conditions, statement.conditions) {
        condition_text(policy, condition, &mut out);
        out.push(';');
    }
    out.push(']');
    out
}

fn condition_text(policy: &Policy<'_>, condition: &Condition, out: &mut String) {
    use std::fmt::Write;
    let _ = write!(
        out,
        "{:?} {:?} {} {:?}(",
        condition.operator,
        condition.qualifier,
        condition.if_exists,
        text(policy, condition.key)
    );
    for value in slice(policy.tables().values, condition.values) {
        match value {
            ConditionValue::Text(p) => pattern_text(policy, p, out),
            ConditionValue::Arn(r) => resource_text(policy, r, out),
            ConditionValue::Binary(s) => {
                let _ = write!(out, "bin{:?}", text(policy, *s));
            }
            other => {
                let _ = write!(out, "{other:?}");
            }
        }
        out.push(',');
    }
    out.push(')');
}

fn pattern_text(policy: &Policy<'_>, pattern: &Pattern, out: &mut String) {
    use std::fmt::Write;
    let literal = text(policy, pattern.text);
    let _ = match pattern.kind {
        PatternKind::Any => write!(out, "<*>"),
        PatternKind::Exact => write!(out, "{literal:?}"),
        PatternKind::Prefix => write!(out, "{literal:?}<*>"),
        PatternKind::Suffix => write!(out, "<*>{literal:?}"),
        PatternKind::Glob => {
            for piece in slice(policy.tables().pieces, pattern.pieces) {
                let _ = match *piece {
                    Piece::Literal(s) => write!(out, "{:?}", text(policy, s)),
                    Piece::AnyRun => write!(out, "<*>"),
                    Piece::AnyChar => write!(out, "<?>"),
                    Piece::Variable { key, default } => write!(
                        out,
                        "${{{:?},{:?}}}",
                        text(policy, key),
                        default.map(|d| text(policy, d))
                    ),
                };
            }
            Ok(())
        }
    };
}

fn resource_text(policy: &Policy<'_>, pattern: &ResourcePattern, out: &mut String) {
    match pattern {
        ResourcePattern::Any => out.push_str("<*>"),
        ResourcePattern::Exact(s) => {
            // The same ARN as fields or whole compares equal: write it whole either way.
            out.push_str(&format!("{:?}", text(policy, *s)));
        }
        ResourcePattern::LiteralHead(head, rest) => {
            out.push_str(&format!("head({:?}|", text(policy, *head)));
            pattern_text(policy, rest, out);
            out.push(')');
        }
        ResourcePattern::Arn(fields) => {
            out.push_str("arn(");
            for field in fields {
                pattern_text(policy, field, out);
                out.push('|');
            }
            out.push(')');
        }
    }
}

/// The service of an action pattern (lower case, as lowered) when its text before the first
/// colon has no wildcard; `None` for `*` and for a wildcard in the service prefix.
pub(crate) fn action_service(policy: &Policy<'_>, pattern: &Pattern) -> Option<String> {
    let before_colon = |text: &str| text.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    match pattern.kind {
        PatternKind::Any | PatternKind::Suffix => None,
        PatternKind::Exact | PatternKind::Prefix => before_colon(text(policy, pattern.text)),
        PatternKind::Glob => {
            let mut service = String::new();
            for piece in slice(policy.tables().pieces, pattern.pieces) {
                match *piece {
                    Piece::Literal(s) => {
                        let literal = text(policy, s);
                        match literal.split_once(':') {
                            Some((rest, _)) => {
                                service.push_str(rest);
                                return Some(service.to_ascii_lowercase());
                            }
                            None => service.push_str(literal),
                        }
                    }
                    Piece::AnyRun | Piece::AnyChar | Piece::Variable { .. } => return None,
                }
            }
            None
        }
    }
}

/// Whether the statement has an `Action` (not a `NotAction`) list.
pub(crate) fn lists_actions(statement: &Statement) -> bool {
    statement.action_polarity == Polarity::Listed
}

/// A pattern as policy text (`*`, `?`, `${key}`), as lowered.
pub(crate) fn pattern_source(policy: &Policy<'_>, pattern: &Pattern, out: &mut String) {
    let literal = text(policy, pattern.text);
    match pattern.kind {
        PatternKind::Any => out.push('*'),
        PatternKind::Exact => out.push_str(literal),
        PatternKind::Prefix => {
            out.push_str(literal);
            out.push('*');
        }
        PatternKind::Suffix => {
            out.push('*');
            out.push_str(literal);
        }
        PatternKind::Glob => {
            for piece in slice(policy.tables().pieces, pattern.pieces) {
                match *piece {
                    Piece::Literal(s) => out.push_str(text(policy, s)),
                    Piece::AnyRun => out.push('*'),
                    Piece::AnyChar => out.push('?'),
                    Piece::Variable { key, .. } => {
                        out.push_str("${");
                        out.push_str(text(policy, key));
                        out.push('}');
                    }
                }
            }
        }
    }
}
