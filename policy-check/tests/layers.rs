//! The checker is built in layers, and no import runs upward: each module of `src/` may use
//! only its own layer and the layers below it (unit tests excepted, which check through the
//! whole crate).
//!
//! From the bottom: findings and text helpers; `syntax`; `grammar`; `catalog`; `checks` (with
//! the options they read); `lowering`; the crate's front door (`lib.rs`, the loader).

use std::path::Path;

/// The layer of a module of `src/`, by its first path segment.
fn layer_of_module(module: &str) -> Option<u8> {
    Some(match module {
        "diagnostic" | "kind" | "levels" | "lint" | "suggest" | "swar" => 0,
        "syntax" => 1,
        "grammar" => 2,
        "catalog" => 3,
        "checks" | "options" => 4,
        "lowering" => 5,
        "lib" | "loaded" | "serde_io" => 6,
        _ => return None,
    })
}

/// The layer of what `crate::NAME` names: a module, or an item the crate root re-exports.
fn layer_of_name(name: &str) -> Option<u8> {
    if let Some(layer) = layer_of_module(name) {
        return Some(layer);
    }
    Some(match name {
        "PolicyKind" | "PLACEHOLDER" | "has_placeholder" | "Diagnostic" | "Fix" | "Loc"
        | "Severity" => 0,
        "Limits" | "json" | "lexer" => 1,
        "document" | "operator" | "template" | "values" => 2,
        "Options" | "SizeQuota" | "quota" | "service_checks" => 4,
        "lower" | "Tables" => 5,
        "LoadedPolicy" | "LineColumn" | "Diagnostics" | "check_text" | "check_tokens"
        | "Checked" => 6,
        _ => return None,
    })
}

/// The names `crate::…` imports in `code`: `crate::a::b` gives `a`, `crate::{a, b::c}` gives
/// `a` and `b`.
fn crate_names(code: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let first = item.trim().split("::").next().unwrap_or("");
                if !first.is_empty() {
                    names.push(first.to_string());
                }
            }
        } else {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            names.push(rest[..end].to_string());
        }
    }
    names
}

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_import_runs_upward() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut upward = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let module = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_str()
            .unwrap()
            .trim_end_matches(".rs");
        let Some(layer) = layer_of_module(module) else {
            panic!(
                "{}: a module of no layer; add it to this test",
                relative.display()
            );
        };
        let text = std::fs::read_to_string(file).unwrap();
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
        let code: String = code
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for name in crate_names(&code) {
            match layer_of_name(&name) {
                None => panic!(
                    "{}: `crate::{name}` is in no layer; add it to this test",
                    relative.display()
                ),
                Some(used) if used > layer => {
                    upward.push(format!("{} uses `crate::{name}`", relative.display()))
                }
                Some(_) => {}
            }
        }
    }
    assert!(files.len() > 30, "{} files", files.len());
    assert!(upward.is_empty(), "imports that run upward: {upward:#?}");
}

#[test]
fn names_of_imports() {
    assert_eq!(
        crate_names("use crate::{a::b, c};\nlet x = crate::d::e(crate::f);"),
        ["a", "c", "d", "f"]
    );
}
