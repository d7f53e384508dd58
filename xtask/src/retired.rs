//! Names that AWS managed policies still use but the catalog no longer lists: retired services
//! (`zocalo:`), retired actions and retired condition keys. The checker reports them as a
//! warning instead of an error, because what AWS itself publishes is known to exist.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use policy_check::catalog::wildcard_matches;
use policy_check::service_checks::resource_parts_overlap;
use serde_json::Value;

use crate::catalog::Model;
use crate::globals::GLOBAL_KEYS;

#[derive(Default)]
pub struct Retired {
    pub services: BTreeSet<String>,
    pub actions: BTreeSet<String>,
    pub keys: BTreeSet<String>,
    /// Resource ARNs that fit no resource type of their service.
    pub arns: BTreeSet<String>,
}

/// Scans every `*.json` policy of `corpus`.
pub fn scan(model: &Model, corpus: &Path) -> Result<Retired, String> {
    let mut files: Vec<_> = std::fs::read_dir(corpus)
        .map_err(|e| format!("cannot read `{}`: {e}", corpus.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let known = Known::new(model);
    let mut retired = Retired::default();
    for file in files {
        let text = std::fs::read_to_string(&file)
            .map_err(|e| format!("cannot read `{}`: {e}", file.display()))?;
        let Ok(policy) = serde_json::from_str::<Value>(&text) else {
            eprintln!("skipped `{}`: not JSON", file.display());
            continue;
        };
        let statements = match policy.get("Statement") {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(item @ Value::Object(_)) => vec![item],
            _ => Vec::new(),
        };
        for statement in statements {
            for element in ["Action", "NotAction"] {
                for action in string_or_list(statement.get(element)) {
                    known.action(action, &mut retired);
                }
            }
            for element in ["Resource", "NotResource"] {
                for arn in string_or_list(statement.get(element)) {
                    if !known.arn(arn) {
                        retired.arns.insert(arn.to_string());
                    }
                }
            }
            if let Some(Value::Object(operators)) = statement.get("Condition") {
                for keys in operators.values() {
                    if let Value::Object(keys) = keys {
                        for key in keys.keys() {
                            if !known.key(key) {
                                retired.keys.insert(key.clone());
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(retired)
}

fn string_or_list(value: Option<&Value>) -> Vec<&str> {
    match value {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

struct Known<'m> {
    model: &'m Model,
    /// Lowercase condition keys without placeholders.
    keys: BTreeSet<String>,
    /// Lowercase text before `${` of keys with a placeholder (`aws:requesttag/`).
    key_prefixes: BTreeSet<String>,
}

impl<'m> Known<'m> {
    fn new(model: &'m Model) -> Self {
        let mut known = Known {
            model,
            keys: BTreeSet::new(),
            key_prefixes: BTreeSet::new(),
        };
        let all = model
            .services
            .iter()
            .flat_map(|s| s.keys.iter().map(|(k, _)| k.as_str()))
            .chain(GLOBAL_KEYS.iter().map(|(k, _)| *k));
        for key in all {
            let lower = key.to_ascii_lowercase();
            match lower.split_once("${") {
                Some((head, _)) => known.key_prefixes.insert(head.to_string()),
                None => known.keys.insert(lower),
            };
        }
        known
    }

    fn key(&self, key: &str) -> bool {
        let lower = key.to_ascii_lowercase();
        self.keys.contains(&lower)
            || self
                .key_prefixes
                .iter()
                .any(|p| lower.len() > p.len() && lower.starts_with(p.as_str()))
    }

    /// Whether a resource ARN fits a resource type of its service (or is not checked: `*`,
    /// malformed, a wildcard service, a retired service).
    fn arn(&self, arn: &str) -> bool {
        let fields: Vec<&str> = arn.splitn(6, ':').collect();
        let [_, _, service, _, _, rest] = fields.as_slice() else {
            return true;
        };
        if service.contains(['*', '?']) || service.is_empty() {
            return true;
        }
        let mut known_service = false;
        for resource in self.model.services.iter().flat_map(|s| &s.resources) {
            let template: Vec<&str> = resource.arn.splitn(6, ':').collect();
            let [_, _, template_service, _, _, template_rest] = template.as_slice() else {
                continue;
            };
            let exact = template_service == service;
            known_service |= exact;
            if (exact || template_service.contains("${"))
                && resource_parts_overlap(rest, template_rest)
            {
                return true;
            }
        }
        // ARNs of services that the catalog does not know are reported by other means.
        !known_service
    }

    fn action(&self, action: &str, retired: &mut Retired) {
        let Some((prefix, name)) = action.split_once(':') else {
            return;
        };
        if prefix.contains(['*', '?']) || name.is_empty() {
            return;
        }
        let prefix = prefix.to_ascii_lowercase();
        let Ok(index) = self
            .model
            .services
            .binary_search_by(|s| s.prefix.as_str().cmp(&prefix))
        else {
            retired.services.insert(prefix);
            return;
        };
        let service = &self.model.services[index];
        let found = service
            .actions
            .iter()
            .any(|a| wildcard_matches(name, &a.name));
        if !found {
            retired.actions.insert(action.to_string());
        }
    }
}

/// The line format of `retired.txt`.
pub fn write(retired: &Retired, corpus: &Path) -> String {
    let mut out = String::new();
    let name = corpus
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let _ = writeln!(
        out,
        "# Names that AWS managed policies (`{name}`) still use but the catalog no longer lists.\n\
         # The checker reports them as warnings (retired), never as errors.\n\
         # Generated by `cargo run -p xtask -- catalog PATH/iam-definition.json --corpus DIR`; do not edit."
    );
    for service in &retired.services {
        let _ = writeln!(out, "service {service}");
    }
    for action in &retired.actions {
        let _ = writeln!(out, "action {action}");
    }
    for key in &retired.keys {
        let _ = writeln!(out, "key {key}");
    }
    for arn in &retired.arns {
        let _ = writeln!(out, "arn {arn}");
    }
    out
}
