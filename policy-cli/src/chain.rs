//! `policy eval` with every policy on the request's path: permissions boundary, session
//! policies, service and resource control policies per organization level, the
//! resource-based policy, the VPC endpoint policy, and what is known of the caller.

use std::path::{Path, PathBuf};

use lexopt::ValueExt;

use iam_policy_check::{LoadedPolicy, Options, PolicyKind};
use iam_policy_core::{Chain, ChainDecision, Layer, LayerStatus, Policy, PolicySet, PrincipalKind};
use iam_policy_core::{Context, ContextValue, Decision, Request};

use crate::args::{Eval, Requests, Single};
use crate::requests::{Line, Value};
use crate::{values, Outcome};

/// The flags of the layers beside the identity policies (`--policy`).
#[derive(Debug, Default)]
pub struct Layers {
    pub boundary: Option<PathBuf>,
    pub session: Vec<PathBuf>,
    /// One entry per organization level, root first; a level's files.
    pub scp: Vec<Vec<PathBuf>>,
    pub rcp: Vec<Vec<PathBuf>>,
    pub resource_policy: Option<PathBuf>,
    pub endpoint: Option<PathBuf>,
    pub principal_kind: Option<PrincipalKind>,
    pub resource_account: Option<String>,
}

impl Layers {
    /// Reads one of the layer flags; returns whether `flag` was one.
    pub fn flag(&mut self, flag: &str, parser: &mut lexopt::Parser) -> Result<bool, lexopt::Error> {
        let path = |parser: &mut lexopt::Parser| parser.value().map(PathBuf::from);
        match flag {
            "boundary" => once(&mut self.boundary, path(parser)?, flag)?,
            "session-policy" => self.session.push(path(parser)?),
            "scp" => self.scp.push(level(parser, flag)?),
            "rcp" => self.rcp.push(level(parser, flag)?),
            "resource-policy-file" => once(&mut self.resource_policy, path(parser)?, flag)?,
            "endpoint-policy" => once(&mut self.endpoint, path(parser)?, flag)?,
            "principal-kind" => {
                let name = parser.value()?.string()?;
                let kind = PrincipalKind::parse(&name).ok_or_else(|| {
                    let known: Vec<&str> = PrincipalKind::ALL.iter().map(|k| k.as_str()).collect();
                    format!(
                        "invalid value `{name}` for `--principal-kind`: expected one of {}",
                        known.join(", ")
                    )
                })?;
                self.principal_kind = Some(kind);
            }
            "resource-account" => {
                let account = parser.value()?.string()?;
                if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(format!(
                        "invalid value `{account}` for `--resource-account`: expected a 12-digit account ID"
                    )
                    .into());
                }
                self.resource_account = Some(account);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Whether no layer flag was given: `policy eval` then decides with the identity policies
    /// alone, as a `PolicySet` does.
    pub fn is_empty(&self) -> bool {
        self.boundary.is_none()
            && self.session.is_empty()
            && self.scp.is_empty()
            && self.rcp.is_empty()
            && self.resource_policy.is_none()
            && self.endpoint.is_none()
            && self.principal_kind.is_none()
            && self.resource_account.is_none()
    }
}

/// A flag that may be given once.
fn once(slot: &mut Option<PathBuf>, path: PathBuf, flag: &str) -> Result<(), lexopt::Error> {
    if slot.replace(path).is_some() {
        return Err(format!("`--{flag}` may be given once").into());
    }
    Ok(())
}

/// `FILE[,FILE…]`: the policies of one organization level.
fn level(parser: &mut lexopt::Parser, flag: &str) -> Result<Vec<PathBuf>, lexopt::Error> {
    let text = parser.value()?.string()?;
    let files: Vec<PathBuf> = text.split(',').map(PathBuf::from).collect();
    if files.iter().any(|f| f.as_os_str().is_empty()) {
        return Err(format!("`--{flag} {text}`: an empty file name").into());
    }
    Ok(files)
}

/// The layers' policies, loaded.
pub struct Loaded {
    boundary: Option<LoadedPolicy>,
    session: Vec<LoadedPolicy>,
    scp: Vec<Vec<LoadedPolicy>>,
    rcp: Vec<Vec<LoadedPolicy>>,
    resource_policy: Option<LoadedPolicy>,
    endpoint: Option<LoadedPolicy>,
}

/// How a list of files is loaded: with these options, reporting findings; `Err` once
/// everything is reported.
pub type LoadFn<'f> = dyn FnMut(&[PathBuf], &Options) -> Result<Vec<LoadedPolicy>, Outcome> + 'f;

impl Loaded {
    /// Loads every layer, each file checked with its kind's rules. Every failure is reported
    /// before the worst outcome is returned.
    pub fn load(
        layers: &Layers,
        options: &Options,
        load: &mut LoadFn<'_>,
    ) -> Result<Self, Outcome> {
        let mut worst = Outcome::Clean;
        let mut with_kind = |files: &[PathBuf], kind: PolicyKind| {
            let options = options.clone().with_kind(kind);
            load(files, &options).unwrap_or_else(|outcome| {
                worst = worst.max(outcome);
                Vec::new()
            })
        };
        let one = |path: &Option<PathBuf>| path.iter().cloned().collect::<Vec<_>>();
        let boundary = with_kind(&one(&layers.boundary), PolicyKind::Boundary).pop();
        let session = with_kind(&layers.session, PolicyKind::Session);
        let scp = layers
            .scp
            .iter()
            .map(|files| with_kind(files, PolicyKind::Scp))
            .collect();
        let rcp = layers
            .rcp
            .iter()
            .map(|files| with_kind(files, PolicyKind::Rcp))
            .collect();
        let resource_policy = with_kind(&one(&layers.resource_policy), PolicyKind::Resource).pop();
        let endpoint = with_kind(&one(&layers.endpoint), PolicyKind::Resource).pop();
        match worst {
            Outcome::Clean => Ok(Loaded {
                boundary,
                session,
                scp,
                rcp,
                resource_policy,
                endpoint,
            }),
            failed => Err(failed),
        }
    }

    /// Lends a [`Chain`] of these layers around `identity` to `f`.
    pub fn with_chain<R>(
        &self,
        layers: &Layers,
        identity: PolicySet<'_, '_>,
        f: impl FnOnce(Chain<'_, '_>) -> R,
    ) -> R {
        let boundary = self.boundary.as_ref().map(LoadedPolicy::as_policy);
        let resource_policy = self.resource_policy.as_ref().map(LoadedPolicy::as_policy);
        let endpoint = self.endpoint.as_ref().map(LoadedPolicy::as_policy);
        let session: Vec<Policy<'_>> = self.session.iter().map(LoadedPolicy::as_policy).collect();
        let session_refs: Vec<&Policy<'_>> = session.iter().collect();
        let (scp, rcp) = (views(&self.scp), views(&self.rcp));
        let (scp_refs, rcp_refs) = (refs(&scp), refs(&rcp));
        let (scp_sets, rcp_sets) = (sets(&scp_refs), sets(&rcp_refs));
        let mut chain = Chain::new(identity)
            .with_scps(&scp_sets)
            .with_rcps(&rcp_sets);
        if let Some(boundary) = &boundary {
            chain = chain.with_boundary(boundary);
        }
        if !session_refs.is_empty() {
            chain = chain.with_session_policies(PolicySet::new(&session_refs));
        }
        if let Some(policy) = &resource_policy {
            chain = chain.with_resource_policy(policy);
        }
        if let Some(policy) = &endpoint {
            chain = chain.with_endpoint_policy(policy);
        }
        if let Some(kind) = layers.principal_kind {
            chain = chain.with_principal_kind(kind);
        }
        if let Some(account) = &layers.resource_account {
            chain = chain.with_resource_account(account);
        }
        f(chain)
    }
}

/// The views of each level's loaded policies.
fn views(levels: &[Vec<LoadedPolicy>]) -> Vec<Vec<Policy<'_>>> {
    levels
        .iter()
        .map(|level| level.iter().map(LoadedPolicy::as_policy).collect())
        .collect()
}

fn refs<'a, 'p>(levels: &'a [Vec<Policy<'p>>]) -> Vec<Vec<&'a Policy<'p>>> {
    levels.iter().map(|level| level.iter().collect()).collect()
}

