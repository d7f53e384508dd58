//! The files `policy check` reads: files as given, folders walked, globs expanded.
//!
//! Folders are walked for `.json`, `.yaml`, `.yml`, `.template` and `.tf.json` files, in
//! name order, skipping hidden entries and what `.gitignore`, `.ignore` and `.policyignore`
//! files exclude (gitignore syntax), and the `ignore` globs of `policy.toml`.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::WalkBuilder;

/// The name of the ignore file read in every folder walked.
pub const IGNORE_FILE: &str = ".policyignore";

/// The file name endings a folder walk picks up.
const EXTENSIONS: &[&str] = &[".json", ".yaml", ".yml", ".template"];

/// One file to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The path (`-` for standard input).
    pub path: PathBuf,
    /// Named on the command line: a file that holds no policy is still checked as a policy.
    pub named: bool,
}

/// Expands the command line's paths, with notes about folders that hold no file to check.
/// Globs (`policies/**/*.json`) are matched under their literal folder; a path that does not
/// exist is kept, so reading it reports the problem.
pub fn expand(paths: &[PathBuf], ignore: &[String]) -> Result<(Vec<Input>, Vec<String>), String> {
    let excluded = globs(ignore)?;
    let mut inputs = Vec::new();
    let mut notes = Vec::new();
    for path in paths {
        let text = path.to_string_lossy();
        if path == Path::new("-") {
            inputs.push(Input {
                path: path.clone(),
                named: true,
            });
        } else if path.is_dir() {
            let before = inputs.len();
            walk(path, None, &excluded, &mut inputs);
            if inputs.len() == before {
                notes.push(format!("no file to check in `{text}`"));
            }
        } else if !path.exists() && text.contains(['*', '?', '[', '{']) {
            let glob = Glob::new(&text)
                .map_err(|e| format!("invalid glob `{text}`: {e}"))?
                .compile_matcher();
            let base = literal_base(path);
            let before = inputs.len();
            walk(&base, Some(&glob), &excluded, &mut inputs);
            if inputs.len() == before {
                return Err(format!("no file matches `{text}`"));
            }
        } else {
            inputs.push(Input {
                path: path.clone(),
                named: true,
            });
        }
    }
    Ok((inputs, notes))
}

fn globs(patterns: &[String]) -> Result<GlobSet, String> {
    let mut set = GlobSetBuilder::new();
    for pattern in patterns {
        set.add(Glob::new(pattern).map_err(|e| format!("invalid ignore glob `{pattern}`: {e}"))?);
    }
    set.build().map_err(|e| e.to_string())
}

/// The folders of a glob before its first wildcard (`.` when it starts with one).
fn literal_base(pattern: &Path) -> PathBuf {
    let mut base = PathBuf::new();
    for component in pattern.components() {
        if component
            .as_os_str()
            .to_string_lossy()
            .contains(['*', '?', '[', '{'])
        {
            break;
        }
        base.push(component);
    }
    if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base
    }
}

/// Whether a walk picks up the file.
fn wanted(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    EXTENSIONS.iter().any(|e| name.ends_with(e))
}

fn walk(
    root: &Path,
    glob: Option<&globset::GlobMatcher>,
    excluded: &GlobSet,
    inputs: &mut Vec<Input>,
) {
    let walker = WalkBuilder::new(root)
        .add_custom_ignore_filename(IGNORE_FILE)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker.flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let relative = path.strip_prefix(root).unwrap_or(path);
        if excluded.is_match(path) || excluded.is_match(relative) {
            continue;
        }
        let matched = match glob {
            Some(glob) => glob.is_match(path),
            None => wanted(path),
        };
        if matched {
            inputs.push(Input {
                path: path.to_path_buf(),
                named: false,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_bases() {
        assert_eq!(
            literal_base(Path::new("a/b/**/*.json")),
            PathBuf::from("a/b")
        );
        assert_eq!(literal_base(Path::new("*.json")), PathBuf::from("."));
        assert!(wanted(Path::new("x/main.tf.json")));
        assert!(wanted(Path::new("stack.template")));
        assert!(!wanted(Path::new("notes.txt")));
    }
}
