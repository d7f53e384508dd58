//! Owned requests: what a counterexample is, and how it is handed to the evaluator.

use std::fmt;

use iam_policy_core::{Context, ContextValue, Policy, PolicySet, Principal, Request};

/// A condition key's value in a request, as text (IAM receives every value as text; the
/// evaluator reads it as the type each operator compares).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Value {
    /// One value.
    One(String),
    /// Several values (multi-valued keys such as `aws:TagKeys`); possibly none.
    Many(Vec<String>),
}

/// Who makes a request, in the command line's notation.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Caller {
    /// An IAM principal, an account or a role session: `AWS:…`.
    Aws(String),
    /// `Service:…`.
    Service(String),
    /// `Federated:…`.
    Federated(String),
    /// `CanonicalUser:…`.
    CanonicalUser(String),
    /// An unauthenticated caller.
    Anonymous,
}

impl Caller {
    fn as_principal(&self) -> Principal<'_> {
        match self {
            Caller::Aws(s) => Principal::Aws(s),
            Caller::Service(s) => Principal::Service(s),
            Caller::Federated(s) => Principal::Federated(s),
            Caller::CanonicalUser(s) => Principal::CanonicalUser(s),
            Caller::Anonymous => Principal::Anonymous,
        }
    }
}

impl fmt::Display for Caller {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Caller::Aws(s) => write!(f, "AWS:{s}"),
            Caller::Service(s) => write!(f, "Service:{s}"),
            Caller::Federated(s) => write!(f, "Federated:{s}"),
            Caller::CanonicalUser(s) => write!(f, "CanonicalUser:{s}"),
            Caller::Anonymous => f.write_str("anonymous"),
        }
    }
}

/// A concrete request: the proof of a `FAIL`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Counterexample {
    /// `service:Name`.
    pub action: String,
    /// An ARN, or `*`.
    pub resource: String,
    /// The caller (resource-based policies), if any.
    pub principal: Option<Caller>,
    /// The condition keys the request carries, with their values; keys not listed are absent.
    pub context: Vec<(String, Value)>,
}

impl Counterexample {
    /// Hands the request to `decide` as the evaluator's [`Request`].
    pub fn with_request<T>(&self, decide: impl FnOnce(&Request<'_>) -> T) -> T {
        let lists: Vec<Vec<&str>> = self
            .context
            .iter()
            .map(|(_, value)| match value {
                Value::One(_) => Vec::new(),
                Value::Many(items) => items.iter().map(String::as_str).collect(),
            })
            .collect();
        let entries: Vec<(&str, ContextValue<'_>)> = self
            .context
            .iter()
            .zip(&lists)
            .map(|((key, value), list)| {
                let value = match value {
                    Value::One(text) => ContextValue::String(text),
                    Value::Many(_) => ContextValue::Strings(list),
                };
                (key.as_str(), value)
            })
            .collect();
        let mut request =
            Request::new(self.action.as_str(), &self.resource).with_context(Context::new(&entries));
        if let Some(caller) = &self.principal {
            request = request.with_principal(caller.as_principal());
        }
        decide(&request)
    }

    /// Whether the policies together allow this request, as the evaluator decides it.
    pub fn allowed_by(&self, policies: &[Policy<'_>]) -> bool {
        let refs: Vec<&Policy<'_>> = policies.iter().collect();
        let set = PolicySet::new(&refs);
        self.with_request(|request| set.evaluate(request).is_allowed())
    }
}

impl fmt::Display for Counterexample {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "--action {} --resource {}", self.action, self.resource)?;
        if let Some(caller) = &self.principal {
            write!(f, " --principal {caller}")?;
        }
        for (key, value) in &self.context {
            match value {
                Value::One(text) => write!(f, " --context {key}={text}")?,
                Value::Many(items) if items.is_empty() => write!(f, " --context {key}=[]")?,
                Value::Many(items) => {
                    for item in items {
                        write!(f, " --context {key}={item}")?;
                    }
                }
            }
        }
        Ok(())
    }
}
