//! Findings from the analysis's reasoning, IAM Access Analyzer's suggestion class: parts of a
//! policy that change nothing it decides.
//!
//! - `REDUNDANT_ACTION`, `REDUNDANT_RESOURCE`: a pattern of an `Action`/`NotAction` or
//!   `Resource`/`NotResource` list whose every match the list's other patterns match too. The
//!   languages are compared as the evaluator matches: every action name, catalogued or not,
//!   with case ignored; every resource text with case kept and no colon crossed by a wildcard of
//!   an ARN's first fields; a policy variable as any text in the pattern found redundant (so it
//!   is redundant under every value), and a pattern with variables covering only its duplicate.
//! - `DEAD_STATEMENT`: an `Allow` whose every request a `Deny` of the same policy matches.
//! - `REDUNDANT_STATEMENT`: an `Allow` whose every request another `Allow` allows or a `Deny`
//!   denies; a `Deny` whose every request another `Deny` denies.
//!
//! Statements are compared by [`Analyzer::no_new_access`] on policies of the statements
//! concerned, each read as an `Allow` (a statement applies to a request whatever its effect), so
//! conditions, `NotAction`, `NotResource`, principals and variables count exactly as in any
//! check. A finding is reported only when proved; where the analysis cannot prove it, nothing
//! is said.
//!
//! Items are taken from last to first, and one found redundant is set aside before the earlier
//! ones are decided: of two equal statements the later is reported, and removing every reported
//! part at once leaves the policy deciding every request as before.

use iam_policy_check::document::{Document, Statement};
use iam_policy_check::levels::LintLevels;
use iam_policy_check::lint::{self, Code, Level};
use iam_policy_check::lower::lower;
use iam_policy_check::{Checked, Diagnostic, Loc, Options, Tables};
use iam_policy_core::tables::{Polarity, ResourcePattern};
use iam_policy_core::{Effect, Policy};

use crate::automaton::{bit_of, signatures, Alphabet, Glob};
use crate::tables::{
    canonical, pattern_glob, resource_glob, resource_has_variables, slice, statement_variables,
    AnyText, Unresolved,
};
use crate::Analyzer;

/// States explored to compare one list's patterns before the comparison gives up (no finding).
const BUDGET: usize = 50_000;

/// The codes of this module's findings.
pub const CODES: [Code; 4] = [
    lint::REDUNDANT_ACTION,
    lint::REDUNDANT_RESOURCE,
    lint::REDUNDANT_STATEMENT,
    lint::DEAD_STATEMENT,
];

/// The codes of [`CODES`] whose level under `levels` is `shown` or louder: the ones a caller
/// that shows findings from the level `shown` up needs looked for.
pub fn wanted(levels: &LintLevels, shown: Level) -> Vec<Code> {
    CODES
        .into_iter()
        .filter(|code| levels.level_of(*code) >= Some(shown))
        .collect()
}

/// Adds the redundancy findings of `codes` (some of [`CODES`]) of a checked policy, at the
/// levels of `options`, to `checked` (shown or allowed, in document order). Nothing is added
/// to a policy that was not lowered (an error, or placeholders). When a level makes one of them
/// an error, the tables are dropped, as for any error.
///
/// ```
/// use iam_policy_check::{check_text, levels::LintLevels, lint::Level, Options};
/// use iam_policy_analyze::lints::CODES;
///
/// // Allowed by default: shown once a level is set.
/// let mut levels = LintLevels::default();
/// levels.set("suggestion", Level::Suggest).unwrap();
/// let options = Options::default().with_levels(levels);
/// let mut checked = check_text(r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow",
///     "Action": ["s3:Get*", "s3:GetObject"], "Resource": "*"}}"#, &options);
/// iam_policy_analyze::add_lints(&mut checked, &options, &CODES);
/// assert_eq!(checked.diagnostics[0].code, "REDUNDANT_ACTION");
/// ```
pub fn add_lints(checked: &mut Checked, options: &Options, codes: &[Code]) {
    let (Some(document), Some(tables)) = (&checked.document, &checked.tables) else {
        return;
    };
    if codes.is_empty() {
        return;
    }
    let analyzer = match &options.catalog {
        Some(custom) => Analyzer::new().with_catalog(custom.catalog()),
        None => Analyzer::new(),
    }
    .max_counterexamples(1);
    let found = analyzer.lints(document, &tables.as_policy(), codes);
    if found.is_empty() {
        return;
    }
    let (shown, allowed) = options.levels.apply(found);
    if shown.iter().any(Diagnostic::is_error) {
        checked.tables = None;
    }
    checked.diagnostics.extend(shown);
    checked.diagnostics.sort_by_key(|d| d.loc.start);
    checked.allowed.extend(allowed);
    checked.allowed.sort_by_key(|d| d.loc.start);
}

