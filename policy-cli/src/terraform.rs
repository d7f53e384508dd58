//! The policies of Terraform files in JSON: a plan (`terraform show -json`) or a configuration
//! (`*.tf.json`). Each policy is a JSON string attribute of a resource or data source, checked
//! with positions inside the file; in a configuration, `${…}` templates are placeholders and a
//! policy that is all template (`"${data.aws_iam_policy_document.x.json}"`) is not checked.

use iam_policy_check::json::{Node, Value};
use iam_policy_check::{Diagnostic, Limits, PolicyKind, SizeQuota};

use crate::cloudformation::get;
use crate::embedded;
use crate::unit::Unit;

/// Whether a tree is a Terraform plan or state in JSON.
pub fn is_plan(root: &Node) -> bool {
    get(root, "terraform_version").is_some()
        && (get(root, "planned_values").is_some() || get(root, "values").is_some())
}

/// Whether a tree is a Terraform configuration in JSON (`*.tf.json`).
pub fn is_configuration(name: &str, root: &Node) -> bool {
    name.ends_with(".tf.json") && (get(root, "resource").is_some() || get(root, "data").is_some())
}

/// Every policy written as JSON text in the configuration's resources.
pub fn configuration_policies(
    file: &str,
    root: &Node,
    limits: &Limits,
) -> (Vec<Unit>, Vec<Diagnostic>) {
    let mut found = Found::new(file, limits, true);
    if let Some(Value::Object(types)) = get(root, "resource").map(|r| &r.value) {
        for kind in types {
            let attributes = attributes("managed", &kind.key);
            let blocks: Vec<(&str, &Node)> = match &kind.value.value {
                Value::Object(names) => names.iter().map(|n| (n.key.as_str(), &n.value)).collect(),
                _ => Vec::new(),
            };
            for (name, block) in blocks {
                // A name may hold one block or an array of them.
                let bodies: Vec<&Node> = match &block.value {
                    Value::Array(items) => items.iter().collect(),
                    _ => vec![block],
                };
                for body in bodies {
                    for (attribute, policy_kind, quota) in attributes {
                        if let Some(node) = get(body, attribute) {
                            let path = format!("{}.{name}.{attribute}", kind.key);
                            found.string(node, path, attribute, *policy_kind, *quota);
                        }
                    }
                }
            }
        }
    }
    (found.units, found.findings)
}

/// The policy attributes of a resource (`managed`) or data source (`data`) type.
fn attributes(mode: &str, kind: &str) -> &'static [(&'static str, PolicyKind, SizeQuota)] {
    match (mode, kind) {
        ("managed", "aws_iam_policy") => &[("policy", PolicyKind::Identity, SizeQuota::Managed)],
        ("managed", "aws_iam_role_policy") => {
            &[("policy", PolicyKind::Identity, SizeQuota::InlineRole)]
        }
        ("managed", "aws_iam_user_policy") => {
            &[("policy", PolicyKind::Identity, SizeQuota::InlineUser)]
        }
        ("managed", "aws_iam_group_policy") => {
            &[("policy", PolicyKind::Identity, SizeQuota::InlineGroup)]
        }
        ("managed", "aws_iam_role") => &[(
            "assume_role_policy",
            PolicyKind::Trust,
            SizeQuota::RoleTrust,
        )],
        ("managed", "aws_s3_bucket_policy" | "aws_sqs_queue_policy" | "aws_sns_topic_policy") => {
            &[("policy", PolicyKind::Resource, SizeQuota::Unchecked)]
        }
        // A policy document data source may hold either kind: its statements tell.
        ("data", "aws_iam_policy_document") => {
            &[("json", PolicyKind::Identity, SizeQuota::Unchecked)]
        }
        _ => &[],
    }
}

