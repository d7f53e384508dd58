//! `policy replay` and `policy generate`: CloudTrail records decided again against policies,
//! and the least-privilege policy of what a principal did.

use std::path::PathBuf;

use iam_policy_check::Options;
use iam_policy_cloudtrail::{read_paths, Change, Generator, Mapper, Replay as Summary, Verdict};
use serde_json::json;

use crate::chain::{Layers, Loaded};
use crate::report::FileReport;
use crate::source::Source;
use crate::Outcome;

/// How replay and generate write their results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A summary (replay) or the policy's JSON (generate).
    Human,
    /// One JSON object a record (replay).
    Json,
    /// A `policy!` literal (generate).
    Rust,
}

/// `policy replay`.
#[derive(Debug)]
pub struct Replay {
    pub cloudtrail: Vec<PathBuf>,
    pub policies: Vec<PathBuf>,
    pub layers: Box<Layers>,
    pub format: Format,
    pub options: Options,
}

/// `policy generate`.
#[derive(Debug)]
pub struct Generate {
    pub cloudtrail: Vec<PathBuf>,
    pub principal: Option<String>,
    pub format: Format,
    pub options: Options,
}

/// Runs `policy replay`: exit 1 when a call would break (or a record could not be read).
pub fn replay(args: &Replay, out: &mut crate::Output) -> Outcome {
    let loaded = match Loaded::load(&args.policies, &args.layers, &args.options, out) {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    let mut summary = Summary::default();
    let mut mapper = Mapper::new();
    let mut lines = String::new();
    let mut problems = 0;
    loaded.with_chain(&args.layers, |chain| {
        let stats = read_paths(&args.cloudtrail, &mut |item| {
            let (place, record) = match item {
                Ok(found) => found,
                Err(error) => {
                    problems += 1;
                    return out.problem(&error.to_string());
                }
            };
            match mapper.map(&record) {
                Ok(call) => {
                    let verdict = Verdict::of(&call, |request| chain.evaluate(request).kind());
                    summary.add(&verdict);
                    if args.format == Format::Json {
                        let line = json!({
                            "eventID": call.event_id,
                            "action": verdict.action,
                            "resource": verdict.resource,
                            "recorded": verdict.recorded.as_str(),
                            "decision": verdict.decision,
                            "change": verdict.change.as_str(),
                        });
                        lines.push_str(&line.to_string());
                        lines.push('\n');
                    } else if verdict.change != Change::Unchanged {
                        lines.push_str(&format!(
                            "{}: {} {} ({}, recorded {}, now {})\n",
                            verdict.change.as_str(),
                            verdict.action,
                            verdict.resource,
                            place,
                            verdict.recorded.as_str(),
                            verdict.decision
                        ));
                    }
                }
                Err(reason) => {
                    if args.format == Format::Json {
                        let line = json!({
                            "eventID": record.event_id.as_deref(),
                            "action": null,
                            "resource": null,
                            "recorded": iam_policy_cloudtrail::Recorded::of(record.error_code.as_deref()).as_str(),
                            "decision": null,
                            "change": "not-replayed",
                            "reason": reason.to_string(),
                        });
                        lines.push_str(&line.to_string());
                        lines.push('\n');
                    }
                    summary.add_unmapped(reason.to_string(), || place.to_string());
                }
            }
            // Keep memory flat: write what a long log produced so far.
            if lines.len() > 1 << 16 {
                out.stdout(&std::mem::take(&mut lines));
            }
        });
        summary.read_errors = stats.errors;
    });
    out.stdout(&lines);
    if args.format != Format::Json {
        out.stdout(&summary.report());
    }
    if summary.totals().would_break > 0 || problems > 0 {
        Outcome::Errors
    } else {
        Outcome::Clean
    }
}

/// Runs `policy generate`: the policy on standard output, checked by the checker; exit 1 when
/// it has a finding, or no call was successful.
pub fn generate(args: &Generate, out: &mut crate::Output) -> Outcome {
    let mut generator = Generator::new();
    let mut mapper = Mapper::new();
    let mut summary = Summary::default();
    let mut principals = std::collections::BTreeSet::new();
    let mut problems = 0;
    read_paths(&args.cloudtrail, &mut |item| {
        let (place, record) = match item {
            Ok(found) => found,
            Err(error) => {
                problems += 1;
                return out.problem(&error.to_string());
            }
        };
        match mapper.map(&record) {
            Ok(call) => {
                if args.principal.as_deref().is_none_or(|p| call.is_by(p)) {
                    if let Some(principal) = call.session_issuer.or(match call.principal {
                        Some(iam_policy_core::Principal::Aws(arn)) => Some(arn),
                        _ => None,
                    }) {
                        principals.insert(principal.to_string());
                    }
                    generator.add(&call);
                }
            }
            Err(reason) => {
                let recorded = iam_policy_cloudtrail::Recorded::of(record.error_code.as_deref());
                if recorded == iam_policy_cloudtrail::Recorded::Allowed {
                    summary.add_unmapped(reason.to_string(), || place.to_string());
                }
            }
        }
    });
    if args.principal.is_none() && principals.len() > 1 {
        out.note(&format!(
            "the policy covers the calls of {} principals ({}); `--principal ARN` keeps one",
            principals.len(),
            principals.iter().cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    for (reason, (count, first)) in &summary.unmapped {
        out.note(&format!(
            "{count} successful calls left out: {reason} (first: {first})"
        ));
    }
    if generator.is_empty() {
        out.problem("no successful call to generate a policy from");
        return Outcome::Errors;
    }
    let json = generator.to_json();
    let checked = iam_policy_check::check_text(&json, &args.options);
    if !checked.diagnostics.is_empty() {
        let source = Source {
            name: "<generated>".to_string(),
            text: json,
        };
        out.findings(&FileReport::new(source, checked.diagnostics));
        return Outcome::Errors;
    }
    match args.format {
        Format::Rust => out.stdout(&generator.to_rust("GENERATED")),
        _ => out.stdout(&json),
    }
    if problems == 0 {
        Outcome::Clean
    } else {
        Outcome::Errors
    }
}
