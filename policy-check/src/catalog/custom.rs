//! An application's own services, from a JSON file (`policy-catalog.json` next to the crate's
//! `Cargo.toml` for `policy!`; `--catalog FILE` for the command-line tool).
//!
//! ```json
//! { "services": [{
//!     "prefix": "myapp",
//!     "actions": [
//!         { "name": "DeleteInvoice", "access_level": "Write",
//!           "resource_types": ["invoice"], "condition_keys": ["myapp:InvoiceStatus"] },
//!         { "name": "ListInvoices", "access_level": "List" }
//!     ],
//!     "resource_types": [
//!         { "name": "invoice", "arn": "arn:myapp:invoices::${Account}:invoice/${InvoiceId}" }
//!     ],
//!     "condition_keys": [ { "name": "myapp:InvoiceStatus", "type": "String" } ]
//! }] }
//! ```
//!
//! Only `prefix` and the names are required. `access_level` is one of `Read`, `Write`, `List`,
//! `Tagging`, `Permissions management` (default `Write`); `resource_types` names the types an
//! action applies to (none: it needs `"Resource": "*"`); `type` is AWS's name of a key type
//! (`String`, `ArrayOfString`, `ARN`, `Bool`, `Numeric`, `Date`, `IPAddress`, …); `${…}` in an
//! ARN template or key stands for any text. The partition of an ARN template may be the
//! application's own (`myapp`): policies may then use it in ARNs of that service.
//!
//! A `prefix` AWS already has **extends** AWS's service: its actions, resource types and keys
//! are added to AWS's (an action of the same name replaces AWS's definition; an action may name
//! AWS's resource types and keys). This is how a policy uses an AWS name newer than the
//! built-in catalog:
//!
//! ```
//! use iam_policy_check::catalog::Catalog;
//! let catalog = Catalog::from_json(r#"{"services": [{"prefix": "s3",
//!     "actions": [{"name": "RenameObject", "resource_types": ["object"]}]}]}"#).unwrap();
//! let s3 = catalog.service("s3").unwrap();
//! assert!(s3.action("RenameObject").is_some());
//! assert!(s3.action("GetObject").is_some());
//! ```

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use std::sync::OnceLock;

use super::{
    AccessLevel, ActionInfo, Actions, Catalog, ConditionKey, KeyType, ResourceType, Retired,
    Service, REQUIRED,
};
use crate::diagnostic::Loc;
use crate::syntax::json::{self, Node, Value};
use crate::syntax::limits::Limits;
use crate::syntax::position::LineColumn;

/// Why an application's catalog cannot be read: what and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogError {
    /// What is wrong.
    pub message: String,
    /// Where, in bytes of the file.
    pub loc: Loc,
    /// Where, as line and column.
    pub at: LineColumn,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.at.line, self.at.column, self.message)
    }
}

impl std::error::Error for CatalogError {}

struct Reader<'t> {
    text: &'t str,
}

impl Reader<'_> {
    fn error(&self, loc: Loc, message: impl Into<String>) -> CatalogError {
        CatalogError {
            message: message.into(),
            loc,
            at: LineColumn::of(self.text, loc.start as usize),
        }
    }

    /// The members of an object, checked against the allowed names.
    fn object<'n>(
        &self,
        node: &'n Node,
        what: &str,
        allowed: &[&str],
    ) -> Result<BTreeMap<&'n str, &'n Node>, CatalogError> {
        let Value::Object(members) = &node.value else {
            return Err(self.error(node.loc, format!("{what} must be an object")));
        };
        let mut out = BTreeMap::new();
        for member in members {
            if !allowed.contains(&member.key.as_str()) {
                let names: Vec<String> = allowed.iter().map(|a| format!("`{a}`")).collect();
                return Err(self.error(
                    member.key_loc,
                    format!(
                        "unknown field `{}` in {what}: expected {}",
                        member.key,
                        names.join(", ")
                    ),
                ));
            }
            if out.insert(member.key.as_str(), &member.value).is_some() {
                return Err(self.error(
                    member.key_loc,
                    format!("duplicate field `{}` in {what}", member.key),
                ));
            }
        }
        Ok(out)
    }

    fn string<'n>(&self, node: &'n Node, what: &str) -> Result<&'n str, CatalogError> {
        match &node.value {
            Value::String(s) => Ok(s),
            _ => Err(self.error(node.loc, format!("{what} must be a string"))),
        }
    }

    fn array<'n>(&self, node: Option<&&'n Node>, what: &str) -> Result<&'n [Node], CatalogError> {
        match node.map(|n| &n.value) {
            None => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(_) => Err(self.error(
                node.map_or(Loc::default(), |n| n.loc),
                format!("{what} must be an array"),
            )),
        }
    }

    fn required<'n>(
        &self,
        members: &BTreeMap<&str, &'n Node>,
        field: &str,
        parent: &Node,
        what: &str,
    ) -> Result<&'n str, CatalogError> {
        match members.get(field) {
            Some(node) => self.string(node, &format!("`{field}` of {what}")),
            None => Err(self.error(parent.loc, format!("{what} has no `{field}`"))),
        }
    }
}

