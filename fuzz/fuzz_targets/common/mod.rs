//! What the targets share: a fuzzed request and the properties every decision must have.

use std::net::IpAddr;

use arbitrary::Arbitrary;
use iam_policy_check::LoadedPolicy;
use iam_policy_core::{Context, ContextValue, Decision, Effect, Policy, PolicySet, Principal, Request};

/// A request as the network could send it: any action, resource, principal and context.
#[derive(Arbitrary, Debug)]
pub struct FuzzRequest<'a> {
    pub action: &'a str,
    pub resource: &'a str,
    pub principal: Option<FuzzPrincipal<'a>>,
    pub context: Vec<(&'a str, FuzzValue<'a>)>,
}

#[derive(Arbitrary, Debug)]
pub enum FuzzPrincipal<'a> {
    Aws(&'a str),
    Service(&'a str),
    Federated(&'a str),
    CanonicalUser(&'a str),
    Anonymous,
}

#[derive(Arbitrary, Debug)]
pub enum FuzzValue<'a> {
    String(&'a str),
    Strings(Vec<&'a str>),
    Number(f64),
    Date(i64),
    Bool(bool),
    Ip(IpAddr),
    Binary(&'a [u8]),
}

impl<'a> FuzzPrincipal<'a> {
    fn get(&self) -> Principal<'a> {
        match *self {
            FuzzPrincipal::Aws(s) => Principal::Aws(s),
            FuzzPrincipal::Service(s) => Principal::Service(s),
            FuzzPrincipal::Federated(s) => Principal::Federated(s),
            FuzzPrincipal::CanonicalUser(s) => Principal::CanonicalUser(s),
            FuzzPrincipal::Anonymous => Principal::Anonymous,
        }
    }
}

impl<'a> FuzzValue<'a> {
    fn get(&'a self) -> ContextValue<'a> {
        match self {
            FuzzValue::String(s) => ContextValue::String(s),
            FuzzValue::Strings(v) => ContextValue::Strings(v),
            FuzzValue::Number(n) => ContextValue::Number(*n),
            FuzzValue::Date(d) => ContextValue::Date(*d),
            FuzzValue::Bool(b) => ContextValue::Bool(*b),
            FuzzValue::Ip(ip) => ContextValue::Ip(*ip),
            FuzzValue::Binary(b) => ContextValue::Binary(b),
        }
    }
}

impl FuzzRequest<'_> {
    /// The context entries, borrowed from the fuzzed values.
    pub fn entries(&self) -> Vec<(&str, ContextValue<'_>)> {
        self.context.iter().map(|(k, v)| (*k, v.get())).collect()
    }

    /// Evaluates the request with `action` in place of the fuzzed one and checks the
    /// properties every decision has; returns the decision's kind.
    pub fn check(&self, policy: &LoadedPolicy, action: &str) -> &'static str {
        let entries = self.entries();
        let mut request = Request::new(action, self.resource).with_context(Context::new(&entries));
        if let Some(principal) = &self.principal {
            request = request.with_principal(principal.get());
        }
        let decision = policy.evaluate(&request);
        assert_eq!(
            decision,
            policy.evaluate(&request),
            "evaluation is deterministic"
        );
        check_statement(policy, &decision);
        // Deny overrides: beside a policy that denies everything, nothing is allowed.
        let view = policy.as_policy();
        let deny_all = deny_all();
        let deny_view = deny_all.as_policy();
        let both: [&Policy<'_>; 2] = [&view, &deny_view];
        assert!(
            matches!(
                PolicySet::new(&both).evaluate(&request),
                Decision::ExplicitDeny(_)
            ),
            "a Deny * beside the policy must deny"
        );
        // A policy twice in a set decides as it does alone.
        let twice: [&Policy<'_>; 2] = [&view, &view];
        assert_eq!(
            PolicySet::new(&twice).evaluate(&request).kind(),
            decision.kind()
        );
        decision.kind()
    }
}

/// The deciding statement has the decision's effect.
pub fn check_statement(policy: &LoadedPolicy, decision: &Decision<'_>) {
    let expected = match decision {
        Decision::Allow(_) => Effect::Allow,
        Decision::ExplicitDeny(_) => Effect::Deny,
        Decision::ImplicitDeny => return,
    };
    let index = decision
        .statement()
        .map(|s| s.statement_index())
        .unwrap_or(usize::MAX);
    let statement = policy
        .tables()
        .statements
        .get(index)
        .expect("the deciding statement exists");
    assert_eq!(
        statement.effect, expected,
        "the deciding statement has the decision's effect"
    );
}

fn deny_all() -> &'static LoadedPolicy {
    static DENY_ALL: std::sync::OnceLock<LoadedPolicy> = std::sync::OnceLock::new();
    DENY_ALL.get_or_init(|| {
        LoadedPolicy::from_json(
            r#"{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}"#,
        )
        .expect("the deny-all policy loads")
    })
}
