//! The evaluator: IAM's decision logic over a policy's tables.
//!
//! A request only touches the statements that list its action exactly (found by the action's
//! hash), those with a wildcard name for its service prefix, and the few that any action may
//! match (`NotAction`, `*`); a one-word filter turns most policies that list none of them away
//! before any search. Within them: an explicit deny decides at once, an allow is remembered,
//! and nothing matching means the default, implicit deny.

use crate::condition;
use crate::decision::{Decision, StatementRef};
use crate::glob::{bytes_equal, Case, NoVariables, Variables};
use crate::name_hash::hash_to_colon;
use crate::request::{Action, Context, ContextValue, Request};
use crate::table::{
    filter_bit, slice, Effect, ExactName, Pattern, Polarity, Policy, ResourcePattern, Service,
    ServiceStatement, Shortcut, Statement, Str,
};

/// What one policy says about a request, before it is turned into a [`Decision`]: statement
/// indexes only, so that a [`PolicySet`](crate::PolicySet) builds one decision at the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The first statement (in order) that explicitly denies.
    Deny(u32),
    /// The first statement that allows, and none denies.
    Allow(u32),
    /// No statement matches.
    NoMatch,
}

/// The requested action's service prefix and name (split at its first colon) and the hash of
/// the prefix: what a policy with wildcard action names looks its statements up by. A chain
/// finds them once for all its policies.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ActionParts<'r> {
    prefix: &'r [u8],
    name: &'r [u8],
    prefix_hash: u32,
}

impl<'r> ActionParts<'r> {
    /// The parts of `action`; `None` without a colon.
    #[inline]
    pub(crate) fn of(action: &Action<'r>) -> Option<Self> {
        let text = action.as_str().as_bytes();
        let (colon, prefix_hash) = hash_to_colon(text)?;
        Some(ActionParts {
            prefix: text.get(..colon)?,
            name: text.get(colon + 1..)?,
            prefix_hash,
        })
    }
}

/// The [`ActionParts`] of a request: found already, or to find when a policy needs them.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Parts<'r> {
    /// Not looked for yet.
    Unknown,
    /// Found (`None`: the action has no colon).
    Known(Option<ActionParts<'r>>),
}

impl<'r> Parts<'r> {
    /// The parts of a request whose action is `action`.
    #[inline]
    pub(crate) fn of(action: &Action<'r>) -> Self {
        Parts::Known(ActionParts::of(action))
    }

    #[inline]
    fn get(self, action: &Action<'r>) -> Option<ActionParts<'r>> {
        match self {
            Parts::Unknown => ActionParts::of(action),
            Parts::Known(parts) => parts,
        }
    }
}

impl<'a> Policy<'a> {
    /// Decides `request` against this policy alone.
    ///
    /// ```
    /// use iam_policy_core::{Decision, Policy, Request};
    /// assert_eq!(Policy::EMPTY.evaluate(&Request::new("iam:GetUser", "*")), Decision::ImplicitDeny);
    /// ```
    pub fn evaluate(&self, request: &Request<'_>) -> Decision<'a> {
        self.decision(self.decide(request, Parts::Unknown), 0)
    }

    /// [`Policy::evaluate`] with the action's parts found already.
    #[inline]
    pub(crate) fn evaluate_with(&self, request: &Request<'_>, parts: Parts<'_>) -> Decision<'a> {
        self.decision(self.decide(request, parts), 0)
    }

    /// The statements of this policy that decide `request`.
    #[inline]
    pub(crate) fn decide(&self, request: &Request<'_>, parts: Parts<'_>) -> Outcome {
        // Most policies of a set list none of a request's action: the filter of their exact
        // actions says so at once, unless a wildcard or `NotAction` statement might apply.
        let listed = self.action_filter & filter_bit(request.action().hash()) != 0;
        if listed || !self.services.is_empty() {
            self.decide_listed(request, parts)
        } else if !self.unindexed.is_empty() {
            self.decide_unindexed(request)
        } else {
            Outcome::NoMatch
        }
    }

    /// Whether a policy of `Traits::SERVICE_WIDE_ALLOWS` allows the request: whether one of
    /// its statements names the action's service. (A chain's bounding layers take this path,
    /// as they take `Traits::ALLOWS_EVERYTHING`; a set decides its policies as any other,
    /// which keeps the set's own path as short as it was.)
    #[inline]
    pub(crate) fn allows_service(&self, request: &Request<'_>, parts: Parts<'_>) -> bool {
        parts
            .get(&request.action())
            .is_some_and(|parts| self.service(&parts).is_some())
    }

