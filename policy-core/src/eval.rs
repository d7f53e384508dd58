//! The evaluator: IAM's decision logic over a policy's tables.
//!
//! A request only touches the statements indexed under its service prefix plus the few that
//! any action may match (`NotAction`, `*`). Within them: an explicit deny decides at once, an
//! allow is remembered, and nothing matching means the default, implicit deny.

use crate::condition;
use crate::decision::{Decision, StatementRef};
use crate::glob::{Case, NoVariables, Variables};
use crate::request::{Context, ContextValue, Request};
use crate::table::{slice, Effect, Polarity, Policy, ResourcePattern, Service, Statement};

impl<'a> Policy<'a> {
    /// Decides `request` against this policy alone.
    ///
    /// ```
    /// use policy_core::{Decision, Policy, Request};
    /// assert_eq!(Policy::EMPTY.evaluate(&Request::new("iam:GetUser", "*")), Decision::ImplicitDeny);
    /// ```
    pub fn evaluate(&self, request: &Request<'_>) -> Decision<'a> {
        self.decide(request, 0)
    }

    pub(crate) fn decide(&self, request: &Request<'_>, policy_index: usize) -> Decision<'a> {
        let mut allowed: Option<u32> = None;
        let action = request.action();
        if let Some(service) = action.service().and_then(|prefix| self.service(prefix)) {
            for entry in slice(self.service_statements, service.statements) {
                let names = slice(self.patterns, entry.names);
                let name_matches = names
                    .iter()
                    .any(|p| p.matches(self, action.name(), Case::Insensitive, &NoVariables));
                if name_matches {
                    if let Some(deny) = self.apply(entry.statement, request, &mut allowed) {
                        return self.decision(deny, policy_index, Effect::Deny);
                    }
                }
            }
        }
        for &index in self.unindexed {
            let Some(statement) = self.statements.get(index as usize) else {
                continue;
            };
            let listed = slice(self.patterns, statement.actions)
                .iter()
                .any(|p| p.matches(self, action.as_str(), Case::Insensitive, &NoVariables));
            if listed == (statement.action_polarity == Polarity::Listed) {
                if let Some(deny) = self.apply(index, request, &mut allowed) {
                    return self.decision(deny, policy_index, Effect::Deny);
                }
            }
        }
        match allowed {
            Some(index) => self.decision(index, policy_index, Effect::Allow),
            None => Decision::ImplicitDeny,
        }
    }

    /// Applies a statement whose action matched. Returns its index if it denies the request;
    /// records the lowest allowing statement in `allowed`.
    fn apply(&self, index: u32, request: &Request<'_>, allowed: &mut Option<u32>) -> Option<u32> {
        let statement = self.statements.get(index as usize)?;
        if !self.rest_matches(statement, request) {
            return None;
        }
        match statement.effect {
            Effect::Deny => Some(index),
            Effect::Allow => {
                if allowed.is_none_or(|current| index < current) {
                    *allowed = Some(index);
                }
                None
            }
        }
    }

    /// Resource, principal and condition of a statement whose action matched.
    fn rest_matches(&self, statement: &Statement, request: &Request<'_>) -> bool {
        let context = request.context();
        if let Some(polarity) = statement.resource_polarity {
            let listed = slice(self.resources, statement.resources)
                .iter()
                .any(|pattern| self.resource_matches(pattern, request.resource(), &context));
            if listed != (polarity == Polarity::Listed) {
                return false;
            }
        }
        if let Some(polarity) = statement.principal_polarity {
            let listed = condition::principal_listed(self, statement.principals, request);
            if listed != (polarity == Polarity::Listed) {
                return false;
            }
        }
        condition::all_hold(self, statement.conditions, request)
    }

    /// Whether `resource` matches an ARN pattern field by field (IAM reference 4.5).
    pub(crate) fn resource_matches(
        &self,
        pattern: &ResourcePattern,
        resource: &str,
        vars: &dyn Variables,
    ) -> bool {
        match pattern {
            ResourcePattern::Any => true,
            ResourcePattern::Arn(fields) => split_arn(resource).is_some_and(|parts| {
                fields
                    .iter()
                    .zip(parts)
                    .all(|(field, part)| field.matches(self, part, Case::Sensitive, vars))
            }),
        }
    }

    fn service(&self, prefix: &str) -> Option<&Service> {
        let prefix = prefix.as_bytes();
        self.services
            .binary_search_by(|service| {
                let known = self.str(service.prefix).as_bytes();
                known
                    .iter()
                    .copied()
                    .cmp(prefix.iter().map(u8::to_ascii_lowercase))
            })
            .ok()
            .and_then(|found| self.services.get(found))
    }

    fn decision(&self, index: u32, policy_index: usize, effect: Effect) -> Decision<'a> {
        let statement = StatementRef {
            policy_index,
            policy_name: self.name,
            statement_index: index as usize,
            sid: self.sid(index as usize),
        };
        match effect {
            Effect::Allow => Decision::Allow(statement),
            Effect::Deny => Decision::ExplicitDeny(statement),
        }
    }
}

/// Splits an ARN at its first five colons; `None` if it is not an ARN.
fn split_arn(resource: &str) -> Option<[&str; 5]> {
    let mut fields = resource.splitn(6, ':');
    if fields.next()? != "arn" {
        return None;
    }
    Some([
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
    ])
}

impl Variables for Context<'_> {
    fn variable(&self, key: &str) -> Option<&str> {
        match self.get(key)? {
            ContextValue::String(value) => Some(value),
            ContextValue::Strings([value]) => Some(value),
            _ => None,
        }
    }
}
