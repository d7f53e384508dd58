//! API operations that are not action names (`s3:ListObjectsV2`), from botocore's service
//! models (`botocore/data/SERVICE/VERSION/service-2.json`, unpacked): a policy naming one as an
//! action matches nothing. For each, the actions of the same service that the operation's
//! documentation names (`s3:ListBucket`), which is what the author meant.

use std::path::Path;

use serde_json::Value;

use crate::catalog::Model;

/// Adds the operations of every service model under `data` (botocore's `data` directory) to the
/// service of `model` whose prefix is the model's signing name (else its endpoint prefix).
/// Returns how many operations were added.
pub fn add(model: &mut Model, data: &Path) -> Result<usize, String> {
    let mut dirs: Vec<_> = std::fs::read_dir(data)
        .map_err(|e| format!("cannot read `{}`: {e}", data.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut added = 0;
    for dir in dirs {
        let Some(path) = latest_model(&dir) else {
            continue;
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        let api: Value = serde_json::from_str(&text)
            .map_err(|e| format!("`{}` is not JSON: {e}", path.display()))?;
        let metadata = api.get("metadata");
        let prefix = ["signingName", "endpointPrefix"]
            .iter()
            .find_map(|field| metadata.and_then(|m| m.get(field)).and_then(Value::as_str));
        let Some(service) = prefix.and_then(|prefix| {
            model
                .services
                .iter_mut()
                .find(|s| s.prefix.eq_ignore_ascii_case(prefix))
        }) else {
            continue;
        };
        let Some(operations) = api.get("operations").and_then(Value::as_object) else {
            continue;
        };
        for (name, operation) in operations {
            let is_action = service
                .actions
                .iter()
                .any(|a| a.name.eq_ignore_ascii_case(name));
            if is_action || !is_word(name) {
                continue;
            }
            let documentation = operation
                .get("documentation")
                .and_then(Value::as_str)
                .unwrap_or("");
            let mut named = documented_actions(documentation, service);
            if !service.operations.contains_key(name) {
                added += 1;
            }
            let entry = service.operations.entry(name.clone()).or_default();
            entry.append(&mut named);
            entry.sort();
            entry.dedup();
        }
    }
    Ok(added)
}

/// The newest `service-2.json` of one service's directory (versions are dates).
fn latest_model(dir: &Path) -> Option<std::path::PathBuf> {
    let mut versions: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path().join("service-2.json"))
        .filter(|p| p.is_file())
        .collect();
    versions.sort();
    versions.pop()
}

fn is_word(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The actions of `service` that `text` names as `prefix:Name`, spelled as the catalog does.
fn documented_actions(text: &str, service: &crate::catalog::Service) -> Vec<String> {
    let marker = format!("{}:", service.prefix);
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find(&marker) {
        let start = from + at + marker.len();
        let before = lower[..from + at].bytes().next_back();
        from = start;
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'-') {
            continue;
        }
        let len = text[start..]
            .bytes()
            .take_while(u8::is_ascii_alphanumeric)
            .count();
        let word = &text[start..start + len];
        if let Some(action) = service
            .actions
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(word))
        {
            found.push(action.name.clone());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    #[test]
    fn operations_name_the_documented_actions() {
        let root = crate::iamdata::tests::fixture(
            "operations",
            r#"{"listthings": {"name": "ListThings", "accessLevel": "List", "resourceTypes": [], "conditionKeys": []},
                "getthing": {"name": "GetThing", "accessLevel": "Read", "resourceTypes": [], "conditionKeys": []}}"#,
        );
        let (mut model, _) = crate::catalog::load(&root).unwrap();
        let dir = root.join("botocore/data/demo/2026-01-01");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("service-2.json"),
            r#"{"metadata": {"endpointPrefix": "demo", "signingName": "demo"},
                "operations": {
                  "ListThings": {"documentation": "<p>Lists things.</p>"},
                  "ListThingsV2": {"documentation": "<p>Needs <code>demo:ListThings</code>, not <code>xdemo:GetThing</code>.</p>"},
                  "HeadThing": {"documentation": "<p>Needs demo:GetThing or demo:ListThings; demo:Nothing is none.</p>"},
                  "Ping": {}}}"#,
        )
        .unwrap();
        let added = super::add(&mut model, &root.join("botocore/data")).unwrap();
        let demo = &model.services[0];
        let listed: Vec<_> = demo.operations.iter().collect();
        assert_eq!(added, 3);
        assert_eq!(
            format!("{listed:?}"),
            r#"[("HeadThing", ["GetThing", "ListThings"]), ("ListThingsV2", ["ListThings"]), ("Ping", [])]"#
        );
        let (_, origin) = crate::catalog::load(&root).unwrap();
        let written = crate::catalog::write(&model, &origin, "2026-12-06");
        assert!(written.contains(
            "A ListThings L - -\nO HeadThing GetThing,ListThings\nO ListThingsV2 ListThings\nO Ping -\n"
        ));
    }
}
