//! The decision procedure: every class of requests the statements of the policies tell apart,
//! each decided once.
//!
//! A statement applies to a request when its action, resource, principal and condition
//! elements all match. Each element looks at one part of the request only (the resource
//! pattern also at the values of policy variables), so the request space splits into classes
//! per part: [`actions`](crate::actions), resources (here, with the automata), callers
//! ([`principals`](crate::principals)) and contexts ([`context`](crate::context)), each class
//! given as the set of statements whose element matches it and one concrete member. A request
//! of every combination exists, so the goal (each policy set allowing or not) is decided over
//! the combinations with bit operations; a combination that meets it becomes a concrete
//! request, decided again by the evaluator before it is reported.

use std::collections::HashMap;

use iam_policy_check::catalog::Catalog;
use iam_policy_core::tables::Statement;
use iam_policy_core::{Context, ContextValue, Effect, Policy};

use crate::automaton::{signatures, Alphabet, Glob};
use crate::bits::Bits;
use crate::request::{Counterexample, Value};
use crate::tables::{
    action_texts, canonical, canonical_but_actions, lists_actions, resource_glob, resource_words,
    slice, statement_variables, Resolve,
};
use crate::{actions, context, principals};

/// States explored for the resource patterns before the analysis gives up on exactness.
const RESOURCE_BUDGET: usize = 400_000;

/// One statement of one policy of one side of the question.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Stmt<'p> {
    pub(crate) side: usize,
    pub(crate) policy: Policy<'p>,
    pub(crate) policy_index: usize,
    pub(crate) index: usize,
    pub(crate) statement: Statement,
}

impl Stmt<'_> {
    /// `Sid` or number, and policy, for messages.
    pub(crate) fn describe(&self) -> String {
        let sid = self
            .statement
            .sid
            .map(|s| format!("`{}`", crate::tables::text(&self.policy, s)))
            .unwrap_or_else(|| format!("#{}", self.index));
        match self.policy.name() {
            Some(name) => format!("{sid} of `{name}`"),
            None => format!("{sid} of policy #{}", self.policy_index),
        }
    }
}

/// A question: is there a request each side allows (or not) as required?
pub(crate) struct Goal<'s, 'p> {
    /// Each side's policies (decided together, as one identity's), and whether it must allow.
    pub(crate) sides: Vec<(&'s [Policy<'p>], bool)>,
    pub(crate) catalogs: Vec<&'s Catalog>,
    pub(crate) actions: actions::Universe,
    /// The callers to consider, when not every caller.
    pub(crate) callers: Option<Vec<crate::request::Caller>>,
    /// Keys whose values are limited to these (lowercase keys; `None` is absent).
    pub(crate) pinned: Vec<(String, Vec<Option<Value>>)>,
    pub(crate) max_counterexamples: usize,
}

/// What the search found.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub(crate) counterexamples: Vec<Counterexample>,
    /// Why no proof could be given, when none was found and the search was not exact.
    pub(crate) reasons: Vec<String>,
}

/// Resolves policy variables from a context assignment (single values, and lists of one).
struct Assigned<'a>(&'a [(String, Value)]);

impl Resolve for Assigned<'_> {
    fn value(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .and_then(|(_, v)| match v {
                Value::One(s) => Some(s.as_str()),
                Value::Many(items) if items.len() == 1 => Some(items[0].as_str()),
                Value::Many(_) => None,
            })
    }
}

