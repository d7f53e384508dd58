//! Findings: what is wrong, where, how bad, and how to fix it.

use std::fmt;

use crate::lint::{Code, DefaultLevel, Group, Level};

/// A place in the input, in the units of the front-end that read it: byte offsets for JSON
/// text, token positions for the `policy!` macro. `end` is exclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    /// The first unit.
    pub start: u32,
    /// One past the last unit.
    pub end: u32,
}

impl Loc {
    /// The location from `start` to `end` (exclusive).
    pub const fn new(start: u32, end: u32) -> Self {
        Loc { start, end }
    }

    /// The smallest location that covers both.
    pub fn to(self, other: Loc) -> Loc {
        Loc::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// How bad a finding is; the categories of IAM Access Analyzer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Part of the policy cannot work, or IAM would reject it.
    Error,
    /// The policy grants more than it probably means to.
    SecurityWarning,
    /// Not best practice.
    Warning,
    /// Style: access is unchanged.
    Suggestion,
}

impl Severity {
    /// `error`, `security warning`, `warning` or `suggestion`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::SecurityWarning => "security warning",
            Severity::Warning => "warning",
            Severity::Suggestion => "suggestion",
        }
    }
}

impl Severity {
    /// The severity a finding of `code` has at `level`; `None` when the level hides it.
    pub fn at(code: Code, level: Level) -> Option<Severity> {
        match level {
            Level::Allow => None,
            Level::Suggest => Some(Severity::Suggestion),
            Level::Warn if code.lint().group == Group::Security => Some(Severity::SecurityWarning),
            Level::Warn => Some(Severity::Warning),
            Level::Deny => Some(Severity::Error),
        }
    }

    /// The severity of a finding of `code` when nobody sets its level.
    pub fn default_for(code: Code) -> Severity {
        match code.lint().default.level() {
            None => Severity::Error,
            Some(level) => Severity::at(code, level).unwrap_or(Severity::Suggestion),
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A replacement that fixes a finding: put `replacement` where `loc` is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What to replace.
    pub loc: Loc,
    /// The text to put there (a JSON string's content, without quotes, when `loc` is a string).
    pub replacement: String,
}

/// One finding of the checker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// A stable, registered code; IAM Access Analyzer's where the meaning matches
    /// (`INVALID_EFFECT`). Its registry entry says its group and default level.
    pub code: Code,
    /// What is wrong, in one line: lowercase, user text in backticks.
    pub message: String,
    /// The offending token.
    pub loc: Loc,
    /// Advice, such as "did you mean `Allow`?".
    pub help: Option<String>,
    /// A machine-applicable fix, when there is exactly one.
    pub fix: Option<Fix>,
    /// Background that holds whatever the help says, such as the catalog's version.
    pub note: Option<String>,
    /// Other places that explain the finding ("first defined here").
    pub related: Vec<(Loc, String)>,
}

impl Diagnostic {
    /// A finding of `code` at `loc`, at the code's default level.
    pub fn new(code: Code, loc: Loc, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::default_for(code),
            code,
            message: message.into(),
            loc,
            help: None,
            fix: None,
            note: None,
            related: Vec::new(),
        }
    }

    /// Adds advice.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a fix and the matching "did you mean" advice.
    pub fn with_fix(mut self, loc: Loc, replacement: impl Into<String>) -> Self {
        let replacement = replacement.into();
        self.help = Some(format!("did you mean `{replacement}`?"));
        self.fix = Some(Fix { loc, replacement });
        self
    }

    /// Adds background (a `note:` line).
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// Adds a related place.
    pub fn with_related(mut self, loc: Loc, label: impl Into<String>) -> Self {
        self.related.push((loc, label.into()));
        self
    }

    /// Whether this finding is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Whether this finding is a hard error: no level setting changes it.
    pub fn is_hard(&self) -> bool {
        self.code.lint().default == DefaultLevel::Hard
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.message, self.code)?;
        if let Some(help) = &self.help {
            write!(f, "; help: {help}")?;
        }
        Ok(())
    }
}