fn sets<'a, 'p>(levels: &'a [Vec<&'a Policy<'p>>]) -> Vec<PolicySet<'a, 'p>> {
    levels.iter().map(|level| PolicySet::new(level)).collect()
}

/// `Allow by FILE statement #N (Sid "…") in LAYER`, `ImplicitDeny: nothing in LAYER allows
/// the request`.
pub fn describe(decision: &ChainDecision<'_>) -> String {
    match (decision, decision.statement()) {
        (
            ChainDecision::Allow {
                layer: Layer::Root,
                statement: None,
            },
            _,
        ) => "Allow by the account root user in its own account".to_string(),
        (_, Some(statement)) => {
            let plain = match decision {
                ChainDecision::Allow { .. } => Decision::Allow(statement),
                _ => Decision::ExplicitDeny(statement),
            };
            format!("{} in {}", crate::eval::describe(&plain), decision.layer())
        }
        (_, None) => decision.to_string(),
    }
}

/// Every layer, what it decides, and each of its statements.
pub fn explain(
    chain: &Chain<'_, '_>,
    request: &Request<'_>,
    decision: &ChainDecision<'_>,
) -> String {
    let mut out = String::new();
    for report in chain.explain(request) {
        let layer = report.layer();
        let status = match report.status() {
            LayerStatus::NotApplicable(reason) => format!("does not apply: {reason}"),
            LayerStatus::Applies(Decision::Allow(s))
                if matches!(layer, Layer::Rcp { .. })
                    && s.policy_name() == Some("RCPFullAWSAccess") =>
            {
                "Allow by RCPFullAWSAccess (attached to every level)".to_string()
            }
            LayerStatus::Applies(decision) => crate::eval::describe(&decision),
        };
        out.push_str(&format!("== {layer}: {status}\n"));
        let policies: Vec<&Policy<'_>> = report.policies().collect();
        let set = PolicySet::new(&policies);
        let deciding = match (decision.layer() == layer, decision.statement()) {
            (true, Some(statement)) => Decision::Allow(statement),
            _ => Decision::ImplicitDeny,
        };
        let verdicts = crate::eval::explanation(&set, request, &deciding);
        crate::eval::explain_text(&set, &verdicts, &mut out);
    }
    out
}