fn is_name(text: &str, extra: &[u8]) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || extra.contains(&b))
}

pub(super) fn read(text: &str) -> Result<Catalog, CatalogError> {
    let reader = Reader { text };
    let limits = Limits::default();
    let located = |error: crate::Diagnostic| reader.error(error.loc, error.message);
    let tokens = crate::syntax::lexer::tokenize(text, &limits).map_err(located)?;
    let end = Loc::new(text.len() as u32, text.len() as u32);
    let root = json::parse(&tokens, end, &limits).map_err(located)?;
    let top = reader.object(&root, "the catalog", &["services", "$schema", "comment"])?;
    let mut services = Vec::new();
    for node in reader.array(top.get("services"), "`services`")? {
        services.push(service(&reader, node)?);
    }
    services.sort_by(|a: &Service, b| a.prefix.cmp(&b.prefix));
    if let Some(pair) = services.windows(2).find(|w| w[0].prefix == w[1].prefix) {
        return Err(reader.error(
            root.loc,
            format!("the service `{}` is declared twice", pair[0].prefix),
        ));
    }
    let counts = (
        services.len(),
        services.iter().map(|s| s.table().list.len()).sum(),
    );
    let mut catalog = Catalog {
        source: Cow::Borrowed("application"),
        version: Cow::Borrowed(""),
        date: Cow::Borrowed(""),
        generated: Cow::Borrowed(""),
        counts,
        services,
        globals: Vec::new(),
        retired: Retired::default(),
        arn_index: Default::default(),
        by_prefix: Default::default(),
    };
    catalog.index();
    Ok(catalog)
}

