//! `policy eval`: decisions for one request (with `--explain`) or a stream of requests.

use std::fmt::Write as _;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use policy_check::{LoadedPolicy, Options};
use policy_core::{Chain, Context, ContextValue, Decision, Effect, Policy, PolicySet, Request};

use crate::args::{Eval, Requests, Single};
use crate::requests::{Line, Value};
use crate::source::{self, Problem};
use crate::Outcome;
use crate::{chain, report, values};

/// Loads every policy of `paths`; on failure, the findings are already reported.
fn load(
    paths: &[PathBuf],
    options: &Options,
    out: &mut crate::Output,
) -> Result<Vec<LoadedPolicy>, Outcome> {
    let mut loaded = Vec::new();
    let mut outcome = Outcome::Clean;
    for path in paths {
        match source::read(path, &options.limits) {
            Ok(source) => match LoadedPolicy::from_json_with(&source.text, options) {
                Ok(policy) => loaded.push(policy.with_name(source.name)),
                Err(diagnostics) => {
                    let diagnostics = diagnostics
                        .into_iter()
                        .map(|(_, mut d)| {
                            report::name_flags(&mut d);
                            d
                        })
                        .collect();
                    out.findings(&source, diagnostics);
                    outcome = outcome.max(Outcome::Errors);
                }
            },
            Err(Problem::Finding(source, diagnostic)) => {
                out.findings(&source, vec![diagnostic]);
                outcome = outcome.max(Outcome::Errors);
            }
            Err(Problem::Io(message)) => {
                out.problem(&message);
                outcome = outcome.max(Outcome::Usage);
            }
        }
    }
    match outcome {
        Outcome::Clean => Ok(loaded),
        failed => Err(failed),
    }
}

