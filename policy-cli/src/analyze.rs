//! `policy analyze`: exact access analysis of policy files (`iam-policy-analyze`).
//!
//! ```text
//! policy analyze no-new-access --existing OLD.json [--existing …] NEW.json
//! policy analyze access-not-granted POLICY.json… --action A… [--resource R…]
//! policy analyze public-access POLICY.json --resource-type TYPE [--account ID]
//! policy analyze expand POLICY.json [--catalog OTHER]
//! ```
//!
//! The first line is `PASS` or `FAIL`; the exit status 0 on `PASS`, 1 on `FAIL`, 2 on usage
//! mistakes or a policy that does not load. `--format json` prints one object:
//! `{"result", "counterexamples": [{"action", "resource", "principal", "context"}], "reasons"}`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use iam_policy_analyze::{Analyzer, Counterexample, ResourceType, Value, Verdict};
use iam_policy_check::catalog::{Catalog, CustomCatalog};
use iam_policy_check::{LoadedPolicy, Options, PolicyKind};
use iam_policy_core::Policy;
use lexopt::prelude::*;
use serde_json::{json, Map};

use crate::{Outcome, Output};

/// The usage text of `policy analyze --help`.
pub const USAGE: &str = "\
policy analyze: prove what policies can and cannot do, with a request for every FAIL

Usage:
  policy analyze no-new-access --existing OLD.json [--existing …] NEW.json
  policy analyze access-not-granted POLICY.json… --action A… [--resource R…]
  policy analyze public-access POLICY.json --resource-type TYPE [--account ID]
  policy analyze expand POLICY.json [--catalog OTHER]

  no-new-access        does NEW allow a request the existing policies together do not?
  access-not-granted   do the policies together allow any of the actions (patterns) on the
                       resources (ARN patterns; every resource without `--resource`)?
  public-access        does a resource policy let in a caller from outside (TYPE: AWS::S3::Bucket,
                       AWS::KMS::Key, AWS::SQS::Queue, AWS::SNS::Topic, AWS::SecretsManager::Secret,
                       AWS::Lambda::Function, AWS::ECR::Repository, AWS::IAM::AssumeRolePolicyDocument)?
  expand               the actions each statement grants; FAIL if the policy allows actions the
                       catalog does not know yet (with `--catalog OTHER`: actions OTHER adds)

Options:
  --resource-policy      the policies are resource-based (with `Principal`)
  --catalog FILE         the application's own services (`policy-catalog.json`); for `expand`,
                         the catalog to compare with
  --format human|json    human (default), or one JSON object
  --max-counterexamples N  requests reported for a FAIL (default 3)

The first line is PASS or FAIL. Exit status: 0 PASS, 1 FAIL, 2 usage or a policy that does not load.
";

/// Which check, on which files.
#[derive(Debug)]
pub enum Check {
    NoNewAccess {
        existing: Vec<PathBuf>,
        new: Vec<PathBuf>,
    },
    AccessNotGranted {
        policies: Vec<PathBuf>,
        actions: Vec<String>,
        resources: Vec<String>,
    },
    PublicAccess {
        policy: PathBuf,
        resource_type: ResourceType,
        account: Option<String>,
    },
    Expand {
        policy: PathBuf,
        other: Option<PathBuf>,
    },
}

/// `policy analyze …`.
#[derive(Debug)]
pub struct Analyze {
    pub check: Check,
    pub json: bool,
    pub options: Options,
    pub max_counterexamples: usize,
    /// `--help`.
    pub help: bool,
}