fn service(reader: &Reader<'_>, node: &Node) -> Result<Service, CatalogError> {
    let members = reader.object(
        node,
        "a service",
        &[
            "prefix",
            "name",
            "actions",
            "resource_types",
            "condition_keys",
            "comment",
        ],
    )?;
    let prefix = reader.required(&members, "prefix", node, "a service")?;
    if !is_name(prefix, b"-") || prefix.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(reader.error(
            members["prefix"].loc,
            format!("the prefix `{prefix}` may hold only lowercase letters, digits and `-`"),
        ));
    }
    let what = format!("the service `{prefix}`");
    // A service AWS has is extended: its actions, resource types and keys stay, the file's
    // are added (an action the file declares again takes the file's definition).
    let aws = Catalog::get().service(prefix);
    let mut service = Service {
        prefix: Cow::Owned(prefix.to_string()),
        keys: aws.map(|s| s.keys.clone()).unwrap_or_default(),
        resources: aws.map(|s| s.resources.clone()).unwrap_or_default(),
        action_lines: "",
        actions: OnceLock::new(),
        refs: aws.map(|s| s.refs.clone()).unwrap_or_default(),
    };
    for key in reader.array(
        members.get("condition_keys"),
        &format!("`condition_keys` of {what}"),
    )? {
        let fields = reader.object(key, "a condition key", &["name", "type", "comment"])?;
        let name = reader.required(&fields, "name", key, "a condition key")?;
        if name
            .split_once(':')
            .is_none_or(|(p, n)| p.is_empty() || n.is_empty())
        {
            return Err(reader.error(
                fields["name"].loc,
                format!("the condition key `{name}` must be `service:Name`"),
            ));
        }
        let type_name = match fields.get("type") {
            Some(node) => reader.string(node, "`type`")?,
            None => "String",
        };
        let Some((kind, multivalued)) = KeyType::from_name(type_name) else {
            return Err(reader.error(
                fields.get("type").map_or(key.loc, |n| n.loc),
                format!("unknown key type `{type_name}`: expected `String`, `ArrayOfString`, `ARN`, `ArrayOfARN`, `Bool`, `Numeric`, `Date` or `IPAddress`"),
            ));
        };
        if aws.is_some_and(|s| s.keys.iter().any(|k| k.name.eq_ignore_ascii_case(name))) {
            continue;
        }
        service.keys.push(ConditionKey {
            name: Cow::Owned(name.to_string()),
            kind,
            multivalued,
        });
    }
    let key_index = |service: &Service, name: &str, loc: Loc| -> Result<u16, CatalogError> {
        service
            .keys
            .iter()
            .position(|k| k.name.eq_ignore_ascii_case(name))
            .map(|i| i as u16)
            .ok_or_else(|| {
                reader.error(
                    loc,
                    format!(
                        "the condition key `{name}` is not among the `condition_keys` of {what}"
                    ),
                )
            })
    };
    for resource in reader.array(
        members.get("resource_types"),
        &format!("`resource_types` of {what}"),
    )? {
        let fields = reader.object(
            resource,
            "a resource type",
            &["name", "arn", "condition_keys", "comment"],
        )?;
        let name = reader.required(&fields, "name", resource, "a resource type")?;
        let arn = reader.required(&fields, "arn", resource, "a resource type")?;
        if !arn.starts_with("arn:") || arn.splitn(6, ':').count() < 6 {
            return Err(reader.error(
                fields["arn"].loc,
                format!("the ARN template `{arn}` must be `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`"),
            ));
        }
        let start = service.refs.len() as u32;
        for key in reader.array(fields.get("condition_keys"), "`condition_keys`")? {
            let key_name = reader.string(key, "a condition key")?;
            let index = key_index(&service, key_name, key.loc)?;
            service.refs.push(index);
        }
        service.resources.push(ResourceType::new(
            Cow::Owned(name.to_string()),
            Cow::Owned(arn.to_string()),
            (start, service.refs.len() as u32),
        ));
    }
    let mut actions = Actions::default();
    let mut declared = Vec::new();
    for action in reader.array(members.get("actions"), &format!("`actions` of {what}"))? {
        let fields = reader.object(
            action,
            "an action",
            &[
                "name",
                "access_level",
                "resource_types",
                "condition_keys",
                "comment",
            ],
        )?;
        let name = reader.required(&fields, "name", action, "an action")?;
        if !is_name(name, b"-") {
            return Err(reader.error(
                fields["name"].loc,
                format!("the action name `{name}` may hold only letters, digits and `-`"),
            ));
        }
        let level = match fields.get("access_level") {
            Some(node) => {
                let level = reader.string(node, "`access_level`")?;
                AccessLevel::from_name(level).ok_or_else(|| {
                    reader.error(node.loc, format!("unknown access level `{level}`: expected `Read`, `Write`, `List`, `Tagging` or `Permissions management`"))
                })?
            }
            None => AccessLevel::Write,
        };
        let start = actions.refs.len() as u32;
        for resource in reader.array(fields.get("resource_types"), "`resource_types`")? {
            let type_name = reader.string(resource, "a resource type")?;
            let (type_name, required) = match type_name.strip_suffix('*') {
                Some(n) => (n, true),
                None => (type_name, false),
            };
            // The file's own type of that name first, then AWS's.
            let index = service
                .resources
                .iter()
                .rposition(|r| r.name == type_name)
                .ok_or_else(|| reader.error(resource.loc, format!("the resource type `{type_name}` is not among the `resource_types` of {what}")))?;
            actions.refs.push(if required {
                index as u16 | REQUIRED
            } else {
                index as u16
            });
        }
        let middle = actions.refs.len() as u32;
        for key in reader.array(fields.get("condition_keys"), "`condition_keys`")? {
            let key_name = reader.string(key, "a condition key")?;
            if key_name.len() > 4 && key_name[..4].eq_ignore_ascii_case("aws:") {
                continue;
            }
            let index = key_index(&service, key_name, key.loc)?;
            actions.refs.push(index);
        }
        if declared.iter().any(|d: &&str| d.eq_ignore_ascii_case(name)) {
            return Err(reader.error(
                fields["name"].loc,
                format!("the action `{prefix}:{name}` is declared twice"),
            ));
        }
        declared.push(name);
        actions.list.push(ActionInfo {
            name: Cow::Owned(name.to_string()),
            level,
            resources: (start, middle),
            keys: (middle, actions.refs.len() as u32),
        });
    }
    if let Some(aws) = aws {
        add_aws_actions(&mut actions, aws);
    }
    actions
        .list
        .sort_by(|a, b| super::compare_lowercase(&a.name, &b.name.to_ascii_lowercase()));
    service.actions = OnceLock::from(actions.indexed());
    Ok(service)
}