/// Every policy of the plan's resources and data sources; a policy string that is not JSON is
/// a finding.
pub fn policies(file: &str, root: &Node, limits: &Limits) -> (Vec<Unit>, Vec<Diagnostic>) {
    let mut found = Found::new(file, limits, false);
    // Planned resources, then data sources read during the plan (`prior_state`).
    for section in ["planned_values", "prior_state", "values"] {
        let Some(values) = get(root, section) else {
            continue;
        };
        let module = get(values, "root_module")
            .or_else(|| get(values, "values").and_then(|v| get(v, "root_module")));
        if let Some(module) = module {
            found.module(module);
        }
    }
    (found.units, found.findings)
}

struct Found<'f> {
    file: &'f str,
    limits: &'f Limits,
    /// Strings hold Terraform templates (a configuration, not a plan).
    templates: bool,
    units: Vec<Unit>,
    findings: Vec<Diagnostic>,
    /// Addresses done, so a data source in both sections is checked once.
    seen: Vec<String>,
}

impl<'f> Found<'f> {
    fn new(file: &'f str, limits: &'f Limits, templates: bool) -> Self {
        Found {
            file,
            limits,
            templates,
            units: Vec::new(),
            findings: Vec::new(),
            seen: Vec::new(),
        }
    }

    fn module(&mut self, module: &Node) {
        if let Some(Value::Array(resources)) = get(module, "resources").map(|r| &r.value) {
            for resource in resources {
                self.resource(resource);
            }
        }
        if let Some(Value::Array(children)) = get(module, "child_modules").map(|c| &c.value) {
            for child in children {
                self.module(child);
            }
        }
    }

    fn resource(&mut self, resource: &Node) {
        let text = |key| match get(resource, key).map(|n| &n.value) {
            Some(Value::String(s)) => s.as_str(),
            _ => "",
        };
        let (address, kind, mode) = (text("address"), text("type"), text("mode"));
        if self.seen.iter().any(|a| a == address) {
            return;
        }
        let Some(values) = get(resource, "values") else {
            return;
        };
        let attributes = attributes(mode, kind);
        if attributes.is_empty() {
            return;
        }
        self.seen.push(address.to_string());
        for (attribute, kind, quota) in attributes {
            if let Some(node) = get(values, attribute) {
                self.string(
                    node,
                    format!("{address}.{attribute}"),
                    attribute,
                    *kind,
                    *quota,
                );
            }
        }
        if kind == "aws_iam_role" {
            if let Some(Value::Array(inline)) = get(values, "inline_policy").map(|n| &n.value) {
                for (index, policy) in inline.iter().enumerate() {
                    if let Some(node) = get(policy, "policy") {
                        let path = format!("{address}.inline_policy[{index}].policy");
                        self.string(
                            node,
                            path,
                            "policy",
                            PolicyKind::Identity,
                            SizeQuota::InlineRole,
                        );
                    }
                }
            }
        }
    }

    /// A policy attribute: a JSON string (an empty one is a policy not set; in a
    /// configuration, one that is not a JSON object is a template of other values).
    fn string(
        &mut self,
        node: &Node,
        path: String,
        attribute: &str,
        kind: PolicyKind,
        quota: SizeQuota,
    ) {
        match &node.value {
            Value::String(s) if self.templates && !s.trim_start().starts_with('{') => return,
            Value::String(s) if !s.trim().is_empty() => {}
            _ => return,
        }
        match embedded::tokens(self.file, node.loc, self.limits, self.templates) {
            Ok(tokens) => {
                let kind = if attribute == "json" && names_principals(&tokens.0) {
                    PolicyKind::Resource
                } else {
                    kind
                };
                self.units
                    .push(Unit::from_tokens(path, kind, quota, tokens));
            }
            Err(finding) => self.findings.push(finding),
        }
    }
}

/// Whether a document names principals (a resource policy) at statement level.
fn names_principals(tokens: &[iam_policy_check::json::Token]) -> bool {
    use iam_policy_check::json::TokenKind;
    tokens
        .iter()
        .any(|t| matches!(&t.kind, TokenKind::String(s) if s == "Principal" || s == "NotPrincipal"))
}
