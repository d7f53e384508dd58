//! Condition blocks and principals. (Placeholder until conditions land: the checker rejects
//! `Condition` and `Principal`, so the tables never hold any.)

use crate::request::Request;
use crate::table::{Policy, Run};

pub(crate) fn all_hold(_policy: &Policy<'_>, conditions: Run, _request: &Request<'_>) -> bool {
    conditions.len == 0
}

pub(crate) fn principal_listed(
    _policy: &Policy<'_>,
    _principals: Run,
    _request: &Request<'_>,
) -> bool {
    false
}