impl Analyzer<'_> {
    /// The redundancy findings of `codes` (some of [`CODES`]) of a policy, at their default
    /// levels: `document` is the checked document and `policy` its tables (lowered from it,
    /// statement for statement).
    pub fn lints(
        &self,
        document: &Document,
        policy: &Policy<'_>,
        codes: &[Code],
    ) -> Vec<Diagnostic> {
        let statements = policy.tables().statements;
        if statements.len() != document.statements.len() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (written, lowered) in document.statements.iter().zip(statements) {
            if codes.contains(&lint::REDUNDANT_ACTION) {
                action_lints(written, policy, lowered, &mut out);
            }
            if codes.contains(&lint::REDUNDANT_RESOURCE) {
                resource_lints(written, policy, lowered, &mut out);
            }
        }
        let dead = codes.contains(&lint::DEAD_STATEMENT);
        let redundant = codes.contains(&lint::REDUNDANT_STATEMENT);
        if dead || redundant {
            statement_lints(self, document, policy, &mut out);
            out.retain(|d| {
                (dead || d.code != lint::DEAD_STATEMENT)
                    && (redundant || d.code != lint::REDUNDANT_STATEMENT)
            });
        }
        out.sort_by_key(|d| d.loc.start);
        out
    }
}

/// The items of a list that the others cover, from last to first, each with a smallest set of
/// the remaining items that covers it (a single one when one does).
fn covered_items(
    count: usize,
    candidates: impl Fn(usize, &[bool]) -> Vec<usize>,
    covered_by: impl Fn(usize, &[usize]) -> bool,
) -> Vec<(usize, Vec<usize>)> {
    let mut kept = vec![true; count];
    let mut out = Vec::new();
    for item in (0..count).rev() {
        let others = candidates(item, &kept);
        if others.is_empty() || !covered_by(item, &others) {
            continue;
        }
        kept[item] = false;
        out.push((item, smallest_cover(item, others, &covered_by)));
    }
    out.reverse();
    out
}

/// A covering set of `item` none of whose members can be left out: one member alone when one
/// covers, else `others` with members removed while the rest still covers.
fn smallest_cover(
    item: usize,
    others: Vec<usize>,
    covered_by: &impl Fn(usize, &[usize]) -> bool,
) -> Vec<usize> {
    if others.len() == 1 {
        return others;
    }
    if let Some(&one) = others.iter().find(|&&k| covered_by(item, &[k])) {
        return vec![one];
    }
    let mut set = others;
    let mut at = 0;
    while at < set.len() && set.len() > 2 {
        let mut without = set.clone();
        without.remove(at);
        if covered_by(item, &without) {
            set = without;
        } else {
            at += 1;
        }
    }
    set
}

