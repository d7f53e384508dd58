//! The callers of resource-based policies, in classes every `Principal` element treats alike.
//!
//! A principal entry compares the caller by account (an account, or the account field of an
//! ARN), by exact ARN, by role for role sessions, or by exact name (services, federated
//! providers, canonical users). One caller of each kind the entries name, one session of each
//! role, one other member of each account, one caller of an account no entry names, and an
//! anonymous caller cover every combination the entries can tell apart.

use std::collections::HashMap;

use iam_policy_core::tables::PrincipalPattern;
use iam_policy_core::Request;

use crate::bits::Bits;
use crate::request::Caller;
use crate::search::Stmt;
use crate::tables::{slice, text};

/// Callers that every statement's principal element treats alike.
#[derive(Clone, Debug)]
pub(crate) struct CallerClass {
    /// The statements whose principal element matches (all of them without one).
    pub(crate) matches: Bits,
    /// One caller of the class; `None` for identity policies, which have no principal.
    pub(crate) caller: Option<Caller>,
}

/// The caller classes of `stmts`, or one class without a caller when no statement names one.
/// `only`: the callers to consider instead of every caller.
pub(crate) fn classes(stmts: &[Stmt<'_>], only: Option<&[Caller]>) -> Vec<CallerClass> {
    if only.is_none()
        && stmts
            .iter()
            .all(|s| s.statement.principal_polarity.is_none())
    {
        return vec![CallerClass {
            matches: Bits::full(stmts.len()),
            caller: None,
        }];
    }
    let mut out = Vec::new();
    let mut seen: HashMap<Bits, ()> = HashMap::new();
    let callers = match only {
        Some(only) => only.to_vec(),
        None => candidates(stmts),
    };
    for caller in callers {
        let matches = matches(stmts, &caller);
        if seen.insert(matches.clone(), ()).is_none() {
            out.push(CallerClass {
                matches,
                caller: Some(caller),
            });
        }
    }
    out
}

/// The statements whose principal element matches `caller`, as the evaluator decides it.
pub(crate) fn matches(stmts: &[Stmt<'_>], caller: &Caller) -> Bits {
    let mut bits = Bits::empty(stmts.len());
    let probe = crate::request::Counterexample {
        action: String::from("a:b"),
        resource: String::from("*"),
        principal: Some(caller.clone()),
        context: Vec::new(),
    };
    probe.with_request(|request: &Request<'_>| {
        for (i, stmt) in stmts.iter().enumerate() {
            let principal = stmt
                .policy
                .statement_parts(stmt.index, request)
                .is_some_and(|p| p.principal);
            if principal {
                bits.set(i);
            }
        }
    });
    bits
}

/// The account of an `arn:partition:service:region:account:…` ARN.
pub(crate) fn arn_account(arn: &str) -> Option<&str> {
    let mut fields = arn.splitn(6, ':');
    (fields.next()? == "arn").then_some(())?;
    let _partition = fields.next()?;
    let _service = fields.next()?;
    let _region = fields.next()?;
    let account = fields.next()?;
    fields.next()?;
    Some(account)
}

/// The callers to try: see the module documentation.
pub(crate) fn candidates(stmts: &[Stmt<'_>]) -> Vec<Caller> {
    let mut listed: Vec<Caller> = Vec::new();
    let mut accounts: Vec<String> = Vec::new();
    let mut sessions: Vec<Caller> = Vec::new();
    for stmt in stmts {
        for pattern in slice(stmt.policy.tables().principals, stmt.statement.principals) {
            match *pattern {
                PrincipalPattern::Anyone => {}
                PrincipalPattern::Account(a) => {
                    let a = text(&stmt.policy, a).to_string();
                    listed.push(Caller::Aws(a.clone()));
                    accounts.push(a);
                }
                PrincipalPattern::Aws(arn) => {
                    let arn = text(&stmt.policy, arn);
                    listed.push(Caller::Aws(arn.to_string()));
                    if let Some(account) = arn_account(arn) {
                        accounts.push(account.to_string());
                    }
                    if let Some(session) = session_of(arn) {
                        sessions.push(Caller::Aws(session));
                    }
                }
                PrincipalPattern::Service(s) => {
                    listed.push(Caller::Service(text(&stmt.policy, s).to_string()))
                }
                PrincipalPattern::Federated(s) => {
                    listed.push(Caller::Federated(text(&stmt.policy, s).to_string()))
                }
                PrincipalPattern::CanonicalUser(s) => {
                    listed.push(Caller::CanonicalUser(text(&stmt.policy, s).to_string()))
                }
            }
        }
    }
    accounts.sort();
    accounts.dedup();
    let mut out = vec![Caller::Anonymous];
    out.extend(sessions);
    for account in &accounts {
        out.push(Caller::Aws(member_of(account, &listed)));
    }
    out.push(Caller::Aws(member_of(&other_account(&accounts), &listed)));
    out.push(Caller::Service(String::from("unlisted.amazonaws.com")));
    out.push(Caller::Federated(String::from("unlisted.example.com")));
    out.push(Caller::CanonicalUser("0".repeat(64)));
    out.extend(listed);
    out
}

/// A user of `account` that no entry lists.
pub(crate) fn member_of(account: &str, listed: &[Caller]) -> String {
    let mut n = 0;
    loop {
        let name = if n == 0 {
            String::from("someone")
        } else {
            format!("someone{n}")
        };
        let arn = format!("arn:aws:iam::{account}:user/{name}");
        if !listed.iter().any(|c| *c == Caller::Aws(arn.clone())) {
            return arn;
        }
        n += 1;
    }
}

/// A twelve-digit account none of `accounts` is.
pub(crate) fn other_account(accounts: &[String]) -> String {
    (0u64..)
        .map(|n| format!("{:012}", 999_999_999_999 - n))
        .find(|a| !accounts.contains(a))
        .unwrap_or_default()
}

/// A session of the role `arn` names, if it names a role.
fn session_of(arn: &str) -> Option<String> {
    let mut fields = arn.splitn(6, ':');
    (fields.next()? == "arn").then_some(())?;
    let partition = fields.next()?;
    let _service = fields.next()?;
    let _region = fields.next()?;
    let account = fields.next()?;
    let role = fields.next()?.strip_prefix("role/")?;
    let name = role.rsplit('/').next()?;
    Some(format!(
        "arn:{partition}:sts::{account}:assumed-role/{name}/session"
    ))
}
