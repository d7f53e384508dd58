//! `policy eval`: decisions for one request (with `--explain`) or a stream of requests, by
//! the identity policies alone or by every layer of the request's path (one code path: the
//! identity policies are the chain's identity layer).

use std::fmt::Write as _;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::Path;

use iam_policy_core::{Chain, ChainDecision, Context, ContextValue, Decision, Effect, Layer};
use iam_policy_core::{Policy, Request};
use serde_json::json;

use crate::args::{Eval, EvalFormat, Requests, Single};
use crate::chain::{self, Loaded};
use crate::requests::{Line, Value};
use crate::source;
use crate::values;
use crate::Outcome;

/// Runs `policy eval`.
pub fn run(eval: &Eval, out: &mut crate::Output) -> Outcome {
    let loaded = match Loaded::load(&eval.policies, &eval.layers, &eval.options, out) {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    loaded.with_chain(&eval.layers, |chain| {
        let decider = Decider {
            chain,
            layered: !eval.layers.is_empty(),
        };
        let mut denial = Denial::None;
        let outcome = match &eval.requests {
            Requests::Single(single) => {
                let text = single_request(single, eval, &decider, &mut denial);
                out.stdout(&text);
                Outcome::Clean
            }
            Requests::Batch(path) => batch(path, eval, &decider, &mut denial, out),
        };
        match outcome {
            Outcome::Clean if eval.exit_code => denial.outcome(),
            outcome => outcome,
        }
    })
}

/// How a run decides: with the identity policies alone when no layer flag is given (as a
/// `PolicySet` does), else with the whole chain.
#[derive(Clone, Copy)]
struct Decider<'s, 'p> {
    chain: Chain<'s, 'p>,
    layered: bool,
}

impl<'s, 'p> Decider<'s, 'p> {
    /// This decider for a request whose resource is in `account` (a request line's
    /// `resource_account`): such a request is decided by the whole chain, as with
    /// `--resource-account`.
    fn in_account<'a>(&self, account: Option<&'a str>) -> Decider<'a, 'p>
    where
        's: 'a,
    {
        match account {
            Some(account) => Decider {
                chain: self.chain.with_resource_account(account),
                layered: true,
            },
            None => *self,
        }
    }

    fn decide(&self, request: &Request<'_>) -> ChainDecision<'p> {
        if self.layered {
            return self.chain.evaluate(request);
        }
        match self.chain.identity().evaluate(request) {
            Decision::Allow(statement) => ChainDecision::Allow {
                layer: Layer::Identity,
                statement: Some(statement),
            },
            Decision::ExplicitDeny(statement) => ChainDecision::ExplicitDeny {
                layer: Layer::Identity,
                statement,
            },
            Decision::ImplicitDeny => ChainDecision::ImplicitDeny {
                layer: Layer::Identity,
            },
        }
    }

    /// One decision as the run's format writes it, with its explanation when asked; ends
    /// with a line break.
    fn render(&self, eval: &Eval, request: &Request<'_>, decision: &ChainDecision<'_>) -> String {
        let layers = eval
            .explain
            .then(|| chain::explain(&self.chain, self.layered, request, decision));
        match eval.format {
            EvalFormat::Human => {
                let mut text = chain::describe(decision, self.layered);
                text.push('\n');
                if let Some(layers) = layers {
                    chain::explain_text(&layers, self.layered, &mut text);
                    text.push('\n');
                }
                text
            }
            EvalFormat::Json => {
                let statement = decision.statement();
                let layer = decision.layer();
                let mut object = json!({
                    "decision": decision.kind(),
                    "layer": layer.name(),
                    "level": layer.level(),
                    "policy": statement.and_then(|s| s.policy_name()),
                    "policy_index": statement.map(|s| s.policy_index()),
                    "statement": statement.map(|s| s.statement_index()),
                    "sid": statement.and_then(|s| s.sid()),
                });
                if let Some(layers) = layers {
                    chain::explain_json(&layers, self.layered, &mut object);
                }
                let mut text = object.to_string();
                text.push('\n');
                text
            }
        }
    }
}

/// The strongest denial among the decisions of a run, for `--exit-code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Denial {
    None,
    Implicit,
    Explicit,
}