/// Whether every text `item` matches, some of `by` matches too.
fn language_covered(item: Glob, by: Vec<Glob>, alphabet: Alphabet) -> bool {
    // A text alone is covered when one pattern matches it.
    if let Some(text) = item.literal() {
        return by.iter().any(|b| b.matches(&text));
    }
    // `L…` (and `L…*`) under `M*` where `L` starts with `M`.
    if let Some((text, _)) = item.literal_prefix() {
        let under = |b: &Glob| {
            b.literal_prefix()
                .is_some_and(|(prefix, star)| star && text.starts_with(&prefix))
        };
        if by.iter().any(under) {
            return true;
        }
    }
    // Only the patterns that can match some of the item's texts can cover them.
    let by: Vec<Glob> = by.into_iter().filter(|b| item.may_meet(b)).collect();
    if by.is_empty() {
        return false;
    }
    let mut globs = vec![item];
    globs.extend(by);
    let groups: Vec<usize> = (0..globs.len()).map(|g| usize::from(g > 0)).collect();
    match signatures(&globs, Some(&groups), "", alphabet, BUDGET) {
        Ok(found) => !found
            .iter()
            .any(|(signature, _)| bit_of(signature, 0) && !bit_of(signature, 1)),
        Err(_) => false,
    }
}

/// An action pattern read for comparison.
struct ActionPattern {
    glob: Glob,
    /// The lowercase service and the name pattern; `None` for `*` and for a wildcard in the
    /// service prefix (patterns that match actions of services no single-service pattern names).
    split: Option<(String, Glob)>,
    /// The name pattern's text (lower case) when it is a name or a name's beginning (`name*`),
    /// and whether the `*` is there.
    name_prefix: Option<(String, bool)>,
}

/// Whether action pattern `item` matches only actions some of `by` matches.
fn action_covered(item: &ActionPattern, by: &[&ActionPattern]) -> bool {
    if by.iter().any(|b| b.glob.is_any()) {
        return true;
    }
    let Some((service, name)) = &item.split else {
        return false;
    };
    let same = by
        .iter()
        .filter(|b| b.split.as_ref().is_some_and(|(s, _)| s == service));
    // A name alone: covered when a pattern matches it (names and `name*` compared as text).
    if let Some((text, false)) = &item.name_prefix {
        return same.clone().any(|b| match (&b.name_prefix, &b.split) {
            (Some((prefix, true)), _) => text.starts_with(prefix.as_str()),
            (Some((other, false)), _) => text == other,
            (None, Some((_, glob))) => glob.matches(text),
            (None, None) => false,
        });
    }
    let names: Vec<Glob> = same
        .filter_map(|b| b.split.as_ref())
        .map(|(_, n)| n.clone())
        .collect();
    language_covered(name.clone(), names, Alphabet::ActionName)
}

fn action_lints(
    written: &Statement,
    policy: &Policy<'_>,
    lowered: &iam_policy_core::tables::Statement,
    out: &mut Vec<Diagnostic>,
) {
    let patterns = slice(policy.tables().patterns, lowered.actions);
    let items = &written.action.items;
    if patterns.len() != items.len() || items.len() < 2 {
        return;
    }
    let read: Vec<ActionPattern> = patterns
        .iter()
        .map(|p| {
            let glob = pattern_glob(policy, p, true, &Unresolved);
            let split = glob.split_service();
            let name_prefix = split.as_ref().and_then(|(_, name)| name.literal_prefix());
            ActionPattern {
                glob,
                split,
                name_prefix,
            }
        })
        .collect();
    // A pattern can only be covered by patterns of its service and by `*`: each service's
    // patterns are compared on their own, with the `*`s.
    let mut groups: std::collections::BTreeMap<Option<&str>, Vec<usize>> = Default::default();
    for (i, pattern) in read.iter().enumerate() {
        let service = pattern.split.as_ref().map(|(s, _)| s.as_str());
        groups.entry(service).or_default().push(i);
    }
    let anys: Vec<usize> = (0..read.len()).filter(|&i| read[i].glob.is_any()).collect();
    let element = list_name("Action", written.action.polarity);
    for (service, members) in &groups {
        let mut list = members.clone();
        if service.is_some() {
            list.extend(&anys);
            list.sort_unstable();
        }
        if list.len() < 2 {
            continue;
        }
        let found = covered_items(list.len(), remaining, |item, by| {
            let by: Vec<&ActionPattern> = by.iter().map(|&k| &read[list[k]]).collect();
            action_covered(&read[list[item]], &by)
        });
        for (item, by) in found {
            let item = list[item];
            if service.is_some() && read[item].split.is_none() {
                continue;
            }
            out.push(pattern_finding(
                lint::REDUNDANT_ACTION,
                &element,
                items[item].loc,
                &items[item].value,
                by.iter()
                    .map(|&k| (items[list[k]].loc, items[list[k]].value.as_str())),
            ));
        }
    }
}

