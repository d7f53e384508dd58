//! Levels set by the user: per policy (`#[allow(CODE)]`), crate-wide (`[package.metadata.policy.lints]`
//! in `Cargo.toml`, or `[lints]` in the command-line tool's `policy.toml`) and on the command line
//! (`-A`/`-W`/`-D`). Settings apply in the order they were made: a later one wins, so the caller
//! adds the crate-wide table first and the per-policy attributes or flags after it.
//!
//! ```
//! use iam_policy_check::levels::LintLevels;
//! use iam_policy_check::lint::{self, Level};
//!
//! let mut levels = LintLevels::default();
//! levels.set("security", Level::Deny).unwrap();
//! levels.set("PASS_ROLE_WITH_STAR_IN_RESOURCE", Level::Allow).unwrap();
//! assert_eq!(levels.level_of(lint::STAR_IN_ACTION_AND_RESOURCE), Some(Level::Deny));
//! assert_eq!(levels.level_of(lint::PASS_ROLE_WITH_STAR_IN_RESOURCE), Some(Level::Allow));
//! // Hard errors have no level to set.
//! assert_eq!(levels.level_of(lint::INVALID_EFFECT), None);
//! assert!(levels.set("INVALID_EFFECT", Level::Allow).is_err());
//! ```

use std::fmt;

use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::{self, Code, DefaultLevel, Group, Level};

/// What one setting names: a finding code or a group of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selector {
    /// One code.
    Code(Code),
    /// Every code of a group.
    Group(Group),
}

impl Selector {
    /// The code or group named `name` (codes exactly, groups in any case).
    pub fn parse(name: &str) -> Result<Selector, LevelError> {
        if let Some(code) = lint::lookup(name) {
            return Ok(Selector::Code(code));
        }
        if let Some(group) = Group::from_name(name) {
            return Ok(Selector::Group(group));
        }
        let names = lint::ALL
            .iter()
            .map(|c| c.as_str())
            .chain(Group::ALL.iter().map(|g| g.name()));
        Err(LevelError::Unknown {
            name: name.to_string(),
            suggestion: crate::suggest::closest(name, names).map(str::to_string),
        })
    }

    /// Whether `code` is the code, or of the group, this selects.
    pub fn covers(self, code: Code) -> bool {
        match self {
            Selector::Code(c) => c == code,
            Selector::Group(g) => code.lint().group == g,
        }
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selector::Code(code) => write!(f, "{code}"),
            Selector::Group(group) => write!(f, "{group}"),
        }
    }
}

/// Why a level could not be set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LevelError {
    /// No code or group has this name.
    Unknown {
        /// The name as written.
        name: String,
        /// The closest code or group.
        suggestion: Option<String>,
    },
    /// The code is a hard error: no level changes it.
    Hard(Code),
    /// The level's name is not `allow`, `suggest`, `warn`, `deny` or `forbid`.
    UnknownLevel(String),
}

impl LevelError {
    /// The registered code of this problem (`UNKNOWN_LINT` or `HARD_ERROR_LEVEL`).
    pub fn code(&self) -> Code {
        match self {
            LevelError::Hard(_) => lint::HARD_ERROR_LEVEL,
            LevelError::Unknown { .. } | LevelError::UnknownLevel(_) => lint::UNKNOWN_LINT,
        }
    }

    /// A did-you-mean, when there is one.
    pub fn help(&self) -> Option<String> {
        match self {
            LevelError::Unknown {
                suggestion: Some(s),
                ..
            } => Some(format!("did you mean `{s}`?")),
            LevelError::Unknown { .. } => {
                Some("`policy explain --list` lists every code and group".to_string())
            }
            LevelError::Hard(_) => Some("fix the policy instead: it is not one IAM would store, or the evaluator cannot represent it".to_string()),
            LevelError::UnknownLevel(_) => {
                Some("levels are `allow`, `suggest`, `warn` and `deny`".to_string())
            }
        }
    }
}

impl fmt::Display for LevelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LevelError::Unknown { name, .. } => {
                write!(f, "unknown finding code or group `{name}`")
            }
            LevelError::Hard(code) => {
                write!(f, "`{code}` is a hard error: its level cannot be set")
            }
            LevelError::UnknownLevel(level) => write!(f, "unknown level `{level}`"),
        }
    }
}

