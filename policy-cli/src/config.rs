//! `policy.toml`: the settings of a repository, found from the current folder upward.
//!
//! ```toml
//! fail-on = "security"              # error (default), security or warning
//! catalog = "policy-catalog.json"   # relative to this file
//! ignore = ["**/fixtures/**"]       # globs of files a folder walk skips
//!
//! [lints]                           # allow, suggest, warn or deny, by code or group
//! PASS_ROLE_WITH_STAR_IN_RESOURCE = "allow"
//! ```
//!
//! Command-line flags win over the file.

use std::path::{Path, PathBuf};

use policy_check::levels::LintLevels;
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
    /// Where the file was read (set after reading).
    #[serde(skip)]
    pub path: PathBuf,
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
    }
}
