//! Every AWS managed policy checked for no new access against itself with one statement
//! removed and with one action added. Reads `../shared/corpus/aws-managed` when it exists
//! (the project does not ship the corpus) and skips otherwise; run it with `--release
//! -- --nocapture` for the timing (the goal: the whole corpus in under a minute).

use std::path::Path;
use std::time::Instant;

use iam_policy_analyze::Analyzer;
use iam_policy_check::LoadedPolicy;
use serde_json::Value;

const CORPUS: &str = "../../shared/corpus/aws-managed";

/// The document with statement `index` removed (`None` when it has a single statement).
fn without_statement(document: &Value, index: usize) -> Option<Value> {
    let mut document = document.clone();
    let statements = document.get_mut("Statement")?.as_array_mut()?;
    if statements.len() < 2 {
        return None;
    }
    statements.remove(index);
    Some(document)
}

/// The document with `action` added to its first `Allow` statement with an `Action` list.
fn with_action(document: &Value, action: &str) -> Option<Value> {
    let mut document = document.clone();
    let statements = match document.get_mut("Statement")? {
        Value::Array(list) => list,
        single => {
            let one = single.take();
            *single = Value::Array(vec![one]);
            single.as_array_mut()?
        }
    };
    let statement = statements
        .iter_mut()
        .find(|s| s["Effect"] == "Allow" && s.get("Action").is_some())?;
    let actions = statement.get_mut("Action")?;
    match actions {
        Value::Array(list) => list.push(Value::from(action)),
        Value::String(one) => *actions = Value::from(vec![one.clone(), action.to_string()]),
        _ => return None,
    }
    Some(document)
}

#[test]
fn managed_policies_against_themselves() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(CORPUS);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: no corpus at {}", dir.display());
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    let analyzer = Analyzer::new().max_counterexamples(1);
    let load = |v: &Value| LoadedPolicy::from_json(&v.to_string()).ok();
    let (mut checks, mut removed_pass, mut added_fail, mut unproved) = (0, 0, 0, 0);
    let (mut removed_fail, mut added_pass) = (0, 0);
    let mut slowest = (0.0f64, String::new());
    let mut each: Vec<f64> = Vec::new();
    let started = Instant::now();
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        let Ok(document) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let Some(original) = load(&document) else {
            continue;
        };
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let first_is_allow = document["Statement"]
            .get(0)
            .is_some_and(|s| s["Effect"] == "Allow");
        let started_policy = Instant::now();
        let mut one = Instant::now();
        if let Some(smaller) = without_statement(&document, 0).as_ref().and_then(load) {
            let verdict = analyzer.no_new_access(&[smaller.as_policy()], &[original.as_policy()]);
            checks += 1;
            if verdict.is_pass() {
                removed_pass += 1;
            } else if verdict.counterexamples.is_empty() {
                unproved += 1;
                eprintln!("{name} (statement removed): {:?}", verdict.reasons);
            } else {
                removed_fail += 1;
                assert!(
                    !first_is_allow,
                    "{name}: removing an Allow gave new access: {verdict:?}"
                );
            }
            each.push(one.elapsed().as_secs_f64());
            one = Instant::now();
        }
        // An action few policies grant: the counterexample must use it.
        if let Some(larger) = with_action(&document, "iam:CreateAccessKey")
            .as_ref()
            .and_then(load)
        {
            let verdict = analyzer.no_new_access(&[larger.as_policy()], &[original.as_policy()]);
            checks += 1;
            if let Some(c) = verdict.counterexamples.first() {
                added_fail += 1;
                assert!(
                    c.action.eq_ignore_ascii_case("iam:CreateAccessKey"),
                    "{name}: {c}"
                );
            } else if !verdict.is_pass() {
                unproved += 1;
                eprintln!("{name}: {:?}", verdict.reasons);
            } else {
                added_pass += 1;
            }
            each.push(one.elapsed().as_secs_f64());
        }
        let seconds = started_policy.elapsed().as_secs_f64();
        if seconds > slowest.0 {
            slowest = (seconds, name);
        }
    }
    each.sort_by(f64::total_cmp);
    let median = each.get(each.len() / 2).copied().unwrap_or(0.0);
    eprintln!(
        "{} policies, {checks} checks in {:.2} s (median {:.2} ms a check): {removed_pass} removals pass, {removed_fail} fail with a request (a Deny removed); {added_fail} additions fail with a request, {added_pass} pass (already allowed); {unproved} without proof; slowest policy {} ({:.3} s)",
        paths.len(),
        started.elapsed().as_secs_f64(),
        median * 1000.0,
        slowest.1,
        slowest.0
    );
}