/// What decides the requests: the identity policies alone, or a whole chain.
#[derive(Clone, Copy)]
enum Decider<'c, 's, 'p> {
    Set(&'c PolicySet<'s, 'p>),
    Chain(&'c Chain<'s, 'p>),
}

/// Runs `policy eval`.
pub fn run(eval: &Eval, out: &mut crate::Output) -> Outcome {
    let loaded = match load(&eval.policies, &eval.options, out) {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    let views: Vec<Policy<'_>> = loaded.iter().map(LoadedPolicy::as_policy).collect();
    let refs: Vec<&Policy<'_>> = views.iter().collect();
    let set = PolicySet::new(&refs);
    if eval.layers.is_empty() {
        return decide(eval, Decider::Set(&set), out);
    }
    let mut load_layer = |paths: &[PathBuf], options: &Options| load(paths, options, out);
    let layers = match chain::Loaded::load(&eval.layers, &eval.options, &mut load_layer) {
        Ok(layers) => layers,
        Err(outcome) => return outcome,
    };
    layers.with_chain(&eval.layers, set, |chain| {
        decide(eval, Decider::Chain(&chain), out)
    })
}

fn decide(eval: &Eval, decider: Decider<'_, '_, '_>, out: &mut crate::Output) -> Outcome {
    match &eval.requests {
        Requests::Single(single) => {
            let text = single_request(single, decider);
            out.stdout(&text);
            Outcome::Clean
        }
        Requests::Batch(path) => batch(path, decider, &eval.options, out),
    }
}

/// The decision of the request given by flags, and the explanation when asked.
fn single_request(single: &Single, decider: Decider<'_, '_, '_>) -> String {
    // Several values of one key make a multi-valued key.
    let mut keys: Vec<(&str, Vec<&str>)> = Vec::new();
    for (key, value) in &single.context {
        match keys.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(key)) {
            Some((_, values)) => values.push(value),
            None => keys.push((key, vec![value])),
        }
    }
    let entries: Vec<(&str, ContextValue<'_>)> = keys
        .iter()
        .map(|(key, list)| match list.as_slice() {
            [one] => (*key, values::text(one)),
            many => (*key, ContextValue::Strings(many)),
        })
        .collect();
    let mut request = Request::new(single.action.as_str(), single.resource.as_str())
        .with_context(Context::new(&entries));
    if let Some(principal) = &single.principal {
        request = request.with_principal(values::principal(principal));
    }
    let (mut text, explanation) = match decider {
        Decider::Set(set) => {
            let decision = set.evaluate(&request);
            let mut explanation = String::new();
            if single.explain {
                explain(set, &request, &decision, &mut explanation);
            }
            (describe(&decision), explanation)
        }
        Decider::Chain(chain) => {
            let decision = chain.evaluate(&request);
            let explanation = match single.explain {
                true => chain.with_derived_keys(&request, |request| {
                    chain::explain(chain, request, &decision)
                }),
                false => String::new(),
            };
            (chain::describe(&decision), explanation)
        }
    };
    text.push('\n');
    if single.explain {
        text.push('\n');
        text.push_str(&explanation);
    }
    text
}

/// `Allow by FILE statement #N (Sid "…")`, or `ImplicitDeny: no statement allows the request`.
pub fn describe(decision: &Decision<'_>) -> String {
    match decision.statement() {
        Some(statement) => {
            let mut text = format!(
                "{} by {} statement #{}",
                decision.kind(),
                statement.policy_name().unwrap_or("?"),
                statement.statement_index()
            );
            if let Some(sid) = statement.sid() {
                let _ = write!(text, " (Sid \"{sid}\")");
            }
            text
        }
        None => format!("{}: no statement allows the request", decision.kind()),
    }
}

/// Every statement of every policy, and why it applies or not.
pub fn explain(
    set: &PolicySet<'_, '_>,
    request: &Request<'_>,
    decision: &Decision<'_>,
    out: &mut String,
) {
    let decider = decision
        .statement()
        .map(|s| (s.policy_index(), s.statement_index()));
    for (policy_index, policy) in set.policies().iter().enumerate() {
        let _ = writeln!(out, "{}", policy.name().unwrap_or("?"));
        for statement in policy.explain(request) {
            let effect = match statement.effect() {
                Effect::Allow => "Allow",
                Effect::Deny => "Deny",
            };
            let sid = statement
                .sid()
                .map(|sid| format!(" (Sid \"{sid}\")"))
                .unwrap_or_default();
            let mut reasons = Vec::new();
            let element = if statement.action_excluded() {
                "NotAction"
            } else {
                "Action"
            };
            reasons.push(
                match (statement.action_excluded(), statement.action_matches()) {
                    (false, true) => format!("{element} lists the action"),
                    (false, false) => format!("{element} does not list the action"),
                    (true, true) => format!("{element} does not exclude the action"),
                    (true, false) => format!("{element} excludes the action"),
                },
            );
            if let Some(matches) = statement.resource_matches() {
                let element = if statement.resource_excluded() {
                    "NotResource"
                } else {
                    "Resource"
                };
                reasons.push(match (statement.resource_excluded(), matches) {
                    (false, true) => format!("{element} covers the resource"),
                    (false, false) => format!("{element} does not cover the resource"),
                    (true, true) => format!("{element} does not exclude the resource"),
                    (true, false) => format!("{element} excludes the resource"),
                });
            }
            if let Some(matches) = statement.principal_matches() {
                let element = if statement.principal_excluded() {
                    "NotPrincipal"
                } else {
                    "Principal"
                };
                reasons.push(match (statement.principal_excluded(), matches) {
                    (false, true) => format!("{element} names the principal"),
                    (false, false) => format!("{element} does not name the principal"),
                    (true, true) => format!("{element} does not exclude the principal"),
                    (true, false) => format!("{element} excludes the principal"),
                });
            }
            reasons.push(
                match (statement.condition_count(), statement.conditions_hold()) {
                    (0, _) => "no Condition".to_string(),
                    (_, true) => "the Condition holds".to_string(),
                    (_, false) => "the Condition does not hold".to_string(),
                },
            );
            let verdict = if statement.applies() {
                "applies"
            } else {
                "does not apply"
            };
            let mark = if decider == Some((policy_index, statement.index())) {
                "  <- decides"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  #{}{sid} {effect}: {verdict}: {}{mark}",
                statement.index(),
                reasons.join(", ")
            );
        }
        if policy.statement_count() == 0 {
            let _ = writeln!(out, "  (no statements)");
        }
    }
}

/// Decides every request of a JSON Lines file, streaming: one decision word a line, in order.
/// A line that is not a request prints `Error` (and a message on standard error), so the
/// output stays aligned with the input; blank lines are skipped.
fn batch(
    path: &Path,
    decider: Decider<'_, '_, '_>,
    options: &Options,
    out: &mut crate::Output,
) -> Outcome {
    let name = source::display_name(path);
    let input: Box<dyn Read> = if path == Path::new("-") {
        Box::new(io::stdin().lock())
    } else {
        if path.is_dir() {
            out.problem(&format!("`{name}` is a directory, not a requests file"));
            return Outcome::Usage;
        }
        match std::fs::File::open(path) {
            Ok(file) => Box::new(file),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                out.problem(&format!("`{name}`: no such file"));
                return Outcome::Usage;
            }
            Err(e) => {
                out.problem(&format!("cannot open `{name}`: {e}"));
                return Outcome::Usage;
            }
        }
    };
    let mut reader = BufReader::with_capacity(1 << 16, input);
    let stdout = io::stdout();
    let mut writer = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let max_line = options.limits.max_document_bytes;
    let mut outcome = Outcome::Clean;
    let mut bytes = Vec::new();
    let mut number = 0usize;
    loop {
        bytes.clear();
        number += 1;
        let read = (&mut reader)
            .take(max_line as u64 + 1)
            .read_until(b'\n', &mut bytes);
        match read {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                let _ = writer.flush();
                out.problem(&format!("cannot read `{name}`: {e}"));
                return Outcome::Usage;
            }
        }
        let word = if bytes.len() > max_line && bytes.last() != Some(&b'\n') {
            skip_line(&mut reader);
            Err(format!("the line is longer than {max_line} bytes"))
        } else {
            match std::str::from_utf8(&bytes) {
                Ok(text) if text.trim().is_empty() => continue,
                Ok(text) => decide_line(text, decider),
                Err(e) => Err(format!("the line is not UTF-8 text: {e}")),
            }
        };
        let word = match word {
            Ok(word) => word,
            Err(message) => {
                let _ = writer.flush();
                out.problem(&format!("{name}:{number}: {message}"));
                outcome = Outcome::Errors;
                "Error"
            }
        };
        let written = writer
            .write_all(word.as_bytes())
            .and_then(|()| writer.write_all(b"\n"));
        if let Err(e) = written {
            return broken_output(e, out);
        }
    }
    match writer.flush() {
        Ok(()) => outcome,
        Err(e) => broken_output(e, out),
    }
}

