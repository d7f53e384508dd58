//! The resources of a call: ARNs the record names, kept for the actions whose resource types
//! they are.
//!
//! The ARNs come from `resources[]`, from `requestParameters` values that are ARNs, and from
//! the parameters that name a resource by name: an S3 `bucketName` (and `key`), a CloudTrail
//! trail `name` or `trailName` (the trail's ARN with the record's region and account). An ARN
//! is of the resource type of the action's service whose ARN template it fits with the most
//! literal text (`bucket/key` is an `object`, not a `bucket`); an action keeps the ARNs of its
//! own types. An action that supports no resource type is requested on `*`.

use std::collections::HashMap;
use std::sync::Arc;

use iam_policy_check::catalog::Catalog;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::record::{text, Record};

/// A resource type's ARN template, split for matching.
#[derive(Debug)]
struct Template {
    name: String,
    service: String,
    /// Whether the template has a region, an account.
    has_region: bool,
    has_account: bool,
    /// The placeholders' names, in order.
    placeholders: Vec<String>,
    /// The resource part: literal pieces, each placeholder between two of them.
    pieces: Vec<String>,
    literal: usize,
}

/// The resource types of one action.
#[derive(Debug)]
struct ActionTypes {
    /// Indexes into the service's templates.
    own: Vec<usize>,
    takes_none: bool,
}

/// Resource types by service and action, parsed from the catalog once each.
#[derive(Debug, Default)]
pub struct ResourceTypes {
    services: HashMap<String, Arc<[Template]>>,
    actions: HashMap<Arc<str>, Arc<ActionTypes>>,
}

impl ResourceTypes {
    fn of(&mut self, catalog: &Catalog, action: &Arc<str>) -> (Arc<[Template]>, Arc<ActionTypes>) {
        let (prefix, name) = action.split_once(':').unwrap_or((action, ""));
        if let (Some(templates), Some(types)) =
            (self.services.get(prefix), self.actions.get(action))
        {
            return (Arc::clone(templates), Arc::clone(types));
        }
        let service = catalog.service(prefix);
        let templates = self
            .services
            .entry(prefix.to_string())
            .or_insert_with(|| {
                service
                    .into_iter()
                    .flat_map(|s| s.resource_types())
                    .filter_map(|t| Template::parse(t.name(), t.arn()))
                    .collect()
            })
            .clone();
        let types = self
            .actions
            .entry(Arc::clone(action))
            .or_insert_with(|| {
                let info = service.and_then(|s| Some((s, s.action(name)?)));
                let own = info
                    .map(|(s, a)| {
                        s.resource_types_of(a)
                            .filter_map(|t| templates.iter().position(|x| x.name == t.name()))
                            .collect()
                    })
                    .unwrap_or_default();
                let takes_none = info.is_none_or(|(_, a)| a.needs_star());
                Arc::new(ActionTypes { own, takes_none })
            })
            .clone();
        (templates, types)
    }

    /// The names of an action's resource types, for messages.
    pub fn names_of(&mut self, catalog: &Catalog, action: &Arc<str>) -> String {
        let (templates, types) = self.of(catalog, action);
        let names: Vec<&str> = types
            .own
            .iter()
            .map(|i| templates[*i].name.as_str())
            .collect();
        names.join(", ")
    }
}

impl Template {
    fn parse(name: &str, arn: &str) -> Option<Template> {
        let mut fields = arn.splitn(6, ':');
        let (_, _, service, region, account, resource) = (
            fields.next()?,
            fields.next()?,
            fields.next()?,
            fields.next()?,
            fields.next()?,
            fields.next()?,
        );
        let mut pieces = vec![String::new()];
        let mut placeholders = Vec::new();
        let mut rest = resource;
        while let Some(start) = rest.find("${") {
            let end = rest[start..].find('}')? + start;
            pieces.last_mut()?.push_str(&rest[..start]);
            placeholders.push(rest[start + 2..end].to_string());
            pieces.push(String::new());
            rest = &rest[end + 1..];
        }
        pieces.last_mut()?.push_str(rest);
        Some(Template {
            name: name.to_string(),
            service: service.to_string(),
            has_region: !region.is_empty(),
            has_account: !account.is_empty(),
            placeholders,
            literal: pieces.iter().map(String::len).sum(),
            pieces,
        })
    }

    /// Whether an ARN of service field `service` and resource part `resource` is of this
    /// type: same service, and a resource part that is the template's with each placeholder
    /// replaced by some non-empty text.
    fn fits(&self, (service, resource): (&str, &str)) -> bool {
        service == self.service && pieces_match(&self.pieces, resource)
    }
}

