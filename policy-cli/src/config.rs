//! `policy.toml`: the settings of a repository, found from the current folder upward.
//!
//! ```toml
//! fail-on = "security"              # error (default), security or warning
//! catalog = "policy-catalog.json"   # relative to this file
//! ignore = ["**/fixtures/**"]       # globs of files a folder walk skips
//!
//! [lints]                           # allow, suggest, warn or deny, by code or group
//! PASS_ROLE_WITH_STAR_IN_RESOURCE = "allow"
//!
//! [[overrides]]                     # levels for some files, over [lints]
//! files = ["legacy/**"]             # globs, relative to this file's folder
//! lints = { MISSING_VERSION = "allow" }
//! ```
//!
//! Command-line flags win over the file.

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use globset::{Glob, GlobSet, GlobSetBuilder};
use iam_policy_check::levels::LintLevels;
use iam_policy_check::lint::Level;
use serde::de::IgnoredAny;
use serde::Deserialize;

/// The file's name.
pub const FILE_NAME: &str = "policy.toml";

/// The settings of `policy.toml`.
#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Which findings make `policy check` fail: `error`, `security` or `warning`.
    pub fail_on: Option<String>,
    /// The application's catalog, relative to the file.
    pub catalog: Option<PathBuf>,
    /// Globs of files that folder walks skip.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// The `[lints]` table, read by the checker's own reader into `levels`.
    #[serde(default, rename = "lints")]
    _lints: Option<IgnoredAny>,
    /// Lint levels by code or group (`[lints]`).
    #[serde(skip)]
    pub levels: LintLevels,
    /// Levels for some files.
    #[serde(default)]
    overrides: Vec<RawOverride>,
    /// The overrides, read.
    #[serde(skip)]
    pub file_levels: Vec<Override>,
    /// Where the file was read (set after reading).
    #[serde(skip)]
    pub path: PathBuf,
}

/// An `[[overrides]]` entry as written.
#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    files: Vec<String>,
    lints: BTreeMap<String, String>,
}

/// Levels for the files some globs match, applied after `[lints]`.
#[derive(Debug, Clone)]
pub struct Override {
    /// The folder the globs are relative to.
    base: PathBuf,
    files: GlobSet,
    /// The levels, set through the checker's registry.
    pub levels: LintLevels,
}

impl PartialEq for Override {
    fn eq(&self, other: &Self) -> bool {
        self.base == other.base && self.levels == other.levels
    }
}

impl Override {
    /// Whether the override applies to `path` (as given on the command line or walked).
    pub fn matches(&self, path: &Path) -> bool {
        let absolute = std::env::current_dir()
            .map(|here| here.join(path))
            .unwrap_or_else(|_| path.to_path_buf());
        let normal: PathBuf = absolute.components().collect();
        normal
            .strip_prefix(&self.base)
            .is_ok_and(|relative| self.files.is_match(relative))
    }
}

/// Reads the overrides of a file at `path`.
fn overrides(raw: &[RawOverride], path: &Path) -> Result<Vec<Override>, String> {
    let base = path
        .parent()
        .map(|p| {
            std::env::current_dir()
                .map(|here| here.join(p))
                .unwrap_or_else(|_| p.to_path_buf())
        })
        .unwrap_or_default();
    let base: PathBuf = base.components().collect();
    raw.iter()
        .map(|entry| {
            let mut files = GlobSetBuilder::new();
            for glob in &entry.files {
                files.add(Glob::new(glob).map_err(|e| format!("invalid glob `{glob}`: {e}"))?);
            }
            let mut levels = LintLevels::default();
            for (name, level) in &entry.lints {
                let level = Level::from_name(level).ok_or_else(|| {
                    format!("unknown level `{level}` of `{name}`: levels are `allow`, `suggest`, `warn` and `deny`")
                })?;
                levels.set(name, level).map_err(|e| match e.help() {
                    Some(help) => format!("{e}; {help}"),
                    None => e.to_string(),
                })?;
            }
            Ok(Override {
                base: base.clone(),
                files: files.build().map_err(|e| e.to_string())?,
                levels,
            })
        })
        .collect()
}

/// The nearest `policy.toml` from `start` upward, read; `None` when there is none.
pub fn find(start: &Path) -> Result<Option<Config>, String> {
    let mut folder = Some(start);
    while let Some(dir) = folder {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return read(&candidate).map(Some);
        }
        folder = dir.parent();
    }
    Ok(None)
}

/// Reads one configuration file.
pub fn read(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let mut config: Config =
        toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    config.path = path.to_path_buf();
    config.levels =
        LintLevels::from_toml(&text, "lints").map_err(|e| format!("{}: {e}", path.display()))?;
    config.file_levels = overrides(&config.overrides, path)
        .map_err(|e| format!("{}: overrides: {e}", path.display()))?;
    if let Some(catalog) = &config.catalog {
        let base = path.parent().unwrap_or(Path::new("."));
        config.catalog = Some(base.join(catalog));
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_setting_and_refuses_unknown_ones() {
        let config: Config = toml::from_str(
            "fail-on = \"warning\"\ncatalog = \"c.json\"\nignore = [\"a/**\"]\n[lints]\nsecurity = \"deny\"\n",
        )
        .unwrap();
        assert_eq!(config.fail_on.as_deref(), Some("warning"));
        assert_eq!(config.ignore, ["a/**"]);
        assert!(config._lints.is_some());
        assert!(toml::from_str::<Config>("fail_on = \"x\"").is_err());
        let raw: Config = toml::from_str(
            "[[overrides]]\nfiles = [\"legacy/**\"]\nlints = { MISSING_VERSION = \"allow\" }\n",
        )
        .unwrap();
        let read = overrides(&raw.overrides, Path::new("/repo/policy.toml")).unwrap();
        assert!(read[0].matches(Path::new("/repo/legacy/a/b.json")));
        assert!(!read[0].matches(Path::new("/repo/new/b.json")));
        let hard = RawOverride {
            files: vec!["*".into()],
            lints: BTreeMap::from([("INVALID_EFFECT".to_string(), "allow".to_string())]),
        };
        assert!(overrides(&[hard], Path::new("policy.toml")).is_err());
    }
}