fn resource_lints(
    written: &Statement,
    policy: &Policy<'_>,
    lowered: &iam_policy_core::tables::Statement,
    out: &mut Vec<Diagnostic>,
) {
    let Some(resource) = &written.resource else {
        return;
    };
    let patterns = slice(policy.tables().resources, lowered.resources);
    let items = &resource.items;
    if patterns.len() != items.len() || items.len() < 2 {
        return;
    }
    let fields: Vec<Option<Vec<Glob>>> = patterns.iter().map(|p| arn_fields(policy, p)).collect();
    let found = covered_items(items.len(), remaining, |item, by| {
        // Only patterns that can match one of the item's resources can cover it: with ARNs on
        // both sides, each field must meet.
        let by: Vec<usize> = by
            .iter()
            .copied()
            .filter(|&k| match (&fields[item], &fields[k]) {
                (Some(a), Some(b)) => a.iter().zip(b).all(|(a, b)| a.may_meet(b)),
                _ => true,
            })
            .collect();
        resource_covered(policy, patterns, items, item, &by)
    });
    let element = list_name("Resource", resource.polarity);
    for (item, by) in found {
        out.push(pattern_finding(
            lint::REDUNDANT_RESOURCE,
            &element,
            items[item].loc,
            &items[item].value,
            by.iter().map(|&k| (items[k].loc, items[k].value.as_str())),
        ));
    }
}

/// The five fields of an ARN pattern after `arn:`, each read with variables as any text.
fn arn_fields(policy: &Policy<'_>, pattern: &ResourcePattern) -> Option<Vec<Glob>> {
    match pattern {
        ResourcePattern::Arn(fields) => Some(
            fields
                .iter()
                .map(|f| pattern_glob(policy, f, false, &AnyText))
                .collect(),
        ),
        ResourcePattern::LiteralHead(head, rest) => {
            let head = crate::tables::text(policy, *head);
            let literal = head.strip_prefix("arn:")?.strip_suffix(':')?;
            let mut fields: Vec<Glob> = literal
                .split(':')
                .map(|field| {
                    let mut glob = Glob::new(false);
                    glob.text(field, false);
                    glob
                })
                .collect();
            fields.push(pattern_glob(policy, rest, false, &AnyText));
            Some(fields)
        }
        ResourcePattern::Any | ResourcePattern::Exact(_) => None,
    }
}

/// Whether resource pattern `item` matches only resources some of `by` matches, under every
/// value of the policy variables.
fn resource_covered(
    policy: &Policy<'_>,
    patterns: &[ResourcePattern],
    items: &[iam_policy_check::document::Spanned<String>],
    item: usize,
    by: &[usize],
) -> bool {
    // The same text matches the same resources, variables and all.
    if by.iter().any(|&k| items[k].value == items[item].value) {
        return true;
    }
    // A pattern with variables covers for some values only: it is left out as a cover.
    let covers: Vec<Glob> = by
        .iter()
        .filter(|&&k| !resource_has_variables(policy, &patterns[k]))
        .map(|&k| resource_glob(policy, &patterns[k], &Unresolved))
        .collect();
    language_covered(
        resource_glob(policy, &patterns[item], &AnyText),
        covers,
        Alphabet::Any,
    )
}

/// The other items still kept.
fn remaining(item: usize, kept: &[bool]) -> Vec<usize> {
    (0..kept.len()).filter(|&k| k != item && kept[k]).collect()
}

/// `Action`, `NotAction`, `Resource` or `NotResource`.
fn list_name(element: &str, polarity: Polarity) -> String {
    match polarity {
        Polarity::Listed => element.to_string(),
        Polarity::Excluded => format!("Not{element}"),
    }
}

