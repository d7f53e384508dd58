//! The policies of `policy eval`: the identity policies (`--policy`) and every other layer of
//! the request's path (permissions boundary, session policies, service and resource control
//! policies per organization level, the resource-based policy, the VPC endpoint policy), what
//! is known of the caller, and how each layer explains a request.

use std::fmt::Write as _;
use std::path::PathBuf;

use lexopt::ValueExt;
use serde_json::json;

use iam_policy_check::{LoadedPolicy, Options, PolicyKind};
use iam_policy_core::{Chain, ChainDecision, Decision, Layer, LayerStatus, Policy, PolicySet};
use iam_policy_core::{PrincipalKind, Request};

use crate::report;
use crate::source::{self, Problem};
use crate::Outcome;

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

/// Every policy of a `policy eval` run, loaded.
pub struct Loaded {
    identity: Vec<LoadedPolicy>,
    boundary: Option<LoadedPolicy>,
    session: Vec<LoadedPolicy>,
    scp: Vec<Vec<LoadedPolicy>>,
    rcp: Vec<Vec<LoadedPolicy>>,
    resource_policy: Option<LoadedPolicy>,
    endpoint: Option<LoadedPolicy>,
}

impl Loaded {
    /// Loads the identity policies with the run's options (`--kind` applies to them) and
    /// every layer with its kind's rules. Every failure is reported before the worst outcome
    /// is returned.
    pub fn load(
        policies: &[PathBuf],
        layers: &Layers,
        options: &Options,
        out: &mut crate::Output,
    ) -> Result<Self, Outcome> {
        let mut worst = Outcome::Clean;
        let mut load = |files: &[PathBuf], options: &Options| {
            load_files(files, options, out).unwrap_or_else(|outcome| {
                worst = worst.max(outcome);
                Vec::new()
            })
        };
        let identity = load(policies, options);
        let mut with_kind =
            |files: &[PathBuf], kind: PolicyKind| load(files, &options.clone().with_kind(kind));
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
                identity,
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

    /// Lends a [`Chain`] of these policies to `f`.
    pub fn with_chain<R>(&self, layers: &Layers, f: impl FnOnce(Chain<'_, '_>) -> R) -> R {
        let identity: Vec<Policy<'_>> = self.identity.iter().map(LoadedPolicy::as_policy).collect();
        let identity_refs: Vec<&Policy<'_>> = identity.iter().collect();
        let boundary = self.boundary.as_ref().map(LoadedPolicy::as_policy);
        let resource_policy = self.resource_policy.as_ref().map(LoadedPolicy::as_policy);
        let endpoint = self.endpoint.as_ref().map(LoadedPolicy::as_policy);
        let session: Vec<Policy<'_>> = self.session.iter().map(LoadedPolicy::as_policy).collect();
        let session_refs: Vec<&Policy<'_>> = session.iter().collect();
        let (scp, rcp) = (views(&self.scp), views(&self.rcp));
        let (scp_refs, rcp_refs) = (refs(&scp), refs(&rcp));
        let (scp_sets, rcp_sets) = (sets(&scp_refs), sets(&rcp_refs));
        let mut chain = Chain::new(PolicySet::new(&identity_refs))
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

/// Loads the policies of `paths` with `options`; on failure, the findings are already
/// reported.
pub(crate) fn load_files(
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
                    out.findings(&report::FileReport::new(source, diagnostics));
                    outcome = outcome.max(Outcome::Errors);
                }
            },
            Err(Problem::Finding(source, diagnostic)) => {
                out.findings(&report::FileReport::new(source, vec![diagnostic]));
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

/// `Allow by FILE statement #N (Sid "…")` (and ` in LAYER` when `layered`), `ImplicitDeny:
/// no statement allows the request` (or `…: nothing in LAYER allows the request`).
pub fn describe(decision: &ChainDecision<'_>, layered: bool) -> String {
    let Some(statement) = decision.statement() else {
        return match decision {
            ChainDecision::ImplicitDeny { .. } if !layered => {
                "ImplicitDeny: no statement allows the request".to_string()
            }
            ChainDecision::Allow {
                layer: Layer::Root, ..
            } => "Allow by the account root user in its own account".to_string(),
            _ => decision.to_string(),
        };
    };
    let mut text = format!(
        "{} by {} statement #{}",
        decision.kind(),
        statement.policy_name().unwrap_or("?"),
        statement.statement_index()
    );
    if let Some(sid) = statement.sid() {
        let _ = write!(text, " (Sid \"{sid}\")");
    }
    if layered {
        let _ = write!(text, " in {}", decision.layer());
    }
    text
}

/// What one layer says about a request, and its policies' statements.
pub struct LayerExplanation<'s, 'p> {
    pub layer: Layer,
    /// The layer's own decision, or why it does not apply.
    pub status: LayerStatus<'p>,
    pub policies: Vec<&'s Policy<'p>>,
    /// Every statement of the layer's policies and why it applies or not.
    pub verdicts: Vec<crate::eval::Verdict>,
}

/// Every layer of `chain` (only the identity policies when not `layered`), what it says about
/// `request`, and each of its statements; the statement of `decision` is marked as deciding.
pub fn explain<'s, 'p>(
    chain: &Chain<'s, 'p>,
    layered: bool,
    request: &Request<'_>,
    decision: &ChainDecision<'_>,
) -> Vec<LayerExplanation<'s, 'p>> {
    let deciding = |layer: Layer| match (decision.layer() == layer, decision.statement()) {
        (true, Some(statement)) => Some((statement.policy_index(), statement.statement_index())),
        _ => None,
    };
    if !layered {
        let set = chain.identity();
        let status = LayerStatus::Applies(set.evaluate(request));
        let policies = set.as_slice().to_vec();
        let verdicts = crate::eval::explanation(&policies, request, deciding(Layer::Identity));
        return vec![LayerExplanation {
            layer: Layer::Identity,
            status,
            policies,
            verdicts,
        }];
    }
    chain.with_derived_keys(request, |request| {
        chain
            .explain(request)
            .map(|report| {
                let layer = report.layer();
                let policies: Vec<&Policy<'p>> = report.policies().collect();
                let verdicts = crate::eval::explanation(&policies, request, deciding(layer));
                LayerExplanation {
                    layer,
                    status: report.status(),
                    policies,
                    verdicts,
                }
            })
            .collect()
    })
}

/// The explanation as text: `== LAYER: what it says` before each layer's statements (the
/// identity policies alone have no heading).
pub fn explain_text(layers: &[LayerExplanation<'_, '_>], layered: bool, out: &mut String) {
    for explained in layers {
        if layered {
            let _ = writeln!(out, "== {}: {}", explained.layer, status_text(explained));
        }
        crate::eval::explain_text(&explained.policies, &explained.verdicts, out);
    }
}

/// What a layer says, in words.
fn status_text(explained: &LayerExplanation<'_, '_>) -> String {
    match explained.status {
        LayerStatus::NotApplicable(reason) => format!("does not apply: {reason}"),
        LayerStatus::Applies(Decision::Allow(s))
            if matches!(explained.layer, Layer::Rcp { .. })
                && s.policy_name() == Some("RCPFullAWSAccess") =>
        {
            "Allow by RCPFullAWSAccess (attached to every level)".to_string()
        }
        LayerStatus::Applies(decision) => crate::eval::describe(&decision),
    }
}

/// The explanation as JSON: `explanation`, one object a policy (with its layer) and its
/// statements; with layers, also `layers`, one object a layer with what it says.
pub fn explain_json(
    layers: &[LayerExplanation<'_, '_>],
    layered: bool,
    object: &mut serde_json::Value,
) {
    let policies = layers.iter().flat_map(|explained| {
        crate::eval::explain_json(explained.layer, &explained.policies, &explained.verdicts)
    });
    object["explanation"] = serde_json::Value::Array(policies.collect());
    if layered {
        let summaries = layers
            .iter()
            .map(|explained| {
                let layer = explained.layer;
                let (applies, decision, reason) = match explained.status {
                    LayerStatus::Applies(decision) => (true, Some(decision.kind()), None),
                    LayerStatus::NotApplicable(reason) => (false, None, Some(reason)),
                };
                json!({
                    "layer": layer.name(),
                    "level": layer.level(),
                    "applies": applies,
                    "decision": decision,
                    "reason": reason,
                    "summary": status_text(explained),
                })
            })
            .collect();
        object["layers"] = serde_json::Value::Array(summaries);
    }
}