impl Template {
    /// The ARN of this type for a resource named `name`, in the record's partition, region
    /// and account; `None` unless the template has exactly one placeholder in its resource
    /// part.
    fn arn_named(
        &self,
        partition: &str,
        region: &str,
        account: &str,
        name: &str,
    ) -> Option<String> {
        let [before, after] = self.pieces.as_slice() else {
            return None;
        };
        if (self.has_region && region.is_empty()) || (self.has_account && account.is_empty()) {
            return None;
        }
        let region = if self.has_region { region } else { "" };
        let account = if self.has_account { account } else { "" };
        Some(concat(&[
            "arn:",
            partition,
            ":",
            &self.service,
            ":",
            region,
            ":",
            account,
            ":",
            before,
            name,
            after,
        ]))
    }
}

/// The value of the request parameter that names a template's one placeholder: the parameter
/// of the placeholder's name (case ignored; `…WithoutLeadingSlash` names the parameter without
/// that suffix, whose value loses its leading `/`). A placeholder `…WithPath` is never filled
/// from a name alone: the path is not in the record.
fn parameter_naming(
    parameters: &serde_json::Map<String, Value>,
    placeholder: &str,
) -> Option<String> {
    if placeholder.ends_with("WithPath") {
        return None;
    }
    let (key, strip) = match placeholder.strip_suffix("WithoutLeadingSlash") {
        Some(key) => (key, true),
        None => (placeholder, false),
    };
    let value = parameters
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(key))
        .and_then(|(_, value)| value.as_str())
        .filter(|v| !v.is_empty() && !v.starts_with("arn:") && !v.contains(['*', '?']))?;
    Some(
        if strip {
            value.trim_start_matches('/')
        } else {
            value
        }
        .to_string(),
    )
}

/// The pieces joined (an ARN), in one allocation.
fn concat(pieces: &[&str]) -> String {
    let mut text = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    for piece in pieces {
        text.push_str(piece);
    }
    text
}

/// The service field and the resource part of an ARN.
fn service_and_resource(arn: &str) -> Option<(&str, &str)> {
    let mut fields = arn.splitn(6, ':');
    match (
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
    ) {
        (Some("arn"), Some(_), Some(service), Some(_), Some(_), Some(resource)) => {
            Some((service, resource))
        }
        _ => None,
    }
}

/// `text` is `pieces[0] X pieces[1] X … pieces[n]`, each `X` non-empty.
fn pieces_match(pieces: &[String], text: &str) -> bool {
    let Some((first, rest)) = pieces.split_first() else {
        return text.is_empty();
    };
    let Some(after) = text.strip_prefix(first.as_str()) else {
        return false;
    };
    match rest {
        [] => after.is_empty(),
        [last] if last.is_empty() => !after.is_empty(),
        _ => {
            // The placeholder ends where an occurrence of the next piece starts, one
            // character in at least.
            let next = rest[0].as_str();
            after
                .match_indices(next)
                .filter(|(at, _)| *at > 0)
                .any(|(at, _)| pieces_match(rest, &after[at..]))
        }
    }
}

/// The parameters that name resources by name.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct NamedParameters<'a> {
    #[serde(borrow)]
    bucket_name: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    key: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    name: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    trail_name: Option<std::borrow::Cow<'a, str>>,
}

/// The ARNs a record names, in order, without repeats.
fn named_arns(record: &Record<'_>, prefix: &str, partition: &str) -> Vec<String> {
    let mut arns: Vec<String> = Vec::new();
    let mut add = |arn: String| {
        if !arns.contains(&arn) {
            arns.push(arn);
        }
    };
    for resource in record.resources.iter().flatten() {
        if let Some(arn) = resource.arn.as_deref().filter(|a| a.starts_with("arn:")) {
            add(arn.to_string());
        }
    }
    let Some(parameters) = record.request_parameters else {
        return arns;
    };
    let named =
        || -> NamedParameters<'_> { serde_json::from_str(parameters.get()).unwrap_or_default() };
    match prefix {
        "s3" => {
            let named = named();
            if let Some(bucket) = named.bucket_name.as_deref().filter(|b| !b.is_empty()) {
                add(concat(&["arn:", partition, ":s3:::", bucket]));
                if let Some(key) = named.key.as_deref().filter(|k| !k.is_empty()) {
                    add(concat(&["arn:", partition, ":s3:::", bucket, "/", key]));
                }
            }
        }
        "cloudtrail" => {
            let named = named();
            let region = text(&record.aws_region);
            let account = text(&record.recipient_account_id);
            for trail in [&named.name, &named.trail_name].into_iter().flatten() {
                if trail.starts_with("arn:") {
                    add(trail.to_string());
                } else if !trail.is_empty() && !region.is_empty() && !account.is_empty() {
                    add(concat(&[
                        "arn:",
                        partition,
                        ":cloudtrail:",
                        region,
                        ":",
                        account,
                        ":trail/",
                        trail,
                    ]));
                }
            }
        }
        _ => {}
    }
    for arn in parameter_arns(parameters) {
        add(arn);
    }
    arns
}

/// The ARNs among the top-level values of `requestParameters` (strings and lists of them).
fn parameter_arns(parameters: &RawValue) -> Vec<String> {
    if !parameters.get().contains("\"arn:") {
        return Vec::new();
    }
    let Some(map) = crate::parameters::top_level(parameters.get()) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for value in map.values() {
        match value {
            Value::String(text) if text.starts_with("arn:") => found.push(text.clone()),
            Value::Array(items) => found.extend(
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .filter(|t| t.starts_with("arn:"))
                    .map(str::to_string),
            ),
            _ => {}
        }
    }
    found
}