/// Parses the arguments after `analyze`.
pub fn parse(parser: &mut lexopt::Parser) -> Result<Analyze, lexopt::Error> {
    let name = match parser.next()? {
        Some(Value(name)) => name.string()?,
        Some(Long("help") | Short('h')) => return Ok(help()),
        Some(other) => return Err(other.unexpected()),
        None => return Err(
            "`policy analyze` needs a check: no-new-access, access-not-granted, public-access or expand"
                .into(),
        ),
    };
    let mut files: Vec<PathBuf> = Vec::new();
    let mut existing: Vec<PathBuf> = Vec::new();
    let mut actions: Vec<String> = Vec::new();
    let mut resources: Vec<String> = Vec::new();
    let mut resource_type: Option<ResourceType> = None;
    let mut account: Option<String> = None;
    let mut catalog: Option<PathBuf> = None;
    let mut json = false;
    let mut options = Options::default();
    let mut max_counterexamples = 3;
    while let Some(arg) = parser.next()? {
        let flag = match arg {
            Value(file) => {
                files.push(PathBuf::from(file));
                continue;
            }
            Short('h') | Long("help") => return Ok(help()),
            Long(flag) => flag.to_string(),
            other => return Err(other.unexpected()),
        };
        match flag.as_str() {
            "existing" => existing.push(PathBuf::from(parser.value()?)),
            // `--action A…` and `--resource R…` take every value that follows; a value of
            // another shape is a policy file.
            "action" => {
                for value in several(parser)? {
                    let text = value.string()?;
                    if text == "*" || text.contains(':') {
                        actions.push(text);
                    } else {
                        files.push(PathBuf::from(text));
                    }
                }
            }
            "resource" => {
                for value in several(parser)? {
                    let text = value.string()?;
                    if text == "*" || text.starts_with("arn:") {
                        resources.push(text);
                    } else {
                        files.push(PathBuf::from(text));
                    }
                }
            }
            "resource-type" => {
                resource_type = Some(parser.value()?.string()?.parse::<ResourceType>()?)
            }
            "account" => account = Some(parser.value()?.string()?),
            "resource-policy" => options.kind = PolicyKind::Resource,
            "catalog" => catalog = Some(PathBuf::from(parser.value()?)),
            "max-counterexamples" => max_counterexamples = parser.value()?.parse::<usize>()?,
            "format" => {
                json = match parser.value()?.string()?.as_str() {
                    "human" => false,
                    "json" => true,
                    other => {
                        return Err(format!(
                            "invalid value `{other}` for `--format`: expected human or json"
                        )
                        .into())
                    }
                }
            }
            _ => return Err(format!("invalid option `--{flag}`").into()),
        }
    }
    let check = match name.as_str() {
        "no-new-access" => {
            if existing.is_empty() || files.is_empty() {
                return Err("`no-new-access` needs `--existing OLD.json` and NEW.json".into());
            }
            Check::NoNewAccess {
                existing,
                new: files,
            }
        }
        "access-not-granted" => {
            if files.is_empty() || actions.is_empty() {
                return Err("`access-not-granted` needs POLICY.json and `--action A`".into());
            }
            Check::AccessNotGranted {
                policies: files,
                actions,
                resources,
            }
        }
        "public-access" => {
            let (Some(resource_type), [policy]) = (resource_type, files.as_slice()) else {
                return Err(
                    "`public-access` needs one POLICY.json and `--resource-type TYPE`".into(),
                );
            };
            options.kind = if resource_type == ResourceType::IamRoleTrust {
                PolicyKind::Trust
            } else {
                PolicyKind::Resource
            };
            Check::PublicAccess {
                policy: policy.clone(),
                resource_type,
                account,
            }
        }
        "expand" => {
            let [policy] = files.as_slice() else {
                return Err("`expand` needs one POLICY.json".into());
            };
            return Ok(Analyze {
                check: Check::Expand {
                    policy: policy.clone(),
                    other: catalog,
                },
                json,
                options,
                max_counterexamples,
                help: false,
            });
        }
        other => {
            return Err(format!(
                "unknown check `{other}`: expected no-new-access, access-not-granted, public-access or expand"
            )
            .into())
        }
    };
    if let Some(path) = catalog {
        options.catalog = Some(CustomCatalog::new(read_catalog(&path)?));
    }
    Ok(Analyze {
        check,
        json,
        options,
        max_counterexamples,
        help: false,
    })
}

