//! `RCPFullAWSAccess`: the resource control policy AWS attaches to every level of an
//! organization, which cannot be detached.

use crate::table::{
    Effect, Pattern, PatternKind, Polarity, Policy, PolicyTables, PrincipalPattern,
};
use crate::table::{ResourcePattern, Run, Shortcut, Statement, Str, Traits};

/// `RCPFullAWSAccess` as AWS publishes it:
///
/// ```json
/// {"Version": "2012-10-17",
///  "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}
/// ```
///
/// Every level of a [`Chain`](crate::Chain)'s resource control policies holds it besides the
/// policies given, so a level allows every request none of its policies denies. These are the
/// tables the checker's lowering builds for that document (a test of `iam-policy-check` keeps
/// them equal).
pub static RCP_FULL_AWS_ACCESS: Policy<'static> = Policy::from_tables(PolicyTables {
    traits: Traits::of(&TABLES),
    ..TABLES
})
.with_name("RCPFullAWSAccess");

const TABLES: PolicyTables<'static> = Policy {
    statements: STATEMENTS,
    unindexed: &[0],
    patterns: PATTERNS,
    resources: &[ResourcePattern::Any],
    principals: &[PrincipalPattern::Anyone],
    ..Policy::EMPTY
}
.tables();

const STATEMENTS: &[Statement] = &[Statement {
    sid: None,
    effect: Effect::Allow,
    action_polarity: Polarity::Listed,
    actions: Run { start: 0, len: 1 },
    resource_polarity: Some(Polarity::Listed),
    resources: Run { start: 0, len: 1 },
    principal_polarity: Some(Polarity::Listed),
    principals: Run { start: 0, len: 1 },
    conditions: Run::EMPTY,
    shortcut: Shortcut::None,
}];

const PATTERNS: &[Pattern] = &[Pattern {
    kind: PatternKind::Any,
    text: Str { start: 0, len: 0 },
    pieces: Run::EMPTY,
}];