/// Adds AWS's actions of the service to the file's, except those the file declares again.
fn add_aws_actions(actions: &mut Actions, aws: &Service) {
    let table = aws.table();
    let declared = actions.list.len();
    // AWS's numbers follow the file's.
    let base = actions.refs.len() as u32;
    let shift = |(start, end): (u32, u32)| (start + base, end + base);
    for action in &table.list {
        if actions.list[..declared]
            .iter()
            .any(|a| a.name.eq_ignore_ascii_case(&action.name))
        {
            continue;
        }
        let mut copy = action.clone();
        copy.resources = shift(action.resources);
        copy.keys = shift(action.keys);
        actions.list.push(copy);
    }
    actions.refs.extend_from_slice(&table.refs);
    actions.operations.extend(
        table
            .operations
            .iter()
            .filter(|o| {
                !actions
                    .list
                    .iter()
                    .any(|a| a.name.eq_ignore_ascii_case(o.name))
            })
            .cloned(),
    );
}

#[cfg(test)]
mod tests {
    use super::super::Catalog;

    #[test]
    fn errors_name_the_place() {
        let error =
            Catalog::from_json("{\"services\": [{\"prefix\": \"myapp\", \"actionz\": []}]}")
                .unwrap_err();
        assert!(error.message.contains("unknown field `actionz`"), "{error}");
        assert_eq!(error.at.line, 1);
        let error = Catalog::from_json(r#"{"services": [{"prefix": "myapp", "actions": [{"name": "A", "resource_types": ["nope"]}]}]}"#).unwrap_err();
        assert!(error.message.contains("`nope`"), "{error}");
        let error = Catalog::from_json(r#"{"services": [{"prefix": "MyApp"}]}"#).unwrap_err();
        assert!(error.message.contains("lowercase"), "{error}");
    }

    #[test]
    fn reads_a_service() {
        let catalog = Catalog::from_json(r#"{"services": [{"prefix": "myapp",
            "actions": [{"name": "ListInvoices", "access_level": "List"},
                        {"name": "DeleteInvoice", "resource_types": ["invoice*"], "condition_keys": ["myapp:Status", "aws:ResourceTag/x"]}],
            "resource_types": [{"name": "invoice", "arn": "arn:myapp:invoices::${Account}:invoice/${Id}"}],
            "condition_keys": [{"name": "myapp:Status", "type": "ArrayOfString"}]}]}"#).unwrap();
        let myapp = catalog.service("myapp").unwrap();
        let delete = myapp.action("deleteinvoice").unwrap();
        assert_eq!(myapp.resource_types_of(delete).count(), 1);
        let key = myapp.condition_keys_of(delete).next().unwrap();
        assert!(key.is_multivalued());
        assert!(myapp.action("ListInvoices").unwrap().needs_star());
        assert_eq!(
            catalog.resource_types_for_arn_service("invoices").count(),
            1
        );
    }
}
