//! `retired.txt`: the names AWS retired. Two kinds of evidence: an earlier release of the
//! catalog listed the name ([`crate::history`]), or AWS's own managed policies still use a name
//! that no release read lists (services such as `zocalo:` older than any machine-readable
//! catalog). The checker reports them as retired (a warning), not unknown.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use policy_check::catalog::wildcard_matches;
use serde_json::Value;

use crate::catalog::Model;
use crate::globals::GLOBAL_KEYS;
use crate::history::History;

#[derive(Default)]
pub struct Retired {
    pub services: BTreeSet<String>,
    pub actions: BTreeSet<String>,
    pub keys: BTreeSet<String>,
}

/// Scans every `*.json` policy of `corpus` for names neither the catalog nor its history lists.
pub fn scan(model: &Model, history: &History, corpus: &Path) -> Result<Retired, String> {
    let mut files: Vec<_> = std::fs::read_dir(corpus)
        .map_err(|e| format!("cannot read `{}`: {e}", corpus.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let known = Known::new(model, history);
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
    /// Lowercase names of the catalog's history.
    history: BTreeSet<String>,
    /// Lowercase condition keys without placeholders.
    keys: BTreeSet<String>,
    /// Lowercase text before `${` of keys with a placeholder (`aws:requesttag/`).
    key_prefixes: BTreeSet<String>,
}

impl<'m> Known<'m> {
    fn new(model: &'m Model, history: &History) -> Self {
        let mut known = Known {
            model,
            history: history
                .services
                .iter()
                .chain(&history.actions)
                .chain(&history.keys)
                .map(|gone| gone.name.to_ascii_lowercase())
                .collect(),
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
            || self.history.contains(&lower)
            || self
                .history
                .contains(lower.split(':').next().unwrap_or_default())
            || self
                .key_prefixes
                .iter()
                .any(|p| lower.len() > p.len() && lower.starts_with(p.as_str()))
    }

    fn action(&self, action: &str, retired: &mut Retired) {
        let Some((prefix, name)) = action.split_once(':') else {
            return;
        };
        if prefix.contains(['*', '?']) || name.is_empty() {
            return;
        }
        let prefix = prefix.to_ascii_lowercase();
        if self.history.contains(&prefix) || self.history.contains(&action.to_ascii_lowercase()) {
            return;
        }
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

/// The line format of `retired.txt` (described in `policy-check/src/catalog.rs`).
pub fn write(history: &History, published: Option<&(Retired, &Path)>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Names AWS retired: listed by an earlier release of the catalog (the last one is named),\n\
         # or used by AWS managed policies although no release lists them (`managed-policies`).\n\
         # The checker reports them as retired (warnings), not unknown.\n\
         # Generated by `cargo run -p xtask -- catalog PATH --history PATH... --corpus DIR`; do not edit."
    );
    let _ = writeln!(out, "@history {}", history.releases.join(", "));
    if let Some((_, corpus)) = published {
        let name = corpus
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let _ = writeln!(out, "@managed-policies {name}");
    }
    for (kind, gone) in [
        ("service", &history.services),
        ("action", &history.actions),
        ("key", &history.keys),
    ] {
        for name in gone {
            let _ = writeln!(out, "{kind} {} {}", name.name, name.last);
        }
    }
    if let Some((retired, _)) = published {
        for (kind, names) in [
            ("service", &retired.services),
            ("action", &retired.actions),
            ("key", &retired.keys),
        ] {
            for name in names {
                let _ = writeln!(out, "{kind} {name} managed-policies");
            }
        }
    }
    out
}
