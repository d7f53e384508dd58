//! A statement taken apart: which of its elements match a request, one by one.
//!
//! The evaluator decides whole requests; access analysis (`iam-policy-analyze`) needs the same
//! answers per element, so that it can group requests by what each statement says of them.
//! These functions are the evaluator's own matching code, not a second implementation.

use crate::condition;
use crate::glob::{Case, NoVariables};
use crate::request::{Context, Request};
use crate::table::{slice, Condition, Pattern, Polarity, Policy, ResourcePattern};

/// What each element of one statement says of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatementParts {
    /// `Action`/`NotAction` matches the requested action.
    pub action: bool,
    /// `Resource`/`NotResource` matches the resource (true without either element).
    pub resource: bool,
    /// `Principal`/`NotPrincipal` matches the caller (true without either element).
    pub principal: bool,
    /// Every condition holds.
    pub conditions: bool,
}

impl StatementParts {
    /// Whether the statement applies to the request: every element matches.
    pub const fn applies(&self) -> bool {
        self.action && self.resource && self.principal && self.conditions
    }
}

impl<'a> Policy<'a> {
    /// What statement `index` says of `request`, element by element; `None` when there is no
    /// such statement.
    #[doc(hidden)]
    pub fn statement_parts(&self, index: usize, request: &Request<'_>) -> Option<StatementParts> {
        let statement = self.statements.get(index)?;
        let action = request.action().as_str().as_bytes();
        let listed = slice(self.patterns, statement.actions)
            .iter()
            .any(|p| p.matches_bytes(self, action, Case::Insensitive, &NoVariables));
        let context = request.context();
        let resource = match statement.resource_polarity {
            None => true,
            Some(polarity) => {
                let listed = slice(self.resources, statement.resources)
                    .iter()
                    .any(|p| self.resource_matches(p, request.resource(), &context));
                listed == (polarity == Polarity::Listed)
            }
        };
        let principal = match statement.principal_polarity {
            None => true,
            Some(polarity) => {
                condition::principal_listed(self, statement.principals, request)
                    == (polarity == Polarity::Listed)
            }
        };
        Some(StatementParts {
            action: listed == (statement.action_polarity == Polarity::Listed),
            resource,
            principal,
            conditions: statement.conditions.len == 0
                || condition::all_hold(self, statement.conditions, request),
        })
    }

    /// Whether one condition entry of this policy holds in `context`.
    #[doc(hidden)]
    pub fn condition_holds(&self, condition: &Condition, context: &Context<'_>) -> bool {
        condition::holds(self, condition, context)
    }

    /// Whether `text` matches an action-name or condition-value pattern of this policy
    /// (ASCII case ignored when `ignore_case`), with the variables of `context`.
    #[doc(hidden)]
    pub fn pattern_matches(
        &self,
        pattern: &Pattern,
        text: &str,
        ignore_case: bool,
        context: &Context<'_>,
    ) -> bool {
        let case = if ignore_case {
            Case::Insensitive
        } else {
            Case::Sensitive
        };
        pattern.matches(self, text, case, context)
    }

    /// Whether `resource` matches a resource pattern of this policy, with the variables of
    /// `context`.
    #[doc(hidden)]
    pub fn resource_pattern_matches(
        &self,
        pattern: &ResourcePattern,
        resource: &str,
        context: &Context<'_>,
    ) -> bool {
        self.resource_matches(pattern, resource, context)
    }
}