    /// [`Policy::decide`] when only statements that any action may match can apply
    /// (`"Action": "*"`, `NotAction`, a wildcard in the prefix): no table search.
    #[inline(never)]
    fn decide_unindexed(&self, request: &Request<'_>) -> Outcome {
        let mut allowed: Option<u32> = None;
        match self.apply_each_unindexed(request, &mut allowed) {
            Some(deny) => Outcome::Deny(deny),
            None => allowed.map_or(Outcome::NoMatch, Outcome::Allow),
        }
    }

    /// [`Policy::decide`] past the filter.
    fn decide_listed(&self, request: &Request<'_>, parts: Parts<'_>) -> Outcome {
        let action = request.action();
        let exact = self.exact_statements(&action);
        if !self.services.is_empty() || !self.unindexed.is_empty() {
            return self.decide_mixed(exact, request, parts);
        }
        // The usual case: only statements that list the action exactly, in order.
        let mut allowed: Option<u32> = None;
        for entry in exact {
            if let Some(deny) = self.apply(entry.statement, request, &mut allowed) {
                return Outcome::Deny(deny);
            }
        }
        allowed.map_or(Outcome::NoMatch, Outcome::Allow)
    }

    /// [`Policy::decide_listed`] for a policy that also has statements with wildcard action
    /// names, or statements that any action may match.
    #[inline(never)]
    fn decide_mixed(
        &self,
        exact: &[ExactName],
        request: &Request<'_>,
        parts: Parts<'_>,
    ) -> Outcome {
        let mut allowed: Option<u32> = None;
        let parts = match self.services.is_empty() {
            true => None,
            false => parts.get(&request.action()),
        };
        let wildcard = parts.map_or(&[][..], |parts| self.wildcard_statements(&parts));
        let name = parts.map_or(&[][..], |parts| parts.name);
        let denied = match exact {
            // Only wildcard names (`cloudtrail:*`, `s3:Get*`): their statements in order.
            [] => self.apply_wildcard(wildcard, name, request, &mut allowed),
            _ => self.merge(exact, wildcard, name, request, &mut allowed),
        };
        if let Some(deny) = denied {
            return Outcome::Deny(deny);
        }
        if !self.unindexed.is_empty() {
            if let Some(deny) = self.apply_unindexed(request, &mut allowed) {
                return Outcome::Deny(deny);
            }
        }
        allowed.map_or(Outcome::NoMatch, Outcome::Allow)
    }

    /// Applies the statements that any action may match (`NotAction`, `*`, a wildcard in the
    /// prefix) whose patterns match the action. Returns the first that denies.
    #[inline(never)]
    fn apply_unindexed(&self, request: &Request<'_>, allowed: &mut Option<u32>) -> Option<u32> {
        self.apply_each_unindexed(request, allowed)
    }

    /// [`Policy::apply_unindexed`], inlined into [`Policy::decide_unindexed`].
    #[inline(always)]
    fn apply_each_unindexed(
        &self,
        request: &Request<'_>,
        allowed: &mut Option<u32>,
    ) -> Option<u32> {
        let whole = request.action().as_str().as_bytes();
        for &index in self.unindexed {
            let Some(statement) = self.statements.get(index as usize) else {
                continue;
            };
            let action_matches = || {
                let listed = slice(self.patterns, statement.actions)
                    .iter()
                    .any(|p| p.matches_bytes(self, whole, Case::Insensitive, &NoVariables));
                listed == (statement.action_polarity == Polarity::Listed)
            };
            // A statement with conditions alone to check is usually a guard (a region `Deny`
            // with `NotAction`) whose conditions are what most requests fail: they are checked
            // first, without a call unless they need one.
            let matches = match statement.shortcut {
                Shortcut::Conditions => {
                    condition::conditions_hold(self, statement.conditions, request)
                        && action_matches()
                }
                _ => action_matches() && self.statement_matches(statement, request),
            };
            if matches {
                if let Some(deny) = settle(index, statement.effect, allowed) {
                    return Some(deny);
                }
            }
        }
        None
    }

    /// Applies, in statement order, the statements with a wildcard name for the action's
    /// service whose patterns match its `name`. Returns the first that denies.
    #[inline]
    fn apply_wildcard(
        &self,
        wildcard: &[ServiceStatement],
        name: &[u8],
        request: &Request<'_>,
        allowed: &mut Option<u32>,
    ) -> Option<u32> {
        for entry in wildcard {
            let name_matches = slice(self.patterns, entry.names)
                .iter()
                .any(|p| p.matches_bytes(self, name, Case::Insensitive, &NoVariables));
            if name_matches {
                if let Some(deny) = self.apply(entry.statement, request, allowed) {
                    return Some(deny);
                }
            }
        }
        None
    }