impl Denial {
    fn record(&mut self, decision: &ChainDecision<'_>) {
        let this = match decision {
            ChainDecision::Allow { .. } => Denial::None,
            ChainDecision::ImplicitDeny { .. } => Denial::Implicit,
            ChainDecision::ExplicitDeny { .. } => Denial::Explicit,
        };
        *self = (*self).max(this);
    }

    fn outcome(self) -> Outcome {
        match self {
            Denial::None => Outcome::Clean,
            Denial::Implicit => Outcome::ImplicitDeny,
            Denial::Explicit => Outcome::ExplicitDeny,
        }
    }
}

/// The decision of the request given by flags, and the explanation when asked.
fn single_request(
    single: &Single,
    eval: &Eval,
    decider: &Decider<'_, '_>,
    denial: &mut Denial,
) -> String {
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
    let decision = decider.decide(&request);
    denial.record(&decision);
    let mut text = decider.render(eval, &request, &decision);
    if eval.format == EvalFormat::Human && eval.explain {
        // One request: the explanation follows the decision after a blank line.
        text = text.replacen('\n', "\n\n", 1);
        text.pop();
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

/// Why one statement applies to a request or not.
pub struct Verdict {
    policy: usize,
    index: usize,
    sid: Option<String>,
    effect: &'static str,
    applies: bool,
    reasons: Vec<String>,
    decides: bool,
}

/// Every statement of `policies` (one layer), and why it applies or not; `decider` is the
/// deciding statement's policy and statement index, if it is in this layer.
pub fn explanation(
    policies: &[&Policy<'_>],
    request: &Request<'_>,
    decider: Option<(usize, usize)>,
) -> Vec<Verdict> {
    let mut verdicts = Vec::new();
    for (policy_index, policy) in policies.iter().enumerate() {
        for statement in policy.explain(request) {
            let effect = match statement.effect() {
                Effect::Allow => "Allow",
                Effect::Deny => "Deny",
            };
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
            verdicts.push(Verdict {
                policy: policy_index,
                index: statement.index(),
                sid: statement.sid().map(str::to_string),
                effect,
                applies: statement.applies(),
                reasons,
                decides: decider == Some((policy_index, statement.index())),
            });
        }
    }
    verdicts
}

/// The explanation as text: each policy's name, then one line a statement.
pub fn explain_text(policies: &[&Policy<'_>], verdicts: &[Verdict], out: &mut String) {
    for (policy_index, policy) in policies.iter().enumerate() {
        let _ = writeln!(out, "{}", policy.name().unwrap_or("?"));
        for verdict in verdicts.iter().filter(|v| v.policy == policy_index) {
            let sid = verdict
                .sid
                .as_ref()
                .map(|sid| format!(" (Sid \"{sid}\")"))
                .unwrap_or_default();
            let verdict_word = if verdict.applies {
                "applies"
            } else {
                "does not apply"
            };
            let mark = if verdict.decides { "  <- decides" } else { "" };
            let _ = writeln!(
                out,
                "  #{}{sid} {}: {verdict_word}: {}{mark}",
                verdict.index,
                verdict.effect,
                verdict.reasons.join(", ")
            );
        }
        if policy.statement_count() == 0 {
            let _ = writeln!(out, "  (no statements)");
        }
    }
}

/// The explanation of one layer as JSON: one object a policy, with one object a statement.
pub fn explain_json(
    layer: Layer,
    policies: &[&Policy<'_>],
    verdicts: &[Verdict],
) -> Vec<serde_json::Value> {
    policies
        .iter()
        .enumerate()
        .map(|(policy_index, policy)| {
            let statements: Vec<serde_json::Value> = verdicts
                .iter()
                .filter(|v| v.policy == policy_index)
                .map(|v| {
                    json!({
                        "statement": v.index,
                        "sid": v.sid,
                        "effect": v.effect,
                        "applies": v.applies,
                        "reasons": v.reasons,
                        "decides": v.decides,
                    })
                })
                .collect();
            json!({
                "policy": policy.name(),
                "layer": layer.name(),
                "level": layer.level(),
                "statements": statements,
            })
        })
        .collect()
}

/// Decides every request of a JSON Lines file, streaming: one decision word a line, in order.
/// A line that is not a request prints `Error` (and a message on standard error), so the
/// output stays aligned with the input; blank lines are skipped.
fn batch(
    path: &Path,
    eval: &Eval,
    decider: &Decider<'_, '_>,
    denial: &mut Denial,
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
    let max_line = eval.options.limits.max_document_bytes;
    let plain = eval.format == EvalFormat::Human && !eval.explain;
    let mut rendered = String::new();
    let mut outcome = Outcome::Clean;
    let mut bytes = Vec::new();
    let mut number = 0usize;
    loop {
        bytes.clear();
        number += 1;
        // The decisions so far are written out before waiting for more input, so that a
        // caller feeding requests through a pipe reads each decision as it is made.
        if reader.buffer().is_empty() {
            if let Err(e) = writer.flush() {
                return broken_output(e, out);
            }
        }
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
        let decided = if bytes.len() > max_line && bytes.last() != Some(&b'\n') {
            skip_line(&mut reader);
            Err(format!("the line is longer than {max_line} bytes"))
        } else {
            match std::str::from_utf8(&bytes) {
                Ok(text) if text.trim().is_empty() => continue,
                Ok(text) => decide_line(text, decider, |decider, request, decision| {
                    denial.record(decision);
                    if plain {
                        return decision.kind();
                    }
                    rendered = decider.render(eval, request, decision);
                    ""
                }),
                Err(e) => Err(format!("the line is not UTF-8 text: {e}")),
            }
        };
        let text = match decided {
            Ok(word) if plain => word,
            Ok(_) => rendered.trim_end_matches('\n'),
            Err(message) => {
                let _ = writer.flush();
                out.problem(&format!("{name}:{number}: {message}"));
                outcome = Outcome::Errors;
                if eval.format == EvalFormat::Json {
                    rendered = json!({"decision": "Error", "error": message}).to_string();
                    &rendered
                } else {
                    "Error"
                }
            }
        };
        let written = writer.write_all(text.as_bytes()).and_then(|()| {
            writer.write_all(if plain || eval.format == EvalFormat::Json {
                b"\n"
            } else {
                b"\n\n"
            })
        });
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

/// Decides one request line; `then` sees the decider for the line, the request and its
/// decision.
fn decide_line<T>(
    text: &str,
    decider: &Decider<'_, '_>,
    then: impl FnOnce(&Decider<'_, '_>, &Request<'_>, &ChainDecision<'_>) -> T,
) -> Result<T, String> {
    let line = Line::parse(text)?;
    let lists: Vec<Vec<&str>> = line
        .context
        .iter()
        .map(|(_, value)| match value {
            Value::Many(items) => items.iter().map(|s| s.as_ref()).collect(),
            _ => Vec::new(),
        })
        .collect();
    // A key without a value (`null`, `[]`) is absent, as IAM treats it.
    let entries: Vec<(&str, ContextValue<'_>)> = line
        .context
        .iter()
        .zip(&lists)
        .filter_map(|((key, value), list)| {
            let value = match value {
                Value::One(text) => values::text(text),
                Value::Many(_) => ContextValue::Strings(list),
                Value::Absent => return None,
            };
            Some((key.as_ref(), value))
        })
        .collect();
    let mut request = Request::new(line.action.as_ref(), line.resource.as_ref())
        .with_context(Context::new(&entries));
    if let Some(principal) = &line.principal {
        request = request.with_principal(values::principal(principal));
    }
    let decider = decider.in_account(line.resource_account.as_deref());
    let decision = decider.decide(&request);
    Ok(then(&decider, &request, &decision))
}
