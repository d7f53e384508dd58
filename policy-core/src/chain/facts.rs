//! The condition keys AWS fills from the request's description: who calls, from which
//! account and organization, on which account's resource, through which endpoint and services.

use crate::chain::{resource_account, Chain, PrincipalKind};
use crate::glob::{bytes_equal, Case};
use crate::request::{ContextValue, DerivedKeys, Principal, Request};

/// What a chain and a request say about the request, answering condition keys the request's
/// own context lacks. Built per decision from references only; each key is computed when a
/// condition asks for it.
pub(crate) struct Facts<'c, 's, 'p, 'r> {
    pub(crate) chain: &'c Chain<'s, 'p>,
    pub(crate) request: &'c Request<'r>,
    pub(crate) kind: PrincipalKind,
    /// The caller's account: the chain's, else the one its principal says.
    pub(crate) principal_account: Option<&'c str>,
    /// The account the principal's own ARN says (whatever the chain sets).
    pub(crate) caller_account: Option<&'c str>,
}

impl DerivedKeys for Facts<'_, '_, '_, '_> {
    fn caller_account(&self) -> Option<Option<&str>> {
        Some(self.caller_account)
    }

    fn value(&self, key: &str) -> Option<ContextValue<'_>> {
        let is = |name: &str| bytes_equal(name.as_bytes(), key.as_bytes(), Case::Insensitive);
        let chain = self.chain;
        let principal = self.request.principal();
        if is("aws:PrincipalAccount") {
            return self.principal_account.map(ContextValue::String);
        }
        if is("aws:ResourceAccount") {
            let account = chain
                .resource_account
                .or_else(|| resource_account(self.request.resource()));
            return account.map(ContextValue::String);
        }
        if is("aws:PrincipalOrgID") {
            return chain
                .principal_org_path
                .and_then(org_id)
                .map(ContextValue::String);
        }
        if is("aws:ResourceOrgID") {
            return chain
                .resource_org_path
                .and_then(org_id)
                .map(ContextValue::String);
        }
        if is("aws:PrincipalOrgPaths") {
            let path = chain.principal_org_path.as_ref()?;
            return Some(ContextValue::Strings(core::slice::from_ref(path)));
        }
        if is("aws:ResourceOrgPaths") {
            let path = chain.resource_org_path.as_ref()?;
            return Some(ContextValue::Strings(core::slice::from_ref(path)));
        }
        if is("aws:SourceVpce") {
            return chain.source_vpce.map(ContextValue::String);
        }
        if is("aws:CalledVia") {
            return (!chain.called_via.is_empty())
                .then_some(ContextValue::Strings(chain.called_via));
        }
        if is("aws:CalledViaFirst") {
            return chain.called_via.first().map(|s| ContextValue::String(s));
        }
        if is("aws:CalledViaLast") {
            return chain.called_via.last().map(|s| ContextValue::String(s));
        }
        if is("aws:ViaAWSService") {
            return Some(ContextValue::Bool(!chain.called_via.is_empty()));
        }
        if is("aws:PrincipalIsAWSService") {
            return Some(ContextValue::Bool(self.kind == PrincipalKind::Service));
        }
        if is("aws:PrincipalServiceName") {
            return match principal {
                Some(Principal::Service(name)) => Some(ContextValue::String(name)),
                _ => None,
            };
        }
        if is("aws:PrincipalType") {
            return principal_type(self.kind).map(ContextValue::String);
        }
        None
    }
}

/// The organization ID of an organization path (`o-a1b2c3d4e5/r-ab12/ou-…/`).
fn org_id(path: &str) -> Option<&str> {
    path.split('/').next().filter(|id| id.starts_with("o-"))
}

/// `aws:PrincipalType` of a kind of caller (none for services).
fn principal_type(kind: PrincipalKind) -> Option<&'static str> {
    match kind {
        PrincipalKind::User => Some("User"),
        PrincipalKind::RoleSession | PrincipalKind::ServiceLinkedRole => Some("AssumedRole"),
        PrincipalKind::FederatedUser => Some("FederatedUser"),
        PrincipalKind::Root => Some("Account"),
        PrincipalKind::Anonymous => Some("Anonymous"),
        PrincipalKind::Service => None,
    }
}
