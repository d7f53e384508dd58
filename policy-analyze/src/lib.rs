//! Exact, offline access analysis of IAM policies: what a policy can and cannot do, proved
//! over every request, with a concrete request for every `FAIL`.
//!
//! - [`Analyzer::no_new_access`]: does a new policy allow a request the existing ones do not?
//! - [`Analyzer::access_not_granted`]: do the policies allow any of these actions (patterns,
//!   any number) on these resources?
//! - [`Analyzer::public_access`]: does a resource-based policy let a caller outside the account
//!   in?
//! - [`expand`]: the actions each statement grants under a catalog, and the ones it will grant
//!   when AWS adds them.
//!
//! A `PASS` is a proof over the whole request space: every action of the catalog and every
//! action AWS may add, every resource, caller and condition context. A `FAIL` carries at least
//! one concrete request that the evaluator (`iam-policy-core`, the same engine that decides at run
//! time) has decided again before it is reported, or, where the policies use something the
//! procedure cannot reason about exactly, the reason; never a `PASS` by default.
//!
//! ```
//! use iam_policy_analyze::Analyzer;
//! use iam_policy_check::LoadedPolicy;
//!
//! let load = |text: &str| LoadedPolicy::from_json(text).unwrap();
//! let old = load(r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow",
//!     "Action": "s3:Get*", "Resource": "arn:aws:s3:::bucket/*"}}"#);
//! let new = load(r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow",
//!     "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}}"#);
//! let analyzer = Analyzer::new();
//! assert!(analyzer.no_new_access(&[new.as_policy()], &[old.as_policy()]).is_pass());
//!
//! let verdict = analyzer.no_new_access(&[old.as_policy()], &[new.as_policy()]);
//! assert!(!verdict.is_pass());
//! let request = &verdict.counterexamples[0];
//! assert!(request.action.starts_with("s3:Get"));
//! assert!(request.allowed_by(&[old.as_policy()]) && !request.allowed_by(&[new.as_policy()]));
//! ```

mod actions;
mod automaton;
mod bits;
mod context;
mod expand;
pub mod lints;
mod principals;
mod public;
mod request;
mod search;
mod tables;

use std::fmt;

use iam_policy_check::catalog::Catalog;
use iam_policy_check::{Diagnostics, LoadedPolicy, Options};
use iam_policy_core::Policy;

pub use expand::{compare, expand, CatalogChange, Expansion, StatementGrant};
pub use lints::add_lints;
pub use public::ResourceType;
pub use request::{Caller, Counterexample, Value};

/// The answer to a check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Answer {
    /// Proved: no request meets the question.
    Pass,
    /// A request meets it (given), or no proof could be made (reasons given).
    Fail,
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Answer::Pass => "PASS",
            Answer::Fail => "FAIL",
        })
    }
}

/// The outcome of a check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// `PASS` or `FAIL`.
    pub answer: Answer,
    /// Requests that show the `FAIL`, each confirmed by the evaluator.
    pub counterexamples: Vec<Counterexample>,
    /// Why a `FAIL` comes without a request: what kept the analysis from a proof.
    pub reasons: Vec<String>,
}

impl Verdict {
    fn from_search(found: search::Found) -> Self {
        let answer = if found.counterexamples.is_empty() && found.reasons.is_empty() {
            Answer::Pass
        } else {
            Answer::Fail
        };
        let reasons = if found.counterexamples.is_empty() {
            found.reasons
        } else {
            Vec::new()
        };
        Verdict {
            answer,
            counterexamples: found.counterexamples,
            reasons,
        }
    }

    /// Whether the check passed.
    pub fn is_pass(&self) -> bool {
        self.answer == Answer::Pass
    }
}

/// Runs the checks against a set of service catalogs.
#[derive(Clone, Debug)]
pub struct Analyzer<'c> {
    catalogs: Vec<&'c Catalog>,
    max_counterexamples: usize,
}

impl Default for Analyzer<'static> {
    fn default() -> Self {
        Analyzer::new()
    }
}

impl Analyzer<'static> {
    /// An analyzer over AWS's bundled catalog, reporting up to three counterexamples.
    pub fn new() -> Self {
        Analyzer {
            catalogs: vec![Catalog::get()],
            max_counterexamples: 3,
        }
    }
}