fn pattern_finding<'t>(
    code: Code,
    element: &str,
    loc: Loc,
    text: &str,
    by: impl Iterator<Item = (Loc, &'t str)>,
) -> Diagnostic {
    let by: Vec<(Loc, &str)> = by.collect();
    let names: Vec<String> = by.iter().map(|(_, t)| format!("`{t}`")).collect();
    let cover = match names.as_slice() {
        [one] => format!("{one} in the same `{element}` covers it"),
        more => format!(
            "{} in the same `{element}` cover it together",
            and_list(more)
        ),
    };
    let mut diagnostic = Diagnostic::new(code, loc, format!("`{text}` is redundant: {cover}"))
        .with_help(format!(
            "remove `{text}`: the statement matches the same without it"
        ));
    for (at, _) in by {
        diagnostic = diagnostic.with_related(at, "covers it");
    }
    diagnostic
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A statement as messages name it: its `Sid`, or its number (from 0).
fn statement_name(document: &Document, index: usize) -> String {
    match &document.statements[index].sid {
        Some(sid) if !sid.value.is_empty() => format!("`{}`", sid.value),
        _ => format!("#{index}"),
    }
}

fn statement_lints(
    analyzer: &Analyzer<'_>,
    document: &Document,
    policy: &Policy<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let count = document.statements.len();
    if count < 2 {
        return;
    }
    let services: Vec<Option<Vec<String>>> = policy
        .tables()
        .statements
        .iter()
        .map(|s| action_services(policy, s))
        .collect();
    let resources: Vec<Option<Vec<Glob>>> = policy
        .tables()
        .statements
        .iter()
        .map(|s| resource_globs(policy, s))
        .collect();
    // Whether the two statements may both match some request (`false` only when no request
    // has an action, or a resource, that both match).
    let overlap = |a: usize, b: usize| {
        let actions = match (&services[a], &services[b]) {
            (Some(a), Some(b)) => a.iter().any(|s| b.contains(s)),
            _ => true,
        };
        actions
            && match (&resources[a], &resources[b]) {
                (Some(a), Some(b)) => a.iter().any(|r| b.iter().any(|q| r.may_meet(q))),
                _ => true,
            }
    };
    let effect = |i: usize| document.statements[i].effect;
    // Each statement's elements as comparable text, its effect aside.
    let texts: Vec<String> = policy
        .tables()
        .statements
        .iter()
        .map(|s| {
            let text = canonical(policy, s);
            text.split_once(' ')
                .map_or(text.clone(), |(_, rest)| rest.to_string())
        })
        .collect();
    // The analysis proves nothing of a statement with policy variables beside others (it
    // compares variables only with values unrelated to the text): such a statement covers and
    // is covered only by its duplicate.
    let variables: Vec<bool> = policy
        .tables()
        .statements
        .iter()
        .map(|s| !statement_variables(policy, s).is_empty())
        .collect();
    // Whether every request `item` matches, one of `by` matches.
    let covered_by = |item: usize, by: &[usize]| -> bool {
        if by.iter().any(|&k| texts[k] == texts[item]) {
            return true;
        }
        let (Some(alone), Some(others)) = (as_allows(document, &[item]), as_allows(document, by))
        else {
            return false;
        };
        analyzer
            .no_new_access(&[alone.as_policy()], &[others.as_policy()])
            .is_pass()
    };
    let candidates = |item: usize, kept: &[bool]| -> Vec<usize> {
        (0..count)
            .filter(|&k| k != item && kept[k] && overlap(item, k))
            .filter(|&k| !(variables[item] || variables[k]) || texts[k] == texts[item])
            .collect()
    };
    let mut dead = vec![false; count];
    // Allows that the policy's denies cancel entirely.
    let deads = covered_items(
        count,
        |item, kept| {
            if effect(item) != Effect::Allow {
                return Vec::new();
            }
            candidates(item, kept)
                .into_iter()
                .filter(|&k| effect(k) == Effect::Deny)
                .collect()
        },
        covered_by,
    );
    for (item, by) in deads {
        dead[item] = true;
        let names: Vec<String> = by.iter().map(|&k| statement_name(document, k)).collect();
        let mut diagnostic = Diagnostic::new(
            lint::DEAD_STATEMENT,
            document.statements[item].loc,
            format!(
                "the statement allows nothing: every request it matches is denied by {}",
                and_list(&names)
            ),
        )
        .with_help("remove it, or narrow the `Deny` if the statement is meant to allow something");
        for &k in &by {
            diagnostic = diagnostic.with_related(document.statements[k].loc, "denies it");
        }
        out.push(diagnostic);
    }
    let redundant = covered_items(
        count,
        |item, kept| {
            if dead[item] {
                return Vec::new();
            }
            let found = candidates(item, kept);
            let found: Vec<usize> = match effect(item) {
                // Only another deny denies what a deny does.
                Effect::Deny => found
                    .into_iter()
                    .filter(|&k| effect(k) == Effect::Deny)
                    .collect(),
                Effect::Allow => found.into_iter().filter(|&k| !dead[k]).collect(),
            };
            // An allow that denies alone cover is dead, not redundant.
            if effect(item) == Effect::Allow && found.iter().all(|&k| effect(k) == Effect::Deny) {
                return Vec::new();
            }
            found
        },
        covered_by,
    );
    for (item, by) in redundant {
        let part = |wanted: Effect| -> Vec<String> {
            by.iter()
                .filter(|&&k| effect(k) == wanted)
                .map(|&k| statement_name(document, k))
                .collect()
        };
        let (allows, denies) = (part(Effect::Allow), part(Effect::Deny));
        let message = match (effect(item), denies.is_empty()) {
            (Effect::Deny, _) => format!(
                "the statement is redundant: every request it denies is denied by {}",
                and_list(&denies)
            ),
            (Effect::Allow, true) => format!(
                "the statement is redundant: every request it allows is allowed by {}",
                and_list(&allows)
            ),
            (Effect::Allow, false) => format!(
                "the statement is redundant: every request it allows is allowed by {} or denied by {}",
                and_list(&allows),
                and_list(&denies)
            ),
        };
        let mut diagnostic = Diagnostic::new(
            lint::REDUNDANT_STATEMENT,
            document.statements[item].loc,
            message,
        )
        .with_help("remove it: the policy decides every request the same without it");
        for &k in &by {
            let label = match effect(k) {
                Effect::Allow => "allows it",
                Effect::Deny => "denies it",
            };
            diagnostic = diagnostic.with_related(document.statements[k].loc, label);
        }
        out.push(diagnostic);
    }
}

/// The services a statement's `Action` names (lowercase); `None` when it can match any
/// service (`NotAction`, `*`, a wildcard in a service prefix).
fn action_services(
    policy: &Policy<'_>,
    statement: &iam_policy_core::tables::Statement,
) -> Option<Vec<String>> {
    if statement.action_polarity != Polarity::Listed {
        return None;
    }
    slice(policy.tables().patterns, statement.actions)
        .iter()
        .map(|p| {
            pattern_glob(policy, p, true, &Unresolved)
                .split_service()
                .map(|(service, _)| service)
        })
        .collect()
}

/// A statement's `Resource` patterns, each read with variables as any text (so as to match at
/// least what it matches under any values); `None` without a `Resource` list.
fn resource_globs(
    policy: &Policy<'_>,
    statement: &iam_policy_core::tables::Statement,
) -> Option<Vec<Glob>> {
    if statement.resource_polarity != Some(Polarity::Listed) {
        return None;
    }
    Some(
        slice(policy.tables().resources, statement.resources)
            .iter()
            .map(|r| resource_glob(policy, r, &AnyText))
            .collect(),
    )
}

/// The policy of statements `indices` of `document`, each as an `Allow` without its `Sid`.
fn as_allows(document: &Document, indices: &[usize]) -> Option<Tables> {
    let statements = indices
        .iter()
        .map(|&i| Statement {
            effect: Effect::Allow,
            sid: None,
            ..document.statements[i].clone()
        })
        .collect();
    lower(&Document {
        version: document.version.clone(),
        statements,
    })
    .ok()
}
