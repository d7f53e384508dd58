//! Policies that arrive as JSON text at run time.

use std::fmt;

use policy_core::{Decision, Policy, Request};

use crate::diagnostic::{Diagnostic, Severity};
use crate::tables::Tables;
use crate::{check_text, Options};

/// A policy loaded from JSON text at run time: checked by the same checker as `policy!`,
/// evaluated by the same evaluator.
///
/// ```
/// use policy_check::LoadedPolicy;
/// use policy_core::Request;
/// let policy = LoadedPolicy::from_json(r#"{
///     "Version": "2012-10-17",
///     "Statement": [{"Effect": "Allow", "Action": "cloudtrail:Describe*", "Resource": "*"}]
/// }"#).unwrap();
/// assert!(policy.evaluate(&Request::new("cloudtrail:DescribeTrails", "*")).is_allowed());
/// ```
#[derive(Clone, Debug)]
pub struct LoadedPolicy {
    tables: Tables,
    name: Option<String>,
    warnings: Vec<Diagnostic>,
}

impl LoadedPolicy {
    /// Checks and loads an identity policy with the default [`Options`].
    pub fn from_json(text: &str) -> Result<LoadedPolicy, Diagnostics> {
        LoadedPolicy::from_json_with(text, &Options::default())
    }

    /// Checks and loads a policy with the given options (policy kind, limits).
    pub fn from_json_with(text: &str, options: &Options) -> Result<LoadedPolicy, Diagnostics> {
        let checked = check_text(text, options);
        match checked.tables {
            Some(tables) => Ok(LoadedPolicy {
                tables,
                name: None,
                warnings: checked.diagnostics,
            }),
            None => Err(Diagnostics::new(text, checked.diagnostics)),
        }
    }

    /// Names the policy (for decisions and `AccessDenied` messages).
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Borrows the policy as the evaluator's [`Policy`], to join a `PolicySet`.
    pub fn as_policy(&self) -> Policy<'_> {
        let policy = self.tables.as_policy();
        match &self.name {
            Some(name) => policy.with_name(name),
            None => policy,
        }
    }

    /// Decides `request` against this policy alone.
    pub fn evaluate(&self, request: &Request<'_>) -> Decision<'_> {
        self.as_policy().evaluate(request)
    }

    /// The findings below error level (warnings, suggestions) the checker reported.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The evaluator tables.
    pub fn tables(&self) -> &Tables {
        &self.tables
    }
}

/// A 1-based line and column (in characters) in JSON text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineColumn {
    /// From 1.
    pub line: usize,
    /// From 1, in characters.
    pub column: usize,
}

impl LineColumn {
    /// The line and column of byte `offset` in `text`.
    pub fn of(text: &str, offset: usize) -> LineColumn {
        let offset = offset.min(text.len());
        let before = text.get(..offset).unwrap_or(text);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        LineColumn {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

/// The findings of a document that did not load, with their lines and columns.
#[derive(Clone, Debug)]
pub struct Diagnostics {
    entries: Vec<(LineColumn, Diagnostic)>,
}

impl Diagnostics {
    /// Locates each finding in `text`, errors first.
    pub fn new(text: &str, mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort_by_key(|d| (d.severity != Severity::Error, d.loc.start));
        Diagnostics {
            entries: diagnostics
                .into_iter()
                .map(|d| (LineColumn::of(text, d.loc.start as usize), d))
                .collect(),
        }
    }

    /// Each finding with where it starts.
    pub fn iter(&self) -> impl Iterator<Item = (LineColumn, &Diagnostic)> {
        self.entries.iter().map(|(at, d)| (*at, d))
    }

    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.entries.iter().map(|(_, d)| d).filter(|d| d.is_error())
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (at, d)) in self.entries.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}:{}: {}: {d}", at.line, at.column, d.severity)?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}