impl<'c> Analyzer<'c> {
    /// Adds the application's own services (`policy-catalog.json`) to the action universe.
    pub fn with_catalog<'d>(self, catalog: &'d Catalog) -> Analyzer<'d>
    where
        'c: 'd,
    {
        let mut catalogs: Vec<&'d Catalog> = self.catalogs;
        catalogs.push(catalog);
        Analyzer {
            catalogs,
            max_counterexamples: self.max_counterexamples,
        }
    }

    /// Reports at most `n` counterexamples (at least one).
    pub fn max_counterexamples(mut self, n: usize) -> Self {
        self.max_counterexamples = n.max(1);
        self
    }

    /// Whether the `new` policies (decided together) allow any request that the `existing`
    /// ones (together) do not. `PASS`: they allow nothing new.
    pub fn no_new_access(&self, new: &[Policy<'_>], existing: &[Policy<'_>]) -> Verdict {
        Verdict::from_search(search::run(&search::Goal {
            sides: vec![(new, true), (existing, false)],
            catalogs: self.catalogs.clone(),
            actions: actions::Universe::All,
            callers: None,
            pinned: Vec::new(),
            max_counterexamples: self.max_counterexamples,
        }))
    }

    /// Whether the policies (together) allow any request for one of `actions` (patterns with
    /// `*` and `?`) on one of `resources` (ARN patterns; every resource when empty). `PASS`:
    /// none is allowed. Fails with the checker's findings when an action or resource is not
    /// well formed.
    pub fn access_not_granted(
        &self,
        policies: &[Policy<'_>],
        actions: &[&str],
        resources: &[&str],
    ) -> Result<Verdict, Diagnostics> {
        let query = self.query(actions, resources)?;
        let query = [query.as_policy()];
        Ok(Verdict::from_search(search::run(&search::Goal {
            sides: vec![(&query, true), (policies, true)],
            catalogs: self.catalogs.clone(),
            actions: actions::Universe::All,
            callers: None,
            pinned: Vec::new(),
            max_counterexamples: self.max_counterexamples,
        })))
    }

    /// The policy that allows exactly the requests asked about.
    fn query(&self, actions: &[&str], resources: &[&str]) -> Result<LoadedPolicy, Diagnostics> {
        let list = |items: &[&str]| {
            let quoted: Vec<String> = items.iter().map(|i| json_string(i)).collect();
            format!("[{}]", quoted.join(", "))
        };
        let resources = if resources.is_empty() {
            vec!["*"]
        } else {
            resources.to_vec()
        };
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": {}, "Resource": {}}}]}}"#,
            list(actions),
            list(&resources)
        );
        LoadedPolicy::from_json_with(&text, &Options::default())
    }

    /// Whether the policies (together) allow any action that no catalog of the analyzer knows
    /// yet (a future action of a known service, or of a service AWS has yet to add). `PASS`:
    /// what they allow is only what the catalogs list.
    pub fn future_access(&self, policies: &[Policy<'_>]) -> Verdict {
        Verdict::from_search(search::run(&search::Goal {
            sides: vec![(policies, true)],
            catalogs: self.catalogs.clone(),
            actions: actions::Universe::Future,
            callers: None,
            pinned: Vec::new(),
            max_counterexamples: self.max_counterexamples,
        }))
    }

    /// Whether the policies (together) allow any of `actions` (exact names).
    pub fn any_allowed(&self, policies: &[Policy<'_>], actions: &[String]) -> Verdict {
        Verdict::from_search(search::run(&search::Goal {
            sides: vec![(policies, true)],
            catalogs: self.catalogs.clone(),
            actions: actions::Universe::Listed(actions.to_vec()),
            callers: None,
            pinned: Vec::new(),
            max_counterexamples: self.max_counterexamples,
        }))
    }

    /// Whether a resource-based policy of `resource_type` lets in a caller from outside: an
    /// anonymous caller, a principal of an account the policy does not name (nor `account`,
    /// the resource's own), or a named service or identity provider acting for one. The
    /// condition keys that scope a caller (`aws:PrincipalAccount`, `aws:PrincipalOrgID`,
    /// `aws:SourceAccount`, `aws:SourceArn`, `aws:SourceVpce`, …) take that caller's values,
    /// which no policy names; every other key takes any value. `PASS`: no such caller is
    /// allowed.
    pub fn public_access(
        &self,
        policy: &Policy<'_>,
        resource_type: ResourceType,
        account: Option<&str>,
    ) -> Verdict {
        public::check(self, policy, resource_type, account)
    }

    pub(crate) fn catalogs(&self) -> &[&'c Catalog] {
        &self.catalogs
    }

    pub(crate) fn limit(&self) -> usize {
        self.max_counterexamples
    }
}

/// `text` as a JSON string literal.
fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