/// A closed pipe (`| head`) ends the run quietly; other write errors are I/O problems.
fn broken_output(error: io::Error, out: &mut crate::Output) -> Outcome {
    if error.kind() == io::ErrorKind::BrokenPipe {
        Outcome::Clean
    } else {
        out.problem(&format!("cannot write the decisions: {error}"));
        Outcome::Usage
    }
}

/// Skips the rest of an overlong line.
fn skip_line(reader: &mut impl BufRead) {
    loop {
        let (done, used) = match reader.fill_buf() {
            Ok([]) | Err(_) => return,
            Ok(buffer) => match buffer.iter().position(|b| *b == b'\n') {
                Some(i) => (true, i + 1),
                None => (false, buffer.len()),
            },
        };
        reader.consume(used);
        if done {
            return;
        }
    }
}

/// The decision word of one request line.
fn decide_line(text: &str, decider: Decider<'_, '_, '_>) -> Result<&'static str, String> {
    let line = Line::parse(text)?;
    let lists: Vec<Vec<&str>> = line
        .context
        .iter()
        .map(|(_, value)| match value {
            Value::Strings(items) => items.iter().map(|s| s.as_ref()).collect(),
            _ => Vec::new(),
        })
        .collect();
    let entries: Vec<(&str, ContextValue<'_>)> = line
        .context
        .iter()
        .zip(&lists)
        .map(|((key, value), list)| {
            let value = match value {
                Value::String(s) => values::text(s),
                Value::Number(n) => ContextValue::Number(*n),
                Value::Bool(b) => ContextValue::Bool(*b),
                Value::Strings(_) => ContextValue::Strings(list),
            };
            (key.as_ref(), value)
        })
        .collect();
    let mut request = Request::new(line.action.as_ref(), line.resource.as_ref())
        .with_context(Context::new(&entries));
    if let Some(principal) = &line.principal {
        request = request.with_principal(values::principal(principal));
    }
    Ok(match decider {
        Decider::Set(set) => set.evaluate(&request).kind(),
        Decider::Chain(chain) => match &line.resource_account {
            Some(account) => chain
                .with_resource_account(account)
                .evaluate(&request)
                .kind(),
            None => chain.evaluate(&request).kind(),
        },
    })
}
