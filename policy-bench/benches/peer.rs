//! The peer: cedar-policy's `Authorizer::is_authorized`, called the way a guard would call it.

use std::str::FromStr;

use cedar_policy::{
    Authorizer, Context, Decision, Entities, EntityId, EntityTypeName, EntityUid, PolicySet,
    Request, RestrictedExpression,
};

/// A cedar policy set with what every request shares (the principal, the entity types, an
/// empty entity store) prepared once, as an application would.
pub struct CedarGuard {
    authorizer: Authorizer,
    policies: PolicySet,
    entities: Entities,
    principal: EntityUid,
    action_type: EntityTypeName,
    resource_type: EntityTypeName,
}

impl CedarGuard {
    /// Parses `policies` (cedar syntax); panics with cedar's message if they do not parse.
    pub fn new(policies: &str) -> CedarGuard {
        let policies = PolicySet::from_str(policies)
            .unwrap_or_else(|e| panic!("cedar policies do not parse: {e}"));
        let user = EntityTypeName::from_str("User").unwrap_or_else(|e| panic!("{e}"));
        CedarGuard {
            authorizer: Authorizer::new(),
            policies,
            entities: Entities::empty(),
            principal: EntityUid::from_type_name_and_id(user, EntityId::new("developer")),
            action_type: EntityTypeName::from_str("Action").unwrap_or_else(|e| panic!("{e}")),
            resource_type: EntityTypeName::from_str("Resource").unwrap_or_else(|e| panic!("{e}")),
        }
    }

    /// The guard call: builds the request from the action and resource strings, then decides.
    pub fn is_allowed(&self, action: &str, resource: &str) -> bool {
        self.decide(self.request(action, resource, Context::empty()))
    }

    /// Like [`CedarGuard::is_allowed`], with context entries built from strings in the call.
    pub fn is_allowed_with(
        &self,
        action: &str,
        resource: &str,
        context: &[(&str, ContextEntry<'_>)],
    ) -> bool {
        let pairs = context.iter().map(|(key, value)| {
            let value = match value {
                ContextEntry::String(s) => RestrictedExpression::new_string((*s).to_string()),
                ContextEntry::Bool(b) => RestrictedExpression::new_bool(*b),
                ContextEntry::Ip(s) => RestrictedExpression::new_ip(s),
                ContextEntry::Datetime(s) => RestrictedExpression::new_datetime(s),
            };
            ((*key).to_string(), value)
        });
        let context = Context::from_pairs(pairs).unwrap_or_else(|e| panic!("{e}"));
        self.decide(self.request(action, resource, context))
    }

    /// A request built ahead of time, to show the authorizer's own share of the cost.
    pub fn prebuilt(&self, action: &str, resource: &str) -> Request {
        self.request(action, resource, Context::empty())
    }

    /// Decides a prebuilt request.
    pub fn decide(&self, request: Request) -> bool {
        self.decide_ref(&request)
    }

    /// Decides a request by reference.
    pub fn decide_ref(&self, request: &Request) -> bool {
        self.authorizer
            .is_authorized(request, &self.policies, &self.entities)
            .decision()
            == Decision::Allow
    }

    fn request(&self, action: &str, resource: &str, context: Context) -> Request {
        let action =
            EntityUid::from_type_name_and_id(self.action_type.clone(), EntityId::new(action));
        let resource =
            EntityUid::from_type_name_and_id(self.resource_type.clone(), EntityId::new(resource));
        Request::new(self.principal.clone(), action, resource, context, None)
            .unwrap_or_else(|e| panic!("{e}"))
    }
}

/// A context value given as text, converted by cedar in the call.
#[allow(dead_code)]
pub enum ContextEntry<'a> {
    String(&'a str),
    Bool(bool),
    Ip(&'a str),
    Datetime(&'a str),
}
