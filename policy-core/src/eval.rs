//! The evaluator: IAM's decision logic over a policy's tables.
//!
//! A request only touches the statements indexed under its service prefix plus the few that
//! any action may match (`NotAction`, `*`). Within them: an explicit deny decides at once, an
//! allow is remembered, and nothing matching means the default, implicit deny.

use core::cmp::Ordering;

use crate::condition;
use crate::decision::{Decision, StatementRef};
use crate::glob::{bytes_equal, lowercase_word, word_at, Case, NoVariables, Variables};
use crate::request::{Context, ContextValue, Request};
use crate::table::{
    slice, Effect, ExactName, Polarity, Policy, ResourcePattern, Service, Statement,
};

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
        let service = action
            .service()
            .and_then(|prefix| self.service(prefix.as_bytes()));
        if let Some(service) = service {
            let name = action.name().as_bytes();
            // Two lists in statement order, merged so that statements are applied in the same
            // order as without the index (the first explicit deny found is the one reported):
            // the statements listing `name` exactly (no pattern to try) and those with a
            // wildcard name for the service (their patterns tried).
            let exact = self.exact_statements(service, name);
            let wildcard = slice(self.service_statements, service.statements);
            let (mut e, mut w) = (0, 0);
            loop {
                let next_exact = exact.get(e).map(|entry| entry.statement);
                let next_wildcard = wildcard.get(w);
                let index = match (next_exact, next_wildcard) {
                    (Some(index), Some(entry)) if index < entry.statement => {
                        e += 1;
                        index
                    }
                    (Some(index), None) => {
                        e += 1;
                        index
                    }
                    (_, Some(entry)) => {
                        w += 1;
                        let name_matches = slice(self.patterns, entry.names)
                            .iter()
                            .any(|p| p.matches_bytes(self, name, Case::Insensitive, &NoVariables));
                        if !name_matches {
                            continue;
                        }
                        entry.statement
                    }
                    (None, None) => break,
                };
                if let Some(deny) = self.apply(index, request, &mut allowed) {
                    return self.decision(deny, policy_index, Effect::Deny);
                }
            }
        }
        for &index in self.unindexed {
            let Some(statement) = self.statements.get(index as usize) else {
                continue;
            };
            let whole = action.as_str().as_bytes();
            let listed = slice(self.patterns, statement.actions)
                .iter()
                .any(|p| p.matches_bytes(self, whole, Case::Insensitive, &NoVariables));
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
            ResourcePattern::Exact(arn) => {
                bytes_equal(self.bytes(*arn), resource.as_bytes(), Case::Sensitive)
            }
            ResourcePattern::Arn([partition, service, region, account, rest]) => {
                // `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, compared field by field as
                // the colons are found; the first mismatch ends the walk.
                let Some(mut text) = resource.as_bytes().strip_prefix(b"arn:") else {
                    return false;
                };
                for field in [partition, service, region, account] {
                    match field.match_arn_field(self, text, vars) {
                        Some(after) => text = after,
                        None => return false,
                    }
                }
                rest.matches_bytes(self, text, Case::Sensitive, vars)
            }
        }
    }

    /// The entries of `service`'s exact-name index whose name is `name` (any case), in
    /// statement order.
    ///
    /// A few entries are scanned (lengths first); more are binary searched.
    #[inline]
    fn exact_statements(&self, service: &Service, name: &[u8]) -> &'a [ExactName] {
        let entries: &'a [ExactName] = slice(self.exact_names, service.exact);
        let start = if entries.len() <= LINEAR_NAMES {
            let found = entries.iter().position(|entry| {
                entry.name.len as usize == name.len()
                    && bytes_equal(self.bytes(entry.name), name, Case::Insensitive)
            });
            match found {
                Some(start) => start,
                None => return &[],
            }
        } else {
            let start = entries.partition_point(|entry| {
                compare_lowercase(self.bytes(entry.name), name) == Ordering::Less
            });
            let found = entries
                .get(start)
                .is_some_and(|entry| bytes_equal(self.bytes(entry.name), name, Case::Insensitive));
            if !found {
                return &[];
            }
            start
        };
        // Lowering interns each name once, so the entries of one name share its `Str`; equal
        // text under another `Str` is still the same name.
        let rest = entries.get(start..).unwrap_or(&[]);
        let len = rest
            .iter()
            .take_while(|entry| {
                entry.name.len as usize == name.len()
                    && (rest.first().is_some_and(|first| first.name == entry.name)
                        || bytes_equal(self.bytes(entry.name), name, Case::Insensitive))
            })
            .count();
        rest.get(..len).unwrap_or(&[])
    }

    /// The service of a lowercased prefix (the request's may have any case).
    ///
    /// A few services are scanned for equality (lengths first, then eight bytes at a time);
    /// more are binary searched.
    #[inline]
    fn service(&self, prefix: &[u8]) -> Option<&Service> {
        if self.services.len() <= LINEAR_SERVICES {
            return self.services.iter().find(|service| {
                bytes_equal(self.bytes(service.prefix), prefix, Case::Insensitive)
            });
        }
        let found = self
            .services
            .binary_search_by(|service| compare_lowercase(self.bytes(service.prefix), prefix))
            .ok()?;
        self.services.get(found)
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

/// Up to this many services, [`Policy::service`] scans instead of searching.
const LINEAR_SERVICES: usize = 4;

/// Up to this many exact names of a service, [`Policy::exact_statements`] scans instead of
/// searching.
const LINEAR_NAMES: usize = 8;

/// Compares `known` (lowercase) with `text` lowercased, byte-wise, without building the
/// lowercase text: eight bytes at a time as big-endian words (whose order is the byte-wise
/// order), then byte by byte.
#[inline]
fn compare_lowercase(known: &[u8], text: &[u8]) -> Ordering {
    let mut at = 0;
    while at + 8 <= known.len() && at + 8 <= text.len() {
        let a = word_at(known, at).swap_bytes();
        let b = lowercase_word(word_at(text, at)).swap_bytes();
        if a != b {
            return a.cmp(&b);
        }
        at += 8;
    }
    let known = known.get(at..).unwrap_or(&[]);
    let text = text.get(at..).unwrap_or(&[]);
    for (a, b) in known.iter().zip(text) {
        let b = b.to_ascii_lowercase();
        if *a != b {
            return a.cmp(&b);
        }
    }
    known.len().cmp(&text.len())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_comparison_orders_like_comparing_lowercased_bytes() {
        let words: [&[u8]; 12] = [
            b"",
            b"a",
            b"s3",
            b"S3",
            b"ec2",
            b"ec2-instance-connect",
            b"EC2-INSTANCE-CONNECTX",
            b"cloudtrail",
            b"CloudTrail",
            b"cloudtrail-data",
            b"cloudtrai",
            b"kms",
        ];
        for known in words {
            let known = known.to_ascii_lowercase();
            for text in words {
                let expected = known.as_slice().cmp(text.to_ascii_lowercase().as_slice());
                assert_eq!(
                    compare_lowercase(&known, text),
                    expected,
                    "{known:?} {text:?}"
                );
            }
        }
    }
}