impl std::error::Error for LevelError {}

/// The levels set for codes and groups, in the order they were set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LintLevels {
    settings: Vec<(Selector, Level)>,
}

impl LintLevels {
    /// Sets the level of the code or group `name`. A hard error cannot be set: the setting is
    /// refused (a group that holds hard errors applies to its other codes only).
    pub fn set(&mut self, name: &str, level: Level) -> Result<Selector, LevelError> {
        let selector = Selector::parse(name)?;
        if let Selector::Code(code) = selector {
            if code.lint().default == DefaultLevel::Hard {
                return Err(LevelError::Hard(code));
            }
        }
        self.settings.push((selector, level));
        Ok(selector)
    }

    /// Adds every setting of `other` after this one's: `other` wins where both set a level.
    pub fn extend(&mut self, other: &LintLevels) {
        self.settings.extend_from_slice(&other.settings);
    }

    /// Whether no level is set.
    pub fn is_empty(&self) -> bool {
        self.settings.is_empty()
    }

    /// The level of `code`: the last setting that covers it, or its default; `None` for a hard
    /// error.
    pub fn level_of(&self, code: Code) -> Option<Level> {
        let default = code.lint().default.level()?;
        Some(
            self.settings
                .iter()
                .rev()
                .find(|(selector, _)| selector.covers(code))
                .map_or(default, |(_, level)| *level),
        )
    }

    /// Gives each finding the severity of its level; returns the shown findings and the ones
    /// the levels allow (hidden).
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        let mut shown = Vec::with_capacity(diagnostics.len());
        let mut allowed = Vec::new();
        for mut diagnostic in diagnostics {
            let Some(level) = self.level_of(diagnostic.code) else {
                shown.push(diagnostic);
                continue;
            };
            match Severity::at(diagnostic.code, level) {
                Some(severity) => {
                    diagnostic.severity = severity;
                    shown.push(diagnostic);
                }
                None => allowed.push(diagnostic),
            }
        }
        (shown, allowed)
    }

    /// Reads the lint table of a TOML file: `[package.metadata.policy.lints]` of a `Cargo.toml`,
    /// or `[lints]` of a `policy.toml`. Each entry is `NAME = "level"` (a code or a group, and
    /// `allow`, `suggest`, `warn` or `deny`). Everything outside the table is ignored; inside it,
    /// anything else is an error with its line number.
    ///
    /// ```
    /// use iam_policy_check::levels::LintLevels;
    /// use iam_policy_check::lint::{self, Level};
    ///
    /// let manifest = r#"
    /// [package]
    /// name = "app"
    ///
    /// [package.metadata.policy.lints]
    /// MISSING_VERSION = "allow"  # legacy documents
    /// security = "deny"
    /// "#;
    /// let levels = LintLevels::from_toml(manifest, "package.metadata.policy.lints").unwrap();
    /// assert_eq!(levels.level_of(lint::MISSING_VERSION), Some(Level::Allow));
    /// assert_eq!(levels.level_of(lint::ALLOW_WITH_NOT_ACTION), Some(Level::Deny));
    /// ```
    pub fn from_toml(text: &str, table: &str) -> Result<LintLevels, ConfigError> {
        let mut levels = LintLevels::default();
        let mut inside = false;
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let content = strip_comment(raw).trim();
            if content.is_empty() {
                continue;
            }
            if content.starts_with('[') {
                inside = table_name(content).is_some_and(|name| name == table);
                continue;
            }
            if !inside {
                continue;
            }
            let error = |message: String| ConfigError { line, message };
            let Some((name, value)) = content.split_once('=') else {
                return Err(error(format!(
                    "expected `NAME = \"level\"`, found `{content}`"
                )));
            };
            let name = unquote(name.trim()).unwrap_or(name.trim());
            let Some(value) = unquote(value.trim()) else {
                return Err(error(format!(
                    "the level of `{name}` must be a quoted string such as \"allow\""
                )));
            };
            let level = Level::from_name(value).ok_or_else(|| {
                error(
                    LevelError::UnknownLevel(value.to_string()).to_string()
                        + ": levels are `allow`, `suggest`, `warn` and `deny`",
                )
            })?;
            if let Err(problem) = levels.set(name, level) {
                let mut message = problem.to_string();
                if let Some(help) = problem.help() {
                    message.push_str("; ");
                    message.push_str(&help);
                }
                return Err(error(message));
            }
        }
        Ok(levels)
    }
}