/// The resources `action` was requested on, and whether the action takes none (then `*`).
/// Empty when the action takes resources and the record names none of its types.
pub fn resources_of(
    catalog: &Catalog,
    types: &mut ResourceTypes,
    record: &Record<'_>,
    action: &Arc<str>,
    partition: &str,
) -> (Vec<String>, bool) {
    let (templates, own) = types.of(catalog, action);
    if own.takes_none {
        return (vec!["*".to_string()], true);
    }
    let prefix = action.split_once(':').map_or("", |(p, _)| p);
    let mut kept = Vec::new();
    for arn in named_arns(record, prefix, partition) {
        let Some(parts) = service_and_resource(&arn) else {
            continue;
        };
        let best = templates
            .iter()
            .filter(|t| t.fits(parts))
            .map(|t| t.literal)
            .max();
        let Some(best) = best else { continue };
        let is_own = own
            .own
            .iter()
            .any(|i| templates[*i].literal == best && templates[*i].fits(parts));
        if is_own {
            kept.push(arn);
        }
    }
    if kept.is_empty() {
        kept = arns_from_names(record, &templates, &own.own, partition);
    }
    if kept.is_empty() && prefix == "iam" {
        kept.extend(calling_user(record, &templates, &own.own));
    }
    (kept, false)
}

/// IAM's operations on a user act on the calling user when the request names none ("If you
/// do not specify a user name, IAM determines the user name implicitly based on the AWS access
/// key ID used to sign the request"): the caller's ARN, for an IAM user's call without
/// `userName`.
fn calling_user(record: &Record<'_>, templates: &[Template], own: &[usize]) -> Option<String> {
    let identity = record.user_identity.as_ref()?;
    if identity.kind.as_deref() != Some("IAMUser")
        || !own.iter().any(|i| templates[*i].name == "user")
    {
        return None;
    }
    let names_user = record
        .request_parameters
        .is_some_and(|p| p.get().contains("\"userName\""));
    let arn = identity.arn.as_deref()?;
    (!names_user && arn.starts_with("arn:")).then(|| arn.to_string())
}

/// The ARNs of the action's resource types built from the parameters that name them.
fn arns_from_names(
    record: &Record<'_>,
    templates: &[Template],
    own: &[usize],
    partition: &str,
) -> Vec<String> {
    // Only a type whose resource part has one placeholder, not a path, is named by a parameter.
    let named = |i: &usize| {
        let placeholders = templates[*i].placeholders.as_slice();
        matches!(placeholders, [one] if !one.ends_with("WithPath"))
    };
    if !own.iter().any(named) {
        return Vec::new();
    }
    let Some(parameters) = record
        .request_parameters
        .and_then(|p| crate::parameters::top_level(p.get()))
    else {
        return Vec::new();
    };
    let region = text(&record.aws_region);
    let account = text(&record.recipient_account_id);
    let mut found = Vec::new();
    for template in own.iter().map(|i| &templates[*i]) {
        let [placeholder] = template.placeholders.as_slice() else {
            continue;
        };
        if let Some(arn) = parameter_naming(&parameters, placeholder)
            .and_then(|name| template.arn_named(partition, region, account, &name))
        {
            if !found.contains(&arn) {
                found.push(arn);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn placeholders_take_some_text() {
        let object = pieces(&["", "/", ""]);
        assert!(pieces_match(&object, "bucket/key/with/slashes"));
        assert!(!pieces_match(&object, "bucket"));
        assert!(!pieces_match(&object, "/key"));
        let trail = pieces(&["trail/", ""]);
        assert!(pieces_match(&trail, "trail/Default"));
        assert!(!pieces_match(&trail, "trail/"));
        assert!(!pieces_match(&trail, "eventdatastore/x"));
        let two = pieces(&["a/", "/b/", ""]);
        assert!(pieces_match(&two, "a/x/b/y/b/z"));
        assert!(!pieces_match(&two, "a//b/z"));
    }

    #[test]
    fn an_object_arn_is_no_bucket() {
        let catalog = Catalog::get();
        let mut types = ResourceTypes::default();
        let record = Record::parse(
            r#"{"awsRegion": "us-east-1", "requestParameters": {"bucketName": "b", "key": "k/1"}}"#,
        )
        .unwrap();
        let of = |types: &mut ResourceTypes, action: &str| {
            resources_of(catalog, types, &record, &Arc::from(action), "aws").0
        };
        assert_eq!(of(&mut types, "s3:GetObject"), ["arn:aws:s3:::b/k/1"]);
        assert_eq!(of(&mut types, "s3:ListBucket"), ["arn:aws:s3:::b"]);
        assert_eq!(of(&mut types, "s3:ListAllMyBuckets"), ["*"]);
    }
}
