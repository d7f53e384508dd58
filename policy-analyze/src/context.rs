//! The condition context, in classes every statement's `Condition` treats alike.
//!
//! Each key is taken on its own: the values worth trying are derived from the entries that
//! test it ([`values`]), each value's effect is the set of statements whose entries on the key
//! all hold for it (decided by the evaluator), and values with the same effect are one. The
//! keys are then combined one after the other, keeping only combinations that differ in which
//! statements still hold: the classes of whole contexts, each with one context.
//!
//! A key's values are strings, as IAM receives them (and a list of strings for multi-valued
//! keys). Per type of test, a finite set of strings meets every case the policy values tell
//! apart: for string, ARN, `Bool` and `Binary` tests the witnesses of the patterns' signatures
//! ([`signatures`](crate::automaton::signatures)); for numbers and dates every threshold, its
//! neighbours and a value between each two; for addresses the first address of every range
//! the networks cut the address space into. A key tested as two of these types at once (a
//! number and a pattern) is beyond that: the analysis says so.

use std::collections::{BTreeMap, HashMap};
use std::net::{Ipv4Addr, Ipv6Addr};

use iam_policy_check::catalog::Catalog;
use iam_policy_core::tables::{Condition, ConditionValue, Operator, Qualifier};
use iam_policy_core::{Context, ContextValue};

use crate::automaton::{signatures, Alphabet, Glob};
use crate::bits::Bits;
use crate::request::Value;
use crate::search::Stmt;
use crate::tables::{condition_has_variables, pattern_glob, resource_glob, slice, text, Resolve};

/// States explored per key, and combinations of keys kept, before the analysis gives up.
const BUDGET: usize = 20_000;
/// A value given to a policy variable that no policy text mentions.
pub(crate) const GENERIC: &str = "anyvalue";

/// Every policy variable takes [`GENERIC`]: the values that patterns with variables let
/// through are then among the candidates, for the value the variables' keys are given.
struct Generic;

impl Resolve for Generic {
    fn value(&self, _key: &str) -> Option<&str> {
        Some(GENERIC)
    }
}

/// A class of contexts: the statements whose conditions all hold, and one context.
#[derive(Clone, Debug)]
pub(crate) struct ContextClass {
    pub(crate) holds: Bits,
    /// Lowercase keys with their values; absent keys are not listed.
    pub(crate) assignment: Vec<(String, Value)>,
}

/// One condition entry of one statement.
struct Entry<'s, 'p> {
    statement: usize,
    stmt: &'s Stmt<'p>,
    condition: &'p Condition,
    /// Its values hold policy variables: decided with the whole context only.
    deferred: bool,
}