/// `policy eval` with layers: the first line names the deciding layer; `--requests` prints
/// one decision word a line.
pub fn run(eval: &Eval, identity: PolicySet<'_, '_>, out: &mut crate::Output) -> Outcome {
    let mut load =
        |paths: &[PathBuf], options: &Options| crate::eval::load_paths(paths, options, out);
    let layers = match Loaded::load(&eval.layers, &eval.options, &mut load) {
        Ok(layers) => layers,
        Err(outcome) => return outcome,
    };
    layers.with_chain(&eval.layers, identity, |chain| match &eval.requests {
        Requests::Single(single) => {
            let text = single_request(&chain, single, eval.explain);
            out.stdout(&text);
            Outcome::Clean
        }
        Requests::Batch(path) => batch(&chain, path, out),
    })
}

fn single_request(chain: &Chain<'_, '_>, single: &Single, explain_all: bool) -> String {
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
    let decision = chain.evaluate(&request);
    let mut text = describe(&decision);
    text.push('\n');
    if explain_all {
        text.push('\n');
        text.push_str(
            &chain.with_derived_keys(&request, |request| explain(chain, request, &decision)),
        );
    }
    text
}

/// One decision word a line of a JSON Lines file; a bad line prints `Error`.
fn batch(chain: &Chain<'_, '_>, path: &Path, out: &mut crate::Output) -> Outcome {
    let name = path.display().to_string();
    let text = if path == Path::new("-") {
        let mut text = String::new();
        if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut text) {
            out.problem(&format!("cannot read standard input: {e}"));
            return Outcome::Usage;
        }
        text
    } else {
        match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                out.problem(&format!("cannot read `{name}`: {e}"));
                return Outcome::Usage;
            }
        }
    };
    let mut outcome = Outcome::Clean;
    let mut words = String::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match decide_line(chain, line) {
            Ok(word) => words.push_str(word),
            Err(message) => {
                out.problem(&format!("{name}:{}: {message}", number + 1));
                outcome = Outcome::Errors;
                words.push_str("Error");
            }
        }
        words.push('\n');
    }
    out.stdout(&words);
    outcome
}

fn decide_line(chain: &Chain<'_, '_>, text: &str) -> Result<&'static str, String> {
    let line = Line::parse(text)?;
    let lists: Vec<Vec<&str>> = line
        .context
        .iter()
        .map(|(_, value)| match value {
            Value::Many(items) => items.iter().map(|s| s.as_ref()).collect(),
            _ => Vec::new(),
        })
        .collect();
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
    Ok(match &line.resource_account {
        Some(account) => chain
            .with_resource_account(account)
            .evaluate(&request)
            .kind(),
        None => chain.evaluate(&request).kind(),
    })
}