    /// Applies, in statement order, the statements listing the action's `name` exactly (no
    /// pattern to try) and those with a wildcard name for its service (their patterns tried),
    /// so that the first explicit deny found is the one reported. Returns that deny.
    #[inline(never)]
    fn merge(
        &self,
        exact: &[ExactName],
        wildcard: &[ServiceStatement],
        name: &[u8],
        request: &Request<'_>,
        allowed: &mut Option<u32>,
    ) -> Option<u32> {
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
                (None, None) => return None,
            };
            if let Some(deny) = self.apply(index, request, allowed) {
                return Some(deny);
            }
        }
    }

    /// Applies a statement whose action matched. Returns its index if it denies the request;
    /// records the lowest allowing statement in `allowed`.
    #[inline(always)]
    fn apply(&self, index: u32, request: &Request<'_>, allowed: &mut Option<u32>) -> Option<u32> {
        let statement = self.statements.get(index as usize)?;
        if !self.statement_matches(statement, request) {
            return None;
        }
        settle(index, statement.effect, allowed)
    }

    /// Whether the resource, principal and conditions of a statement whose action matched
    /// match the request.
    #[inline(always)]
    fn statement_matches(&self, statement: &Statement, request: &Request<'_>) -> bool {
        match statement.shortcut {
            Shortcut::AnyRequest => true,
            Shortcut::OneResource(arn) => self.bytes(arn) == request.resource().as_bytes(),
            Shortcut::Conditions => condition::all_hold(self, statement.conditions, request),
            Shortcut::None => self.rest_matches(statement, request),
        }
    }

    /// Resource, principal and condition of a statement whose action matched.
    fn rest_matches(&self, statement: &Statement, request: &Request<'_>) -> bool {
        if let Some(polarity) = statement.resource_polarity {
            let context = request.context_ref();
            let resources = slice(self.resources, statement.resources);
            // `"Resource": "*"` (the usual form beside a condition): no pattern to try.
            let listed = matches!(resources, [ResourcePattern::Any])
                || resources
                    .iter()
                    .any(|pattern| self.resource_matches(pattern, request.resource(), context));
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
        statement.conditions.len == 0 || condition::all_hold(self, statement.conditions, request)
    }

    /// Whether `resource` matches a resource pattern (IAM reference 4.5).
    #[inline(always)]
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
            ResourcePattern::LiteralHead(head, rest) => {
                self.literal_head_matches(*head, rest, resource, vars)
            }
            ResourcePattern::Arn(fields) => self.arn_matches(fields, resource, vars),
        }
    }

    /// Whether `resource` starts with `head` (`arn:PARTITION:SERVICE:REGION:ACCOUNT:`) and its
    /// resource part, the text after it, matches `rest`.
    #[inline(never)]
    fn literal_head_matches(
        &self,
        head: Str,
        rest: &Pattern,
        resource: &str,
        vars: &dyn Variables,
    ) -> bool {
        let head = self.bytes(head);
        let text = resource.as_bytes();
        match (text.get(..head.len()), text.get(head.len()..)) {
            (Some(start), Some(after)) => {
                bytes_equal(head, start, Case::Sensitive)
                    && rest.matches_bytes(self, after, Case::Sensitive, vars)
            }
            _ => false,
        }
    }

    /// Whether `resource` matches an ARN pattern field by field:
    /// `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, compared as the colons are found; the
    /// first mismatch ends the walk.
    #[inline(never)]
    fn arn_matches(&self, fields: &[Pattern; 5], resource: &str, vars: &dyn Variables) -> bool {
        let [partition, service, region, account, rest] = fields;
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

    /// The exact-action entries of the requested action (any case), in statement order.
    #[inline]
    fn exact_statements(&self, action: &Action<'_>) -> &'a [ExactName] {
        let hash = action.hash();
        let text = action.as_str().as_bytes();
        let Some(candidates) = from_hash(self.exact_names, hash, |entry| entry.hash) else {
            return &[];
        };
        for (at, entry) in candidates.iter().enumerate() {
            if entry.hash != hash {
                break;
            }
            let known = self.bytes(entry.name);
            // Requests usually spell an action as the policy does: bytes first, then case.
            if bytes_equal(known, text, Case::Sensitive)
                || bytes_equal(known, text, Case::Insensitive)
            {
                let end = at.saturating_add(entry.same_action as usize);
                return candidates.get(at..end).unwrap_or(&[]);
            }
        }
        &[]
    }

    /// The statements with a wildcard name for the action's service (which may have any case).
    #[inline]
    fn wildcard_statements(&self, parts: &ActionParts<'_>) -> &'a [ServiceStatement] {
        match self.service(parts) {
            Some(service) => slice(self.service_statements, service.statements),
            None => &[],
        }
    }

    /// The entry of the action's service among those with wildcard names, if it has one.
    #[inline]
    fn service(&self, parts: &ActionParts<'_>) -> Option<&'a Service> {
        let (prefix, hash) = (parts.prefix, parts.prefix_hash);
        let candidates = from_hash(self.services, hash, |service| service.hash)?;
        candidates
            .iter()
            .take_while(|service| service.hash == hash)
            .find(|service| {
                // The prefix is stored lowercase, as requests usually spell it: bytes first,
                // then case.
                let known = self.bytes(service.prefix);
                bytes_equal(known, prefix, Case::Sensitive)
                    || bytes_equal(known, prefix, Case::Insensitive)
            })
    }

    /// The [`Decision`] of an [`Outcome`] of the policy at `policy_index` of its set.
    pub(crate) fn decision(&self, outcome: Outcome, policy_index: usize) -> Decision<'a> {
        match outcome {
            Outcome::Deny(index) => Decision::ExplicitDeny(self.statement_ref(index, policy_index)),
            Outcome::Allow(index) => Decision::Allow(self.statement_ref(index, policy_index)),
            Outcome::NoMatch => Decision::ImplicitDeny,
        }
    }

    /// Statement `index` of this policy, the policy at `policy_index` of its set.
    #[inline]
    pub(crate) fn statement_ref(&self, index: u32, policy_index: usize) -> StatementRef<'a> {
        StatementRef {
            policy_index,
            policy_name: self.name,
            statement_index: index as usize,
            sid: self.sid(index as usize),
        }
    }
}

/// What statement `index`, which matches the request, makes of it: its index if it denies;
/// if it allows, it is recorded in `allowed` when it comes before the one recorded.
#[inline(always)]
fn settle(index: u32, effect: Effect, allowed: &mut Option<u32>) -> Option<u32> {
    match effect {
        Effect::Deny => Some(index),
        Effect::Allow => {
            if allowed.is_none_or(|current| index < current) {
                *allowed = Some(index);
            }
            None
        }
    }
}

/// Up to this many entries, [`from_hash`] scans instead of searching.
const LINEAR_SEARCH: usize = 8;

/// The entries of `entries` (sorted by `hash_of`) from the first whose hash is `hash`, if any.
#[inline(always)]
fn from_hash<T>(entries: &[T], hash: u32, hash_of: impl Fn(&T) -> u32) -> Option<&[T]> {
    let start = if entries.len() <= LINEAR_SEARCH {
        entries.iter().position(|entry| hash_of(entry) == hash)?
    } else {
        entries.partition_point(|entry| hash_of(entry) < hash)
    };
    entries.get(start..)
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
    use crate::name_hash::name_hash;
    use crate::table::{Run, Str};

    /// An allowing statement for every resource, as lowering writes it.
    fn allow_all() -> Statement {
        Statement {
            sid: None,
            effect: Effect::Allow,
            action_polarity: Polarity::Listed,
            actions: Run::EMPTY,
            resource_polarity: None,
            resources: Run::EMPTY,
            principal_polarity: None,
            principals: Run::EMPTY,
            conditions: Run::EMPTY,
            shortcut: Shortcut::AnyRequest,
        }
    }

    #[test]
    fn entries_sharing_a_hash_are_told_apart_by_their_text() {
        // Two actions whose entries carry one hash, as two colliding names would: the one
        // requested is found after the other, and the other one is never taken for it.
        let pool = "s3:GetObjects3:PutObject";
        let hash = name_hash(b"s3:PutObject");
        let statements = [allow_all(), allow_all()];
        let exact_names = [
            ExactName {
                name: Str { start: 0, len: 12 },
                hash,
                statement: 0,
                same_action: 1,
            },
            ExactName {
                name: Str { start: 12, len: 12 },
                hash,
                statement: 1,
                same_action: 1,
            },
        ];
        let policy = Policy {
            pool,
            statements: &statements,
            exact_names: &exact_names,
            action_filter: filter_bit(hash),
            ..Policy::EMPTY
        };
        let decide = |action| policy.decide(&Request::new(action, "*"), Parts::Unknown);
        assert_eq!(decide("s3:PutObject"), Outcome::Allow(1));
        assert_eq!(decide("S3:PUTOBJECT"), Outcome::Allow(1));
        // Its own hash differs from the one stored, so it is not found at all.
        assert_eq!(decide("s3:GetObject"), Outcome::NoMatch);
        assert_eq!(decide("s3:PutObjectX"), Outcome::NoMatch);
    }
}