/// The context classes for the statements in `active`. `variables` are the keys whose values
/// policy variables take; `words` are extra values worth trying for them.
pub(crate) fn classes(
    stmts: &[Stmt<'_>],
    active: &Bits,
    variables: &[String],
    words: &[String],
    catalogs: &[&Catalog],
    pinned: &[(String, Vec<Option<Value>>)],
    reasons: &mut Vec<String>,
) -> Result<Vec<ContextClass>, ()> {
    let mut by_key: BTreeMap<String, Vec<Entry<'_, '_>>> = BTreeMap::new();
    for i in active.members() {
        let stmt = &stmts[i];
        for condition in slice(stmt.policy.tables().conditions, stmt.statement.conditions) {
            let deferred = condition_has_variables(&stmt.policy, condition);
            by_key
                .entry(text(&stmt.policy, condition.key).to_string())
                .or_default()
                .push(Entry {
                    statement: i,
                    stmt,
                    condition,
                    deferred,
                });
        }
    }
    for key in variables {
        by_key.entry(key.clone()).or_default();
    }
    // Per key: its values, each with the statements its entries let through.
    let mut plans: Vec<KeyPlan> = Vec::new();
    for (key, entries) in &by_key {
        // A key whose value policy variables take, or compared with a variable: its values are
        // told apart with the whole context, so none is merged here.
        let is_variable = variables.contains(key) || entries.iter().any(|e| e.deferred);
        let multivalued = multivalued(key, catalogs)
            || entries
                .iter()
                .any(|e| e.condition.qualifier != Qualifier::Single);
        let pin = pinned.iter().find(|(k, _)| k.eq_ignore_ascii_case(key));
        let mut values = match pin {
            Some((_, values)) => values.clone(),
            None => match candidate_values(key, entries, multivalued, reasons) {
                Some(values) => values,
                None => return Err(()),
            },
        };
        if is_variable {
            values.push(Some(Value::One(GENERIC.to_string())));
            values.extend(words.iter().take(8).map(|w| Some(Value::One(w.clone()))));
        }
        let mut seen: HashMap<Bits, ()> = HashMap::new();
        let mut plan = Vec::new();
        for value in values {
            let mut mask = active.clone();
            with_context(key, value.as_ref(), |context| {
                for entry in entries.iter().filter(|e| !e.deferred) {
                    if !entry.stmt.policy.condition_holds(entry.condition, context) {
                        mask.clear(entry.statement);
                    }
                }
            });
            if is_variable || seen.insert(mask.clone(), ()).is_none() {
                plan.push((value, mask));
            }
        }
        plans.push(KeyPlan {
            key: key.clone(),
            keeps_values: is_variable,
            values: plan,
        });
    }
    // Combine the keys, one class per distinct outcome (and per value of a variable's key).
    let mut states: Vec<Partial> = vec![Partial {
        holds: active.clone(),
        choices: Vec::new(),
        assignment: Vec::new(),
    }];
    for plan in &plans {
        let mut next: Vec<Partial> = Vec::new();
        let mut index: HashMap<(Bits, Vec<usize>), ()> = HashMap::new();
        for state in &states {
            for (at, (value, mask)) in plan.values.iter().enumerate() {
                let holds = state.holds.and(mask);
                let mut choices = state.choices.clone();
                if plan.keeps_values {
                    choices.push(at);
                }
                if index.insert((holds.clone(), choices.clone()), ()).is_some() {
                    continue;
                }
                if next.len() >= BUDGET {
                    reasons.push(String::from(
                        "the conditions combine into too many cases to tell apart exactly",
                    ));
                    return Err(());
                }
                let mut assignment = state.assignment.clone();
                if let Some(value) = value {
                    assignment.push((plan.key.clone(), value.clone()));
                }
                next.push(Partial {
                    holds,
                    choices,
                    assignment,
                });
            }
        }
        states = next;
    }
    Ok(states
        .into_iter()
        .map(|state| ContextClass {
            holds: state.holds,
            assignment: state.assignment,
        })
        .collect())
}

/// One key's values, each with the statements whose entries on the key hold for it.
struct KeyPlan {
    key: String,
    /// Every value is kept apart (policy variables take it), not only distinct outcomes.
    keeps_values: bool,
    values: Vec<(Option<Value>, Bits)>,
}

/// A combination of values for the keys so far.
struct Partial {
    /// The statements whose entries on those keys all hold.
    holds: Bits,
    /// The values chosen for keys that keep their values apart.
    choices: Vec<usize>,
    assignment: Vec<(String, Value)>,
}

/// Runs `f` with a context holding only `key` (absent when `value` is `None`).
fn with_context(key: &str, value: Option<&Value>, f: impl FnOnce(&Context<'_>)) {
    let list: Vec<&str> = match value {
        Some(Value::Many(items)) => items.iter().map(String::as_str).collect(),
        _ => Vec::new(),
    };
    let entry = value.map(|value| match value {
        Value::One(text) => (key, ContextValue::String(text)),
        Value::Many(_) => (key, ContextValue::Strings(&list)),
    });
    let entries: Vec<(&str, ContextValue<'_>)> = entry.into_iter().collect();
    f(&Context::new(&entries));
}

/// Whether the catalog documents `key` as multi-valued.
fn multivalued(key: &str, catalogs: &[&Catalog]) -> bool {
    catalogs.iter().any(|catalog| {
        let global = catalog.global_key(key).is_some_and(|k| k.is_multivalued());
        let of_service = key
            .split_once(':')
            .and_then(|(prefix, _)| catalog.service(prefix))
            .and_then(|service| service.key(key))
            .is_some_and(|k| k.is_multivalued());
        global || of_service
    })
}

/// The types a key's entries compare it as.
#[derive(Default)]
struct Tests {
    globs: Vec<Glob>,
    numbers: Vec<f64>,
    dates: Vec<i64>,
    networks: Vec<(u128, u8, bool)>,
}

/// The values to try for one key: absent, single strings, and lists for multi-valued keys.
fn candidate_values(
    key: &str,
    entries: &[Entry<'_, '_>],
    multivalued: bool,
    reasons: &mut Vec<String>,
) -> Option<Vec<Option<Value>>> {
    let mut tests = Tests::default();
    for entry in entries {
        let policy = &entry.stmt.policy;
        let operator = entry.condition.operator;
        let ignore_case = matches!(
            operator,
            Operator::StringEqualsIgnoreCase | Operator::StringNotEqualsIgnoreCase | Operator::Bool
        );
        for value in slice(policy.tables().values, entry.condition.values) {
            match *value {
                ConditionValue::Text(pattern) => {
                    tests
                        .globs
                        .push(pattern_glob(policy, &pattern, ignore_case, &Generic));
                }
                ConditionValue::Arn(pattern) => {
                    tests.globs.push(resource_glob(policy, &pattern, &Generic))
                }
                ConditionValue::Bool(b) if operator == Operator::Bool => {
                    let mut glob = Glob::new(true);
                    glob.text(if b { "true" } else { "false" }, false);
                    tests.globs.push(glob);
                }
                ConditionValue::Bool(_) => {}
                ConditionValue::Binary(s) => {
                    let bytes: Option<Vec<u8>> = text(policy, s)
                        .chars()
                        .map(|c| u8::try_from(c).ok())
                        .collect();
                    if let Some(Ok(exact)) = bytes.map(String::from_utf8) {
                        let mut glob = Glob::new(false);
                        glob.text(&exact, false);
                        tests.globs.push(glob);
                    }
                }
                ConditionValue::Number(n) => tests.numbers.push(n),
                ConditionValue::Date(d) => tests.dates.push(d),
                ConditionValue::Ip {
                    network,
                    prefix,
                    v4,
                } => tests.networks.push((network, prefix, v4)),
            }
        }
    }
    let kinds = [
        !tests.globs.is_empty(),
        !tests.numbers.is_empty(),
        !tests.dates.is_empty(),
        !tests.networks.is_empty(),
    ];
    if kinds.iter().filter(|k| **k).count() > 1 {
        reasons.push(format!(
            "the key `{key}` is compared as more than one type (text, number, date, address): values that are two of them at once are not enumerated"
        ));
    }
    let mut strings: Vec<String> = vec![String::new(), String::from("x")];
    if !tests.globs.is_empty() {
        match signatures(&tests.globs, None, "", Alphabet::Any, BUDGET) {
            Ok(found) => strings.extend(found.into_iter().map(|(_, s)| s)),
            Err(_) => {
                reasons.push(format!(
                    "the patterns compared with `{key}` combine into too many cases to tell apart exactly"
                ));
                return None;
            }
        }
    }
    strings.extend(number_values(&tests.numbers));
    strings.extend(date_values(&tests.dates));
    strings.extend(address_values(&tests.networks));
    strings.sort();
    strings.dedup();
    let mut values: Vec<Option<Value>> = vec![None];
    values.extend(strings.iter().cloned().map(|s| Some(Value::One(s))));
    if multivalued {
        values.extend(lists(&strings, entries.len().clamp(1, 3)));
    }
    Some(values)
}

/// Lists of up to `size` of `elements` (and the empty list), at most a few hundred.
fn lists(elements: &[String], size: usize) -> Vec<Option<Value>> {
    let mut out = vec![Some(Value::Many(Vec::new()))];
    let mut current: Vec<Vec<usize>> = vec![Vec::new()];
    for _ in 0..size {
        let mut next = Vec::new();
        for list in &current {
            let from = list.last().map_or(0, |l| l + 1);
            for e in from..elements.len() {
                let mut longer = list.clone();
                longer.push(e);
                next.push(longer);
            }
        }
        for list in &next {
            out.push(Some(Value::Many(
                list.iter().map(|&e| elements[e].clone()).collect(),
            )));
            if out.len() > 400 {
                return out;
            }
        }
        current = next;
    }
    out
}

/// Every threshold, a value between each two, and one beyond each end, as decimal text.
fn number_values(thresholds: &[f64]) -> Vec<String> {
    let mut sorted: Vec<f64> = thresholds
        .iter()
        .copied()
        .filter(|n| n.is_finite())
        .collect();
    sorted.sort_by(f64::total_cmp);
    sorted.dedup();
    let mut out = Vec::new();
    if let (Some(first), Some(last)) = (sorted.first(), sorted.last()) {
        out.push(first - 1.0);
        out.push(last + 1.0);
    }
    for pair in sorted.windows(2) {
        out.push(pair[0] + (pair[1] - pair[0]) / 2.0);
    }
    out.extend(&sorted);
    out.into_iter()
        .filter(|n| n.is_finite())
        .map(|n| format!("{n}"))
        .filter(|s| iam_policy_core::tables::parse_decimal(s).is_some())
        .collect()
}

/// Every threshold and its neighbours, as seconds since the epoch (integers: exact).
fn date_values(thresholds: &[i64]) -> Vec<String> {
    let mut out = Vec::new();
    for t in thresholds {
        for d in [t.saturating_sub(1), *t, t.saturating_add(1)] {
            out.push(d.to_string());
        }
    }
    out
}

/// The first address of every range the networks cut the IPv4 and IPv6 spaces into.
pub(crate) fn address_values(networks: &[(u128, u8, bool)]) -> Vec<String> {
    let mut v4: Vec<u128> = vec![0];
    let mut v6: Vec<u128> = vec![0, MAPPED_START, MAPPED_END + 1];
    for &(network, prefix, is_v4) in networks {
        if prefix > 128 {
            continue;
        }
        let host = 128 - u32::from(prefix);
        let mask = u128::MAX.checked_shl(host).unwrap_or(0);
        let start = network & mask;
        let end = start | !mask;
        let points = if is_v4 { &mut v4 } else { &mut v6 };
        points.push(start);
        if let Some(after) = end.checked_add(1) {
            points.push(after);
        }
    }
    let mut out = Vec::new();
    for point in v4 {
        let low = (point & 0xffff_ffff) as u32;
        if point <= MAPPED_END {
            out.push(Ipv4Addr::from(low).to_string());
        }
    }
    for point in v6 {
        if !(MAPPED_START..=MAPPED_END).contains(&point) {
            out.push(Ipv6Addr::from(point).to_string());
        }
    }
    out
}

/// The IPv4-mapped IPv6 range `::ffff:0:0/96`, which holds IPv4 addresses.
const MAPPED_START: u128 = 0xffff_0000_0000;
const MAPPED_END: u128 = 0xffff_ffff_ffff;
