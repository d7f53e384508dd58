//! The policies of a CloudFormation template (JSON or YAML, read into one tree).

use iam_policy_check::json::{Member, Node, Value};
use iam_policy_check::{PolicyKind, SizeQuota};

use crate::unit::Unit;

/// Whether a tree is a CloudFormation template: `AWSTemplateFormatVersion`, or `Resources`
/// whose entries have an `AWS::…` `Type`.
pub fn is_template(root: &Node) -> bool {
    if get(root, "AWSTemplateFormatVersion").is_some() {
        return true;
    }
    let Some(Value::Object(resources)) = get(root, "Resources").map(|r| &r.value) else {
        return false;
    };
    resources.iter().any(|r| {
        matches!(get(&r.value, "Type").map(|t| &t.value), Some(Value::String(t)) if t.starts_with("AWS::"))
    })
}

/// A member of an object.
pub fn get<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    match &node.value {
        Value::Object(members) => members.iter().find(|m| m.key == key).map(|m| &m.value),
        _ => None,
    }
}

/// Every policy document of the template's resources, in order.
pub fn policies(root: &Node) -> Vec<Unit> {
    let mut units = Vec::new();
    let Some(Value::Object(resources)) = get(root, "Resources").map(|r| &r.value) else {
        return units;
    };
    for Member {
        key: name,
        value: resource,
        ..
    } in resources
    {
        let Some(Value::String(kind)) = get(resource, "Type").map(|t| &t.value) else {
            continue;
        };
        let Some(properties) = get(resource, "Properties") else {
            continue;
        };
        let mut add = |property: &str, kind: PolicyKind, quota: SizeQuota| {
            if let Some(document) = get(properties, property) {
                if matches!(document.value, Value::Object(_)) {
                    let path = format!("Resources.{name}.Properties.{property}");
                    units.push(Unit::from_node(path, kind, quota, document));
                }
            }
        };
        match kind.as_str() {
            "AWS::IAM::ManagedPolicy" => {
                add("PolicyDocument", PolicyKind::Identity, SizeQuota::Managed)
            }
            "AWS::IAM::Policy" => add(
                "PolicyDocument",
                PolicyKind::Identity,
                SizeQuota::InlineRole,
            ),
            "AWS::IAM::RolePolicy" => add(
                "PolicyDocument",
                PolicyKind::Identity,
                SizeQuota::InlineRole,
            ),
            "AWS::IAM::UserPolicy" => add(
                "PolicyDocument",
                PolicyKind::Identity,
                SizeQuota::InlineUser,
            ),
            "AWS::IAM::GroupPolicy" => add(
                "PolicyDocument",
                PolicyKind::Identity,
                SizeQuota::InlineGroup,
            ),
            "AWS::S3::BucketPolicy" | "AWS::SQS::QueuePolicy" | "AWS::SNS::TopicPolicy" => {
                add("PolicyDocument", PolicyKind::Resource, SizeQuota::Unchecked)
            }
            "AWS::KMS::Key" => add("KeyPolicy", PolicyKind::Resource, SizeQuota::Unchecked),
            "AWS::IAM::Role" => {
                add(
                    "AssumeRolePolicyDocument",
                    PolicyKind::Trust,
                    SizeQuota::RoleTrust,
                );
                inline(name, properties, SizeQuota::InlineRole, &mut units);
            }
            "AWS::IAM::User" => inline(name, properties, SizeQuota::InlineUser, &mut units),
            "AWS::IAM::Group" => inline(name, properties, SizeQuota::InlineGroup, &mut units),
            _ => {}
        }
    }
    units
}

/// The inline `Policies` of a role, user or group.
fn inline(name: &str, properties: &Node, quota: SizeQuota, units: &mut Vec<Unit>) {
    let Some(Value::Array(policies)) = get(properties, "Policies").map(|p| &p.value) else {
        return;
    };
    for (index, policy) in policies.iter().enumerate() {
        if let Some(document) = get(policy, "PolicyDocument") {
            if matches!(document.value, Value::Object(_)) {
                let path = format!("Resources.{name}.Properties.Policies[{index}].PolicyDocument");
                units.push(Unit::from_node(path, PolicyKind::Identity, quota, document));
            }
        }
    }
}