/// A problem in a lint table, with its line number (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The line of the file.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ConfigError {}

/// The line without a `#` comment (outside quotes).
fn strip_comment(line: &str) -> &str {
    let mut quoted = false;
    for (index, byte) in line.bytes().enumerate() {
        match byte {
            b'"' => quoted = !quoted,
            b'#' if !quoted => return &line[..index],
            _ => {}
        }
    }
    line
}

/// `a.b.c` of a `[a.b.c]` header (spaces around dots allowed, quoted parts unquoted).
fn table_name(header: &str) -> Option<String> {
    let inner = header.strip_prefix('[')?.strip_suffix(']')?;
    if inner.starts_with('[') {
        return None;
    }
    let parts: Vec<&str> = inner
        .split('.')
        .map(|part| {
            let part = part.trim();
            unquote(part).unwrap_or(part)
        })
        .collect();
    Some(parts.join("."))
}

/// The text inside `"…"` or `'…'`.
fn unquote(text: &str) -> Option<&str> {
    text.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .or_else(|| text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_settings_win_and_groups_cover_their_codes() {
        let mut levels = LintLevels::default();
        levels.set("MISSING_VERSION", Level::Deny).unwrap();
        levels.set("grammar", Level::Allow).unwrap();
        assert_eq!(levels.level_of(lint::MISSING_VERSION), Some(Level::Allow));
        levels.set("MISSING_VERSION", Level::Warn).unwrap();
        assert_eq!(levels.level_of(lint::MISSING_VERSION), Some(Level::Warn));
        // A group setting leaves the hard errors of the group alone.
        assert_eq!(levels.level_of(lint::INVALID_EFFECT), None);
    }

    #[test]
    fn unknown_names_get_the_closest_code() {
        let error = LintLevels::default()
            .set("MISING_VERSION", Level::Allow)
            .unwrap_err();
        assert_eq!(error.code(), lint::UNKNOWN_LINT);
        assert_eq!(error.help().unwrap(), "did you mean `MISSING_VERSION`?");
    }

    #[test]
    fn allowed_findings_are_set_apart() {
        let mut levels = LintLevels::default();
        levels.set("MISSING_VERSION", Level::Allow).unwrap();
        levels.set("INVALID_ACTION", Level::Warn).unwrap();
        let findings = vec![
            Diagnostic::new(lint::MISSING_VERSION, Default::default(), "no version"),
            Diagnostic::new(lint::INVALID_ACTION, Default::default(), "unknown action"),
            Diagnostic::new(lint::INVALID_EFFECT, Default::default(), "bad effect"),
        ];
        let (shown, allowed) = levels.apply(findings);
        assert_eq!(allowed.len(), 1);
        let severities: Vec<_> = shown.iter().map(|d| (d.code, d.severity)).collect();
        assert_eq!(
            severities,
            [
                (lint::INVALID_ACTION, Severity::Warning),
                (lint::INVALID_EFFECT, Severity::Error)
            ]
        );
    }

    #[test]
    fn toml_tables_are_read_with_line_numbers() {
        let text = "[lints]\nsecurity = 'deny' # CI\n\"quota\" = \"allow\"\n[other]\nX = 1\n";
        let levels = LintLevels::from_toml(text, "lints").unwrap();
        assert_eq!(
            levels.level_of(lint::POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA),
            Some(Level::Allow)
        );
        let error = LintLevels::from_toml("[lints]\nTYPO = \"allow\"\n", "lints").unwrap_err();
        assert_eq!(error.line, 2);
        let error = LintLevels::from_toml("[lints]\nquota = \"loud\"\n", "lints").unwrap_err();
        assert!(error.message.contains("unknown level `loud`"), "{error}");
        let error =
            LintLevels::from_toml("[lints]\nINVALID_EFFECT = \"allow\"\n", "lints").unwrap_err();
        assert!(error.message.contains("hard error"), "{error}");
    }
}