fn help() -> Analyze {
    Analyze {
        check: Check::Expand {
            policy: PathBuf::new(),
            other: None,
        },
        json: false,
        options: Options::default(),
        max_counterexamples: 3,
        help: true,
    }
}

/// The values after an option, at least one.
fn several(parser: &mut lexopt::Parser) -> Result<Vec<OsString>, lexopt::Error> {
    Ok(parser.values()?.collect())
}

fn read_catalog(path: &Path) -> Result<Catalog, lexopt::Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    Catalog::from_json(&text).map_err(|e| format!("{}:{e}", path.display()).into())
}

/// Loads policy files; on failure the findings are reported and the outcome is a usage error
/// (exit 2: the question cannot be answered).
fn load(
    paths: &[PathBuf],
    options: &Options,
    out: &mut Output,
) -> Result<Vec<LoadedPolicy>, Outcome> {
    crate::chain::load_files(paths, options, out).map_err(|_| Outcome::Usage)
}

fn views(loaded: &[LoadedPolicy]) -> Vec<Policy<'_>> {
    loaded.iter().map(LoadedPolicy::as_policy).collect()
}

/// Runs `policy analyze`.
pub fn run(analyze: &Analyze, out: &mut Output) -> Outcome {
    if analyze.help {
        out.stdout(USAGE);
        return Outcome::Clean;
    }
    let custom = analyze.options.catalog.as_ref().map(CustomCatalog::catalog);
    let mut analyzer: Analyzer<'_> =
        Analyzer::new().max_counterexamples(analyze.max_counterexamples);
    if let Some(custom) = custom {
        analyzer = analyzer.with_catalog(custom);
    }
    let options = &analyze.options;
    match &analyze.check {
        Check::NoNewAccess { existing, new } => {
            let (old, new) = match (load(existing, options, out), load(new, options, out)) {
                (Ok(old), Ok(new)) => (old, new),
                _ => return Outcome::Usage,
            };
            let verdict = analyzer.no_new_access(&views(&new), &views(&old));
            report_verdict(&verdict, analyze.json, None, out)
        }
        Check::AccessNotGranted {
            policies,
            actions,
            resources,
        } => {
            let Ok(loaded) = load(policies, options, out) else {
                return Outcome::Usage;
            };
            let actions: Vec<&str> = actions.iter().map(String::as_str).collect();
            let resources: Vec<&str> = resources.iter().map(String::as_str).collect();
            match analyzer.access_not_granted(&views(&loaded), &actions, &resources) {
                Ok(verdict) => report_verdict(&verdict, analyze.json, None, out),
                Err(diagnostics) => {
                    out.problem(&format!(
                        "the actions and resources asked about:\n{diagnostics}"
                    ));
                    Outcome::Usage
                }
            }
        }
        Check::PublicAccess {
            policy,
            resource_type,
            account,
        } => {
            let Ok(loaded) = load(std::slice::from_ref(policy), options, out) else {
                return Outcome::Usage;
            };
            let verdict =
                analyzer.public_access(&loaded[0].as_policy(), *resource_type, account.as_deref());
            report_verdict(&verdict, analyze.json, None, out)
        }
        Check::Expand { policy, other } => {
            expand(&analyzer, policy, other.as_deref(), analyze, out)
        }
    }
}

