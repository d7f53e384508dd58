//! The action universe, in classes of actions every statement treats alike.
//!
//! The universe is every action of every service: the catalog's actions, and the ones it does
//! not know yet (`service:Name`, the name one or more ASCII letters and digits, for the known
//! services and for services AWS has yet to add). A statement's `Action`/`NotAction` element
//! can only tell actions apart by the patterns it writes for their service, so the classes are
//! found service by service: the catalog's actions of each service a pattern names, plus one
//! witness for every combination of those patterns a name outside the catalog can match
//! ([`signatures`](crate::automaton::signatures)), plus one class for every service no pattern
//! names.

use std::collections::{BTreeMap, HashMap, HashSet};

use iam_policy_check::catalog::Catalog;
use iam_policy_core::tables::{Pattern, PatternKind};
use iam_policy_core::Context;

use crate::automaton::{bit_of as bit, signatures, signatures_with, Alphabet, Dictionary, Glob};
use crate::bits::Bits;
use crate::search::Stmt;
use crate::tables::{action_service, lists_actions, pattern_glob, slice, Unresolved};

/// States explored per service before the analysis gives up on exactness.
const BUDGET: usize = 200_000;

/// Actions that every statement's action element treats alike.
#[derive(Clone, Debug)]
pub(crate) struct ActionClass {
    /// The statements whose action element matches the class.
    pub(crate) matches: Bits,
    /// One action of the class, as a request writes it.
    pub(crate) action: String,
}

/// One action pattern of one statement.
#[derive(Clone, Copy)]
struct Written<'s, 'p> {
    statement: usize,
    stmt: &'s Stmt<'p>,
    pattern: &'p Pattern,
}

/// Which actions a question is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Universe {
    /// Every action, known or not.
    All,
    /// The actions no catalog knows yet.
    Future,
    /// These actions only.
    Listed(Vec<String>),
}

/// What of the statements can change an answer.
#[derive(Clone, Copy)]
pub(crate) struct Mattering<'a> {
    /// Sets of statements one of which must match for a class to matter.
    pub(crate) needed: &'a [Bits],
    /// Statements read as matching no action.
    pub(crate) inert: &'a Bits,
    /// Per statement, per action pattern: read as listing nothing.
    pub(crate) ignored: &'a [Vec<bool>],
}

