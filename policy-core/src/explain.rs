//! Why each statement of a policy did or did not apply to a request.
//!
//! The explanation runs the evaluator's own matchers statement by statement, without the
//! service index and without stopping at the first deny, so that every statement is shown.
//! It allocates nothing.

use crate::condition;
use crate::glob::{Case, NoVariables};
use crate::request::Request;
use crate::table::{slice, Effect, Polarity, Policy, Statement};

/// How one statement relates to a request.
///
/// ```
/// use iam_policy_core::{Policy, Request};
/// let explanations: Vec<_> = Policy::EMPTY.explain(&Request::new("s3:GetObject", "*")).collect();
/// assert!(explanations.is_empty());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatementExplanation<'a> {
    index: usize,
    sid: Option<&'a str>,
    effect: Effect,
    excluded_actions: bool,
    action: bool,
    resource: Option<(Polarity, bool)>,
    principal: Option<(Polarity, bool)>,
    conditions: bool,
    condition_count: usize,
}

impl<'a> StatementExplanation<'a> {
    /// The position of the statement in the policy's `Statement` array, from 0.
    pub const fn index(&self) -> usize {
        self.index
    }

    /// The statement's `Sid`, if it has one.
    pub const fn sid(&self) -> Option<&'a str> {
        self.sid
    }

    /// `Allow` or `Deny`.
    pub const fn effect(&self) -> Effect {
        self.effect
    }

    /// Whether the action element is `NotAction` (rather than `Action`).
    pub const fn action_excluded(&self) -> bool {
        self.excluded_actions
    }

    /// Whether the `Action` element lists the action (or the `NotAction` element does not).
    pub const fn action_matches(&self) -> bool {
        self.action
    }

    /// Whether the resource element covers the resource: `None` when the statement has no
    /// `Resource` or `NotResource`; `Some(true)` for `NotResource` means it is not excluded.
    pub const fn resource_matches(&self) -> Option<bool> {
        match self.resource {
            Some((_, matches)) => Some(matches),
            None => None,
        }
    }

    /// Whether the resource element is `NotResource`.
    pub const fn resource_excluded(&self) -> bool {
        matches!(self.resource, Some((Polarity::Excluded, _)))
    }

    /// Whether the principal element covers the request's principal: `None` when the
    /// statement has no `Principal` or `NotPrincipal`.
    pub const fn principal_matches(&self) -> Option<bool> {
        match self.principal {
            Some((_, matches)) => Some(matches),
            None => None,
        }
    }

    /// Whether the principal element is `NotPrincipal`.
    pub const fn principal_excluded(&self) -> bool {
        matches!(self.principal, Some((Polarity::Excluded, _)))
    }

    /// How many conditions (operator, key and values) the statement has.
    pub const fn condition_count(&self) -> usize {
        self.condition_count
    }

    /// Whether every condition of the statement holds (true when it has none).
    pub const fn conditions_hold(&self) -> bool {
        self.conditions
    }

    /// Whether the statement applies to the request: its effect counts in the decision.
    pub const fn applies(&self) -> bool {
        self.action
            && !matches!(self.resource, Some((_, false)))
            && !matches!(self.principal, Some((_, false)))
            && self.conditions
    }
}

/// The explanations of a policy's statements, in order. See [`Policy::explain`].
#[derive(Clone, Debug)]
pub struct Explain<'p, 'r> {
    policy: Policy<'p>,
    request: &'r Request<'r>,
    next: usize,
}

impl<'p> Iterator for Explain<'p, '_> {
    type Item = StatementExplanation<'p>;

    fn next(&mut self) -> Option<Self::Item> {
        let index = self.next;
        let statement = self.policy.statements.get(index)?;
        self.next += 1;
        Some(
            self.policy
                .explain_statement(index, statement, self.request),
        )
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.policy.statements.len().saturating_sub(self.next);
        (left, Some(left))
    }
}

impl<'a> Policy<'a> {
    /// Explains, statement by statement, how the policy relates to `request`. The decision is
    /// the one [`Policy::evaluate`] returns: an applying `Deny` wins, else an applying `Allow`,
    /// else the implicit deny.
    ///
    /// ```
    /// use iam_policy_core::{Effect, Policy, Request};
    /// fn why(policy: &Policy, request: &Request) -> Vec<(usize, bool)> {
    ///     policy.explain(request).map(|s| (s.index(), s.applies())).collect()
    /// }
    /// assert_eq!(why(&Policy::EMPTY, &Request::new("s3:GetObject", "*")), []);
    /// ```
    pub fn explain<'r>(&self, request: &'r Request<'r>) -> Explain<'a, 'r> {
        Explain {
            policy: *self,
            request,
            next: 0,
        }
    }

    pub(crate) fn explain_statement(
        &self,
        index: usize,
        statement: &Statement,
        request: &Request<'_>,
    ) -> StatementExplanation<'a> {
        let action = request.action();
        let listed = slice(self.patterns, statement.actions)
            .iter()
            .any(|p| p.matches(self, action.as_str(), Case::Insensitive, &NoVariables));
        let action_matches = listed == (statement.action_polarity == Polarity::Listed);
        let context = request.context();
        let resource = statement.resource_polarity.map(|polarity| {
            let listed = slice(self.resources, statement.resources)
                .iter()
                .any(|pattern| self.resource_matches(pattern, request.resource(), &context));
            (polarity, listed == (polarity == Polarity::Listed))
        });
        let principal = statement.principal_polarity.map(|polarity| {
            let listed = condition::principal_listed(self, statement.principals, request);
            (polarity, listed == (polarity == Polarity::Listed))
        });
        StatementExplanation {
            index,
            sid: self.sid(index),
            effect: statement.effect,
            excluded_actions: statement.action_polarity == Polarity::Excluded,
            action: action_matches,
            resource,
            principal,
            conditions: condition::all_hold(self, statement.conditions, request),
            condition_count: statement.conditions.len as usize,
        }
    }
}