/// `expand`: the listing, and the verdict on actions not yet known (or added by OTHER).
fn expand(
    analyzer: &Analyzer<'_>,
    path: &Path,
    other: Option<&Path>,
    analyze: &Analyze,
    out: &mut Output,
) -> Outcome {
    let Ok(loaded) = load(&[path.to_path_buf()], &analyze.options, out) else {
        return Outcome::Usage;
    };
    let policy = loaded[0].as_policy();
    let bundled = [Catalog::get()];
    let other = match other.map(read_catalog) {
        Some(Ok(catalog)) => Some(catalog),
        Some(Err(e)) => {
            out.problem(&e.to_string());
            return Outcome::Usage;
        }
        None => None,
    };
    let (verdict, listing) = match &other {
        None => {
            let expansion = iam_policy_analyze::expand(&policy, &bundled);
            let mut text = String::new();
            let mut statements = Vec::new();
            for grant in &expansion.statements {
                text.push_str(&format!(
                    "statement {}: {:?}, {} actions\n",
                    statement_name(grant.index, grant.sid.as_deref()),
                    grant.effect,
                    grant.actions.len()
                ));
                for action in &grant.actions {
                    text.push_str(&format!("  {action}\n"));
                }
                for future in &grant.future {
                    text.push_str(&format!("  and the actions AWS adds: {future}\n"));
                }
                statements.push(json!({
                    "index": grant.index, "sid": grant.sid, "effect": format!("{:?}", grant.effect),
                    "actions": grant.actions, "future": grant.future,
                }));
            }
            (
                analyzer.future_access(&[policy]),
                (text, json!({ "statements": statements })),
            )
        }
        Some(other_catalog) => {
            let changes = iam_policy_analyze::compare(&policy, &bundled, &[other_catalog]);
            let mut text = String::new();
            let mut added_allows: Vec<String> = Vec::new();
            let mut entries = Vec::new();
            for change in &changes {
                if change.added.is_empty() && change.removed.is_empty() {
                    continue;
                }
                text.push_str(&format!(
                    "statement {}: {:?}\n",
                    statement_name(change.index, change.sid.as_deref()),
                    change.effect
                ));
                for a in &change.added {
                    text.push_str(&format!("  + {a}\n"));
                }
                for a in &change.removed {
                    text.push_str(&format!("  - {a}\n"));
                }
                added_allows.extend(change.added.iter().cloned());
                entries.push(json!({
                    "index": change.index, "sid": change.sid, "effect": format!("{:?}", change.effect),
                    "added": change.added, "removed": change.removed,
                }));
            }
            added_allows.sort();
            added_allows.dedup();
            (
                analyzer.any_allowed(&[policy], &added_allows),
                (text, json!({ "changes": entries })),
            )
        }
    };
    report_verdict(&verdict, analyze.json, Some(listing), out)
}

fn statement_name(index: usize, sid: Option<&str>) -> String {
    match sid {
        Some(sid) => format!("#{index} ({sid})"),
        None => format!("#{index}"),
    }
}

/// Writes a verdict (with an optional listing) and returns its exit status.
fn report_verdict(
    verdict: &Verdict,
    as_json: bool,
    listing: Option<(String, serde_json::Value)>,
    out: &mut Output,
) -> Outcome {
    if as_json {
        let mut object = Map::new();
        object.insert("result".into(), json!(verdict.answer.to_string()));
        object.insert(
            "counterexamples".into(),
            verdict
                .counterexamples
                .iter()
                .map(counterexample_json)
                .collect(),
        );
        object.insert("reasons".into(), json!(verdict.reasons));
        if let Some((_, serde_json::Value::Object(extra))) = listing {
            object.extend(extra);
        }
        out.stdout(&format!("{}\n", serde_json::Value::Object(object)));
    } else {
        let mut text = format!("{}\n", verdict.answer);
        for c in &verdict.counterexamples {
            text.push_str(&format!("request: {c}\n"));
        }
        for reason in &verdict.reasons {
            text.push_str(&format!("reason: {reason}\n"));
        }
        if let Some((listing, _)) = listing {
            text.push_str(&listing);
        }
        out.stdout(&text);
    }
    if verdict.is_pass() {
        Outcome::Clean
    } else {
        Outcome::Errors
    }
}

fn counterexample_json(c: &Counterexample) -> serde_json::Value {
    let context: Map<String, serde_json::Value> = c
        .context
        .iter()
        .map(|(k, v)| {
            let value = match v {
                Value::One(s) => json!(s),
                Value::Many(items) => json!(items),
            };
            (k.clone(), value)
        })
        .collect();
    json!({
        "action": c.action,
        "resource": c.resource,
        "principal": c.principal.as_ref().map(ToString::to_string),
        "context": context,
    })
}