/// The classes of the action universe for `stmts`; `reasons` gets what keeps them from being
/// exact.
///
/// `needed` are the statements one of which must match for a class to matter (none of them
/// listing an action of a service means the service's classes can be skipped). `inert`
/// statements cannot change the answer and are read as matching no action. `ignored` marks,
/// per statement, action patterns whose matches cannot change the answer (read as listing
/// nothing).
///
/// Two passes: with `quick`, the names outside the catalog that patterns other than names and
/// name beginnings tell apart are not explored: a few names that those patterns match stand
/// for them (each an exact class, but not every class), and `complete` is cleared. Without
/// `quick`, only what the quick pass left out: the exploration of those names. A search tries
/// the quick classes first and explores only when they meet nothing.
pub(crate) fn classes(
    stmts: &[Stmt<'_>],
    catalogs: &[&Catalog],
    universe: &Universe,
    mattering: &Mattering<'_>,
    quick: bool,
    complete: &mut bool,
    reasons: &mut Vec<String>,
) -> Vec<ActionClass> {
    *complete = true;
    let Mattering {
        needed,
        inert,
        ignored,
    } = *mattering;
    let n = stmts.len();
    // A `NotAction` statement matches an action its patterns do not list; an inert statement
    // matches none.
    let mut base = Bits::empty(n);
    let mut by_service: BTreeMap<String, Vec<Written<'_, '_>>> = BTreeMap::new();
    let mut global: Vec<Written<'_, '_>> = Vec::new();
    for (i, stmt) in stmts.iter().enumerate() {
        if inert.get(i) {
            continue;
        }
        if !lists_actions(&stmt.statement) {
            base.set(i);
        }
        let patterns = slice(stmt.policy.tables().patterns, stmt.statement.actions);
        for (at, pattern) in patterns.iter().enumerate() {
            if ignored[i].get(at).copied().unwrap_or(false) {
                continue;
            }
            let written = Written {
                statement: i,
                stmt,
                pattern,
            };
            match action_service(&stmt.policy, pattern) {
                Some(service) => by_service.entry(service).or_default().push(written),
                None => {
                    if pattern.kind != PatternKind::Any {
                        reasons.push(format!(
                            "an action pattern of statement {} has a wildcard in its service prefix: the analysis does not enumerate service prefixes",
                            stmt.describe()
                        ));
                    }
                    global.push(written)
                }
            }
        }
    }
    // A statement whose patterns list the action flips from its base (`Action`: no match,
    // `NotAction`: match).
    let matches_of = |action: &str, written: &[&Written<'_, '_>]| -> Bits {
        let mut bits = base.clone();
        for w in written {
            if bits.get(w.statement) == base.get(w.statement)
                && w.stmt
                    .policy
                    .pattern_matches(w.pattern, action, true, &Context::EMPTY)
            {
                bits.flip(w.statement);
            }
        }
        bits
    };
    let mut out: Vec<ActionClass> = Vec::new();
    let mut seen: HashMap<Bits, ()> = HashMap::new();
    let mut add = |out: &mut Vec<ActionClass>, matches: Bits, action: &str| {
        if seen.insert(matches.clone(), ()).is_none() {
            out.push(ActionClass {
                matches,
                action: action.to_string(),
            });
        }
    };
    if let Universe::Listed(actions) = universe {
        let all: Vec<&Written<'_, '_>> = by_service
            .values()
            .flat_map(|w| w.iter())
            .chain(global.iter())
            .collect();
        for action in actions {
            add(&mut out, matches_of(action, &all), action);
        }
        return out;
    }
    let future_only = *universe == Universe::Future;
    // The services an action must belong to for every needed set to have a statement that can
    // match it: `None` when a needed statement matches any service (`*`, `NotAction`).
    let mut relevant: Option<Vec<&str>> = None;
    for allows in needed {
        let any_service = allows.members().any(|i| {
            !lists_actions(&stmts[i].statement) || global.iter().any(|w| w.statement == i)
        });
        if any_service {
            continue;
        }
        let named: Vec<&str> = by_service
            .iter()
            .filter(|(_, written)| written.iter().any(|w| allows.get(w.statement)))
            .map(|(service, _)| service.as_str())
            .collect();
        relevant = Some(match relevant {
            None => named,
            Some(before) => before.into_iter().filter(|s| named.contains(s)).collect(),
        });
    }
    let matters = |service: &str| relevant.as_ref().is_none_or(|r| r.contains(&service));
    for (service, written) in by_service.iter().filter(|(s, _)| matters(s)) {
        let patterns: Vec<&Written<'_, '_>> = written.iter().chain(global.iter()).collect();
        // The name part of each pattern, read only for the services that matter.
        let written: Vec<(Written<'_, '_>, Glob)> = written
            .iter()
            .filter_map(|w| {
                let glob = pattern_glob(&w.stmt.policy, w.pattern, true, &Unresolved);
                glob.split_service().map(|(_, name)| (*w, name))
            })
            .collect();
        let written = written.as_slice();
        for catalog in catalogs.iter().filter(|_| !future_only && quick) {
            if let Some(known) = catalog.service(service) {
                let mut local: HashSet<Bits> = HashSet::new();
                let listings = catalog_listings(known, written, &global);
                for (action, listing) in known.actions().zip(listings) {
                    // A statement flips from its base once, however many of its patterns
                    // list the action.
                    let mut bits = base.clone();
                    for statement in listing {
                        if bits.get(statement) == base.get(statement) {
                            bits.flip(statement);
                        }
                    }
                    if local.insert(bits.clone()) {
                        let text = format!("{}:{}", known.prefix(), action.name());
                        add(&mut out, bits, &text);
                    }
                }
            }
        }
        let globs: Vec<Glob> = written.iter().map(|(_, g)| g.clone()).collect();
        // One group per statement.
        let groups: Vec<usize> = written.iter().map(|(w, _)| w.statement).collect();
        // Whether a catalog lists the (lowercase) name for the service.
        let listed: Vec<&iam_policy_check::catalog::Service> =
            catalogs.iter().filter_map(|c| c.service(service)).collect();
        let catalogued = |name: &str| listed.iter().any(|s| s.action(name).is_some());
        let known: Option<&dyn Fn(&str) -> bool> = future_only.then_some(&catalogued);
        let found = match simple_witnesses(&globs, known) {
            // Found in the quick pass.
            Some(_) if !quick => continue,
            Some(witnesses) => Ok(witnesses),
            None if quick => {
                *complete = false;
                Ok(samples(&globs, known))
            }
            None if future_only => {
                // The service's known names beside the patterns: a signature without the
                // dictionary's bit is a name no catalog knows.
                let names: Vec<String> = listed
                    .iter()
                    .flat_map(|s| s.actions().map(|a| a.name().to_ascii_lowercase()))
                    .collect();
                let dictionary = Dictionary::new(names.iter().map(String::as_str));
                let known = groups.iter().max().map_or(0, |g| g + 1);
                signatures_with(&globs, &groups, &dictionary, Alphabet::ActionName, BUDGET).map(
                    |found| {
                        found
                            .into_iter()
                            .filter(|(signature, _)| !bit(signature, known))
                            .map(|(_, name)| name)
                            .collect()
                    },
                )
            }
            None => signatures(&globs, Some(&groups), "", Alphabet::ActionName, BUDGET)
                .map(|found| found.into_iter().map(|(_, name)| name).collect()),
        };
        match found {
            Ok(found) => {
                for name in found {
                    let text = format!("{service}:{}", capitalized(&name));
                    add(&mut out, matches_of(&text, &patterns), &text);
                }
            }
            Err(_) => reasons.push(format!(
                "the action patterns for `{service}` combine into too many cases to tell apart exactly"
            )),
        }
    }
    // Every service no pattern names: a catalog one if there is, and one AWS has yet to add.
    if relevant.is_some() || !quick {
        return out;
    }
    let globals: Vec<&Written<'_, '_>> = global.iter().collect();
    let unnamed = catalogs
        .iter()
        .filter(|_| !future_only)
        .flat_map(|c| c.services())
        .find(|s| !by_service.contains_key(&s.prefix().to_ascii_lowercase()));
    if let Some(service) = unnamed {
        if let Some(action) = service.actions().next() {
            let text = format!("{}:{}", service.prefix(), action.name());
            add(&mut out, matches_of(&text, &globals), &text);
        }
    }
    let future = future_service(catalogs, &by_service);
    add(&mut out, matches_of(&future, &globals), &future);
    out
}

/// The statements whose patterns (of the service, and `global` ones) list each catalogued
/// action of `service`, by the action's index in the catalog's list. The catalog lists a
/// service's actions by lowercase name, so a pattern is tried only on the actions that start
/// with its text before the first wildcard; the evaluator decides each of those.
fn catalog_listings(
    service: &iam_policy_check::catalog::Service,
    written: &[(Written<'_, '_>, Glob)],
    global: &[Written<'_, '_>],
) -> Vec<Vec<usize>> {
    let list: Vec<&str> = service.actions().map(|a| a.name()).collect();
    let mut listings: Vec<Vec<usize>> = vec![Vec::new(); list.len()];
    let mut text = String::new();
    let mut try_range = |w: &Written<'_, '_>, head: &str| {
        let start = list.partition_point(|name| {
            name.bytes()
                .map(|b| b.to_ascii_lowercase())
                .lt(head.bytes())
        });
        let len = list[start..].partition_point(|name| {
            name.len() >= head.len()
                && name.as_bytes()[..head.len()].eq_ignore_ascii_case(head.as_bytes())
        });
        for at in start..start + len {
            text.clear();
            text.push_str(service.prefix());
            text.push(':');
            text.push_str(list[at]);
            if w.stmt
                .policy
                .pattern_matches(w.pattern, &text, true, &Context::EMPTY)
            {
                listings[at].push(w.statement);
            }
        }
    };
    for (w, name) in written {
        try_range(w, &name.literal_head());
    }
    for w in global {
        try_range(w, "");
    }
    listings
}

/// Names that meet every combination of the patterns, when every pattern is a name (`getobject`)
/// or a name's beginning (`get*`): the combinations are then those of the literals a name
/// equals or starts with, and for each literal `L` the names `L` and `L` followed by a letter no
/// literal holds (and that letter alone) meet them all. With `known` (future names only), each
/// witness is extended by that letter until no catalog name is it, and a literal the catalog
/// holds is no witness. `None` for other patterns.
fn simple_witnesses(globs: &[Glob], known: Option<&dyn Fn(&str) -> bool>) -> Option<Vec<String>> {
    let literals: Vec<(String, bool)> = globs
        .iter()
        .map(Glob::literal_prefix)
        .collect::<Option<_>>()?;
    let exact: HashSet<&str> = literals
        .iter()
        .filter(|(_, star)| !star)
        .map(|(l, _)| l.as_str())
        .collect();
    let fresh = "xzqjkvwy0123456789bcdfghlmnprstuaeio"
        .chars()
        .find(|c| !literals.iter().any(|(l, _)| l.contains(*c)))?;
    let mut out: Vec<String> = vec![fresh.to_string()];
    for (literal, _) in &literals {
        if !literal.is_empty() {
            out.push(literal.clone());
        }
        out.push(format!("{literal}{fresh}"));
    }
    if let Some(known) = known {
        out = out
            .into_iter()
            .filter_map(|name| {
                if exact.contains(name.as_str()) {
                    // An exact literal: the only name of its combination.
                    return (!known(&name)).then_some(name);
                }
                let mut name = name;
                while known(&name) {
                    name.push(fresh);
                }
                Some(name)
            })
            .collect();
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// Names each pattern matches: its text with every `*` read as nothing and as one character,
/// and every `?` as one character (a character no pattern writes); with `known` (future names
/// only), each extended by that character until no catalog name is it.
fn samples(globs: &[Glob], known: Option<&dyn Fn(&str) -> bool>) -> Vec<String> {
    let written: String = globs.iter().map(Glob::literal_head).collect();
    let Some(fresh) = "xzqjkvwy0123456789"
        .chars()
        .find(|c| !globs.iter().any(|g| g.writes(*c)) && !written.contains(*c))
    else {
        return Vec::new();
    };
    let mut out: Vec<String> = globs
        .iter()
        .flat_map(|g| [g.sample(None, fresh), g.sample(Some(fresh), fresh)])
        .flatten()
        .filter(|name| !name.is_empty())
        .collect();
    if let Some(known) = known {
        for name in &mut out {
            while known(name) {
                name.push(fresh);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// An action of a service neither the catalogs nor the patterns name.
fn future_service<T>(catalogs: &[&Catalog], named: &BTreeMap<String, T>) -> String {
    let mut prefix = String::from("newservice");
    let mut n = 0;
    while catalogs.iter().any(|c| c.has_service(&prefix)) || named.contains_key(&prefix) {
        n += 1;
        prefix = format!("newservice{n}");
    }
    format!("{prefix}:NewAction")
}

/// `name` with its first letter in upper case (action names ignore case).
fn capitalized(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}
