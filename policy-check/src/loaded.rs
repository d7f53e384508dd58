//! Policies that arrive as JSON text at run time.

pub use crate::syntax::position::LineColumn;
use crate::syntax::position::Locator;
use std::fmt;

use iam_policy_core::{Decision, Policy, Request};

use crate::diagnostic::{Diagnostic, Severity};
use crate::lowering::tables::Tables;
use crate::{check_text, Options};

/// A policy loaded from JSON text at run time: checked by the same checker as `policy!`,
/// evaluated by the same evaluator.
///
/// ```
/// use iam_policy_check::LoadedPolicy;
/// use iam_policy_core::Request;
/// let policy = LoadedPolicy::from_json(r#"{
///     "Version": "2012-10-17",
///     "Statement": [{"Effect": "Allow", "Action": "cloudtrail:Describe*", "Resource": "*"}]
/// }"#).unwrap();
/// assert!(policy.evaluate(&Request::new("cloudtrail:DescribeTrails", "*")).is_allowed());
/// ```
///
/// A loaded policy joins a [`PolicySet`](iam_policy_core::PolicySet) beside `policy!` ones through
/// [`LoadedPolicy::as_policy`]; evaluating it allocates nothing.
#[derive(Clone, Debug)]
pub struct LoadedPolicy {
    tables: Tables,
    name: Option<String>,
    source: Box<str>,
    options: Options,
    warnings: Vec<Diagnostic>,
}

impl LoadedPolicy {
    /// Checks and loads an identity policy with the default [`Options`].
    pub fn from_json(text: &str) -> Result<LoadedPolicy, Diagnostics> {
        LoadedPolicy::from_json_with(text, &Options::default())
    }

    /// Checks and loads a policy with the given options (policy kind, limits).
    ///
    /// ```
    /// use iam_policy_check::{LoadedPolicy, Options, PolicyKind};
    /// let options = Options::default().with_kind(PolicyKind::Resource);
    /// let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow",
    ///     "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}}"#;
    /// let too_small = Options::default()
    ///     .with_limits(iam_policy_check::Limits { max_document_bytes: 16, ..Default::default() });
    /// let error = LoadedPolicy::from_json_with(text, &too_small).unwrap_err();
    /// assert_eq!(error.errors().next().unwrap().code, "LIMIT_EXCEEDED");
    /// ```
    pub fn from_json_with(text: &str, options: &Options) -> Result<LoadedPolicy, Diagnostics> {
        let checked = check_text(text, options);
        match checked.tables {
            Some(tables) if !checked.diagnostics.iter().any(Diagnostic::is_error) => {
                Ok(LoadedPolicy {
                    tables,
                    name: None,
                    source: text.into(),
                    options: options.clone(),
                    warnings: checked.diagnostics,
                })
            }
            _ => Err(Diagnostics::new(text, checked.diagnostics)),
        }
    }

    /// Names the policy (for decisions and `AccessDenied` messages).
    ///
    /// ```
    /// # use iam_policy_check::LoadedPolicy;
    /// let policy = LoadedPolicy::from_json(r#"{"Version": "2012-10-17", "Statement":
    ///     {"Effect": "Deny", "Action": "*", "Resource": "*"}}"#).unwrap().with_name("DenyAll");
    /// assert_eq!(policy.as_policy().name(), Some("DenyAll"));
    /// ```
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The name given with [`LoadedPolicy::with_name`].
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// Borrows the policy as the evaluator's [`Policy`], to join a `PolicySet`.
    ///
    /// ```
    /// use iam_policy_check::LoadedPolicy;
    /// use iam_policy_core::{Policy, PolicySet, Request};
    /// static NOTHING: Policy = Policy::EMPTY;
    /// let loaded = LoadedPolicy::from_json(r#"{"Version": "2012-10-17", "Statement":
    ///     {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}"#).unwrap();
    /// let view = loaded.as_policy();
    /// let policies = [&NOTHING, &view];
    /// let set = PolicySet::new(&policies);
    /// assert!(set.evaluate(&Request::new("s3:GetObject", "*")).is_allowed());
    /// ```
    #[inline]
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

    /// The findings below error level (warnings, suggestions) the checker reported, located in
    /// [`LoadedPolicy::source`].
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The JSON text the policy was loaded from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The options the policy was checked with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The evaluator tables.
    pub fn tables(&self) -> &Tables {
        &self.tables
    }
}

/// The findings of a document that did not load, each with its line and column; errors come
/// first. Each message is the very text `policy!` reports for the same mistake.
///
/// ```
/// use iam_policy_check::LoadedPolicy;
/// let error = LoadedPolicy::from_json("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\"Effect\": \"allow\",\n    \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}\n}").unwrap_err();
/// let (at, finding) = error.iter().next().unwrap();
/// assert_eq!((at.line, at.column, finding.code.as_str()), (3, 27, "INVALID_EFFECT"));
/// let shown = error.to_string();
/// assert!(shown.starts_with(&format!("3:27: error: {} [INVALID_EFFECT]", finding.message)));
/// assert!(shown.contains("\nhelp: did you mean `Allow`?"));
/// ```
#[derive(Clone, Debug)]
pub struct Diagnostics {
    entries: Vec<(LineColumn, Diagnostic)>,
}

impl Diagnostics {
    /// Locates each finding in `text`, errors first, then in document order.
    pub fn new(text: &str, mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort_by_key(|d| d.loc.start);
        let mut locator = Locator::new(text);
        let mut entries: Vec<(LineColumn, Diagnostic)> = diagnostics
            .into_iter()
            .map(|d| (locator.locate(d.loc.start as usize), d))
            .collect();
        entries.sort_by_key(|(_, d)| d.severity != Severity::Error);
        Diagnostics { entries }
    }

    /// Each finding with where it starts.
    pub fn iter(&self) -> impl Iterator<Item = (LineColumn, &Diagnostic)> {
        self.entries.iter().map(|(at, d)| (*at, d))
    }

    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.entries.iter().map(|(_, d)| d).filter(|d| d.is_error())
    }

    /// How many findings there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is no finding.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl IntoIterator for Diagnostics {
    type Item = (LineColumn, Diagnostic);
    type IntoIter = std::vec::IntoIter<(LineColumn, Diagnostic)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

/// One finding a line: `line:column: severity: message [CODE]`, then `help: …` on its own
/// line when there is advice, as the macro writes it.
impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.entries.is_empty() {
            return f.write_str("the policy did not load");
        }
        for (i, (at, d)) in self.entries.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(
                f,
                "{}:{}: {}: {} [{}]",
                at.line, at.column, d.severity, d.message, d.code
            )?;
            if let Some(help) = &d.help {
                write!(f, "\nhelp: {help}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}