/// Runs `f` with the evaluator's context for an assignment.
pub(crate) fn with_assignment<T>(
    assignment: &[(String, Value)],
    f: impl FnOnce(&Context<'_>) -> T,
) -> T {
    let lists: Vec<Vec<&str>> = assignment
        .iter()
        .map(|(_, v)| match v {
            Value::Many(items) => items.iter().map(String::as_str).collect(),
            Value::One(_) => Vec::new(),
        })
        .collect();
    let entries: Vec<(&str, ContextValue<'_>)> = assignment
        .iter()
        .zip(&lists)
        .map(|((k, v), list)| {
            let value = match v {
                Value::One(s) => ContextValue::String(s),
                Value::Many(_) => ContextValue::Strings(list),
            };
            (k.as_str(), value)
        })
        .collect();
    f(&Context::new(&entries))
}

/// Resource classes: the statements whose resource element matches, and one resource.
pub(crate) fn resource_classes(
    stmts: &[Stmt<'_>],
    assignment: &[(String, Value)],
) -> Result<Vec<(Bits, String)>, ()> {
    let vars = Assigned(assignment);
    let mut globs: Vec<Glob> = Vec::new();
    let mut groups: Vec<usize> = Vec::new();
    for (i, stmt) in stmts.iter().enumerate() {
        for pattern in slice(stmt.policy.tables().resources, stmt.statement.resources) {
            globs.push(resource_glob(&stmt.policy, pattern, &vars));
            groups.push(i);
        }
    }
    let found = signatures(
        &globs,
        Some(&groups),
        "arn:",
        Alphabet::Any,
        RESOURCE_BUDGET,
    )
    .map_err(|_| ())?;
    let mut out: Vec<(Bits, String)> = Vec::new();
    let mut seen: HashMap<Bits, ()> = HashMap::new();
    with_assignment(assignment, |context| {
        for resource in std::iter::once(String::from("*")).chain(found.into_iter().map(|(_, r)| r))
        {
            let mut bits = Bits::empty(stmts.len());
            for (i, stmt) in stmts.iter().enumerate() {
                let matches = match stmt.statement.resource_polarity {
                    None => true,
                    Some(polarity) => {
                        let listed =
                            slice(stmt.policy.tables().resources, stmt.statement.resources)
                                .iter()
                                .any(|p| {
                                    stmt.policy.resource_pattern_matches(p, &resource, context)
                                });
                        listed == (polarity == iam_policy_core::tables::Polarity::Listed)
                    }
                };
                if matches {
                    bits.set(i);
                }
            }
            if seen.insert(bits.clone(), ()).is_none() {
                out.push((bits, resource));
            }
        }
    });
    Ok(out)
}

/// Decides a goal.
pub(crate) fn run(goal: &Goal<'_, '_>) -> Found {
    let mut found = Found::default();
    let mut stmts: Vec<Stmt<'_>> = Vec::new();
    for (side, (policies, _)) in goal.sides.iter().enumerate() {
        for (policy_index, policy) in policies.iter().enumerate() {
            for (index, statement) in policy.tables().statements.iter().enumerate() {
                stmts.push(Stmt {
                    side,
                    policy: *policy,
                    policy_index,
                    index,
                    statement: *statement,
                });
            }
        }
    }
    let n = stmts.len();
    // Per side: its allowing and its denying statements.
    let masks: Vec<(Bits, Bits, bool)> = goal
        .sides
        .iter()
        .enumerate()
        .map(|(side, (_, expected))| {
            let mut allow = Bits::empty(n);
            let mut deny = Bits::empty(n);
            for (i, s) in stmts.iter().enumerate() {
                if s.side == side {
                    match s.statement.effect {
                        Effect::Allow => allow.set(i),
                        Effect::Deny => deny.set(i),
                    }
                }
            }
            (allow, deny, *expected)
        })
        .collect();
    let variables: Vec<Vec<String>> = stmts
        .iter()
        .map(|s| {
            statement_variables(&s.policy, &s.statement)
                .into_iter()
                .map(str::to_string)
                .collect()
        })
        .collect();
    let cancelled = cancelled(goal, &stmts);
    let ignorable = &cancelled.statements;
    // Per side that must allow: the allows that can still make it allow.
    let needed: Vec<Bits> = masks
        .iter()
        .filter(|(_, _, expected)| *expected)
        .map(|(allow, _, _)| {
            let mut bits = allow.clone();
            for i in ignorable.members() {
                bits.clear(i);
            }
            bits
        })
        .collect();
    let mut reasons: Vec<String> = Vec::new();
    let callers = principals::classes(&stmts, goal.callers.as_deref());
    // Resource classes: of every statement (classes without variables), or of a class's
    // statements with the values its variables take.
    type Scope = (Option<Bits>, Vec<(String, Value)>);
    let mut done: HashMap<Bits, ()> = HashMap::new();
    let conditioned = {
        let mut bits = Bits::empty(n);
        for (i, stmt) in stmts.iter().enumerate() {
            if stmt.statement.conditions.len > 0 || !variables[i].is_empty() {
                bits.set(i);
            }
        }
        bits
    };
    let mut context_cache: HashMap<Bits, Result<Vec<context::ContextClass>, ()>> = HashMap::new();
    let mut words: Vec<String> = Vec::new();
    for stmt in &stmts {
        resource_words(&stmt.policy, &stmt.statement, &mut words);
    }
    let can_matter = |active: &Bits| {
        active.words().iter().any(|w| *w != 0)
            && !needed
                .iter()
                .any(|allows| allows.and(active).words().iter().all(|w| *w == 0))
    };
    // First the classes found without exploring names outside the catalog (a few names stand
    // for those): a `FAIL` is usually among them. Only when they meet nothing, every class.
    for quick in [true, false] {
        let mut complete = true;
        let action_classes = actions::classes(
            &stmts,
            &goal.catalogs,
            &goal.actions,
            &actions::Mattering {
                needed: &needed,
                inert: ignorable,
                ignored: &cancelled.patterns,
            },
            quick,
            &mut complete,
            &mut reasons,
        );
        let mut resource_cache: HashMap<Scope, Vec<(Bits, String)>> = HashMap::new();
        // The statements of the action classes that can meet the goal: the only ones whose
        // resources need telling apart.
        let matter = action_classes
            .iter()
            .filter(|class| can_matter(&class.matches))
            .fold(Bits::empty(n), |all, class| all.or(&class.matches));
        for class in &action_classes {
            if found.counterexamples.len() >= goal.max_counterexamples {
                break;
            }
            if class.matches.words().iter().all(|w| *w == 0)
                || done.insert(class.matches.clone(), ()).is_some()
            {
                continue;
            }
            let active = &class.matches;
            if needed
                .iter()
                .any(|allows| allows.and(active).words().iter().all(|w| *w == 0))
            {
                continue;
            }
            let mut keys: Vec<String> = active
                .members()
                .flat_map(|i| variables[i].iter().cloned())
                .collect();
            keys.sort();
            keys.dedup();
            let relevant_variables = active
                .members()
                .any(|i| !variables[i].is_empty() && !ignorable.get(i));
            // The contexts depend only on the active statements with conditions or variables:
            // classes that share those share their contexts (the others always hold).
            let conditional = active.and(&conditioned);
            let contexts = context_cache.entry(conditional.clone()).or_insert_with(|| {
                context::classes(
                    &stmts,
                    &conditional,
                    &keys,
                    &words,
                    &goal.catalogs,
                    &goal.pinned,
                    &mut reasons,
                )
            });
            let Ok(contexts) = &*contexts else { continue };
            let always = active.without(&conditioned);
            let mut hit = false;
            for ctx in contexts {
                let scope: Scope = if keys.is_empty() {
                    (None, Vec::new())
                } else {
                    let relevant = ctx
                        .assignment
                        .iter()
                        .filter(|(k, _)| keys.contains(k))
                        .cloned()
                        .collect();
                    (Some(active.clone()), relevant)
                };
                if !resource_cache.contains_key(&scope) {
                    // Without variables: the statements of every class that can matter.
                    let members = scope.0.as_ref().unwrap_or(&matter);
                    let in_scope: Vec<Stmt<'_>> = members.members().map(|i| stmts[i]).collect();
                    match resource_classes(&in_scope, &scope.1) {
                        Ok(classes) => {
                            // Back to statement numbers of the whole analysis.
                            let classes = classes
                                .into_iter()
                                .map(|(bits, resource)| {
                                    let mut all = Bits::empty(n);
                                    for (at, i) in members.members().enumerate() {
                                        if bits.get(at) {
                                            all.set(i);
                                        }
                                    }
                                    (all, resource)
                                })
                                .collect();
                            resource_cache.insert(scope.clone(), classes);
                        }
                        Err(()) => {
                            reasons.push(String::from(
                            "the resource patterns combine into too many cases to tell apart exactly",
                        ));
                            break;
                        }
                    }
                }
                let holds = if keys.is_empty() {
                    ctx.holds.or(&always)
                } else {
                    // Conditions with variables: decided with the whole context.
                    with_assignment(&ctx.assignment, |context| {
                        let mut holds = ctx.holds.or(&always);
                        for i in active.members() {
                            if !variables[i].is_empty() {
                                let probe = iam_policy_core::Request::new("a:b", "*")
                                    .with_context(*context);
                                let ok = stmts[i]
                                    .policy
                                    .statement_parts(stmts[i].index, &probe)
                                    .is_some_and(|p| p.conditions);
                                if ok {
                                    holds.set(i);
                                } else {
                                    holds.clear(i);
                                }
                            }
                        }
                        holds
                    })
                };
                let resources = resource_cache.get(&scope).map(|r| r.as_slice());
                let Some(resources) = resources else { continue };
                let holds = holds.and(active);
                'search: for (resource_bits, resource) in resources {
                    for caller in &callers {
                        if meets(&masks, [&holds, resource_bits, &caller.matches]) {
                            let counterexample = Counterexample {
                                action: class.action.clone(),
                                resource: resource.clone(),
                                principal: caller.caller.clone(),
                                context: ctx
                                    .assignment
                                    .iter()
                                    .map(|(k, v)| (display_key(k, &goal.catalogs), v.clone()))
                                    .collect(),
                            };
                            if confirmed(goal, &counterexample) {
                                found.counterexamples.push(counterexample);
                                hit = true;
                            } else {
                                reasons.push(format!(
                                "internal disagreement: the analysis and the evaluator decide `{counterexample}` differently"
                            ));
                            }
                            break 'search;
                        }
                    }
                }
                if hit {
                    break;
                }
            }
            if !hit && relevant_variables {
                let mut keys = keys.clone();
                keys.iter_mut().for_each(|k| *k = format!("${{{k}}}"));
                reasons.push(format!(
                "policy variables ({}) are compared only for values unrelated to the policies' text: for {} no request was found, but that is not a proof",
                keys.join(", "),
                class.action
            ));
            }
        }
        if complete || found.counterexamples.len() >= goal.max_counterexamples {
            break;
        }
    }
    reasons.sort();
    reasons.dedup();
    found.reasons = reasons;
    found
}

/// Whether some request of the combination of classes meets the goal.
fn meets(masks: &[(Bits, Bits, bool)], parts: [&Bits; 3]) -> bool {
    masks.iter().all(|(allow, deny, expected)| {
        let (mut allows, mut denies) = (false, false);
        for w in 0..allow.words().len() {
            let applies = parts[0].words()[w] & parts[1].words()[w] & parts[2].words()[w];
            allows |= applies & allow.words()[w] != 0;
            denies |= applies & deny.words()[w] != 0;
        }
        (allows && !denies) == *expected
    })
}

/// Whether the evaluator decides the request as the goal requires.
fn confirmed(goal: &Goal<'_, '_>, counterexample: &Counterexample) -> bool {
    goal.sides
        .iter()
        .all(|(policies, expected)| counterexample.allowed_by(policies) == *expected)
}

/// What cannot change the answer of a "new allows, old does not" question.
pub(crate) struct Cancelled {
    /// Whole statements: the old denies, when every one is also a deny of the new side, and
    /// the allows of the new side that the old side also has.
    pub(crate) statements: Bits,
    /// Per statement, per action pattern: a pattern of a new allow that an old allow, the same
    /// but for its `Action` list, lists too. A request the new allow matches through it the
    /// old allow matches, so it is new access through another pattern or statement or not at
    /// all.
    pub(crate) patterns: Vec<Vec<bool>>,
}

/// The statements and action patterns that cannot change the answer: when every deny of the
/// old side is also a deny of the new one, the old denies add nothing, and an allow of the
/// new side that the old side also has (whole, or pattern by pattern) can never be new access.
fn cancelled(goal: &Goal<'_, '_>, stmts: &[Stmt<'_>]) -> Cancelled {
    let mut out = Cancelled {
        statements: Bits::empty(stmts.len()),
        patterns: vec![Vec::new(); stmts.len()],
    };
    if goal.sides.len() != 2 || !goal.sides[0].1 || goal.sides[1].1 {
        return out;
    }
    let texts: Vec<String> = stmts
        .iter()
        .map(|s| canonical(&s.policy, &s.statement))
        .collect();
    let of = |side: usize, effect: Effect| -> Vec<usize> {
        (0..stmts.len())
            .filter(|&i| stmts[i].side == side && stmts[i].statement.effect == effect)
            .collect()
    };
    let (new_denies, old_denies) = (of(0, Effect::Deny), of(1, Effect::Deny));
    let covered = old_denies
        .iter()
        .all(|&o| new_denies.iter().any(|&n| texts[n] == texts[o]));
    if !covered {
        return out;
    }
    old_denies.iter().for_each(|&o| out.statements.set(o));
    let old_allows = of(1, Effect::Allow);
    let listing = |i: usize| {
        let stmt = &stmts[i];
        (lists_actions(&stmt.statement)).then(|| {
            (
                canonical_but_actions(&stmt.policy, &stmt.statement),
                action_texts(&stmt.policy, &stmt.statement),
            )
        })
    };
    let old_listings: Vec<(String, Vec<String>)> =
        old_allows.iter().filter_map(|&o| listing(o)).collect();
    for n in of(0, Effect::Allow) {
        if old_allows.iter().any(|&o| texts[o] == texts[n]) {
            out.statements.set(n);
            continue;
        }
        let Some((rest, patterns)) = listing(n) else {
            continue;
        };
        let same: std::collections::HashSet<&String> = old_listings
            .iter()
            .filter(|(r, _)| *r == rest)
            .flat_map(|(_, p)| p)
            .collect();
        if !same.is_empty() {
            out.patterns[n] = patterns.iter().map(|p| same.contains(p)).collect();
        }
    }
    out
}

/// A lowercase condition key as the catalog writes it, when it names one exactly.
fn display_key(key: &str, catalogs: &[&Catalog]) -> String {
    for catalog in catalogs {
        if let Some(global) = catalog.global_key(key) {
            if !global.name().contains('$') {
                return global.name().to_string();
            }
        }
        if let Some(k) = key
            .split_once(':')
            .and_then(|(prefix, _)| catalog.service(prefix))
            .and_then(|s| s.key(key))
        {
            if !k.name().contains('$') {
                return k.name().to_string();
            }
        }
    }
    key.to_string()
}
